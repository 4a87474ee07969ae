"""Every admin route, checked for every role: generated from the URL resolver, not hand-listed.

The routes are read from the admin site itself, so a route a package adds (history,
import/export, autocomplete, OTP, axes, the task queue) is walked like any other, and
one this file does not know how to judge fails the test until someone decides what each
role may do there.

For each role (Administrator, Borough editor of Havering, Analyst, Consultation officer,
staff with no role, an anonymous visitor), every route is requested with GET and with a
POST that would change something, on objects of the editor's own borough and of another.
What a role may do comes from ROLES below, written from the roles' description in the
README, not read back from the code under test. A refused POST must also leave the
database exactly as it was; every POST runs in a savepoint rolled back afterwards, so
the walk sees the same data throughout.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLResolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs.models import Area, EngagementGroup, UsefulContact
from consultation.models import ContactDetails, Response
from consultation.services import delete_response
from performance.jobs import start_import
from performance.models import (
    AttitudeEdition,
    BoroughSummary,
    CrimeEdition,
    Figure,
    FinancialYear,
    ImportKind,
    LondonSummary,
    Measure,
    PopulationEstimate,
    Release,
    SeriesBreak,
    SourceCategory,
)

from .conftest import (
    ADMINISTRATOR,
    ANALYST,
    BOROUGH_EDITOR,
    CONSULTATION_OFFICER,
    csv_bytes,
    user_in,
)
from .factories import add_responses, make_survey
from .html import form_fields

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- what each role may do

CRUD = {"add", "change", "delete", "view"}
ROLES: dict[str | None, dict[str, set[str]]] = {
    ADMINISTRATOR: {
        "boroughs.area": CRUD,
        "boroughs.engagementgroup": CRUD,
        "boroughs.usefulcontact": CRUD,
        "performance.measure": CRUD,
        "performance.financialyear": CRUD,
        "performance.figure": CRUD | {"import", "export"},
        "performance.boroughsummary": CRUD,
        "performance.londonsummary": CRUD,
        "performance.release": {"add", "view"},
        "performance.sourcecategory": CRUD,
        "performance.seriesbreak": CRUD,
        "performance.crimeedition": {"view", "import"},
        "performance.attitudeedition": {"view", "import"},
        "performance.populationestimate": CRUD,
        "consultation.survey": CRUD | {"publish_results"},
        "consultation.question": CRUD,
        "consultation.response": CRUD,
        "consultation.contactdetails": {"view", "delete"},
        "consultation.deletedresponse": {"view"},
        "consultation.wedid": CRUD,
        "auth.user": CRUD,
        "auth.group": {"view"},
        "otp_totp.totpdevice": {"view", "delete"},
    },
    BOROUGH_EDITOR: {
        "boroughs.area": {"view"},
        "boroughs.engagementgroup": CRUD,
        "boroughs.usefulcontact": CRUD,
        "performance.measure": {"view"},
        "performance.financialyear": {"view"},
        "performance.figure": {"add", "change", "view", "import", "export"},
        "performance.boroughsummary": {"add", "change", "view"},
        "consultation.response": {"view"},
    },
    ANALYST: {
        "boroughs.area": {"view"},
        "boroughs.engagementgroup": {"view"},
        "boroughs.usefulcontact": {"view"},
        "performance.measure": {"view"},
        "performance.financialyear": {"view"},
        "performance.figure": {"view", "import", "export"},
        "performance.boroughsummary": {"view"},
        "performance.londonsummary": {"view"},
        "performance.release": {"view"},
        "performance.sourcecategory": {"view"},
        "performance.seriesbreak": {"view"},
        "performance.crimeedition": {"view"},
        "performance.attitudeedition": {"view"},
        "performance.populationestimate": {"view"},
        "consultation.survey": {"view"},
        "consultation.question": {"view"},
        "consultation.response": {"view"},
        "consultation.wedid": {"view"},
    },
    CONSULTATION_OFFICER: {
        "boroughs.area": {"view"},
        "performance.measure": {"view"},
        "performance.financialyear": {"view"},
        "consultation.survey": CRUD,
        "consultation.question": CRUD,
        "consultation.response": {"add", "view"},
        "consultation.contactdetails": {"view", "delete"},
        "consultation.wedid": CRUD,
    },
    None: {},  # staff with no role
}
# What nobody may do through the admin, whatever their role (the record of what happened).
NEVER = {
    "performance.release": {"change", "delete"},
    "performance.crimeedition": {"add", "change", "delete"},
    "performance.attitudeedition": {"add", "change", "delete"},
    "consultation.response": {"add"},
    "consultation.contactdetails": {"add"},
    "consultation.deletedresponse": {"add", "change", "delete"},
}
# Models whose objects belong to a borough, and the field that says which.
BOROUGH_OF = {
    "boroughs.area": "pk",
    "boroughs.engagementgroup": "area",
    "boroughs.usefulcontact": "area",
    "performance.figure": "area",
    "performance.boroughsummary": "area",
    "consultation.response": "borough",
}
MODELS_WITH_HISTORY = {
    "boroughs.engagementgroup",
    "boroughs.usefulcontact",
    "performance.figure",
    "performance.boroughsummary",
    "performance.londonsummary",
    "performance.sourcecategory",
    "performance.seriesbreak",
}
ANONYMOUS = "anonymous"
# The permission each admin action needs, whatever the code declares.
ACTIONS = {
    "delete_selected": "delete",
    "consultation.survey:copy_to_next_year": "add",
    "consultation.survey:publish_results": "publish_results",
    "consultation.survey:unpublish_results": "publish_results",
    "axes.accessattempt:cleanup_expired_attempts": "delete",
}


@dataclass
class Role:
    name: str | None
    client: Client
    user: object = None
    boroughs: set[int] | None = None  # None: London-wide

    def has(self, model: str, action: str) -> bool:
        """The role's permission, wherever it is used."""
        return self.name != ANONYMOUS and action in ROLES[self.name].get(model, set())

    def can(self, model: str, action: str) -> bool:
        """What the role may do on the model's own admin pages."""
        return self.has(model, action) and action not in NEVER.get(model, set())

    def reads(self, model: str) -> bool:
        return self.can(model, "view") or self.can(model, "change")

    def reaches(self, obj) -> bool:
        """Whether the object is in the role's boroughs (London-wide roles reach all)."""
        label = obj._meta.label_lower
        if self.boroughs is None or label not in BOROUGH_OF:
            return True
        area_id = obj.pk if BOROUGH_OF[label] == "pk" else getattr(obj, f"{BOROUGH_OF[label]}_id")
        return area_id in self.boroughs

    @property
    def is_staff(self) -> bool:
        return self.name != ANONYMOUS


