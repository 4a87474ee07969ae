"""Sections one app adds to another app's pages, so apps depend one way.

The borough page belongs to ``performance``; what residents said in the consultation
belongs to ``consultation``, which depends on ``performance``. So ``consultation``
registers a section here when it starts, and the borough page renders whatever is
registered, without knowing the app that gave it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A piece of a page: the template to include and what it shows."""

    template: str
    context: dict = field(default_factory=dict)


# Each takes (area, year, priorities) and gives a Section, or None to show nothing.
_BOROUGH_PAGE_SECTIONS: list[Callable] = []


def add_borough_page_section(build: Callable) -> None:
    if build not in _BOROUGH_PAGE_SECTIONS:
        _BOROUGH_PAGE_SECTIONS.append(build)


def borough_page_sections(area, year, priorities) -> list[Section]:
    """The registered sections for a borough's page for a year, in the order registered."""
    return [s for build in _BOROUGH_PAGE_SECTIONS if (s := build(area, year, priorities))]
