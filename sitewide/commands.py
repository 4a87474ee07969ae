"""What the project's management commands share."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str):
    """The member of staff with this username, or a CommandError saying there is none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user '{username}'.")
    return user


def add_edition_publishing_arguments(parser) -> None:
    """--publish, --reason and --as, as the commands that take in an edition share them."""
    parser.add_argument(
        "--publish",
        action="store_true",
        help="publish the edition and the figures it gives at once (needs --reason)",
    )
    parser.add_argument("--reason", default="", help="with --publish: why it is published")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="the member of staff to record as making the import and publication",
    )


def publishing_user(publish: bool, reason: str, as_user: str | None):
    """The member of staff named by --as, after checking --publish has its --reason."""
    if publish and not reason.strip():
        raise CommandError("--publish needs --reason: say why this edition is published.")
    return user_named(as_user) if as_user else None
