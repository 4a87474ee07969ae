"""Each year's words: a borough's summary and London's (drafts until released)."""

from django.db import models
from simple_history.models import HistoricalRecords

from boroughs.models import Area, AreaKind

from .figures import FinancialYear


class BoroughSummaryQuerySet(models.QuerySet):
    def for_page(self, area, year):
        return self.filter(area=area, year=year).first()


class BoroughSummary(models.Model):
    """A borough's words for one year: the commander's message, initiatives, priorities."""

    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="summaries",
        limit_choices_to={"kind": AreaKind.BOROUGH},
        verbose_name="borough",
    )
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    commander_name = models.CharField("Borough Commander", max_length=120, blank=True)
    commander_message = models.TextField("message from the Borough Commander", blank=True)
    initiatives = models.TextField(
        "local police initiatives", blank=True, help_text="Separate paragraphs with a blank line."
    )
    priorities_text = models.TextField(
        "more about next year's priorities",
        blank=True,
        help_text="Shown after the priorities computed from next year's targets. "
        "One priority a line.",
    )
    figures_note = models.TextField(
        "note on the figures",
        blank=True,
        help_text="Shown above the performance table, for example to say figures are provisional.",
    )

    objects = BoroughSummaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "borough summary"
        verbose_name_plural = "borough summaries"
        ordering = ["area__name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_summary_per_borough_year")
        ]

    def __str__(self):
        return f"{self.area} {self.year}"


class LondonSummary(models.Model):
    """London-wide words for one year: the chair's message, mission and strategic priorities."""

    year = models.OneToOneField(FinancialYear, on_delete=models.PROTECT, related_name="+")
    chair_message = models.TextField("message from the chair", blank=True)
    chair_name = models.CharField("signed by", max_length=120, blank=True)
    chair_role = models.CharField("signatory's role", max_length=200, blank=True)
    mission_title = models.CharField("strategic mission", max_length=120, blank=True)
    mission_text = models.TextField("about the mission", blank=True)
    mission_outcomes = models.TextField(
        "outcomes of the mission", blank=True, help_text="One outcome a line."
    )
    plan_title = models.CharField("business plan", max_length=120, blank=True)
    strategic_priorities = models.TextField(
        "the plan's strategic priorities", blank=True, help_text="One priority a line."
    )
    figures_note = models.TextField("note on the figures", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "London-wide summary"
        verbose_name_plural = "London-wide summaries"
        ordering = ["year"]

    def __str__(self):
        return f"London-wide {self.year}"

    @property
    def mission_outcome_list(self):
        return [line.strip() for line in self.mission_outcomes.splitlines() if line.strip()]

    @property
    def strategic_priority_list(self):
        return [line.strip() for line in self.strategic_priorities.splitlines() if line.strip()]
