"""The staff home at /admin/: the tasks a person may do, in plain words, before any table.

Each app says which of its tasks a person may do (``register_tasks``), so this site-wide
piece depends on no app. Technical records (sign-in attempts, authenticators, groups)
come last in the list of records, after the service's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django_otp.admin import OTPAdminSite


@dataclass(frozen=True)
class StaffTask:
    title: str
    description: str
    url: str
    # What is waiting, in words ("19 draft figures for 2010/11 not yet published").
    waiting: list[str] = field(default_factory=list)
    # Further links, as (words, address): one survey to key, say.
    links: list[tuple[str, str]] = field(default_factory=list)


TaskSource = Callable[[HttpRequest], list[StaffTask]]
_SOURCES: dict[TaskSource, int] = {}

# The service's own records first, in the order staff use them; the rest after them.
FIRST_APPS = ["performance", "boroughs", "consultation"]
TECHNICAL_APPS = ["auth", "axes", "django_otp", "otp_totp", "django_tasks", "django_tasks_database"]


def register_tasks(order: int) -> Callable[[TaskSource], TaskSource]:
    """An app's tasks for the staff home, placed by order (lowest first): figures 10,
    consultation 20, users 30."""

    def register(source: TaskSource) -> TaskSource:
        _SOURCES[source] = order
        return source

    return register


def tasks_for(request: HttpRequest) -> list[StaffTask]:
    sources = sorted(_SOURCES, key=_SOURCES.get)
    return [task for source in sources for task in source(request)]


def ordered_apps(app_list: list[dict]) -> list[dict]:
    """The service's own apps first, technical ones last, each marked so."""

    def rank(app):
        label = app["app_label"]
        if label in FIRST_APPS:
            return (0, FIRST_APPS.index(label))
        return (2, 0) if label in TECHNICAL_APPS else (1, 0)

    ordered = sorted(app_list, key=rank)
    for app in ordered:
        app["technical"] = app["app_label"] in TECHNICAL_APPS
    return ordered


class TaskHomeAdminSite:
    """Mixed into the admin site's class: the home lists tasks, the records follow."""

    index_template = "admin/task_home.html"

    def index(self, request, extra_context=None):
        apps = self.get_app_list(request)
        extra_context = {
            **(extra_context or {}),
            "tasks": tasks_for(request),
            "app_list": [app for app in apps if not app["technical"]],
            "technical_app_list": [app for app in apps if app["technical"]],
        }
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        return ordered_apps(super().get_app_list(request, app_label))


def staff_site_class(*, two_factor: bool) -> type:
    """The admin site's class: the task home, and with two_factor a TOTP code as well as a
    password to reach any admin page."""
    return type(
        "StaffAdminSite", (TaskHomeAdminSite, OTPAdminSite if two_factor else AdminSite), {}
    )
