"""Survey estimates with and without a published sample size, as the public read them: the
page, the API and the figures download, through a release."""

import csv
import io
from html import unescape

import pytest

from performance.figures.loading import import_figures_file

from .conftest import csv_bytes, publish_everything
from .html import table_rows
from .test_uncertainty import one_place, wilson_by_quadratic

pytestmark = pytest.mark.django_db

LONDON_CONFIDENCE_SAMPLE = "E23000001,London,public-confidence,2009/10,sample_size,640"


@pytest.fixture
def confidence_with_sample(leaflet_figures):
    """The leaflet's London-wide confidence, 53.1% against 51.4%, said to be from 640 people."""
    report = import_figures_file(csv_bytes(LONDON_CONFIDENCE_SAMPLE))
    assert report.ok, report.problems
    publish_everything()


def london_row(client, name):
    rows = table_rows(client.get("/london/2009-10/").content.decode())
    return next(row for row in rows if row[0].removesuffix(" Revised") == name)


def test_a_survey_figure_with_a_sample_size_shows_its_interval_and_is_judged_by_it(
    client, confidence_with_sample
):
    low, high = (one_place(bound) for bound in wilson_by_quadratic(0.531, 640))
    # The issue's ±3.9 is the normal approximation (49.2 to 57.0); Wilson's upper bound is
    # a little lower.
    assert (str(low), str(high)) == ("49.2", "56.9")
    confidence = london_row(client, "Public confidence in local policing")
    assert confidence[1].startswith(
        f"53.1% against a target of 51.4%Approximate 95% confidence interval {low}% to "
        f"{high}%; "
        "640 people asked."
    )
    # 51.4% is inside the interval: neither achieved nor missed.
    assert confidence[3].startswith("Not significantly different from the target")


def test_a_survey_figure_without_a_sample_size_says_so_and_is_judged_as_before(
    client, confidence_with_sample
):
    gap = london_row(client, "Satisfaction gap between White and BME victims")
    assert gap[1].startswith(
        "4.9 percentage points against a target of 3.8 percentage points"
        "Sample size not published, so no confidence interval."
    )
    assert gap[3].startswith("Target missed")  # the leaflet's verdict stands


def test_the_api_gives_the_sample_size_interval_and_status(client, confidence_with_sample):
    measures = {
        m["measure"]: m for m in client.get("/api/v1/london/performance/2009-10").json()["measures"]
    }
    low, high = (float(one_place(b)) for b in wilson_by_quadratic(0.531, 640))
    confidence = measures["public-confidence"]
    assert confidence["status"] == "not-significant"
    assert confidence["sample_size"] == [640]
    assert confidence["confidence_interval"] == {"level": 0.95, "low": low, "high": high}
    gap = measures["victim-satisfaction-gap"]
    assert (gap["status"], gap["sample_size"], gap["confidence_interval"]) == ("missed", None, None)


def test_the_sample_size_is_in_the_download_and_imports_back_unchanged(
    client, confidence_with_sample
):
    download = client.get("/data/london.csv").content
    rows = list(csv.reader(io.StringIO(download.decode("utf-8"))))
    confidence = next(r for r in rows if r[2] == "public-confidence" and r[4] == "result")
    assert confidence[-6:-3] == ["not-significant", "49.2", "56.9"]  # status and interval
    assert confidence[-3:] == ["", "", ""]  # a survey measure has no rate per 1,000
    samples = [row[:6] for row in rows if row[4] == "sample_size"]
    assert samples == [
        ["E23000001", "Metropolitan Police (London-wide)", "public-confidence", "2009/10",
         "sample_size", "640"]
    ]  # fmt: skip
    report = import_figures_file(download)
    assert report.ok and report.unchanged == report.total == len(rows) - 1


def test_a_sample_size_for_a_count_or_of_no_one_is_refused_by_line(db):
    report = import_figures_file(
        csv_bytes(
            "E09000016,Havering,robbery,2009/10,sample_size,640",
            "E09000016,Havering,public-confidence,2009/10,sample_size,0",
        )
    )
    assert not report.ok
    problems = " ".join(str(p) for p in report.problems)
    assert "Only a survey-based measure (percent or points) has a sample size." in problems
    assert "A sample size is a whole number of people, 1 or more." in problems


def test_changing_a_sample_size_revises_the_outcome_and_says_why(client, confidence_with_sample):
    from performance.models import Figure

    sample = Figure.objects.get(kind="sample_size")
    sample.value, sample.correction_reason = 6400, "A digit was missed."
    sample.save()
    publish_everything()
    confidence = london_row(client, "Public confidence in local policing")
    assert "6,400 people asked" in confidence[1]
    assert "Revised: The sample size was revised (A digit was missed.)." in confidence[1]
    # From 6,400 people the interval is narrow enough to clear the target.
    assert confidence[3].startswith("Target achieved")


def test_each_measure_has_a_definition_and_source_linked_from_the_tables(client, leaflet_figures):
    from performance.definitions import DEFINITIONS
    from performance.models import Measure

    from .html import text

    data = unescape(client.get("/data/").content.decode())
    for measure in Measure.objects.all():
        about = DEFINITIONS[measure.slug]  # every catalogue measure has one
        assert f'id="measure-{measure.slug}"' in data
        assert about.definition in data and about.source in data
    assert "Metropolitan Police recorded crime" in text(data)
    assert 'id="uncertainty"' in data
    borough = client.get("/boroughs/havering/2009-10/").content.decode()
    assert 'href="/data/#measure-gun-crime">Gun crime</a>' in borough
    api = {m["slug"]: m for m in client.get("/api/v1/measures").json()}
    assert api["public-confidence"]["definition"] == DEFINITIONS["public-confidence"].definition
    assert api["gun-crime"]["source"] == "Metropolitan Police recorded crime"
    package = client.get("/data/datapackage.json").json()
    described = {m["slug"]: m for m in package["measures"]}
    assert described["victim-satisfaction-gap"]["counting"] == (
        DEFINITIONS["victim-satisfaction-gap"].counting
    )
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"definition", "source", "counting", "caveats"} <= set(
        schema["MeasureOut"]["properties"]
    )
    assert "not-significant" in schema["MeasureOutcome"]["properties"]["status"]["enum"]
