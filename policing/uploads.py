"""Site-wide upload handling: no upload is read past the largest size any upload may have."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


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
