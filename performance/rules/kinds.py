"""Units, kinds of target and figure, and outcome statuses: the words every rule shares."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

ONE_PLACE = Decimal("0.1")
MINUS = "\u2212"  # the typographic minus sign the leaflet prints


class Unit(models.TextChoices):
    OFFENCES = "offences", "offences"
    PERCENT = "percent", "percent"
    POINTS = "points", "percentage points"


class Better(models.TextChoices):
    LOWER = "lower", "lower"
    HIGHER = "higher", "higher"


class TargetKind(models.TextChoices):
    CHANGE = "change", "% change on previous year"
    LEVEL = "level", "a level to reach"
    CEILING = "ceiling", "a ceiling to stay under"


class FigureKind(models.TextChoices):
    RESULT = "result", "Result"
    TARGET = "target", "Target"
    # How many people a survey-based result (a percent or points measure) is an estimate from.
    SAMPLE_SIZE = "sample_size", "Sample size"


class Basis(models.TextChoices):
    """How a figure is known (docs/figures.md, "How each figure is known"), from the
    soundest to the least sound."""

    RECORDED = "recorded", "recorded"
    IMPUTED = "imputed", "imputed"
    ASSUMED = "assumed", "assumed"
    ILLUSTRATIVE = "illustrative", "illustrative"

    @property
    def words(self) -> str:
        return BASIS_WORDS[self]


BASIS_WORDS = {
    Basis.RECORDED: "recorded: as its source published it",
    Basis.IMPUTED: "imputed: worked back from a published change, not published itself",
    Basis.ASSUMED: "assumed: a target nobody published, chosen to match a published status",
    Basis.ILLUSTRATIVE: "illustrative: made up for a demonstration, not real",
}
_SOUNDNESS = list(Basis)


def weakest(bases) -> Basis:
    """What a figure resting on others is known as: no better than the least sound of them
    (recorded where it rests on nothing)."""
    return max((Basis(b) for b in bases if b), key=_SOUNDNESS.index, default=Basis.RECORDED)


class Status(models.TextChoices):
    ACHIEVED = "achieved", "Target achieved"
    MISSED = "missed", "Target missed"
    NO_TARGET = "no-target", "No target"
    NOT_ASSESSED = "not-assessed", "Not assessed"
    # A survey estimate whose 95% confidence interval has the target inside it.
    NOT_SIGNIFICANT = "not-significant", "Not significantly different from the target"
