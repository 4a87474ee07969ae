"""Finding a borough from what a visitor types: its name, a place in it, or a postcode.

The places are ``boroughs/data/london-places.csv`` (555 places in London, each with its
borough and main postcode district; a copy of the project's shared data). The rules are
pure functions of the text and the borough names, so they are tested without a database.

Where the list cannot decide, it says so: a place or a district in more than one borough
offers each candidate; a postcode whose district it does not know is never called a
spelling mistake.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

PLACES_CSV = Path(__file__).resolve().parent / "data" / "london-places.csv"
CITY_OF_LONDON = "City of London"
# Typed names this close to a borough's or a place's (difflib's ratio) count as a typo
# of it: "havring" is 0.93 from "havering"; "barnes" is 0.67 from "barnet".
TYPO_CUTOFF = 0.8

# Guesses scoring within this of the best guess are offered beside it.
CLOSEST_MARGIN = 0.05

# A full postcode ("RM1 3AB", "rm13ab") or its outward part, the district ("RM1", "EC1A").
FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class Place:
    name: str
    borough: str
    district: str


@functools.cache
def london_places() -> tuple[Place, ...]:
    with PLACES_CSV.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Place(row["place"], row["borough"], row["postcode_district"])
            for row in csv.DictReader(handle)
        )


class Found(StrEnum):
    EVERYTHING = "everything"  # nothing typed: every borough
    MATCHES = "matches"  # one or more boroughs (each with why it matched)
    CITY_OF_LONDON = "city"  # only the City of London, which has its own police force
    UNKNOWN_POSTCODE = "unknown-postcode"  # a postcode whose district the list lacks
    NOTHING = "nothing"  # no borough, place or postcode like it


@dataclass(frozen=True)
class Candidate:
    borough: str
    reason: str  # "" when the borough's own name matched


@dataclass(frozen=True)
class Search:
    text: str
    found: Found
    candidates: tuple[Candidate, ...] = ()
    postcode: str = ""  # as the visitor typed it, in capitals with its space
    district: str = ""  # the postcode's district (its first part: RM1 of RM1 3AB)
    # Part of what was typed is in the City of London (a district such as EC3 that the
    # City shares with a borough): said beside the candidates.
    partly_city: bool = False
    close_spelling: bool = False  # matched only as a likely typo

    @property
    def read_as(self) -> str:
        """How a search that found one borough was read, to be said on the borough's page:
        "Romford is in Havering", 'Showing Havering for "Romferd": Romford is in Havering';
        "" when the borough's own name was typed."""
        if len(self.candidates) != 1:
            return ""
        borough, reason = self.candidates[0].borough, self.candidates[0].reason
        if self.postcode:  # a district wholly in one borough: so is each postcode in it
            return f"{self.postcode} is in {borough}"
        if self.close_spelling or (not reason and _folded(self.text) != _folded(borough)):
            showing = f'Showing {borough} for "{self.text}"'
            return f"{showing}: {reason}" if reason else showing
        return reason


def _folded(text: str) -> str:
    """Lower case, with hyphens, dots and apostrophes dropped: "St. John's" = "st johns"."""
    text = text.casefold().replace("-", " ").replace(".", "").replace("'", "").replace("’", "")
    return " ".join(text.split())


def _postcode(text: str) -> tuple[str, str] | None:
    """(district, postcode as written) if ``text`` is a postcode or a postcode district."""
    compact = text.upper().replace(" ", "")
    full = FULL_POSTCODE.match(compact)
    if full:
        return full.group(1), f"{full.group(1)} {full.group(2)}"
    if DISTRICT.match(compact):
        return compact, compact
    return None


def postcode_district(text: str) -> str | None:
    """The district (first part) of a full postcode or of a district alone: "rm1 3ab" and
    "RM1" are both RM1; None if ``text`` is neither."""
    found = _postcode(text.strip())
    return found[0] if found else None


def _boroughs_of_district(district: str) -> list[str]:
    """Boroughs the list puts the district in. The list keeps central districts without
    their final letter (EC1, not EC1A; SW1, not SW1A), so that is tried second."""
    for code in (district, district[:-1] if district[-1].isalpha() else None):
        boroughs = sorted({place.borough for place in london_places() if place.district == code})
        if code and boroughs:
            return boroughs
    return []


