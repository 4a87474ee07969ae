"""The dispersion the ordinary-variation rule uses is the one the police's own record shows."""

from collections import defaultdict
from decimal import Decimal

from boroughs.models import Area
from performance.public import monthly_figures
from performance.rules import DISPERSION, dispersion_of, financial_year_of


class TestOnTheDemo:
    def test_each_measures_dispersion_is_estimated_from_the_released_record(self, demo):
        blocks = defaultdict(lambda: defaultdict(list))  # measure → (area, year) → months
        for area in Area.objects.boroughs():
            for month in monthly_figures(area):
                year = financial_year_of(month.month.year, month.month.month)
                blocks[month.measure.slug][(area.pk, year)].append(month.count)
        for slug, stated in DISPERSION.items():
            whole_years = [c for c in blocks[slug].values() if len(c) == 12]
            estimate = dispersion_of(whole_years)
            # Stated to one decimal place: within a tenth of the record's own estimate.
            assert abs(estimate - stated) <= Decimal("0.1"), (slug, estimate, stated)
