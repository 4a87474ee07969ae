import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo-admin"


class Command(BaseCommand):
    help = (
        "For local demos only (DEBUG on): create or reset the demo superuser with a new random "
        "password, and print how to sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, url: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs with DEBUG on: a demo account must never exist in production."
            )
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSign in to the admin at {url}\n"
                f"  username: {USERNAME}\n"
                f"  password: {password}\n"
                "(a demo account: a new password is set each time `make run` starts)\n"
            )
        )
