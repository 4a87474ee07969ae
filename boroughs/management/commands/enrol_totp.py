from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from sitewide.commands import user_named


class Command(BaseCommand):
    help = (
        "Give a member of staff an authenticator app (TOTP) device, and print the address to "
        "add it to their app. The secret is shown only here, once: never in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_named(username)
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        self.stdout.write(
            f"Add this to {username}'s authenticator app (or show it as a QR code):\n"
            f"{device.config_url}"
        )
