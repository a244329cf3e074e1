"""Server-side SVG charts for the dashboards: a line chart, a bar chart and the
choropleth of the county's 8 municipalities. No JavaScript.

Every chart is an <svg role="img"> with an aria-label; the page always shows
the same numbers in a <table> next to it. Values that are suppressed ("<5")
or missing come in as None: they are never drawn, never set a scale and never
decide a map class, so the chart cannot give a hidden number away.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.contrib.staticfiles import finders
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BOUNDARIES = "hubs/jamtland_kommuner.geojson"
# Sequential greens, light to dark (the darkest is the portal's forest green).
PALETTE = ("#e3efe8", "#a8cdb7", "#5b9a77", "#1d5236")
NONE_FILL = "url(#acc-map-none)"
TEXT = "#1c2b27"
MUTED = "#4a5a55"
RULE = "#b8c4bf"
LINE = "#0a5484"

Point = tuple[str, Decimal | None, str]  # (label, value or None, text shown)
Formatter = Callable[[Decimal], str]


def _f(number: float) -> str:
    return f"{number:.1f}"


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _join(parts: Sequence[SafeString]) -> SafeString:
    """The fragments one after another; a fragment that is not SafeString is escaped."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _svg(width: int, height: int, label: str, body: SafeString, css: str) -> SafeString:
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">{}</svg>',
        css,
        width,
        height,
        label,
        body,
    )


def line_chart(points: Sequence[Point], *, label: str, fmt: Formatter,
               empty_text: str = "") -> SafeString:  # fmt: skip
    """A line over the periods; gaps where a value is missing or suppressed."""
    width, height = 360, 180
    left, right, top, bottom = 56, 16, 12, 32
    values = [float(v) for _label, v, _text in points if v is not None]
    low = min([0.0, *values])
    high = _nice_ceiling(max(values)) if values and max(values) > 0 else 1.0
    if high <= low:
        high = low + 1
    count = len(points)

    def x(index: int) -> float:
        span = width - left - right
        return left + (span * index / (count - 1) if count > 1 else span / 2)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - low) / (high - low))

    parts: list[SafeString] = []
    # Grid lines at the bottom, middle and top; labels only at the ends (a
    # rounded middle label could read wrong) and only when there is a scale.
    for tick, labelled in ((low, True), ((low + high) / 2, False), (high, True)):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                left,
                width - right,
                _f(y(tick)),
                _f(y(tick)),
                RULE,
            )
        )
        if labelled and values:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                    left - 6,
                    _f(y(tick) + 4),
                    MUTED,
                    fmt(Decimal(str(round(tick, 6)))),
                )
            )
    if count:
        for index in sorted({0, count // 2, count - 1}):
            anchor = "start" if index == 0 else "end" if index == count - 1 else "middle"
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="{}">{}</text>',
                    _f(x(index)),
                    height - 10,
                    anchor,
                    MUTED,
                    points[index][0],
                )
            )
    segments: list[list[tuple[float, float]]] = [[]]
    for index, (_label, value, _text) in enumerate(points):
        if value is None:
            segments.append([])
        else:
            segments[-1].append((x(index), y(float(value))))
    for segment in segments:
        if len(segment) > 1:
            path = "M" + " L".join(f"{_f(px)},{_f(py)}" for px, py in segment)
            parts.append(
                format_html('<path d="{}" fill="none" stroke="{}" stroke-width="2.5"/>', path, LINE)
            )
    for index, (point_label, value, text) in enumerate(points):
        if value is not None:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}: {}</title></circle>',
                    _f(x(index)),
                    _f(y(float(value))),
                    LINE,
                    point_label,
                    text,
                )
            )
    if not values and empty_text:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">{}</text>',
                _f((left + width - right) / 2),
                _f((top + height - bottom) / 2),
                MUTED,
                empty_text,
            )
        )
    return _svg(width, height, label, _join(parts), "acc-chart-svg")


def bar_chart(bars: Sequence[Point], *, label: str, fmt: Formatter) -> SafeString:
    """Horizontal bars, one per row, with the shown value written at the end."""
    row_height, label_width, width = 26, 150, 420
    height = max(row_height * len(bars) + 8, 40)
    values = [float(v) for _label, v, _text in bars if v is not None]
    high = _nice_ceiling(max(values)) if values and max(values) > 0 else 1.0
    span = width - label_width - 60
    parts: list[SafeString] = []
    for index, (bar_label, value, text) in enumerate(bars):
        top = 4 + index * row_height
        short = bar_label if len(bar_label) <= 22 else bar_label[:21] + "…"
        length = 0.0 if value is None else max(float(value), 0.0) / high * span
        parts.append(
            format_html(
                "<g><title>{}: {}</title>"
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text></g>',
                bar_label,
                text,
                label_width - 6,
                top + 16,
                TEXT,
                short,
                label_width,
                top + 3,
                _f(length),
                row_height - 8,
                PALETTE[3],
                _f(label_width + length + 6),
                top + 16,
                TEXT,
                text,
            )
        )
    return _svg(width, height, label, _join(parts), "acc-bars-svg")


# --- Choropleth -----------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


MAP_WIDTH = 360


