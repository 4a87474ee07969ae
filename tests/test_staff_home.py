"""The staff home at /admin/: each role's tasks in plain words, with what is waiting."""

from html import unescape

import pytest

from boroughs.models import Area
from performance.models import Figure, FinancialYear, Measure

from .conftest import signed_in
from .html import text

pytestmark = pytest.mark.django_db


def task_titles(html):
    tasks = html[html.index('<ul class="lps-tasks">') : html.index('<div class="lps-records">')]
    return [unescape(part.split(">", 1)[1].split("<", 1)[0]) for part in tasks.split("<h2><a ")[1:]]


def test_each_role_sees_only_the_tasks_it_may_do(
    client, administrator, havering_editor, analyst, consultation_officer
):
    seen = {}
    for user in (administrator, havering_editor, analyst, consultation_officer):
        client.logout()
        seen[user.username] = task_titles(signed_in(client, user).get("/admin/").content.decode())
    assert seen == {
        "staff": [
            "Enter figures",
            "Import a file",
            "Review and publish",
            "Write a borough's words",
            "Add population estimates",
            "Key a survey response",
            "Survey results",
            "Users and roles",
        ],
        "havering-editor": ["Enter figures", "Import a file", "Write a borough's words"],
        "ana": ["Import a file", "Survey results"],
        "officer": ["Key a survey response", "Survey results"],
    }


def test_the_home_says_what_is_waiting_to_be_published(
    client, administrator, havering_editor, leaflet_figures, havering
):
    year_2010 = FinancialYear.objects.get(start_year=2010)
    robbery = Measure.objects.get(slug="robbery")
    burglary = Measure.objects.get(slug="residential-burglary")
    bexley = Area.objects.get(slug="bexley")
    Figure.objects.create(area=havering, year=year_2010, measure=robbery, kind="result", value=1)
    Figure.objects.create(area=havering, year=year_2010, measure=burglary, kind="result", value=2)
    Figure.objects.create(area=bexley, year=year_2010, measure=robbery, kind="result", value=3)
    published = Figure.objects.get(
        area=havering, measure=robbery, year__start_year=2009, kind="result"
    )
    published.value = 340
    published.correction_reason = "Keyed wrongly."
    published.save()
    Figure.objects.filter(area=havering, measure__slug="gun-crime", year__start_year=2009).delete()
    home = text(signed_in(client, administrator).get("/admin/").content.decode())
    assert "3 draft figures for 2010/11 not yet published" in home
    assert (
        "3 draft figures for 2009/10 not yet published "
        "(1 correcting a published figure; 2 withdrawing one)" in home
    )
    # A borough editor sees what waits in their own borough: Bexley's figure is not theirs.
    client.logout()
    home = text(signed_in(client, havering_editor).get("/admin/").content.decode())
    assert "2 draft figures for 2010/11 not yet published" in home


def test_technical_records_are_for_administrators_and_out_of_the_way(
    client, administrator, havering_editor
):
    html = signed_in(client, administrator).get("/admin/").content.decode()
    records = html[html.index('<div class="lps-records">') :]
    technical = records[records.index("<details>") :]
    assert "Authentication and Authorization" in technical and "Otp_Totp" in technical
    own = records[: records.index("<details>")]
    assert "Performance figures and summaries" in own
    assert "Authentication and Authorization" not in own and "Otp_Totp" not in own
    client.logout()
    html = signed_in(client, havering_editor).get("/admin/").content.decode()
    assert "<details>" not in html[html.index('<div class="lps-records">') :]
    assert "Authentication and Authorization" not in html


def test_the_services_own_records_come_first_and_technical_ones_last():
    from sitewide.admin_home import ordered_apps

    labels = ["auth", "axes", "boroughs", "consultation", "django_tasks_database", "performance"]
    ordered = ordered_apps([{"app_label": label} for label in labels])
    assert [app["app_label"] for app in ordered] == [
        "performance", "boroughs", "consultation", "auth", "axes", "django_tasks_database"
    ]  # fmt: skip
    assert [app["technical"] for app in ordered] == [False] * 3 + [True] * 3