# ---------------------------------------------------------------- what a response means

OK, DENIED, LOGIN, NOT_ALLOWED = "ok", "denied", "sign in first", "method not allowed"


def outcome(response) -> str:
    assert response.status_code < 500, f"{response.status_code} from {response.request}"
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return LOGIN
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code == 405:
        return NOT_ALLOWED
    return OK


def allowed(role: Role, rule: bool) -> str:
    if not role.is_staff:
        return LOGIN
    return OK if rule else DENIED


# ---------------------------------------------------------------- the data walked over


@dataclass
class World:
    objects: dict[str, list] = field(default_factory=dict)
    jobs: dict[str, object] = field(default_factory=dict)
    crime_jobs: dict[str, object] = field(default_factory=dict)
    survey: object = None


@pytest.fixture
def world(leaflet_figures, django_user_model):
    """Objects of every admin model: Havering's and Bexley's where they belong to a borough."""
    year = FinancialYear.objects.get(start_year=2009)
    havering, bexley = Area.objects.get(slug="havering"), Area.objects.get(slug="bexley")
    objects: dict[str, list] = {}

    def add(obj):
        objects.setdefault(obj._meta.label_lower, []).append(obj)

    for area in (havering, bexley, Area.objects.london()):
        add(area)
    for area in (havering, bexley):
        add(EngagementGroup.objects.create(area=area, name=f"{area} group"))
        add(UsefulContact.objects.create(area=area, name=f"{area} contact"))
        add(BoroughSummary.objects.create(area=area, year=year, commander_message="Words"))
    add(UsefulContact.objects.create(name="Pan-London contact"))
    add(Figure.objects.filter(area=havering).first())
    add(
        Figure.objects.create(
            area=bexley,
            measure=Measure.objects.get(slug="robbery"),
            year=year,
            kind="result",
            value=10,
        )
    )
    add(LondonSummary.objects.create(year=year, chair_message="Words"))
    add(Measure.objects.get(slug="robbery"))
    add(year)
    add(Release.objects.first())
    add(SourceCategory.objects.create(major="Walked", minor="Walked category"))
    add(PopulationEstimate.objects.create(area=havering, year=2021, population=1, source="Walked"))
    add(
        SeriesBreak.objects.create(
            measure=Measure.objects.get(slug="robbery"),
            from_month=datetime.date(2009, 10, 1),
            note="Walked counting rules changed",
        )
    )
    add(
        CrimeEdition.objects.create(
            published_on=datetime.date(2017, 1, 26),
            file_name="walked.csv",
            first_month=datetime.date(2016, 4, 1),
            last_month=datetime.date(2016, 12, 1),
            rows=0,
        )
    )
    add(
        AttitudeEdition.objects.create(
            published_on=datetime.date(2026, 4, 1),
            file_name="walked.csv",
            first_quarter=datetime.date(2014, 10, 1),
            last_quarter=datetime.date(2026, 1, 1),
            rows=0,
        )
    )
    # Closed and unanswered, so that every survey action would change one of them.
    survey = make_survey(slug="walked", opens=-60, closes=-1)
    add(survey)
    add(make_survey(slug="walked-published", opens=-60, closes=-1, published=0))
    add(survey.questions.first())
    answered = make_survey(slug="answered", opens=-60, closes=-1)
    add_responses(answered, 1, borough="havering", priorities=["Robbery"])
    add_responses(answered, 1, borough="bexley", priorities=["Robbery"])
    for response in Response.objects.order_by("borough__name"):
        add(response)
    add(
        delete_response(
            response=Response.objects.create(survey=answered, borough=havering, channel="online"),
            reason="Walked",
            deleted_by=None,
        )
    )
    add(
        ContactDetails.objects.create(
            response=Response.objects.first(), name="A resident", email="a@example.org"
        )
    )
    target = user_in(django_user_model, ANALYST, "walk-target")
    add(target)
    add(apps.get_model("auth", "Group").objects.get(name=ANALYST))
    add(TOTPDevice.objects.create(user=target, name="phone", confirmed=True))
    add(AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1))
    add(AccessLog.objects.create(username="x", ip_address="10.0.0.1"))
    add(AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1"))
    owner = user_in(django_user_model, ADMINISTRATOR, "job-owner")
    others_job = start_import(user=owner, file_name="theirs.csv", data=GOOD_FILE)
    others_crime_job = start_crime_import(owner)
    add(apps.get_model("django_tasks_database", "DBTaskResult").objects.first())
    return World(
        objects=objects,
        jobs={"others": others_job},
        crime_jobs={"others": others_crime_job},
        survey=survey,
    )


GOOD_FILE = csv_bytes("E09000016,Havering,robbery,2009/10,result,339")
MONTHS = [f"2015{m:02d}" for m in range(4, 13)] + [f"2016{m:02d}" for m in range(1, 4)]
GOOD_CRIME_FILE = (
    "Borough,Major Category,Minor Category," + ",".join(MONTHS) + "\n"
    "Havering,Burglary,Burglary in a Dwelling," + ",".join("10" for _ in MONTHS) + "\n"
).encode()


def start_crime_import(user):
    return start_import(
        user=user,
        file_name="crime.csv",
        data=GOOD_CRIME_FILE,
        kind=ImportKind.RECORDED_CRIME,
        edition_of=datetime.date(2017, 1, 26),
    )


@pytest.fixture(
    params=[ADMINISTRATOR, BOROUGH_EDITOR, ANALYST, CONSULTATION_OFFICER, None, ANONYMOUS]
)
def role(request, world, django_user_model):
    name = request.param
    client = Client()
    if name == ANONYMOUS:
        return Role(name, client)
    boroughs = ["havering"] if name == BOROUGH_EDITOR else []
    user = user_in(django_user_model, name, f"walker-{name or 'none'}".replace(" ", "-"), boroughs)
    client.force_login(user)
    area_ids = set(Area.objects.filter(slug__in=boroughs).values_list("pk", flat=True))
    role = Role(name, client, user, area_ids if name == BOROUGH_EDITOR else None)
    if role.can("performance.figure", "import"):
        world.jobs["own"] = start_import(user=user, file_name="mine.csv", data=GOOD_FILE)
    if role.can("performance.crimeedition", "import"):
        world.crime_jobs["own"] = start_crime_import(user)
    return role


# ---------------------------------------------------------------- the database, for refusals


# What a refused request may still write: the signed-in person's session.
UNWATCHED_TABLES = ("django_session",)
WRITES = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+[\"`]?(\w+)", re.IGNORECASE)


class WriteWatcher:
    """Notes every table a request writes to. A refused request must write nothing staff
    could see (anything but the session): watching the statements is as sure as comparing
    every table before and after, and far cheaper over some 1,800 requests."""

    def __init__(self):
        self.tables = set()

    def __call__(self, execute, sql, params, many, context):
        found = WRITES.match(sql)
        if found and found.group(2) not in UNWATCHED_TABLES:
            self.tables.add(found.group(2))
        return execute(sql, params, many, context)


def request(role: Role, method: str, url: str, data=None):
    """A request whose effects are rolled back, so the walk always sees the same data; for a
    POST, the tables it wrote to (none, for a refusal)."""
    watcher = WriteWatcher()
    with transaction.atomic(), connection.execute_wrapper(watcher):
        response = getattr(role.client, method)(url, data or {})
        transaction.set_rollback(True)
    return response, (sorted(watcher.tables) if method == "post" else None)


# ---------------------------------------------------------------- payloads that would change data


def hostile_form(obj, havering):
    """The object's own values, changed: saved, it would show."""
    data = {}
    for name, value in model_to_dict(obj).items():
        if isinstance(value, str) and name not in (
            "kind",
            "channel",
            "audience",
            "unit",
            "better",
            "basis",
        ):
            value = value + " hacked"
        elif hasattr(value, "as_tuple"):  # Decimal
            value = value + 1
        elif isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        if value is not None:
            data[name] = value
    if "area" in data or isinstance(obj, Area):
        data["area"] = havering.pk  # move it into the editor's borough
    data["post"] = "yes"  # confirms a deletion
    data["reason"] = "Walked"  # the reason a response's deletion asks for
    return data


# ---------------------------------------------------------------- the walk


def admin_routes():
    """(url name, route pattern, model label or None) for every route the admin site has."""

    def walk(patterns, prefix, model):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = prefix + str(pattern.pattern)
                found = next(
                    (
                        m._meta.label_lower
                        for m in admin.site._registry
                        if route == f"{m._meta.app_label}/{m._meta.model_name}/"
                    ),
                    model,
                )
                yield from walk(pattern.url_patterns, route, found)
            else:
                yield pattern.name, prefix + str(pattern.pattern), model

    return list(walk(admin.site.get_urls(), "", None))


MODEL_ROUTES = ("changelist", "add", "change", "delete", "simple_history", "history")


def cases(name, pattern, model, role: Role, world: World, havering):
    """(method, url, data, expected outcome) for one route and one role."""
    objects = world.objects.get(model, [])
    # ----- a model's own pages
    if name is not None and model and name.endswith(MODEL_ROUTES):
        kind = next(k for k in MODEL_ROUTES if name.endswith("_" + k))
        if kind == "changelist":
            url = reverse(f"admin:{name}")
            yield "get", url, None, allowed(role, role.reads(model))
            model_admin = admin.site._registry[apps.get_model(model)]
            for _, action_name, _ in model_admin._get_base_actions():
                needs = ACTIONS.get(action_name) or ACTIONS[f"{model}:{action_name}"]
                for obj in objects:
                    data = {"action": action_name, "_selected_action": [obj.pk], "post": "yes"}
                    if not role.reads(model):
                        expected = allowed(role, False)
                    elif role.can(model, needs) and role.reaches(obj):
                        expected = OK
                    else:
                        # An action the role may not run (or an object outside its
                        # boroughs): the list answers, and nothing happens.
                        expected = (OK, "unchanged")
                    yield "post", url, data, expected
            return
        if kind == "add":
            url = reverse(f"admin:{name}")
            rule = role.can(model, "add")
            yield "get", url, None, allowed(role, rule)
            data = hostile_form(objects[0], havering) if objects else {}
            yield "post", url, data, allowed(role, rule)
            return
        for obj in objects:
            reach = role.reaches(obj)
            if kind == "simple_history":
                record = obj.history.order_by("history_id").first()
                url = reverse(f"admin:{name}", args=[obj.pk, record.history_id])
                yield "get", url, None, allowed(role, role.reads(model) and reach)
                refused = LOGIN if not role.is_staff else NOT_ALLOWED
                if role.is_staff and not (role.reads(model) and reach):
                    refused = (NOT_ALLOWED, DENIED)  # refused either way: no revert
                yield "post", url, hostile_form(obj, havering), refused
                continue
            url = reverse(f"admin:{name}", args=[obj.pk])
            if kind == "change":
                yield "get", url, None, allowed(role, role.reads(model) and reach)
                yield (
                    "post",
                    url,
                    hostile_form(obj, havering),
                    allowed(role, role.can(model, "change") and reach),
                )
            elif kind == "delete":
                rule = role.can(model, "delete") and reach
                yield "get", url, None, allowed(role, rule)
                yield "post", url, {"post": "yes"}, allowed(role, rule)
            elif kind == "history":
                yield "get", url, None, allowed(role, role.reads(model) and reach)
                yield "post", url, {}, allowed(role, role.reads(model) and reach)
        return
    # ----- the object redirect and the catch-all
    if name is None and model and pattern.endswith("<path:object_id>/"):
        for obj in objects:
            url = f"/admin/{model.replace('.', '/')}/{obj.pk}/"
            yield "get", url, None, allowed(role, True)  # a redirect to its change page
        return
    if name is None:
        yield "get", "/admin/no/such/page/", None, allowed(role, False)
        return
    # ----- pages of the site and of packages, one by one
    yield from SITE_ROUTES[name](role, world, havering)


def _figures(role, action):
    return role.can("performance.figure", action)


def enter_cases(role, world, havering):
    year = FinancialYear.objects.get(start_year=2009)
    for area in world.objects["boroughs.area"]:
        url = f"{reverse('admin:performance_figure_enter')}?area={area.pk}&year={year.pk}"
        rule = _figures(role, "add") and _figures(role, "change") and role.reaches(area)
        yield "get", url, None, allowed(role, rule)
        yield "post", url, {"robbery-result": "999"}, allowed(role, rule)


def import_cases(role, world, havering):
    url = reverse("admin:performance_figure_import")
    yield "get", url, None, allowed(role, _figures(role, "import"))
    upload = {"import_file": SimpleUploadedFile("walk.csv", GOOD_FILE)}
    yield "post", url, upload, allowed(role, _figures(role, "import"))


def import_job_cases(role, world, havering):
    for whose, job in world.jobs.items():
        url = reverse("admin:performance_figure_import_job", args=[job.pk])
        rule = _figures(role, "import") and whose == "own"
        yield "get", url, None, allowed(role, rule)
        yield "post", url, {"action": "cancel"}, allowed(role, rule)


def crime_import_cases(role, world, havering):
    url = reverse("admin:performance_crimeedition_import")
    rule = role.can("performance.crimeedition", "import")
    yield "get", url, None, allowed(role, rule)
    upload = {
        "import_file": SimpleUploadedFile("walk.csv", GOOD_CRIME_FILE),
        "edition_of": "2017-01-26",
    }
    yield "post", url, upload, allowed(role, rule)


GOOD_ATTITUDE_FILE = (
    b"date,quarter,borough,metric,metric_value\n10/1/2014,Q3_1415,Havering,Good job,0.56\n"
)


def attitude_import_cases(role, world, havering):
    url = reverse("admin:performance_attitudeedition_import")
    rule = role.can("performance.attitudeedition", "import")
    yield "get", url, None, allowed(role, rule)
    upload = {"import_file": SimpleUploadedFile("walk.csv", GOOD_ATTITUDE_FILE)}
    yield "post", url, upload, allowed(role, rule)


def crime_import_job_cases(role, world, havering):
    for whose, job in world.crime_jobs.items():
        url = reverse("admin:performance_crimeedition_import_job", args=[job.pk])
        rule = role.can("performance.crimeedition", "import") and whose == "own"
        yield "get", url, None, allowed(role, rule)
        yield "post", url, {"action": "cancel"}, allowed(role, rule)


def export_cases(role, world, havering):
    url = reverse("admin:performance_figure_export")
    yield "get", url, None, allowed(role, _figures(role, "export"))
    yield "post", url, {"format": "0", "resource": "0"}, allowed(role, _figures(role, "export"))


def response_export_cases(role, world, havering):
    url = reverse("admin:consultation_response_export")
    rule = role.reads("consultation.response")
    yield "get", url, None, allowed(role, rule)
    yield "post", url, {"format": "0", "resource": "0"}, allowed(role, rule)


def preview_cases(role, world, havering):
    for area in world.objects["boroughs.area"]:
        slug = "london" if area.is_london else area.slug
        url = reverse("admin:performance_release_preview", args=[slug, "2009-10"])
        rule = role.reads("performance.figure") and role.reaches(area)
        yield "get", url, None, allowed(role, rule)
        yield "post", url, {}, allowed(role, rule)


def release_published_cases(role, world, havering):
    # The success page after publishing: what a release made public, as the list of
    # releases shows it, so for whoever may see that list.
    for release in world.objects["performance.release"]:
        url = reverse("admin:performance_release_published", args=[release.pk])
        rule = role.reads("performance.release")
        yield "get", url, None, allowed(role, rule)
        yield "post", url, {}, allowed(role, rule)


def survey_results_cases(role, world, havering):
    url = reverse("admin:consultation_survey_results", args=[world.survey.pk])
    rule = role.reads("consultation.survey")
    yield "get", url, None, allowed(role, rule)
    yield "post", url, {}, allowed(role, rule)


def survey_results_export_cases(role, world, havering):
    rule = role.reads("consultation.survey")
    for file_format in ("csv", "xlsx"):
        url = reverse(
            "admin:consultation_survey_results_export", args=[world.survey.pk, file_format]
        )
        yield "get", url, None, allowed(role, rule)


def survey_comments_cases(role, world, havering):
    url = reverse("admin:consultation_survey_comments", args=[world.survey.pk])
    yield "get", url, None, allowed(role, role.reads("consultation.survey"))
    post = {"action": "add_theme", "name": "Parking"}
    yield "post", url, post, allowed(role, role.has("consultation.survey", "change"))


def survey_key_cases(role, world, havering):
    from .factories import good_answers

    url = reverse("admin:consultation_survey_key", args=[world.survey.pk])
    # Keying is how responses are added: the admin's own add page is never offered.
    rule = role.has("consultation.response", "add")
    yield "get", url, None, allowed(role, rule)
    yield "post", url, {**good_answers(world.survey), "channel": "paper"}, allowed(role, rule)


def user_password_cases(role, world, havering):
    target = world.objects["auth.user"][0]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    rule = role.can("auth.user", "change")
    yield "get", url, None, allowed(role, rule)
    data = {"password1": "a-new-pass-123456", "password2": "a-new-pass-123456"}
    yield "post", url, data, allowed(role, rule)


def totp_secret_cases(role, world, havering, which):
    device = world.objects["otp_totp.totpdevice"][0]
    url = reverse(f"admin:otp_totp_totpdevice_{which}", args=[device.pk])
    # A device's secret is never shown in the admin, to anyone (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    yield "get", url, None, allowed(role, False)
    yield "post", url, {}, allowed(role, False)


def any_staff(url_name, post=True):
    def gen(role, world, havering):
        url = reverse(f"admin:{url_name}")
        yield "get", url, None, allowed(role, True)
        if post:
            yield "post", url, {}, allowed(role, True)

    return gen


def autocomplete_cases(role, world, havering):
    url = reverse("admin:autocomplete")
    query = "?app_label=performance&model_name=figure&field_name=area&term="
    yield "get", url + query, None, allowed(role, role.reads("boroughs.area"))


def view_on_site_cases(role, world, havering):
    survey = world.survey
    content_type = ContentType.objects.get_for_model(survey)
    url = reverse("admin:view_on_site", args=[content_type.pk, survey.pk])
    yield "get", url, None, allowed(role, True)  # a redirect to the survey's public page


def app_list_cases(role, world, havering):
    for label in (
        "auth",
        "axes",
        "otp_totp",
        "django_tasks_database",
        "boroughs",
        "performance",
        "consultation",
    ):
        url = reverse("admin:app_list", args=[label])
        rule = any(model.startswith(label + ".") for model in ROLES.get(role.name, {}))
        yield "get", url, None, allowed(role, rule)


def login_cases(role, world, havering):
    url = reverse("admin:login")
    yield "get", url, None, OK
    yield "post", url, {"username": "", "password": ""}, OK


def logout_cases(role, world, havering):
    # A POST would end the walker's own session, which is all logging out can do: it is
    # not walked. A GET signs nobody out.
    yield (
        "get",
        reverse("admin:logout"),
        None,
        (OK, NOT_ALLOWED)
        if role.is_staff
        else (
            OK,
            NOT_ALLOWED,
            LOGIN,
        ),
    )


SITE_ROUTES = {
    "index": any_staff("index"),
    "login": login_cases,
    "logout": logout_cases,
    "password_change": any_staff("password_change"),
    "password_change_done": any_staff("password_change_done", post=False),
    "jsi18n": any_staff("jsi18n", post=False),
    "autocomplete": autocomplete_cases,
    "view_on_site": view_on_site_cases,
    "app_list": app_list_cases,
    "performance_figure_enter": enter_cases,
    "performance_figure_import": import_cases,
    "performance_figure_import_job": import_job_cases,
    "performance_figure_export": export_cases,
    "performance_crimeedition_import": crime_import_cases,
    "performance_crimeedition_import_job": crime_import_job_cases,
    "performance_attitudeedition_import": attitude_import_cases,
    "performance_release_preview": preview_cases,
    "performance_release_published": release_published_cases,
    "consultation_survey_results": survey_results_cases,
    "consultation_survey_results_export": survey_results_export_cases,
    "consultation_survey_comments": survey_comments_cases,
    "consultation_survey_key": survey_key_cases,
    "consultation_response_export": response_export_cases,
    "auth_user_password_change": user_password_cases,
    "otp_totp_totpdevice_config": lambda r, w, h: totp_secret_cases(r, w, h, "config"),
    "otp_totp_totpdevice_qrcode": lambda r, w, h: totp_secret_cases(r, w, h, "qrcode"),
}


def test_every_admin_route_is_known_to_the_walk():
    unknown = [
        (name, pattern)
        for name, pattern, model in admin_routes()
        if not ((name is None) or (model and name.endswith(MODEL_ROUTES)) or name in SITE_ROUTES)
    ]
    assert not unknown, f"Decide what each role may do on these routes: {unknown}"


def test_every_model_in_the_admin_has_objects_to_walk(world):
    missing = [
        m._meta.label_lower
        for m in admin.site._registry
        if m._meta.label_lower not in world.objects
    ]
    assert not missing


def test_each_role_reaches_exactly_what_it_may_by_every_admin_route(role, world):
    havering = Area.objects.get(slug="havering")
    wrong = []
    walked = 0
    for name, pattern, model in admin_routes():
        for method, url, data, expected in cases(name, pattern, model, role, world, havering):
            walked += 1
            response, changed = request(role, method, url, data)
            got = outcome(response)
            if isinstance(expected, tuple) and expected[-1] == "unchanged":
                if got != OK or changed:
                    wrong.append((method, url, data.get("action"), got, changed))
                continue
            acceptable = expected if isinstance(expected, tuple) else (expected,)
            if got not in acceptable:
                wrong.append((method, url, f"expected {expected}", f"got {got}"))
            elif method == "post" and OK not in acceptable and changed:
                wrong.append((method, url, "refused, but it wrote to", changed))
    assert walked > 300
    assert not wrong, "\n".join(map(str, wrong))


def test_every_admin_action_is_known_to_the_walk():
    unknown = [
        f"{model._meta.label_lower}:{name}"
        for model, model_admin in admin.site._registry.items()
        for _, name, _ in model_admin._get_base_actions()
        if name not in ACTIONS and f"{model._meta.label_lower}:{name}" not in ACTIONS
    ]
    assert not unknown, f"Decide which permission these actions need: {unknown}"


def test_each_role_writes_you_said_we_did_on_the_surveys_page_exactly_if_it_may(role, world):
    """ "You said, we did" is an inline on a survey's page, not a route of its own: each
    role reads it, and adds a write-up by submitting the page, exactly as ROLES says."""
    survey = world.survey
    url = reverse("admin:consultation_survey_change", args=[survey.pk])
    page = role.client.get(url)
    assert outcome(page) == allowed(role, role.reads("consultation.survey"))
    fields = {}
    if outcome(page) == OK:
        html = page.content.decode()
        reads = role.reads("consultation.wedid")
        assert ('id="we_did-group"' in html) == reads, role.name
        fields = form_fields(html)
    writes = role.can("consultation.survey", "change") and role.can("consultation.wedid", "add")
    written = {
        **fields,
        "we_did-TOTAL_FORMS": "1",
        "we_did-INITIAL_FORMS": "0",
        "we_did-0-survey": survey.pk,
        "we_did-0-borough": "",
        "we_did-0-text": "Walked: more patrols at night.",
    }
    with transaction.atomic():
        response = role.client.post(url, written)
        created = survey.we_did.filter(text="Walked: more patrols at night.").exists()
        transaction.set_rollback(True)
    assert created == writes, (role.name, outcome(response))


def test_the_walk_sees_every_table_a_request_writes_to(world, django_user_model):
    """The walk's write detection: an allowed change is seen, a refused one writes nothing."""
    figure = world.objects["performance.figure"][0]
    url = reverse("admin:performance_figure_change", args=[figure.pk])
    data = hostile_form(figure, Area.objects.get(slug="havering"))
    for name, writes in ((ADMINISTRATOR, True), (ANALYST, False)):
        client = Client()
        client.force_login(user_in(django_user_model, name, f"watched-{name}".replace(" ", "-")))
        response, tables = request(Role(name, client), "post", url, data)
        assert ("performance_figure" in tables) == writes, (name, outcome(response), tables)
        assert "django_session" not in tables
