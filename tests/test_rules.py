"""The outcome rules of docs/figures.md, edge by edge, with no database."""

from decimal import Decimal as D

import pytest

from performance.rules import (
    FigureBook,
    MeasureSpec,
    Status,
    assess,
    format_signed_percent,
    in_plain_words,
    parse_financial_year,
    percent_change,
    priority_text,
    round_published,
    targets_met_text,
    value_problem,
    year_label,
    year_slug,
)

BURGLARY = MeasureSpec(
    "residential-burglary", "Residential burglary", "offences", "lower", "change"
)
SAC = MeasureSpec(
    "serious-acquisitive-crime", "Serious acquisitive crime", "offences", "lower", "change"
)
CONFIDENCE = MeasureSpec(
    "public-confidence", "Public confidence in local policing", "percent", "higher", "level"
)
GAP = MeasureSpec(
    "victim-satisfaction-gap",
    "Satisfaction gap between White and BME victims",
    "points",
    "lower",
    "ceiling",
)
GUN = MeasureSpec("gun-crime", "Gun crime", "offences", "lower", "change")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.25", "0.3"),
        ("-0.25", "-0.3"),
        ("0.24", "0.2"),
        ("-0.24", "-0.2"),
        ("2.45", "2.5"),
        ("-2.45", "-2.5"),
        ("-2.55", "-2.6"),
        ("0.05", "0.1"),
        ("-0.05", "-0.1"),
        ("25.5", "25.5"),
    ],
)
def test_rounding_is_to_one_place_with_halves_away_from_zero(value, expected):
    assert round_published(D(value)) == D(expected)


def test_percent_change_halves_round_away_from_zero_in_both_directions():
    assert percent_change(D(400), D(401)) == D("0.3")  # exactly +0.25%
    assert percent_change(D(400), D(399)) == D("-0.3")  # exactly -0.25%
    assert percent_change(D(1000), D(975)) == D("-2.5")


def test_percent_change_does_not_exist_without_a_previous_figure_or_from_zero():
    assert percent_change(None, D(10)) is None
    assert percent_change(D(0), D(10)) is None
    assert percent_change(D(10), None) is None


@pytest.mark.parametrize(
    ("previous", "current", "target", "text", "status"),
    [
        # The seven rows of the Havering 2009/10 leaflet.
        (1498, 1880, "-2.5", "382 offences or +25.5%", Status.MISSED),
        (333, 339, "-2.5", "6 offences or +1.8%", Status.MISSED),
        (1576, 1215, "-2.5", "361 offences or \u221222.9%", Status.ACHIEVED),
        (1138, 817, "-2.5", "321 offences or \u221228.2%", Status.ACHIEVED),
        (143, 141, "-4.7", "2 offences or \u22121.4%", Status.MISSED),
        (200, 202, "-1.0", "2 offences or +1.0%", Status.MISSED),
        (41, 44, "-4.2", "3 offences or +7.3%", Status.MISSED),
    ],
)
def test_leaflet_rows(previous, current, target, text, status):
    outcome = assess(BURGLARY, 2009, D(current), D(previous), D(target))
    assert outcome.result_text == text
    assert outcome.status == status


def test_target_met_when_rounded_change_equals_the_target():
    # 975 from 1000 is exactly -2.5%.
    assert assess(BURGLARY, 2009, D(975), D(1000), D("-2.5")).status == Status.ACHIEVED


def test_comparison_uses_the_published_rounded_change_not_the_raw_one():
    # -2.46% raw rounds to -2.5%: published as -2.5%, so it meets a -2.5% target.
    outcome = assess(BURGLARY, 2009, D(9754), D(10000), D("-2.5"))
    assert outcome.change_percent == D("-2.5")
    assert outcome.status == Status.ACHIEVED
    # -2.44% rounds to -2.4%: missed.
    assert assess(BURGLARY, 2009, D(9756), D(10000), D("-2.5")).status == Status.MISSED


