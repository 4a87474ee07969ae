from django import template
from django.db.models import Prefetch

from consultation.models import Audience, Question, Response, Survey
from consultation.results import top_priorities

register = template.Library()


@register.inclusion_tag("consultation/_you_said.html")
def you_said_we_did(area, year, priorities):
    """What a borough's residents chose as priorities, beside the priorities then set.

    Uses the residents' survey about the year after ``year`` (the year the page's
    priorities are for), once its results are public. A fixed number of queries.
    """
    questions = Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
    survey = (
        Survey.objects.with_public_results()
        .filter(audience=Audience.RESIDENTS, year__start_year=year.start_year + 1)
        .prefetch_related(questions)
        .first()
    )
    chosen = []
    if survey is not None:
        chosen = top_priorities(survey, Response.objects.for_results(survey).filter(borough=area))
    return {
        "survey": survey,
        "chosen": chosen or [],
        "too_few": chosen is None,
        "priorities": priorities,
        "area": area,
    }
