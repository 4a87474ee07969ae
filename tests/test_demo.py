"""load_demo: real leaflet figures, labelled illustrative ones, and demo text everywhere."""

import pytest
from django.core.management import call_command

from boroughs.models import Area, EngagementGroup, UsefulContact
from performance.models import BoroughSummary, Figure, LondonSummary

from .html import first_table, table_rows, text

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Figure.objects.values_list("area_id", "measure_id", "year_id", "kind", "value")),
        BoroughSummary.objects.count(),
        EngagementGroup.objects.count(),
        UsefulContact.objects.count(),
        LondonSummary.objects.count(),
    )


def test_load_demo_is_idempotent_and_fills_every_borough(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    for area in Area.objects.boroughs():
        assert BoroughSummary.objects.filter(area=area).count() == 3
        assert Figure.objects.filter(area=area, kind="result").exists()
        assert EngagementGroup.objects.filter(area=area).exists()


def test_load_demo_if_empty_leaves_loaded_data_alone(capsys):
    call_command("load_demo")
    call_command("load_demo", "--if-empty")
    assert "already loaded" in capsys.readouterr().out


def test_demo_havering_still_shows_the_leaflets_figures_and_labels_its_words(client):
    call_command("load_demo")
    page = client.get("/boroughs/havering/2009-10/").content.decode()
    rows = table_rows(first_table(page))
    assert rows[1][:2] == ["Residential burglary", "382 offences or +25.5%"]
    assert len(rows) == 8
    assert "The words on this page are demo text." in text(page)
    assert "Demo text:" in text(page)


def test_demo_figures_for_other_boroughs_say_they_are_illustrative(client):
    call_command("load_demo")
    page = text(client.get("/boroughs/bexley/").content.decode())
    assert "Illustrative figures: the figures for Bexley are made up" in page
    assert "Target achieved" in page or "Target missed" in page


def test_demo_admin_refuses_without_debug():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("demo_admin")


def test_demo_admin_creates_a_superuser_with_a_printed_password(settings, client, capsys):
    settings.DEBUG = True
    call_command("demo_admin")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "demo-admin", "password": password}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_keeps_the_printed_leaflets_edition_of_1_june_2010(client):
    from .test_pages import LEAFLET_TABLE

    call_command("load_demo")
    page = client.get("/boroughs/havering/2009-10/as-published/2010-06-01/").content.decode()
    rows = table_rows(first_table(page))
    assert [row[:2] for row in rows[1:]] == [row[:2] for row in LEAFLET_TABLE]
    assert [row[2].split(" Target:")[0] for row in rows[1:]] == [row[2] for row in LEAFLET_TABLE]
    assert "as published on 1 June 2010" in text(page)
    london = text(client.get("/london/2009-10/as-published/2010-06-01/").content.decode())
    assert "6,919 fewer crimes" in london
    # Nothing else had been released by then.
    assert client.get("/boroughs/bexley/2009-10/as-published/2010-06-01/").status_code == 404
