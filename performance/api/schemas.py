"""What each answer of the API looks like, for its responses and its OpenAPI schema."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Field, Path, Schema

BoroughSlug = Annotated[
    str,
    Path(
        description="The borough's slug, as in its page's address.",
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        examples=["havering"],
    ),
]
YearSlug = Annotated[
    str,
    Path(
        description="A financial year, written as in page addresses: 2009-10 is 2009/10.",
        pattern=r"^[0-9]{4}-[0-9]{2}$",
        examples=["2009-10"],
    ),
]
WardCode = Annotated[
    str,
    Path(
        description="The ward's ONS code (2022 wards), E05 and six digits.",
        pattern=r"^[Ee]05[0-9]{6}$",
        examples=["E05013973"],
    ),
]


Number = int | float


class Message(Schema):
    message: str


class BoroughLinks(Schema):
    self: str
    page: str
    figures_csv: str


class BoroughSummary(Schema):
    code: str
    name: str
    slug: str
    links: BoroughLinks


class EngagementGroupOut(Schema):
    name: str
    description: str
    how_to_join: str
    email: str
    telephone: str
    website: str


class ContactOut(Schema):
    name: str
    description: str
    telephone: str
    minicom: str
    website: str
    pan_london: bool


class BoroughDetail(BoroughSummary):
    engagement_groups: list[EngagementGroupOut]
    contacts: list[ContactOut]


class MeasureOut(Schema):
    slug: str
    name: str
    unit: Literal["offences", "percent", "points"]
    better: Literal["lower", "higher"]
    target_kind: Literal["change", "level", "ceiling"]
    part_of: str | None
    definition: str = Field(description="What the measure is.")
    source: str = Field(description="Where its figures come from: recorded crime, or a survey.")
    counting: str = Field(description="How it is counted.")
    caveats: str = Field(description="What to bear in mind when reading it.")


class YearOut(Schema):
    label: str
    slug: str
    start_year: int


class AreaOut(Schema):
    code: str
    name: str
    slug: str


class Revision(Schema):
    first_published: str = Field(description="How the outcome read when first published.")
    first_published_on: str | None = Field(description="The day it was first published.")
    reason: str = Field(description="Why it changed, and what caused it.")


class ConfidenceInterval(Schema):
    level: float = Field(description="Always 0.95.")
    low: Number
    high: Number


class MeasureOutcome(Schema):
    measure: str
    name: str
    unit: Literal["offences", "percent", "points"]
    value: Number | None = Field(description="The exact result.")
    value_shown: Number | None = Field(
        description="The result as shown and as its status was judged: one decimal place "
        "for a percentage or points."
    )
    previous_value: Number | None
    change: Number | None
    change_percent: float | None
    target: Number | None
    status: Literal["achieved", "missed", "no-target", "not-assessed", "not-significant"] = Field(
        description='"not-significant": a survey estimate whose 95% confidence interval has '
        "the target inside it, so it cannot be said to have met or missed it."
    )
    statement: str
    sample_size: list[int] | None = Field(
        description="For a survey-based measure: the number of people the estimate is based "
        "on (for a gap worked out from two groups, one number each); null when not published "
        "or for a count of offences."
    )
    confidence_interval: ConfidenceInterval | None = Field(
        description="For a survey-based measure with a sample size: its 95% confidence "
        "interval (Wilson score; for a gap, Newcombe's hybrid score), in the measure's unit."
    )
    derived_from: str | None = Field(
        description='Where a result is not entered but summed: "its parts", "the 32 boroughs".'
    )
    coverage: str | None = Field(
        description='For a London-wide sum of the boroughs: "32 of 32 boroughs", or which are '
        "missing."
    )
    notes: list[str] = Field(description="What to know beside the figures.")
    revised: Revision | None = Field(description="Set when the outcome changed after release.")
    value_basis: Literal["recorded", "imputed", "assumed", "illustrative"] = Field(
        description="How the result, and the figures it rests on (last year's, its parts), "
        "are known: recorded (as the source published them), imputed (worked back from a "
        "published change), assumed, or illustrative (made up for a demonstration, not real). "
        "No better than the least sound of them."
    )
    target_basis: Literal["recorded", "imputed", "assumed", "illustrative"] | None = Field(
        description="How the target is known (assumed: nobody published it, it was chosen "
        "to match a published status); null where no target was set."
    )
    rate_per_1000: float | None = Field(
        description="A crime measure's value per 1,000 residents, to one decimal place; null "
        "for other measures or where no population has been published."
    )
    population: int | None = Field(
        description="The residents the rate divides by: the published estimate nearest the "
        "year (London-wide, the sum of the 32 boroughs')."
    )
    population_source: str | None = Field(
        description='Where the population comes from, and its year: "ONS Census 2021 '
        '(table TS007A), usual residents, 2021".'
    )
    released_on: str = Field(description="The day this version was released.")


class YearToDateOut(Schema):
    measure: str
    name: str
    year: str = Field(description="The financial year it is part of, e.g. 2016/17.")
    complete: bool = Field(description="Always false: a year to date is never a year's result.")
    months: int = Field(description="How many months, from April, the source gives.")
    period: str = Field(description='e.g. "April to December 2016".')
    count: int
    previous_count: int | None = Field(description="The same months a year earlier.")
    change_percent: float | None
    target: Number | None = Field(description="The year's % change target, if one is set.")
    on_track: bool | None = Field(description="Against the target so far; null without one.")
    statement: str
    edition: str = Field(description="The day the police published the edition it is from.")
    notes: list[str] = Field(
        description="Series breaks between the months compared: they may not be comparable."
    )


class Performance(Schema):
    area: AreaOut
    year: YearOut
    complete: bool = Field(
        description="true: a year of results. false: the year so far, which the police's "
        "record gives only some months of (see months and year_to_date); never a result."
    )
    months: int = Field(description="How many months of the year, from April, it covers.")
    counting_rule: str | None = Field(
        description="London-wide only: how its counts are made from the boroughs'."
    )
    measures: list[MeasureOutcome]
    priorities_next_year: list[str]
    year_to_date: list[YearToDateOut] = Field(
        description="The next year so far, from the latest released edition of the police's "
        "recorded crime, given with the last year it completes."
    )


class WardMeasureOut(Schema):
    measure: str = Field(description="The measure's slug, as in /measures.")
    value: int = Field(description="Offences recorded in the ward in the months given.")
    previous_value: int | None = Field(
        None, description="The year before's; only where both years are complete."
    )
    change: int | None = Field(None, description="value − previous_value.")
    change_percent: float | None = Field(
        None, description="The change as a % of previous_value, to one decimal place."
    )


class WardYearOut(Schema):
    year: str = Field(description='The financial year, as in addresses: "2025-26".')
    months: int = Field(description="How many of its months, from April, the figures cover.")
    complete: bool = Field(description="true when all twelve months are given.")
    measures: list[WardMeasureOut]


class WardLinks(Schema):
    self: str
    page: str
    borough: str
    figures_csv: str


class WardOut(Schema):
    code: str
    name: str
    borough: str = Field(description="The borough's slug.")
    borough_name: str
    edition: str | None = Field(
        None, description="The day of the latest released ward edition of recorded crime."
    )
    value_basis: Literal["recorded"] = "recorded"
    notes: list[str] = Field(description="What to know beside the figures.")
    years: list[WardYearOut] = Field(description="Oldest first; empty before any is released.")
    links: WardLinks


class AttitudeOut(Schema):
    measure: Literal["good-job", "fair-treatment", "trust"] = Field(
        description="The catalogue's slug: the police do a good job in the local area; they "
        "treat everyone fairly; trust in the Met."
    )
    quarter: str = Field(
        description='The financial year and quarter: "2025-26-Q4" is January to March 2026.'
    )
    value: float = Field(
        description="The share of residents agreeing, per cent, one decimal place. MOPAC "
        "publishes no sample size, so no interval is given."
    )