def test_a_target_with_more_places_is_compared_as_published():
    # A -2.45 target is published as -2.5; -2.5% meets it.
    assert assess(BURGLARY, 2009, D(975), D(1000), D("-2.45")).status == Status.ACHIEVED


def test_no_target_is_said_so_and_the_change_still_shows():
    outcome = assess(BURGLARY, 2009, D(110), D(100), None)
    assert outcome.status == Status.NO_TARGET
    assert outcome.status_label == "No target"
    assert outcome.result_text == "10 offences or +10.0%"


def test_no_previous_year_is_not_assessed_and_says_why():
    outcome = assess(BURGLARY, 2009, D(44), None, D("-2.5"))
    assert outcome.status == Status.NOT_ASSESSED
    assert outcome.status_label == "Not assessed"
    assert outcome.change_percent is None
    assert "no 2008/09 figure to compare with" in outcome.result_text
    assert "%" not in outcome.result_text


def test_after_a_year_of_none_there_is_no_percentage_and_the_target_is_judged_on_counts():
    outcome = assess(BURGLARY, 2009, D(5), D(0), D("-2.5"))
    assert outcome.change == 5 and outcome.change_percent is None
    assert outcome.result_text == "5 more offences; none in 2008/09"
    assert outcome.status == Status.MISSED  # any offences miss a reduction target
    assert assess(BURGLARY, 2009, D(5), D(0), D("0")).status == Status.MISSED  # no increase
    assert assess(BURGLARY, 2009, D(5), D(0), D("3")).status == Status.ACHIEVED  # an increase
    none = assess(BURGLARY, 2009, D(0), D(0), D("-2.5"))
    assert none.status == Status.ACHIEVED
    assert none.result_text == "No offences; none in 2008/09 either"
    assert assess(BURGLARY, 2009, D(1), D(0), None).result_text == "1 more offence; none in 2008/09"


def test_no_change_is_shown_without_a_sign_and_meets_a_target_of_no_increase():
    outcome = assess(BURGLARY, 2009, D(50), D(50), D(0))
    assert outcome.result_text == "0 offences or 0.0%"
    assert outcome.status == Status.ACHIEVED


def test_one_offence_is_singular():
    assert assess(BURGLARY, 2009, D(11), D(10), None).result_text == "1 offence or +10.0%"


@pytest.mark.parametrize(
    ("result", "target", "status"),
    [
        ("53.1", "51.4", Status.ACHIEVED),
        ("51.4", "51.4", Status.ACHIEVED),
        ("51.35", "51.4", Status.ACHIEVED),
        ("51.34", "51.4", Status.MISSED),
        ("50.0", "51.4", Status.MISSED),
    ],
)
def test_level_targets_are_met_at_or_above_the_level_as_published(result, target, status):
    assert assess(CONFIDENCE, 2009, D(result), None, D(target)).status == status


@pytest.mark.parametrize(
    ("result", "target", "status"),
    [
        ("4.9", "3.8", Status.MISSED),
        ("3.8", "3.8", Status.ACHIEVED),
        ("3.84", "3.8", Status.ACHIEVED),
        ("3.85", "3.8", Status.MISSED),
    ],
)
def test_ceiling_targets_are_met_at_or_below_the_ceiling_as_published(result, target, status):
    assert assess(GAP, 2009, D(result), None, D(target)).status == status


def test_level_measures_show_value_against_target():
    outcome = assess(CONFIDENCE, 2009, D("53.1"), None, D("51.4"))
    assert outcome.result_text == "53.1% against a target of 51.4%"


def test_a_level_target_with_no_result_is_not_assessed():
    assert assess(CONFIDENCE, 2010, None, None, D("52")).status == Status.NOT_ASSESSED


