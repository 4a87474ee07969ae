"""Public pages of the 'Have your say' consultation."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from boroughs.models import Area
from sitewide.cache import remember
from sitewide.outages import DATABASE_UNAVAILABLE

from .forms import SurveyResponseForm
from .models import Audience, Question, Response, Survey, new_reference
from .results import published_we_did, survey_results
from .services import record_response
from .steps import (
    CHECK,
    after,
    answer_rows,
    as_given,
    carried,
    errors_on,
    first_with_errors,
    step_named,
    steps_of,
)

log = logging.getLogger(__name__)
REFERENCE_SALT = "consultation.reference"
NOT_SAVED = (
    "Your answers have not been saved because of a problem on our side. They are still "
    "below: please try sending them again in a few minutes."
)


def _load_survey(slug: str) -> Survey | None:
    questions = Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
    return (
        Survey.objects.select_related("year").prefetch_related(questions).filter(slug=slug).first()
    )


def _survey(slug: str) -> Survey:
    """The survey with its questions and options: read by every visitor, changed rarely."""
    if len(slug) > Survey._meta.get_field("slug").max_length:
        raise Http404("There is no survey at this address.")
    survey = remember(f"survey:{slug}", lambda: _load_survey(slug))
    if survey is None:
        raise Http404("There is no survey at this address.")
    return survey


def _boroughs() -> list[Area]:
    return remember("boroughs", lambda: list(Area.objects.boroughs().only("name", "slug")))


def survey_list(request):
    """The surveys, open ones first; ``?audience=businesses`` (or ``residents``) shows only
    that audience's, for the routes from the home and borough pages."""
    now = timezone.now()
    audience = request.GET.get("audience")
    audience = audience if audience in Audience.values else None
    surveys = Survey.objects.for_listing()
    if audience:
        surveys = surveys.filter(audience=audience)
    surveys = list(surveys)
    return render(
        request,
        "consultation/survey_list.html",
        {
            "audience": audience,
            "open_surveys": [s for s in surveys if s.is_open(now)],
            "upcoming": [s for s in surveys if not s.has_opened(now)],
            "closed": [s for s in surveys if s.has_closed(now)],
            "now": now,
        },
    )


def submission_rate(group, request):
    """Read when each request is checked, so tests and the benchmark can change it."""
    return settings.SURVEY_SUBMISSION_RATE


def survey_form(request, slug):
    """The survey a page at a time, then "check your answers" (consultation.steps); a post
    without a page is the whole form at once."""
    survey = _survey(slug)
    boroughs = _boroughs()
    context = {"survey": survey, "now": timezone.now(), "autocomplete": True}
    if not survey.is_open():
        return render(request, "consultation/survey_closed.html", context)
    if request.method != "POST":
        chosen = request.GET.get("borough", "")
        initial = {"borough": chosen} if any(b.slug == chosen for b in boroughs) else {}
        form = SurveyResponseForm(survey=survey, boroughs=boroughs, initial=initial)
        return _page(request, context, form, steps_of(form)[0])
    form = SurveyResponseForm(request.POST, survey=survey, boroughs=boroughs)
    steps = steps_of(form)
    form.is_valid()  # every page is checked with the whole form; each says only its own
    posted = request.POST.get("step")
    if posted is None:
        return _send(request, context, form, steps, whole_form=True)
    if "goto" in request.POST:  # "Change" on the check page
        return _page(request, context, form, step_named(steps, request.POST["goto"]) or steps[0])
    if posted == CHECK:
        return _send(request, context, form, steps)
    step = step_named(steps, posted) or steps[0]
    if errors_on(form, step):
        return _page(request, context, form, step, show_errors=True)
    following = request.POST.get("then") or after(steps, step)
    if following == CHECK:
        return _check(request, context, form, steps)
    return _page(request, context, form, step_named(steps, following) or steps[0])


def _page(request, context, form, step, *, show_errors=False, status=200):
    """One page of the survey (``step`` None: the whole form), the other answers carried."""
    steps = steps_of(form)
    context = {
        **context,
        "form": form if show_errors else as_given(form),
        "step": step,
        "step_number": steps.index(step) + 1 if step else None,
        "step_count": len(steps),
        "carried": carried(form, step),
        "errors": (errors_on(form, step) if step else form.error_list()) if show_errors else [],
        # Back from the check page, "Continue" returns there.
        "then": request.POST.get("then", CHECK if "goto" in request.POST else ""),
    }
    return render(request, "consultation/survey_form.html", context, status=status)


def _check(request, context, form, steps):
    context = {
        **context,
        "form": form,
        "rows": answer_rows(form, steps),
        "steps": steps,
        "carried": carried(form, None),
    }
    return render(request, "consultation/survey_check.html", context)


def _send(request, context, form, steps, *, whole_form=False):
    """Save the answers (once, however often the same form is sent), or show what to put
    right: the first page with a mistake, or the whole form where it was sent whole."""
    if is_ratelimited(
        request, group="survey-send", key="ip", rate=submission_rate, method="POST", increment=True
    ):
        return render(request, "consultation/too_many.html", context, status=429)
    if not form.is_valid():
        return _page(
            request,
            context,
            form,
            None if whole_form else first_with_errors(form, steps),
            show_errors=True,
        )
    if form.is_spam:
        # Quietly dropped: the sender sees the normal confirmation and learns nothing.
        log.info("Survey %s: honeypot filled, response discarded", form.survey.slug)
        return _to_confirmation(form.survey, new_reference())
    try:
        response, _ = record_response(form=form)
    except DATABASE_UNAVAILABLE:
        # Nothing was written (one transaction); the person keeps their answers.
        log.warning("Survey %s: database unavailable, response not saved", form.survey.slug)
        form.add_error(None, NOT_SAVED)
        if whole_form:
            return _page(request, context, form, None, show_errors=True, status=503)
        context = {**context, "not_saved": NOT_SAVED}
        response = _check(request, context, form, steps)
        response.status_code = 503
        return response
    return _to_confirmation(form.survey, response.reference)


def _to_confirmation(survey, reference):
    token = signing.dumps(reference, salt=REFERENCE_SALT)
    return redirect(f"{reverse('consultation:confirmation', args=[survey.slug])}?ref={token}")


def confirmation(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    try:
        reference = signing.loads(
            request.GET.get("ref", ""), salt=REFERENCE_SALT, max_age=24 * 3600
        )
    except signing.BadSignature:
        raise Http404("This confirmation has expired or is not valid.") from None
    return render(
        request, "consultation/confirmation.html", {"survey": survey, "reference": reference}
    )


def printable(request, slug):
    survey = _survey(slug)
    form = SurveyResponseForm(survey=survey, boroughs=_boroughs())
    return render(request, "consultation/survey_print.html", {"survey": survey, "form": form})


def results(request, slug):
    survey = _survey(slug)
    if not survey.results_are_public():
        raise Http404("The results of this survey have not been published.")
    boroughs = _boroughs()
    borough = next((b for b in boroughs if b.slug == request.GET.get("borough")), None)
    responses = Response.objects.for_results(survey)
    if borough:
        responses = responses.filter(borough=borough)
    context = {
        "survey": survey,
        "boroughs": boroughs,
        "borough": borough,
        "results": survey_results(survey, responses=responses),
        "we_did": published_we_did(survey, borough),
    }
    return render(request, "consultation/results.html", context)
