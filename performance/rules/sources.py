"""Where a figure comes from, in words: entered, a sum of parts, or a gap between groups."""

from __future__ import annotations

ENTERED = "entered"


# A satisfaction gap worked out from its two groups, and what the page says it is.
GAP_GROUPS = {
    "victim-satisfaction-gap": ("victim-satisfaction-white", "victim-satisfaction-bme"),
}
GAP_SOURCE = "White victims' satisfaction minus BME victims'"


def derived_text(source: str) -> str:
    """What a derived figure is, for the page: "the sum of its parts", or the gap's groups."""
    if not source:
        return ""
    return source if source == GAP_SOURCE else f"the sum of {source}"


def describe_source(source: str) -> str:
    """How a figure came to be, in words: "entered", "the sum of its parts"."""
    return "entered" if source == ENTERED else derived_text(source)
