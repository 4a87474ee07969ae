"""Public pages: the boroughs, London-wide and each borough's summary for a year."""

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404

from boroughs.models import Area

from .cache import cached_public, remember
from .leaflets import stored_leaflet
from .models import FinancialYear, Measure
from .publishing import corrections
from .summaries import (
    SORT_KEYS,
    area_year,
    borough_comparison,
    borough_contacts,
    borough_page_context,
    compare,
)

# A leaflet being drawn is looked for again after this many seconds.
LEAFLET_RETRY_SECONDS = 5


def _year_or_404(slug: str, *, draft: bool = False) -> FinancialYear:
    """The year at this address; for the public, only a year with a published figure."""
    years = FinancialYear.objects.all() if draft else FinancialYear.objects.with_published_figures()
    try:
        return years.get_by_slug(slug)
    except FinancialYear.DoesNotExist:
        raise Http404(f"There are no figures for the year {slug.replace('-', '/')}.") from None


def _borough_or_404(slug: str) -> Area:
    try:
        return Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("There is no London borough at this address.") from None


@cached_public
def home(request):
    boroughs = list(Area.objects.boroughs().only("name", "slug"))
    latest = FinancialYear.objects.with_results().last()
    london = area_year(Area.objects.london(), latest) if latest else None
    return render(request, "performance/home.html", {"boroughs": boroughs, "london": london})


def _search_text(value: str) -> str | None:
    """What was typed, as the find page reads it: spaces folded, at most 100 characters."""
    return " ".join(value.split())[:100] or None


def _measure_slug(value: str) -> str | None:
    slugs = remember("measure-slugs", lambda: set(Measure.objects.values_list("slug", flat=True)))
    return value if value in slugs else None


LONDON_QUERY = {
    "measure": _measure_slug,
    "sort": lambda value: value if value in SORT_KEYS else None,
    "order": lambda value: value if value == "desc" else None,
}


@cached_public(query={"q": _search_text})
def find_borough(request):
    """Find a borough by name, without JavaScript: one match goes straight to its page."""
    query = _search_text(request.GET.get("q", "")) or ""
    boroughs = list(Area.objects.boroughs().only("name", "slug"))
    matches = [b for b in boroughs if query.lower() in b.name.lower()] if query else boroughs
    if query and len(matches) == 1:
        return redirect("performance:borough", slug=matches[0].slug)
    return render(request, "performance/find_borough.html", {"query": query, "matches": matches})


def accessibility(request):
    return render(request, "performance/accessibility.html")


@cached_public(query=LONDON_QUERY)
def london(request, year):
    summary = area_year(Area.objects.london(), _year_or_404(year))
    context = {"summary": summary, "preview": False, **_comparison(request, summary)}
    return render(request, "performance/london.html", context)


def london_preview(request, year):
    """Staff's preview of London-wide drafts: never cached, and no comparison."""
    summary = area_year(Area.objects.london(), _year_or_404(year, draft=True), draft=True)
    return render(request, "performance/london.html", {"summary": summary, "preview": True})


def _comparison(request, summary):
    """London at a glance: every borough on one measure, as a tile map and a sortable table."""
    measures = [o.measure for o in summary.outcomes]
    slugs = [m.slug for m in measures]
    chosen = request.GET.get("measure") if request.GET.get("measure") in slugs else None
    if not measures:
        return {}
    measure = Measure.objects.get(slug=chosen or slugs[0])
    sort = request.GET.get("sort") if request.GET.get("sort") in SORT_KEYS else "borough"
    descending = request.GET.get("order") == "desc"
    rows = borough_comparison(summary.year, measure, sort, descending)
    tiles = sorted(
        (r for r in rows if r.area.tile_row is not None),
        key=lambda r: (r.area.tile_row, r.area.tile_column),
    )
    return {
        "compare_measures": measures,
        "compare_measure": measure,
        "compare_rows": rows,
        "compare_tiles": tiles,
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


@cached_public
def borough_latest(request, slug):
    area = _borough_or_404(slug)
    latest = FinancialYear.objects.with_results_for(area).last()
    if latest is None:
        return render(
            request,
            "performance/borough.html",
            {"summary": None, "area": area, "contacts": borough_contacts(area)},
        )
    return borough_page(request, area, latest)


@cached_public
def borough_year(request, slug, year):
    return borough_page(request, _borough_or_404(slug), _year_or_404(year))


def borough_page(request, area, year, *, draft=False):
    context = borough_page_context(area, year, draft=draft)
    return render(request, "performance/borough.html", context)


@cached_public
def borough_compare(request, slug, year):
    area, year = _borough_or_404(slug), _year_or_404(year)
    rows, similar = compare(area, year)
    return render(
        request,
        "performance/compare.html",
        {"area": area, "year": year, "rows": rows, "similar": similar},
    )


@cached_public
def borough_leaflet_pdf(request, slug, year):
    """The stored PDF; while a worker draws it, a page that says so and looks again."""
    area, year = _borough_or_404(slug), _year_or_404(year)
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
    year = _year_or_404(year)
    return render(
        request,
        "performance/corrections.html",
        {"year": year, "corrections": corrections(year=year)},
    )


def api_docs(request):
    """The API described for people, rendered from the OpenAPI schema the API itself serves."""
    from .api import api

    schema = api.get_openapi_schema()
    endpoints = [
        {
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": operation.get("parameters", []),
            "statuses": sorted(operation.get("responses", {})),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]
    return render(
        request,
        "performance/api_docs.html",
        {"schema": schema, "endpoints": endpoints, "schema_url": "/api/v1/openapi.json"},
    )


def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def benchmark_bare(request):
    """A short fixed page through the same middleware: `make bench`'s yardstick."""
    return HttpResponse("<!doctype html><title>Bare</title><p>A short fixed page.</p>")


def page_not_found(request, exception):
    """A 404 that says what was not found, without the resolver's internals."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": "There is nothing at this address in the API."}, status=404)
    message = ""
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
        message = str(exception)
    return render(request, "404.html", {"message": message}, status=404)
