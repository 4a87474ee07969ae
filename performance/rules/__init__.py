"""The outcome rules of docs/figures.md, as pure functions with no database access.

Everything the public reads about performance (change, % change, status words,
derived figures, next year's priorities and the leaflet's sentences) is
computed here, so that it can be tested by the hundred without a database. Each
module holds one topic; this package gives every rule by its name, as `rules.X`.
"""

from .derived import FigureBook, FigureKey
from .editions import CombinedMonth, combine_editions, counts_of
from .kinds import MINUS, ONE_PLACE, Basis, Better, FigureKind, Status, TargetKind, Unit, weakest
from .measures import MeasureSpec, change_target_phrase
from .months import (
    MONTH_NAMES,
    YearToDate,
    complete_years,
    financial_year_of,
    incomplete_months,
    last_complete_year,
    month_label,
    months_ending,
    months_of_year,
    partial_year,
    year_to_date,
    year_total,
)
from .numbers import (
    format_count,
    format_number,
    format_signed_count,
    format_signed_percent,
    percent_change,
    plural,
    round_published,
)
from .outcomes import RELEASED_FIELDS, Outcome, OutcomeWords, assess
from .rates import (
    FAR_FROM_POPULATION_YEARS,
    Population,
    Rate,
    london_population,
    population_for,
    rate_per_1000,
)
from .sentences import (
    against_london,
    in_plain_words,
    no_targets_text,
    priority_text,
    statement,
    targets_met_text,
)
from .series_breaks import SeriesBreakNote, months_break_notes, year_break_notes
from .similar import INNER_LONDON, SIMILAR_METHOD, similar_to
from .sources import ENTERED, GAP_GROUPS, GAP_SOURCE, derived_text, describe_source
from .uncertainty import (
    SMALL_COUNT,
    Z_95,
    Interval,
    difference_interval,
    judged_with_margin,
    proportion_interval,
    small_numbers_note,
    uncertainty_text,
    widest_difference_interval,
    wilson_bounds,
)
from .values import IMPLAUSIBLE_CHANGE_PERCENT, entry_warnings, parts_warning, value_problem
from .years import FIRST_YEAR, LAST_YEAR, YEAR_PATTERN, parse_financial_year, year_label, year_slug

__all__ = [
    "INNER_LONDON",
    "SIMILAR_METHOD",
    "similar_to",
    "FAR_FROM_POPULATION_YEARS",
    "Population",
    "Rate",
    "london_population",
    "population_for",
    "rate_per_1000",
    "against_london",
    "no_targets_text",
    "Basis",
    "weakest",
    "CombinedMonth",
    "combine_editions",
    "counts_of",
    "RELEASED_FIELDS",
    "Better",
    "ENTERED",
    "FIRST_YEAR",
    "FigureBook",
    "FigureKey",
    "FigureKind",
    "GAP_GROUPS",
    "GAP_SOURCE",
    "IMPLAUSIBLE_CHANGE_PERCENT",
    "Interval",
    "LAST_YEAR",
    "MINUS",
    "MONTH_NAMES",
    "MeasureSpec",
    "ONE_PLACE",
    "Outcome",
    "SMALL_COUNT",
    "SeriesBreakNote",
    "Status",
    "TargetKind",
    "OutcomeWords",
    "Unit",
    "YEAR_PATTERN",
    "YearToDate",
    "Z_95",
    "assess",
    "change_target_phrase",
    "complete_years",
    "incomplete_months",
    "derived_text",
    "describe_source",
    "difference_interval",
    "entry_warnings",
    "financial_year_of",
    "format_count",
    "format_number",
    "format_signed_count",
    "format_signed_percent",
    "in_plain_words",
    "judged_with_margin",
    "last_complete_year",
    "month_label",
    "months_break_notes",
    "months_ending",
    "months_of_year",
    "parse_financial_year",
    "partial_year",
    "parts_warning",
    "percent_change",
    "plural",
    "priority_text",
    "proportion_interval",
    "round_published",
    "small_numbers_note",
    "statement",
    "targets_met_text",
    "uncertainty_text",
    "value_problem",
    "widest_difference_interval",
    "wilson_bounds",
    "year_break_notes",
    "year_label",
    "year_slug",
    "year_to_date",
    "year_total",
]
