"""Demo data: real figures where a real source gives them, plainly labelled illustrative ones
where none does.

Real: the Havering leaflet's figures (data/havering-and-london-2008-2011.csv), released
as its printed edition on 2010-06-01; then the police's published recorded crime for all
32 boroughs (data/mps-borough-level-crime-2008-2016.csv), released as the edition of
2017-01-26, which revises some of the leaflet's counts. Made up, deterministically, and
labelled illustrative everywhere they show: the measures that source does not give (knife
and gun crime, serious youth violence, most serious violence, the survey measures) outside
the leaflet, and every target but the leaflet's. Every word is demo text.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from pathlib import Path

from django.db import transaction

from boroughs.models import LONDON_CODE, Area, EngagementGroup, UsefulContact

from .figures.loading import ImportReport, import_figures_file
from .models import (
    BoroughSummary,
    CrimeEdition,
    Figure,
    FinancialYear,
    LondonSummary,
    Measure,
    PublishedVia,
    Release,
    SeriesBreak,
)
from .models.recorded_crime import TOTAL_CRIME
from .publication.writing import publish
from .recorded_crime.deriving import measures_given
from .recorded_crime.importing import import_recorded_crime
from .rules import FigureKind

DATA = Path(__file__).parent / "data"
LEAFLET_FIGURES = DATA / "havering-and-london-2008-2011.csv"
LEAFLET_BOROUGH = "E09000016"  # Havering
RECORDED_CRIME = DATA / "mps-borough-level-crime-2008-2016.csv"
RECORDED_CRIME_EDITION = datetime.date(2017, 1, 26)
RECORDED_CRIME_RELEASE = datetime.datetime(2017, 1, 26, 9, 30, tzinfo=datetime.UTC)
# Typical yearly offences in a London borough around 2009: (low, high) for the first year,
# for the offence measures the police's recorded crime does not give (it gives the rest).
OFFENCE_RANGES = {
    "most-serious-violence": (250, 900),
    "serious-youth-violence": (90, 400),
    "knife-crime": (150, 700),
    "gun-crime": (15, 160),
}
# Targets as % change, per year, where the leaflet gives London's.
CHANGE_TARGETS = {
    2009: {
        "total-crime": "-2.5",
        "residential-burglary": "-2.5",
        "robbery": "-2.5",
        "theft-from-vehicles": "-2.5",
        "theft-of-vehicles": "-2.5",
        "most-serious-violence": "-4.0",
        "serious-youth-violence": "-4.7",
        "knife-crime": "-1.0",
        "gun-crime": "-4.2",
    },
    2010: {
        "serious-acquisitive-crime": "-2.3",
        "most-serious-violence": "-4.0",
        "serious-youth-violence": "-1.0",
        "gun-crime": "-1.6",
        "knife-crime": "-1.0",
    },
}
# Survey measures: (low, high) result, and the level to reach.
LEVEL_MEASURES = {
    "public-confidence": ((44, 64), {2009: "51.4", 2010: "53.0"}),
    "victim-satisfaction": ((70, 86), {2009: "76.0", 2010: "77.0"}),
    "sanction-detection-rate": ((14, 30), {2009: "20.0", 2010: "21.0"}),
}


def illustrative_rows(area: Area) -> list[list[str]]:
    """Made-up, deterministic figures for one borough: results to 2009/10 for the measures
    recorded crime does not give, and targets to 2010/11."""
    rows = []

    def add(slug, year, figure, value):
        rows.append([area.code, area.name, slug, f"{year}/{(year + 1) % 100:02d}", figure, value])

    for slug, (low, high) in OFFENCE_RANGES.items():
        rng = random.Random(f"{area.code}:{slug}")
        first = rng.randint(low, high)
        second = round(first * (1 + rng.uniform(-0.15, 0.12)))
        add(slug, 2008, "result", str(first))
        add(slug, 2009, "result", str(second))
    for year, targets in CHANGE_TARGETS.items():
        for slug, target in targets.items():
            add(slug, year, "target", target)
    for slug, ((low, high), targets) in LEVEL_MEASURES.items():
        rng = random.Random(f"{area.code}:{slug}")
        for year in (2008, 2009):
            add(slug, year, "result", f"{rng.uniform(low, high):.1f}")
        for year, target in targets.items():
            add(slug, year, "target", target)
    return rows


def demo_figures_csv(*, revised_results: frozenset[str] = frozenset()) -> bytes:
    """The leaflet's figures followed by illustrative figures for the other 31 boroughs.

    ``revised_results``: measures whose leaflet results the police's edition, once loaded,
    has revised. Those rows are left out, so loading again changes nothing.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    leaflet = csv.reader(io.StringIO(LEAFLET_FIGURES.read_text(encoding="utf-8")))
    for row in leaflet:
        _code, _name, slug, _year, kind, _value = row
        if kind == "result" and slug in revised_results:
            continue
        writer.writerow(row)
    for area in Area.objects.boroughs().exclude(code=LEAFLET_BOROUGH):
        writer.writerows(illustrative_rows(area))
    return out.getvalue().encode("utf-8")


