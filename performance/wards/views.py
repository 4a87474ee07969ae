"""A borough's wards, and one ward's figures, as the released ward editions give them."""

from django.http import Http404
from django.shortcuts import redirect, render

from sitewide.cache import cached_public

from .. import public
from ..addresses import borough_or_404

SORT_COLUMNS = [
    ("ward", "Ward"),
    ("total", "Total crime"),
    ("change", "Change"),
    ("percent", "% change"),
    ("burglary", "Residential burglary"),
]

WARDS_QUERY = {
    "sort": lambda value: value if value in public.WARD_SORT_KEYS else None,
    "order": lambda value: value if value == "desc" else None,
}


@cached_public(query=WARDS_QUERY)
def borough_wards(request, slug):
    area = borough_or_404(slug)
    sort = request.GET.get("sort") if request.GET.get("sort") in public.WARD_SORT_KEYS else "ward"
    descending = request.GET.get("order") == "desc"
    context = {
        "area": area,
        "wards": public.borough_wards(area, sort, descending),
        "sort": sort,
        "descending": descending,
        "sort_columns": SORT_COLUMNS,
    }
    return render(request, "performance/wards.html", context)


def _ward_or_404(code: str):
    ward = public.ward_of(code)
    if ward is None:
        raise Http404(f"No London ward has the code {code[:9]}.")
    return ward


@cached_public
def ward(request, slug, code):
    ward = _ward_or_404(code)
    if ward.borough.slug != slug or ward.code != code:
        # A ward's code is its name: any borough in the address leads to its own.
        return redirect("performance:ward", slug=ward.borough.slug, code=ward.code, permanent=True)
    context = {"ward": ward, "area": ward.borough, "page": public.ward_page(ward)}
    return render(request, "performance/ward.html", context)
