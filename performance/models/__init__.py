"""The performance app's models, by topic: figures, releases, recorded crime, background jobs."""

from .attitudes import ATTITUDE_METRICS, AttitudeEdition, AttitudeValue
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
from .populations import PopulationEstimate
from .recorded_crime import (
    CrimeEdition,
    EditionFetch,
    EditionRow,
    Layout,
    MonthlyMeasureCount,
    SeriesBreak,
    SourceCategory,
    Vocabulary,
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
    "ATTITUDE_METRICS",
    "AttitudeEdition",
    "AttitudeValue",
    "BoroughSummary",
    "ContentKind",
    "ContentVersion",
    "PopulationEstimate",
    "CrimeEdition",
    "EditionFetch",
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
    "Layout",
    "Leaflet",
    "LondonSummary",
    "Measure",
    "EditionRow",
    "MonthlyMeasureCount",
    "PublishedVia",
    "Release",
    "ReleasedOutcome",
    "ReleasedOutcomeQuerySet",
    "ReleaseQuerySet",
    "SeriesBreak",
    "SourceCategory",
    "SummaryVersion",
    "Vocabulary",
]
