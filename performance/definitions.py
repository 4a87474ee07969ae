"""What each catalogue measure means, where it comes from, how it is counted and what to bear
in mind: shown on /data/, linked from every table that shows the measure, and carried in the
data package and the API.

These are reference text kept with the code (they change with a reviewed deploy, not with a
staff edit), keyed by the catalogue's stable slugs; a measure staff add later has none until
one is written here, and the pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

RECORDED_CRIME = "Metropolitan Police recorded crime"
CRIME_COUNTING = (
    "Offences recorded by the police in the financial year (1 April to 31 March) under the "
    "Home Office Counting Rules for recorded crime."
)
CRIME_CAVEATS = (
    "Only crimes reported to and recorded by the police are counted, so a change can reflect "
    "reporting and recording as well as crime. Counting rules change from time to time; a "
    "change that spans one is marked as a series break. Small counts vary a lot from year to "
    "year by chance: the page says when a change is within that ordinary variation."
)
SURVEY_CAVEATS = (
    "An estimate from a sample of people, not a count of everyone: where the number of people "
    "asked is published, the page shows a 95% confidence interval and judges the target by it. "
    "Where it is not published, the figure is shown without one and is judged as a plain "
    "number."
)


@dataclass(frozen=True)
class Definition:
    definition: str
    source: str
    counting: str
    caveats: str


ATTITUDE_SURVEY = (
    "The Mayor's Office for Policing and Crime's Public Attitude Survey, by borough and quarter "
    "(some 12,800 Londoners a year), published under the Open Government Licence."
)


def _attitude(definition: str) -> Definition:
    return Definition(
        definition,
        ATTITUDE_SURVEY,
        "Those agreeing as a share of those answering in the quarter, weighted as MOPAC "
        "weights the survey, as a percentage to one decimal place.",
        "MOPAC publishes no sample size by borough and quarter (a few hundred people each), "
        "so no margin of error is given; a change of a few points may be chance.",
    )


def _crime(definition: str, caveats: str = "") -> Definition:
    return Definition(
        definition, RECORDED_CRIME, CRIME_COUNTING, " ".join(filter(None, [caveats, CRIME_CAVEATS]))
    )


DEFINITIONS: dict[str, Definition] = {
    "total-crime": _crime("Every notifiable offence recorded by the police."),
    "serious-acquisitive-crime": _crime(
        "Residential burglary, robbery, theft from vehicles and theft or taking of vehicles "
        "together.",
        "Where no figure is entered it is the sum of its four parts.",
    ),
    "residential-burglary": _crime("Burglary of people's homes (burglary in a dwelling)."),
    "robbery": _crime("Robbery of personal property and of business property."),
    "theft-from-vehicles": _crime("Theft of items from motor vehicles."),
    "theft-of-vehicles": _crime("Theft or unauthorised taking of motor vehicles."),
    "most-serious-violence": _crime(
        "The most serious offences of violence against the person, such as grievous bodily harm."
    ),
    "serious-youth-violence": _crime(
        "Serious violence, robbery and weapon offences where the victim is aged 1 to 19."
    ),
    "knife-crime": _crime("Offences in which a knife or sharp instrument was used or shown."),
    "gun-crime": _crime("Offences in which a firearm was used or shown."),
    "sanction-detection-rate": Definition(
        "The share of recorded crimes for which someone was charged, summonsed, cautioned, or "
        "had an offence taken into consideration or a penalty notice issued.",
        RECORDED_CRIME,
        "Sanction detections in the year as a percentage of crimes recorded in the year.",
        "A detection in one year may be of a crime recorded in an earlier one. " + CRIME_CAVEATS,
    ),
    "public-confidence": Definition(
        "The percentage of people surveyed who agree that the police and local council are "
        "dealing with the crime and anti-social behaviour issues that matter in their area.",
        "A survey of residents (the authority's published figures do not always name it or "
        "give its sample size).",
        "Those agreeing as a percentage of those answering, weighted as the survey does.",
        SURVEY_CAVEATS,
    ),
    "good-job": _attitude(
        "The percentage of residents surveyed who agree the police do a good job in the local "
        'area (MOPAC\'s measure "Good job").'
    ),
    "fair-treatment": _attitude(
        "The percentage of residents surveyed who agree the police treat everyone fairly "
        '(MOPAC\'s measure "Fair treatment").'
    ),
    "trust": _attitude(
        "The percentage of residents surveyed who trust the Metropolitan Police (MOPAC's "
        'measure "Trust MPS").'
    ),
    "victim-satisfaction": Definition(
        "The percentage of victims surveyed who were satisfied with the overall service they "
        "received from the police.",
        "The police's survey of victims of crime (user satisfaction survey).",
        "Satisfied victims as a percentage of victims answering.",
        SURVEY_CAVEATS,
    ),
    "victim-satisfaction-white": Definition(
        "Victim satisfaction among victims who described themselves as White.",
        "The police's survey of victims of crime (user satisfaction survey).",
        "Satisfied White victims as a percentage of White victims answering.",
        SURVEY_CAVEATS,
    ),
    "victim-satisfaction-bme": Definition(
        "Victim satisfaction among Black and minority ethnic (BME) victims.",
        "The police's survey of victims of crime (user satisfaction survey).",
        "Satisfied BME victims as a percentage of BME victims answering.",
        SURVEY_CAVEATS,
    ),
    "victim-satisfaction-gap": Definition(
        "White victims' satisfaction minus BME victims' satisfaction, in percentage points: "
        "how much less satisfied BME victims were.",
        "The police's survey of victims of crime (user satisfaction survey).",
        "Where no gap is entered, it is worked out from the two groups' satisfaction; its "
        "confidence interval is then Newcombe's, from the two groups' sample sizes.",
        SURVEY_CAVEATS
        + " A gap is the difference of two estimates, each uncertain, so its margin of error is "
        "wider than either's.",
    ),
}

NOT_WRITTEN = Definition(
    "No definition has been published for this measure yet.", "Not stated.", "Not stated.", ""
)


def definition_of(slug: str) -> Definition:
    return DEFINITIONS.get(slug, NOT_WRITTEN)
