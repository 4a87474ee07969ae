from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def staff_two_factor(app_configs, **kwargs):
    """`check --deploy` warns when staff can sign in without a second factor."""
    if settings.STAFF_2FA_REQUIRED:
        return []
    return [
        checks.Warning(
            "Two-factor authentication for staff is off (STAFF_2FA_REQUIRED=0).",
            hint="Only a local demo may run without it: set STAFF_2FA_REQUIRED=1.",
            id="policing.W001",
        )
    ]