def test_london_statements_use_the_leaflets_phrasing():
    sac = assess(SAC, 2009, D(190767), D(197686), D("-2.5"))
    assert sac.statement == (
        "a reduction in serious acquisitive crime of 3.5% or 6,919 fewer crimes, "
        "exceeding the 2.5% reduction target"
    )
    gun = assess(GUN, 2009, D(3450), D(3021), D("-4.2"))
    assert gun.statement == (
        "a target to reduce gun crime by 4.2%: there were 429 more crimes, a 14.2% increase"
    )
    confidence = assess(CONFIDENCE, 2009, D("53.1"), None, D("51.4"))
    assert confidence.statement == (
        "public confidence in local policing was 53.1% against a target of 51.4%"
    )
    gap = assess(GAP, 2009, D("4.9"), None, D("3.8"))
    assert gap.statement == (
        "satisfaction gap between White and BME victims was 4.9 percentage points: "
        "this missed the target of 3.8 percentage points"
    )


def test_a_reduction_smaller_than_the_target_is_a_miss_described_as_a_reduction():
    outcome = assess(BURGLARY, 2009, D(99), D(100), D("-2.5"))
    assert outcome.status == Status.MISSED
    assert outcome.statement == (
        "a target to reduce residential burglary by 2.5%: there was 1 fewer crime, a 1.0% reduction"
    )


@pytest.mark.parametrize(
    ("measure", "target", "text"),
    [
        (SAC, "-2.3", "2.3% reduction in serious acquisitive crime"),
        (
            MeasureSpec(
                "most-serious-violence", "Most serious violence", "offences", "lower", "change"
            ),
            "-4",
            "4.0% reduction in most serious violence",
        ),
        (GUN, "-1.6", "1.6% reduction in gun crime"),
        (GUN, "0", "no increase in gun crime"),
        (GUN, "1.5", "no more than a 1.5% increase in gun crime"),
        (CONFIDENCE, "55", "public confidence in local policing of at least 55.0%"),
        (
            GAP,
            "3",
            "satisfaction gap between White and BME victims of no more than 3.0 percentage points",
        ),
    ],
)
def test_priorities_are_next_years_targets_in_words(measure, target, text):
    assert priority_text(measure, D(target)) == text


@pytest.mark.parametrize("text", ["2009/10", "2009-10", " 2009/10 "])
def test_years_are_read_with_slash_or_hyphen(text):
    assert parse_financial_year(text) == 2009


@pytest.mark.parametrize(
    "text", ["2009/11", "2009", "09/10", "2009/2010", "", "abcd/ef", "1899/00"]
)
def test_bad_years_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="Year"):
        parse_financial_year(text)


def test_year_across_a_century():
    assert parse_financial_year("1999/00") == 1999
    assert year_label(1999) == "1999/00"
    assert year_slug(2009) == "2009-10"


def test_signed_percent_uses_a_typographic_minus():
    assert format_signed_percent(D("-22.9")) == "\u221222.9%"
    assert format_signed_percent(D("25.5")) == "+25.5%"


@pytest.mark.parametrize(
    ("unit", "kind", "value", "ok"),
    [
        ("offences", "result", "0", True),
        ("offences", "result", "-1", False),
        ("offences", "result", "1.5", False),
        ("offences", "target", "-2.5", True),
        ("offences", "target", "-100.5", False),
        ("percent", "result", "100", True),
        ("percent", "result", "100.1", False),
        ("percent", "target", "-0.1", False),
        ("points", "result", "-3", True),
        ("points", "result", "101", False),
    ],
)
def test_value_ranges_by_unit(unit, kind, value, ok):
    assert (value_problem(unit, kind, D(value)) is None) == ok


# ---------------------------------------------------------------- derived figures

PARTS = {
    "serious-acquisitive-crime": [
        "residential-burglary",
        "robbery",
        "theft-from-vehicles",
        "theft-of-vehicles",
    ]
}
OFFENCES = ["serious-acquisitive-crime", *PARTS["serious-acquisitive-crime"], "gun-crime"]
BOROUGHS = [f"E09{n:06d}" for n in range(2, 34)]
LONDON = "E23000001"


def book(entered):
    return FigureBook(
        entered, parts=PARTS, offence_measures=OFFENCES, borough_codes=BOROUGHS, london_code=LONDON
    )


def havering_parts(year, values):
    return {
        ("E09000016", slug, year, "result"): D(v)
        for slug, v in zip(PARTS["serious-acquisitive-crime"], values, strict=True)
    }


