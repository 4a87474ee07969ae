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
from django_ratelimit.decorators import ratelimit

from boroughs.models import Area
from sitewide.cache import remember
from sitewide.outages import DATABASE_UNAVAILABLE

from .forms import SurveyResponseForm
from .models import Audience, Question, Response, Survey, new_reference
from .results import published_we_did, survey_results
from .services import record_response

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


@ratelimit(key="ip", rate=submission_rate, method="POST", block=False)
def survey_form(request, slug):
    survey = _survey(slug)
    boroughs = _boroughs()
    context = {"survey": survey, "now": timezone.now(), "autocomplete": True}
    if not survey.is_open():
        return render(request, "consultation/survey_closed.html", context)
    if request.method == "POST" and getattr(request, "limited", False):
        return render(request, "consultation/too_many.html", context, status=429)
    if request.method == "POST":
        form = SurveyResponseForm(request.POST, survey=survey, boroughs=boroughs)
        if form.is_valid():
            if form.is_spam:
                # Quietly dropped: the sender sees the normal confirmation and learns nothing.
                log.info("Survey %s: honeypot filled, response discarded", survey.slug)
                return _to_confirmation(survey, new_reference())
            try:
                response, _ = record_response(form=form)
            except DATABASE_UNAVAILABLE:
                # Nothing was written (one transaction); the person keeps their answers.
                log.warning("Survey %s: database unavailable, response not saved", survey.slug)
                form.add_error(None, NOT_SAVED)
                context["form"] = form
                return render(request, "consultation/survey_form.html", context, status=503)
            return _to_confirmation(survey, response.reference)
    else:
        chosen = request.GET.get("borough", "")
        initial = {"borough": chosen} if any(b.slug == chosen for b in boroughs) else {}
        form = SurveyResponseForm(survey=survey, boroughs=boroughs, initial=initial)
    context["form"] = form
    return render(request, "consultation/survey_form.html", context)


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
