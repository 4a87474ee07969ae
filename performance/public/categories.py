"""Which of the police's categories make each measure, as the released editions read them."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import CrimeEdition, Vocabulary
from .outcomes import moment_or_now

# Said wherever London-wide counts are: on the pages, in the API and the data package.
LONDON_WIDE_RULE = (
    "London-wide counts are the sum of the 32 boroughs. Offences the police record in no "
    "borough (their files' Unknown, London Heathrow and London City Airports, and Aviation "
    "Security (SO18)) are kept as published but are in no borough and not in London-wide "
    "counts."
)


@dataclass(frozen=True)
class CategoryMapRow:
    vocabulary: str
    edition: CrimeEdition
    major: str
    minor: str
    measure: str  # a measure's slug, or "" for a category that counts only in total crime


def released_category_maps(moment=None) -> list[CategoryMapRow]:
    """Every category the released editions were read through, in each vocabulary, with the
    measure it made in the latest of them that lists it (one query): what the public is
    told makes each measure."""
    found: dict[tuple[str, str, str], CategoryMapRow] = {}
    editions = CrimeEdition.objects.filter(release_at__lte=moment_or_now(moment)).order_by(
        "published_on"
    )
    for edition in editions.only(
        "published_on", "published_on_is_approximate", "layout", "category_map"
    ):
        label = Vocabulary(edition.layout_vocabulary).label
        for major, minor, measure in edition.category_map:
            found[(label, major, minor)] = CategoryMapRow(label, edition, major, minor, measure)
    return sorted(found.values(), key=lambda row: (row.vocabulary, row.major, row.minor))
