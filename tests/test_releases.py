"""Releases are frozen snapshots: nothing staff change reaches the public until the next
release, and every outcome a release changes is marked Revised and listed with its cause."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from boroughs.models import Area
from performance.figures.loading import import_figures_file
from performance.models import (
    Figure,
    FinancialYear,
    Measure,
    PublishedVia,
    Release,
    ReleasedOutcome,
)
from performance.publication.planning import plan_release
from performance.publication.scope import PublishError
from performance.publication.writing import publish

from .conftest import LEAFLET_CSV, csv_bytes, publish_as_reviewed, publish_everything
from .html import first_table, form_fields, summary_rows, table_rows, text

pytestmark = pytest.mark.django_db

HAVERING_2009 = "/boroughs/havering/2009-10/"
TODAY = timezone.localdate().strftime("%-d %B %Y")


def figure(slug="residential-burglary", start=2009, area="havering", kind="result"):
    return Figure.objects.get(
        area__slug=area, measure__slug=slug, year__start_year=start, kind=kind
    )


def row_for(client, url, name):
    """The row, its change without the note folded under it (ordinary variation)."""
    rows = table_rows(client.get(url).content.decode())
    row = next(row for row in rows if row[0].startswith(name))
    return [row[0], row[1].split(" A note on this figure")[0], *row[2:]]


def correct(figure, value, reason):
    figure.value = value
    figure.correction_reason = reason
    figure.save()


def test_revising_last_year_marks_this_years_change_revised_and_lists_why(client, leaflet_figures):
    correct(figure(start=2008), 1450, "A recording error in 2008/09 was found.")
    # The 2009/10 page keeps what was released until the correction is published.
    assert row_for(client, HAVERING_2009, "Residential burglary")[1].startswith(
        "382 offences or +25.5%"
    )
    publish(year=FinancialYear.objects.get(start_year=2008), via=PublishedVia.ADMIN)

    row = row_for(client, HAVERING_2009, "Residential burglary")
    assert row[0] == "Residential burglary Revised"
    assert row[1].startswith("430 offences or +29.7%")
    assert (
        "Revised: 2009/10 change revised because 2008/09 was revised "
        "(A recording error in 2008/09 was found.). First published on "
        f"{TODAY} as 382 offences or +25.5%, Target missed."
    ) in row[1]
    corrections = client.get("/london/2009-10/corrections/").content.decode()
    assert f"{TODAY}: A recording error in 2008/09 was found." in text(corrections)
    assert (
        "Havering: Residential burglary, 2009/10",
        "Changed from 382 offences or +25.5% to 430 offences or +29.7%",
    ) in summary_rows(corrections)
    api = client.get("/api/v1/boroughs/havering/performance/2009-10").json()
    burglary = api["measures"][0]
    assert burglary["change"] == 430
    assert burglary["revised"] == {
        "first_published": "382 offences or +25.5%, Target missed",
        "first_published_on": timezone.localdate().isoformat(),
        "reason": "2009/10 change revised because 2008/09 was revised "
        "(A recording error in 2008/09 was found.)",
    }


def test_revising_a_part_revises_serious_acquisitive_crime_with_the_part_named(client, db):
    rows = [
        f"E09000004,Bexley,{slug},{year},result,{value}"
        for year, values in (("2008/09", (900, 200, 700, 500)), ("2009/10", (880, 210, 650, 480)))
        for slug, value in zip(
            ("residential-burglary", "robbery", "theft-from-vehicles", "theft-of-vehicles"),
            values,
            strict=True,
        )
    ]
    rows.append("E09000004,Bexley,serious-acquisitive-crime,2009/10,target,-2.5")
    report = import_figures_file(csv_bytes(*rows))
    assert report.ok, report.problems
    publish_everything()
    bexley = "/boroughs/bexley/2009-10/"
    first = row_for(client, bexley, "Serious acquisitive crime")
    assert first[:2] == [
        "Serious acquisitive crime",
        "80 offences or \u22123.5% (the sum of its parts)",
    ]

    robbery = figure(slug="robbery", area="bexley")
    correct(robbery, 250, "Forty robberies were recorded late.")
    publish(year=robbery.year, via=PublishedVia.ADMIN)
    revised = row_for(client, bexley, "Serious acquisitive crime")
    assert revised[0] == "Serious acquisitive crime Revised"
    assert revised[1].startswith("40 offences or \u22121.7% (the sum of its parts)")
    assert "Revised: Total robbery was revised." in revised[1]


def delete_in_admin(staff_client, figure):
    response = staff_client.post(f"/admin/performance/figure/{figure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Figure.objects.filter(pk=figure.pk).exists()


def test_deleting_a_published_figure_is_invisible_until_a_release_withdraws_it(
    client, leaflet_figures, staff_client
):
    result = figure(slug="robbery")
    delete_in_admin(staff_client, result)
    shown = row_for(client, HAVERING_2009, "Total robbery")
    assert shown[:2] == ["Total robbery", "6 offences or +1.8%"]

    # A withdrawal needs a reason.
    with pytest.raises(PublishError, match="say why in the release's reason"):
        publish(year=result.year, via=PublishedVia.ADMIN)
    publish(year=result.year, via=PublishedVia.ADMIN, reason="Entered in error.")
    revised = row_for(client, HAVERING_2009, "Total robbery")
    assert revised[0] == "Total robbery Revised"
    assert (
        "Revised: Its 2009/10 figure was withdrawn (Entered in error.). First published on "
        f"{TODAY} as 6 offences or +1.8%, Target missed."
    ) in revised[1]

    # With its target gone too, the outcome itself is withdrawn, and listed as such.
    delete_in_admin(staff_client, figure(slug="robbery", kind="target"))
    publish(year=result.year, via=PublishedVia.ADMIN, reason="No robbery target in 2009/10.")
    page = client.get(HAVERING_2009).content.decode()
    assert not [r for r in table_rows(page) if r[0].startswith("Total robbery")]
    assert ("Total robbery, 2009/10", "Withdrawn: it was 6 offences or +1.8%") in summary_rows(page)
    corrections = client.get("/london/2009-10/corrections/").content.decode()
    # Each release's cause is said once, above what it changed.
    assert f"{TODAY}: Entered in error." in text(corrections)
    assert f"{TODAY}: Withdrawn: No robbery target in 2009/10." in text(corrections)
    robbery = sorted(
        value
        for key, value in summary_rows(corrections)
        if key == "Havering: Total robbery, 2009/10"
    )
    assert robbery == [
        "Changed from 6 offences or +1.8% to No result for 2009/10 yet; now Not assessed "
        "(was Target missed)",
        "Withdrawn: it was 6 offences or +1.8%",
    ]


def test_changing_better_when_reaches_the_page_only_through_a_release(
    client, leaflet_figures, staff_client
):
    gun = Measure.objects.get(slug="gun-crime")
    before = row_for(client, HAVERING_2009, "Gun crime")
    response = staff_client.post(
        f"/admin/performance/measure/{gun.pk}/change/",
        {
            "name": gun.name,
            "unit": gun.unit,
            "better": "higher",
            "target_kind": gun.target_kind,
            "part_of": gun.part_of_id or "",
            "position": gun.position,
            "description": gun.description,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Measure.objects.get(pk=gun.pk).better == "higher"
    assert row_for(client, HAVERING_2009, "Gun crime") == before

    plan = plan_release(year=FinancialYear.objects.get(start_year=2009))
    assert any(
        c.measure.slug == "gun-crime" and "definition changed" in c.cause
        for c in plan.outcome_changes
        if c.kind == "revised"
    )
    publish(year=FinancialYear.objects.get(start_year=2009), via=PublishedVia.ADMIN)
    after = row_for(client, HAVERING_2009, "Gun crime")
    assert after[0] == "Gun crime Revised"
    assert "The measure's definition changed" in after[1]


def test_the_leaflet_as_published_on_1_june_2010_survives_a_later_revision(client):
    call_command("import_figures", str(LEAFLET_CSV))
    edition = datetime.datetime(2010, 6, 1, 9, 0, tzinfo=datetime.UTC)
    for year in FinancialYear.objects.all():
        publish(year=year, release_at=edition, via=PublishedVia.COMMAND)
    correct(figure(start=2008), 1450, "A recording error in 2008/09 was found.")
    publish(year=FinancialYear.objects.get(start_year=2008), via=PublishedVia.ADMIN)

    assert row_for(client, HAVERING_2009, "Residential burglary")[1].startswith("430 offences")
    as_published = f"{HAVERING_2009}as-published/2010-06-01/"
    row = row_for(client, as_published, "Residential burglary")
    assert row[:3] == ["Residential burglary", "382 offences or +25.5%", "1,880"]
    assert row[3].startswith("Target missed")
    page = text(client.get(as_published).content.decode())
    assert "as published on 1 June 2010" in page
    # The latest page links to its earlier editions.
    latest = client.get(HAVERING_2009).content.decode()
    assert 'href="/boroughs/havering/2009-10/as-published/2010-06-01/"' in latest


def test_as_published_before_anything_was_released_or_in_the_future_is_not_found(
    client, leaflet_figures
):
    assert client.get(f"{HAVERING_2009}as-published/2001-01-01/").status_code == 404
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert client.get(f"{HAVERING_2009}as-published/{tomorrow}/").status_code == 404
    assert client.get(f"{HAVERING_2009}as-published/2010-02-30/").status_code == 404
    assert client.get("/london/2009-10/as-published/2001-01-01/").status_code == 404


def test_the_review_before_publishing_lists_each_change_with_its_cause(
    staff_client, leaflet_figures
):
    correct(figure(start=2008), 1450, "A recording error in 2008/09 was found.")
    year = FinancialYear.objects.get(start_year=2008)
    chosen = {"year": year.pk, "area": "all", "reason": ""}
    chosen |= {"release_at_0": timezone.localdate().isoformat(), "release_at_1": "00:00:00"}
    review = staff_client.post("/admin/performance/release/add/", chosen).content.decode()
    assert "Publishing this release would change 0 new outcomes, 2 revised, 0 withdrawn" in (
        text(review)
    )
    outcomes = review[review.index("What the public will read") - 200 :]
    rows = table_rows(first_table(outcomes))
    # Each outcome as the public reads it now and will read it, and why.
    assert [
        "Havering · Residential burglary · 2009/10",
        "382 offences or +25.5%",
        "430 offences or +29.7%",
        "2009/10 change revised because 2008/09 was revised "
        "(A recording error in 2008/09 was found.)",
        "Preview Havering · Residential burglary · 2009/10",
    ] in rows
    assert all(row[3] for row in rows[1:]), rows  # every change says why
    # Each changed figure, old and new side by side.
    figures = table_rows(first_table(review[review.index("Figures that change") - 200 :]))
    assert figures[1][:3] == [
        "Havering · Residential burglary · 2008/09 · result",
        "1,498",
        "1,450",
    ]


def test_the_release_form_asks_for_a_year_and_who_it_is_for_as_plain_choices(
    staff_client, leaflet_figures
):
    html = staff_client.get("/admin/performance/release/add/").content.decode()
    form = html[html.index('name="year"') - 300 : html.index('name="reason"')]
    # Choices only: no links to edit, add or delete a year or an area beside them.
    assert "related-widget-wrapper-link" not in form and "delete_" not in form
    # One way on: to the review. Not Django's "Save and add another" or "Save and view".
    assert "Choose what to publish" in text(html)
    assert 'value="Review what this would publish"' in html
    assert "Save and add another" not in html and "Save and view" not in html
    assert '<option value="all">All boroughs and London-wide</option>' in form
    assert '<option value="every">Every year</option>' in form
    # Leaving who it is for empty no longer means all of London: it must be chosen.
    year = FinancialYear.objects.get(start_year=2010)
    chosen = {"year": year.pk, "area": "", "reason": ""}
    chosen |= {"release_at_0": timezone.localdate().isoformat(), "release_at_1": "00:00:00"}
    response = staff_client.post("/admin/performance/release/add/", chosen)
    assert "Publishing this release would change" not in text(response.content.decode())
    assert "This field is required." in response.content.decode()
    havering = Area.objects.get(slug="havering")
    response = staff_client.post("/admin/performance/release/add/", {**chosen, "area": havering.pk})
    assert "Publish 2010/11, Havering?" in text(response.content.decode())


def release_form(year, area, when=None):
    when = when or timezone.localtime()
    return {
        "year": year.pk,
        "area": area,
        "reason": "",
        "release_at_0": when.strftime("%Y-%m-%d"),
        "release_at_1": when.strftime("%H:%M:%S"),
    }


def test_publishing_says_what_it_will_publish_and_when_before_it_does(
    staff_client, leaflet_figures, havering
):
    year_2010 = FinancialYear.objects.get(start_year=2010)
    for slug, value in (("robbery", 330), ("residential-burglary", 1700)):
        Figure.objects.create(
            area=havering,
            year=year_2010,
            measure=Measure.objects.get(slug=slug),
            kind="result",
            value=value,
        )
    correct(figure(start=2009), 1882, "Revised by the police.")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    chosen = release_form(year_2010, havering.pk, when=tomorrow.replace(hour=9, minute=30))
    review = staff_client.post("/admin/performance/release/add/", chosen).content.decode()
    page = text(review)
    assert "You are about to publish 2 new figures for 2010/11, Havering" in page
    assert f"at 09:30 on {tomorrow:%-d %B %Y}, and not before." in page
    assert 'value="Publish 2 new figures for 2010/11, Havering"' in review
    # Each outcome it changes links to its figures.
    burglary = Measure.objects.get(slug="residential-burglary")
    assert (
        f"?area__id__exact={havering.pk}&amp;measure__id__exact={burglary.pk}"
        f"&amp;year__id__exact={year_2010.pk}"
    ) in review
    year_2009 = FinancialYear.objects.get(start_year=2009)
    review = staff_client.post(
        "/admin/performance/release/add/", release_form(year_2009, "all")
    ).content.decode()
    assert "You are about to publish 1 correction for 2009/10, every area" in text(review)
    assert "as soon as you publish it" in text(review)


def test_a_published_figure_changed_without_a_reason_is_named_with_a_link_to_it(
    staff_client, leaflet_figures
):
    burglary = figure(start=2009)
    burglary.value = 1882
    burglary.save()
    year_2009 = FinancialYear.objects.get(start_year=2009)
    releases = Release.objects.count()
    confirmed = {**release_form(year_2009, "all"), "_confirmed": "1"}
    response = staff_client.post("/admin/performance/release/add/", confirmed)
    html = response.content.decode()
    assert f'<a href="/admin/performance/figure/{burglary.pk}/change/">' in html
    assert "Havering · Residential burglary · 2009/10 · result: give a reason" in text(html)
    assert Release.objects.count() == releases  # nothing published


def test_the_review_asks_for_each_changed_figures_reason_and_publishes_once_given(
    staff_client, leaflet_figures
):
    burglary = figure(start=2009)
    burglary.value = 1882
    burglary.save()
    year_2009 = FinancialYear.objects.get(start_year=2009)
    releases = Release.objects.count()
    chosen = release_form(year_2009, "all")
    review = staff_client.post("/admin/performance/release/add/", chosen).content.decode()
    page = text(review)
    assert "Say why each published figure changes" in page
    assert "Havering · Residential burglary · 2009/10 · result: give a reason" in page
    assert "changing the published value 1,880 to 1,882" in page
    box = f"correction_reason_{burglary.pk}"
    assert f'name="{box}"' in review
    assert 'name="_confirmed"' not in review  # no Publish button until every reason is given
    # An empty box saves nothing and asks again.
    again = staff_client.post("/admin/performance/release/add/", {**chosen, box: "  "})
    assert f'name="{box}"' in again.content.decode()
    given = staff_client.post(
        "/admin/performance/release/add/", {**chosen, box: "Revised by the police."}
    ).content.decode()
    burglary.refresh_from_db()
    assert burglary.correction_reason == "Revised by the police."
    assert "You are about to publish 1 correction for 2009/10, every area" in text(given)
    assert Release.objects.count() == releases  # nothing published before confirming
    publish_as_reviewed(staff_client, chosen)
    assert Release.objects.count() == releases + 1
    assert (
        Release.objects.order_by("-pk")
        .first()
        .figure_versions.filter(value=1882, reason="Revised by the police.")
        .exists()
    )


def test_publishing_refuses_a_plan_that_changed_after_it_was_reviewed(
    staff_client, leaflet_figures
):
    """The confirmation carries the reviewed plan's digest: a figure changed meanwhile (here
    by someone else's correction) means what would be published is not what was reviewed."""
    correct(figure(start=2009), 1882, "Revised by the police.")
    year_2009 = FinancialYear.objects.get(start_year=2009)
    chosen = release_form(year_2009, "all")
    review = staff_client.post("/admin/performance/release/add/", chosen).content.decode()
    assert "You are about to publish 1 correction for 2009/10, every area" in text(review)
    correct(figure(start=2009), 1883, "Revised again by the police.")
    releases = Release.objects.count()
    refused = staff_client.post("/admin/performance/release/add/", form_fields(review))
    page = text(refused.content.decode())
    assert "The figures changed since you reviewed them: review again" in page
    assert Release.objects.count() == releases
    # The review shown again is of what would now be published; pressing Publish on it does.
    assert "Revised again by the police." in page
    staff_client.post("/admin/performance/release/add/", form_fields(refused.content.decode()))
    assert Release.objects.count() == releases + 1
    assert figure(start=2009).versions.latest("release_at").value == 1883


