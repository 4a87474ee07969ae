"""Open data: the figures as files anyone can download, and a page explaining them."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from boroughs.models import Area
from sitewide.cache import cached_public

from ..definitions import definition_of
from ..figures.loading import published_figures_csv
from ..models import Measure
from ..public import (
    LONDON_WIDE_RULE,
    monthly_figures,
    population_sources,
    public_years,
    published_figures,
    released_category_maps,
    released_editions,
    released_series_breaks,
    released_ward_editions,
    ward_figures,
)
from ..recorded_crime.downloads import (
    category_map_csv,
    monthly_figures_csv,
    ward_months_csv,
    ward_years_csv,
)
from ..rules import DEFAULT_DISPERSION, DISPERSION, FAR_FROM_POPULATION_YEARS, SIMILAR_METHOD
from .methods import METHODS
from .package import data_package, package_schemas


@cached_public
def data_page(request):
    measures = list(Measure.objects.select_related("part_of").order_by("position", "name"))
    context = {
        "measures": measures,
        "definitions": [(measure, definition_of(measure.slug)) for measure in measures],
        "boroughs": list(Area.objects.boroughs().only("name", "slug")),
        "years": public_years(),
        "contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
        "category_maps": category_maps_by_measure(
            released_category_maps(), {m.slug: m.name for m in measures}
        ),
        "london_wide_rule": LONDON_WIDE_RULE,
        "population_sources": population_sources(),
        "similar_method": SIMILAR_METHOD,
        "far_years": FAR_FROM_POPULATION_YEARS,
        "ward_edition": (released_ward_editions() or [None])[-1],
        "methods": METHODS,
        "dispersion": [
            *((m.name, DISPERSION[m.slug]) for m in measures if m.slug in DISPERSION),
            ("Any other crime measure", DEFAULT_DISPERSION),
        ],
        "editions": released_editions(),
        "series_breaks": released_series_breaks(),
    }
    return render(request, "performance/data.html", context)


def category_maps_by_measure(rows, names: dict[str, str]) -> list[dict]:
    """Each vocabulary's released map, as the page lists it: the categories making each
    measure, then those counting only in total crime."""
    maps: dict[str, dict] = {}
    for row in rows:
        found = maps.setdefault(
            row.vocabulary, {"vocabulary": row.vocabulary, "edition": row.edition, "measures": {}}
        )
        if row.edition.published_on > found["edition"].published_on:
            found["edition"] = row.edition
        name = names.get(row.measure, row.measure) if row.measure else "Total crime only"
        found["measures"].setdefault(name, []).append(row.minor)
    for found in maps.values():
        only_total = found["measures"].pop("Total crime only", None)
        found["measures"] = sorted(found["measures"].items())
        if only_total:
            found["measures"].append(("Total crime only", only_total))
    return list(maps.values())


@cached_public
def category_map_download(request):
    response = HttpResponse(
        category_map_csv(released_category_maps()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="category-map.csv"'
    return response


@cached_public
def data_package_json(request):
    """Every download described as a Frictionless data package."""
    homepage = request.build_absolute_uri(reverse("performance:data"))
    return JsonResponse(data_package(homepage), json_dumps_params={"indent": 2})


@cached_public
def data_schema(request, name):
    """A Table Schema the data package's resources name."""
    schema = package_schemas().get(name)
    if schema is None:
        raise Http404("The data package names no schema by that name.")
    return JsonResponse(schema, json_dumps_params={"indent": 2})


def _csv_response(figures, filename):
    response = HttpResponse(published_figures_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cached_public
def all_figures_csv(request):
    return _csv_response(published_figures(), "figures.csv")


@cached_public
def borough_figures_csv(request, slug):
    try:
        area = Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("There is no London borough at this address.") from None
    return _csv_response(published_figures(areas=[area]), f"{slug}.csv")


@cached_public
def london_figures_csv(request):
    return _csv_response(published_figures(areas=[Area.objects.london()]), "london.csv")


@cached_public
def borough_monthly_csv(request, slug):
    """The released edition's monthly counts for a borough, for each measure it gives."""
    try:
        area = Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("There is no London borough at this address.") from None
    response = HttpResponse(
        monthly_figures_csv(monthly_figures(area)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-monthly.csv"'
    return response


def _borough_or_404(slug: str) -> Area:
    try:
        return Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("There is no London borough at this address.") from None


@cached_public
def borough_wards_csv(request, slug, by):
    """A borough's wards' released figures, by year or by month."""
    area = _borough_or_404(slug)
    edition, figures = ward_figures(area)
    if edition is None:
        raise Http404(f"No ward figures have been published for {area.name} yet.")
    write = ward_years_csv if by == "years" else ward_months_csv
    response = HttpResponse(write(edition, figures), content_type="text/csv; charset=utf-8")
    suffix = "wards" if by == "years" else "wards-monthly"
    response["Content-Disposition"] = f'attachment; filename="{slug}-{suffix}.csv"'
    return response
