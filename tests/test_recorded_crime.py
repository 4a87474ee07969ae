"""The police's published recorded crime: import, category map, years to date, editions.

Expected results are summed here, straight from the police's CSV with the csv module,
never through the importer's code.
"""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from performance.figures.loading import import_figures_file
from performance.models import (
    CrimeEdition,
    EditionRow,
    Figure,
    ImportJob,
    Measure,
    ReleasedOutcome,
    SourceCategory,
)
from performance.publication.writing import publish
from performance.recorded_crime.importing import import_recorded_crime
from performance.rules import percent_change

from .conftest import csv_bytes
from .html import text

pytestmark = pytest.mark.django_db

EDITION = (
    Path(__file__).resolve().parent.parent
    / "performance/data/mps-borough-level-crime-2008-2016.csv"
)
JAN_2017 = datetime.date(2017, 1, 26)


def source_sum(borough, minors, start_year):
    """A financial year's count, April to March, straight from the police's file."""
    months = [f"{start_year}{m:02d}" for m in range(4, 13)] + [
        f"{start_year + 1}{m:02d}" for m in range(1, 4)
    ]
    total = 0
    with EDITION.open(newline="") as f:
        for row in csv.DictReader(f):
            if (borough is None or row["Borough"] == borough) and (
                minors is None or row["Minor Category"] in minors
            ):
                total += sum(int(row[m]) for m in months)
    return total


def result(area_slug, measure, start_year):
    area = {"area__code": "E23000001"} if area_slug == "london" else {"area__slug": area_slug}
    figure = Figure.objects.filter(
        **area, measure__slug=measure, year__start_year=start_year, kind="result"
    ).first()
    return None if figure is None else int(figure.value)


def test_the_police_edition_gives_every_borough_s_results_as_the_source_sums_them():
    report = import_recorded_crime(EDITION.read_bytes(), edition_of=JAN_2017, file_name="mps.csv")
    assert report.ok, report.problems
    assert report.rows == 1056 and len(report.months) == 108
    assert EditionRow.objects.count() == 1056  # every row, as published
    assert sum(len(r.counts) for r in EditionRow.objects.all()) == 1056 * 108
    samples = [
        ("havering", "Havering", "residential-burglary", ["Burglary in a Dwelling"], 2008),
        ("camden", "Camden", "robbery", ["Business Property", "Personal Property"], 2012),
        ("bexley", "Bexley", "theft-from-vehicles", ["Theft From Motor Vehicle"], 2015),
        ("ealing", "Ealing", "theft-of-vehicles", ["Theft/Taking Of Motor Vehicle"], 2010),
        ("westminster", "Westminster", "total-crime", None, 2014),
    ]
    for slug, name, measure, minors, year in samples:
        assert result(slug, measure, year) == source_sum(name, minors, year), (slug, measure)
    # London-wide: the sum of the 32 boroughs.
    assert result("london", "total-crime", 2013) == source_sum(None, None, 2013)
    assert result("london", "robbery", 2009) == source_sum(
        None, ["Business Property", "Personal Property"], 2009
    )
    # The leaflet's statement comes out of the monthly data: 1,500 → 1,882, +382, +25.5%.
    before, after = (
        result("havering", "residential-burglary", 2008),
        result("havering", "residential-burglary", 2009),
    )
    assert (before, after, after - before) == (1500, 1882, 382)
    assert percent_change(Decimal(before), Decimal(after)) == Decimal("25.5")
    # April to December 2016 is a year to date, never a year's result.
    assert report.partial_year == (2016, 9)
    assert not Figure.objects.filter(year__start_year=2016).exists()
    assert "2016/17 has 9 of 12 months" in report.summary()


# ---------------------------------------------------------------- small files

MONTHS_2015_16 = [f"2015{m:02d}" for m in range(4, 13)] + [f"2016{m:02d}" for m in range(1, 4)]


POLICE_HEADER = ("Borough", "Major Category", "Minor Category")


