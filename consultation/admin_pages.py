"""A survey's pages for staff besides its own form: results, their download, comments
grouped into themes, and keying a paper or telephone response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from boroughs.models import Area
from performance.rules import plural

from .forms import KeyedResponseForm, ResultsFilterForm
from .models import (
    Answer,
    Question,
    Response,
    Survey,
)
from .results import results_summary, survey_results
from .services import (
    add_theme,
    record_response,
    remove_theme,
    rename_theme,
    tag_comment,
    tag_comments,
)

# Written comments shown a page at a time, to group into themes.
COMMENTS_PER_PAGE = 50

# The results summary's downloads, by the tablib format that writes each, and its type.
RESULTS_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SurveyStaffPages:
    """Mixed into SurveyAdmin, whose get_urls routes to these views."""

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
            .select_related("question", "response", "response__borough")
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
        if action == "tag_comments":  # a page of comments, one Save
            shown = [int(a) for a in request.POST.getlist("answers") if a.isdigit()]
            chosen = {
                a: [int(t) for t in request.POST.getlist(f"themes-{a}") if t.isdigit()]
                for a in shown
            }
            saved = tag_comments(survey=survey, chosen=chosen)
            self.message_user(
                request, f"Themes saved for {saved} {plural(saved, 'comment', 'comments')}."
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
