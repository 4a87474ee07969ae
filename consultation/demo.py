"""Demo consultation: this year's surveys open now, last year's closed with published results.

Dates are set relative to the day it runs. Responses are illustrative, made up
deterministically, from every channel, and go through the same form and
service as real ones.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from boroughs.models import Area
from performance.models import FinancialYear, Measure

from .forms import KeyedResponseForm, SurveyResponseForm
from .models import Audience, Channel, Option, Question, QuestionKind, Survey
from .services import record_response

CURRENT_YEAR, LAST_YEAR = 2011, 2010

RESIDENT_PRIORITIES = [
    "residential-burglary",
    "robbery",
    "theft-from-vehicles",
    "theft-of-vehicles",
    "most-serious-violence",
    "serious-youth-violence",
    "knife-crime",
    "gun-crime",
]
RATING = ["Very poorly", "Fairly poorly", "Neither well nor poorly", "Fairly well", "Very well"]


# What each required question says when left unanswered (GOV.UK: say what to do).
UNANSWERED = {
    "Which of these should the police in your borough concentrate on next year?": (
        "Select up to 3 things the police in your borough should concentrate on"
    ),
    "How well do the police in your area do their job?": (
        "Select how well the police in your area do their job"
    ),
    "Which of these should the police concentrate on to help businesses next year?": (
        "Select up to 3 things the police should concentrate on to help businesses"
    ),
    "How well do the police support businesses in your area?": (
        "Select how well the police support businesses in your area"
    ),
}


def _questions(audience):
    """(kind, text, required, max_choices, max_length, options) for each question."""
    if audience == Audience.RESIDENTS:
        return [
            (
                QuestionKind.PRIORITIES,
                "Which of these should the police in your borough concentrate on next year?",
                True,
                3,
                None,
                None,
            ),
            (
                QuestionKind.RATING,
                "How well do the police in your area do their job?",
                True,
                None,
                None,
                RATING,
            ),
            (
                QuestionKind.SINGLE,
                "How safe do you feel walking alone in your area after dark?",
                False,
                None,
                None,
                ["Very unsafe", "Fairly unsafe", "Fairly safe", "Very safe"],
            ),
            (
                QuestionKind.MULTIPLE,
                "How would you like to hear from your local police?",
                False,
                None,
                None,
                ["Email", "Leaflets", "Public meetings", "Social media", "Local newspaper"],
            ),
            (
                QuestionKind.TEXT,
                "Is there anything else you want to tell us about policing in your area?",
                False,
                None,
                1000,
                None,
            ),
        ]
    return [
        (
            QuestionKind.PRIORITIES,
            "Which of these should the police concentrate on to help businesses next year?",
            True,
            3,
            None,
            [
                "Shoplifting",
                "Robbery",
                "Theft from vehicles",
                "Anti-social behaviour",
                "Burglary of business premises",
                "Fraud",
            ],
        ),
        (
            QuestionKind.RATING,
            "How well do the police support businesses in your area?",
            True,
            None,
            None,
            RATING,
        ),
        (
            QuestionKind.TEXT,
            "What one thing would make your business feel safer?",
            False,
            None,
            500,
            None,
        ),
    ]


# Each audience is addressed as itself: a business is not asked about "where you live".
INTRODUCTIONS = {
    Audience.RESIDENTS: (
        "Demo text: tell us what the police in your borough should concentrate on in "
        "{year}. It takes about five minutes."
    ),
    Audience.BUSINESSES: (
        "Demo text: if you run or manage a business, shop or organisation in London, tell "
        "us which crimes affect your business most and what the police in your borough "
        "should concentrate on in {year}. It takes about five minutes, and you can answer "
        "for your business without giving your name."
    ),
}


def _survey(year: FinancialYear, audience, opens_at, closes_at, published_at=None) -> Survey:
    who = "residents" if audience == Audience.RESIDENTS else "businesses"
    survey, created = Survey.objects.update_or_create(
        slug=f"{who}-{year.slug}",
        defaults={
            "title": f"Have your say on policing priorities for {year.label}"
            + (" (businesses)" if audience == Audience.BUSINESSES else ""),
            "year": year,
            "audience": audience,
            "introduction": INTRODUCTIONS[audience].format(year=year.label),
            "opens_at": opens_at,
            "closes_at": closes_at,
            "results_published_at": published_at,
        },
    )
    if survey.questions.exists():
        return survey
    measures = {m.slug: m for m in Measure.objects.filter(slug__in=RESIDENT_PRIORITIES)}
    for position, (kind, text, required, max_choices, max_length, labels) in enumerate(
        _questions(audience), 1
    ):
        question = Question.objects.create(
            survey=survey,
            position=position * 10,
            kind=kind,
            text=text,
            required=required,
            max_choices=max_choices,
            max_length=max_length,
            error_message=UNANSWERED.get(text, ""),
        )
        if kind == QuestionKind.PRIORITIES and labels is None:
            options = [
                Option(
                    question=question, position=n, label=measures[slug].name, measure=measures[slug]
                )
                for n, slug in enumerate(RESIDENT_PRIORITIES, 1)
            ]
            options.append(Option(question=question, position=99, label="Anti-social behaviour"))
        else:
            options = [
                Option(question=question, position=n, label=label)
                for n, label in enumerate(labels or [], 1)
            ]
        Option.objects.bulk_create(options)
    return survey


def _illustrative_answers(survey: Survey, borough: Area, rng: random.Random) -> dict:
    data = {"borough": borough.slug}
    for question in survey.questions.all():
        options = [str(o.pk) for o in question.options.all()]
        name = question.field_name
        if question.kind == QuestionKind.PRIORITIES:
            # Each borough leans towards a few priorities, so boroughs differ.
            weights = [rng.random() ** 2 for _ in options]
            data[name] = list(dict.fromkeys(rng.choices(options, weights=weights, k=3)))
        elif question.kind == QuestionKind.RATING:
            data[name] = rng.choices(options, weights=[1, 2, 3, 5, 3])[0]
        elif question.kind == QuestionKind.SINGLE:
            data[name] = rng.choice(options)
        elif question.kind == QuestionKind.MULTIPLE:
            data[name] = rng.sample(options, k=rng.randint(1, 2))
        elif rng.random() < 0.3:
            data[name] = "Demo text: an illustrative comment from a respondent."
    return data


def _add_responses(survey: Survey, keyed_by, per_borough: int) -> None:
    survey = Survey.objects.prefetch_related("questions__options").get(pk=survey.pk)
    boroughs = list(Area.objects.boroughs())
    channels = [Channel.ONLINE] * 6 + [Channel.PAPER] * 3 + [Channel.TELEPHONE]
    for index, borough in enumerate(boroughs):
        rng = random.Random(f"{survey.slug}:{borough.code}")
        for n in range(per_borough):
            channel = channels[(index * per_borough + n) % len(channels)]
            data = _illustrative_answers(survey, borough, rng)
            submitted_at = survey.opens_at + (survey.closes_at - survey.opens_at) * rng.random()
            if channel == Channel.ONLINE:
                form = SurveyResponseForm(data, survey=survey, boroughs=boroughs)
            else:
                received = timezone.localtime(submitted_at).strftime("%d/%m/%Y")
                form = KeyedResponseForm(
                    {**data, "channel": channel, "received_on": received},
                    survey=survey,
                    boroughs=boroughs,
                )
            if not form.is_valid():
                raise RuntimeError(f"Demo response does not validate: {form.errors}")
            record_response(
                form=form,
                channel=channel,
                borough=borough,
                keyed_by=None if channel == Channel.ONLINE else keyed_by,
                submitted_at=submitted_at,
            )


@transaction.atomic
def load_consultation_demo(now=None) -> None:
    """Idempotent: surveys are found by slug; responses are added only to a survey with none."""
    now = now or timezone.now()
    current, _ = FinancialYear.objects.get_or_create(start_year=CURRENT_YEAR)
    last, _ = FinancialYear.objects.get_or_create(start_year=LAST_YEAR)
    day = timezone.timedelta(days=1)
    for audience in Audience.values:
        _survey(current, audience, now - 7 * day, now + 60 * day)
    keyer, _ = get_user_model().objects.get_or_create(
        username="demo-consultation-officer",
        defaults={"first_name": "Demo", "last_name": "Keyer", "is_active": False},
    )
    for audience, per_borough in ((Audience.RESIDENTS, 12), (Audience.BUSINESSES, 4)):
        survey = _survey(last, audience, now - 400 * day, now - 300 * day, now - 290 * day)
        if not survey.responses.exists():
            _add_responses(survey, keyer, per_borough)
