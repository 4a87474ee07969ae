"""Responses in the admin: read and exported by borough, deleted one at a time with a
reason kept; the record of deleted responses; contact details."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from boroughs.access import BoroughScopedAdminMixin
from sitewide.admin_history import RecordAdminMixin
from sitewide.spreadsheets import neutralise_formulae

from .models import (
    ContactDetails,
    DeletedResponse,
    Response,
)
from .services import (
    delete_response,
)


class NoBulkDeleteMixin:
    """No "delete selected" action: answers and surveys are deleted one at a time, from
    their own page, never a page of them at once by a stray tick."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ResponseResource(resources.ModelResource):
    """Responses for staff to analyse: one row per response, answers in one column a question."""

    survey = fields.Field(attribute="survey__title", column_name="survey")
    borough = fields.Field(attribute="borough__name", column_name="borough")
    answers = fields.Field(column_name="answers")

    class Meta:
        model = Response
        fields = ("reference", "survey", "borough", "channel", "submitted_at", "answers")
        export_order = fields

    def dehydrate_answers(self, response):
        return " | ".join(
            f"{a.question.text}: {a.option.label if a.option else a.text}"
            for a in response.answers.all()
        )

    def export(self, queryset=None, **kwargs):
        queryset = queryset.select_related("survey", "borough").prefetch_related(
            "answers__question", "answers__option"
        )
        return neutralise_formulae(super().export(queryset, **kwargs))


@admin.register(Response)
class ResponseAdmin(NoBulkDeleteMixin, BoroughScopedAdminMixin, ExportMixin, admin.ModelAdmin):
    borough_field = "borough"
    list_display = [
        "reference",
        "survey",
        "borough",
        "channel",
        "received_on",
        "keyed_by",
        "submitted_at",
    ]
    list_filter = ["survey", "channel", "borough", "submitted_at"]
    date_hierarchy = "submitted_at"
    search_fields = ["reference"]
    list_select_related = ["survey", "borough", "keyed_by"]
    readonly_fields = [
        "reference",
        "survey",
        "borough",
        "channel",
        "received_on",
        "keyed_by",
        "submitted_at",
    ]
    resource_classes = [ResponseResource]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    export_form_class = ExportForm

    def has_export_permission(self, request):
        # Exporting is reading: whoever may read responses (of their boroughs) may export them.
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False  # responses are keyed through the survey's form, with its checks

    def delete_view(self, request, object_id, extra_context=None):
        """Delete one response, saying why: the reason is kept with a record of the response
        (DeletedResponse), since deleting it changes the survey's counts."""
        response = self.get_object(request, object_id)  # of the user's boroughs only
        if response is None:
            raise Http404("No such response.")
        if not self.has_delete_permission(request, response):
            raise PermissionDenied
        error = ""
        reason = request.POST.get("reason", "")
        if request.method == "POST":
            try:
                delete_response(response=response, reason=reason, deleted_by=request.user)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                self.message_user(
                    request, f"Response {response.reference} deleted. The reason is recorded."
                )
                return redirect("admin:consultation_response_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Delete response {response.reference}",
            "response": response,
            "answers": response.answers.select_related("question", "option"),
            "reason": reason,
            "error": error,
        }
        return TemplateResponse(
            request, "admin/consultation/response/delete_with_reason.html", context
        )


@admin.register(DeletedResponse)
class DeletedResponseAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The record of deleted responses and why each was deleted: read only."""

    list_display = [
        "reference",
        "survey",
        "borough",
        "channel",
        "reason",
        "deleted_by",
        "deleted_at",
    ]
    list_filter = ["survey"]
    search_fields = ["reference"]
    list_select_related = ["survey", "borough", "deleted_by"]


@admin.register(ContactDetails)
class ContactDetailsAdmin(admin.ModelAdmin):
    """Respondents' contact details: delete them here when someone asks."""

    list_display = ["response", "name", "email", "telephone", "consented_at"]
    search_fields = ["response__reference", "email", "name"]
    list_select_related = ["response"]
    readonly_fields = ["response", "name", "email", "telephone", "consented_at"]

    def has_add_permission(self, request):
        return False


# How many surveys the staff home links to, newest first: this year's, by audience.
