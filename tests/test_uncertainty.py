"""The uncertainty rules of docs/figures.md ("Uncertainty"), against worked examples computed
here independently: each Wilson bound as a root of its defining quadratic, not by the
centre-and-half-width formula the code uses."""

import math
from decimal import Decimal as D

import pytest

from performance.rules import (
    GAP_SOURCE,
    FigureBook,
    Interval,
    MeasureSpec,
    Status,
    assess,
    difference_interval,
    dispersion_of,
    in_plain_words,
    ordinary_variation_note,
    proportion_interval,
    value_problem,
    widest_difference_interval,
)

from .test_rules import CONFIDENCE, GAP, GUN

Z = 1.959963984540054  # the 97.5th percentile of the standard normal
HAVERING = "E09000016"


def wilson_by_quadratic(successes_share: float, n: int) -> tuple[float, float]:
    """The p with (share − p)² = z²·p(1 − p)/n: the quadratic's two roots."""
    a = 1 + Z * Z / n
    b = -(2 * successes_share + Z * Z / n)
    c = successes_share**2
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def one_place(proportion: float) -> D:
    """A proportion as a published percentage: one place, halves away from zero."""
    return D(str(proportion * 100)).quantize(D("0.1"), rounding="ROUND_HALF_UP")


@pytest.mark.parametrize(
    "percent, n",
    [("53.1", 640), ("50", 100), ("0", 10), ("100", 1), ("100", 640), ("0", 1), ("12.5", 8)],
)
def test_a_proportion_has_the_wilson_score_interval(percent, n):
    low, high = wilson_by_quadratic(float(percent) / 100, n)
    interval = proportion_interval(D(percent), n)
    assert (interval.low, interval.high) == (one_place(max(low, 0)), one_place(min(high, 1)))
    assert interval.sample_sizes == (n,)


def test_known_wilson_bounds_at_the_edges():
    # Half of 100 people: 40.4% to 59.6% (a textbook example).
    assert proportion_interval(D(50), 100) == Interval(D("40.4"), D("59.6"), (100,))
    # None of 10: 0% to z²/(n + z²) = 27.8%; all of 1: 1/(1 + z²) = 20.7% to 100%.
    assert proportion_interval(D(0), 10) == Interval(D("0.0"), D("27.8"), (10,))
    assert proportion_interval(D(100), 1) == Interval(D("20.7"), D("100.0"), (1,))


def test_a_difference_of_two_proportions_has_newcombes_hybrid_score_interval():
    # 80.0% of 1,000 White victims and 75.1% of 1,000 BME victims: a gap of 4.9 points.
    l1, u1 = wilson_by_quadratic(0.8, 1000)
    l2, u2 = wilson_by_quadratic(0.751, 1000)
    gap = 0.8 - 0.751
    low = gap - math.sqrt((0.8 - l1) ** 2 + (u2 - 0.751) ** 2)
    high = gap + math.sqrt((u1 - 0.8) ** 2 + (0.751 - l2) ** 2)
    interval = difference_interval(D("80.0"), 1000, D("75.1"), 1000)
    assert (interval.low, interval.high) == (one_place(low), one_place(high))
    assert (str(interval.low), str(interval.high)) == ("1.2", "8.5")  # docs/figures.md's example
    assert interval.low < D("3.8") < interval.high  # the issue's "cannot be told apart"
    assert interval.sample_sizes == (1000, 1000)


def test_a_gap_entered_alone_gets_the_widest_interval_two_groups_of_its_size_can_have():
    half = Z * math.sqrt(0.25 / 1000 + 0.25 / 1000) * 100  # 4.38 points
    interval = widest_difference_interval(D("4.9"), 1000)
    assert (interval.low, interval.high) == (
        one_place((4.9 - half) / 100),
        one_place((4.9 + half) / 100),
    )
    newcombe = difference_interval(D("80.0"), 1000, D("75.1"), 1000)
    assert interval.high - interval.low >= newcombe.high - newcombe.low


def test_the_issues_confidence_figure_that_rounds_up_is_not_significantly_different():
    with_sample = assess(
        CONFIDENCE, 2009, D("51.35"), None, D("51.4"), interval=proportion_interval(D("51.35"), 640)
    )
    assert with_sample.status == Status.NOT_SIGNIFICANT
    assert with_sample.status_label == "Not significantly different from the target"
    assert "too close to its target of at least 51.4% to say whether it was met" in (
        in_plain_words(with_sample)
    )
    # Without a sample size the rule stays as it was: 51.35 is published as 51.4, which meets it.
    assert assess(CONFIDENCE, 2009, D("51.35"), None, D("51.4")).status == Status.ACHIEVED


