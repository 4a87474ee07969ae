"""A person finds Havering, reads its summary and has their say: by mouse, on a small
screen, and by keyboard alone; and every kind of public page passes an axe-core scan."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.serial,
]

SURVEY = "Have your say on policing priorities for 2011/12"


def find_havering_and_read(page, site):
    page.goto(site + "/")
    page.get_by_label("Find your borough").fill("Havering")
    page.get_by_role("button", name="Search").click()
    # The latest complete year of the police's record (919 in 2023/24, 755 in 2024/25).
    expect(page.get_by_role("heading", level=1)).to_have_text("Local policing summary 2024/25")
    row = (
        page.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Residential burglary", exact=True))
        .first
    )
    expect(row).to_contain_text("164 offences or \u221217.8%")
    expect(row).to_contain_text("No target")


def have_your_say_with_a_mistake(page):
    page.get_by_role("link", name="Have your say on policing in Havering as a resident").click()
    page.get_by_role("link", name=SURVEY, exact=True).click()
    # The borough comes chosen, shown in the box the accessible autocomplete puts in place.
    expect(page.get_by_label("Which London borough do you live or work in?")).to_have_value(
        "Havering"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Policing in your area")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Select how well the police in your area do their job")


def check_and_send(page):
    """The optional pages passed by, then the answers checked and sent."""
    for heading in ("About you (optional)", "Can we contact you? (optional)"):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    page.get_by_role("button", name="Send your answers").click()


def finish(page):
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()
    expect(page.locator(".govuk-panel__body")).to_contain_text(re.compile(r"HYS-[A-Z0-9]{8}"))


def test_a_person_finds_havering_reads_it_and_has_their_say(page, site):
    find_havering_and_read(page, site)
    have_your_say_with_a_mistake(page)
    page.locator(".govuk-error-summary a").first.click()
    page.get_by_label("Residential burglary").check()
    page.get_by_label("Knife crime").check()
    page.get_by_label("Fairly well").check()
    page.get_by_role("button", name="Continue").click()
    check_and_send(page)
    finish(page)


def test_the_same_on_a_320_pixel_wide_screen(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    find_havering_and_read(page, site)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    have_your_say_with_a_mistake(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Theft from vehicles").check()
    page.get_by_label("Very well").check()
    page.get_by_role("button", name="Continue").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_and_send(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finish(page)


def tab_to(page, locator, limit=250):
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_the_same_by_keyboard_alone(page, site):
    page.goto(site + "/")
    tab_to(page, page.get_by_role("link", name="Skip to main content"))
    tab_to(page, page.get_by_label("Find your borough"))
    page.keyboard.type("Havering")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local policing summary 2024/25")
    as_a_resident = "Have your say on policing in Havering as a resident"
    tab_to(page, page.get_by_role("link", name=as_a_resident))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=SURVEY, exact=True))
    page.keyboard.press("Enter")
    # Another borough, typed into the accessible autocomplete: five key presses.
    expect(page.locator("input#id_borough")).to_be_visible()
    tab_to(page, page.get_by_label("Which London borough do you live or work in?"))
    page.keyboard.press("Control+a")
    for key in ("b", "e", "x", "Enter"):
        page.keyboard.press(key)
    expect(page.locator("select[name=borough]")).to_have_value("bexley")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    tab_to(page, page.get_by_label("Residential burglary"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Very poorly"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Fairly well")).to_be_checked()
    for _ in range(3):  # the questions, about you, contact
        tab_to(page, page.get_by_role("button", name="Continue"))
        page.keyboard.press("Enter")
    expect(page.get_by_text("Bexley", exact=True)).to_be_visible()  # as checked
    tab_to(page, page.get_by_role("button", name="Send your answers"))
    page.keyboard.press("Enter")
    finish(page)


PAGES = {
    "home": "/",
    "find": "/boroughs/?q=ham",
    "find a place in two boroughs": "/boroughs/?q=Hayes",
    "find an unknown postcode": "/boroughs/?q=M1+1AE",
    "find the City of London": "/boroughs/?q=EC4M+7AA",
    "find with nothing typed": "/boroughs/?q=",
    "a borough found by a misspelt place": "/boroughs/havering/?searched=Romferd",
    "london": "/london/2009-10/",
    "borough": "/boroughs/havering/2009-10/",
    "borough as published": "/boroughs/havering/2009-10/as-published/2010-06-01/",
    "london as published": "/london/2009-10/as-published/2010-06-01/",
    "data": "/data/",
    "api": "/api/v1/",
    "survey list": "/have-your-say/",
    "survey list for businesses": "/have-your-say/?audience=businesses",
    "business survey form": "/have-your-say/businesses-2011-12/?borough=havering",
    "survey form": "/have-your-say/residents-2011-12/?borough=havering",
    "printable survey": "/have-your-say/residents-2011-12/print/",
    "results": "/have-your-say/residents-2010-11/results/?borough=havering",
    "corrections": "/london/2009-10/corrections/",
    "compare": "/boroughs/havering/2009-10/compare/",
    "compare with another borough": "/boroughs/havering/2009-10/compare/?with=bexley",
    "accessibility": "/accessibility/",
    "not found": "/boroughs/gotham/",
    "london with its map shaded by change": "/london/2024-25/?shade=change",
    "london's equal-size tiles": "/london/2024-25/?map=tiles",
    "a borough's wards": "/boroughs/havering/wards/?sort=total&order=desc",
    "a ward": "/boroughs/havering/wards/E05013973/",
    "wards of one name": "/boroughs/?q=Kilburn",
    "release calendar": "/releases/",
}


def assert_no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_kind_of_public_page_passes_axe(page, site):
    # One test for every page kind: loading the demo for each (it holds the police's
    # monthly counts for all of London) took longer than the checks themselves.
    failed = {}
    for name, path in PAGES.items():
        page.goto(site + path)
        results = Axe().run(page)
        if results.violations_count:
            failed[name] = results.generate_report()
    assert not failed, "\n\n".join(f"{name}:\n{report}" for name, report in failed.items())


def test_a_survey_with_errors_and_its_confirmation_pass_axe(page, site):
    page.goto(site + "/have-your-say/residents-2011-12/")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Select the borough"])
    assert_no_violations(page)
    # The borough by keyboard, in the accessible autocomplete: four key presses.
    expect(page.locator("input#id_borough")).to_be_visible()
    page.get_by_label("Which London borough do you live or work in?").focus()
    for key in ("h", "a", "v", "Enter"):
        page.keyboard.press(key)
    expect(page.locator("select[name=borough]")).to_have_value("havering")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Gun crime").check()
    page.get_by_label("Very well").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    assert_no_violations(page)  # check your answers
    page.get_by_role("button", name="Send your answers").click()
    finish(page)
    assert_no_violations(page)


# ---------------------------------------------------------------- issue 14: answers first


def test_a_phone_user_finds_their_borough_from_a_postcode_or_a_place(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + "/")
    page.get_by_label("Find your borough").fill("rm1 3ab")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(site + "/boroughs/havering/?searched=rm1+3ab")
    expect(page.locator("#searched")).to_have_text("RM1 3AB is in Havering. Search again")
    page.goto(site + "/")
    page.get_by_label("Find your borough").fill("Hayes")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#find-result")).to_have_text('2 boroughs match "Hayes". Choose yours:')
    page.get_by_role("link", name="Hillingdon", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Local policing summary")
    expect(page.locator(".govuk-caption-xl")).to_have_text("Hillingdon")


def test_the_verdict_is_on_a_phones_first_screen(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + "/boroughs/havering/2009-10/")
    verdict = page.get_by_text("Targets met: 2 of 7.")
    expect(verdict).to_be_visible()
    box = verdict.bounding_box()
    assert box["y"] + box["height"] <= 2 * 640  # within two screens, before any message
    burglary = page.locator(".lps-in-short li").filter(has_text="Residential burglary")
    expect(burglary).to_have_text(
        "Residential burglary rose by 382 to 1,882, up 25.5%, missing its target of a 2.5% "
        "reduction."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_business_finds_its_own_survey_from_the_home_page(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Have your say as a business").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Have your say as a business")
    page.get_by_role("link", name=SURVEY + " (businesses)", exact=True).click()
    # The box the accessible autocomplete puts in place of the list, once it has.
    borough = page.locator("input#id_borough")
    expect(borough).to_be_visible()
    borough.fill("Havering")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Shoplifting").check()
    page.get_by_label("Fairly well").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About your business (optional)")
    expect(page.get_by_text("How old are you?")).to_have_count(0)


def test_the_printed_leaflet_is_a_tagged_pdf_of_at_most_four_pages(page, site):
    import io

    from pypdf import PdfReader

    from tests.conftest import run_queued_jobs

    page.goto(site + "/boroughs/havering/2009-10/")
    link = page.get_by_role("link", name="Download this summary as a printable leaflet (PDF)")
    address = link.get_attribute("href")
    page.request.get(site + address)  # asks for it to be drawn
    run_queued_jobs()
    response = page.request.get(site + address)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) <= 4
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Local Policing Summary: Havering 2009/10"


# ------------------------------------------------------ issue 27: answers on a phone


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_first_screen_after_a_search_holds_the_borough_the_reading_and_burglary(
    page, site, width
):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site + "/")
    search = page.get_by_label("Find your borough")
    assert search.bounding_box()["y"] < 844  # the home page's first screen holds the search
    search.fill("Romford")
    search.press("Enter")
    for shown in (
        page.get_by_text("Romford is in Havering."),
        page.locator(".lps-in-short li").filter(has_text="Residential burglary"),
    ):
        expect(shown).to_be_visible()
        box = shown.bounding_box()
        assert box["y"] + box["height"] <= 844, (width, shown)
    expect(
        page.locator(".lps-in-short li").filter(has_text="Residential burglary")
    ).to_contain_text("Residential burglary fell 17.8%")


# Elements reaching past the screen's right edge, but for those inside a box clipped to
# nothing (visually hidden: for screen readers, never seen).
WIDER_THAN = """(width) => [...document.querySelectorAll("body *")]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 1)
    .filter((e) => {
        for (let a = e; a; a = a.parentElement) {
            if (a.getBoundingClientRect().width <= 1 && getComputedStyle(a).overflow === "hidden")
                return false;
        }
        return true;
    })
    .map((e) => e.tagName + " " + (e.textContent || "").trim().slice(0, 40))"""


def test_no_public_page_or_table_is_wider_than_a_320_pixel_screen(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    wider = {}
    for name, path in PAGES.items():
        page.goto(site + path)
        # Notes folded away count too: open every one.
        page.evaluate("document.querySelectorAll('details').forEach((d) => (d.open = true))")
        if found := page.evaluate(WIDER_THAN, 320):
            wider[name] = found[:3]
    assert not wider
