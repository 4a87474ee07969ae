"""The public read layer: every page, download, API answer and leaflet reads through here.

What the public sees is what releases froze (performance.publication): for each area,
year and measure, the latest ReleasedOutcome released by now, or by the end of a given
day for a page "as published"; likewise for figures, words and contacts. Each read is
a fixed, small number of queries over the rows of the page asked for, so its cost does
not grow with the rest of the data, nor with its history.

One module per kind of read: ``outcomes`` (one outcome as shown), ``pages`` (a borough's
or London's page for a year), ``monthly`` (recorded crime by month), ``years`` (which
years and measures are public), ``london`` (London at a glance, compare),
``corrections`` (revisions in plain words), ``wards`` (a borough's wards and each ward's
figures) and ``downloads`` (the figures files). Every
read is named here, as ``public.X``.
"""

from .attitudes import Attitudes, attitudes_of
from .calendar import CalendarEntry, next_release, release_calendar
from .categories import LONDON_WIDE_RULE, CategoryMapRow, released_category_maps
from .corrections import Correction, CorrectionGroup, correction_groups, corrections
from .downloads import (
    PublishedFigure,
    ReleasedEdition,
    footer_contacts,
    published_figures,
    released_editions,
    released_series_breaks,
)
from .london import SORT_KEYS, BoroughRow, CompareRow, borough_comparison, compare, similar_boroughs
from .monthly import (
    TREND_MONTHS,
    MonthlyTrend,
    MonthRow,
    RecordedCrime,
    YearToDateRow,
    latest_months,
    monthly_figures,
    recorded_crime,
    released_edition,
    year_to_date_of,
)
from .outcomes import (
    RECENT_YEARS,
    OutcomeView,
    by_position,
    latest_views,
    moment_or_now,
    view_of,
    view_of_outcome,
)
from .pages import (
    AreaYear,
    area_year,
    borough_page_context,
    contacts_of,
    content_of,
    edition_on,
    trends_of,
)
from .populations import population_sources, released_populations
from .wards import (
    WARD_SORT_KEYS,
    BoroughWards,
    WardFigures,
    WardPage,
    WardRow,
    borough_wards,
    released_ward_editions,
    ward_figures,
    ward_names,
    ward_names_by_borough,
    ward_of,
    ward_page,
    ward_years_of,
)
from .years import (
    editions,
    has_results,
    latest_public_year,
    measures_by_id,
    public_pages_of_years,
    public_year,
    public_years,
    released_definitions,
)

__all__ = [
    "ReleasedEdition",
    "released_editions",
    "Attitudes",
    "attitudes_of",
    "CalendarEntry",
    "next_release",
    "release_calendar",
    "WARD_SORT_KEYS",
    "BoroughWards",
    "WardPage",
    "WardFigures",
    "WardRow",
    "ward_figures",
    "ward_names",
    "ward_names_by_borough",
    "borough_wards",
    "released_ward_editions",
    "ward_of",
    "ward_page",
    "ward_years_of",
    "LONDON_WIDE_RULE",
    "CategoryMapRow",
    "released_category_maps",
    "AreaYear",
    "BoroughRow",
    "CompareRow",
    "MonthRow",
    "MonthlyTrend",
    "OutcomeView",
    "PublishedFigure",
    "RECENT_YEARS",
    "RecordedCrime",
    "SORT_KEYS",
    "TREND_MONTHS",
    "YearToDateRow",
    "area_year",
    "borough_comparison",
    "borough_page_context",
    "by_position",
    "compare",
    "contacts_of",
    "content_of",
    "Correction",
    "CorrectionGroup",
    "correction_groups",
    "corrections",
    "population_sources",
    "released_populations",
    "edition_on",
    "editions",
    "footer_contacts",
    "has_results",
    "latest_public_year",
    "latest_views",
    "measures_by_id",
    "latest_months",
    "monthly_figures",
    "public_pages_of_years",
    "public_year",
    "public_years",
    "published_figures",
    "recorded_crime",
    "moment_or_now",
    "released_definitions",
    "released_edition",
    "year_to_date_of",
    "released_series_breaks",
    "similar_boroughs",
    "trends_of",
    "view_of",
    "view_of_outcome",
]
