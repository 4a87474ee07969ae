"""Demo data: the real record, to the latest month the police have published.

Real: the Havering leaflet's figures (data/havering-and-london-2008-2011.csv), released
as its printed edition on 1 June 2010 (their levels are imputed from the leaflet's
changes, Havering's 2009/10 targets assumed); then every edition of the police's recorded
crime in data/, in the order the police published them, each released on its day (the
copies do not record the day: the first of the month after each file's last month
stands for it, and is labelled approximate). No figure is made up: a measure no file
gives (knife and gun crime outside the leaflet, the survey measures) is absent, and no
target is set after 2010/11. Every word is demo text.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from boroughs.models import LONDON_CODE, Area, EngagementGroup, UsefulContact

from .figures.loading import ImportReport, import_figures_file
from .models import (
    BoroughSummary,
    Figure,
    FinancialYear,
    LondonSummary,
    Measure,
    PopulationEstimate,
    PublishedVia,
    Release,
    SeriesBreak,
)
from .models.recorded_crime import TOTAL_CRIME
from .publication.writing import publish
from .recorded_crime.importing import import_recorded_crime
from .rules import Basis, FigureKind

DATA = Path(__file__).parent / "data"
LEAFLET_FIGURES = DATA / "havering-and-london-2008-2011.csv"
# ONS Census 2021, usual residents by borough (TS007A's "Age: Total"), published by ONS on
# 28 June 2022: released with the first edition after that day, never before it.
CENSUS_2021 = DATA / "ons-census-2021-population-by-age-london-boroughs.csv"
CENSUS_2021_PUBLISHED = datetime.datetime(2022, 6, 28, tzinfo=datetime.UTC)
CENSUS_2021_SOURCE = "ONS Census 2021 (table TS007A), usual residents"
LEAFLET_BOROUGH = "E09000016"  # Havering


@dataclass(frozen=True)
class DemoEdition:
    file_name: str
    # The first day of the month after the file's last month: the day is not recorded.
    published_on: datetime.date

    @property
    def path(self) -> Path:
        return DATA / self.file_name

    @property
    def release_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.published_on, datetime.time(9, 30), tzinfo=datetime.UTC
        )

    @property
    def reason(self) -> str:
        return f"The police's recorded crime, edition of about {self.published_on:%-d %B %Y}"


# Every edition in data/, in the order the police published them.
EDITIONS = [
    DemoEdition("mps-borough-level-crime-2008-2016.csv", datetime.date(2017, 1, 1)),
    DemoEdition(
        "mps-borough-level-crime-historical-2010-04-to-2023-09.csv", datetime.date(2023, 10, 1)
    ),
    DemoEdition(
        "mps-borough-level-crime-24-months-2023-03-to-2025-02.csv", datetime.date(2025, 3, 1)
    ),
    DemoEdition(
        "mps-borough-level-crime-24-months-2024-01-to-2025-12.csv", datetime.date(2026, 1, 1)
    ),
    DemoEdition("mps-ward-level-crime-24-months-2024-03-to-2026-03.csv", datetime.date(2026, 4, 1)),
]


ATTITUDE_SURVEY = DATA / "mopac-public-attitude-survey-borough-quarterly-2014-2026.csv"
ATTITUDES_RELEASED = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=datetime.UTC)


def _demo_message(area: Area, year: FinancialYear) -> str:
    return (
        f"Demo text: this message stands in for the Borough Commander's own words about "
        f"{year.label} in {area.name}.\n\n"
        "A real message would say how crime changed in the borough, what the police and their "
        "partners did about it, and what they aim to do next year. Staff replace this text in "
        "the admin before a summary is published."
    )


RECORDED_NOTE = (
    "Total crime, burglary, robbery and vehicle crime in {area} are the police's published "
    "recorded crime, each month from the latest edition that gives it. No targets were set "
    "for {area} in this demo, and measures no published file gives are left out. The words "
    "on this page are demo text."
)
LEAFLET_NOTE = (
    "The 2008/09 and 2009/10 figures for {area} were first published as levels implied by "
    "the printed leaflet's changes (imputed), with assumed targets; the police's recorded "
    "crime has since revised the crime counts. The words on this page are demo text."
)


@transaction.atomic
def load_demo(editions=EDITIONS, *, attitudes: bool = True) -> ImportReport:
    """Load every kind of demo content; on a database that has published anything already,
    nothing changes (the leaflet's figures, loaded again, would undo the police's
    revisions of them). ``editions`` and ``attitudes`` load less of the record, as
    ``make bench-data-size`` does before loading the rest (``load_edition``)."""
    if Release.objects.exists():
        return ImportReport()
    report = import_figures_file(LEAFLET_FIGURES.read_bytes())
    if not report.ok:
        problems = "; ".join(map(str, report.problems))
        raise RuntimeError(f"The demo figures did not import: {problems}")
    label_leaflet_figures()
    leaflet_years = FinancialYear.objects.filter(start_year__in=[2008, 2009, 2010])
    _write_words(leaflet_years)
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
    _write_contacts()
    for edition in editions:
        import_edition(edition)
        publish_edition(edition)
    if attitudes:
        load_attitudes()
    return report


def import_edition(edition: DemoEdition) -> None:
    """An edition of the police's recorded crime as drafts, with the words and populations
    the years it brings need."""
    crime = import_recorded_crime(
        edition.path.read_bytes(),
        edition_of=edition.published_on,
        approximate=True,
        file_name=edition.file_name,
    )
    if not crime.ok:
        problems = "; ".join(map(str, crime.problems))
        raise RuntimeError(f"The demo's recorded crime did not import: {problems}")
    _write_series_breaks(edition.published_on)
    # Words for the years this edition brings; those already written stay as they are.
    _write_words(FinancialYear.objects.exclude(pk__in=BoroughSummary.objects.values("year")))
    if edition.release_at >= CENSUS_2021_PUBLISHED and not PopulationEstimate.objects.exists():
        write_census_2021_populations()


def publish_edition(edition: DemoEdition, release_at=None) -> None:
    """Everything the edition drafted, released on its day (or ``release_at``)."""
    publish(
        release_at=release_at or edition.release_at, via=PublishedVia.COMMAND, reason=edition.reason
    )


def load_attitudes(release_at=None) -> None:
    """MOPAC's Public Attitude Survey to January–March 2026, released as its own edition on
    its approximate day, after the ward edition of the same day."""
    from .attitudes.importing import import_attitudes

    done = import_attitudes(
        ATTITUDE_SURVEY.read_bytes(),
        file_name=ATTITUDE_SURVEY.name,
        publish_reason="MOPAC's Public Attitude Survey, edition of about 1 April 2026",
        release_at=release_at or ATTITUDES_RELEASED,
    )
    if not done.report.ok:
        raise RuntimeError(f"The demo's attitude survey did not import: {done.report.problems}")


def write_census_2021_populations() -> None:
    """Each borough's Census 2021 population, as staff would enter it (the City of London,
    in the file, is not one of the boroughs covered)."""
    boroughs = {a.code: a for a in Area.objects.boroughs()}
    with CENSUS_2021.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geography code"] in boroughs]
    PopulationEstimate.objects.bulk_create(
        PopulationEstimate(
            area=boroughs[row["geography code"]],
            year=int(row["date"]),
            population=int(row["Age: Total"]),
            source=CENSUS_2021_SOURCE,
        )
        for row in rows
    )


def label_leaflet_figures() -> None:
    """How the leaflet's figures are known (data/README.md): it prints changes, not levels,
    so its levels are imputed, except the two survey levels it prints; it says only
    whether Havering met its 2009/10 targets, so those are assumed; its 2010/11 priorities
    and London's targets it names are recorded."""
    leaflet = Figure.objects.filter(year__start_year__in=[2008, 2009])
    leaflet.filter(kind=FigureKind.RESULT).exclude(
        area__code=LONDON_CODE, measure__slug__in=PRINTED_LEVELS
    ).update(basis=Basis.IMPUTED)
    leaflet.filter(kind=FigureKind.TARGET, area__code=LEAFLET_BOROUGH).update(basis=Basis.ASSUMED)