@pytest.mark.parametrize(
    "low, high, kind, target, expected",
    [
        # A level to reach: achieved only when the whole interval is at or above it.
        ("51.4", "55.0", "level", "51.4", Status.ACHIEVED),  # touching the target exactly
        ("51.3", "55.0", "level", "51.4", Status.NOT_SIGNIFICANT),
        ("47.0", "51.4", "level", "51.4", Status.NOT_SIGNIFICANT),  # touching from below
        ("47.0", "51.3", "level", "51.4", Status.MISSED),
        # A ceiling: achieved only when the whole interval is at or under it.
        ("0.1", "3.8", "ceiling", "3.8", Status.ACHIEVED),
        ("0.1", "3.9", "ceiling", "3.8", Status.NOT_SIGNIFICANT),
        ("3.8", "8.0", "ceiling", "3.8", Status.NOT_SIGNIFICANT),
        ("3.9", "8.0", "ceiling", "3.8", Status.MISSED),
    ],
)
def test_a_verdict_needs_the_whole_interval_on_one_side(low, high, kind, target, expected):
    measure = CONFIDENCE if kind == "level" else GAP
    result = (D(low) + D(high)) / 2
    interval = Interval(D(low), D(high), (500,))
    assert assess(measure, 2009, result, None, D(target), interval=interval).status == expected


def test_a_change_within_ordinary_variation_gets_a_note_at_any_count():
    within = "Within ordinary variation: a change of 3 can happen by chance."
    # Gun crime 41 → 44 as Poisson counts: 3 against 1.96·√85 ≈ 18.1.
    assert ordinary_variation_note(D(41), D(44), D(1)).startswith(within)
    assert ordinary_variation_note(D(41), D(70), D(1)) == ""  # 29 ≥ 1.96·√111 ≈ 20.6
    # Counts that vary more than Poisson counts: the same change can be ordinary.
    assert ordinary_variation_note(D(41), D(70), D("5.2")) != ""  # 29 < 1.96·√577 ≈ 47.1
    # Large counts too: total crime 20,000 → 19,500 with φ = 13.2 (1.96·√521,400 ≈ 1,415).
    assert ordinary_variation_note(D(20000), D(19500), D("13.2")) != ""
    assert ordinary_variation_note(D(20000), D(18000), D("13.2")) == ""
    assert ordinary_variation_note(None, D(44)) == ""


def test_the_rule_calls_about_95_in_100_chance_changes_ordinary():
    """Two years with no real change, each total counted as the police's counts vary (φ
    times a Poisson count's variance, simulated as φ × Poisson(μ / φ)): the rule should
    call about 95% of such changes ordinary, whatever the count or φ."""
    import random

    generator = random.Random(29)

    def poisson(mean: float) -> int:
        if mean < 50:  # Knuth's method
            limit, count, product = math.exp(-mean), 0, generator.random()
            while product > limit:
                count, product = count + 1, product * generator.random()
            return count
        return max(0, round(generator.gauss(mean, math.sqrt(mean))))

    for mean, phi in ((40, 1.0), (600, 3.3), (20000, 13.2)):
        first = [phi * poisson(mean / phi) for _ in range(4000)]
        second = [phi * poisson(mean / phi) for _ in range(4000)]
        ordinary = sum(
            1
            for a, b in zip(first, second, strict=True)
            if ordinary_variation_note(D(repr(a)), D(repr(b)), D(repr(phi)))
        )
        assert 0.93 <= ordinary / 4000 <= 0.97, (mean, phi, ordinary / 4000)


def test_dispersion_is_the_pooled_spread_of_months_about_their_years_mean():
    assert dispersion_of([[10] * 12]) == D(1)  # never below a Poisson count's
    # Months alternating 0 and 20 about a mean of 10: Σ(x − 10)²/10 = 120 over 11 degrees.
    assert dispersion_of([[0, 20] * 6]) == D("10.9")
    assert dispersion_of([[0, 20] * 6, [10] * 12]) == D("5.5")  # pooled: 120 / 22
    assert dispersion_of([[0] * 12]) is None  # nothing to judge by


