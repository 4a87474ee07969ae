"""The survey form, built from a survey's questions: the same form online and for staff keying."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from boroughs.models import Area
from boroughs.places import postcode_district

from .models import (
    AgeBand,
    Audience,
    BusinessSector,
    BusinessSize,
    Channel,
    QuestionKind,
    Survey,
)

MAX_NAME, MAX_EMAIL, MAX_TELEPHONE = 100, 254, 30


class SurveyResponseForm(forms.Form):
    """A response to one survey. Field names: ``borough``, ``q<question id>``, then optional
    ``age_band`` (residents) or ``business_sector`` and ``business_size`` (businesses),
    ``postcode_district``, ``contact_consent``, ``name``, ``email``, ``telephone``.
    """

    # A field people do not see: a bot that fills it in is quietly ignored.
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")
    form_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, survey: Survey, boroughs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        # A business is asked about itself (sector and size), never a person's age.
        self.for_businesses = survey.audience == Audience.BUSINESSES
        where = (
            "is your business in"
            if survey.audience == Audience.BUSINESSES
            else ("do you live or work in")
        )
        self.boroughs_by_slug = {b.slug: b for b in (boroughs or Area.objects.boroughs())}
        borough_choices = [(b.slug, b.name) for b in self.boroughs_by_slug.values()]
        self.fields["borough"] = forms.ChoiceField(
            label=f"Which London borough {where}?",
            choices=[("", "Choose a borough"), *borough_choices],
            error_messages={
                "required": "Select the borough",
                "invalid_choice": "Select a London borough from the list",
            },
        )
        self.questions = list(survey.questions.all())
        for question in self.questions:
            self.fields[question.field_name] = self._field_for(question)
        if self.for_businesses:
            self.fields["business_sector"] = forms.ChoiceField(
                label="What does your business do?",
                required=False,
                choices=BusinessSector.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a kind of business from the list"},
            )
            self.fields["business_size"] = forms.ChoiceField(
                label="How many people work for it?",
                required=False,
                choices=BusinessSize.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a size from the list"},
            )
        else:
            self.fields["age_band"] = forms.ChoiceField(
                label="How old are you?",
                required=False,
                choices=AgeBand.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select an age band from the list"},
            )
        # The whole postcode is welcome (a browser fills it in); only its first part, the
        # district, is kept: enough to see which areas answered, not which street.
        self.fields["postcode_district"] = forms.CharField(
            label=(
                "What is your business's postcode?"
                if self.for_businesses
                else "What is your postcode?"
            ),
            help_text="We keep only the first part, for example RM1 of RM1 3AB",
            required=False,
            max_length=10,
            error_messages={"max_length": "Enter a postcode, like RM1 3AB"},
        )
        self.fields["contact_consent"] = forms.BooleanField(
            label="I agree that the police authority may contact me about this consultation",
            required=False,
        )
        self.fields["name"] = forms.CharField(
            label="Your name", required=False, max_length=MAX_NAME
        )
        self.fields["email"] = forms.EmailField(
            label="Email address",
            required=False,
            max_length=MAX_EMAIL,
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        )
        self.fields["telephone"] = forms.CharField(
            label="Telephone number", required=False, max_length=MAX_TELEPHONE
        )
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = uuid.uuid4().hex

    def _field_for(self, question):
        label, hint, required = question.text, question.hint, question.required
        choices = [(str(o.pk), o.label) for o in question.options.all()]
        messages = {
            "required": question.unanswered_message,
            "invalid_choice": "Select an answer from the list",
        }
        if question.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
            return forms.ChoiceField(
                label=label,
                help_text=hint,
                required=required,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        if question.kind in (QuestionKind.MULTIPLE, QuestionKind.PRIORITIES):
            if question.kind == QuestionKind.PRIORITIES and not hint:
                hint = f"Select up to {question.max_choices}"
            return forms.MultipleChoiceField(
                label=label,
                help_text=hint,
                required=required,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    **messages,
                    "invalid_choice": "Select answers from the list",
                },
            )
        return forms.CharField(
            label=label,
            help_text=hint,
            required=required,
            max_length=question.max_length,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                **messages,
                "max_length": f"Your answer must be {question.max_length:,} characters or fewer",
            },
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token") or ""
        try:
            return uuid.UUID(hex=token).hex if token else ""
        except ValueError:
            # A damaged token is not the person's fault: the response is still kept.
            return ""

    def clean_postcode_district(self):
        value = self.cleaned_data.get("postcode_district", "")
        if not value.strip():
            return ""
        district = postcode_district(value)
        if district is None:
            raise ValidationError("Enter a real postcode, like RM1 3AB, or just its first part")
        return district

    def clean_telephone(self):
        value = self.cleaned_data.get("telephone", "").strip()
        if value and not re.fullmatch(r"[0-9 +()-]{6,30}", value):
            raise ValidationError("Enter a telephone number, like 020 7946 0000")
        return value

    # Online, choosing more priorities than allowed is an error to correct; a keyed paper
    # form is recorded as the respondent ticked it (KeyedResponseForm).
    keeps_over_ticked_answers = False

    def clean(self):
        cleaned = super().clean()
        self.over_ticked = {}
        for question in self.questions:
            chosen = cleaned.get(question.field_name)
            if (
                question.kind == QuestionKind.PRIORITIES
                and chosen
                and len(chosen) > question.max_choices
            ):
                if self.keeps_over_ticked_answers:
                    self.over_ticked[question.pk] = (question, len(chosen))
                    continue
                self.add_error(
                    question.field_name,
                    f"Select no more than {question.max_choices} priorities",
                )
        details = any(cleaned.get(f) for f in ("name", "email", "telephone"))
        if details and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                "Tick the box to agree to be contacted, or remove your contact details",
            )
        # An email or telephone number already said to be wrong is one mistake, not two.
        given = self.data.get("email", "").strip() or self.data.get("telephone", "").strip()
        if cleaned.get("contact_consent") and not given:
            self.add_error(
                "email", "Enter an email address or telephone number so we can contact you"
            )
        return cleaned

    def is_counted(self, question) -> bool:
        """Whether a question's answers count in the results: not where over-ticked."""
        return question.pk not in self.over_ticked

    def over_ticked_words(self) -> list[str]:
        """What was recorded as given but not counted, to tell the member of staff."""
        return [
            f"'{question.text}' has {chosen} ticks where up to {question.max_choices} are "
            "allowed: recorded as given, and not counted in that question's results"
            for question, chosen in self.over_ticked.values()
        ]

    def answers(self):
        """(question, [option ids], text) for each question answered."""
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if not value:
                continue
            if question.kind == QuestionKind.TEXT:
                yield question, [], value
            elif isinstance(value, list):
                yield question, [int(v) for v in value], ""
            else:
                yield question, [int(value)], ""

    def error_list(self):
        """(field id, message) pairs for the error summary, in the order of the page."""
        return [
            (self[name].auto_id if name in self.fields else "", message)
            for name in self.fields
            for message in self.errors.get(name, [])
        ] + [("", message) for message in self.non_field_errors()]


