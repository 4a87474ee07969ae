from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html

from performance.rules import plural
from sitewide.admin_home import StaffTask, register_tasks
from sitewide.admin_public import ChangesPublicPagesMixin

from .admin_pages import SurveyStaffPages

# Importing it also registers the responses' pages.
from .admin_responses import NoBulkDeleteMixin
from .models import (
    Option,
    Question,
    Survey,
    WeDid,
)
from .services import (
    copy_survey_to_next_year,
    publish_survey_results,
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
        "error_message",
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


@admin.register(Survey)
class SurveyAdmin(SurveyStaffPages, NoBulkDeleteMixin, ChangesPublicPagesMixin, admin.ModelAdmin):
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