def test_serious_acquisitive_crime_is_the_sum_of_its_four_parts():
    figures = book(
        havering_parts(2009, [1880, 339, 1215, 817]) | havering_parts(2008, [1498, 333, 1576, 1138])
    )
    assert figures.result("E09000016", "serious-acquisitive-crime", 2009) == D(4251)
    outcome = figures.outcome(SAC, "E09000016", 2009)
    assert outcome.change == D(-294)  # "reduced serious acquisitive crime by 294 offences"
    assert outcome.derived_from == "its parts"


def test_serious_acquisitive_crime_is_not_derived_when_a_part_is_missing():
    entered = havering_parts(2009, [1880, 339, 1215, 817])
    del entered[("E09000016", "robbery", 2009, "result")]
    assert book(entered).result("E09000016", "serious-acquisitive-crime", 2009) is None


def test_an_entered_figure_wins_over_a_derived_one():
    entered = havering_parts(2009, [1880, 339, 1215, 817])
    entered[("E09000016", "serious-acquisitive-crime", 2009, "result")] = D(5000)
    figures = book(entered)
    assert figures.result("E09000016", "serious-acquisitive-crime", 2009) == D(5000)
    assert figures.result_with_source("E09000016", "serious-acquisitive-crime", 2009)[1] == ""


def test_london_wide_is_the_sum_of_all_32_boroughs_when_all_are_present():
    entered = {(code, "gun-crime", 2009, "result"): D(10) for code in BOROUGHS}
    assert book(entered).result_with_source(LONDON, "gun-crime", 2009) == (
        D(320),
        "the 32 boroughs",
    )
    del entered[(BOROUGHS[0], "gun-crime", 2009, "result")]
    assert book(entered).result(LONDON, "gun-crime", 2009) is None


def test_london_wide_entered_figure_wins_over_the_boroughs_sum():
    entered = {(code, "gun-crime", 2009, "result"): D(10) for code in BOROUGHS}
    entered[(LONDON, "gun-crime", 2009, "result")] = D(3450)
    assert book(entered).result(LONDON, "gun-crime", 2009) == D(3450)


def test_london_wide_sums_are_only_for_offence_measures():
    entered = {(code, "public-confidence", 2009, "result"): D(50) for code in BOROUGHS}
    assert book(entered).result(LONDON, "public-confidence", 2009) is None


def test_london_serious_acquisitive_crime_from_borough_parts():
    entered = {}
    for code in BOROUGHS:
        for slug in PARTS["serious-acquisitive-crime"]:
            entered[(code, slug, 2009, "result")] = D(1)
    assert book(entered).result(LONDON, "serious-acquisitive-crime", 2009) == D(128)


def test_a_change_is_not_computed_between_an_entered_figure_and_a_derived_one():
    entered = havering_parts(2009, [1880, 339, 1215, 817])
    entered[("E09000016", "serious-acquisitive-crime", 2008, "result")] = D(4545)
    entered[("E09000016", "serious-acquisitive-crime", 2009, "target")] = D("-2.5")
    outcome = book(entered).outcome(SAC, "E09000016", 2009)
    assert outcome.result == D(4251) and outcome.derived_from == "its parts"
    assert outcome.change is None and outcome.change_percent is None
    assert outcome.status == Status.NOT_ASSESSED
    assert outcome.reason == (
        "2008/09's figure is entered and 2009/10's is the sum of its parts, so the two are "
        "not compared"
    )


def test_an_entered_total_that_disagrees_with_its_parts_carries_a_note():
    entered = havering_parts(2009, [1880, 339, 1215, 817])
    entered[("E09000016", "serious-acquisitive-crime", 2009, "result")] = D(4300)
    outcome = book(entered).outcome(SAC, "E09000016", 2009)
    assert outcome.result == D(4300)
    assert outcome.notes == (
        "The 2009/10 figure entered, 4,300 offences, differs from the sum of its parts, "
        "4,251 offences.",
    )
    entered[("E09000016", "serious-acquisitive-crime", 2009, "result")] = D(4251)
    assert book(entered).outcome(SAC, "E09000016", 2009).notes == ()


