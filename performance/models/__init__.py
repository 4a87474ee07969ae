"""The performance app's models, by topic: figures, releases, recorded crime, background jobs."""

from .figures import (
    Figure,
    FigureQuerySet,
    FigureStatus,
    FinancialYear,
    FinancialYearQuerySet,
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
from .recorded_crime import (
    CrimeEdition,
    MonthlyCount,
    MonthlyMeasureCount,
    SeriesBreak,
    SourceCategory,
)
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
from .words import BoroughSummary, BoroughSummaryQuerySet, LondonSummary

__all__ = [
    "BoroughSummary",
    "ContentKind",
    "ContentVersion",
    "CrimeEdition",
    "BoroughSummaryQuerySet",
    "Figure",
    "FigureQuerySet",
    "FigureStatus",
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
    "SeriesBreak",
    "SourceCategory",
    "SummaryVersion",
]
