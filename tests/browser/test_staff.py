"""Staff in the admin, signed in as their role: entering a borough's figures by hand."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import restore_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.serial,
]


def sign_in_as(page, live_server, django_user_model, role, username, boroughs=()):
    """A member of staff in one role, signed in through the admin's own sign-in page, with
    the leaflet's figures for 2008/09 and 2009/10 published."""
    from django.core.management import call_command

    from performance.figures.loading import import_figures_file
    from tests.conftest import LEAFLET_CSV, publish_everything, user_in

    restore_reference_data()
    call_command("migrate", "boroughs", verbosity=0)  # the roles, if a flush took them
    assert import_figures_file(LEAFLET_CSV.read_bytes()).ok
    publish_everything()
    user_in(django_user_model, role, username, boroughs)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("x-pass-123456")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What would you like to do?")).to_be_visible()
    return live_server.url


@pytest.fixture
def havering_editor_signed_in(page, live_server, django_user_model):
    from tests.conftest import BOROUGH_EDITOR

    return sign_in_as(
        page, live_server, django_user_model, BOROUGH_EDITOR, "havering-editor", ["havering"]
    )


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_editor_mistypes_a_figure_sees_it_kept_with_the_reason_and_fixes_it(
    page, havering_editor_signed_in
):
    page.goto(havering_editor_signed_in + "/admin/performance/figure/enter/")
    page.get_by_label("Borough or London-wide").select_option(label="Havering")
    page.get_by_label("Financial year").select_option(label="2010/11")
    page.get_by_role("button", name="Show figures").click()
    box = page.get_by_label("Residential burglary: result")
    expect(page.get_by_text("2009/10: 1,880")).to_be_visible()  # last year, under the box
    # A letter O for a zero: kept as typed, and refused with the reason.
    box.fill("19O3")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("Nothing has been saved.")).to_be_visible()
    box = page.get_by_label("Residential burglary: result")
    expect(box).to_have_value("19O3")
    expect(page.get_by_text("'19O3' is not a number: it has the letter O in it.")).to_be_visible()
    no_axe_violations(page)
    # Fixed, with a thousands separator: saved as 1,903, and said to be a draft.
    box.fill("1,903")
    # As it is typed, the change it implies on last year's 1,880.
    expect(page.locator("#residential-burglary-change")).to_have_text("Up 1.2% on last year.")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("1 added, 0 changed, 0 removed")).to_be_visible()
    expect(page.get_by_text("These figures are drafts")).to_be_visible()
    expect(page.get_by_label("Residential burglary: result")).to_have_value("1903")
    # An editor may not publish: they are shown how the page will look, not offered to.
    expect(page.get_by_role("link", name="See how Havering, 2010/11 will look")).to_be_visible()
    expect(page.get_by_role("link", name="Review and publish")).to_have_count(0)


def test_an_administrator_reviews_a_correction_and_publishes_it(
    page, live_server, django_user_model
):
    from performance.models import Figure
    from tests.conftest import ADMINISTRATOR

    site = sign_in_as(page, live_server, django_user_model, ADMINISTRATOR, "admin-sam")
    burglary = Figure.objects.get(
        area__slug="havering",
        measure__slug="residential-burglary",
        year__start_year=2009,
        kind="result",
    )
    burglary.value = 1882  # corrected, say by an import, without a reason yet
    burglary.save()
    page.reload()  # the home says what is waiting, each year's drafts a link to review
    waiting = "Review and publish: 1 draft figure for 2009/10 not yet published (1 correcting"
    expect(page.get_by_role("link", name=waiting)).to_be_visible()
    no_axe_violations(page)
    clicks = 0
    page.get_by_role("link", name=waiting).click()
    clicks += 1
    # The review shows the published value and the new one, and asks why it changes.
    figures = page.get_by_role("table").filter(has_text="Figures that change")
    expect(figures).to_contain_text("1,880")
    expect(figures).to_contain_text("1,882")
    reason = page.get_by_label(re.compile(r"Havering · Residential burglary · 2009/10 · result"))
    no_axe_violations(page)
    reason.fill("Revised in the police's later count.")
    page.get_by_role("button", name="Save the reasons and review again").click()
    clicks += 1
    expect(
        page.get_by_role(
            "heading", name="You are about to publish 1 correction for 2009/10, every area"
        )
    ).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="Publish 1 correction for 2009/10, every area").click()
    clicks += 1
    expect(page.locator(".lps-panel")).to_contain_text("It is on the public site now.")
    expect(page.get_by_text("0 new outcomes, 2 revised and 0 withdrawn")).to_be_visible()
    no_axe_violations(page)
    assert clicks <= 5
    page.goto(site + "/boroughs/havering/2009-10/")
    row = page.get_by_role("row").filter(has_text="Residential burglary").first
    expect(row).to_contain_text("Revised")
    expect(row).to_contain_text("1,882")


