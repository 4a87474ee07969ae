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
from ..public import monthly_figures, public_years, published_figures
from ..recorded_crime.downloads import monthly_figures_csv
from .package import data_package


@cached_public
def data_page(request):
    measures = list(Measure.objects.select_related("part_of").order_by("position", "name"))
    context = {
        "measures": measures,
        "definitions": [(measure, definition_of(measure.slug)) for measure in measures],
        "boroughs": list(Area.objects.boroughs().only("name", "slug")),
        "years": public_years(),
        "contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
    }
    return render(request, "performance/data.html", context)


@cached_public
def data_package_json(request):
    """Every download described as a Frictionless data package."""
    homepage = request.build_absolute_uri(reverse("performance:data"))
    return JsonResponse(data_package(homepage), json_dumps_params={"indent": 2})


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
