"""The public read a survey figure judged by its margin of error, and the notes beside small
counts: the new status word and notes pass an axe-core scan."""

import pytest
from playwright.sync_api import expect

from .conftest import restore_reference_data
from .test_staff import no_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.serial,
]


@pytest.fixture
def leaflet_with_a_sample_size(live_server):
    """The leaflet's figures, and London-wide confidence said to come from 640 people."""
    from performance.figures.loading import import_figures_file
    from tests.conftest import LEAFLET_CSV, csv_bytes, publish_everything

    restore_reference_data()
    assert import_figures_file(LEAFLET_CSV.read_bytes()).ok
    sample = "E23000001,London,public-confidence,2009/10,sample_size,640"
    assert import_figures_file(csv_bytes(sample)).ok
    publish_everything()
    return live_server.url


def test_a_reader_sees_a_survey_figure_within_its_margin_and_follows_how_it_is_judged(
    page, leaflet_with_a_sample_size
):
    page.goto(leaflet_with_a_sample_size + "/london/2009-10/")
    row = page.get_by_role("row").filter(has_text="Public confidence in local policing").first
    expect(row).to_contain_text("95% confidence interval 49.2% to 56.9%; 640 people asked")
    expect(row).to_contain_text("Not significantly different from the target")
    no_axe_violations(page)
    page.goto(leaflet_with_a_sample_size + "/boroughs/havering/2009-10/")
    gun = page.get_by_role("row").filter(has_text="Gun crime").first
    expect(gun).to_contain_text("Within ordinary variation: a change of 3 can happen by chance")
    no_axe_violations(page)
    gun.get_by_role("link", name="Gun crime").click()
    expect(page.get_by_role("heading", name="Gun crime", exact=True)).to_be_in_viewport()
    expect(
        page.get_by_role("heading", name="How we judge survey figures and small numbers")
    ).to_be_attached()
    no_axe_violations(page)
