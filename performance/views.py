"""Public pages: the boroughs, London-wide and each borough's summary for a year."""

import datetime
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from boroughs import places
from boroughs.models import Area
from sitewide.cache import cached_public, remember

from . import maps, public
from .addresses import borough_or_404, year_or_404
from .leaflets import stored_leaflet
from .models import Measure

# A leaflet being drawn is looked for again after this many seconds.
LEAFLET_RETRY_SECONDS = 5


def _day_or_404(text: str) -> datetime.date:
    """A day that has begun: an edition is the page as it stood at the end of a day."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404("Write the day like 2010-06-01.") from None
    if day > timezone.localdate():
        raise Http404("That day has not come yet.")
    return day


def _edition_or_404(page: public.AreaYear) -> public.AreaYear:
    if page.is_empty:
        raise Http404(f"Nothing on this page had been published by {page.as_of:%-d %B %Y}.")
    return page


def _edition_day_or_404(area: Area, text: str) -> datetime.date:
    """The day of the edition the public saw on the day asked for (public.edition_on)."""
    day = _day_or_404(text)
    edition = public.edition_on(area, day)
    if edition is None:
        raise Http404(f"Nothing on this page had been published by {day:%-d %B %Y}.")
    return edition


@cached_public
def home(request):
    boroughs = list(Area.objects.boroughs().only("name", "slug"))
    london_area = Area.objects.london()
    latest = public.latest_public_year(london_area)
    london = public.area_year(london_area, latest) if latest else None
    return render(request, "performance/home.html", {"boroughs": boroughs, "london": london})


def _search_text(value: str) -> str | None:
    """What was typed, as the find page reads it: spaces folded, at most 100 characters."""
    return " ".join(value.split())[:100] or None


def _measure_slug(value: str) -> str | None:
    slugs = remember("measure-slugs", lambda: set(Measure.objects.values_list("slug", flat=True)))
    return value if value in slugs else None


LONDON_QUERY = {
    "measure": _measure_slug,
    "sort": lambda value: value if value in public.SORT_KEYS else None,
    "order": lambda value: value if value == "desc" else None,
    "shade": lambda value: value if value in maps.SHADINGS else None,
    "map": lambda value: value if value == "tiles" else None,
}


# Not stored: every wording searched for would be a row (a search reads little anyway).
@cached_public(query={"q": lambda value: _search_text(value) or ""}, stored=False)
def find_borough(request):
    """Find a borough by its name, a place in it or a postcode, without JavaScript: one
    match goes straight to its page; otherwise the page says what it found and why."""
    query = _search_text(request.GET.get("q", "")) or ""
    boroughs = list(Area.objects.boroughs().only("name", "slug"))
    by_name = {borough.name: borough for borough in boroughs}
    search = places.find(query, list(by_name))
    # A ward's name: its page, when it is one ward and no place elsewhere; else each ward.
    wards = [] if places.names_a_borough(query, list(by_name)) else _wards_named(query)
    elsewhere = {c.borough for c in search.candidates} - {w.borough for w in wards}
    if len(wards) == 1 and not elsewhere and not search.partly_city:
        return redirect("performance:ward", slug=by_name[wards[0].borough].slug, code=wards[0].code)
    if len(search.candidates) == 1 and not search.partly_city and not wards:
        address = reverse("performance:borough", args=[by_name[search.candidates[0].borough].slug])
        if search.read_as:  # the borough's page says how the search was read
            address += "?" + urlencode({"searched": query})
        return redirect(address)
    matches = [
        {"borough": by_name[candidate.borough], "reason": candidate.reason}
        for candidate in search.candidates
        # A ward's exact name is no typo of a place's.
        if not (wards and search.close_spelling)
    ]
    return render(
        request,
        "performance/find_borough.html",
        {
            "query": query,
            "search": search,
            "matches": matches,
            "wards": [(ward, by_name[ward.borough]) for ward in wards],
            "boroughs": boroughs,
            # Search pressed with nothing typed: said, not answered with every borough.
            "empty_search": "q" in request.GET and not query,
        },
    )


def _wards_named(query: str) -> list[places.WardName]:
    if not query:
        return []
    every = remember(
        "ward-names",
        lambda: [
            places.WardName(code, name, borough) for code, name, borough in public.ward_names()
        ],
    )
    return places.wards_named(query, every)


def accessibility(request):
    return render(request, "performance/accessibility.html")


@cached_public(query=LONDON_QUERY)
def london(request, year):
    summary = public.area_year(Area.objects.london(), year_or_404(year))
    context = {
        "summary": summary,
        "preview": False,
        "next_release": public.next_release(summary.area),
        **_comparison(request, summary),
    }
    return render(request, "performance/london.html", context)


@cached_public
def london_as_published(request, year, day):
    london, year = Area.objects.london(), year_or_404(year)
    as_of = _edition_day_or_404(london, day)
    if as_of.isoformat() != day:
        return redirect("performance:london-as-published", year=year.slug, day=as_of)
    summary = _edition_or_404(public.area_year(london, year, as_of=as_of))
    return render(request, "performance/london.html", {"summary": summary, "preview": False})


def _comparison(request, summary):
    """London at a glance: every borough on one measure, as a tile map and a sortable table."""
    measures = [o.measure for o in summary.outcomes]
    if not measures:
        return {}
    slugs = [m.slug for m in measures]
    chosen = request.GET.get("measure")
    measure = measures[slugs.index(chosen)] if chosen in slugs else measures[0]
    sort = request.GET.get("sort") if request.GET.get("sort") in public.SORT_KEYS else "borough"
    descending = request.GET.get("order") == "desc"
    rows = public.borough_comparison(summary.year, measure, sort, descending)
    tiles = sorted(
        (r for r in rows if r.area.tile_row is not None),
        key=lambda r: (r.area.tile_row, r.area.tile_column),
    )
    # Rates are for offences only: a survey measure is shaded by its change.
    shadings = [maps.RATE, maps.CHANGE] if any(r.rate for r in rows) else [maps.CHANGE]
    shading = request.GET.get("shade") if request.GET.get("shade") in shadings else shadings[0]
    return {
        "london_map": maps.london_map(rows, shading, measure.name, summary.year.label),
        "shadings": [(key, maps.SHADINGS[key]) for key in shadings],
        "tiles_chosen": request.GET.get("map") == "tiles",
        "compare_measures": measures,
        "compare_measure": measure,
        "compare_rows": rows,
        "compare_tiles": tiles,
        # Which population the rates use: said once under the table.
        "compare_rate": next((row.rate for row in rows if row.rate), None),
        "sort": sort,
        "descending": descending,
        "sort_columns": [
            ("borough", "Borough"),
            ("value", "Result"),
            ("change", "Change"),
            ("percent", "% change"),
            ("rate", "Per 1,000 residents"),
            ("status", "Status"),
        ],
    }


def _borough_slugs() -> dict[str, str]:
    return remember(
        "borough-slugs", lambda: dict(Area.objects.boroughs().values_list("name", "slug"))
    )


def _one_borough_search(value: str) -> str | None:
    """The text of a search that found one borough and needs saying how it was read; any
    other value is dropped (so it cannot make another cached copy of the page)."""
    text = _search_text(value)
    return text if text and places.find(text, list(_borough_slugs())).read_as else None


@cached_public(query={"searched": _one_borough_search})
def borough_latest(request, slug):
    searched = _searched_for(request, slug)
    response = _latest_page(request, slug, searched)
    # How a search was read is said for that search alone: not stored as the page (the
    # shared cache, which forgets what is little read, may keep it).
    response.stored_publicly = not searched
    return response


def _searched_for(request, slug) -> str:
    """How the search that led here was read ("Romford is in Havering"), when it found
    this borough and something more than its name was typed."""
    text = _search_text(request.GET.get("searched", ""))
    if not text:
        return ""
    slugs = _borough_slugs()
    search = places.find(text, list(slugs))
    if len(search.candidates) != 1 or slugs[search.candidates[0].borough] != slug:
        return ""
    return search.read_as


def _latest_page(request, slug, searched=None):
    area = borough_or_404(slug)
    latest = public.latest_public_year(area)
    if latest is None:
        contacts = public.contacts_of(None, "contacts")
        context = {
            "summary": None,
            "area": area,
            "contacts": contacts,
            "searched": searched,
            "where": maps.where_it_is(area),
        }
        return render(request, "performance/borough.html", context)
    return _borough_page(request, area, latest, searched)


@cached_public
def borough_year(request, slug, year):
    return _borough_page(request, borough_or_404(slug), year_or_404(year))


@cached_public
def borough_as_published(request, slug, year, day):
    area, year = borough_or_404(slug), year_or_404(year)
    as_of = _edition_day_or_404(area, day)
    if as_of.isoformat() != day:
        # Any day's address leads to its edition's: one page (and one cache entry) for
        # each release, however many days are asked for. Not permanent: today's edition
        # may yet change.
        return redirect("performance:borough-as-published", slug=slug, year=year.slug, day=as_of)
    page = _edition_or_404(public.area_year(area, year, as_of=as_of))
    return render(request, "performance/borough.html", public.borough_page_context(page))


@cached_public
def borough_months(request, slug, day=None):
    """A borough's last 24 months, measure by measure, each as a chart and a table: on a
    page of their own, linked from its summary's year to date, which they would make
    several times as long (and as heavy to send)."""
    area = borough_or_404(slug)
    as_of = None
    if day is not None:
        as_of = _edition_day_or_404(area, day)
        if as_of.isoformat() != day:
            return redirect("performance:borough-months-as-published", slug=slug, day=as_of)
    crime = public.latest_months(area, as_of)
    if crime is None and as_of is not None:
        raise Http404(f"No months of recorded crime had been published by {as_of:%-d %B %Y}.")
    context = {"area": area, "crime": crime, "as_of": as_of}
    return render(request, "performance/borough_months.html", context)


def _borough_page(request, area, year, searched=None):
    context = public.borough_page_context(public.area_year(area, year))
    context["searched"] = searched
    return render(request, "performance/borough.html", context)


COMPARE_QUERY = {"with": lambda value: value if value in _borough_slugs().values() else None}


@cached_public(query=COMPARE_QUERY)
def borough_compare(request, slug, year):
    area, year = borough_or_404(slug), year_or_404(year)
    boroughs = list(Area.objects.boroughs().only("name", "slug"))
    other = next((b for b in boroughs if b.slug == request.GET.get("with") != slug), None)
    rows, similar = public.compare(area, year, other)
    context = {
        "area": area,
        "year": year,
        "rows": rows,
        "similar": similar,
        "other": other,
        "others": [b for b in boroughs if b.slug != slug],
        "autocomplete": True,
        # Which population the rates use: said once under the table.
        "rate": next((r.borough_rate for r in rows if r.borough_rate), None),
    }
    return render(request, "performance/compare.html", context)


# Not stored again: the leaflet is kept as drawn (performance.leaflets).
@cached_public(stored=False)
def borough_leaflet_pdf(request, slug, year):
    """The stored PDF; while a worker draws it, a page that says so and looks again."""
    area, year = borough_or_404(slug), year_or_404(year)
    pdf = stored_leaflet(area, year)
    if pdf is None:
        context = {"area": area, "year": year, "retry_seconds": LEAFLET_RETRY_SECONDS}
        response = render(request, "performance/leaflet_preparing.html", context, status=202)
        response["Retry-After"] = str(LEAFLET_RETRY_SECONDS)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{area.slug}-{year.slug}.pdf"'
    return response


@cached_public
def london_corrections(request, year):
    chosen = year_or_404(year)
    groups = public.correction_groups(public.corrections(chosen))
    return render(request, "performance/corrections.html", {"year": chosen, "groups": groups})
