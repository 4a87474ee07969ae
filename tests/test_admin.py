"""Staff entering figures and content in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from boroughs.models import Area, EngagementGroup, UsefulContact
from performance.models import BoroughSummary, Figure, FinancialYear, LondonSummary, Measure

pytestmark = pytest.mark.django_db

ENTER = "/admin/performance/figure/enter/"


def entry_data(**values):
    """POST data for the entry screen: every measure blank unless given as slug__kind=value."""
    data = {}
    for measure in Measure.objects.all():
        for kind in ("result", "target"):
            data[f"{measure.slug}-{kind}"] = values.get(f"{measure.slug}__{kind}", "")
    return data


def test_entry_screen_shows_every_measure_as_a_row(staff_client, havering, year_2009):
    response = staff_client.get(ENTER, {"area": havering.pk, "year": year_2009.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for measure in Measure.objects.all():
        assert f'name="{measure.slug}-result"' in html
        assert f'name="{measure.slug}-target"' in html
    assert "Havering, 2009/10: results and targets" in html


def test_entry_screen_saves_results_and_targets_for_a_borough_year(
    staff_client, havering, year_2009
):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    data = entry_data(
        **{
            "robbery__result": "339",
            "robbery__target": "-2.5",
            "public-confidence__result": "53.1",
        }
    )
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "3 added, 0 changed, 0 removed" in response.content.decode()
    stored = {
        (f.measure.slug, f.kind): f.value
        for f in Figure.objects.filter(area=havering, year=year_2009)
    }
    assert stored == {
        ("robbery", "result"): Decimal(339),
        ("robbery", "target"): Decimal("-2.5"),
        ("public-confidence", "result"): Decimal("53.1"),
    }
    # Entered figures are drafts: the preview shows them, the public page does not yet.
    preview = staff_client.get("/admin/performance/release/preview/havering/2009-10/")
    assert "Total robbery" in preview.content.decode()
    assert "Total robbery" not in staff_client.get("/boroughs/havering/").content.decode()


def test_entry_screen_shows_field_errors_and_saves_nothing(staff_client, havering, year_2009):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    data = entry_data(
        **{
            "robbery__result": "339",
            "gun-crime__result": "-3",
            "public-confidence__result": "120",
            "knife-crime__target": "lots",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been saved" in html
    assert "An offence count cannot be negative." in html
    assert "A percentage must be between 0 and 100." in html
    assert "&#x27;lots&#x27; is not a number: it has the letter l in it." in html
    # The values typed are kept so they can be corrected.
    assert 'value="339"' in html and 'value="lots"' in html
    assert not Figure.objects.exists()


def figure_value(area, year, slug, kind="result"):
    return Figure.objects.get(area=area, year=year, measure__slug=slug, kind=kind).value


def test_a_letter_typed_for_a_digit_is_refused_and_kept_in_its_box_not_dropped(
    editor_client, havering, year_2009
):
    # A number input would drop the O and save 193: a text box keeps it, and says why.
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    response = editor_client.post(url, entry_data(**{"robbery__result": "19O3"}))
    html = response.content.decode()
    assert "&#x27;19O3&#x27; is not a number: it has the letter O in it." in html
    assert 'name="robbery-result" value="19O3"' in html
    assert 'type="number"' not in html
    assert not Figure.objects.exists()


def test_thousands_typed_with_commas_are_read_and_counts_come_back_whole(
    editor_client, havering, year_2009
):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    data = entry_data(**{"total-crime__result": "19,500", "robbery__target": "-2.5"})
    response = editor_client.post(url, data, follow=True)
    assert "2 added, 0 changed, 0 removed" in response.content.decode()
    assert figure_value(havering, year_2009, "total-crime") == Decimal(19500)
    html = editor_client.get(url).content.decode()
    assert 'name="total-crime-result" value="19500"' in html  # not 19500.00
    assert 'name="robbery-target" value="-2.5"' in html


def test_a_comma_out_of_place_is_refused_not_guessed_at(editor_client, havering, year_2009):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    response = editor_client.post(url, entry_data(**{"robbery__result": "1,2345"}))
    assert "commas may only separate thousands" in response.content.decode()
    assert not Figure.objects.exists()


def test_saving_says_the_figures_are_drafts_and_links_to_review_and_publish(
    editor_client, havering, year_2009
):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    response = editor_client.post(url, entry_data(**{"robbery__result": "339"}), follow=True)
    html = response.content.decode()
    assert "These figures are drafts: the public sees them only once they are published." in html
    assert 'href="/admin/performance/release/preview/havering/2009-10/"' in html


def test_changing_a_published_figure_on_the_entry_screen_needs_a_reason_kept_with_it(
    editor_client, leaflet_figures, havering, year_2009
):
    existing = {
        f"{f.measure.slug}__{f.kind}": str(f.value)
        for f in Figure.objects.filter(area=havering, year=year_2009)
    }
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    data = entry_data(**{**existing, "residential-burglary__result": "1882"})
    response = editor_client.post(url, data)
    assert "Say why this published figure is changing" in response.content.decode()
    assert figure_value(havering, year_2009, "residential-burglary") == Decimal(1880)
    data["residential-burglary-reason"] = "Revised in the police's later edition."
    response = editor_client.post(url, data, follow=True)
    assert "0 added, 1 changed, 0 removed" in response.content.decode()
    burglary = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="residential-burglary", kind="result"
    )
    assert burglary.value == 1882
    assert burglary.correction_reason == "Revised in the police's later edition."


def test_an_implausible_change_is_asked_about_and_saved_only_once_confirmed(
    editor_client, leaflet_figures, havering
):
    year_2010 = FinancialYear.objects.get(start_year=2010)
    Figure.objects.filter(area=havering, year=year_2010).delete()
    url = f"{ENTER}?area={havering.pk}&year={year_2010.pk}"
    # 2009/10 had 339 robberies; 3390 is a digit too many, 0.53 a fraction for 53%.
    data = entry_data(**{"robbery__result": "3390", "public-confidence__result": "0.53"})
    html = editor_client.get(url).content.decode()
    assert "2009/10: 339" in html  # last year's figure under its box
    response = editor_client.post(url, data)
    html = response.content.decode()
    assert "Check these figures before saving. Nothing has been saved yet." in html
    assert "3,390 is 900.0% more than last year&#x27;s 339" in html
    assert "0.53 looks like a fraction: a percentage is written out of 100 (53 for 53%" in html
    assert not Figure.objects.filter(area=havering, year=year_2010).exists()
    response = editor_client.post(url, {**data, "confirmed": "on"}, follow=True)
    assert "2 added, 0 changed, 0 removed" in response.content.decode()
    assert figure_value(havering, year_2010, "robbery") == 3390


def test_a_total_that_its_parts_do_not_add_up_to_is_asked_about(editor_client, havering, year_2009):
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    parts = {
        "residential-burglary__result": "1,880",
        "robbery__result": "346",
        "theft-from-vehicles__result": "1,214",
        "theft-of-vehicles__result": "813",
    }
    data = entry_data(**parts, **{"serious-acquisitive-crime__result": "4,235"})
    html = editor_client.post(url, data).content.decode()
    assert (
        "Serious acquisitive crime is 4,235, but its parts (Residential burglary, Total "
        "robbery, Theft from vehicles, Theft or taking of vehicles) add up to 4,253." in html
    )
    assert not Figure.objects.exists()
    data = entry_data(**parts, **{"serious-acquisitive-crime__result": "4,253"})
    response = editor_client.post(url, data, follow=True)
    assert "5 added, 0 changed, 0 removed" in response.content.decode()


def test_emptying_a_box_removes_that_figure_and_unchanged_figures_stay(
    staff_client, leaflet_figures, havering, year_2009
):
    existing = {
        f"{f.measure.slug}__{f.kind}": str(f.value)
        for f in Figure.objects.filter(area=havering, year=year_2009)
    }
    stamp = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="robbery", kind="result"
    ).updated_at
    del existing["gun-crime__target"]
    url = f"{ENTER}?area={havering.pk}&year={year_2009.pk}"
    response = staff_client.post(url, entry_data(**existing), follow=True)
    assert "0 added, 0 changed, 1 removed, 13 unchanged" in response.content.decode()
    assert not Figure.objects.filter(
        area=havering, year=year_2009, measure__slug="gun-crime", kind="target"
    ).exists()
    robbery = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="robbery", kind="result"
    )
    assert robbery.updated_at == stamp


def test_entry_screen_needs_a_staff_login(client, havering, year_2009):
    response = client.get(ENTER, {"area": havering.pk, "year": year_2009.pk})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_entry_screen_refuses_staff_without_permission_to_change_figures(
    client, django_user_model, havering, year_2009
):
    user = django_user_model.objects.create_user("viewer", password="x-pass-123", is_staff=True)
    client.force_login(user)
    response = client.get(ENTER, {"area": havering.pk, "year": year_2009.pk})
    assert response.status_code == 403


def test_entry_screen_asks_for_an_area_and_year_first(staff_client):
    response = staff_client.get(ENTER)
    assert response.status_code == 200
    assert "Which figures?" in response.content.decode()
    response = staff_client.get(ENTER, {"area": "999999", "year": "x"})
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        Area,
        EngagementGroup,
        UsefulContact,
        Measure,
        FinancialYear,
        Figure,
        BoroughSummary,
        LondonSummary,
    ],
)
def test_every_model_has_a_working_list_add_and_search_in_the_admin(
    staff_client, leaflet_figures, model
):
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "Havering"}).status_code == 200
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert staff_client.get(add).status_code == 200


def test_a_figure_edited_in_the_admin_is_checked_against_its_unit(
    staff_client, havering, year_2009
):
    measure = Measure.objects.get(slug="public-confidence")
    response = staff_client.post(
        reverse("admin:performance_figure_add"),
        {
            "area": havering.pk,
            "measure": measure.pk,
            "year": year_2009.pk,
            "kind": "result",
            "value": "101",
        },
    )
    assert response.status_code == 200
    assert "A percentage must be between 0 and 100." in response.content.decode()
    assert not Figure.objects.exists()


def test_a_measures_unit_cannot_change_once_it_has_figures(staff_client, leaflet_figures):
    measure = Measure.objects.get(slug="robbery")
    response = staff_client.post(
        reverse("admin:performance_measure_change", args=[measure.pk]),
        {
            "name": measure.name,
            "unit": "percent",
            "better": "higher",
            "target_kind": "level",
            "position": measure.position,
            "description": "",
        },
    )
    assert response.status_code == 200
    assert "This measure has figures, so its unit cannot change." in response.content.decode()
    measure.refresh_from_db()
    assert measure.unit == "offences"


def test_a_single_figure_is_typed_as_text_and_read_like_the_entry_screen(
    editor_client, leaflet_figures, havering, year_2009
):
    figure = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="robbery", kind="result"
    )
    url = f"/admin/performance/figure/{figure.pk}/change/"
    html = editor_client.get(url).content.decode()
    assert 'name="value" value="339"' in html and 'type="number"' not in html
    data = {"value": "1,9O3", "correction_reason": "Keyed again from the police's return."}
    response = editor_client.post(url, data)
    assert "&#x27;1,9O3&#x27; is not a number: it has the letter O in it." in (
        response.content.decode()
    )
    assert 'value="1,9O3"' in response.content.decode()
    response = editor_client.post(url, {**data, "value": "1,903"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 1903
    assert figure.basis == "imputed"  # the form did not say: as it was


def test_staff_say_how_a_figure_is_known_and_the_public_reads_it_once_released(
    staff_client, client, leaflet_figures, havering, year_2009
):
    from performance.models import PublishedVia
    from performance.publication.writing import publish

    target = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="robbery", kind="target"
    )
    assert target.basis == "assumed"
    url = f"/admin/performance/figure/{target.pk}/change/"
    assert 'name="basis"' in staff_client.get(url).content.decode()
    response = staff_client.post(
        url,
        {"value": "-2.5", "basis": "recorded", "correction_reason": "The target was published."},
    )
    assert response.status_code == 302
    api = "/api/v1/boroughs/havering/performance/2009-10"
    robbery = next(m for m in client.get(api).json()["measures"] if m["measure"] == "robbery")
    assert robbery["target_basis"] == "assumed"  # not until a release
    publish(year=year_2009, via=PublishedVia.ADMIN, reason="Its target was published")
    robbery = next(m for m in client.get(api).json()["measures"] if m["measure"] == "robbery")
    assert robbery["target_basis"] == "recorded"


def test_the_figures_list_shows_and_filters_each_figures_status(
    editor_client, leaflet_figures, havering, year_2009
):
    from .html import table_rows

    robbery = Figure.objects.get(
        area=havering, year=year_2009, measure__slug="robbery", kind="result"
    )
    robbery.value, robbery.correction_reason = 340, "Keyed wrongly."
    robbery.save()
    year_2010 = FinancialYear.objects.get(start_year=2010)
    Figure.objects.create(
        area=havering, year=year_2010, measure=robbery.measure, kind="result", value=350
    )
    listing = "/admin/performance/figure/"

    def rows(**query):
        html = editor_client.get(listing, query).content.decode()
        return [row for row in table_rows(html[html.index('id="result_list"') - 200 :])[1:]]

    changed = rows(status="changed")
    assert len(changed) == 1 and "Changed since publication" in changed[0]
    assert "340" in changed[0]
    drafts = rows(status="draft")
    assert len(drafts) == 1 and "Draft: not yet published" in drafts[0] and "2010/11" in drafts[0]
    published = rows(status="published")
    assert len(published) == Figure.objects.filter(area=havering).count() - 2
    assert all("Published" in row for row in published)


@pytest.mark.parametrize(
    "listing",
    ["performance/boroughsummary", "boroughs/engagementgroup", "boroughs/usefulcontact"],
)
def test_words_groups_and_contacts_show_and_filter_their_status(
    editor_client, havering, year_2009, listing
):
    from boroughs.models import EngagementGroup, UsefulContact
    from performance.models import BoroughSummary

    from .conftest import publish_everything
    from .html import table_rows

    made = {
        "performance/boroughsummary": lambda name: BoroughSummary.objects.create(
            area=havering, year=year_2009, commander_name=name
        ),
        "boroughs/engagementgroup": lambda name: EngagementGroup.objects.create(
            area=havering, name=name
        ),
        "boroughs/usefulcontact": lambda name: UsefulContact.objects.create(
            area=havering, name=name
        ),
    }[listing]

    def rows(**query):
        html = editor_client.get(f"/admin/{listing}/", query).content.decode()
        if 'id="result_list"' not in html:  # nothing of that status
            return []
        return table_rows(html[html.index('id="result_list"') - 200 :])[1:]

    first = made("First name")
    assert [row[-1] for row in rows()] == ["Draft: not yet published"]
    publish_everything()
    assert [row[-1] for row in rows()] == ["Published"]
    first.commander_name = first.name = "Second name"
    first.save()
    changed = rows(status="changed")
    assert len(changed) == 1 and changed[0][-1] == "Changed since publication"
    assert rows(status="published") == []
    form = editor_client.get(f"/admin/{listing}/{first.pk}/change/").content.decode()
    assert "Changed since publication" in form
