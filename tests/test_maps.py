"""Drawing London: the boundaries as SVG outlines, and the bands a map is shaded in."""

from decimal import Decimal

from boroughs.boundaries import london_outlines, simplified
from performance.rules.bands import band_of, change_band_number, change_bands, rate_bands


def test_every_london_authority_is_drawn_once_within_the_map():
    london = london_outlines()
    codes = [outline.code for outline in london.outlines]
    assert len(codes) == len(set(codes)) == 33 and all(c.startswith("E09") for c in codes)
    for outline in london.outlines:
        assert outline.path.startswith("M") and outline.path.endswith("z")
        assert 0 < outline.label_x < london.width and 0 < outline.label_y < london.height
    # North is up: Enfield (north) is drawn above Croydon (south); Havering (east) right
    # of Hillingdon (west).
    by_name = {o.name: o for o in london.outlines}
    assert by_name["Enfield"].label_y < by_name["Croydon"].label_y
    assert by_name["Havering"].label_x > by_name["Hillingdon"].label_x


def test_simplifying_keeps_the_ends_and_every_point_that_matters():
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 0), (5, 0)]
    kept = simplified(line, tolerance=0.5)
    assert kept[0] == (0, 0) and kept[-1] == (5, 0)
    assert (3, 5) in kept and (1, 0.1) not in kept


def test_rate_bands_hold_about_equal_numbers_and_never_split_a_tie():
    values = [Decimal(v) for v in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]
    bands = rate_bands(values)
    assert [sum(1 for v in values if b.holds(v)) for b in bands] == [2, 2, 2, 2, 2]
    assert bands[0].label == "1 to 2" and band_of(bands, Decimal(10)).number == 5
    tied = [Decimal(v) for v in (1, 1, 1, 1, 2)]
    assert [(b.low, b.high) for b in rate_bands(tied)] == [(1, 1), (2, 2)]
    assert rate_bands([]) == [] and band_of(bands, None) is None


def test_change_bands_fall_either_side_of_no_change():
    assert [change_band_number(Decimal(v)) for v in (-25, -10, -9.9, 0, 9.9, 10, 40)] == [
        1, 1, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    bands = change_bands([Decimal("-12.5"), Decimal("3.0"), Decimal("4.0")])
    assert [b.number for b in bands] == [1, 3]
    assert bands[0].label == "Fell by 10% or more (\u221212.5%)"
    assert bands[1].label == "No change, or rose by less than 10% (+3.0% to +4.0%)"
