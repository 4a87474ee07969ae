"""Writes for the consultation, shared by the public form, staff keying, the admin and demo data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from boroughs.models import Area
from performance.rules import year_slug
from sitewide.cache import invalidate_public_pages

from .forms import SurveyResponseForm
from .models import (
    Answer,
    Channel,
    CommentTheme,
    ContactDetails,
    DeletedResponse,
    Option,
    RespondentProfile,
    Response,
    Survey,
    WeDid,
)

# The optional answers about the respondent (or their business), kept apart from the rest.
PROFILE_FIELDS = ("age_band", "postcode_district", "business_sector", "business_size")


def record_response(
    *,
    form: SurveyResponseForm,
    channel: str = Channel.ONLINE,
    keyed_by=None,
    borough: Area | None = None,
    submitted_at=None,
) -> tuple[Response, bool]:
    """Store a validated response with its answers, all or nothing.

    Returns (response, created). The same form token twice (a double click, a
    resubmitted page, twenty requests at once) stores one response: the database's
    unique constraint decides, and the later requests get the first response back.
    """
    data = form.cleaned_data
    token = data.get("form_token") or None
    if borough is None:
        borough = form.boroughs_by_slug[data["borough"]]  # the form only accepts these
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=form.survey,
                borough=borough,
                channel=channel,
                keyed_by=keyed_by,
                form_token=token,
                submitted_at=submitted_at or timezone.now(),
                received_on=data.get("received_on"),
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=question,
                    option_id=option_id,
                    counted=form.is_counted(question),
                )
                for question, option_ids, _ in form.answers()
                for option_id in option_ids
            )
            Answer.objects.bulk_create(
                Answer(response=response, question=question, text=text)
                for question, _, text in form.answers()
                if text
            )
            profile = {name: data.get(name, "") for name in PROFILE_FIELDS}
            if any(profile.values()):
                RespondentProfile.objects.create(response=response, **profile)
            if data.get("contact_consent"):
                ContactDetails.objects.create(
                    response=response,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    telephone=data.get("telephone", ""),
                )
    except IntegrityError:
        if token is None:
            raise
        existing = Response.objects.filter(form_token=token).first()
        if existing is None:
            raise
        return existing, False
    if form.survey.results_published_at is not None:
        invalidate_public_pages()  # a late paper response changes published results
    return response, True


def remove_contact_details(*, response: Response) -> bool:
    """Delete a respondent's contact details on request; their answers stay."""
    deleted, _ = ContactDetails.objects.filter(response=response).delete()
    return bool(deleted)


