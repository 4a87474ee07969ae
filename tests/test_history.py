"""Change history: readable by those who may read the object, never a way to change it."""

import pytest

from boroughs.models import Area, EngagementGroup, UsefulContact
from performance.models import BoroughSummary, Figure, FinancialYear, LondonSummary, Measure

from .html import text

pytestmark = pytest.mark.django_db


def version_url(obj):
    label = obj._meta
    record = obj.history.order_by("history_id").first()
    return f"/admin/{label.app_label}/{label.model_name}/{obj.pk}/history/{record.history_id}/"


@pytest.fixture
def year(db):
    return FinancialYear.objects.get(start_year=2009)


@pytest.fixture
def bexley_figure(year):
    return Figure.objects.create(
        area=Area.objects.get(slug="bexley"),
        measure=Measure.objects.get(slug="robbery"),
        year=year,
        kind="result",
        value=10,
    )


@pytest.fixture
def objects_with_history(year, bexley_figure):
    """One object of every model that keeps a history."""
    havering = Area.objects.get(slug="havering")
    return {
        "figure": bexley_figure,
        "borough summary": BoroughSummary.objects.create(
            area=havering, year=year, commander_message="Words"
        ),
        "london summary": LondonSummary.objects.create(year=year, chair_message="Words"),
        "group": EngagementGroup.objects.create(area=havering, name="A group"),
        "contact": UsefulContact.objects.create(name="Crimestoppers"),
    }


def test_an_analyst_posting_a_past_version_changes_nothing(
    analyst_client, objects_with_history, year
):
    havering = Area.objects.get(slug="havering")
    for name, obj in objects_with_history.items():
        before = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        response = analyst_client.post(
            version_url(obj),
            {
                "value": "999",
                "area": havering.pk,
                "year": year.pk,
                "measure": obj.pk,
                "kind": "result",
                "name": "Hacked",
                "commander_message": "Hacked",
                "chair_message": "Hacked",
            },
        )
        assert response.status_code == 405, name
        obj.refresh_from_db()
        after = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        assert after == before, name


def test_an_administrator_posting_a_past_version_changes_nothing(staff_client, bexley_figure):
    response = staff_client.post(version_url(bexley_figure), {"value": "999"})
    assert response.status_code == 405
    bexley_figure.refresh_from_db()
    assert bexley_figure.value == 10


def test_a_past_version_is_shown_as_text_with_no_way_to_revert(staff_client, bexley_figure):
    bexley_figure.value = 12
    bexley_figure.save()
    response = staff_client.get(version_url(bexley_figure))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="value"' not in html
    assert "Revert" not in text(html)
    assert "10.00" in text(html)


def test_a_borough_editor_cannot_read_another_boroughs_past_version(editor_client, bexley_figure):
    assert editor_client.get(version_url(bexley_figure)).status_code == 403
    havering = Area.objects.get(slug="havering")
    editor_client.post(version_url(bexley_figure), {"area": havering.pk, "value": "1"})
    bexley_figure.refresh_from_db()
    assert bexley_figure.area.slug == "bexley" and bexley_figure.value == 10


def test_a_borough_editor_cannot_read_or_rename_a_pan_london_contact(editor_client, db):
    contact = UsefulContact.objects.create(name="Crimestoppers")
    assert editor_client.get(version_url(contact)).status_code == 403
    assert editor_client.get(
        f"/admin/boroughs/usefulcontact/{contact.pk}/history/"
    ).status_code in (
        403,
        404,
    )
    editor_client.post(version_url(contact), {"name": "Renamed"})
    contact.refresh_from_db()
    assert contact.name == "Crimestoppers"


def test_a_figure_moved_from_another_borough_keeps_its_past_out_of_the_editors_sight(
    editor_client, bexley_figure
):
    bexley_figure.area = Area.objects.get(slug="havering")
    bexley_figure.value = 11
    bexley_figure.save()  # a draft moved by an Administrator
    base = f"/admin/performance/figure/{bexley_figure.pk}/history/"
    first, latest = bexley_figure.history.order_by("history_id")
    assert editor_client.get(f"{base}{first.history_id}/").status_code == 403
    listing = editor_client.get(base)
    assert listing.status_code == 200
    assert f"{base}{first.history_id}/" not in listing.content.decode()
    assert f"{base}{latest.history_id}/" in listing.content.decode()


def test_a_borough_editor_reads_their_own_boroughs_past_versions(editor_client, year):
    group = EngagementGroup.objects.create(area=Area.objects.get(slug="havering"), name="Ours")
    response = editor_client.get(version_url(group))
    assert response.status_code == 200
    assert "Ours" in text(response.content.decode())


def test_a_past_version_that_does_not_exist_is_not_found(staff_client, bexley_figure):
    url = f"/admin/performance/figure/{bexley_figure.pk}/history/999999/"
    assert staff_client.get(url).status_code == 404
    assert (
        staff_client.get(f"/admin/performance/figure/{bexley_figure.pk}/history/x/").status_code
        == 404
    )
