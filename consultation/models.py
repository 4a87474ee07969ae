"""The yearly "Have your say" consultation: surveys, questions, responses.

What respondents tell us about themselves (age band, postcode district) and how
to contact them are stored apart from their answers, in their own tables, so
that they can be removed on request or after the retention period without
touching the answers.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Area, AreaKind
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

    def clean(self):
        # Once people have answered, a question's meaning is fixed: changing it would
        # change what their answers say. Staff copy the survey to ask something new.
        if self.pk and self.survey_id and Answer.objects.filter(question_id=self.pk).exists():
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


class AgeBand(models.TextChoices):
    UNDER_18 = "under-18", "Under 18"
    FROM_18 = "18-24", "18 to 24"
    FROM_25 = "25-34", "25 to 34"
    FROM_35 = "35-44", "35 to 44"
    FROM_45 = "45-54", "45 to 54"
    FROM_55 = "55-64", "55 to 64"
    FROM_65 = "65-plus", "65 or over"


class BusinessSector(models.TextChoices):
    """Broad sectors, after the sections of the UK Standard Industrial Classification."""

    RETAIL = "retail", "Shops and retail"
    HOSPITALITY = "hospitality", "Pubs, restaurants, hotels and leisure"
    OFFICES = "offices", "Offices and professional services"
    TRANSPORT = "transport", "Transport, storage and delivery"
    CONSTRUCTION = "construction", "Construction and trades"
    MANUFACTURING = "manufacturing", "Manufacturing"
    HEALTH_EDUCATION = "health-education", "Health, care and education"
    CHARITY = "charity", "Charity or community organisation"
    OTHER = "other", "Something else"


class BusinessSize(models.TextChoices):
    """Size bands as the Office for National Statistics counts businesses, by people employed."""

    MICRO = "0-9", "Fewer than 10 people"
    SMALL = "10-49", "10 to 49 people"
    MEDIUM = "50-249", "50 to 249 people"
    LARGE = "250-plus", "250 people or more"


class RespondentProfile(models.Model):
    """Optional 'about you' (or, for a business, 'about your business') answers, kept apart
    from the survey answers."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="profile")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True)
    business_sector = models.CharField(max_length=20, choices=BusinessSector.choices, blank=True)
    business_size = models.CharField(max_length=10, choices=BusinessSize.choices, blank=True)

    def __str__(self):
        return f"About the respondent of {self.response}"


class ContactDetailsQuerySet(models.QuerySet):
    def past_retention(self, now=None):
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=settings.CONTACT_DETAILS_RETENTION_DAYS)
        return self.filter(consented_at__lt=cutoff)


class ContactDetails(models.Model):
    """Contact details given with explicit consent, deleted after the retention period."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    consented_at = models.DateTimeField(default=timezone.now)

    objects = ContactDetailsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "contact details"
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(telephone=""),
                name="contact_details_have_email_or_telephone",
            )
        ]

    def __str__(self):
        return f"Contact details for {self.response}"