def _link(html: str, words: str) -> str:
    """The address of the link whose text starts with ``words``."""
    import re

    for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', html, flags=re.S):
        if text(label).startswith(words):
            return href.replace("&amp;", "&")
    raise AssertionError(f"No link {words!r}")


def _hidden_fields(html: str) -> dict:
    import re

    form = html[html.index('name="_confirmed"') - 3000 : html.index('name="_confirmed"') + 300]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_an_administrator_publishes_a_waiting_correction_from_the_home_seeing_old_and_new(
    client, administrator, leaflet_figures, havering
):
    robbery = Figure.objects.get(
        area=havering, measure__slug="robbery", year__start_year=2009, kind="result"
    )
    robbery.value = 340
    robbery.correction_reason = "Keyed wrongly."
    robbery.save()
    home = signed_in(client, administrator).get("/admin/").content.decode()
    # 1: the year's drafts, already chosen, one link from the home.
    review = client.get(_link(home, "Review and publish: 1 draft figure for 2009/10")).content
    review = review.decode()
    page = text(review)
    assert "Havering · Total robbery · 2009/10 · result 339 340" in page  # old and new
    assert "Havering · Total robbery · 2009/10 6 offences or +1.8% 7 offences or +2.1%" in page
    # 2: one Publish button, saying how much it publishes.
    assert 'value="Publish 1 correction for 2009/10, every area"' in review
    done = client.post("/admin/performance/release/add/", _hidden_fields(review), follow=True)
    # Then a page saying what is now public, with the way back.
    page = text(done.content.decode())
    assert done.redirect_chain[-1][0].endswith("/published/")
    assert "Published: " in page and "It is on the public site now." in page
    assert "0 new outcomes, 2 revised and 0 withdrawn" in page and "Back to your tasks" in page
    assert "7 offences or +2.1%" in text(client.get("/boroughs/havering/2009-10/").content.decode())


def test_publishing_is_offered_only_to_those_who_may_publish(client, havering_editor, havering):
    year = FinancialYear.objects.get(start_year=2010)
    signed_in(client, havering_editor)
    fields = {
        f"{m.slug}-{kind}": "" for m in Measure.objects.all() for kind in ("result", "target")
    }
    entered = client.post(
        f"/admin/performance/figure/enter/?area={havering.pk}&year={year.pk}",
        {**fields, "robbery-result": "12"},
        follow=True,
    )
    page = text(entered.content.decode())
    assert "Review and publish" not in page
    assert "See how Havering, 2010/11 will look ; an Administrator publishes them" in page


def test_the_home_offers_a_borough_s_words_and_says_where_they_are_missing(
    client, havering_editor, havering
):
    from performance.models import BoroughSummary

    year = FinancialYear.objects.get(start_year=2010)
    BoroughSummary.objects.create(area=Area.objects.get(slug="bexley"), year=year)
    home = signed_in(client, havering_editor).get("/admin/").content.decode()
    page = text(home)
    # Their one borough: what is missing, and a link straight to its words for the year.
    assert "1 borough has no Borough Commander's message for 2010/11: Havering" in page
    assert f"?area__id__exact={havering.pk}&amp;year__id__exact={year.pk}" in home


def test_london_wide_staff_choose_a_borough_s_words_from_the_list_not_32_links(
    client, administrator, havering
):
    from performance.models import BoroughSummary

    BoroughSummary.objects.create(
        area=havering, year=FinancialYear.objects.get(start_year=2010), commander_message="Words."
    )
    home = signed_in(client, administrator).get("/admin/").content.decode()
    assert "31 boroughs have no Borough Commander's message for 2010/11" in text(home)
    assert "?area__id__exact=" not in home


def test_an_administrator_is_offered_population_estimates_and_told_how_old_they_are(
    client, administrator, havering
):
    from performance.models import PopulationEstimate

    home = text(signed_in(client, administrator).get("/admin/").content.decode())
    assert "No population estimates yet: no rates per 1,000 residents are shown" in home
    PopulationEstimate.objects.create(area=havering, year=2021, population=262052, source="Census")
    home = text(client.get("/admin/").content.decode())
    assert "The latest population estimates are for 2021 (Census)" in home
    assert client.get("/admin/performance/populationestimate/add/").status_code == 200
