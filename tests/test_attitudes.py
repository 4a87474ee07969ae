"""MOPAC's Public Attitude Survey: read whole or refused, published through a release, and
shown on the borough page and by the API as the file gives it."""

import csv
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from performance.attitudes.reading import read_attitudes
from performance.models import AttitudeEdition, AttitudeValue
from performance.rules.quarters import quarter_label, quarter_start
from sitewide.cache import invalidate_public_pages

from .html import text

ATTITUDE_FILE = (
    Path(__file__).parent.parent
    / "performance/data/mopac-public-attitude-survey-borough-quarterly-2014-2026.csv"
)
SLUGS = {"Good job": "good-job", "Fair treatment": "fair-treatment", "Trust MPS": "trust"}
BOROUGHS = ["Havering", "Bexley"]
METRICS = list(SLUGS)


def file_values() -> dict[tuple[str, str, str], Decimal]:
    """{(borough, measure slug, "2025-26-Q4"): per cent} from the file itself."""
    values = {}
    with ATTITUDE_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            quarter, year = row["quarter"].split("_")
            code = f"20{year[:2]}-{year[2:]}-{quarter}"
            values[(row["borough"], SLUGS[row["metric"]], code)] = (
                Decimal(row["metric_value"]) * 100
            ).quantize(Decimal("0.1"))
    return values


def test_quarters_are_read_as_the_police_year_writes_them():
    assert str(quarter_start("Q3_1415")) == "2014-10-01"
    assert str(quarter_start("Q4_2526")) == "2026-01-01"
    assert quarter_start("Q5_2526") is None and quarter_start("Q1_2527") is None
    assert quarter_label(quarter_start("Q4_2526")) == "2025-26-Q4"


def test_a_bad_file_is_refused_whole_with_each_problem_named():
    data = (
        b"date,quarter,borough,metric,metric_value,\n"
        b"10/1/2014,Q3_1415,Havering,Good job,0.56,\n"
        b"10/1/2014,Q3_1415,Gotham,Good job,0.56,\n"
        b"10/1/2014,Q3_1415,Havering,Happiness,0.56,\n"
        b"11/1/2014,Q3_1415,Bexley,Good job,0.56,\n"
        b"10/1/2014,Q3_1415,Bexley,Fair treatment,1.5,\n"
        b"10/1/2014,Q3_1415,Havering,Good job,0.57,\n"
        b"10/1/2014,Q3_1415,Havering,Good job,0.56,\n"
    )
    report = read_attitudes(data, BOROUGHS, METRICS)
    assert not report.ok
    assert report.problems == [
        "line 3, column borough: 'Gotham' is not a London borough.",
        "line 4, column metric: 'Happiness' is not one of the survey's measures (Good job, "
        "Fair treatment, Trust MPS).",
        "line 5, column date: '11/1/2014' is not the first day of Q3_1415 (10/1/2014).",
        "line 6, column metric_value: '1.5' is not a share between 0 and 1 (0.56 for 56%).",
        "line 7: Havering, Good job, Q3_1415 is given twice with different values: also on line 2.",
    ]
    # A row repeated exactly, as MOPAC's own file does, is one value, and said.
    assert report.repeated == [8]


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "pas.csv"
    bad.write_text("date,quarter,borough\n10/1/2014,Q3_1415,Havering\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_attitudes", str(bad))
    assert not AttitudeEdition.objects.exists() and not AttitudeValue.objects.exists()


class TestOnTheDemo:
    def test_random_boroughs_and_quarters_through_the_page_and_the_api(self, client, demo):
        values = file_values()
        picks = random.Random(29).sample(sorted(values), 12)
        for borough, slug, code in picks:
            address = borough.lower().replace(" ", "-")
            answer = client.get(f"/api/v1/boroughs/{address}/attitudes").json()
            found = [a for a in answer if a["measure"] == slug and a["quarter"] == code]
            assert len(found) == 1, (borough, slug, code)
            assert Decimal(str(found[0]["value"])) == values[(borough, slug, code)]

    def test_the_borough_page_says_what_people_think_and_how_it_is_known(self, client, demo):
        values = file_values()
        page = text(client.get("/boroughs/havering/").content.decode())
        latest = values[("Havering", "good-job", "2025-26-Q4")]
        before = values[("Havering", "good-job", "2024-25-Q4")]
        change = latest - before
        way = "up" if change > 0 else "down"
        assert (
            f"{latest}% agree the police do a good job in the local area (January to March "
            f"2026): {way} {abs(change)} points on a year before" in page
        )
        # Where Havering stands among the 32, counted from the file.
        higher = sum(
            1
            for (borough, slug, code), value in values.items()
            if slug == "good-job" and code == "2025-26-Q4" and value > latest
        )
        assert f"{higher + 1}" in page.split("do a good job")[1].split("highest of 32")[0]
        assert "Sample size not published" in page and "no margin of error" in page
        assert "Mayor's Office for Policing and Crime" in page
        # MOPAC publishes no London-wide share here: none is made from the boroughs.
        assert "No London-wide figure is published with them, so none is shown" in page

    def test_an_unpublished_edition_is_nowhere(self, client, demo):
        AttitudeEdition.objects.update(release=None, release_at=None)
        invalidate_public_pages()
        assert client.get("/api/v1/boroughs/havering/attitudes").json() == []
        assert "What people in Havering think" not in text(
            client.get("/boroughs/havering/2024-25/").content.decode()
        )


@pytest.mark.django_db
def test_an_administrator_imports_an_edition_in_the_admin_as_a_draft(client, administrator):
    from .conftest import signed_in

    signed_in(client, administrator)
    page = client.get("/admin/performance/attitudeedition/")
    assert "Import an edition" in page.content.decode()
    bad = b"date,quarter,borough,metric,metric_value\n10/1/2014,Q3_1415,Gotham,Good job,0.56\n"
    refused = client.post(
        "/admin/performance/attitudeedition/import/",
        {"import_file": SimpleUploadedFile("pas.csv", bad)},
    )
    assert "line 2, column borough: &#x27;Gotham&#x27; is not a London borough." in (
        refused.content.decode()
    )
    assert not AttitudeEdition.objects.exists()
    good = ATTITUDE_FILE.read_bytes()
    done = client.post(
        "/admin/performance/attitudeedition/import/",
        {"import_file": SimpleUploadedFile(ATTITUDE_FILE.name, good)},
        follow=True,
    )
    assert "Imported: 4,256 values for 46 quarters" in text(done.content.decode())
    edition = AttitudeEdition.objects.get()
    assert edition.release is None and edition.published_on_is_approximate
    home = text(client.get("/admin/").content.decode())
    assert "A new edition of the Public Attitude Survey is ready to review" in home


@pytest.mark.django_db
def test_an_analyst_sees_the_editions_but_cannot_import(client, analyst):
    from .conftest import signed_in

    signed_in(client, analyst)
    assert client.get("/admin/performance/attitudeedition/").status_code == 200
    assert client.get("/admin/performance/attitudeedition/import/").status_code == 403
