"""The online survey a few pages at a time, then "check your answers" (GOV.UK's pattern).

Every page posts to the survey's one address, carrying the answers given on the pages
before as hidden fields: nothing is stored, and no cookie is set, until the person sends
them from the check page. Each page is checked with the whole form, and shows only the
mistakes on its own questions. A post with no ``step`` is the whole form at once (the
printed form keyed, or a script), checked and saved as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.forms import MultipleChoiceField

from .forms import SurveyResponseForm

CHECK = "check"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # the page's heading, and its row group on the check page
    fields: tuple[str, ...]


def steps_of(form: SurveyResponseForm) -> list[Step]:
    """The survey's pages, in order: where, the questions, about you, contact."""
    where = "Where is your business?" if form.for_businesses else "Where do you live or work?"
    about = (
        ("business_sector", "business_size", "postcode_district")
        if form.for_businesses
        else ("age_band", "postcode_district")
    )
    return [
        Step("borough", where, ("borough",)),
        Step("questions", "Policing in your area", tuple(q.field_name for q in form.questions)),
        Step(
            "about",
            "About your business (optional)" if form.for_businesses else "About you (optional)",
            about,
        ),
        Step(
            "contact",
            "Can we contact you? (optional)",
            ("name", "email", "telephone", "contact_consent"),
        ),
    ]


def step_named(steps: list[Step], slug: str) -> Step | None:
    return next((s for s in steps if s.slug == slug), None)


def after(steps: list[Step], step: Step) -> str:
    """The page after ``step``: the next one, or the check page after the last."""
    index = steps.index(step)
    return steps[index + 1].slug if index + 1 < len(steps) else CHECK


def errors_on(form: SurveyResponseForm, step: Step) -> list[tuple[str, str]]:
    """(field id, message) for the mistakes on this page's questions only, in the page's
    order."""
    return [
        (form[name].auto_id, message)
        for name in form.fields
        if name in step.fields
        for message in form.errors.get(name, [])
    ]


def as_given(form: SurveyResponseForm) -> SurveyResponseForm:
    """The form showing what was given without checking it: a page reached by "Continue"
    shows no mistakes on questions not yet answered."""
    if not form.is_bound:
        return form
    initial = {
        name: form.data.getlist(name)
        if isinstance(field, MultipleChoiceField)
        else form.data.get(name)
        for name, field in form.fields.items()
        if name in form.data
    }
    return type(form)(survey=form.survey, boroughs=form.boroughs_by_slug.values(), initial=initial)


def first_with_errors(form: SurveyResponseForm, steps: list[Step]) -> Step | None:
    return next((s for s in steps if errors_on(form, s)), None)


def carried(form: SurveyResponseForm, showing: Step | None) -> list[tuple[str, str]]:
    """(name, value) of every answer given on the other pages, to carry as hidden fields:
    each value of a question with several (``showing`` None: the whole form, so none)."""
    if showing is None and form.is_bound and "step" not in form.data:
        return []
    if not form.is_bound:
        return []
    shown = set(showing.fields) if showing else set()
    names = [n for n in form.fields if n not in shown and n not in ("form_token", "website")]
    return [(name, value) for name in names for value in form.data.getlist(name) if value != ""]


@dataclass(frozen=True)
class AnswerRow:
    step: str
    label: str
    answer: str


def answer_rows(form: SurveyResponseForm, steps: list[Step]) -> list[AnswerRow]:
    """Each question and its answer as the person gave it, for the check page."""
    rows = []
    for step in steps:
        for name in step.fields:
            field = form.fields[name]
            value = form.cleaned_data.get(name)
            choices = dict((str(k), v) for k, v in getattr(field, "choices", ()))
            if name == "contact_consent":
                answer = "Yes" if value else "No"
            elif isinstance(value, list):
                answer = ", ".join(choices.get(str(v), str(v)) for v in value)
            elif choices and value not in (None, ""):
                answer = choices.get(str(value), str(value))
            else:
                answer = str(value or "")
            if name == "postcode_district" and answer:
                answer = f"{answer} (we keep only the first part of your postcode)"
            rows.append(AnswerRow(step.slug, str(field.label), answer or "Not answered"))
    return rows
