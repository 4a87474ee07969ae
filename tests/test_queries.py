"""Each public page runs a fixed number of queries, however many measures, years and figures."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boroughs.models import Area, EngagementGroup, UsefulContact
from consultation.models import Answer, Channel, Option, Question, QuestionKind, Response
from performance.models import BoroughSummary, Figure, FinancialYear, Measure
from sitewide.cache import invalidate_public_pages

from .conftest import publish_everything
from .factories import good_answers, make_survey

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/london/2009-10/",
    "/boroughs/havering/",
    "/boroughs/havering/2009-10/",
    "/boroughs/havering/2009-10/compare/",
    "/boroughs/havering/2009-10/compare/?with=bexley",
    "/boroughs/havering/?searched=Romford",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def query_counts(client, urls):
    return {url: queries_for(client, url) for url in urls}


def assert_fixed_and_few(small, large, bound=20):
    """The same count with little data and with lots; and few queries at all.

    The most is London's page's first rendering after a publication: 18 to render it
    (London at a glance, its map and the next scheduled release), one to look for it
    stored and one to store it (test_cache: later reads take one)."""
    assert large == small
    assert max(small.values()) <= bound, small


def add_lots_of_data():
    """Many more measures, years, figures, groups and contacts than the leaflet has."""
    years = [FinancialYear.objects.get_or_create(start_year=y)[0] for y in range(2000, 2012)]
    measures = list(Measure.objects.all())
    for n in range(30):
        measures.append(
            Measure.objects.create(
                slug=f"extra-{n}",
                name=f"Extra measure {n}",
                unit="offences",
                better="lower",
                target_kind="change",
            )
        )
    offence_measures = [m for m in measures if m.unit == "offences"]
    figures = []
    for area in Area.objects.all():
        for year in years:
            for measure in offence_measures:
                figures.append(
                    Figure(
                        area=area,
                        measure=measure,
                        year=year,
                        kind="result",
                        value=100,
                        unit="offences",
                    )
                )
                figures.append(
                    Figure(
                        area=area,
                        measure=measure,
                        year=year,
                        kind="target",
                        value=Decimal("-2"),
                        unit="offences",
                    )
                )
    Figure.objects.bulk_create(figures, ignore_conflicts=True)
    for area in Area.objects.boroughs():
        for year in years:
            BoroughSummary.objects.get_or_create(area=area, year=year)
        for n in range(5):
            EngagementGroup.objects.create(area=area, name=f"Group {n}")
            UsefulContact.objects.create(area=area, name=f"Contact {n}")
    for n in range(10):
        UsefulContact.objects.create(name=f"Pan-London {n}")
    publish_everything()


API = [
    "/api/v1/boroughs",
    "/api/v1/boroughs/havering",
    "/api/v1/measures",
    "/api/v1/years",
    "/api/v1/boroughs/havering/performance/2009-10",
    "/api/v1/london/performance/2009-10",
]


OTHER_PAGES = [
    "/boroughs/",
    "/boroughs/?q=ham",
    "/data/",
    "/london/2009-10/corrections/",
    "/data/figures.csv",
    "/data/london.csv",
    "/data/boroughs/havering.csv",
    "/boroughs/havering/months/",
]


def editions():
    """The pages as published today, when the fixture released them."""
    today = timezone.localdate().isoformat()
    return [
        f"/boroughs/havering/2009-10/as-published/{today}/",
        f"/london/2009-10/as-published/{today}/",
    ]


def test_public_pages_and_the_api_run_as_many_queries_with_lots_of_data_as_with_little(
    client, leaflet_figures
):
    urls = [*PAGES, *API, *OTHER_PAGES, *editions()]
    small = query_counts(client, urls)
    add_lots_of_data()
    assert_fixed_and_few(small, query_counts(client, urls))


# --- Have your say ---------------------------------------------------------------------


def add_responses(survey, count):
    """`count` responses from across London, each answering every question."""
    boroughs = list(Area.objects.boroughs())
    responses = Response.objects.bulk_create(
        Response(survey=survey, borough=boroughs[n % len(boroughs)], channel=Channel.ONLINE)
        for n in range(count)
    )
    first_choices = [
        (question, next(iter(question.options.all()), None))
        for question in survey.questions.prefetch_related("options")
    ]
    Answer.objects.bulk_create(
        Answer(response=response, question=question, option=option)
        if option
        else Answer(response=response, question=question, text="Demo answer")
        for response in responses
        for question, option in first_choices
    )


def add_lots_of_consultation(open_survey, closed_survey):
    """More surveys, more questions and options, and hundreds of responses."""
    for n in range(8):
        make_survey(slug=f"more-open-{n}")
        make_survey(slug=f"more-closed-{n}", opens=-60, closes=-30, published=-20)
    for survey in (open_survey, closed_survey):
        for n in range(10):
            question = Question.objects.create(
                survey=survey, position=10 + n, kind=QuestionKind.SINGLE, text=f"Extra {n}?"
            )
            Option.objects.bulk_create(
                Option(question=question, position=p, label=f"Choice {p}") for p in range(1, 9)
            )
        add_responses(survey, 300)


CONSULTATION_PAGES = [
    "/have-your-say/",
    "/have-your-say/{open}/",
    "/have-your-say/{open}/print/",
    "/have-your-say/{closed}/",
    "/have-your-say/{closed}/results/",
    "/have-your-say/{closed}/results/?borough=havering",
    "/boroughs/havering/2010-11/",
]


def test_consultation_pages_query_count_does_not_grow_with_the_data(client, leaflet_figures):
    open_survey = make_survey(slug="open")
    closed_survey = make_survey(slug="closed", opens=-60, closes=-30, published=-20)
    add_responses(closed_survey, 3)
    urls = [page.format(open="open", closed="closed") for page in CONSULTATION_PAGES]
    small = query_counts(client, urls)
    add_lots_of_consultation(open_survey, closed_survey)
    invalidate_public_pages()  # as the admin does after each change: no cached page counts
    assert_fixed_and_few(small, query_counts(client, urls))


def test_the_confirmation_page_query_count_does_not_grow_with_the_data(client, leaflet_figures):
    survey = make_survey(slug="open")
    response = client.post("/have-your-say/open/", good_answers(survey))
    assert response.status_code == 302
    small = queries_for(client, response["Location"])
    add_lots_of_consultation(survey, make_survey(slug="closed", opens=-60, closes=-30))
    invalidate_public_pages()
    assert queries_for(client, response["Location"]) == small
    assert small <= 4