def test_a_consultation_officer_keys_a_paper_form_as_ticked(page, live_server, django_user_model):
    from tests.conftest import CONSULTATION_OFFICER
    from tests.factories import make_survey

    survey = make_survey()
    sign_in_as(page, live_server, django_user_model, CONSULTATION_OFFICER, "officer-kim")
    page.get_by_role("link", name=f"Key a response to {survey}").click()
    page.get_by_label("Paper").check()
    page.get_by_label("Date received").fill("1/12/2026")
    page.get_by_label("Which London borough").select_option(label="Havering")
    # Three ticks where two are allowed: recorded as ticked.
    for label in ("Residential burglary", "Total robbery", "Knife crime"):
        page.get_by_label(label).check()
    page.get_by_label("Fairly well").check()
    no_axe_violations(page)
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("has 3 ticks where up to 2 are allowed")).to_be_visible()
    # The next form keeps how responses come in and the day received.
    expect(page.get_by_label("Paper")).to_be_checked()
    expect(page.get_by_label("Date received")).to_have_value("01/12/2026")


def test_a_borough_editor_imports_a_file_checks_what_it_would_change_and_confirms(
    page, havering_editor_signed_in
):
    from tests.conftest import run_queued_jobs

    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("File").set_input_files(
        files=[
            {
                "name": "havering-2010-11.csv",
                "mimeType": "text/csv",
                "buffer": b"area_code,area_name,measure,year,figure,value\n"
                b"E09000016,Havering,robbery,2010/11,result,330\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("status")).to_contain_text("waiting to be checked")
    run_queued_jobs()  # the background worker checks the file
    page.reload()
    expect(
        page.get_by_text("1 new figure, 0 changed, 0 unchanged. Nothing has been written")
    ).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="Confirm import").click()
    run_queued_jobs()  # and imports it once confirmed
    page.reload()
    expect(page.get_by_text("Imported 1 row: 1 new figure")).to_be_visible()
    expect(page.get_by_text("They are drafts")).to_be_visible()


def test_a_consultation_officer_groups_comments_into_a_theme(page, live_server, django_user_model):
    from consultation.models import Answer, Response
    from tests.conftest import CONSULTATION_OFFICER
    from tests.factories import add_responses, make_survey, questions

    survey = make_survey()
    add_responses(survey, 1)
    Answer.objects.create(
        response=Response.objects.get(),
        question=questions(survey)["text"],
        text="Demo text: cars parked on the pavement.",
    )
    sign_in_as(page, live_server, django_user_model, CONSULTATION_OFFICER, "officer-kim")
    page.get_by_role("link", name=f"{survey}: 1 response").click()
    page.get_by_role("link", name="Group the comments into themes").click()
    page.get_by_label("Add a theme").fill("Parking")
    page.get_by_role("button", name="Add theme").click()
    page.get_by_role("group", name="Themes for").get_by_label("Parking").check()
    page.get_by_role("button", name="Save the themes of this comment").click()
    expect(page.get_by_text("Themes saved for 1 comment.")).to_be_visible()
    expect(page.get_by_role("row", name="Parking 1")).to_be_visible()
    no_axe_violations(page)
    page.get_by_label("New name for 'Parking'").fill("Parking on pavements")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("row", name="Parking on pavements 1")).to_be_visible()
