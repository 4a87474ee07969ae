"""import_figures: a file is imported whole or not at all, and every bad row is named."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from performance.figures.loading import export_figures_csv, import_figures_file
from performance.models import Figure, FinancialYear

from .conftest import LEAFLET_CSV, csv_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        Figure.objects.values_list(
            "area__code", "measure__slug", "year__start_year", "kind", "value"
        )
    )


def test_the_leaflet_file_imports_every_row():
    report = import_figures_file(LEAFLET_CSV.read_bytes())
    assert report.ok
    assert report.new == 42
    assert Figure.objects.count() == 42
    burglary = Figure.objects.get(
        area__code="E09000016",
        measure__slug="residential-burglary",
        year__start_year=2009,
        kind="result",
    )
    assert burglary.value == Decimal(1880)


def test_importing_the_same_file_twice_gives_the_same_database():
    import_figures_file(LEAFLET_CSV.read_bytes())
    before = snapshot()
    stamps = sorted(Figure.objects.values_list("pk", "updated_at"))
    report = import_figures_file(LEAFLET_CSV.read_bytes())
    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 42)
    assert snapshot() == before
    assert sorted(Figure.objects.values_list("pk", "updated_at")) == stamps


def test_a_row_that_exists_replaces_its_value():
    import_figures_file(csv_bytes("E09000016,Havering,robbery,2009/10,result,339"))
    before = Figure.objects.get()
    report = import_figures_file(csv_bytes("E09000016,Havering,robbery,2009-10,result,340"))
    assert (report.new, report.updated) == (0, 1)
    after = Figure.objects.get()
    assert after.pk == before.pk
    assert after.value == Decimal(340)
    assert after.updated_at > before.updated_at
    assert after.unit == "offences"


def test_a_year_that_does_not_exist_yet_is_created_by_import():
    assert not FinancialYear.objects.filter(start_year=2011).exists()
    report = import_figures_file(csv_bytes("E09000016,,robbery,2011/12,target,-3"))
    assert report.ok
    assert FinancialYear.objects.filter(start_year=2011).exists()


BAD_ROWS = [
    ("E09000099,,robbery,2009/10,result,1", "area_code", "Unknown area code 'E09000099'."),
    ("E09000016,,robberies,2009/10,result,1", "measure", "Unknown measure 'robberies'."),
    ("E09000016,,robbery,2009/11,result,1", "year", "Year '2009/11' is not a financial year"),
    ("E09000016,,robbery,last year,result,1", "year", "is not a financial year written like"),
    (
        "E09000016,,robbery,2009/10,outcome,1",
        "figure",
        "must be 'result', 'target' or 'sample_size'",
    ),
    ("E09000016,,robbery,2009/10,result,lots", "value", "Value 'lots' is not a plain number"),
    ("E09000016,,robbery,2009/10,result,NaN", "value", "Value 'NaN' is not a plain number"),
    ("E09000016,,robbery,2009/10,result,1e3", "value", "in full, without an exponent"),
    ("E09000016,,robbery,2009/10,result,1_000", "value", "without underscores"),
    ("E09000016,,robbery,2009/10,result,+5", "value", "without a plus sign"),
    ("E09000016,,robbery,2009/10,result,\uff11\uff12", "value", "not the plain 0 to 9"),
    ('E09000016,,robbery,2009/10,result,"1,215"', "value", "without a thousands separator"),
    (
        "E09000016,Bexley,robbery,2009/10,result,5",
        "area_name",
        "The name 'Bexley' is not the name of area E09000016 (Havering)",
    ),
    ("E09000016,,robbery,2009/10,result,", "value", "There is no value."),
    ("E09000016,,robbery,2009/10,result,-5", "value", "An offence count cannot be negative."),
    ("E09000016,,robbery,2009/10,result,5.5", "value", "must be a whole number"),
    ("E09000016,,public-confidence,2009/10,result,100.5", "value", "between 0 and 100"),
    ("E09000016,,robbery,2009/10,target,-120", "value", "cannot be more than 100%"),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS)
def test_a_bad_row_is_named_by_line_and_column_with_its_reason_and_nothing_is_written(
    row, column, reason
):
    data = csv_bytes("E09000016,,gun-crime,2009/10,result,44", row)
    report = import_figures_file(data)
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(3, column)]
    assert reason in report.problems[0].message
    assert Figure.objects.count() == 0
    assert not FinancialYear.objects.filter(start_year__gt=2010).exists()


def test_every_bad_row_is_reported_not_only_the_first():
    data = csv_bytes(
        "E09000099,,robbery,2009/10,result,1",
        "E09000016,,gun-crime,2009/10,result,44",
        "",
        "E09000016,,robbery,2009/10,result,x",
        "E09000016,,robbery,2009/10,result,1,extra",
    )
    report = import_figures_file(data)
    # The blank line 4 still counts, so line numbers match a spreadsheet's.
    assert [p.line for p in report.problems] == [2, 5, 6]
    assert "has 7 values" in report.problems[2].message
    assert Figure.objects.count() == 0


def test_a_duplicate_row_in_the_file_is_reported_with_the_line_it_repeats():
    data = csv_bytes(
        "E09000016,,robbery,2009/10,result,339",
        "e09000016,,robbery,2009-10,result,340",
    )
    report = import_figures_file(data)
    assert [(p.line, p.message) for p in report.problems] == [
        (
            3,
            "This row repeats line 2: the file has two figures for the same area, measure, "
            "year and figure.",
        )
    ]
    assert Figure.objects.count() == 0


def test_a_bad_file_does_not_change_figures_already_stored():
    import_figures_file(LEAFLET_CSV.read_bytes())
    before = snapshot()
    report = import_figures_file(
        csv_bytes(
            "E09000016,,residential-burglary,2009/10,result,1",
            "E09000016,,residential-burglary,2009/10,target,oops",
        )
    )
    assert not report.ok
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty"),
        (b"area,measure\nE09000016,robbery\n", "The header has no 'area_code'"),
        (
            b"area_code,area_name,measure,year,figure,value,colour\n",
            "a column the format does not have: 'colour'",
        ),
        (
            b"area_code;area_name;measure;year;figure;value\nE09000016;;robbery;2009/10;result;1\n",
            "The header is separated by semicolons, not commas",
        ),
        (b"area_code,area_name,measure,year,figure,value\n\n", "The file has no figure rows"),
        (
            "area_code,area_name,measure,year,figure,value\nE09000016,Hav\xe9ring,robbery,2009/10,"
            "result,1\n".encode("latin-1"),
            "not UTF-8",
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, reason):
    report = import_figures_file(data)
    assert not report.ok
    assert reason in report.problems[0].message


def test_trailing_zeros_and_known_names_and_short_forms_are_accepted():
    report = import_figures_file(
        csv_bytes(
            "E09000016,Havering,residential-burglary,2008/09,result,1498.000",
            "E09000002,Barking & Dagenham,robbery,2009/10,result,5",
            "E09000020,Royal Borough of Kensington and Chelsea,robbery,2009/10,result,6",
            "E23000001,London,robbery,2009/10,result,7",
        )
    )
    assert report.ok, report.problems
    assert Figure.objects.get(area__code="E09000016").value == 1498


def test_a_utf8_file_with_a_byte_order_mark_and_windows_line_ends_imports():
    data = b"\xef\xbb\xbf" + csv_bytes("E09000016,,robbery,2009/10,result,339").replace(
        b"\n", b"\r\n"
    )
    assert import_figures_file(data).ok


def test_dry_run_reports_what_would_change_and_writes_nothing():
    report = import_figures_file(LEAFLET_CSV.read_bytes(), dry_run=True)
    assert report.ok and report.new == 42
    assert Figure.objects.count() == 0
    assert not FinancialYear.objects.filter(start_year=2011).exists()


def test_exported_figures_import_back_unchanged():
    import_figures_file(LEAFLET_CSV.read_bytes())
    exported = export_figures_csv(Figure.objects.all())
    before = snapshot()
    report = import_figures_file(exported.encode("utf-8"))
    assert report.ok and report.unchanged == 42
    assert snapshot() == before
    assert "E09000016,Havering,residential-burglary,2008/09,result,1498" in exported
    assert "E09000016,Havering,residential-burglary,2009/10,target,-2.5" in exported


# ---------------------------------------------------------------- the command


def test_command_imports_a_file(tmp_path, capsys):
    call_command("import_figures", str(LEAFLET_CSV))
    assert "Imported 42 figures: 42 new" in capsys.readouterr().out
    assert Figure.objects.count() == 42


def test_command_dry_run_writes_nothing(capsys):
    call_command("import_figures", str(LEAFLET_CSV), "--dry-run")
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert Figure.objects.count() == 0


def test_command_reports_each_bad_line_and_fails(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(
        csv_bytes("E09000016,,robbery,2009/10,result,339", "E09000099,,robbery,2009/10,result,1")
    )
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_figures", str(path))
    assert "figures.csv: Line 3, column area_code: Unknown area code 'E09000099'." in (
        capsys.readouterr().err
    )
    assert Figure.objects.count() == 0


def test_command_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_figures", str(tmp_path / "missing.csv"))
