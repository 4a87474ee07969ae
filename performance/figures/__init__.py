"""The figures file (docs/figures.md): reading it safely, and importing it.

Reading figures files (CSV and XLSX) safely, a row at a time, keeping each row's line number.

A file is opened (its size, type by content, and header checked) and then read row by
row, so that memory stays flat whatever the file's size: nothing holds the whole file
as Python objects. Every limit is checked as rows are parsed, and reading stops at the
first one crossed:

- the number of lines after the header, counted as they are parsed, whatever ends them
  (``\\n``, ``\\r\\n`` or a bare ``\\r``), blank lines included;
- for a workbook, the size it unpacks to (declared sizes are also the most that is
  read), and never the sheet's own claim about its size (its "dimension"), which a
  hostile file sets to the whole grid.

Rows come as ``(line, cells)`` with ``line`` as an editor or spreadsheet shows it.

Reading and writing the figures file (docs/figures.md) with django-import-export.

``import_figures_rows`` is the one code path for every import: the management
command, the admin's background import job and the demo data all use it, with
the same FigureResource. A file is read a chunk of rows at a time (memory stays
flat whatever its size) and imported whole or not at all: every row is
validated, the writes are made inside one transaction, and if any row is bad the
transaction is rolled back and every bad row is reported with its line number as
an editor or spreadsheet shows it.

One module per step: ``files`` (columns, limits, CSV), ``workbooks`` (XLSX, and either
kind in chunks), ``numbers`` (areas and numbers as people write them), ``tables`` (what an
import looks up and writes besides figures), ``resource`` (django-import-export's
resource) and ``loading`` (an import, whole or not at all).
"""
