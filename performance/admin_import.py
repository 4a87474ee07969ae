"""The admin's spreadsheet import and export of figures, on django-import-export.

Uploads are read by performance.figure_files (limits, type by content, line
numbers) and imported by the same FigureResource as ``import_figures``.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from import_export.formats import base_formats
from import_export.forms import ImportForm

from .figure_files import FiguresFileError, read_csv, read_xlsx, upload_limits


class FiguresCSV(base_formats.CSV):
    """CSV read as bytes by our own reader, so that encoding problems get a clear message."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream, upload_limits())


class FiguresXLSX(base_formats.XLSX):
    """XLSX read as values (a formula gives its saved result), first sheet only."""

    def create_dataset(self, in_stream, **kwargs):
        return read_xlsx(in_stream, upload_limits())


EXTENSIONS = {FiguresCSV: ".csv", FiguresXLSX: ".xlsx"}


class FiguresImportForm(ImportForm):
    """Checks the file's name and size before anything reads it."""

    def __init__(self, formats, resources, **kwargs):
        self.refused_upload = kwargs.pop("refused_upload", None)
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = (
            f"A .csv (UTF-8) or .xlsx file in the figures format, {upload_limits().describe()}. "
            "Only the first sheet of a workbook is read, as values: formulas are not run."
        )
        self.fields["import_file"].required = not self.refused_upload

    def clean(self):
        cleaned = super().clean()
        if self.refused_upload:
            self.add_error(
                "import_file",
                f"The file is too large: files can be {upload_limits().describe()}.",
            )
            return cleaned
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if not upload or chosen in (None, ""):
            return cleaned
        expected = EXTENSIONS.get(self.formats[int(chosen)])
        if expected and not upload.name.lower().endswith(expected):
            self.add_error(
                "import_file",
                f"The file's name must end {expected} for the format chosen.",
            )
        elif upload.size > settings.FIGURES_UPLOAD_MAX_BYTES:
            self.add_error(
                "import_file",
                f"The file is too large: files can be {upload_limits().describe()}.",
            )
        return cleaned


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an uploaded file once it passes the largest size any upload may have.

    It runs before Django's own handlers, so an oversized file is never held in
    memory or written to disk; the form then says the file is too large.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FIGURES_UPLOAD_MAX_BYTES:
            self.request.refused_upload = self.file_name
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def describe_read_error(error: Exception) -> str:
    if isinstance(error, FiguresFileError):
        return str(error)
    return "The file cannot be read. Check it is a figures file in the format chosen."
