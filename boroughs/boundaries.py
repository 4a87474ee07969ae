"""The boroughs' real boundaries, as SVG outlines to draw London on the server.

``boroughs/data/london-boroughs-2022.geojson`` is ONS's Local Authority Districts
(December 2022), generalised to 20 m, for the 33 London authorities, on the British
National Grid in whole metres (a copy of the project's shared data). Whoever draws a map
from it shows ``ATTRIBUTION``.

The outlines are drawn at one SVG unit to 100 m and simplified (Ramer–Douglas–Peucker)
to within a unit, so the whole of London is about 20 KB of SVG: a map the size of a
phone's screen loses nothing a reader can see. Read once per process.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

BOUNDARIES_GEOJSON = Path(__file__).resolve().parent / "data" / "london-boroughs-2022.geojson"

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence "
    "v.3.0. Contains OS data © Crown copyright and database right 2022."
)

METRES_PER_UNIT = 100
# Points closer than this (in units) to the line their neighbours make are dropped.
TOLERANCE = 0.8
# A margin round London, in units, so outlines' strokes are not cut off.
MARGIN = 4

Point = tuple[float, float]


@dataclass(frozen=True)
class Outline:
    code: str  # the GSS code (E09…)
    name: str
    path: str  # an SVG path's d attribute
    label_x: int  # where a label sits: the centre of its largest part
    label_y: int


@dataclass(frozen=True)
class LondonOutlines:
    width: int
    height: int
    outlines: tuple[Outline, ...]

    def by_code(self) -> dict[str, Outline]:
        return {outline.code: outline for outline in self.outlines}


def simplified(points: list[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Ramer–Douglas–Peucker: the fewest points that stay within ``tolerance`` of the line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                away = abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length
            else:
                away = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _ring_path(points: list[Point]) -> str:
    """A closed ring in relative moves, the shortest way SVG writes it."""
    x0, y0 = round(points[0][0]), round(points[0][1])
    parts, (px, py) = [f"M{x0} {y0}"], (x0, y0)
    for x, y in points[1:]:
        x, y = round(x), round(y)
        if (x, y) != (px, py):
            parts.append(f"l{x - px} {y - py}")
            px, py = x, y
    return "".join(parts) + "z"


def _area_and_centre(points: list[Point]) -> tuple[float, Point]:
    """A ring's area and centroid (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        return 0.0, points[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


@functools.cache
def london_outlines() -> LondonOutlines:
    with BOUNDARIES_GEOJSON.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]

    def polygons(geometry):
        kind, coordinates = geometry["type"], geometry["coordinates"]
        return coordinates if kind == "MultiPolygon" else [coordinates]

    every = [
        (x, y)
        for feature in features
        for polygon in polygons(feature["geometry"])
        for ring in polygon
        for x, y in ring
    ]
    left, top = min(x for x, _ in every), max(y for _, y in every)
    right, bottom = max(x for x, _ in every), min(y for _, y in every)

    def to_svg(x, y) -> Point:  # north up: SVG's y grows downwards
        return (x - left) / METRES_PER_UNIT + MARGIN, (top - y) / METRES_PER_UNIT + MARGIN

    outlines = []
    for feature in features:
        path, largest = [], (0.0, (0.0, 0.0))
        for polygon in polygons(feature["geometry"]):
            for number, ring in enumerate(polygon):
                points = simplified([to_svg(x, y) for x, y in ring[:-1]])
                if len(points) < 3:
                    continue
                path.append(_ring_path(points))
                if number == 0:
                    largest = max(largest, _area_and_centre(points), key=lambda a: a[0])
        properties = feature["properties"]
        outlines.append(
            Outline(
                code=properties["LAD22CD"],
                name=properties["LAD22NM"],
                path="".join(path),
                label_x=round(largest[1][0]),
                label_y=round(largest[1][1]),
            )
        )
    return LondonOutlines(
        width=round((right - left) / METRES_PER_UNIT + 2 * MARGIN),
        height=round((top - bottom) / METRES_PER_UNIT + 2 * MARGIN),
        outlines=tuple(sorted(outlines, key=lambda outline: outline.name)),
    )
