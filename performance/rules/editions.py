"""Editions of a monthly series, combined month by month (docs/figures.md, "Editions").

Each edition gives whole months. For each month, the latest edition that gives it
supplies the count; a month no later edition gives keeps the earlier edition's count. A
count that differs from the one an earlier edition gave for that month is a revision,
and says which edition revised it and what it was.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Month = tuple[int, int]


@dataclass(frozen=True)
class CombinedMonth:
    count: int
    edition: Hashable  # the latest edition that gives the month: it supplies the count
    # The last revision of the month: the edition that changed it, and the count before.
    # None where every edition that gave the month gave the same count.
    revised_in: Hashable | None = None
    revised_from: int | None = None


def combine_editions(
    editions: Iterable[tuple[Hashable, Mapping[Month, int]]],
    onto: Mapping[Month, CombinedMonth] | None = None,
) -> dict[Month, CombinedMonth]:
    """Months of editions given oldest first, combined: each month from the latest edition
    that gives it; ``onto``, the earlier editions' months already combined."""
    combined: dict[Month, CombinedMonth] = dict(onto or {})
    for edition, months in editions:
        for month, count in months.items():
            before = combined.get(month)
            if before is None:
                combined[month] = CombinedMonth(count, edition)
            elif before.count == count:
                combined[month] = CombinedMonth(
                    count, edition, before.revised_in, before.revised_from
                )
            else:
                combined[month] = CombinedMonth(count, edition, edition, before.count)
    return dict(sorted(combined.items()))


def counts_of(combined: Mapping[Month, CombinedMonth]) -> dict[Month, int]:
    return {month: value.count for month, value in combined.items()}
