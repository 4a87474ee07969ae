"""Staff forms: one borough's results and targets for a year, all measures on one screen."""

from django import forms

from boroughs.models import Area

from .models import FinancialYear, Measure
from .rules import FigureKind, TargetKind, Unit, value_problem


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


class MeasureFiguresForm(forms.Form):
    """One row of the entry screen: a measure's result and target. Blank means no figure."""

    result = forms.DecimalField(required=False, max_digits=12, decimal_places=2)
    target = forms.DecimalField(required=False, max_digits=12, decimal_places=2)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["result"].label = f"{measure.name}: result"
        self.fields["result"].help_text = result_hint(measure)
        self.fields["target"].label = f"{measure.name}: target"
        self.fields["target"].help_text = target_hint(measure)

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


def figure_forms(measures, existing, data=None):
    """One MeasureFiguresForm per measure, prefilled from the existing figures."""
    forms_ = []
    for measure in measures:
        initial = {
            kind: existing.get((measure.pk, kind))
            for kind in (FigureKind.RESULT, FigureKind.TARGET)
        }
        forms_.append(
            MeasureFiguresForm(data, prefix=measure.slug, initial=initial, measure=measure)
        )
    return forms_
