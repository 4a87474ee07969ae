"""Staff forms: one borough's results and targets for a year, all measures on one screen."""

from decimal import Decimal

from django import forms
from django.core.validators import DecimalValidator

from boroughs.models import Area

from .figures.numbers import parse_typed_number, plain_decimal
from .models import FinancialYear, Measure
from .rules import (
    Basis,
    FigureKind,
    TargetKind,
    Unit,
    entry_warnings,
    format_count,
    parts_warning,
    value_problem,
)


class ChooseAreaYearForm(forms.Form):
    area = forms.ModelChoiceField(
        queryset=Area.objects.order_by("-kind", "name"),
        label="Borough or London-wide",
        empty_label="Choose an area",
    )
    year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.order_by("-start_year"),
        label="Financial year",
        empty_label="Choose a year",
    )


def target_hint(measure: Measure) -> str:
    if measure.target_kind == TargetKind.CHANGE:
        return "% change on the previous year: -2.5 for a 2.5% reduction"
    if measure.target_kind == TargetKind.LEVEL:
        return "the level to reach, in %"
    return "the ceiling to stay under"


def result_hint(measure: Measure) -> str:
    return {
        Unit.OFFENCES: "number of offences",
        Unit.PERCENT: "%, from 0 to 100",
        Unit.POINTS: "percentage points",
    }.get(measure.unit, "")


class TypedNumberField(forms.CharField):
    """A figure typed into a text box, read on the server.

    Not a number input: a browser's number input silently drops what it cannot read
    (19O3 became 193) and empties a box it refuses. A text box keeps exactly what was typed,
    so a refused value stays there beside its error to be corrected.
    """

    def __init__(self, *, required=False, **kwargs):
        super().__init__(
            required=required,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
            ),
            validators=[DecimalValidator(max_digits=12, decimal_places=2)],
            **kwargs,
        )

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_typed_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        # A stored 19500.00 is shown as staff would type it: 19500.
        return plain_decimal(value) if isinstance(value, Decimal) else value


class FigureForm(forms.ModelForm):
    """A single figure in the admin: its value typed as on the entry screen, and how it is
    known (left as it was, or recorded for a new figure, when the form does not say)."""

    value = TypedNumberField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "basis" in self.fields:
            self.fields["basis"].required = False

    def clean_basis(self):
        return self.cleaned_data.get("basis") or self.instance.basis or Basis.RECORDED


class MeasureFiguresForm(forms.Form):
    """One row of the entry screen: a measure's result and target. Blank means no figure.

    A published figure that changes needs a reason, given in the row's reason box.
    """

    result = TypedNumberField()
    target = TypedNumberField()
    reason = forms.CharField(
        required=False,
        label="Reason for changing a published figure",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )

    def __init__(self, *args, measure: Measure, published=(), last_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.published = dict(published)  # {kind: value} of this row's published figures
        self.last_year = last_year or {}  # {kind: value} for the year before
        self.fields["result"].label = f"{measure.name}: result"
        self.fields["result"].help_text = result_hint(measure)
        if self.last_year_count:
            self.fields["result"].widget.attrs.update(
                {
                    "data-last-year": self.last_year_count,
                    "data-change-id": f"{self.prefix}-change",
                }
            )
        self.fields["target"].label = f"{measure.name}: target"
        self.fields["target"].help_text = target_hint(measure)
        self.fields["reason"].label = f"{measure.name}: reason for changing a published figure"
        self.warnings: list[str] = []

    def last_year_text(self, kind) -> str:
        value = self.last_year.get(kind)
        if value is None:
            return ""
        return format_count(value) if self.measure.unit == Unit.OFFENCES else plain_decimal(value)

    @property
    def last_year_count(self) -> str:
        """Last year's offence count as a plain number, for the live change beside the box;
        empty for other measures, or with no count last year."""
        value = self.last_year.get(FigureKind.RESULT)
        if self.measure.unit != Unit.OFFENCES or not value:
            return ""
        return plain_decimal(value)

    @property
    def last_year_result(self) -> str:
        return self.last_year_text(FigureKind.RESULT)

    @property
    def last_year_target(self) -> str:
        return self.last_year_text(FigureKind.TARGET)

    def _check(self, kind):
        value = self.cleaned_data.get(kind)
        if value is not None:
            problem = value_problem(self.measure.unit, kind, value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean_result(self):
        return self._check(FigureKind.RESULT)

    def clean_target(self):
        return self._check(FigureKind.TARGET)

    def clean(self):
        cleaned = super().clean()
        changed = [
            kind
            for kind, before in self.published.items()
            if kind in cleaned and cleaned[kind] is not None and cleaned[kind] != before
        ]
        if changed and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                "Say why this published figure is changing: the reason is published with "
                "the correction.",
            )
        result = cleaned.get(FigureKind.RESULT)
        if result is not None:
            self.warnings = entry_warnings(
                self.measure.unit,
                FigureKind.RESULT,
                result,
                self.last_year.get(FigureKind.RESULT),
                published=self.published.get(FigureKind.RESULT),
            )
        return cleaned


class ConfirmWarningsForm(forms.Form):
    confirmed = forms.BooleanField(
        required=False, label="I have checked these figures: they are right, save them"
    )


def parts_warnings(rows: list[MeasureFiguresForm]) -> list[str]:
    """Each entered total that its entered parts do not add up to (every part entered)."""
    results = {
        form.measure.pk: form.cleaned_data.get(FigureKind.RESULT)
        for form in rows
        if form.is_valid()
    }
    warnings = []
    for total in (form.measure for form in rows):
        parts = [form.measure for form in rows if form.measure.part_of_id == total.pk]
        if not parts or results.get(total.pk) is None:
            continue
        if any(results.get(part.pk) is None for part in parts):
            continue
        warning = parts_warning(
            total.name, results[total.pk], {part.name: results[part.pk] for part in parts}
        )
        if warning:
            warnings.append(warning)
    return warnings


def figure_forms(measures, existing, data=None, *, published=None, last_year=None):
    """One MeasureFiguresForm per measure, prefilled from the existing figures.

    published: {(measure pk, kind): value} of the figures already published; last_year: the
    same year's figures a year before, {(measure pk, kind): value}.
    """
    published = published or {}
    last_year = last_year or {}
    kinds = (FigureKind.RESULT, FigureKind.TARGET)
    forms_ = []
    for measure in measures:
        initial = {kind: existing.get((measure.pk, kind)) for kind in kinds}
        forms_.append(
            MeasureFiguresForm(
                data,
                prefix=measure.slug,
                initial=initial,
                measure=measure,
                published={
                    kind: published[(measure.pk, kind)]
                    for kind in kinds
                    if (measure.pk, kind) in published
                },
                last_year={kind: last_year.get((measure.pk, kind)) for kind in kinds},
            )
        )
    return forms_
