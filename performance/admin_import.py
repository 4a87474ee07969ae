"""The admin's imports (figures files, recorded crime editions): upload, then a background
job checks and imports.

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
from django.urls import path, reverse
from django.utils import timezone
from import_export.formats import base_formats

from .figures.files import XLSX_MAGIC, upload_limits
from .jobs import cancel_import, confirm_import, end_stalled_jobs, start_import
from .models import ImportJob, ImportJobState, ImportKind
from .recorded_crime.reading import edition_date_problem


class FiguresCSV(base_formats.CSV):
    """Exports as CSV (UTF-8)."""


class FiguresXLSX(base_formats.XLSX):
    """Exports as an Excel workbook, numbers kept as numbers."""


TOO_LARGE = "The file is too large: files can be {limits}."


class FiguresUploadForm(forms.Form):
    """Checks a file's name, size and first bytes; the rows are read by the background job."""

    import_file = forms.FileField(label="Figures file")
    suffixes = (".csv", ".xlsx")

    def __init__(self, *args, refused_upload=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_upload = refused_upload
        self.fields["import_file"].help_text = (
            f"A .csv (UTF-8) or .xlsx file in the figures format, {upload_limits().describe()}. "
            "Only the first sheet of a workbook is read, as values: formulas are not run."
        )
        self.fields["import_file"].required = not refused_upload

    def job_options(self) -> dict:
        """What the job needs to know beyond the file."""
        return {}

    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        limits = upload_limits().describe()
        if self.refused_upload:
            raise forms.ValidationError(TOO_LARGE.format(limits=limits))
        if upload is None:
            return upload
        name = upload.name.lower()
        if not name.endswith(self.suffixes):
            raise forms.ValidationError(f"Choose a {' or '.join(self.suffixes)} file.")
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


class RecordedCrimeUploadForm(FiguresUploadForm):
    """An edition of the police's recorded crime, and the day they published it."""

    import_file = forms.FileField(label="Recorded crime file")
    edition_of = forms.DateField(
        label="Published by the police on",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the police published this edition, e.g. 26/01/2017. Each edition "
        "is kept with this date, and figures it revises say so.",
    )
    suffixes = (".csv",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = (
            "The police's CSV file as published (Borough, Major Category, Minor Category, "
            f"then one YYYYMM column per month), {upload_limits().describe()}."
        )

    def clean_edition_of(self):
        edition_of = self.cleaned_data["edition_of"]
        if problem := edition_date_problem(edition_of, timezone.localdate()):
            raise forms.ValidationError(problem)
        return edition_of

    def job_options(self) -> dict:
        return {"edition_of": self.cleaned_data["edition_of"]}


class ImportAdminMixin:
    """The import pages on a model's admin: the upload form, and each job's own page.

    A job's page shows its progress while it is checked (it refreshes itself), then
    what the file would change, for its owner to confirm or cancel. Only the person who
    uploaded a file reaches its job, and only through the pages of its kind: anyone
    else gets a 404.
    """

    import_kind = ImportKind.FIGURES
    import_permission = "performance.import_figures"
    upload_form = FiguresUploadForm
    upload_template = "admin/performance/figure/import.html"
    import_title = "Import figures"

    def has_import_permission(self, request):
        return request.user.has_perm(self.import_permission)

    def changelist_view(self, request, extra_context=None):
        # The list offers the upload to those who may import.
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _route(self, suffix: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{suffix}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self._route("import")),
            path(
                "import/<uuid:job_id>/",
                wrap(self.import_job_view),
                name=self._route("import_job"),
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        opts = self.model._meta
        return {
            **self.admin_site.each_context(request),
            "opts": opts,
            "section_name": opts.verbose_name_plural.capitalize(),
            "changelist_url": reverse(f"admin:{self._route('changelist')}"),
            "import_url": reverse(f"admin:{self._route('import')}"),
            **extra,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        data, files = (request.POST, request.FILES) if posted else (None, None)
        # Reading the body (above) is what lets the upload handler refuse an oversized file.
        refused = getattr(request, "refused_upload", None)
        form = self.upload_form(data, files, refused_upload=refused)
        if posted and form.is_valid():
            upload = form.cleaned_data["import_file"]
            job = start_import(
                user=request.user,
                file_name=upload.name,
                data=upload,
                kind=self.import_kind,
                **form.job_options(),
            )
            return redirect(job.get_absolute_url())
        recent = ImportJob.objects.for_user(request.user, self.import_kind).defer("report")
        context = self._context(
            request,
            title=self.import_title,
            form=form,
            limits=upload_limits().describe(),
            recent_jobs=recent[:10],
        )
        return TemplateResponse(request, self.upload_template, context)

    def import_job_view(self, request, job_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        end_stalled_jobs()
        jobs = ImportJob.objects.for_user(request.user, self.import_kind)
        job = get_object_or_404(jobs, pk=job_id)
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


class FiguresImportAdminMixin(ImportAdminMixin):
    """Figures files, on the figures admin."""


class RecordedCrimeImportAdminMixin(ImportAdminMixin):
    """Editions of the police's recorded crime, on the admin's list of editions."""

    import_kind = ImportKind.RECORDED_CRIME
    import_permission = "performance.import_recorded_crime"
    upload_form = RecordedCrimeUploadForm
    upload_template = "admin/performance/crimeedition/import.html"
    import_title = "Import recorded crime"
