from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from boroughs.access import BoroughScopedAdminMixin
from boroughs.models import Area
from performance.rules import plural
from sitewide.admin_history import RecordAdminMixin
from sitewide.admin_home import StaffTask, register_tasks
from sitewide.admin_public import ChangesPublicPagesMixin
from sitewide.spreadsheets import neutralise_formulae

from .forms import KeyedResponseForm, ResultsFilterForm
from .models import (
    Answer,
    ContactDetails,
    DeletedResponse,
    Option,
    Question,
    Response,
    Survey,
    WeDid,
)
from .results import results_summary, survey_results
from .services import (
    add_theme,
    copy_survey_to_next_year,
    delete_response,
    publish_survey_results,
    record_response,
    remove_theme,
    rename_theme,
    tag_comment,
    withdraw_survey_results,
)


class LockedOnceAnsweredMixin:
    """Questions and options of a survey with responses cannot be added, changed or removed:
    that would change what the stored answers mean. Staff copy the survey instead.
    (The database also refuses to delete a question or option that has answers.)"""

    def _locked(self, obj):
        survey = obj if isinstance(obj, Survey) else getattr(obj, "survey", None)
        return bool(survey and survey.pk and survey.responses.exists())

    def has_add_permission(self, request, obj=None):
        if self._locked(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class WeDidInline(admin.StackedInline):
    """ "You said, we did": what was done, for London as a whole or one borough. The public
    see it with the results, as it stood when they were last published."""

    model = WeDid
    extra = 0
    fields = ["borough", "text", "published_text"]
    readonly_fields = ["published_text"]

    @admin.display(description="as the public see it")
    def published_text(self, we_did):
        return we_did.published_text or "Not yet published: publish the results to show it."


class QuestionInline(LockedOnceAnsweredMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = [
        "position",
        "kind",
        "text",
        "hint",
        "required",
        "max_choices",
        "max_length",
        "options_link",
    ]
    readonly_fields = ["options_link"]

    @admin.display(description="options")
    def options_link(self, question):
        if not question.pk:
            return "Save first, then add options"
        url = reverse("admin:consultation_question_change", args=[question.pk])
        return format_html('<a href="{}">Edit options</a>', url)


class NoBulkDeleteMixin:
    """No "delete selected" action: answers and surveys are deleted one at a time, from
    their own page, never a page of them at once by a stray tick."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# Written comments shown a page at a time, to group into themes.
COMMENTS_PER_PAGE = 50

# The results summary's downloads, by the tablib format that writes each, and its type.
RESULTS_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@admin.register(Survey)
class SurveyAdmin(NoBulkDeleteMixin, ChangesPublicPagesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "audience",
        "year",
        "opens_at",
        "closes_at",
        "results_published_at",
        "response_count",
        "results_link",
    ]
    list_filter = ["audience", "year"]
    search_fields = ["title", "slug"]
    list_select_related = ["year"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline, WeDidInline]
    actions = ["copy_to_next_year", "publish_results", "unpublish_results"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    @admin.display(description="responses", ordering="n_responses")
    def response_count(self, survey):
        return survey.n_responses

    @admin.display(description="results and keying")
    def results_link(self, survey):
        return format_html(
            '<a href="{}">Results</a> · <a href="{}">Key a response</a>',
            reverse("admin:consultation_survey_results", args=[survey.pk]),
            reverse("admin:consultation_survey_key", args=[survey.pk]),
        )

    def has_publish_results_permission(self, request):
        return request.user.has_perm("consultation.publish_survey_results")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_results_permission(request):
            # Publishing results is an Administrator's sign-off, not an edit.
            readonly.append("results_published_at")
        return readonly

    @admin.action(
        description="Copy to the next year (questions and options, no responses)",
        permissions=["add"],
    )
    def copy_to_next_year(self, request, queryset):
        copies = [copy_survey_to_next_year(survey=s) for s in queryset]
        self.message_user(
            request, f"{len(copies)} survey(s) copied: " + ", ".join(c.title for c in copies)
        )

    @admin.action(
        description="Publish results and 'You said, we did' (closed surveys only)",
        permissions=["publish_results"],
    )
    def publish_results(self, request, queryset):
        published, still_open = publish_survey_results(surveys=queryset)
        self.message_user(request, f"{published} survey(s) published.")
        if still_open:
            self.message_user(
                request,
                f"{still_open} survey(s) are still open: results are published only after "
                "a survey closes.",
                messages.WARNING,
            )

    @admin.action(description="Withdraw published results", permissions=["publish_results"])
    def unpublish_results(self, request, queryset):
        withdrawn = withdraw_survey_results(surveys=queryset)
        self.message_user(request, f"{withdrawn} survey(s) withdrawn.")

    def get_urls(self):
        return [
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="consultation_survey_results",
            ),
            path(
                "<int:pk>/results.<str:file_format>",
                self.admin_site.admin_view(self.results_export_view),
                name="consultation_survey_results_export",
            ),
            path(
                "<int:pk>/comments/",
                self.admin_site.admin_view(self.comments_view),
                name="consultation_survey_comments",
            ),
            path(
                "<int:pk>/key/",
                self.admin_site.admin_view(self.key_view),
                name="consultation_survey_key",
            ),
            *super().get_urls(),
        ]

    def _survey(self, pk):
        questions = Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
        return get_object_or_404(Survey.objects.prefetch_related(questions), pk=pk)

    def results_view(self, request, pk):
        """Results for staff, with free text, filtered by borough, channel and dates."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        survey, filters, results = self._results(request, pk, include_text=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Results: {survey}",
            "survey": survey,
            "results": results,
            "filters": filters,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/consultation/survey/results.html", context)

    def _results(self, request, pk, *, include_text):
        """The survey and its results for the filters asked for (borough, channel, dates)."""
        survey = self._survey(pk)
        boroughs = list(Area.objects.boroughs().only("name", "slug"))
        filters = ResultsFilterForm(request.GET or None, boroughs=boroughs)
        responses = filters.filter(Response.objects.for_results(survey))
        return (
            survey,
            filters,
            survey_results(survey, responses=responses, include_text=include_text),
        )

    def results_export_view(self, request, pk, file_format):
        """The results summary as a CSV or Excel file, with the filters on the page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if file_format not in RESULTS_FORMATS:
            raise Http404("Results download as .csv or .xlsx.")
        survey, _, results = self._results(request, pk, include_text=False)
        response = HttpResponse(
            results_summary(results).export(file_format),
            content_type=RESULTS_FORMATS[file_format],
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{survey.slug}-results.{file_format}"'
        )
        return response

    def comments_view(self, request, pk):
        """The survey's written comments, to group into themes: counts by theme, a filter by
        theme, and for those who may change surveys, the themes of each comment."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        survey = get_object_or_404(Survey, pk=pk)
        can_tag = self.has_change_permission(request)
        if request.method == "POST":
            if not can_tag:
                raise PermissionDenied
            try:
                self._act_on_comments(request, survey)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        themes = list(survey.themes.annotate(n_comments=Count("answers")))
        comments = (
            Answer.objects.filter(response__survey=survey)
            .exclude(text="")
            .select_related("question", "response")
            .prefetch_related("themes")
            .order_by("-response__submitted_at", "pk")
        )
        chosen = request.GET.get("theme", "")
        theme = next((t for t in themes if str(t.pk) == chosen), None)
        if theme is not None:
            comments = comments.filter(themes=theme)
        page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Comments by theme: {survey}",
            "survey": survey,
            "themes": themes,
            "theme": theme,
            "page": page,
            "can_tag": can_tag,
        }
        return TemplateResponse(request, "admin/consultation/survey/comments.html", context)

    def _act_on_comments(self, request, survey):
        action = request.POST.get("action")
        if action == "add_theme":
            theme = add_theme(survey=survey, name=request.POST.get("name", ""))
            self.message_user(request, f"Theme '{theme}' is ready to use.")
            return
        if action in ("rename_theme", "remove_theme"):
            chosen = request.POST.get("theme", "")
            theme = survey.themes.filter(pk=chosen if chosen.isdigit() else None).first()
            if theme is None:
                raise ValidationError("That theme is not one of this survey's.")
            if action == "rename_theme":
                old_name = theme.name
                rename_theme(theme=theme, name=request.POST.get("name", ""))
                self.message_user(request, f"Theme '{old_name}' renamed '{theme}'.")
            else:
                tagged = remove_theme(theme=theme)
                self.message_user(
                    request,
                    f"Theme '{theme}' removed from {tagged} "
                    f"{plural(tagged, 'comment', 'comments')}; the comments are kept.",
                )
            return
        answer = Answer.objects.filter(
            pk=request.POST.get("answer") if request.POST.get("answer", "").isdigit() else None,
            response__survey=survey,
        ).first()
        if answer is None:
            raise ValidationError("That comment is not one of this survey's.")
        theme_ids = [int(t) for t in request.POST.getlist("themes") if t.isdigit()]
        tag_comment(answer=answer, theme_ids=theme_ids)
        self.message_user(request, "Themes saved.")

    def may_key_responses(self, request) -> bool:
        return request.user.has_perm("consultation.add_response")

    def key_view(self, request, pk):
        """Staff key a paper or telephone response, through the public form's checks."""
        if not self.may_key_responses(request):
            raise PermissionDenied
        survey = self._survey(pk)
        # The channel and date of the last response keyed stay chosen for the next: staff
        # key a pile of paper forms, or a morning's calls, one after another.
        kept = {k: request.GET[k] for k in ("channel", "received_on") if k in request.GET}
        form = KeyedResponseForm(request.POST or None, survey=survey, initial=kept)
        if request.method == "POST" and form.is_valid():
            response, _ = record_response(
                form=form, channel=form.cleaned_data["channel"], keyed_by=request.user
            )
            self.message_user(request, f"Response {response.reference} saved.")
            for words in form.over_ticked_words():
                self.message_user(request, f"{response.reference}: {words}.", messages.WARNING)
            received = form.cleaned_data["received_on"].strftime("%d/%m/%Y")
            query = urlencode({"channel": form.cleaned_data["channel"], "received_on": received})
            return redirect(f"{reverse('admin:consultation_survey_key', args=[survey.pk])}?{query}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Key a paper or telephone response: {survey}",
            "survey": survey,
            "form": form,
        }
        return TemplateResponse(request, "admin/consultation/survey/key.html", context)


class OptionInline(LockedOnceAnsweredMixin, admin.TabularInline):
    model = Option
    extra = 1
    fields = ["position", "label", "measure"]

    def _locked(self, obj):
        return bool(obj and obj.pk and obj.survey.responses.exists())


@admin.register(Question)
class QuestionAdmin(ChangesPublicPagesMixin, LockedOnceAnsweredMixin, admin.ModelAdmin):
    list_display = ["text", "survey", "kind", "required", "position"]
    list_filter = ["survey", "kind"]
    search_fields = ["text"]
    list_select_related = ["survey"]
    inlines = [OptionInline]


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
HOME_SURVEYS = 4


@register_tasks(order=20)
def survey_tasks(request) -> list[StaffTask]:
    """The staff home's consultation tasks, for those whose role allows each."""
    surveys_admin = admin.site.get_model_admin(Survey)
    can_key = surveys_admin.may_key_responses(request)
    can_read = surveys_admin.has_view_permission(request)  # as the results page asks
    if not (can_key or can_read):
        return []
    surveys = list(
        Survey.objects.for_listing().annotate(answered=Count("responses"))[:HOME_SURVEYS]
    )
    all_surveys = reverse("admin:consultation_survey_changelist")

    def each_survey(route, words):
        return [(words(s), reverse(route, args=[s.pk])) for s in surveys]

    tasks = []
    if can_key:
        tasks.append(
            StaffTask(
                "Key a survey response",
                "Type in an answer that came on paper or by telephone, exactly as given.",
                all_surveys,
                links=each_survey(
                    "admin:consultation_survey_key", lambda s: f"Key a response to {s}"
                ),
            )
        )
    if can_read:
        tasks.append(
            StaffTask(
                "Survey results",
                "What residents and businesses said, by borough, channel and date.",
                all_surveys,
                links=each_survey(
                    "admin:consultation_survey_results",
                    lambda s: f"{s}: {s.answered} {plural(s.answered, 'response', 'responses')}",
                ),
            )
        )
    return tasks
