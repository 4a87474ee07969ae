"""The admin's import of figures files: upload, then a background job checks and imports.

The web request only receives the file (stopped at the size limit while it arrives),
looks at its first bytes, and hands it to performance.jobs; the worker does the rest.
Export stays django-import-export's, with the same FigureResource as the command.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from import_export.formats import base_formats

from .figure_files import XLSX_MAGIC, upload_limits
from .jobs import cancel_import, confirm_import, end_stalled_jobs, start_import
from .models import ImportJob, ImportJobState


class FiguresCSV(base_formats.CSV):
    """Exports as CSV (UTF-8)."""


class FiguresXLSX(base_formats.XLSX):
    """Exports as an Excel workbook, numbers kept as numbers."""


TOO_LARGE = "The file is too large: files can be {limits}."


class FiguresUploadForm(forms.Form):
    """Checks a file's name, size and first bytes; the rows are read by the background job."""

    import_file = forms.FileField(label="Figures file")

    def __init__(self, *args, refused_upload=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_upload = refused_upload
        self.fields["import_file"].help_text = (
            f"A .csv (UTF-8) or .xlsx file in the figures format, {upload_limits().describe()}. "
            "Only the first sheet of a workbook is read, as values: formulas are not run."
        )
        self.fields["import_file"].required = not refused_upload

    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        limits = upload_limits().describe()
        if self.refused_upload:
            raise forms.ValidationError(TOO_LARGE.format(limits=limits))
        if upload is None:
            return upload
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Choose a .csv or .xlsx file.")
        if upload.size > settings.FIGURES_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE.format(limits=limits))
        if not upload.size:
            raise forms.ValidationError("The file is empty.")
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx") and not head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(
                "The file is not an Excel workbook (.xlsx). If it is a CSV file, its name "
                "must end .csv."
            )
        if name.endswith(".csv") and (head.startswith(XLSX_MAGIC) or b"\x00" in head):
            raise forms.ValidationError(
                "The file is not a CSV text file. If it is a spreadsheet, its name must end "
                ".xlsx, or save it as 'CSV UTF-8'."
            )
        return upload


class FiguresImportAdminMixin:
    """The import pages on the figures admin: the upload form, and each job's own page.

    A job's page shows its progress while it is checked (it refreshes itself), then
    what the file would change, for its owner to confirm or cancel. Only the person who
    uploaded a file reaches its job: anyone else gets a 404.
    """

    def has_import_permission(self, request):
        return request.user.has_perm("performance.import_figures")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="performance_figure_import"),
            path(
                "import/<uuid:job_id>/",
                wrap(self.import_job_view),
                name="performance_figure_import_job",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        data, files = (request.POST, request.FILES) if posted else (None, None)
        # Reading the body (above) is what lets the upload handler refuse an oversized file.
        refused = getattr(request, "refused_upload", None)
        form = FiguresUploadForm(data, files, refused_upload=refused)
        if posted and form.is_valid():
            upload = form.cleaned_data["import_file"]
            job = start_import(user=request.user, file_name=upload.name, data=upload)
            return redirect(job.get_absolute_url())
        context = self._context(
            request,
            title="Import figures",
            form=form,
            limits=upload_limits().describe(),
            recent_jobs=ImportJob.objects.for_user(request.user).defer("report")[:10],
        )
        return TemplateResponse(request, "admin/performance/figure/import.html", context)

    def import_job_view(self, request, job_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        end_stalled_jobs()
        job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=job_id)
        if request.method == "POST":
            return self._act_on_job(request, job)
        context = self._context(
            request,
            title=f"Import {job.file_name}",
            job=job,
            states=ImportJobState,
            retention_hours=settings.IMPORT_UPLOAD_RETENTION_HOURS,
        )
        return TemplateResponse(request, "admin/performance/figure/import_job.html", context)

    def _act_on_job(self, request, job):
        action = request.POST.get("action")
        if action == "confirm":
            reason = request.POST.get("correction_reason", "")[:2000]
            if not confirm_import(job=job, correction_reason=reason):
                messages.error(request, "This import can no longer be confirmed.")
        elif action == "cancel":
            if cancel_import(job=job):
                messages.success(request, f"Cancelled. Nothing from {job.file_name} was imported.")
            else:
                messages.error(request, "This import can no longer be cancelled.")
        else:
            messages.error(request, "Choose whether to import the file or cancel.")
        return redirect(job.get_absolute_url())
