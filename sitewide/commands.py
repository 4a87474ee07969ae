"""What the project's management commands share."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone


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
    add_release_at_argument(parser)
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


def add_release_at_argument(parser) -> None:
    parser.add_argument(
        "--release-at",
        metavar="ISO-DATE-TIME",
        help="with --publish: schedule the release for this time (2027-01-05T09:30, local "
        "time unless an offset is given); it is listed on the release calendar until then "
        "and nothing in it is public before",
    )


def release_time(text: str | None, publish: bool) -> datetime.datetime | None:
    """--release-at as an aware time in the future, or None to publish now; a CommandError
    saying what is wrong otherwise."""
    if text is None:
        return None
    if not publish:
        raise CommandError("--release-at schedules a publication: give --publish with it.")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--release-at '{text}' is not a date and time written like 2027-01-05T09:30."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment <= timezone.now():
        raise CommandError(
            f"--release-at {text} has passed: a release is scheduled for a time to come. "
            "Leave --release-at out to publish now."
        )
    return moment


def edition_day(text: str) -> datetime.date:
    """--edition as a date, or a CommandError saying how to write it."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--edition '{text}' is not a date written YYYY-MM-DD.") from None
