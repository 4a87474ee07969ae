"""Small trend charts, drawn server-side as SVG geometry: no JavaScript, numbers also in a table.

Pure functions: given a measure's published results and targets by year, they
give the bars and target marks a template draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .rules import MeasureSpec, TargetKind, format_count, format_number, year_label

WIDTH, HEIGHT, PAD_TOP, PAD_BOTTOM = 300, 140, 10, 24


def svg_number(value: float) -> str:
    """A coordinate as SVG writes it, to a tenth: the template prints it as it is."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: str
    y: str
    width: str
    height: str
    target_y: str | None
    target_text: str


@dataclass(frozen=True)
class TrendChart:
    measure: MeasureSpec
    bars: list[Bar]
    width: str = str(WIDTH)
    height: str = str(HEIGHT)
    baseline_y: str = str(HEIGHT - PAD_BOTTOM)
    label_y: str = str(HEIGHT - 6)

    @property
    def description(self) -> str:
        parts = [f"{b.label}: {b.value_text}" for b in self.bars]
        return f"{self.measure.name} by year. " + "; ".join(parts) + "."


def target_level(measure: MeasureSpec, target, previous) -> Decimal | None:
    """The level a target asks for: for a % change target, last year's result changed by it."""
    if target is None:
        return None
    if measure.target_kind == TargetKind.CHANGE:
        if previous is None:
            return None
        return Decimal(previous) * (1 + Decimal(target) / 100)
    return Decimal(target)


def trend_chart(measure: MeasureSpec, series: dict[int, tuple]) -> TrendChart | None:
    """series: {start year: (result or None, target or None)}; None when no year has a result."""
    years = sorted(y for y, (result, _) in series.items() if result is not None)
    if not years:
        return None
    levels = {}
    for year in years:
        result, target = series[year]
        previous = series.get(year - 1, (None, None))[0]
        levels[year] = (Decimal(result), target_level(measure, target, previous))
    top = max(max(r, t or 0) for r, t in levels.values()) or Decimal(1)
    if measure.unit == "percent":
        top = max(top, Decimal(100)) if top > 60 else top
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = WIDTH / len(years)
    bar_width = min(48.0, slot * 0.6)

    def y_of(value):
        return float(HEIGHT - PAD_BOTTOM - plot * (Decimal(value) / top))

    bars = []
    for index, year in enumerate(years):
        result, level = levels[year]
        x = index * slot + (slot - bar_width) / 2
        text = (
            f"{format_count(result)}"
            if measure.unit == "offences"
            else f"{format_number(result)}{'%' if measure.unit == 'percent' else ''}"
        )
        bars.append(
            Bar(
                label=year_label(year),
                value_text=text,
                x=svg_number(x),
                y=svg_number(y_of(result)),
                width=svg_number(bar_width),
                height=svg_number(HEIGHT - PAD_BOTTOM - y_of(result)),
                target_y=None if level is None else svg_number(y_of(level)),
                target_text=""
                if level is None
                else (
                    format_count(level.quantize(Decimal(1)))
                    if measure.unit == "offences"
                    else format_number(level)
                ),
            )
        )
    return TrendChart(measure=measure, bars=bars)
