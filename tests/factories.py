"""Test data: a few published figures, and a small survey with every kind of question."""

from django.utils import timezone

from consultation.models import Audience, Option, Question, QuestionKind, Survey
from performance.models import FinancialYear, Measure

DAY = timezone.timedelta(days=1)


def make_survey(
    *,
    slug="residents-test",
    audience=Audience.RESIDENTS,
    opens=-1,
    closes=30,
    published=None,
    year=2010,
):
    now = timezone.now()
    survey = Survey.objects.create(
        title=f"Test survey {slug}",
        slug=slug,
        year=FinancialYear.objects.get_or_create(start_year=year)[0],
        audience=audience,
        introduction="A test survey.",
        opens_at=now + opens * DAY,
        closes_at=now + closes * DAY,
        results_published_at=None if published is None else now + published * DAY,
    )
    priorities = Question.objects.create(
        survey=survey,
        position=1,
        kind=QuestionKind.PRIORITIES,
        required=True,
        max_choices=2,
        text="Which should the police concentrate on?",
    )
    for n, slug_ in enumerate(["residential-burglary", "robbery", "knife-crime"], 1):
        measure = Measure.objects.get(slug=slug_)
        Option.objects.create(question=priorities, position=n, label=measure.name, measure=measure)
    rating = Question.objects.create(
        survey=survey,
        position=2,
        kind=QuestionKind.RATING,
        required=True,
        text="How well do the police in your area do their job?",
    )
    for n, label in enumerate(["Very poorly", "Fairly poorly", "Fairly well", "Very well"], 1):
        Option.objects.create(question=rating, position=n, label=label)
    single = Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.SINGLE, text="Do you feel safe?"
    )
    for n, label in enumerate(["Yes", "No"], 1):
        Option.objects.create(question=single, position=n, label=label)
    multiple = Question.objects.create(
        survey=survey, position=4, kind=QuestionKind.MULTIPLE, text="How should we tell you?"
    )
    for n, label in enumerate(["Email", "Leaflets", "Meetings"], 1):
        Option.objects.create(question=multiple, position=n, label=label)
    Question.objects.create(
        survey=survey,
        position=5,
        kind=QuestionKind.TEXT,
        max_length=200,
        text="Anything else?",
    )
    return survey


def questions(survey):
    return {q.kind: q for q in survey.questions.all()}


def options(question):
    return {o.label: str(o.pk) for o in question.options.all()}


def good_answers(survey, **extra):
    q = questions(survey)
    data = {
        "borough": "havering",
        q["priorities"].field_name: [options(q["priorities"])["Residential burglary"]],
        q["rating"].field_name: options(q["rating"])["Fairly well"],
        q["single"].field_name: options(q["single"])["Yes"],
        q["multiple"].field_name: [
            options(q["multiple"])["Email"],
            options(q["multiple"])["Meetings"],
        ],
        q["text"].field_name: "More patrols, please.",
        "website": "",
    }
    data.update(extra)
    return data


def add_responses(survey, n, *, borough="havering", priorities=(), channel="online"):
    """``n`` stored responses from one borough choosing the priorities named (by label).

    Written directly, as the service would store them, so that tests can build results
    of any size without posting the form (and meeting its rate limit) each time.
    """
    from django.contrib.auth import get_user_model

    from boroughs.models import Area
    from consultation.models import Answer, Response

    area = Area.objects.get(slug=borough)
    keyed_by = None
    if channel != "online":  # paper and telephone answers are keyed by a member of staff
        keyed_by, _ = get_user_model().objects.get_or_create(username="keying-clerk")
    question = questions(survey)["priorities"]
    chosen = [o for o in question.options.all() if o.label in priorities]
    for _ in range(n):
        response = Response.objects.create(
            survey=survey,
            borough=area,
            channel=channel,
            keyed_by=keyed_by,
            submitted_at=timezone.now(),
            received_on=None if channel == "online" else timezone.localdate(),
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=question, option=option) for option in chosen
        )


# A few of the leaflet's figures, for tests that need some published, not the whole
# leaflet: Havering's robbery for two years and its target.
A_FEW_FIGURES = [
    ("E09000016", "Havering", "robbery", "2008/09", "result", "333"),
    ("E09000016", "Havering", "robbery", "2009/10", "result", "339"),
    ("E09000016", "Havering", "robbery", "2009/10", "target", "-2.5"),
]


def publish_figures(rows=A_FEW_FIGURES):
    """Import these figures and publish them, as staff would: (area code, area name,
    measure, year, figure, value) each."""
    from performance.figures.loading import import_figures_file
    from performance.models import PublishedVia
    from performance.publication.writing import publish

    text = "area_code,area_name,measure,year,figure,value\n" + "".join(
        ",".join(row) + "\n" for row in rows
    )
    report = import_figures_file(text.encode())
    assert report.ok, report.problems
    return publish(reason="Test figures", via=PublishedVia.COMMAND)
