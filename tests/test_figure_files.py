"""Reading figures files row by row: every limit is checked as rows are parsed, whatever the
file claims about itself, and reading stops at the first one crossed."""

import io
import re
import zipfile

import openpyxl
import pytest

from performance.figures.files import FiguresFileError, Limits, open_csv
from performance.figures.workbooks import open_xlsx, read_figures

HEADER = "area_code,area_name,measure,year,figure,value"
ROW = "E09000016,Havering,robbery,2009/10,result,339"


def rows_of(figure_rows):
    return list(figure_rows.rows)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_rows_are_counted_whatever_ends_their_lines(ending):
    data = ending.join([HEADER, *[ROW] * 6]).encode()
    with pytest.raises(FiguresFileError, match="more than 5 rows of figures"):
        rows_of(open_csv(data, Limits(None, 5)))
    assert len(rows_of(open_csv(data, Limits(None, 6)))) == 6


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_numbers_are_the_lines_an_editor_shows(ending):
    data = ending.join([HEADER, ROW, "", ROW]).encode()
    assert [line for line, _ in rows_of(open_csv(data))] == [2, 4]


def test_reading_stops_at_the_first_row_past_the_limit():
    """A file far over the limit is not read to its end before it is refused."""
    read = []

    class Watched(io.BytesIO):
        def read(self, *args):
            chunk = super().read(*args)
            read.append(len(chunk))
            return chunk

    data = ("\r".join([HEADER, *[ROW] * 200_000])).encode()
    with pytest.raises(FiguresFileError):
        rows_of(open_csv(Watched(data), Limits(None, 1000)))
    assert sum(read) < len(data) / 10


def test_a_file_that_is_not_utf8_says_so_with_the_line():
    data = (HEADER + "\n" + ROW + "\n").encode() + "E09000016,Hav\xe9ring".encode("latin-1")
    with pytest.raises(FiguresFileError, match="not UTF-8 text"):
        rows_of(open_csv(data))


def xlsx_with(rows, *, dimension=None, extra_rows_xml=""):
    """A workbook whose first sheet's XML is edited: its claimed size, or rows added."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                if dimension:
                    xml = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', xml)
                xml = xml.replace("</sheetData>", extra_rows_xml + "</sheetData>")
                content = xml.encode()
            target.writestr(info, content)
    return edited.getvalue()


HEADER_CELLS = HEADER.split(",")
ROW_CELLS = ["E09000016", "Havering", "robbery", "2009/10", "result", 339]


def test_a_sheet_claiming_the_whole_grid_is_read_as_the_rows_it_has():
    data = xlsx_with([HEADER_CELLS, ROW_CELLS, ROW_CELLS], dimension="A1:XFD1048576")
    opened = open_xlsx(data, Limits(None, 100_000))
    assert opened.header == HEADER_CELLS
    rows = rows_of(opened)
    assert [line for line, _ in rows] == [2, 3]
    assert all(len(cells) == 6 for _, cells in rows)


def test_empty_rows_count_towards_the_row_limit():
    empty_rows = "".join(f'<row r="{n}"/>' for n in range(4, 2000))
    data = xlsx_with([HEADER_CELLS, ROW_CELLS], extra_rows_xml=empty_rows)
    with pytest.raises(FiguresFileError, match="more than 1,000 rows"):
        rows_of(open_xlsx(data, Limits(None, 1000)))


def test_a_row_far_below_the_rest_crosses_the_row_limit_without_filling_the_gap():
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = xlsx_with([HEADER_CELLS, ROW_CELLS], extra_rows_xml=far)
    with pytest.raises(FiguresFileError, match="more than 1,000 rows"):
        rows_of(open_xlsx(data, Limits(None, 1000)))


def test_a_workbook_that_unpacks_past_its_limit_is_refused_before_it_is_read():
    padding = "<row/>" * 200_000  # compresses to almost nothing
    data = xlsx_with([HEADER_CELLS, ROW_CELLS], extra_rows_xml=padding)
    assert len(data) < 100_000
    with pytest.raises(FiguresFileError, match="unpacks to"):
        open_xlsx(data, Limits(None, None, max_unpacked_bytes=1024 * 1024))


def test_a_wide_row_is_read_only_as_far_as_a_figures_file_goes():
    wide = '<row r="3"><c r="XFD3" t="inlineStr"><is><t>far away</t></is></c></row>'
    data = xlsx_with([HEADER_CELLS, ROW_CELLS], extra_rows_xml=wide)
    rows = rows_of(open_xlsx(data))
    assert [line for line, _ in rows] == [2]


def test_read_figures_gives_the_whole_file_with_its_line_numbers():
    data = "\n".join([HEADER, ROW, "", ROW + ",extra"]).encode()
    dataset = read_figures(data, "f.csv")
    assert dataset.line_numbers == [2]
    assert [p.line for p in dataset.known_problems] == [4]
