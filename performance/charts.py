"""Small trend charts, drawn server-side as SVG geometry: no JavaScript, numbers also in a table.

Pure functions: given a measure's published results and targets by year, they
give the bars and target marks a template draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .rules import (
    MONTH_NAMES,
    MeasureSpec,
    TargetKind,
    format_count,
    format_number,
    year_label,
)

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


# ---------------------------------------------------------------- months

# Drawn about as wide as a phone screen, so its labels are legible there at full size.
MONTHLY_WIDTH, MONTHLY_HEIGHT, MONTHLY_TOP, MONTHLY_BOTTOM = 360, 180, 32, 20


@dataclass(frozen=True)
class MonthBar:
    label: str
    axis_label: str  # every third month, so that the labels never run into each other
    value_text: str
    x: str
    y: str
    width: str
    height: str
    value_x: str  # the value is written upwards from the top of its bar, centred on it
    value_y: str


@dataclass(frozen=True)
class MonthlyChart:
    """A measure's offences month by month as bars, each labelled with its count, and the
    same months a year earlier as a dashed line."""

    name: str
    bars: list[MonthBar]
    year_before_points: str  # the dashed line, as an SVG polyline's points
    description: str
    width: str = str(MONTHLY_WIDTH)
    height: str = str(MONTHLY_HEIGHT)
    baseline_y: str = str(MONTHLY_HEIGHT - MONTHLY_BOTTOM)
    label_y: str = str(MONTHLY_HEIGHT - 6)


def monthly_chart(
    name: str, months: list[tuple[int, int]], counts: list[int], year_before: list[int | None]
) -> MonthlyChart | None:
    """months: (year, month) in order, with each month's count and the count a year earlier
    (None where the source does not go back that far). None when there are no months."""
    if not months:
        return None
    top = max([*counts, *(c for c in year_before if c is not None)]) or 1
    plot = MONTHLY_HEIGHT - MONTHLY_TOP - MONTHLY_BOTTOM
    slot = MONTHLY_WIDTH / len(months)
    bar_width = slot * 0.7

    def y_of(value: int) -> float:
        return MONTHLY_HEIGHT - MONTHLY_BOTTOM - plot * value / top

    bars, points = [], []
    for index, ((year, month), count, before) in enumerate(
        zip(months, counts, year_before, strict=True)
    ):
        centre = index * slot + slot / 2
        month_name = MONTH_NAMES[month - 1]
        bars.append(
            MonthBar(
                label=f"{month_name} {year}",
                axis_label=f"{month_name[:3]} {year % 100:02d}" if month % 3 == 1 else "",
                value_text=format_count(count),
                x=svg_number(centre - bar_width / 2),
                y=svg_number(y_of(count)),
                width=svg_number(bar_width),
                height=svg_number(MONTHLY_HEIGHT - MONTHLY_BOTTOM - y_of(count)),
                value_x=svg_number(centre + 3),
                value_y=svg_number(y_of(count) - 3),
            )
        )
        if before is not None:
            points.append(f"{svg_number(centre)},{svg_number(y_of(before))}")
    highest = max(range(len(months)), key=lambda i: counts[i])
    lowest = min(range(len(months)), key=lambda i: counts[i])
    description = (
        f"{name}: offences recorded each month from {bars[0].label} to {bars[-1].label} "
        f"(bars), with the same months a year earlier (dashed line). Highest: "
        f"{bars[highest].value_text} in {bars[highest].label}; lowest: "
        f"{bars[lowest].value_text} in {bars[lowest].label}. Every month's figures are in "
        "the table."
    )
    return MonthlyChart(
        name=name, bars=bars, year_before_points=" ".join(points), description=description
    )
