"""Open data: the figures as files anyone can download, and a page explaining them."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from boroughs.models import Area
from policing.cache import cached_public

from .importing import published_figures_csv
from .models import Measure
from .public import monthly_figures, public_years, published_figures
from .recorded_crime import monthly_figures_csv


@cached_public
def data_page(request):
    context = {
        "measures": list(Measure.objects.select_related("part_of").order_by("position", "name")),
        "boroughs": list(Area.objects.boroughs().only("name", "slug")),
        "years": public_years(),
    }
    return render(request, "performance/data.html", context)


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