def test_a_london_wide_sum_with_boroughs_missing_names_them():
    entered = {(code, "gun-crime", 2009, "result"): D(10) for code in BOROUGHS[2:]}
    entered[(LONDON, "gun-crime", 2009, "target")] = D("-4.2")
    names = {BOROUGHS[0]: "Barking and Dagenham", BOROUGHS[1]: "Barnet"}
    figures = FigureBook(
        entered,
        parts=PARTS,
        offence_measures=OFFENCES,
        borough_codes=BOROUGHS,
        london_code=LONDON,
        area_names=names,
    )
    outcome = figures.outcome(GUN, LONDON, 2009)
    assert outcome.result is None
    assert outcome.reason == (
        "no London-wide result: Barking and Dagenham and Barnet have no 2009/10 figure yet"
    )
    assert outcome.coverage == "30 of 32 boroughs; Barking and Dagenham and Barnet missing"
    entered.update({(code, "gun-crime", 2009, "result"): D(10) for code in BOROUGHS[:2]})
    complete = FigureBook(
        entered, parts=PARTS, offence_measures=OFFENCES, borough_codes=BOROUGHS, london_code=LONDON
    ).outcome(GUN, LONDON, 2009)
    assert complete.result == 320 and complete.coverage == "32 of 32 boroughs"


# ---------------------------------------------------------------- series breaks


def test_a_series_break_is_noted_where_a_figure_or_a_change_spans_it():
    from performance.rules import (
        SeriesBreakNote,
        month_label,
        months_break_notes,
        year_break_notes,
    )

    def notes(month, start_year=2013):
        found = SeriesBreakNote(frozenset({"fraud"}), month, "Fraud moved to Action Fraud.")
        return year_break_notes([found], "fraud", start_year)

    inside = notes((2013, 10))
    assert inside == (
        "Fraud moved to Action Fraud (from October 2013): 2013/14 counts months before and "
        "after the change, so it and its change from 2012/13 may not be comparable with "
        "other years.",
    )
    # At the year's first month, or inside the year before: only the change spans it.
    for month in [(2013, 4), (2012, 5), (2013, 3)]:
        assert notes(month) == (
            "Fraud moved to Action Fraud (from April 2013): the change from 2012/13 to 2013/14 "
            "may not be comparable.".replace("April 2013", month_label(*month)),
        )
    # Before the two years compared, or after them: nothing to say.
    assert notes((2012, 4)) == notes((2014, 4)) == ()
    # Another measure's break says nothing here.
    assert (
        year_break_notes([SeriesBreakNote(frozenset({"robbery"}), (2013, 10), "x")], "fraud", 2013)
        == ()
    )
    found = [SeriesBreakNote(frozenset({"fraud"}), (2016, 1), "Counting rules changed")]
    assert months_break_notes(found, "fraud", (2015, 1), (2016, 12)) == (
        "Counting rules changed (from January 2016): months before and after it may not be "
        "comparable.",
    )
    assert months_break_notes(found, "fraud", (2016, 1), (2016, 12)) == ()


# ---------------------------------------------------------------- in plain words (issue 14)

SYV = MeasureSpec("serious-youth-violence", "Serious youth violence", "offences", "lower", "change")


