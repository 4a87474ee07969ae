"""How the figures are made, how good they are, and when and why they change: said once,
shown on /data/ ("Methods, quality and revisions") and carried in the data package."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    slug: str
    title: str
    text: str


METHODS = [
    Method(
        "sources",
        "Where each figure comes from",
        "Recorded crime is the Metropolitan Police's monthly counts of notifiable offences by "
        "borough and by ward, as they publish them on the London Datastore (Open Government "
        "Licence). What people think is the Mayor's Office for Policing and Crime's Public "
        "Attitude Survey, the share of residents agreeing each quarter, by borough. Rates use "
        "the Office for National Statistics' Census 2021 usual residents. The 2008/09 to "
        "2010/11 targets and survey figures are those of the printed Local Policing Summary "
        "of 2010. Words, priorities and contacts are the authority's own.",
    ),
    Method(
        "years",
        "How a year, a year to date and a rate are made",
        "A financial year runs from April to March. A year's count is the sum of its twelve "
        "months, each month from the latest edition that gives it; with fewer months it is a "
        "year to date, compared with the same months a year earlier and never judged as a "
        "year's result. A month an edition's own check finds incomplete (under half the "
        "median month) counts for nothing. A rate is the count divided by the residents, "
        "times 1,000, to one decimal place, using the population nearest the year, and says "
        "so when that is more than three years away. London-wide counts are the sum of the "
        "32 boroughs; units in no borough (Heathrow and London City airports, Unknown) are "
        "in none.",
    ),
    Method(
        "bases",
        "How each figure is known",
        "Every figure says how it is known. Recorded: as the source published it. Imputed: "
        "worked back from a published change (the 2010 leaflet printed changes, not levels). "
        "Assumed: nobody published it, and it was chosen to match a published status (the "
        "leaflet's Havering targets). Illustrative: made up to show how a page works, never "
        "a real figure, and labelled wherever it appears.",
    ),
    Method(
        "revisions",
        "Editions, revisions and corrections",
        "The police replace their files every month, and each new edition may revise months "
        "an earlier one gave: a later edition supersedes an earlier one only for the months "
        "it gives. A figure revised this way says which edition revised it and what it was. "
        "Staff correcting a published figure must give a reason, which is shown beside it and "
        "on the corrections page. Every page can be read as it was published on any day "
        "since, so nothing published is lost. Revisions reach the public only in a release.",
    ),
    Method(
        "breaks",
        "Breaks in a series",
        "Where the police changed what a category counts (fraud moved to Action Fraud; "
        "residential burglary re-classified), the change is recorded as a break from its "
        "month, and every figure, change and chart spanning it says it may not be comparable.",
    ),
    Method(
        "releases",
        "When figures are released",
        "Figures are published in releases. A scheduled release is announced on the release "
        "calendar with its date, time and scope before it happens, and nothing in it is "
        "public before its time; each past release lists what it changed and why. Staff "
        "see drafts only in the back office until then.",
    ),
    Method(
        "uncertainty",
        "What the uncertainty statements mean",
        "A survey share is an estimate from some people, not a count of everyone. Where the "
        "number asked is published, the page gives a 95% interval and judges a target only "
        "when the whole interval is on one side of it. MOPAC publishes the attitude survey "
        "without sample sizes, so no interval is made up for it. Intervals are approximate: "
        "they treat a weighted survey as a simple random sample. A change in a count of "
        "crime within 1.96 × √(φ × (a + b)), φ the measure's dispersion, is ordinary "
        "variation, and the page says so beside it.",
    ),
]


def methods_for_package() -> list[dict]:
    return [{"name": m.slug, "title": m.title, "description": m.text} for m in METHODS]