def _demo_message(area: Area, year: FinancialYear) -> str:
    return (
        f"Demo text: this message stands in for the Borough Commander's own words about "
        f"{year.label} in {area.name}.\n\n"
        "A real message would say how crime changed in the borough, what the police and their "
        "partners did about it, and what they aim to do next year. Staff replace this text in "
        "the admin before a summary is published."
    )


ILLUSTRATIVE_NOTE = (
    "Total crime, burglary, robbery and vehicle crime in {area} are the police's published "
    "recorded crime (edition of 26 January 2017). Every other figure for {area}, and every "
    "target, is made up for this demonstration and marked illustrative: they are not real. "
    "The words on this page are demo text."
)
LEAFLET_NOTE = (
    "The figures for {area} for 2008/09 and 2009/10 are those of the printed Local Policing "
    "Summary for {area} (2010). The words on this page are demo text."
)
REVISED_LEAFLET_NOTE = (
    "Total crime, burglary, robbery and vehicle crime in {area} are the police's published "
    "recorded crime (edition of 26 January 2017), which revised some counts the printed Local "
    "Policing Summary (2010) first published; knife and gun crime, serious youth violence and "
    "the 2009/10 and 2010/11 targets are the leaflet's. The words on this page are demo text."
)


@transaction.atomic
def load_demo() -> ImportReport:
    """Load every kind of demo content; running it again changes nothing."""
    edition_loaded = CrimeEdition.objects.filter(published_on=RECORDED_CRIME_EDITION).exists()
    given = measures_given()
    report = import_figures_file(
        demo_figures_csv(revised_results=given if edition_loaded else frozenset())
    )
    if not report.ok:
        problems = "; ".join(map(str, report.problems))
        raise RuntimeError(f"The demo figures did not import: {problems}")
    # Every figure of that file but the leaflet's (Havering's and London's) is made up: say
    # so everywhere. Recorded crime results, imported below, are real wherever they are.
    Figure.objects.exclude(area__code__in=[LEAFLET_BOROUGH, LONDON_CODE]).exclude(
        kind=FigureKind.RESULT, measure__slug__in=given
    ).update(illustrative=True)
    leaflet_years = FinancialYear.objects.filter(start_year__in=[2008, 2009, 2010])
    first_load = not Release.objects.exists()
    if first_load:
        _write_words(leaflet_years, LEAFLET_NOTE)
        # The leaflet's figures as its printed edition published them: readable as
        # /boroughs/havering/2009-10/as-published/2010-06-01/ whatever later editions revise.
        for area in Area.objects.filter(code__in=[LEAFLET_BOROUGH, LONDON_CODE]):
            for year in leaflet_years:
                publish(
                    year=year,
                    area=area,
                    release_at=LEAFLET_EDITION,
                    via=PublishedVia.COMMAND,
                    reason="The printed Local Policing Summary, 2010",
                )
    if not edition_loaded:
        crime = import_recorded_crime(
            RECORDED_CRIME.read_bytes(),
            edition_of=RECORDED_CRIME_EDITION,
            file_name=RECORDED_CRIME.name,
        )
        if not crime.ok:
            problems = "; ".join(map(str, crime.problems))
            raise RuntimeError(f"The demo's recorded crime did not import: {problems}")
    _write_words(FinancialYear.objects.all(), REVISED_LEAFLET_NOTE)
    _write_contacts()
    _write_series_break()
    # The police's edition, and everything else as signed-off figures would be; on a
    # second run there is nothing new to publish.
    publish(
        release_at=RECORDED_CRIME_RELEASE if first_load else None,
        via=PublishedVia.COMMAND,
        reason="The police's recorded crime, edition of 26 January 2017; demo figures",
    )
    return report


def _write_series_break() -> None:
    """The break the police's own counts show (shared/data/README.md): fraud and forgery
    fall from 2,583 in January 2013 to 380 in February, London-wide, as Action Fraud took
    over recording it. Fraud counts towards no measure but total crime."""
    SeriesBreak.objects.get_or_create(
        measure=Measure.objects.get(slug=TOTAL_CRIME),
        from_month=datetime.date(2013, 2, 1),
        defaults={"note": "Fraud and forgery recorded by Action Fraud, no longer in these counts"},
    )


