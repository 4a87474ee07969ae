"""Quarters of the police year (April to June is Q1), as MOPAC's file and the API write them."""

from __future__ import annotations

import datetime
import re

# Q3_1415: the third quarter (October to December) of 2014/15.
QUARTER = re.compile(r"^Q([1-4])_(\d{2})(\d{2})$")


def quarter_start(label: str) -> datetime.date | None:
    """Q3_1415 → 1 October 2014; None if it is no quarter."""
    found = QUARTER.match(label)
    if not found or (int(found[2]) + 1) % 100 != int(found[3]):
        return None
    number, start = int(found[1]), 2000 + int(found[2])
    month = (3 * number + 1) if number < 4 else 1
    return datetime.date(start + (number == 4), month, 1)


def quarter_label(first_day: datetime.date) -> str:
    """1 October 2014 → "2014-15-Q3", as the API writes quarters."""
    number = ((first_day.month - 4) % 12) // 3 + 1
    start = first_day.year if first_day.month >= 4 else first_day.year - 1
    return f"{start}-{(start + 1) % 100:02d}-Q{number}"


def quarter_words(first_day: datetime.date) -> str:
    """1 January 2026 → "January to March 2026"."""
    last = datetime.date(first_day.year, first_day.month + 2, 1)
    return f"{first_day:%B} to {last:%B %Y}"