def test_checking_the_release_form_writes_nothing(leaflet_figures):
    from performance.publication.admin import ReleaseForm

    burglary = figure(start=2009)
    burglary.value = 1882
    burglary.save()
    year_2009 = FinancialYear.objects.get(start_year=2009)
    data = {
        "year": year_2009.pk,
        "area": "all",
        "reason": "",
        "release_at": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        f"correction_reason_{burglary.pk}": "Typed on the review screen.",
    }
    assert ReleaseForm(data).is_valid()
    burglary.refresh_from_db()
    assert burglary.correction_reason == ""


def test_the_plain_words_verdict_is_frozen_with_the_release(client, leaflet_figures, monkeypatch):
    import performance.public.pages

    burglary = (
        "Residential burglary rose by 382 to 1,880, up 25.5%, missing its target of a 2.5% "
        "reduction."
    )
    assert burglary in set(ReleasedOutcome.objects.values_list("verdict", flat=True))
    # Were the page to word it again, a change to the rule would reach the public unreleased.
    reworded = "Reworded on reading"
    monkeypatch.setattr(
        performance.public.pages, "in_plain_words", lambda o: reworded, raising=False
    )
    page = text(client.get(HAVERING_2009).content.decode())
    assert reworded not in page and burglary in page


def test_outcomes_released_before_verdicts_were_kept_get_the_one_their_page_showed(
    leaflet_figures,
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("performance.migrations.0016_released_verdict")
    kept = dict(ReleasedOutcome.objects.values_list("pk", "verdict"))
    ReleasedOutcome.objects.update(verdict="")
    migration.freeze_verdicts(apps, None)
    assert dict(ReleasedOutcome.objects.values_list("pk", "verdict")) == {
        pk: verdict for pk, verdict in kept.items()
    }