# The levels the leaflet prints for London: public confidence 53.1%, and the satisfaction
# gap 4.9 points.
PRINTED_LEVELS = ["public-confidence", "victim-satisfaction-gap"]


# The breaks the police's own counts show (docs/figures.md, "Series breaks"), each written
# before the first edition that gives months after it.
SERIES_BREAKS = [
    # Fraud and forgery fall from 2,467 in January 2013 to 293 in February, London-wide,
    # as Action Fraud took over recording it; it counts towards total crime only.
    (
        TOTAL_CRIME,
        datetime.date(2013, 2, 1),
        "Fraud and forgery recorded by Action Fraud, no longer in these counts",
    ),
    # Re-classified in 2024: the police count burglary of a home and of unconnected
    # buildings (sheds, garages) as residential burglary; an edition of 2026 re-labels
    # January 2024 on. Where two editions give the same month, the sums agree.
    (
        "residential-burglary",
        datetime.date(2024, 1, 1),
        "Residential burglary re-classified: burglary of a home and of sheds and garages on "
        "its land",
    ),
]


def _write_series_breaks(edition_of: datetime.date) -> None:
    for slug, from_month, note in SERIES_BREAKS:
        if from_month < edition_of:
            SeriesBreak.objects.get_or_create(
                measure=Measure.objects.get(slug=slug),
                from_month=from_month,
                defaults={"note": note},
            )


def _write_words(years) -> None:
    """Demo words for every borough and London-wide, for the years given."""
    for area in Area.objects.boroughs():
        note = LEAFLET_NOTE if area.code == LEAFLET_BOROUGH else RECORDED_NOTE
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
                    "figures_note": note.format(area=area.name)
                    if area.code != LEAFLET_BOROUGH or year.start_year <= 2010
                    else RECORDED_NOTE.format(area=area.name),
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
            "The 2008/09 and 2009/10 London-wide levels were first published as implied by "
            "the printed leaflet's changes (imputed). The words on this page are demo text."
        ),
    }


def demo_is_loaded() -> bool:
    return BoroughSummary.objects.exists()