@pytest.mark.parametrize(
    ("measure", "result", "previous", "target", "expected"),
    [
        (
            BURGLARY, "1880", "1498", "-2.5",
            "Residential burglary rose by 382 to 1,880, up 25.5%, "
            "missing its target of a 2.5% reduction.",
        ),
        (
            BURGLARY, "1215", "1576", "-2.5",
            "Residential burglary fell by 361 to 1,215, down 22.9%, "
            "meeting its target of a 2.5% reduction.",
        ),
        # A fall that missed says why: it was smaller than the fall aimed for.
        (
            SYV, "141", "143", "-4.7",
            "Serious youth violence fell by 2 to 141, down 1.4%: "
            "less than the 4.7% reduction aimed for, so it missed its target.",
        ),
        (GUN, "41", "41", None, "Gun crime stayed at 41, no change."),
        (
            CONFIDENCE, "53.1", None, "51.4",
            "Public confidence in local policing was 53.1%, meeting its target of at least 51.4%.",
        ),
        (
            GAP, "4.9", None, "3.8",
            "Satisfaction gap between White and BME victims was 4.9 percentage points, "
            "missing its target of no more than 3.8 percentage points.",
        ),
        (GUN, "44", None, "-4.2", "Gun crime: 44 offences (no 2008/09 figure to compare with)."),
        (GUN, None, "41", "-4.2", "Gun crime: no result for 2009/10 yet."),
    ],
)  # fmt: skip
def test_each_outcome_reads_as_one_plain_sentence(measure, result, previous, target, expected):
    outcome = assess(
        measure,
        2009,
        None if result is None else D(result),
        None if previous is None else D(previous),
        None if target is None else D(target),
    )
    assert in_plain_words(outcome) == expected


def test_targets_met_counts_only_the_outcomes_judged_against_a_target():
    outcomes = [
        assess(BURGLARY, 2009, D(1880), D(1498), D("-2.5")),  # missed
        assess(GUN, 2009, D(35), D(41), D("-4.2")),  # achieved
        assess(GUN, 2009, D(35), D(41), None),  # no target
        assess(GUN, 2009, D(35), None, D("-4.2")),  # not assessed
    ]
    assert targets_met_text(outcomes) == "Targets met: 1 of 2."
    assert targets_met_text(outcomes[2:]) == ""


def test_a_trend_chart_gives_every_year_its_own_row_with_its_value_written_beside_its_bar():
    from performance.charts import LABEL_WIDTH, PLOT_WIDTH, ROW, WIDTH, trend_chart

    # Eight years, as the demo's boroughs have: the years must not run into each other.
    results = [1500, 1882, 1634, 2075, 2102, 1840, 1515, 1282]
    series = {2008 + i: (D(r), None) for i, r in enumerate(results)}
    series[2009] = (D(1882), D("-2.5"))  # aims for 1,500 less 2.5%: 1,462.5
    chart = trend_chart(BURGLARY, series)
    assert [b.label for b in chart.bars] == [year_label(2008 + i) for i in range(8)]
    assert [b.value_text for b in chart.bars] == [
        "1,500", "1,882", "1,634", "2,075", "2,102", "1,840", "1,515", "1,282"
    ]  # fmt: skip
    rows = [float(b.text_y) for b in chart.bars]
    assert [b - a for a, b in zip(rows, rows[1:], strict=False)] == [ROW] * 7
    assert float(chart.height) >= rows[-1]
    # Bars to scale from the axis, the longest (2,102) filling the plot.
    assert all(float(b.x) == LABEL_WIDTH for b in chart.bars)
    assert [float(b.width) for b in chart.bars][4] == PLOT_WIDTH
    assert float(chart.bars[7].width) == pytest.approx(PLOT_WIDTH * 1282 / 2102, abs=0.05)
    # Each value starts past its bar's end, and past the target's mark where that is longer.
    for bar in chart.bars:
        assert float(bar.value_x) > float(bar.x) + float(bar.width)
        assert float(bar.value_x) <= WIDTH - 50  # room for "18,026" at the chart's size
    burglary_2009 = chart.bars[1]
    assert burglary_2009.target_text == "1,463"  # halves away from zero, as published
    assert chart.summary == (
        "From 1,500 in 2008/09 to 1,282 in 2015/16. "
        "Highest: 2,102 in 2012/13; lowest: 1,282 in 2015/16."
    )
    assert trend_chart(BURGLARY, {2009: (D(1880), None)}).summary == "1,880 in 2009/10."
    assert trend_chart(BURGLARY, {2009: (None, D("-2.5"))}) is None