def _write_words(years, leaflet_note: str) -> None:
    """Demo words for every borough and London-wide, for the years given."""
    for area in Area.objects.boroughs():
        note = leaflet_note if area.code == LEAFLET_BOROUGH else ILLUSTRATIVE_NOTE
        for year in years:
            BoroughSummary.objects.update_or_create(
                area=area,
                year=year,
                defaults={
                    "commander_name": "Chief Superintendent A. Example (demo)",
                    "commander_message": _demo_message(area, year),
                    "initiatives": (
                        f"Demo text: an example local initiative in {area.name}. Officers and "
                        "partners visit one street a week to ask residents what worries them, "
                        "and report back on what was done.\n\n"
                        "Demo text: a second example, a scheme with local businesses to keep "
                        "town centres safe in the evenings."
                    ),
                    "priorities_text": (
                        "Demo text: improve how quickly victims are told about their case"
                        if year.start_year == 2009
                        else ""
                    ),
                    "figures_note": note.format(area=area.name),
                },
            )
    for year in years:
        LondonSummary.objects.update_or_create(year=year, defaults=london_summary(year))


def _write_contacts() -> None:
    for area in Area.objects.boroughs():
        EngagementGroup.objects.update_or_create(
            area=area,
            name=f"{area.name} Community Police Engagement Group",
            defaults={
                "description": (
                    "Demo text: the group brings residents, businesses and the police together "
                    f"to talk about policing priorities in {area.name}."
                ),
                "how_to_join": "Demo text: anyone who lives or works in the borough can join. "
                "Meetings are open to the public.",
                "email": f"cpeg@{area.slug}.example.org",
                "telephone": "020 7946 0000",
                "website": f"https://{area.slug}.example.org/cpeg",
            },
        )
        UsefulContact.objects.update_or_create(
            area=area,
            name=f"{area.name} police stations (demo)",
            defaults={
                "telephone": "020 7946 0001",
                "website": f"https://{area.slug}.example.org/police",
                "position": 10,
            },
        )
    for position, (name, telephone, minicom, website) in enumerate(PAN_LONDON_CONTACTS, 1):
        UsefulContact.objects.update_or_create(
            area=None,
            name=name,
            defaults={
                "telephone": telephone,
                "minicom": minicom,
                "website": website,
                "position": 100 + position,
            },
        )


# The day the printed leaflet's figures were published: its edition stays readable as
# /boroughs/havering/2009-10/as-published/2010-06-01/ whatever later releases revise.
LEAFLET_EDITION = datetime.datetime(2010, 6, 1, 9, 0, tzinfo=datetime.UTC)


# Telephone numbers in the 020 7946 0xxx range are reserved for drama and fiction.
PAN_LONDON_CONTACTS = [
    ("Police authority (demo)", "020 7946 0010", "020 7946 0011", "https://authority.example.org"),
    ("Victim support line (demo)", "020 7946 0020", "", "https://victims.example.org"),
    ("Report crime anonymously (demo)", "020 7946 0030", "", "https://anonymous.example.org"),
    ("Drugs advice line (demo)", "020 7946 0040", "", "https://drugs-advice.example.org"),
    ("Domestic abuse helpline (demo)", "020 7946 0050", "", "https://domestic-abuse.example.org"),
]


def london_summary(year: FinancialYear) -> dict:
    return {
        "chair_message": (
            f"Demo text: this message stands in for the chair's own words about {year.label}.\n\n"
            "A real message would say how crime in London changed, where the police did well "
            "and where they fell short, and what the authority will ask of them next year."
        ),
        "chair_name": "A. Example (demo)",
        "chair_role": "Chair of the police authority (demo)",
        "mission_title": "Our strategic mission (demo)",
        "mission_text": (
            "Demo text: the authority's mission sets out how it wants the police to develop and "
            "perform over three years, built on what communities have told it."
        ),
        "mission_outcomes": "\n".join(
            [
                "know how their local police are doing (demo)",
                "trust the police to act on what matters to them (demo)",
                "see public money spent well (demo)",
            ]
        ),
        "plan_title": f"Business plan from {year.label} (demo)",
        "strategic_priorities": "\n".join(
            [
                "listen to communities and act on what they say (demo)",
                "reduce violence (demo)",
                "reduce crime and bring offenders to justice (demo)",
                "keep streets and public transport safe (demo)",
            ]
        ),
        "figures_note": (
            "The London-wide figures for 2008/09 and 2009/10 are those of the printed leaflet; "
            "the words on this page are demo text."
        ),
    }


def demo_is_loaded() -> bool:
    return BoroughSummary.objects.exists()
