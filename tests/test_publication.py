"""Only signed-off figures are public; corrections are visible as corrections."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from boroughs.models import Area
from performance.models import (
    Figure,
    FigureVersion,
    FinancialYear,
    Measure,
    PublishedVia,
    Release,
)
from performance.publication.scope import PublishError
from performance.publication.writing import publish

from .conftest import LEAFLET_CSV, csv_bytes, publish_as_reviewed
from .html import summary_rows, table_rows, text

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/boroughs/havering/2009-10/",
    "/london/2009-10/",
    "/data/figures.csv",
    "/data/boroughs/havering.csv",
    "/api/v1/boroughs/havering/performance/2009-10",
    "/api/v1/london/performance/2009-10",
]


def public_views(client):
    return {url: client.get(url).content.decode() for url in PUBLIC}


def test_an_imported_draft_appears_nowhere_public_until_published_then_everywhere(
    client, staff_client
):
    call_command("import_figures", str(LEAFLET_CSV))
    before = public_views(client)
    assert "382 offences" not in before["/boroughs/havering/2009-10/"]
    assert "6,919 fewer crimes" not in before["/london/2009-10/"]
    assert "1880" not in before["/data/figures.csv"]
    assert "1880" not in before["/data/boroughs/havering.csv"]
    assert client.get("/api/v1/years").json() == []
    assert client.get("/boroughs/havering/").content.decode().count("382 offences") == 0

    response = staff_client.post(
        "/admin/performance/release/add/",
        {"year": "", "area": "", "release_at_0": "", "release_at_1": ""},
    )
    assert response.status_code == 200  # a year must be chosen
    for year in ("2008", "2009", "2010"):
        from performance.models import FinancialYear

        pk = FinancialYear.objects.get(start_year=year).pk
        now = timezone.localtime()
        chosen = {
            "year": pk,
            "area": "all",
            "release_at_0": now.strftime("%Y-%m-%d"),
            "release_at_1": now.strftime("%H:%M:%S"),
        }
        review = staff_client.post("/admin/performance/release/add/", chosen)
        assert "Publishing this release would change" in text(review.content.decode())
        # Reviewing publishes nothing.
        assert not Release.objects.filter(year_id=pk).exists()
        publish_as_reviewed(staff_client, chosen)
    after = public_views(client)
    assert "382 offences or +25.5%" in text(after["/boroughs/havering/2009-10/"])
    assert "6,919 fewer crimes" in after["/london/2009-10/"]
    assert (
        "E09000016,Havering,residential-burglary,2009/10,result,1880" in after["/data/figures.csv"]
    )
    assert "1880" in after["/data/boroughs/havering.csv"]
    assert '"value": 1880' in after["/api/v1/boroughs/havering/performance/2009-10"]
    release = Release.objects.filter(year__start_year=2009).get()
    assert release.published_by.username == "staff"
    assert release.published_via == "admin"


def test_a_scheduled_release_shows_nothing_before_its_time(client):
    import time

    call_command("import_figures", str(LEAFLET_CSV))
    from performance.models import FinancialYear

    soon = timezone.now() + timezone.timedelta(seconds=3)
    for year in FinancialYear.objects.all():
        publish(year=year, release_at=soon, via=PublishedVia.COMMAND)
    assert "382 offences" not in client.get("/boroughs/havering/2009-10/").content.decode()
    assert client.get("/api/v1/years").json() == []
    # The cached page expires when the release is due, so it appears on time.
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 1.5)
    assert "382 offences" in client.get("/boroughs/havering/2009-10/").content.decode()
    assert len(client.get("/api/v1/years").json()) == 3


def test_staff_preview_shows_drafts_exactly_as_the_page_will_look(client, staff_client):
    call_command("import_figures", str(LEAFLET_CSV))
    preview = staff_client.get("/admin/performance/release/preview/havering/2009-10/")
    html = preview.content.decode()
    assert "This is a preview for staff" in html
    assert table_rows(html)[1][:2] == ["Residential burglary", "382 offences or +25.5%"]
    # The public can reach neither the drafts nor the preview.
    from django.test import Client

    anonymous = Client().get("/admin/performance/release/preview/havering/2009-10/")
    assert anonymous.status_code == 302
    london = staff_client.get("/admin/performance/release/preview/london/2009-10/")
    assert "6,919 fewer crimes" in london.content.decode()


def burglary_2009():
    return Figure.objects.get(
        area__code="E09000016",
        measure__slug="residential-burglary",
        year__start_year=2009,
        kind="result",
    )


def test_a_published_figure_changed_without_a_reason_is_not_published(leaflet_figures):
    figure = burglary_2009()
    figure.value = 1890
    figure.save()
    with pytest.raises(PublishError, match="give a reason"):
        publish(year=figure.year, via=PublishedVia.COMMAND)
    assert FigureVersion.objects.filter(figure=figure).count() == 1


def test_a_corrected_figure_shows_as_revised_with_its_reason_and_history(
    client, staff_client, leaflet_figures
):
    figure = burglary_2009()
    response = staff_client.post(
        f"/admin/performance/figure/{figure.pk}/change/",
        {
            "area": figure.area_id,
            "measure": figure.measure_id,
            "year": figure.year_id,
            "kind": "result",
            "value": "1890",
            "correction_reason": "Ten burglaries were recorded late.",
        },
    )
    assert response.status_code == 302
    # Not public until republished.
    assert "382 offences" in client.get("/boroughs/havering/2009-10/").content.decode()
    publish(year=figure.year, via=PublishedVia.ADMIN)
    page = client.get("/boroughs/havering/2009-10/").content.decode()
    row = table_rows(page)[1]
    assert row[0] == "Residential burglary Revised"
    assert row[1].startswith("392 offences or +26.2%")
    assert (
        "Revised: Its 2009/10 figure was revised (Ten burglaries were recorded late.). "
        "First published on "
        + timezone.localdate().strftime("%-d %B %Y")
        + " as 382 offences or +25.5%, Target missed."
    ) in row[1]
    corrections = client.get("/london/2009-10/corrections/").content.decode()
    # The cause is said once, above what it changed, in plain words.
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"{today}: Ten burglaries were recorded late." in text(corrections)
    assert summary_rows(corrections) == [
        (
            "Havering: Residential burglary, 2009/10",
            "Changed from 382 offences or +25.5% to 392 offences or +26.2%",
        )
    ]
    assert "Corrections" in text(page)
    history = staff_client.get(f"/admin/performance/figure/{figure.pk}/history/")
    assert "staff" in history.content.decode()
    latest = figure.history.first()
    assert latest.history_user.username == "staff" and latest.value == 1890


def test_import_and_publish_in_one_step_from_the_command_line(client, django_user_model):
    analyst = django_user_model.objects.create_user("ana", password="x-pass-123")
    call_command("import_figures", str(LEAFLET_CSV), "--publish", "--as", "ana")
    assert "382 offences" in client.get("/boroughs/havering/2009-10/").content.decode()
    release = Release.objects.get()
    assert (release.published_by, release.published_via) == (analyst, "command")
    assert burglary_2009().history.first().history_user == analyst
    assert burglary_2009().history.first().history_change_reason.startswith("Imported from")


def test_import_publish_of_a_change_to_a_published_figure_needs_a_reason(client, tmp_path):
    call_command("import_figures", str(LEAFLET_CSV), "--publish")
    path = tmp_path / "fix.csv"
    path.write_bytes(csv_bytes("E09000016,Havering,residential-burglary,2009/10,result,1890"))
    with pytest.raises(CommandError, match="Give one with --reason"):
        call_command("import_figures", str(path), "--publish")
    assert burglary_2009().value == 1880  # nothing imported either
    call_command("import_figures", str(path), "--publish", "--reason", "Late records")
    assert "Revised: Its 2009/10 figure was revised (Late records)" in text(
        client.get("/boroughs/havering/2009-10/").content.decode()
    )


def test_import_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("import_figures", str(LEAFLET_CSV), "--as", "nobody")


def test_export_command_can_give_published_figures_only(capsys, leaflet_figures):
    figure = burglary_2009()
    figure.value = 1890
    figure.correction_reason = "x"
    figure.save()
    call_command("export_figures", "--published", "--borough", "havering")
    published = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [
        "E09000016",
        "Havering",
        "residential-burglary",
        "2009/10",
        "result",
        "1880",
    ] in published
    call_command("export_figures", "--borough", "havering")
    working = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["E09000016", "Havering", "residential-burglary", "2009/10", "result", "1890"] in working


def test_publishing_twice_publishes_nothing_new(leaflet_figures):
    figure = burglary_2009()
    result = publish(year=figure.year, via=PublishedVia.COMMAND)
    assert result.release is None and not result.published_anything


# ---------------------------------------------------------------- a published figure's identity


@pytest.fixture
def published_burglary(leaflet_figures):
    return Figure.objects.get(
        area__slug="havering",
        measure__slug="residential-burglary",
        year__start_year=2009,
        kind="result",
    )


def test_a_published_figures_identity_is_not_offered_for_editing(staff_client, published_burglary):
    url = f"/admin/performance/figure/{published_burglary.pk}/change/"
    html = staff_client.get(url).content.decode()
    for field in ("area", "measure", "year", "kind"):
        assert f'name="{field}"' not in html
    assert 'name="value"' in html
    bexley = Area.objects.get(slug="bexley")
    staff_client.post(
        url, {"area": bexley.pk, "kind": "target", "value": "1881", "correction_reason": "Late"}
    )
    published_burglary.refresh_from_db()
    assert published_burglary.area.slug == "havering"
    assert published_burglary.kind == "result"
    assert published_burglary.value == 1881


def test_a_drafts_identity_can_still_be_corrected(staff_client, db):
    draft = Figure.objects.create(
        area=Area.objects.get(slug="havering"),
        measure=Measure.objects.get(slug="robbery"),
        year=FinancialYear.objects.get(start_year=2010),
        kind="result",
        value=5,
    )
    html = staff_client.get(f"/admin/performance/figure/{draft.pk}/change/").content.decode()
    assert 'name="area"' in html
    Figure.objects.filter(pk=draft.pk).update(area=Area.objects.get(slug="bexley"))
    draft.refresh_from_db()
    assert draft.area.slug == "bexley"


def test_model_validation_refuses_moving_a_published_figure(published_burglary):
    published_burglary.area = Area.objects.get(slug="bexley")
    published_burglary.year = FinancialYear.objects.get(start_year=2010)
    with pytest.raises(ValidationError) as refused:
        published_burglary.full_clean()
    assert set(refused.value.message_dict) >= {"area", "year"}
    assert "withdraw it and enter a new figure" in str(refused.value)


@pytest.mark.parametrize(
    "change",
    [
        {"area_id": "bexley"},
        {"measure_id": "robbery"},
        {"year_id": 2010},
        {"kind": "target"},
    ],
)
def test_the_database_refuses_moving_a_published_figure(published_burglary, change):
    lookups = {
        "area_id": lambda slug: Area.objects.get(slug=slug).pk,
        "measure_id": lambda slug: Measure.objects.get(slug=slug).pk,
        "year_id": lambda start: FinancialYear.objects.get(start_year=start).pk,
        "kind": lambda kind: kind,
    }
    ((field, wanted),) = change.items()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=published_burglary.pk).update(**{field: lookups[field](wanted)})
    published_burglary.refresh_from_db()
    assert published_burglary.area.slug == "havering"
    assert published_burglary.measure.slug == "residential-burglary"
    assert (published_burglary.year.start_year, published_burglary.kind) == (2009, "result")
    # Its value can still be corrected.
    Figure.objects.filter(pk=published_burglary.pk).update(value=1881)


DRAFT_YEAR_PAGES = [
    "/london/2031-32/",
    "/london/2031-32/corrections/",
    "/boroughs/havering/2031-32/",
    "/boroughs/havering/2031-32/compare/",
    "/boroughs/havering/2031-32/leaflet.pdf",
    "/api/v1/boroughs/havering/performance/2031-32",
    "/api/v1/london/performance/2031-32",
]


def test_a_year_with_only_draft_figures_does_not_exist_in_public(client, leaflet_figures, tmp_path):
    path = tmp_path / "draft.csv"
    path.write_bytes(csv_bytes("E09000016,,robbery,2031/32,result,300"))
    call_command("import_figures", str(path))
    for url in DRAFT_YEAR_PAGES:
        assert client.get(url).status_code == 404, url
    assert "2031" not in client.get("/api/v1/years").content.decode()


def test_a_year_appears_once_a_figure_for_it_is_published(
    client, staff_client, leaflet_figures, tmp_path
):
    path = tmp_path / "draft.csv"
    path.write_bytes(csv_bytes("E09000016,,robbery,2031/32,result,300"))
    call_command("import_figures", str(path))
    publish(year=FinancialYear.objects.get(start_year=2031), via=PublishedVia.ADMIN)
    assert client.get("/boroughs/havering/2031-32/").status_code == 200
    assert client.get("/api/v1/london/performance/2031-32").status_code == 200
    # Staff preview drafts of any year.
    assert (
        staff_client.get("/admin/performance/release/preview/havering/2031-32/").status_code == 200
    )
