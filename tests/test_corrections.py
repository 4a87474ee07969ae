"""Corrections in plain words: what changed, from what, each cause said once."""

import dataclasses
import datetime

from boroughs.models import Area
from performance.public import correction_groups
from performance.public.corrections import cause_of_revision
from performance.public.outcomes import OutcomeView
from performance.rules import MeasureSpec

DAY = datetime.date(2017, 1, 26)
CAUSE = "the police updated their figures in their edition of 26 January 2017"
ROBBERY = OutcomeView(
    measure=MeasureSpec("robbery", "Total robbery", "offences", "lower", "change"),
    position=1,
    year=2009,
    result=None,
    previous=None,
    target=None,
    change=None,
    change_percent=None,
    status="missed",
    result_text="5 offences or +1.5%",
    revised=True,
    revision=f"Its 2009/10 figure was revised ({CAUSE})",
    first_published={"result_text": "6 offences or +1.8%", "status": "missed"},
    released_on=DAY,
    area=Area(name="Havering"),
)


def test_each_change_is_said_from_what_to_what_under_its_cause_said_once():
    burglary = dataclasses.replace(
        ROBBERY,
        measure=dataclasses.replace(ROBBERY.measure, name="Residential burglary"),
        result_text="1,214 offences or −2.0%",
        status="achieved",
        first_published={"result_text": "1,215 offences or −1.9%", "status": "missed"},
    )
    [group] = correction_groups([ROBBERY, burglary])
    assert (group.released_on, group.cause) == (DAY, CAUSE[:1].upper() + CAUSE[1:])
    assert [(c.name, c.change_text) for c in group.corrections] == [
        (
            "Havering: Total robbery, 2009/10",
            "Changed from 6 offences or +1.8% to 5 offences or +1.5%",
        ),
        (
            "Havering: Residential burglary, 2009/10",
            "Changed from 1,215 offences or −1.9% to 1,214 offences or −2.0%; now Target "
            "achieved (was Target missed)",
        ),
    ]


def test_a_revision_that_reads_the_same_as_first_published_is_not_listed():
    same = dataclasses.replace(ROBBERY, result_text="6 offences or +1.8%")
    assert correction_groups([same]) == []


def test_a_withdrawn_outcome_is_listed_as_withdrawn_with_what_it_was():
    gone = dataclasses.replace(ROBBERY, withdrawn=True, revision="Withdrawn: entered in error.")
    [group] = correction_groups([gone])
    assert group.cause == "Withdrawn: entered in error."
    assert group.corrections[0].change_text == "Withdrawn: it was 6 offences or +1.8%"


def test_the_cause_is_the_release_s_reason_unless_it_gave_several():
    assert cause_of_revision("Its 2009/10 figure was revised (late records)") == "late records"
    several = "Its 2009/10 figure was revised (a); the target was revised (b)"
    assert cause_of_revision(several) == several
    assert cause_of_revision("Burglary was revised") == "Burglary was revised"
