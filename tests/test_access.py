"""Roles: a Borough editor for Havering reaches nothing of another borough, by any route."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from boroughs.models import Area, EngagementGroup, UsefulContact
from consultation.models import Response
from performance.models import BoroughSummary, Figure, FinancialYear

from .conftest import csv_bytes, run_queued_jobs
from .factories import good_answers, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(editor_client, leaflet_figures):
    return editor_client


@pytest.fixture
def two_boroughs(leaflet_figures):
    """Havering and Bexley each with a figure, summary, group, contact and response."""
    year = FinancialYear.objects.get(start_year=2009)
    made = {}
    for slug in ("havering", "bexley"):
        area = Area.objects.get(slug=slug)
        made[slug] = {
            "summary": BoroughSummary.objects.create(
                area=area, year=year, commander_message=f"{slug} message"
            ),
            "group": EngagementGroup.objects.create(area=area, name=f"{slug} group"),
            "contact": UsefulContact.objects.create(area=area, name=f"{slug} contact"),
        }
    bexley = Area.objects.get(slug="bexley")
    made["bexley"]["figure"] = Figure.objects.create(
        area=bexley,
        measure_id=Figure.objects.first().measure_id,
        year=year,
        kind="result",
        value=10,
    )
    made["havering"]["figure"] = Figure.objects.filter(area__slug="havering").first()
    survey = make_survey()
    from django.test import Client

    for slug in ("havering", "bexley"):
        Client().post(
            f"/have-your-say/{survey.slug}/", good_answers(survey, borough=slug, form_token="")
        )
    made["havering"]["response"] = Response.objects.get(borough__slug="havering")
    made["bexley"]["response"] = Response.objects.get(borough__slug="bexley")
    return made


ADMIN_MODELS = {
    "figure": "performance/figure",
    "summary": "performance/boroughsummary",
    "group": "boroughs/engagementgroup",
    "contact": "boroughs/usefulcontact",
    "response": "consultation/response",
}


@pytest.mark.parametrize("kind", ADMIN_MODELS)
def test_lists_show_only_the_editors_boroughs(editor, two_boroughs, kind):
    html = editor.get(f"/admin/{ADMIN_MODELS[kind]}/").content.decode()
    assert f"/{two_boroughs['havering'][kind].pk}/change/" in html
    assert f"/{two_boroughs['bexley'][kind].pk}/change/" not in html


@pytest.mark.parametrize("kind", ADMIN_MODELS)
@pytest.mark.parametrize("page", ["change", "history", "delete"])
def test_another_boroughs_object_by_its_id_is_refused(editor, two_boroughs, kind, page):
    obj = two_boroughs["bexley"][kind]
    response = editor.get(f"/admin/{ADMIN_MODELS[kind]}/{obj.pk}/{page}/")
    assert response.status_code in (403, 404)
    assert "bexley" not in response.content.decode().lower().replace("bexley only", "")


@pytest.mark.parametrize("kind", ["summary", "group", "contact"])
def test_another_boroughs_object_cannot_be_changed_or_deleted(editor, two_boroughs, kind):
    obj = two_boroughs["bexley"][kind]
    url = f"/admin/{ADMIN_MODELS[kind]}/{obj.pk}/"
    assert (
        editor.post(
            url + "change/", {"name": "hacked", "commander_message": "hacked", "area": obj.area_id}
        ).status_code
        == 403
    )
    assert editor.post(url + "delete/", {"post": "yes"}).status_code == 403
    obj.refresh_from_db()
    assert "hacked" not in str(getattr(obj, "name", "")) + getattr(obj, "commander_message", "")


def test_a_bulk_delete_action_cannot_reach_another_borough(editor, two_boroughs):
    bexley = two_boroughs["bexley"]["group"]
    editor.post(
        "/admin/boroughs/engagementgroup/",
        {"action": "delete_selected", "_selected_action": [bexley.pk], "post": "yes"},
    )
    assert EngagementGroup.objects.filter(pk=bexley.pk).exists()


def test_another_borough_cannot_be_chosen_when_adding(editor, two_boroughs):
    bexley = Area.objects.get(slug="bexley")
    response = editor.post(
        "/admin/boroughs/engagementgroup/add/", {"area": bexley.pk, "name": "Sneaky group"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not EngagementGroup.objects.filter(name="Sneaky group").exists()


def test_the_figure_entry_screen_refuses_another_borough(editor, two_boroughs):
    bexley = Area.objects.get(slug="bexley")
    year = FinancialYear.objects.get(start_year=2009)
    url = f"/admin/performance/figure/enter/?area={bexley.pk}&year={year.pk}"
    assert editor.get(url).status_code == 403
    assert editor.post(url, {"robbery-result": "999"}).status_code == 403
    havering = Area.objects.get(slug="havering")
    ok = editor.get(f"/admin/performance/figure/enter/?area={havering.pk}&year={year.pk}")
    assert ok.status_code == 200


def test_an_import_with_another_boroughs_rows_writes_nothing(editor, two_boroughs):
    before = list(Figure.objects.values_list("pk", "value"))
    data = csv_bytes(
        "E09000016,,robbery,2009/10,result,340", "E09000004,,robbery,2009/10,result,999"
    )
    response = editor.post(
        "/admin/performance/figure/import/", {"import_file": SimpleUploadedFile("f.csv", data)}
    )
    run_queued_jobs()
    html = editor.get(response["Location"]).content.decode()
    assert "You can import figures only for the boroughs you edit." in html
    assert "Confirm import" not in html
    assert list(Figure.objects.values_list("pk", "value")) == before


def test_an_export_holds_only_the_editors_boroughs_even_with_another_filter(editor, two_boroughs):
    bexley = Area.objects.get(slug="bexley")
    for query in ("", f"?area__id__exact={bexley.pk}"):
        response = editor.post(
            f"/admin/performance/figure/export/{query}", {"format": "0", "resource": "0"}
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {row[0] for row in rows[1:]} <= {"E09000016"}
    response = editor.post("/admin/consultation/response/export/", {"format": "0", "resource": "0"})
    assert "Bexley" not in response.content.decode()


def test_the_preview_of_another_borough_or_london_is_refused(editor, two_boroughs):
    assert editor.get("/admin/performance/release/preview/bexley/2009-10/").status_code == 403
    assert editor.get("/admin/performance/release/preview/london/2009-10/").status_code == 403
    assert editor.get("/admin/performance/release/preview/havering/2009-10/").status_code == 200


def test_a_borough_editor_cannot_publish(editor, two_boroughs):
    assert editor.get("/admin/performance/release/add/").status_code == 403
    year = FinancialYear.objects.get(start_year=2009)
    assert editor.post("/admin/performance/release/add/", {"year": year.pk}).status_code == 403


def test_an_analyst_reads_everything_imports_drafts_and_edits_nothing(analyst_client, two_boroughs):
    client = analyst_client
    figure = two_boroughs["bexley"]["figure"]
    assert client.get("/admin/performance/figure/").status_code == 200
    page = client.get(f"/admin/performance/figure/{figure.pk}/change/").content.decode()
    assert 'name="value"' not in page  # read-only
    client.post(f"/admin/performance/figure/{figure.pk}/change/", {"value": "1"})
    figure.refresh_from_db()
    assert figure.value == 10
    assert client.get("/admin/performance/figure/import/").status_code == 200
    assert client.get("/admin/performance/release/add/").status_code == 403
    summary = two_boroughs["bexley"]["summary"]
    client.post(
        f"/admin/performance/boroughsummary/{summary.pk}/change/",
        {"area": summary.area_id, "year": summary.year_id, "commander_message": "x"},
    )
    summary.refresh_from_db()
    assert summary.commander_message == "bexley message"


def test_a_consultation_officer_builds_surveys_and_keys_responses_but_not_figures(
    officer_client, two_boroughs
):
    client = officer_client
    survey = make_survey(slug="officer-test")
    assert client.get("/admin/consultation/survey/add/").status_code == 200
    assert client.get(f"/admin/consultation/survey/{survey.pk}/key/").status_code == 200
    assert client.get(f"/admin/consultation/survey/{survey.pk}/results/").status_code == 200
    assert client.get("/admin/performance/figure/").status_code == 403
    assert client.get("/admin/performance/figure/import/").status_code == 403


def test_a_borough_editor_cannot_reach_survey_results(editor, two_boroughs):
    survey = Response.objects.first().survey
    assert editor.get(f"/admin/consultation/survey/{survey.pk}/results/").status_code == 403
    assert editor.get(f"/admin/consultation/survey/{survey.pk}/key/").status_code == 403