def _by_postcode(text: str, district: str, postcode: str) -> Search:
    boroughs = _boroughs_of_district(district)
    if not boroughs:
        return Search(text, Found.UNKNOWN_POSTCODE, postcode=postcode, district=district)
    others = [name for name in boroughs if name != CITY_OF_LONDON]
    if not others:
        return Search(text, Found.CITY_OF_LONDON, postcode=postcode, district=district)
    part_of = "part of " if len(boroughs) > 1 else ""
    candidates = tuple(Candidate(name, f"{part_of}{district} is in {name}") for name in others)
    return Search(
        text,
        Found.MATCHES,
        candidates,
        postcode=postcode,
        district=district,
        partly_city=len(others) < len(boroughs),
    )


def _closest(folded: str, known: list[str]) -> list[str]:
    """The known names ``folded`` is most likely a typo of: those within TYPO_CUTOFF,
    keeping only the best-scoring ("havring" is Havering at 0.93, not Haringey at 0.80)."""
    scored = []
    for name in known:
        matcher = difflib.SequenceMatcher(None, folded, name)
        if matcher.real_quick_ratio() >= TYPO_CUTOFF and matcher.ratio() >= TYPO_CUTOFF:
            scored.append((matcher.ratio(), name))
    best = max((score for score, _ in scored), default=0)
    return sorted(name for score, name in scored if score >= best - CLOSEST_MARGIN)


def _by_name(text: str, borough_names: list[str]) -> Search:
    folded = _folded(text)
    by_folded_name = {_folded(name): name for name in borough_names}
    if folded in by_folded_name:  # "Bromley" is the borough, not the place in Tower Hamlets
        return Search(text, Found.MATCHES, (Candidate(by_folded_name[folded], ""),))
    if folded in {"city", "the city", _folded(CITY_OF_LONDON)}:
        return Search(text, Found.CITY_OF_LONDON)

    candidates: dict[str, Candidate] = {}
    for key, name in by_folded_name.items():
        if folded in key:
            candidates[name] = Candidate(name, "")
    places = [place for place in london_places() if _folded(place.name) == folded]
    close = False
    if not candidates and not places:
        close = True
        place_names = {_folded(place.name) for place in london_places()}
        for guess in _closest(folded, [*by_folded_name, *place_names]):
            if guess in by_folded_name:
                candidates.setdefault(by_folded_name[guess], Candidate(by_folded_name[guess], ""))
            places += [place for place in london_places() if _folded(place.name) == guess]
    city = False
    for place in places:
        if place.borough == CITY_OF_LONDON:
            city = True
        elif place.borough in borough_names:
            candidates.setdefault(
                place.borough, Candidate(place.borough, f"{place.name} is in {place.borough}")
            )
    if not candidates:
        return Search(text, Found.CITY_OF_LONDON if city else Found.NOTHING)
    return Search(
        text, Found.MATCHES, tuple(candidates.values()), partly_city=city, close_spelling=close
    )


def find(text: str, borough_names: list[str]) -> Search:
    """What ``text`` names among ``borough_names`` (the 32 boroughs), and why."""
    text = " ".join(text.split())
    if not text:
        return Search(text, Found.EVERYTHING)
    postcode = _postcode(text)
    if postcode and _folded(text) not in {_folded(name) for name in borough_names}:
        return _by_postcode(text, *postcode)
    return _by_name(text, borough_names)


@dataclass(frozen=True)
class WardName:
    code: str
    name: str
    borough: str


def wards_named(text: str, wards: list[WardName]) -> list[WardName]:
    """The wards whose name is what was typed (folded as place names are), by borough.
    Ward names repeat across boroughs ("Abbey" is in three), so there may be several."""
    folded = _folded(text)
    return sorted(
        (ward for ward in wards if _folded(ward.name) == folded), key=lambda ward: ward.borough
    )


def names_a_borough(text: str, borough_names: list[str]) -> bool:
    return _folded(text) in {_folded(name) for name in borough_names}
