"""The yearly "Have your say" consultation: surveys, questions, responses.

What respondents tell us about themselves (age band, postcode district) and how
to contact them are stored apart from their answers, in their own tables, so
that they can be removed on request or after the retention period without
touching the answers.
"""

from .respondents import (
    AgeBand,
    BusinessSector,
    BusinessSize,
    ContactDetails,
    ContactDetailsQuerySet,
    RespondentProfile,
)
from .responses import (
    Answer,
    Channel,
    CommentTheme,
    DeletedResponse,
    Response,
    ResponseQuerySet,
    WeDid,
    new_reference,
)
from .surveys import CHOICE_KINDS, Audience, Option, Question, QuestionKind, Survey, SurveyQuerySet

__all__ = [
    "AgeBand",
    "Answer",
    "Audience",
    "BusinessSector",
    "BusinessSize",
    "CHOICE_KINDS",
    "Channel",
    "CommentTheme",
    "ContactDetails",
    "ContactDetailsQuerySet",
    "DeletedResponse",
    "Option",
    "Question",
    "QuestionKind",
    "RespondentProfile",
    "Response",
    "ResponseQuerySet",
    "Survey",
    "SurveyQuerySet",
    "WeDid",
    "new_reference",
]