@transaction.atomic
def delete_response(*, response: Response, reason: str, deleted_by) -> DeletedResponse:
    """Delete one response with its answers, keeping a record of it and of why.
    ValidationError, and nothing deleted, without a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the response is being deleted.")
    record = DeletedResponse.objects.create(
        reference=response.reference,
        survey_id=response.survey_id,
        borough_id=response.borough_id,
        channel=response.channel,
        submitted_at=response.submitted_at,
        reason=reason,
        deleted_by=deleted_by,
    )
    published = response.survey.results_published_at is not None
    response.delete()
    if published:
        invalidate_public_pages()  # the published counts lose this response
    return record


def purge_contact_details(*, now=None) -> int:
    """Delete contact details held longer than settings.CONTACT_DETAILS_RETENTION_DAYS."""
    deleted, _ = ContactDetails.objects.past_retention(now).delete()
    return deleted


@transaction.atomic
def copy_survey_to_next_year(*, survey: Survey) -> Survey:
    """A copy of the survey, its questions and options, a year later, with no responses."""
    from performance.models import FinancialYear

    next_year, _ = FinancialYear.objects.get_or_create(start_year=survey.year.start_year + 1)
    year_later = timezone.timedelta(days=365)
    slug = _free_slug(next_year_slug(survey.slug, survey.year.start_year))
    copy = Survey.objects.create(
        title=survey.title.replace(survey.year.label, next_year.label),
        slug=slug,
        year=next_year,
        audience=survey.audience,
        introduction=survey.introduction,
        opens_at=survey.opens_at + year_later,
        closes_at=survey.closes_at + year_later,
    )
    for question in survey.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk = None
        question.survey = copy
        question.save()
        Option.objects.bulk_create(
            Option(question=question, position=o.position, label=o.label, measure_id=o.measure_id)
            for o in options
        )
    invalidate_public_pages()
    return copy


def next_year_slug(slug: str, start_year: int) -> str:
    """A survey's address a year on: ``residents-2010-11`` → ``residents-2011-12``.

    The year as written in addresses is moved on whole, so its second part follows the
    first; a slug naming only the starting year moves that (``residents-2010`` →
    ``residents-2011``); one naming no year gets ``-next`` at its end.
    """
    this_year, next_year = year_slug(start_year), year_slug(start_year + 1)
    if this_year in slug:
        return slug.replace(this_year, next_year)
    if str(start_year) in slug:
        return slug.replace(str(start_year), str(start_year + 1))
    return f"{slug}-next"


def publish_survey_results(*, surveys, now=None) -> tuple[int, int]:
    """Make closed surveys' results public now. Returns (published, still open).

    Results are public only once a survey has closed, so open surveys are left alone.
    """
    now = now or timezone.now()
    with transaction.atomic():
        published = surveys.filter(closes_at__lte=now, results_published_at__isnull=True).update(
            results_published_at=now
        )
        # "You said, we did" as it stands now, for every closed survey asked for: publishing
        # results again is how an edited write-up reaches the public.
        refreshed = (
            WeDid.objects.filter(survey__in=surveys.filter(closes_at__lte=now))
            .exclude(published_text=F("text"))
            .update(published_text=F("text"))
        )
        if published or refreshed:
            invalidate_public_pages()
    still_open = surveys.filter(closes_at__gt=now).count()
    return published, still_open


def withdraw_survey_results(*, surveys) -> int:
    """Take surveys' published results off the public site at once."""
    withdrawn = surveys.filter(results_published_at__isnull=False).update(results_published_at=None)
    if withdrawn:
        invalidate_public_pages()
    return withdrawn


def _free_slug(slug: str) -> str:
    candidate, n = slug, 2
    while Survey.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def add_theme(*, survey: Survey, name: str) -> CommentTheme:
    """A theme for the survey's comments; the existing one if the name is already taken
    (whatever its case). ValidationError for an empty or over-long name."""
    name = _theme_name(name)
    existing = survey.themes.filter(name__iexact=name).first()
    return existing or CommentTheme.objects.create(survey=survey, name=name)


def _theme_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the theme a name.")
    if len(name) > 80:
        raise ValidationError("A theme's name can be at most 80 characters.")
    return name


def rename_theme(*, theme: CommentTheme, name: str) -> CommentTheme:
    """Rename a theme; its comments keep it. ValidationError if the survey already has a
    theme of that name (whatever its case), or for an empty or over-long name."""
    name = _theme_name(name)
    taken = theme.survey.themes.filter(name__iexact=name).exclude(pk=theme.pk).exists()
    if taken:
        raise ValidationError(f"This survey already has a theme called '{name}'.")
    theme.name = name
    theme.save(update_fields=["name"])
    return theme


def remove_theme(*, theme: CommentTheme) -> int:
    """Remove a theme: its comments stay, without it. Returns how many comments had it."""
    tagged = theme.answers.count()
    theme.delete()
    return tagged


@transaction.atomic
def tag_comments(*, survey: Survey, chosen: dict[int, list[int]]) -> int:
    """Set the themes of several of a survey's comments at once (a page of them), all or
    none: each answer and theme must be the survey's. Returns how many were set."""
    answers = {
        a.pk: a
        for a in Answer.objects.filter(pk__in=chosen, response__survey=survey).exclude(text="")
    }
    if len(answers) != len(chosen):
        raise ValidationError("Those comments are not all this survey's.")
    with transaction.atomic():
        for answer_id, theme_ids in chosen.items():
            tag_comment(answer=answers[answer_id], theme_ids=theme_ids)
    return len(answers)


def tag_comment(*, answer: Answer, theme_ids) -> None:
    """Set a free-text comment's themes, each one of its own survey's."""
    if not answer.text:
        raise ValidationError("Only a written comment can be given themes.")
    themes = list(CommentTheme.objects.filter(pk__in=theme_ids, survey=answer.response.survey_id))
    if len(themes) != len(set(theme_ids)):
        raise ValidationError("Choose themes of this survey.")
    answer.themes.set(themes)
