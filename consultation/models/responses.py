"""Responses and their answers, comment themes, 'You said, we did', and deleted responses."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Area, AreaKind

from .surveys import Option, Question, Survey


class Channel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"
    TELEPHONE = "telephone", "Telephone"


def new_reference() -> str:
    """A short reference a person can read out: 'HYS-' and 8 letters and digits."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
    return "HYS-" + "".join(secrets.choice(alphabet) for _ in range(8))


class ResponseQuerySet(models.QuerySet):
    def for_results(self, survey):
        return self.filter(survey=survey)


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    borough = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        limit_choices_to={"kind": AreaKind.BOROUGH},
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    # One per form shown: a double click or a resubmitted form stores one response.
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of staff who keyed a paper or telephone response.",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    received_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day a paper or telephone response reached the authority.",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["survey", "borough"]),
            models.Index(fields=["submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="online") | Q(keyed_by__isnull=False),
                name="keyed_responses_record_who_keyed_them",
                violation_error_message="A paper or telephone response records who keyed it.",
            ),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(received_on__isnull=False),
                name="keyed_responses_record_the_day_received",
                violation_error_message="A paper or telephone response records the day it "
                "was received.",
            ),
        ]

    def __str__(self):
        return self.reference


class DeletedResponse(models.Model):
    """A record that a response was deleted, by whom and why: the answers go, the fact that
    they were taken out of the results stays, so a change in published counts is explained."""

    reference = models.CharField(max_length=12)
    survey = models.ForeignKey(
        Survey, on_delete=models.SET_NULL, null=True, related_name="deleted_responses"
    )
    borough = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField()
    reason = models.TextField()
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="deleted_responses_give_a_reason",
                violation_error_message="Say why the response is being deleted.",
            )
        ]

    def __str__(self):
        return f"{self.reference} (deleted)"


class WeDid(models.Model):
    """What the police did about what a survey's respondents said, for one borough or for
    London as a whole: written by staff, public with the survey's results.

    The public read ``published_text``, the words as they stood when the results were last
    published (services.publish_survey_results); an edit reaches them only by publishing
    the results again."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="we_did")
    borough = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": AreaKind.BOROUGH},
        help_text="Leave empty for London as a whole.",
    )
    text = models.TextField("what we did")
    published_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "borough"],
                name="one_we_did_per_survey_and_borough",
                violation_error_message="This survey already has a write-up for this borough.",
            ),
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(borough__isnull=True),
                name="one_london_wide_we_did_per_survey",
                violation_error_message="This survey already has a London-wide write-up.",
            ),
        ]

    def __str__(self):
        return f"{self.survey}: {self.borough or 'London-wide'}"


class CommentTheme(models.Model):
    """A theme staff group a survey's free-text comments under ("parking", "speeding")."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "survey",
                name="one_theme_of_a_name_per_survey",
                violation_error_message="This survey already has a theme of that name.",
            )
        ]

    def __str__(self):
        return self.name


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: a question or option that has answers cannot be deleted.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(blank=True)
    # A paper form ticked beyond a question's limit is keyed exactly as given, but its
    # choices there are not counted: which of them would count is not ours to guess.
    counted = models.BooleanField(
        default=True,
        help_text="False for a choice on a question the respondent ticked more often than "
        "it allows: kept as given, left out of the counts.",
    )

    # Staff's themes for a free-text comment (services.tag_comment keeps them to the
    # comment's own survey).
    themes = models.ManyToManyField(CommentTheme, blank=True, related_name="answers")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(option__isnull=False) | ~Q(text=""),
                name="answer_has_an_option_or_text",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                name="one_answer_per_option",
            ),
        ]

    def __str__(self):
        return f"{self.response}: {self.question}"