class KeyedResponseForm(SurveyResponseForm):
    """Staff keying a paper or telephone response: the same questions and checks, plus channel
    and the day received. A question ticked beyond its limit is recorded as given."""

    keeps_over_ticked_answers = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"] = forms.ChoiceField(
            label="How did this response come in?",
            choices=[(Channel.PAPER, "Paper"), (Channel.TELEPHONE, "Telephone")],
            widget=forms.RadioSelect,
        )
        self.fields["received_on"] = forms.DateField(
            label="Date received",
            help_text="The day the paper form or the call reached us, for example 3/12/2026.",
            input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"],
            # Written as staff type it (the GOV.UK text box shows the initial value as is).
            initial=lambda: timezone.localdate().strftime("%d/%m/%Y"),
            error_messages={"invalid": "Enter the date received like 3/12/2026."},
        )
        self.order_fields(["channel", "received_on"])
        del self.fields["website"]

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received


class ResultsFilterForm(forms.Form):
    """Staff's filters on a survey's results: every value checked before the database sees it."""

    borough = forms.ChoiceField(required=False, label="Borough")
    channel = forms.ChoiceField(
        required=False, label="Channel", choices=[("", "All channels"), *Channel.choices]
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, boroughs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].choices = [
            ("", "All boroughs (London-wide)"),
            *((b.slug, b.name) for b in boroughs),
        ]

    def filter(self, responses):
        """The responses that match the filters; all of them while the form has errors."""
        if not self.is_valid():
            return responses
        data = self.cleaned_data
        if data["borough"]:
            responses = responses.filter(borough__slug=data["borough"])
        if data["channel"]:
            responses = responses.filter(channel=data["channel"])
        if data["date_from"]:
            responses = responses.filter(submitted_at__date__gte=data["date_from"])
        if data["date_to"]:
            responses = responses.filter(submitted_at__date__lte=data["date_to"])
        return responses
