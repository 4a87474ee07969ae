"""What the project's management commands share."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str):
    """The member of staff with this username, or a CommandError saying there is none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user '{username}'.")
    return user
