"""Staff import and export figures files in the admin: uploads are checked and imported by a
background job, export is django-import-export's."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from boroughs.models import Area
from performance.models import Figure, ImportJob

from .conftest import LEAFLET_CSV, csv_bytes, run_queued_jobs
from .html import table_rows, text

pytestmark = pytest.mark.django_db

IMPORT = "/admin/performance/figure/import/"
EXPORT = "/admin/performance/figure/export/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["area_code", "area_name", "measure", "year", "figure", "value"]


def upload(client, data, name):
    """Upload a file; returns the job page once the worker has checked it (or the form)."""
    response = client.post(IMPORT, {"import_file": SimpleUploadedFile(name, data)})
    if response.status_code != 302:
        return response
    run_queued_jobs()
    return client.get(response["Location"])


def confirm(client, preview, **fields):
    job_url = re.search(
        r'href="(/admin/performance/figure/import/[0-9a-f-]+/)"', preview.content.decode()
    )
    url = preview.wsgi_request.path if job_url is None else job_url.group(1)
    client.post(url, {"action": "confirm", **fields})
    run_queued_jobs()
    return client.get(url)


def test_an_xlsx_is_checked_then_imported_on_confirmation(staff_client):
    data = xlsx_bytes(
        [
            HEADER,
            ["E09000016", "Havering", "robbery", "2009/10", "result", 339],
            ["E09000016", "Havering", "robbery", "2009/10", "target", -2.5],
            ["E23000001", "London", "public-confidence", "2009/10", "result", 53.1],
        ]
    )
    preview = upload(staff_client, data, "figures.xlsx")
    assert preview.status_code == 200
    page = text(preview.content.decode())
    assert 'value="Confirm import"' in preview.content.decode()
    assert "3 new figures, 0 changed, 0 unchanged" in page
    assert not Figure.objects.exists()  # the check writes nothing

    done = confirm(staff_client, preview)
    assert "Imported 3 rows: 3 new figures" in text(done.content.decode())
    values = {(f.area.code, f.measure.slug, f.kind): str(f.value) for f in Figure.objects.all()}
    assert values == {
        ("E09000016", "robbery", "result"): "339.00",
        ("E09000016", "robbery", "target"): "-2.50",
        ("E23000001", "public-confidence", "result"): "53.10",
    }


def test_the_upload_itself_only_stores_the_file_and_queues_its_check(staff_client):
    data = csv_bytes("E09000016,Havering,robbery,2009/10,result,339")
    response = staff_client.post(IMPORT, {"import_file": SimpleUploadedFile("f.csv", data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.state == "queued"
    assert b"".join(bytes(p) for p in job.parts.values_list("data", flat=True)) == data
    waiting = text(staff_client.get(response["Location"]).content.decode())
    assert "waiting to be checked" in waiting.lower()
    assert not Figure.objects.exists()


def test_the_preview_says_what_will_change_and_what_is_left_alone(staff_client, leaflet_figures):
    data = csv_bytes(
        "E09000016,Havering,robbery,2009/10,result,340",
        "E09000016,Havering,gun-crime,2009/10,result,44",
    )
    preview = upload(staff_client, data, "figures.csv")
    page = text(preview.content.decode())
    assert "0 new figures, 1 changed, 1 unchanged" in page
    rows = table_rows(preview.content.decode())
    assert ["2", "Havering", "Total robbery", "2009/10", "Result", "339 (published)", "340"] in rows
    assert "1 published figure would change" in page


def test_a_reason_given_on_confirmation_is_kept_with_the_corrections(staff_client, leaflet_figures):
    data = csv_bytes("E09000016,Havering,robbery,2009/10,result,340")
    confirm(staff_client, upload(staff_client, data, "fix.csv"), correction_reason="Late records")
    figure = Figure.objects.get(
        area__code="E09000016", measure__slug="robbery", kind="result", year__start_year=2009
    )
    assert figure.value == 340 and figure.correction_reason == "Late records"


def test_a_file_with_bad_rows_is_refused_whole_with_every_reason(staff_client):
    data = xlsx_bytes(
        [
            HEADER,
            ["E09000016", "Havering", "robbery", "2009/10", "result", 339],
            ["E09000099", "Nowhere", "robbery", "2009/10", "result", 1],
            [None, None, None, None, None, None],
            ["E09000016", "Havering", "robbery", "2009/11", "result", 1],
            ["E09000016", "Havering", "public-confidence", "2009/10", "result", 101],
        ]
    )
    response = upload(staff_client, data, "figures.xlsx")
    html = response.content.decode()
    assert "Confirm import" not in html
    rows = table_rows(html[html.index("Nothing can be imported") :])
    assert rows[1:] == [
        ["3", "area_code", "Unknown area code 'E09000099'."],
        [
            "5",
            "year",
            "Year '2009/11' is not a financial year: the one starting in 2009 is 2009/10.",
        ],
        ["6", "value", "A percentage must be between 0 and 100."],
    ]
    assert "Traceback" not in html
    assert not Figure.objects.exists()
    assert not ImportJob.objects.get().parts.exists()  # a refused file is not kept


def test_a_formula_in_a_workbook_is_never_run(staff_client):
    data = xlsx_bytes(
        [HEADER, ["E09000016", "Havering", "robbery", "2009/10", "result", "=300+39"]]
    )
    html = upload(staff_client, data, "figures.xlsx").content.decode()
    # openpyxl saves no computed result, so there is no value to read: the formula is not run.
    assert "There is no value." in html
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "figures.xlsx", "The file is not an Excel workbook"),
        (xlsx_bytes([HEADER]), "figures.csv", "The file is not a CSV text file."),
        (
            b"area_code,area_name,measure,year,figure,value\n",
            "figures.xlsx",
            "The file is not an Excel workbook (.xlsx).",
        ),
        (csv_bytes("E09000016,,robbery,2009/10,result,1"), "figures.ods", "Choose a .csv or .xlsx"),
        (b"\xff\xfe\x00a\x00b", "figures.csv", "The file is not a CSV text file."),
        (b"area,value\nx,1\n", "figures.csv", "The header has no"),
        (b"", "figures.csv", "The submitted file is empty."),
    ],
)
def test_files_of_the_wrong_type_or_shape_are_refused_with_a_reason(
    staff_client, data, name, message
):
    response = upload(staff_client, data, name)
    assert response.status_code == 200
    assert message in text(response.content.decode())
    assert not Figure.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(staff_client, settings):
    settings.FIGURES_UPLOAD_MAX_BYTES = 1024
    data = csv_bytes(*["E09000016,,robbery,2009/10,result,1"] * 100)
    response = upload(staff_client, data, "figures.csv")
    assert "The file is too large: files can be" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_row_limit_is_refused(staff_client, settings):
    settings.FIGURES_UPLOAD_MAX_ROWS = 2
    data = csv_bytes(
        *[f"E09000016,,robbery,{y}/{(y + 1) % 100:02d},result,1" for y in range(2000, 2005)]
    )
    response = upload(staff_client, data, "figures.csv")
    assert "The file has more than 2 rows of figures" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_import_form_states_its_limits(staff_client):
    page = text(staff_client.get(IMPORT).content.decode())
    assert "at most 10 MB and at most 100,000 rows of figures" in page


def export(client, file_format, query=""):
    return client.post(f"{EXPORT}{query}", {"format": file_format, "resource": "0"})


def test_export_is_in_the_figures_format_and_respects_the_lists_filters(
    staff_client, leaflet_figures
):
    havering = Area.objects.get(slug="havering")
    response = export(staff_client, CSV_FORMAT, f"?area__id__exact={havering.pk}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 1 + Figure.objects.filter(area=havering).count()
    assert {row[0] for row in rows[1:]} == {"E09000016"}
    assert ["E09000016", "Havering", "residential-burglary", "2009/10", "target", "-2.5"] in rows


def test_exported_xlsx_keeps_numbers_as_numbers(staff_client, leaflet_figures):
    response = export(staff_client, XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)][1:]
    target = next(r for r in values if r[2] == "residential-burglary" and r[4] == "target")
    assert target[5] == -2.5 and isinstance(target[5], int | float)


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_on_export(
    staff_client, leaflet_figures
):
    Area.objects.filter(slug="havering").update(name='=HYPERLINK("http://x")')
    response = export(staff_client, XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
    csv_text = export(staff_client, CSV_FORMAT).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_the_leaflet_file_round_trips_through_admin_export(staff_client, leaflet_figures):
    exported = export(staff_client, CSV_FORMAT).content
    Figure.objects.all().delete()
    preview = upload(staff_client, exported, "figures.csv")
    confirm(staff_client, preview)
    reimported = export(staff_client, CSV_FORMAT).content
    assert reimported == exported
    assert Figure.objects.count() == len(LEAFLET_CSV.read_text().splitlines()) - 1
