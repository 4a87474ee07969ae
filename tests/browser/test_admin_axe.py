"""axe finds nothing on the admin's sign-in page, nor, for each role, on its task home and
every page its tasks link to (issue 24, item 8)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import restore_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.serial,
]


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [] if results.violations_count == 0 else [page.url + "\n" + results.generate_report()]


def test_no_axe_violations_on_sign_in_and_every_task_page_of_every_role(
    browser, live_server, django_user_model
):
    from django.core.management import call_command

    from performance.figures.loading import import_figures_file
    from tests.conftest import (
        ADMINISTRATOR,
        ANALYST,
        BOROUGH_EDITOR,
        CONSULTATION_OFFICER,
        LEAFLET_CSV,
        publish_everything,
        user_in,
    )
    from tests.factories import add_responses, make_survey

    restore_reference_data()
    call_command("migrate", "boroughs", verbosity=0)  # the roles, if a flush took them
    assert import_figures_file(LEAFLET_CSV.read_bytes()).ok
    publish_everything()
    # A correction waiting, so the Administrator's home links to its review (old and new).
    from performance.models import Figure

    waiting = Figure.objects.filter(area__slug="havering", kind="result").first()
    waiting.value += 1
    waiting.save()
    survey = make_survey(slug="walked", opens=-60, closes=-1)
    add_responses(survey, 3, borough="havering", priorities=["Robbery"])
    found, visited = [], 0
    for role, boroughs in (
        (ADMINISTRATOR, ()),
        (BOROUGH_EDITOR, ("havering",)),
        (ANALYST, ()),
        (CONSULTATION_OFFICER, ()),
    ):
        username = role.lower().replace(" ", "-")
        user_in(django_user_model, role, username, boroughs)
        context = browser.new_context()
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        found += violations(page)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("x-pass-123456")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server.url + "/admin/")
        found += violations(page)
        tasks = page.locator(".lps-task a").evaluate_all("links => links.map(a => a.href)")
        assert tasks, role
        for url in dict.fromkeys(tasks):
            page.goto(url)
            found += violations(page)
            visited += 1
        context.close()
    assert visited >= 12
    assert not found, "\n\n".join(found)
