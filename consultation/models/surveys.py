"""Surveys, their questions and the options offered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from performance.models import FinancialYear, Measure


class Audience(models.TextChoices):
    RESIDENTS = "residents", "Residents"
    BUSINESSES = "businesses", "Businesses"


class SurveyQuerySet(models.QuerySet):
    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def for_listing(self):
        return self.select_related("year").order_by("-closes_at", "audience")

    def with_public_results(self, now=None):
        """Surveys whose results the public may see: published, and closed."""
        now = now or timezone.now()
        return self.filter(results_published_at__isnull=False, closes_at__lte=now)


class Survey(models.Model):
    """One year's consultation for one audience, with its ordered questions."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the survey's address.")
    year = models.ForeignKey(
        FinancialYear,
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text="The year whose policing priorities the survey asks about.",
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    introduction = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    results_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When set, and the survey has closed, the results are public.",
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "audience"]
        permissions = [("publish_survey_results", "Can publish and withdraw survey results")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message="A survey must close after it opens.",
            ),
            models.CheckConstraint(
                condition=Q(results_published_at__isnull=True)
                | Q(results_published_at__gte=models.F("closes_at")),
                name="survey_results_published_after_closing",
                violation_error_message="Results can only be published once the survey closes.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultation:survey", args=[self.slug])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_opened(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def results_are_public(self, now=None) -> bool:
        return self.results_published_at is not None and self.has_closed(now)

    @property
    def has_responses(self) -> bool:
        return self.responses.exists()


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    PRIORITIES = "priorities", "Choose up to N priorities"
    RATING = "rating", "Rating scale"
    TEXT = "text", "Free text"


CHOICE_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.PRIORITIES,
    QuestionKind.RATING,
}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=10)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    max_choices = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For 'choose up to N priorities': N."
    )
    max_length = models.PositiveIntegerField(
        null=True, blank=True, help_text="For free text: the most characters allowed."
    )
    error_message = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "What to say when a required question is not answered, saying what to do, for "
            "example 'Select how well the police in your area do their job'. Left empty: "
            "'Select an answer' (or 'Enter your answer' for free text)."
        ),
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="priorities") | Q(max_choices__gte=1),
                name="priorities_question_has_max_choices",
                violation_error_message="Say how many priorities a respondent may choose.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="text") | Q(max_length__gte=1, max_length__lte=5000),
                name="text_question_has_a_length_limit",
                violation_error_message="Give free text a limit of 1 to 5,000 characters.",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def unanswered_message(self) -> str:
        """The error for a required question left unanswered (GOV.UK: say what to do)."""
        if self.error_message:
            return self.error_message
        if self.kind == QuestionKind.TEXT:
            return "Enter your answer"
        if self.kind == QuestionKind.PRIORITIES:
            return f"Select at least one priority, and no more than {self.max_choices}"
        if self.kind == QuestionKind.MULTIPLE:
            return "Select at least one answer"
        return "Select an answer"

    def clean(self):
        # Once people have answered, a question's meaning is fixed: changing it would
        # change what their answers say. Staff copy the survey to ask something new.
        if self.pk and self.survey_id and self.answers.exists():
            stored = Question.objects.get(pk=self.pk)
            if (stored.kind, stored.text, stored.max_choices) != (
                self.kind,
                self.text,
                self.max_choices,
            ):
                raise ValidationError(
                    "This question has answers, so its wording and type cannot change. "
                    "Copy the survey to ask a different question."
                )


class Option(models.Model):
    """An answer to choose: a listed option, a rating on a scale, or a measure as a priority."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=10)
    label = models.CharField(max_length=200)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a priority taken from the measure catalogue.",
    )

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="unique_option_label")
        ]

    def __str__(self):
        return self.label
