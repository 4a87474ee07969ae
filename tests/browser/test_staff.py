"""Staff in the admin, signed in as their role: entering a borough's figures by hand."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import restore_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.serial,
]


@pytest.fixture
def havering_editor_signed_in(page, live_server, django_user_model):
    """Havering's borough editor, signed in through the admin's own sign-in page, with the
    leaflet's figures for 2008/09 and 2009/10 published."""
    from django.core.management import call_command

    from tests.conftest import BOROUGH_EDITOR, LEAFLET_CSV, publish_everything, user_in

    restore_reference_data()
    call_command("migrate", "boroughs", verbosity=0)  # the roles, if a flush took them
    from performance.importing import import_figures_file

    assert import_figures_file(LEAFLET_CSV.read_bytes()).ok
    publish_everything()
    user_in(django_user_model, BOROUGH_EDITOR, "havering-editor", ["havering"])
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("havering-editor")
    page.get_by_label("Password").fill("x-pass-123456")
    page.get_by_role("button", name="Log in").click()
    return live_server.url


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
    assert Axe().run(page).violations_count == 0
    # Fixed, with a thousands separator: saved as 1,903, and said to be a draft.
    box.fill("1,903")
    # As it is typed, the change it implies on last year's 1,880.
    expect(page.locator("#residential-burglary-change")).to_have_text("Up 1.2% on last year.")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("1 added, 0 changed, 0 removed")).to_be_visible()
    expect(page.get_by_text("These figures are drafts")).to_be_visible()
    expect(page.get_by_label("Residential burglary: result")).to_have_value("1903")
    expect(page.get_by_role("link", name="Review and publish Havering, 2010/11")).to_be_visible()
