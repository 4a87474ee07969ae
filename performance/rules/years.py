"""Financial years: how they are written and read."""

from __future__ import annotations

import re

YEAR_PATTERN = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2})\s*$")
FIRST_YEAR, LAST_YEAR = 1990, 2099


def parse_financial_year(text: str) -> int:
    """Return the starting calendar year of a financial year written ``2009/10`` or ``2009-10``.

    Raises ValueError with a message a member of staff can act on.
    """
    match = YEAR_PATTERN.match(str(text or ""))
    if not match:
        raise ValueError(f"Year '{text}' is not a financial year written like 2009/10.")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(
            f"Year '{text}' is not a financial year: the one starting in {start} is "
            f"{year_label(start)}."
        )
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(f"Year '{text}' is outside {FIRST_YEAR}/91 to {LAST_YEAR}/00.")
    return start


def year_label(start: int) -> str:
    """``2009`` → ``2009/10``, as written in text and files."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_slug(start: int) -> str:
    """``2009`` → ``2009-10``, as written in URLs."""
    return f"{start}-{(start + 1) % 100:02d}"