def test_the_gap_is_worked_out_from_its_two_groups_with_their_interval_and_an_entered_gap_wins():
    entered = {
        (HAVERING, "victim-satisfaction-white", 2009, "result"): D("80.0"),
        (HAVERING, "victim-satisfaction-white", 2009, "sample_size"): D(1000),
        (HAVERING, "victim-satisfaction-bme", 2009, "result"): D("75.1"),
        (HAVERING, "victim-satisfaction-bme", 2009, "sample_size"): D(1000),
        (HAVERING, "victim-satisfaction-gap", 2009, "target"): D("3.8"),
    }
    book = FigureBook(
        entered, parts={}, offence_measures=[], borough_codes=[HAVERING], london_code="E23000001"
    )
    outcome = book.outcome(GAP, HAVERING, 2009)
    assert outcome.result == D("4.9") and outcome.derived_from == GAP_SOURCE
    assert outcome.interval == difference_interval(D("80.0"), 1000, D("75.1"), 1000)
    assert outcome.status == Status.NOT_SIGNIFICANT
    assert outcome.uncertainty_text.endswith("1,000 and 1,000 people asked in the two groups")
    entered[(HAVERING, "victim-satisfaction-gap", 2009, "result")] = D("4.0")
    book = FigureBook(
        entered, parts={}, offence_measures=[], borough_codes=[HAVERING], london_code="E23000001"
    )
    outcome = book.outcome(GAP, HAVERING, 2009)
    assert outcome.result == D("4.0") and outcome.derived_from == ""
    assert outcome.interval is None  # no sample size of its own
    assert outcome.uncertainty_text == "sample size not published, so no confidence interval"


def test_a_count_outcome_carries_the_ordinary_variation_note_and_keeps_its_status():
    entered = {
        (HAVERING, "gun-crime", 2008, "result"): D(41),
        (HAVERING, "gun-crime", 2009, "result"): D(44),
        (HAVERING, "gun-crime", 2009, "target"): D("-4.2"),
    }
    book = FigureBook(
        entered, parts={}, offence_measures=["gun-crime"], borough_codes=[], london_code="X"
    )
    outcome = book.outcome(GUN, HAVERING, 2009)
    assert outcome.status == Status.MISSED  # the spec's rule, unchanged
    assert "Within ordinary variation: a change of 3 can happen by chance." in outcome.notes[0]
    assert outcome.uncertainty_text == ""  # a count is not a survey estimate


def test_the_interval_in_words():
    confidence = assess(
        CONFIDENCE, 2009, D("53.1"), None, D("51.4"), interval=proportion_interval(D("53.1"), 640)
    )
    low, high = wilson_by_quadratic(0.531, 640)
    assert confidence.uncertainty_text == (
        f"approximate 95% confidence interval {one_place(low)}% to {one_place(high)}%; "
        "640 people asked"
    )


@pytest.mark.parametrize(
    "unit, value, problem",
    [
        ("percent", "640", None),
        ("points", "1000", None),
        ("percent", "0", "A sample size is a whole number of people, 1 or more."),
        ("percent", "640.5", "A sample size is a whole number of people, 1 or more."),
        ("offences", "640", "Only a survey-based measure (percent or points) has a sample size."),
    ],
)
def test_a_sample_size_is_a_whole_number_of_people_for_a_survey_measure(unit, value, problem):
    assert value_problem(unit, "sample_size", D(value)) == problem


def test_a_measure_spec_without_a_survey_has_no_uncertainty_words():
    spec = MeasureSpec("robbery", "Total robbery", "offences", "lower", "change")
    assert assess(spec, 2009, D(10), D(9), D(-2)).uncertainty_text == ""


def test_no_interval_runs_past_what_its_measure_can_be():
    # A gap of 90 points entered alone, from two people in each group: the widest interval
    # would reach 188 points, which no gap between two shares can.
    gap = widest_difference_interval(D("90"), 2)
    assert gap.high == D("100") and gap.low >= D("-100")
    assert widest_difference_interval(D("-95"), 1).low == D("-100")
    # A share's interval stays within 0% to 100% at its extremes.
    assert proportion_interval(D("100"), 3).high <= D("100")
    assert proportion_interval(D("0"), 3).low >= D("0")