@pytest.mark.parametrize(
    ("unit", "value", "last_year", "expected"),
    [
        ("offences", "150", "100", []),  # +50.0%: within bounds
        ("offences", "50", "100", []),  # −50.0%
        (
            "offences", "151", "100",
            ["151 is 51.0% more than last year's 100: check for a missing or extra digit."],
        ),
        (
            "offences", "49", "100",
            ["49 is 51.0% fewer than last year's 100: check for a missing or extra digit."],
        ),
        ("offences", "5", "0", []),  # no % change from 0
        ("offences", "5", None, []),
        (
            "percent", "0.5", None,
            ["0.5 looks like a fraction: a percentage is written out of 100 (50 for 50%, "
             "not 0.5)."],
        ),
        ("percent", "1", None, []),
        ("percent", "0", None, []),
    ],
)  # fmt: skip
def test_entry_warnings_ask_about_a_change_beyond_half_and_a_percentage_written_as_a_fraction(
    unit, value, last_year, expected
):
    from performance.rules import entry_warnings

    previous = None if last_year is None else D(last_year)
    assert entry_warnings(unit, "result", D(value), previous) == expected
    assert entry_warnings(unit, "target", D(value), previous) == []


def test_a_total_is_checked_against_its_parts():
    from performance.rules import parts_warning

    parts = {"Burglary": D(10), "Robbery": D(5)}
    assert parts_warning("Serious acquisitive crime", D(15), parts) is None
    assert parts_warning("Serious acquisitive crime", D(1500), parts) == (
        "Serious acquisitive crime is 1,500, but its parts (Burglary, Robbery) add up to 15."
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1903", "1903"), (" 1,903 ", "1903"), ("19,500.5", "19500.5"), ("-2.5", "-2.5"),
     ("1,234,567", "1234567"), ("0", "0")],
)  # fmt: skip
def test_staff_may_type_thousands_with_commas(typed, expected):
    from performance.figures.numbers import parse_typed_number

    assert parse_typed_number(typed) == D(expected)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("19O3", "'19O3' is not a number: it has the letter O in it."),
        ("l903", "'l903' is not a number: it has the letter l in it."),
        ("1,90", "'1,90' has a comma out of place"),
        ("19,5000", "'19,5000' has a comma out of place"),
        ("1.903,5", "'1.903,5' has a comma out of place"),
        ("1e3", "'1e3' is not a plain number: write it out in full, without an exponent."),
        ("+5", "'+5' is not a plain number: write it without a plus sign."),
        ("１９０３", "'１９０３' is not a plain number: it has digits that are not the plain 0"),
        ("19 03", "'19 03' is not a plain number"),
    ],
)
def test_staff_typing_that_is_not_a_number_is_refused_saying_why(typed, why):
    from performance.figures.numbers import parse_typed_number

    with pytest.raises(ValueError) as refused:
        parse_typed_number(typed)
    assert str(refused.value).startswith(why)


def test_an_outcome_releases_exactly_the_fields_a_release_stores_and_a_page_shows():
    """One shape from computation to release to page: Outcome.as_released gives each of
    rules.RELEASED_FIELDS, each a field of ReleasedOutcome."""
    from performance.models import ReleasedOutcome
    from performance.rules import RELEASED_FIELDS

    outcome = assess(BURGLARY, 2009, D(1880), D(1498), D("-2.5"))
    assert tuple(outcome.as_released()) == RELEASED_FIELDS
    stored = {f.name for f in ReleasedOutcome._meta.get_fields()}
    assert set(RELEASED_FIELDS) <= stored


def test_a_changed_published_count_is_checked_against_the_value_it_replaces():
    from performance.rules import entry_warnings

    # 210 typed as 2100, with no last year's figure to compare it with.
    assert entry_warnings("offences", "result", D(2100), None, published=D(210)) == [
        "2,100 is 900.0% more than the published 210 it replaces: check for a missing or "
        "extra digit."
    ]
    assert entry_warnings("offences", "result", D(212), None, published=D(210)) == []
    assert entry_warnings("offences", "result", D(210), None, published=D(210)) == []
