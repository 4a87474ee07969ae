"""The performance app's models, by topic: figures, releases, recorded crime, background jobs."""

from .figures import (
    BoroughSummary,
    BoroughSummaryQuerySet,
    Figure,
    FigureQuerySet,
    FinancialYear,
    FinancialYearQuerySet,
    LondonSummary,
    Measure,
)
from .jobs import (
    ImportJob,
    ImportJobQuerySet,
    ImportJobState,
    ImportKind,
    ImportUploadPart,
    Leaflet,
)
from .recorded_crime import CrimeEdition, MonthlyCount, MonthlyMeasureCount, SourceCategory
from .releases import (
    ContentKind,
    ContentVersion,
    FigureVersion,
    FigureVersionQuerySet,
    PublishedVia,
    Release,
    ReleasedOutcome,
    ReleasedOutcomeQuerySet,
    ReleaseQuerySet,
    SummaryVersion,
)

__all__ = [
    "BoroughSummary",
    "ContentKind",
    "ContentVersion",
    "CrimeEdition",
    "BoroughSummaryQuerySet",
    "Figure",
    "FigureQuerySet",
    "FigureVersion",
    "FigureVersionQuerySet",
    "FinancialYear",
    "FinancialYearQuerySet",
    "ImportJob",
    "ImportJobQuerySet",
    "ImportJobState",
    "ImportKind",
    "ImportUploadPart",
    "Leaflet",
    "LondonSummary",
    "Measure",
    "MonthlyCount",
    "MonthlyMeasureCount",
    "PublishedVia",
    "Release",
    "ReleasedOutcome",
    "ReleasedOutcomeQuerySet",
    "ReleaseQuerySet",
    "SourceCategory",
    "SummaryVersion",
]
