"""Small trend charts, drawn server-side as SVG geometry: no JavaScript, numbers also in a table.

Pure functions: given a measure's published results and targets by year, they
give the bars and target marks a template draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .rules import (
    MONTH_NAMES,
    MeasureSpec,
    TargetKind,
    format_count,
    format_number,
    year_label,
)

# A trend chart has one row a year, its bar running across: however many years there are,
# each year's name and value sit on their own line, legible at full size on a 320 px phone.
WIDTH = 300
ROW, BAR_HEIGHT, PAD = 24, 16, 4
LABEL_WIDTH = 58  # the year, at the left of its row
VALUE_WIDTH = 54  # the value, written just after its bar (or after the target's mark)
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH


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
    text_y: str  # the baseline of the row's year and value
    value_x: str
    target_x: str | None  # the target's mark, across the row
    target_y: str
    target_text: str


@dataclass(frozen=True)
class TrendChart:
    measure: MeasureSpec
    bars: list[Bar]
    summary: str  # the chart in a sentence, shown beside it
    width: str = str(WIDTH)
    axis_x: str = str(LABEL_WIDTH)
    target_height: str = str(ROW - 2)

    @property
    def height(self) -> str:
        return str(len(self.bars) * ROW + 2 * PAD)

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


def _value_text(measure: MeasureSpec, value: Decimal) -> str:
    if measure.unit == "offences":
        return format_count(value)
    return f"{format_number(value)}{'%' if measure.unit == 'percent' else ''}"


def _target_text(measure: MeasureSpec, level: Decimal | None) -> str:
    if level is None:
        return ""
    if measure.unit == "offences":
        # A level of offences as a whole count, halves away from zero like every published
        # figure (1,462.5 → 1,463).
        return format_count(level.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return format_number(level)


def highest_and_lowest(bars, values) -> str:
    """'Highest: 2,102 in 2012/13; lowest: 1,282 in 2015/16', in the bars' own words (each
    bar has a value_text and a label); the first bar where values tie."""
    highest = bars[values.index(max(values))]
    lowest = bars[values.index(min(values))]
    return (
        f"Highest: {highest.value_text} in {highest.label}; "
        f"lowest: {lowest.value_text} in {lowest.label}"
    )


def trend_summary(bars: list[Bar], results: list[Decimal]) -> str:
    """'From 1,500 in 2008/09 to 1,282 in 2015/16. Highest: …; lowest: ….', in the bars' own
    words, so that the sentence says exactly what the chart shows."""
    first, last = bars[0], bars[-1]
    if len(bars) == 1:
        return f"{first.value_text} in {first.label}."
    return (
        f"From {first.value_text} in {first.label} to {last.value_text} in {last.label}. "
        f"{highest_and_lowest(bars, results)}."
    )


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

    def length_of(value) -> float:
        return float(PLOT_WIDTH * (Decimal(value) / top))

    bars = []
    for index, year in enumerate(years):
        result, level = levels[year]
        row_top = PAD + index * ROW
        bar_end = LABEL_WIDTH + length_of(result)
        target_x = None if level is None else LABEL_WIDTH + length_of(level)
        bars.append(
            Bar(
                label=year_label(year),
                value_text=_value_text(measure, result),
                x=str(LABEL_WIDTH),
                y=svg_number(row_top + (ROW - BAR_HEIGHT) / 2),
                width=svg_number(length_of(result)),
                height=str(BAR_HEIGHT),
                text_y=svg_number(row_top + ROW / 2 + 4.5),
                # After the bar, or after the target's mark where that stands beyond it.
                value_x=svg_number(max(bar_end, target_x or 0) + 4),
                target_x=None if target_x is None else svg_number(target_x - 1),
                target_y=svg_number(row_top + 1),
                target_text=_target_text(measure, level),
            )
        )
    results = [levels[year][0] for year in years]
    return TrendChart(measure=measure, bars=bars, summary=trend_summary(bars, results))


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
    # The value is written upwards from the top of its bar, or from the dashed line where
    # that is higher, so the line never crosses it.
    value_x: str
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
                value_y=svg_number(min(y_of(count), y_of(before or 0)) - 4),
            )
        )
        if before is not None:
            points.append(f"{svg_number(centre)},{svg_number(y_of(before))}")
    description = (
        f"{name}: offences recorded each month from {bars[0].label} to {bars[-1].label} "
        f"(bars), with the same months a year earlier (dashed line). "
        f"{highest_and_lowest(bars, counts)}. Every month's figures are in the table."
    )
    return MonthlyChart(
        name=name, bars=bars, year_before_points=" ".join(points), description=description
    )


def quarterly_chart(
    name: str, quarters: list[tuple[str, str]], percents: list
) -> MonthlyChart | None:
    """A survey measure's share by quarter as bars, each labelled with its per cent:
    quarters as (label, short label), "January to March 2026" and "Q4 25/26". The scale runs
    from 0 to 100%, so a small change looks small."""
    if not quarters:
        return None
    plot = MONTHLY_HEIGHT - MONTHLY_TOP - MONTHLY_BOTTOM
    slot = MONTHLY_WIDTH / len(quarters)
    bar_width = slot * 0.7

    def y_of(value) -> float:
        return MONTHLY_HEIGHT - MONTHLY_BOTTOM - plot * float(value) / 100

    bars = []
    for index, ((label, short), value) in enumerate(zip(quarters, percents, strict=True)):
        centre = index * slot + slot / 2
        bars.append(
            MonthBar(
                label=label,
                # Every fourth quarter from the first, so that the labels never run into
                # each other or off the chart's right edge.
                axis_label=short if index % 4 == 0 and index < len(quarters) - 2 else "",
                value_text=f"{value}%",
                x=svg_number(centre - bar_width / 2),
                y=svg_number(y_of(value)),
                width=svg_number(bar_width),
                height=svg_number(MONTHLY_HEIGHT - MONTHLY_BOTTOM - y_of(value)),
                value_x=svg_number(centre + 3),
                value_y=svg_number(y_of(value) - 4),
            )
        )
    highest = max(range(len(percents)), key=lambda i: percents[i])
    lowest = min(range(len(percents)), key=lambda i: percents[i])
    description = (
        f"{name}: the share agreeing each quarter from {bars[0].label} to {bars[-1].label}, "
        f"on a scale from 0 to 100%. Highest {bars[highest].value_text} ({bars[highest].label}), "
        f"lowest {bars[lowest].value_text} ({bars[lowest].label}). Every quarter's figure is "
        "in the table."
    )
    return MonthlyChart(name=name, bars=bars, year_before_points="", description=description)
