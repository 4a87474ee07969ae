"""Telephone numbers on public pages are links a phone can call (issue 14)."""

import pytest

from boroughs.models import Area, UsefulContact
from boroughs.templatetags.contact_links import telephone_link, telephone_uri
from performance.models import FinancialYear
from performance.publication.writing import publish


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("020 7946 0063", "tel:+442079460063"),
        ("(020) 7946-0063", "tel:+442079460063"),
        ("+44 20 7946 0063", "tel:+442079460063"),
        ("999", "tel:999"),
        ("101", "tel:101"),
        ("ask at the front desk", None),
        ("", None),
    ],
)
def test_numbers_are_dialled_from_anywhere(written, uri):
    assert telephone_uri(written) == uri


def test_a_note_after_the_number_stays_outside_the_link():
    assert telephone_link("020 7946 0063 (demo number)") == (
        '<a class="govuk-link" href="tel:+442079460063">020 7946 0063</a> (demo number)'
    )
    assert telephone_link("<b>999</b>") == "<b>999</b>"  # not a number: left as text


@pytest.mark.django_db
def test_a_boroughs_contacts_appear_once_with_tap_to_call_numbers(client, leaflet_figures):
    havering = Area.objects.get(slug="havering")
    UsefulContact.objects.create(name="Victim support (demo)", telephone="020 7946 0050")
    UsefulContact.objects.create(
        area=havering, name="Havering safer neighbourhoods (demo)", telephone="020 7946 0051"
    )
    publish(year=FinancialYear.objects.get(start_year=2009))
    html = client.get("/boroughs/havering/2009-10/").content.decode()
    assert html.count("Victim support (demo)") == 1
    assert html.count('href="tel:+442079460050"') == 1
    assert 'href="tel:+442079460051"' in html
    # Other pages keep the short list in their footer, also tap-to-call.
    home = client.get("/").content.decode()
    assert 'href="tel:+442079460050"' in home.split("<footer")[1]