@cache
def _shapes() -> tuple[tuple[Shape, ...], int]:
    """The 8 municipalities projected once: equirectangular, x scaled by
    cos(mid latitude), north up; returns the shapes and the map's height."""
    path = finders.find(BOUNDARIES)
    if not path:
        raise FileNotFoundError(BOUNDARIES)
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]

    def polygons(geometry: dict) -> list:
        if geometry["type"] == "Polygon":
            return [geometry["coordinates"]]
        return geometry["coordinates"]

    lons, lats = [], []
    for feature in features:
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:
                lons += [p[0] for p in ring]
                lats += [p[1] for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (MAP_WIDTH - 8) / ((max_lon - min_lon) * kx)
    height = round((max_lat - min_lat) * scale) + 8

    def project(lon: float, lat: float) -> tuple[float, float]:
        return 4 + (lon - min_lon) * kx * scale, 4 + (max_lat - lat) * scale

    shapes = []
    for feature in features:
        d_parts = []
        best_area, centre = -1.0, (0.0, 0.0)
        for polygon in polygons(feature["geometry"]):
            for ring_index, ring in enumerate(polygon):
                xy = [project(lon, lat) for lon, lat in ring]
                d_parts.append("M" + " L".join(f"{_f(px)},{_f(py)}" for px, py in xy) + "Z")
                if ring_index == 0:
                    area, cx, cy = _centroid(xy)
                    if area > best_area:
                        best_area, centre = area, (cx, cy)
        props = feature["properties"]
        shapes.append(Shape(props["code"], props["name"], "".join(d_parts), *centre))
    return tuple(shapes), height


def _centroid(xy: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Area and centroid of a ring (shoelace)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(xy, xy[1:] + xy[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, xy[0][0], xy[0][1]
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def municipality_names() -> list[tuple[str, str]]:
    """(code, name) of the 8 municipalities, in the order the map draws them."""
    return sorted(((s.code, s.name) for s in _shapes()[0]), key=lambda item: item[1])


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    value: Decimal | None  # None: missing or suppressed
    text: str


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    text: str
    neutral: bool = False


@dataclass(frozen=True)
class MapChart:
    svg: SafeString
    legend: list[LegendEntry]
    classes: dict[str, int]  # code → class index (-1: no value)


def quantile_breaks(values: Sequence[Decimal], classes: int = 4) -> list[Decimal]:
    """Upper bounds of up to `classes` quantile classes of the values."""
    ordered = sorted(values)
    count = min(classes, len(set(ordered)))
    if not count:
        return []
    breaks: list[Decimal] = []
    for index in range(1, count + 1):
        bound = ordered[math.ceil(index * len(ordered) / count) - 1]
        if bound not in breaks:
            breaks.append(bound)
    return breaks


def _class_of(value: Decimal, breaks: list[Decimal]) -> int:
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def _class_fill(index: int, count: int) -> str:
    if count <= 1:
        return PALETTE[2]
    return PALETTE[round(index * (len(PALETTE) - 1) / (count - 1))]


def choropleth(areas: Sequence[MapArea], *, label: str, fmt: Formatter,
               none_label: str) -> MapChart:  # fmt: skip
    """The 8 municipalities filled by quantile class of their value; a hatched
    neutral fill where there is no value or it is suppressed."""
    shapes, height = _shapes()
    by_code = {a.code: a for a in areas}
    values = [a.value for a in areas if a.value is not None]
    breaks = quantile_breaks(values)
    classes = {a.code: (_class_of(a.value, breaks) if a.value is not None else -1) for a in areas}
    parts = [
        format_html(
            '<defs><pattern id="acc-map-none" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/></pattern></defs>',
            RULE,
        )
    ]
    labels = []
    for shape in shapes:
        area = by_code.get(shape.code)
        index = classes.get(shape.code, -1)
        fill = NONE_FILL if index < 0 else _class_fill(index, len(breaks))
        text = area.text if area else "–"
        parts.append(
            format_html(
                '<path d="{}" fill="{}" fill-rule="evenodd" stroke="{}" stroke-width="1" '
                'data-code="{}" data-class="{}"><title>{}: {}</title></path>',
                shape.path,
                fill,
                TEXT,
                shape.code,
                index,
                shape.name,
                text,
            )
        )
        labels.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}" stroke="#ffffff"'
                ' stroke-width="3" paint-order="stroke" aria-hidden="true">'
                '<tspan x="{}" dy="0">{}</tspan><tspan x="{}" dy="14" font-weight="700">{}</tspan>'
                "</text>",
                _f(shape.label_x),
                _f(shape.label_y - 4),
                TEXT,
                _f(shape.label_x),
                shape.name,
                _f(shape.label_x),
                text,
            )
        )
    svg = _svg(MAP_WIDTH, height, label, _join(parts + labels), "acc-map-svg")
    legend = []
    for index in range(len(breaks)):
        members = sorted(a.value for a in areas if classes.get(a.code) == index)
        if not members:
            continue
        low, high = fmt(members[0]), fmt(members[-1])
        legend.append(
            LegendEntry(_class_fill(index, len(breaks)), low if low == high else f"{low}–{high}")
        )
    legend.append(LegendEntry(NONE_FILL, none_label, neutral=True))
    return MapChart(svg=svg, legend=legend, classes=classes)