def crime_file(rows, months=MONTHS_2015_16, header=POLICE_HEADER, newline="\r\n"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow([*header, *months])
    writer.writerows(rows)
    return out.getvalue().encode()


def row(borough, major, minor, count, months=12):
    return [borough, major, minor, *([count] * months)]


HAVERING_BURGLARY = row("Havering", "Burglary", "Burglary in a Dwelling", 10)
BEXLEY_BURGLARY = row("Bexley", "Burglary", "Burglary in a Dwelling", 5)


def test_a_renamed_category_is_refused_by_name_and_imports_once_mapped():
    renamed = [
        HAVERING_BURGLARY,
        row("Havering", "Burglary", "Burglary - Residential", 3),
        row("Havering", "Theft", "Theft from a motor vehicle", 2),
    ]
    report = import_recorded_crime(crime_file(renamed), edition_of=JAN_2017)
    assert not report.ok
    message = str(report.problems[0])
    assert "2 categories are not in the category map" in message
    assert "Burglary › Burglary - Residential" in message
    assert "Theft › Theft from a motor vehicle" in message
    assert not CrimeEdition.objects.exists() and not Figure.objects.exists()

    burglary = Measure.objects.get(slug="residential-burglary")
    SourceCategory.objects.create(
        major="Burglary", minor="Burglary - Residential", measure=burglary
    )
    SourceCategory.objects.create(major="Theft", minor="Theft from a motor vehicle")  # not used
    report = import_recorded_crime(crime_file(renamed), edition_of=JAN_2017)
    assert report.ok, report.problems
    assert result("havering", "residential-burglary", 2015) == 12 * (10 + 3)
    assert result("havering", "total-crime", 2015) == 12 * (10 + 3 + 2)


@pytest.mark.parametrize(
    "rows, months, where, message",
    [
        ([row("Havering", "Burglary", "Burglary in a Dwelling", "1,2")], MONTHS_2015_16,
         "Line 3, column 201504", "is not a count"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", -1)], MONTHS_2015_16,
         "Line 3, column 201504", "is not a count"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", 2.5)], MONTHS_2015_16,
         "Line 3, column 201504", "is not a count"),
        ([row("Gotham", "Burglary", "Burglary in a Dwelling", 1)], MONTHS_2015_16,
         "Line 3, column Borough", "'Gotham' is not a London borough"),
        ([HAVERING_BURGLARY, HAVERING_BURGLARY], MONTHS_2015_16,
         "Line 4", "same borough and category as line 3"),
        ([HAVERING_BURGLARY], [*MONTHS_2015_16[:11], "2016-03"],
         "Line 1, column 15 ('2016-03')", "Not a column of the police's layouts"),
        ([HAVERING_BURGLARY], [*MONTHS_2015_16[:11], "201613"],
         "Line 1, column 15 ('201613')", "Not a month"),
        ([HAVERING_BURGLARY], [*MONTHS_2015_16[:11], "201605"],
         "Line 1, column 15 ('201605')", "The months must be consecutive"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_whole_naming_line_and_column(rows, months, where, message):
    report = import_recorded_crime(
        crime_file([BEXLEY_BURGLARY, *rows], months), edition_of=JAN_2017
    )
    assert not report.ok
    problems = [str(p) for p in report.problems]
    assert any(p.startswith(where) and message in p for p in problems), problems
    assert not CrimeEdition.objects.exists()
    assert not EditionRow.objects.exists() and not Figure.objects.exists()


def consecutive_months(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    (year, month), months = first, []
    while (year, month) <= last:
        months.append(f"{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@pytest.mark.parametrize(
    "rows, months, edition_of, where, message",
    [
        # Months the edition could not hold: before 2000, or not ended by its date.
        ([row("Havering", "Burglary", "Burglary in a Dwelling", 1, 1320)],
         consecutive_months((1990, 1), (2099, 12)), datetime.date(2020, 1, 1),
         "Line 1, column 199001", "A month before 2000"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", 1, 1320)],
         consecutive_months((1990, 1), (2099, 12)), datetime.date(2020, 1, 1),
         "Line 1, column 202001", "January 2020 had not ended by the edition's date"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", 1, 12)],
         consecutive_months((2018, 1), (2018, 12)), datetime.date(2018, 7, 1),
         "Line 1, column 201807", "had not ended by the edition's date, 1 July 2018"),
        # Counts no borough records, or that are not plain whole numbers.
        ([row("Havering", "Burglary", "Burglary in a Dwelling", 3_000_000_000)], MONTHS_2015_16,
         JAN_2017, "Line 3, column 201504", "is more than 10,000,000"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", "9" * 5000)], MONTHS_2015_16,
         JAN_2017, "Line 3, column 201504", "is more than 10,000,000"),
        ([row("Havering", "Burglary", "Burglary in a Dwelling", "1e3")], MONTHS_2015_16,
         JAN_2017, "Line 3, column 201504", "is not a count"),
        # An edition dated after today.
        ([HAVERING_BURGLARY], MONTHS_2015_16, datetime.date(2999, 1, 1),
         "Line 1", "is in the future"),
    ],
)  # fmt: skip
def test_a_hostile_file_is_refused_at_the_check_naming_line_and_column(
    rows, months, edition_of, where, message
):
    bexley = [*BEXLEY_BURGLARY[:3], *[5] * len(months)]
    report = import_recorded_crime(
        crime_file([bexley, *rows], months), edition_of=edition_of, dry_run=True
    )
    assert not report.ok
    problems = [str(p) for p in report.problems]
    assert any(p.startswith(where) and message in p for p in problems), problems[:5]
    assert all(len(p) < 400 for p in problems)


def test_unknown_categories_are_listed_to_a_hundred_and_the_rest_counted():
    unknown = [row("Havering", "Made up", f"Category {n}", 1) for n in range(450)]
    report = import_recorded_crime(crime_file(unknown), edition_of=JAN_2017, dry_run=True)
    assert not report.ok
    (problem,) = [str(p) for p in report.problems]
    assert problem.startswith("Line 1: 450 categories are not in the category map")
    assert problem.count("Made up › Category") == 100
    assert "… and 350 more" in problem


AIRPORTS = "London Heathrow and London City Airports"


def test_other_editions_headers_line_endings_and_non_borough_units():
    header = ("MajorText", "MinorText", "LookUp_BoroughName")
    rows = [
        ["Burglary", "Burglary in a Dwelling", "Havering", *[4] * 12],
        [
            "Burglary",
            "Burglary in a Dwelling",
            "London Heathrow and London City Airports",
            *[7] * 12,
        ],
    ]
    report = import_recorded_crime(
        crime_file(rows, header=header, newline="\n"), edition_of=JAN_2017
    )
    assert report.ok, report.problems
    assert "London Heathrow and London City Airports" in report.summary()
    airport = EditionRow.objects.filter(unit_name="London Heathrow and London City Airports")
    assert airport.count() == 1 and airport.filter(area__isnull=True).count() == 1
    assert len(airport.get().counts) == 12
    # Kept out of every borough and out of London-wide, which is the sum of the boroughs.
    assert result("havering", "residential-burglary", 2015) == 48
    assert result("london", "residential-burglary", 2015) == 48


def test_a_partial_year_is_a_year_to_date_on_the_page_and_in_the_api(client):
    months = [f"2015{m:02d}" for m in range(4, 13)] + [f"2016{m:02d}" for m in range(1, 13)]
    rows = [
        ["Havering", "Burglary", "Burglary in a Dwelling", *[10] * 12, *[11] * 9],
        ["Bexley", "Burglary", "Burglary in a Dwelling", *[5] * 21],
    ]
    report = import_recorded_crime(crime_file(rows, months), edition_of=JAN_2017)
    assert report.ok, report.problems
    assert report.partial_year == (2016, 9)
    assert not Figure.objects.filter(year__start_year=2016).exists()
    # Not public until released: before, there is no page for the year at all.
    assert client.get("/boroughs/havering/2015-16/").status_code == 404
    publish(reason="January 2017 edition")
    page = text(client.get("/boroughs/havering/2015-16/").content.decode())
    # April to December 2016: 99 against 90 in April to December 2015.
    assert (
        "Residential burglary April to December 2016: 99 offences, 10.0% more than April to "
        "December 2015 No target set" in page
    )
    api = client.get("/api/v1/boroughs/havering/performance/2015-16").json()
    ytd = next(y for y in api["year_to_date"] if y["measure"] == "residential-burglary")
    assert (ytd["complete"], ytd["months"], ytd["count"], ytd["previous_count"]) == (
        False, 9, 99, 90
    )  # fmt: skip
    # Month by month on a page of its own, which the year's page links to.
    year_page = client.get("/boroughs/havering/2015-16/").content.decode()
    so_far = year_page.split('id="so-far"')[1].split("<h2")[0]
    assert 'href="/boroughs/havering/months/"' in so_far and "<svg" not in so_far
    html = client.get("/boroughs/havering/months/").content.decode()
    chart = html[html.index('aria-labelledby="monthly-residential-burglary ') :]
    chart = chart[: chart.index("</svg>")]
    assert (
        "Residential burglary: offences recorded each month from April 2015 to December 2016"
        in chart
    )
    assert "Highest: 11 in April 2016; lowest: 10 in April 2015." in chart
    assert chart.count('class="lps-chart__bar"') == 21
    assert chart.count(">11</text>") == 9 and chart.count(">10</text>") == 12
    # A year earlier is known only from April 2016: the dashed line has nine points.
    points = chart.split('class="lps-chart__year-before" points="')[1].split('"')[0]
    assert len(points.split()) == 9
    monthly = client.get("/data/boroughs/havering-monthly.csv").content.decode().splitlines()
    assert monthly[0] == (
        "area_code,area_name,measure,month,count,value_basis,edition,"
        "edition_day_approximate,revised_in_edition,revised_from"
    )
    assert "E09000016,Havering,residential-burglary,2016-12,11,recorded,2017-01-26,no,," in monthly
    assert len([m for m in monthly if ",residential-burglary," in m]) == 21


def test_the_monthly_trend_and_year_to_date_wait_for_a_release(client):
    months = [f"2015{m:02d}" for m in range(4, 13)] + [f"2016{m:02d}" for m in range(1, 7)]
    rows = [["Havering", "Burglary", "Burglary in a Dwelling", *[10] * 15]]
    assert import_recorded_crime(crime_file(rows, months), edition_of=JAN_2017).ok
    publish(year=Figure.objects.first().year, reason="Only 2015/16's figures")
    page = text(client.get("/boroughs/havering/2015-16/").content.decode())
    assert "So far in 2016/17" not in page  # a release for one year leaves the edition out
    assert client.get("/data/boroughs/havering-monthly.csv").content.decode().count("\n") == 1
    publish(reason="The edition")
    page = text(client.get("/boroughs/havering/2015-16/").content.decode())
    assert "So far in 2016/17" in page


def test_a_later_edition_revises_what_the_earlier_one_published():
    first = [HAVERING_BURGLARY, BEXLEY_BURGLARY]
    assert import_recorded_crime(crime_file(first), edition_of=datetime.date(2016, 7, 1)).ok
    publish(reason="July 2016 edition")
    later = [row("Havering", "Burglary", "Burglary in a Dwelling", 11), BEXLEY_BURGLARY]
    report = import_recorded_crime(crime_file(later), edition_of=JAN_2017)
    assert report.ok, report.problems
    publish(reason="January 2017 edition")
    revised = ReleasedOutcome.objects.filter(
        area__slug="havering", measure_slug="residential-burglary", revised=True
    ).get()
    assert revised.result == 132
    assert (
        "the police updated their figures in their edition of 26 January 2017" in revised.revision
    )
    # A published edition never changes, and an older one cannot follow it.
    again = import_recorded_crime(crime_file(later), edition_of=JAN_2017)
    assert "already imported and published" in str(again.problems[0])
    older = import_recorded_crime(crime_file(later), edition_of=datetime.date(2016, 6, 1))
    assert "would overwrite newer months, so it is refused" in str(older.problems[0])


def test_import_recorded_crime_command_publishes_with_a_reason(tmp_path, capsys):
    path = tmp_path / "mps.csv"
    path.write_bytes(crime_file([HAVERING_BURGLARY, BEXLEY_BURGLARY]))
    with pytest.raises(CommandError, match="--publish needs --reason"):
        call_command("import_recorded_crime", str(path), "--publish")
    call_command("import_recorded_crime", str(path), "--edition", "2017-01-26", "--dry-run")
    assert not CrimeEdition.objects.exists()
    call_command(
        "import_recorded_crime", str(path), "--edition", "2017-01-26", "--publish",
        "--reason", "The police's January 2017 edition",
    )  # fmt: skip
    edition = CrimeEdition.objects.get()
    assert edition.release is not None and edition.published_on == JAN_2017
    assert "Published:" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(crime_file([row("Gotham", "Burglary", "Burglary in a Dwelling", 1)]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_recorded_crime", str(bad), "--edition", "2017-02-26")
    assert "'Gotham' is not a London borough" in capsys.readouterr().err


def test_category_map_exports_and_imports_whole_or_nothing(tmp_path, capsys):
    call_command("category_map", "export")
    exported = capsys.readouterr().out
    lines = exported.splitlines()
    assert lines[0] == "vocabulary,major_category,minor_category,measure"
    assert "mps-2008,Burglary,Burglary in a Dwelling,residential-burglary" in lines
    assert "mps-2008,Drugs,Possession Of Drugs," in lines  # counts towards no measure
    # The same words in the files since 2019 are another vocabulary's entry.
    assert "mps,BURGLARY,BURGLARY IN A DWELLING,residential-burglary" in lines
    assert "mps,BURGLARY,RES BURGLARY OF UNCONNECTED BUILDING,residential-burglary" in lines
    assert len(lines) == 1 + 33 + 35
    path = tmp_path / "map.csv"
    path.write_text(
        "vocabulary,major_category,minor_category,measure\n"
        "mps-2008,Burglary,Burglary - Residential,residential-burglary\n"
        "mps-2008,Drugs,Possession Of Drugs,robbery\n"
    )
    call_command("category_map", "import", str(path))
    assert "1 added, 1 changed, 0 unchanged" in capsys.readouterr().out
    assert SourceCategory.objects.get(minor="Possession Of Drugs").measure.slug == "robbery"
    # A map file of the old layout (no vocabulary) is the 2008–2016 files'.
    path.write_text("major_category,minor_category,measure\nDrugs,Possession Of Drugs,\n")
    call_command("category_map", "import", str(path))
    assert "0 added, 1 changed, 0 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "vocabulary,major_category,minor_category,measure\n"
        "mps-2008,Burglary,New one,residential-burglary\n"
        "mps-2008,Burglary,Other,total-crime\n"
        "mps-2008,Burglary,Third,nonsense\n"
        "mps-2099,Burglary,Fourth,\n"
    )
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("category_map", "import", str(bad))
    err = capsys.readouterr().err
    assert "Line 3, column measure: Total crime is every category by rule" in err
    assert "Line 4, column measure: 'nonsense' is not in the catalogue" in err
    assert "Line 5, column vocabulary: 'mps-2099' is not a vocabulary" in err
    assert not SourceCategory.objects.filter(minor="New one").exists()
    # The exported map loads back unchanged.
    path.write_text(exported)
    call_command("category_map", "import", str(path))
    assert "0 added, 0 changed, 68 unchanged" in capsys.readouterr().out


def test_a_file_that_is_not_valid_csv_is_refused_with_its_line(tmp_path, capsys):
    # A field beyond the csv module's limit: read as a refusal, never a traceback, even
    # after another library in the process raised that (global) limit.
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    data = crime_file([HAVERING_BURGLARY]) + b'Bexley,"' + b"x" * 200_000 + b'"\r\n'
    report = import_recorded_crime(data, edition_of=JAN_2017)
    assert [str(p) for p in report.problems] == [
        "Line 3: the file is not valid CSV (field larger than field limit (131072))."
    ]
    assert not CrimeEdition.objects.exists()
    path = tmp_path / "map.csv"
    path.write_bytes(
        b'major_category,minor_category,measure\nBurglary,"' + b"x" * 200_000 + b'",\n'
    )
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("category_map", "import", str(path))
    assert "Line 2: the file is not valid CSV" in capsys.readouterr().err


def test_the_map_holds_a_category_once_whatever_its_case():
    # Files are matched to the map ignoring case, so two entries differing only in case
    # would leave it to chance which measure a row counts towards.
    from django.core.exceptions import ValidationError

    twin = SourceCategory(major="burglary", minor="BURGLARY IN A DWELLING")
    with pytest.raises(ValidationError, match="already in the map"):
        twin.full_clean()


# ---------------------------------------------------------------- the admin's upload


CRIME_IMPORT = "/admin/performance/crimeedition/import/"


def upload_crime(client, data, edition="2017-01-26", name="mps.csv"):
    return client.post(
        CRIME_IMPORT, {"import_file": SimpleUploadedFile(name, data), "edition_of": edition}
    )


def test_an_administrator_uploads_checks_and_confirms_an_edition_in_the_background(
    staff_client,
):
    from .conftest import run_queued_jobs

    response = upload_crime(staff_client, crime_file([HAVERING_BURGLARY, BEXLEY_BURGLARY]))
    assert response.status_code == 302
    job_url = response["Location"]
    waiting = text(staff_client.get(job_url).content.decode())
    assert "waiting to be checked" in waiting
    run_queued_jobs()
    ready = text(staff_client.get(job_url).content.decode())
    assert "Checked: ready to import" in ready
    assert "Recorded crime, edition of 26 January 2017 (borough, 2008–2016 file): 2 rows" in ready
    assert not CrimeEdition.objects.exists() and not Figure.objects.exists()
    staff_client.post(job_url, {"action": "confirm"})
    run_queued_jobs()
    done = text(staff_client.get(job_url).content.decode())
    assert "Imported 2 rows" in done
    edition = CrimeEdition.objects.get()
    assert edition.published_on == JAN_2017 and edition.release is None  # a draft
    assert edition.imported_by.username == "staff"
    assert result("havering", "residential-burglary", 2015) == 120
    listing = text(staff_client.get("/admin/performance/crimeedition/").content.decode())
    assert "Import an edition" in listing


def test_an_uploaded_edition_with_problems_lists_them_and_writes_nothing(staff_client):
    from .conftest import run_queued_jobs

    renamed = row("Havering", "Burglary", "Burglary - Residential", 10)
    job_url = upload_crime(staff_client, crime_file([renamed, BEXLEY_BURGLARY]))["Location"]
    run_queued_jobs()
    page = text(staff_client.get(job_url).content.decode())
    assert "Cannot be imported" in page
    assert "Burglary › Burglary - Residential" in page
    assert not CrimeEdition.objects.exists() and not Figure.objects.exists()


@pytest.mark.parametrize(
    "edition, name, message",
    [
        ("", "mps.csv", "This field is required."),
        ("26 Jan", "mps.csv", "Enter a valid date."),
        ("2999-01-01", "mps.csv", "is in the future"),
        ("2017-01-26", "mps.xlsx", "Choose a .csv file."),
    ],
)
def test_the_upload_form_refuses_a_missing_or_wrong_date_or_file(
    staff_client, edition, name, message
):
    response = upload_crime(staff_client, crime_file([HAVERING_BURGLARY]), edition, name)
    assert response.status_code == 200
    assert message in text(response.content.decode())
    assert not ImportJob.objects.exists()


def test_only_those_who_may_import_recorded_crime_reach_its_upload(analyst_client, editor_client):
    assert analyst_client.get(CRIME_IMPORT).status_code == 403
    assert editor_client.get(CRIME_IMPORT).status_code == 403
    assert (
        "Import an edition"
        not in analyst_client.get("/admin/performance/crimeedition/").content.decode()
    )


def test_a_figures_job_is_not_reached_through_the_recorded_crime_pages(staff_client):
    from .conftest import run_queued_jobs

    figures = staff_client.post(
        "/admin/performance/figure/import/",
        {
            "import_file": SimpleUploadedFile(
                "f.csv", csv_bytes("E09000016,Havering,robbery,2009/10,result,339")
            )
        },
    )
    job = ImportJob.objects.get()
    run_queued_jobs()
    assert staff_client.get(figures["Location"]).status_code == 200
    assert staff_client.get(f"{CRIME_IMPORT}{job.pk}/").status_code == 404


def test_a_monthly_chart_draws_each_month_to_scale_with_its_count_and_a_year_earlier():
    from performance.charts import MONTHLY_BOTTOM, MONTHLY_HEIGHT, MONTHLY_TOP, monthly_chart

    months = [(2016, m) for m in range(1, 5)]
    chart = monthly_chart("Robbery", months, [50, 100, 25, 0], [40, None, 100, 20])
    plot = MONTHLY_HEIGHT - MONTHLY_TOP - MONTHLY_BOTTOM
    heights = [float(b.height) for b in chart.bars]
    assert heights == [plot / 2, plot, plot / 4, 0]
    assert [b.value_text for b in chart.bars] == ["50", "100", "25", "0"]
    assert [b.axis_label for b in chart.bars] == ["Jan 16", "", "", "Apr 16"]
    # The dashed line skips the month with nothing a year earlier; 100 is at the top.
    ys = [float(p.split(",")[1]) for p in chart.year_before_points.split()]
    assert len(ys) == 3 and ys[1] == MONTHLY_TOP
    assert "Highest: 100 in February 2016; lowest: 0 in April 2016." in chart.description
    # Each count is written above its bar and above the dashed line, never across it:
    # March's 25 sits above last March's 100.
    tops = [float(b.y) for b in chart.bars]
    assert [float(b.value_y) for b in chart.bars] == [
        tops[0] - 4,
        tops[1] - 4,
        ys[1] - 4,
        ys[2] - 4,
    ]
    assert monthly_chart("Robbery", [], [], []) is None


# ---------------------------------------------------------------- series breaks


def test_a_series_break_reaches_the_page_api_and_download_only_through_a_release(
    client, leaflet_figures
):
    from performance.models import SeriesBreak

    url = "/boroughs/havering/2009-10/"
    SeriesBreak.objects.create(
        measure=Measure.objects.get(slug="residential-burglary"),
        from_month=datetime.date(2009, 10, 1),
        note="Counting rules for burglary changed",
    )
    note = (
        "Counting rules for burglary changed (from October 2009): 2009/10 counts months before "
        "and after the change, so it and its change from 2008/09 may not be comparable with "
        "other years."
    )
    assert note not in text(client.get(url).content.decode())
    from performance.publication.planning import plan_release

    plan = plan_release()
    # The review lists the break; notes staff must check (totals against parts) stay apart.
    assert plan.series_breaks_changed and plan.changes_anything and plan.notes == []
    later = csv_bytes("E09000016,Havering,residential-burglary,2010/11,result,1700")
    assert import_figures_file(later).ok
    result = publish(reason="A series break, and 2010/11's burglary")
    assert result.release.series_breaks == [
        {
            "measures": ["residential-burglary", "serious-acquisitive-crime"],
            "month": [2009, 10],
            "note": "Counting rules for burglary changed",
        }
    ]
    page = text(client.get(url).content.decode())
    assert (
        "Residential burglary 382 offences or +25.5% A note on this figure (Residential burglary)"
        f" Note: {note}"
    ) in page
    api = client.get("/api/v1/boroughs/havering/performance/2009-10").json()
    burglary = next(m for m in api["measures"] if m["measure"] == "residential-burglary")
    assert burglary["notes"] == [note]
    download = list(csv.reader(io.StringIO(client.get("/data/boroughs/havering.csv").text)))
    notes = download[0].index("notes")
    notes_of = {(r[2], r[3], r[4]): r[notes] for r in download[1:]}
    assert notes_of[("residential-burglary", "2009/10", "result")] == note
    assert notes_of[("residential-burglary", "2009/10", "target")] == ""
    assert notes_of[("residential-burglary", "2008/09", "result")] == ""
    # The next year's change is across it too.
    later = ReleasedOutcome.objects.get(
        area__slug="havering", year__start_year=2010, measure_slug="residential-burglary"
    )
    assert later.notes == [
        "Counting rules for burglary changed (from October 2009): the change from 2009/10 to "
        "2010/11 may not be comparable."
    ]


def test_a_break_on_a_source_category_notes_its_measure_and_total_crime(client):
    from performance.models import SeriesBreak
    from performance.publication.scope import Catalogue

    entered = SeriesBreak(
        category=SourceCategory.objects.get(minor="Burglary in a Dwelling"),
        from_month=datetime.date(2016, 7, 15),
        note="Burglary recorded under new rules",
    )
    entered.full_clean()  # as the admin's form does
    entered.save()
    (found,) = Catalogue().series_breaks
    assert found.measures == {"residential-burglary", "serious-acquisitive-crime", "total-crime"}
    assert found.month == (2016, 7)  # kept from the first of the month
    months = [f"2015{m:02d}" for m in range(4, 13)] + [f"2016{m:02d}" for m in range(1, 13)]
    rows = [["Havering", "Burglary", "Burglary in a Dwelling", *[10] * 21]]
    assert import_recorded_crime(crime_file(rows, months), edition_of=JAN_2017).ok
    publish(reason="January 2017 edition")
    page = text(client.get("/boroughs/havering/2015-16/").content.decode())
    assert (
        "April to December 2016: 90 offences, the same as April to December 2015 Note: Burglary "
        "recorded under new rules (from July 2016): months before and after it may not be "
        "comparable."
    ) in page
    api = client.get("/api/v1/boroughs/havering/performance/2015-16").json()
    notes = {y["measure"]: y["notes"] for y in api["year_to_date"]}
    assert notes["total-crime"] == notes["residential-burglary"] != []


def test_a_series_break_needs_a_measure_or_a_category_not_both():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from performance.models import SeriesBreak

    neither = SeriesBreak(from_month=datetime.date(2016, 7, 1), note="x")
    with pytest.raises(ValidationError, match="Choose a measure or a source category: one of"):
        neither.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        neither.save()
    with transaction.atomic(), pytest.raises(IntegrityError):
        SeriesBreak.objects.create(
            measure=Measure.objects.get(slug="robbery"),
            from_month=datetime.date(2016, 7, 2),  # not the first of a month
            note="x",
        )


def test_an_administrator_records_a_break_in_the_admin_from_any_day_of_its_month(staff_client):
    from performance.models import SeriesBreak

    robbery = Measure.objects.get(slug="robbery")
    category = SourceCategory.objects.get(minor="Burglary in a Dwelling")
    url = "/admin/performance/seriesbreak/add/"
    fields = {"measure": robbery.pk, "from_month": "2014-07-15", "note": "Rules changed"}
    both = staff_client.post(url, {**fields, "category": category.pk})
    assert both.status_code == 200
    assert "Choose a measure or a source category: one of the two, not both." in text(
        both.content.decode()
    )
    assert staff_client.post(url, fields).status_code == 302
    assert SeriesBreak.objects.get().from_month == datetime.date(2014, 7, 1)
