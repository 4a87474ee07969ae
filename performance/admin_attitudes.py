"""The Public Attitude Survey's editions in the admin: a record, and the page that imports one.

A file is small (some 4,300 values), so it is checked and stored at once, as a draft
edition that Review and publish then releases, as it does a recorded crime edition.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from sitewide.admin_history import RecordAdminMixin

from .attitudes.importing import import_attitudes
from .models import AttitudeEdition

# Far more than MOPAC's file (about 170 KB): a larger upload is not this file.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class AttitudeUploadForm(forms.Form):
    import_file = forms.FileField(
        label="Attitude survey file",
        help_text="MOPAC's CSV file as published: date, quarter, borough, metric, "
        "metric_value, one row for each borough, quarter and measure; at most 2 MB.",
    )
    edition_of = forms.DateField(
        label="Published by MOPAC on",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty if the day is not known: the first day of the month after the "
        "file's last quarter stands for it, and the pages say it is approximate.",
    )
    check_only = forms.BooleanField(
        label="Check the file only, writing nothing", required=False, initial=False
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a CSV file (.csv), as MOPAC publishes it.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: it is not MOPAC's file.")
        return upload


@admin.register(AttitudeEdition)
class AttitudeEditionAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The editions imported (here, or with ``manage.py import_attitudes``): a record, never
    edited. Administrators import an edition from its list."""

    list_display = ["__str__", "first_quarter", "last_quarter", "rows", "imported_at", "release_at"]
    readonly_fields = [f.name for f in AttitudeEdition._meta.fields]
    change_list_template = "admin/performance/attitudeedition/change_list.html"

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("performance.import_attitudes")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="performance_attitudeedition_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = AttitudeUploadForm(
            request.POST if posted else None, request.FILES if posted else None
        )
        done = None
        if posted and form.is_valid():
            upload = form.cleaned_data["import_file"]
            done = import_attitudes(
                upload.read(),
                file_name=upload.name,
                edition_of=form.cleaned_data["edition_of"],
                dry_run=form.cleaned_data["check_only"],
                user=request.user,
            )
            if done.edition is not None:
                messages.success(
                    request,
                    f"{done.summary()}. It is a draft: publish it from Review and publish.",
                )
                return redirect(reverse("admin:performance_attitudeedition_changelist"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": "Import the attitude survey",
            "form": form,
            "done": done,
            "changelist_url": reverse("admin:performance_attitudeedition_changelist"),
        }
        return TemplateResponse(request, "admin/performance/attitudeedition/import.html", context)
