"""A drawn area (polygon or circle) that filters incidents, with its URL text and measures.

`DrawnArea` is what an analyst draws on the map; `IncidentFilter.area` keeps incidents inside it
(`DrawnArea.contains`). A circle is geodesic: an incident is inside when its geodesic distance
to the centre (WGS84, `seawatch.zones.geodesic`) is at most the radius, given in nautical miles.
A polygon's edges are straight in longitude/latitude, as the map draws them; an incident exactly
on an edge or a corner is inside (`shapely.intersects_xy`, i.e. "covers"): a point on the line
the analyst drew must not vanish.

The URL / CLI text is compact: ``circle:LON,LAT,RADIUS_NM`` or ``polygon:LON,LAT;LON,LAT;...``
(4 decimals, ~10 m).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import shapely

from seawatch.errors import FilterError
from seawatch.zones.geodesic import GEOD, circles

NM: Final = 1852.0
#: Most corners a drawn polygon may have; the largest circle radius (nautical miles).
MAX_POINTS: Final = 200
MAX_RADIUS_NM: Final = 3000.0
#: Corners of the polygon that stands for a circle on the map.
CIRCLE_SIDES: Final = 128
KINDS: Final = ("polygon", "circle")
_FORMAT_HELP: Final = "use circle:LON,LAT,RADIUS_NM or polygon:LON,LAT;LON,LAT;LON,LAT"


@dataclass(frozen=True)
class DrawnArea:
    """A polygon (`points`, longitude/latitude corners) or a circle (`points` holds the centre,
    `radius_nm` the radius in nautical miles). Validated on creation (raises `FilterError`).

    Examples
    --------
    >>> a = DrawnArea.parse("circle:117.76,15.15,12")
    >>> a.kind, a.points, a.radius_nm, a.to_param()
    ('circle', ((117.76, 15.15),), 12.0, 'circle:117.76,15.15,12')
    >>> DrawnArea.parse("polygon:117,15;118,15;117.5,16").contains([117.5, 117.5], [15.0, 17.0])
    array([ True, False])
    """

    kind: str
    points: tuple[tuple[float, float], ...]
    radius_nm: float = 0.0
    _shape: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FilterError(f"area kind {self.kind!r} is not one of {', '.join(KINDS)}")
        points = tuple((float(lon), float(lat)) for lon, lat in self.points)
        object.__setattr__(self, "points", points)
        for lon, lat in points:
            if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90 or abs(lon) > 180:
                raise FilterError(
                    f"area point ({lon!r}, {lat!r}) is not a longitude, latitude pair "
                    "(-180..180, -90..90)"
                )
        if self.kind == "circle":
            if len(points) != 1:
                raise FilterError(f"a circle has one centre, not {len(points)} points")
            r = float(self.radius_nm)
            if not math.isfinite(r) or not 0 < r <= MAX_RADIUS_NM:
                raise FilterError(
                    f"circle radius {self.radius_nm!r} nm must be above 0 and at most "
                    f"{MAX_RADIUS_NM:g} nm"
                )
            object.__setattr__(self, "radius_nm", r)
            return
        distinct = list(dict.fromkeys(points))
        if not 3 <= len(distinct) <= MAX_POINTS:
            raise FilterError(
                f"a polygon needs 3 to {MAX_POINTS} distinct corners, not {len(distinct)}"
            )
        shape = shapely.make_valid(shapely.Polygon(points))
        if shape.is_empty or shape.area == 0:
            raise FilterError("the polygon's corners enclose no area (they lie on one line)")
        object.__setattr__(self, "_shape", shape)

    # --- text ---------------------------------------------------------------------------------

    def to_param(self) -> str:
        """The compact text of the area (URL parameter ``area``, CLI option ``--area``)."""
        coords = ";".join(f"{_num(lon)},{_num(lat)}" for lon, lat in self.points)
        if self.kind == "circle":
            return f"circle:{coords},{_num(self.radius_nm)}"
        return f"polygon:{coords}"

    @classmethod
    def parse(cls, text: str) -> DrawnArea:
        """Read `to_param`'s text; raises `FilterError` naming the value and the format."""
        raw = str(text).strip()
        kind, sep, body = raw.partition(":")
        kind = kind.strip().lower()
        try:
            if not sep or kind not in KINDS:
                raise ValueError
            if kind == "circle":
                lon, lat, radius = (float(v) for v in body.split(","))
                return cls("circle", ((lon, lat),), radius)
            pairs = [p for p in body.split(";") if p.strip()]
            points = tuple(_pair(p) for p in pairs)
            return cls("polygon", points)
        except FilterError as exc:
            raise FilterError(f"area {_short(raw)!r}: {exc}") from None
        except ValueError:
            raise FilterError(f"area {_short(raw)!r} is not an area: {_FORMAT_HELP}") from None

    @classmethod
    def from_drawing(cls, drawing: Any) -> DrawnArea:
        """The area of a drawing the map sends: ``{"kind": "polygon", "points": [[lon, lat],
        ...]}`` or ``{"kind": "circle", "center": [lon, lat], "radius_nm": r}`` (coordinates
        rounded to 4 decimals); raises `FilterError` for anything else."""
        if not isinstance(drawing, dict):
            raise FilterError(f"a drawing is a mapping, not {type(drawing).__name__}")
        try:
            if drawing.get("kind") == "circle":
                lon, lat = drawing["center"]
                return cls("circle", ((_round(lon), _round(lat)),), _round(drawing["radius_nm"]))
            if drawing.get("kind") == "polygon":
                points = tuple((_round(lon), _round(lat)) for lon, lat in drawing["points"])
                return cls("polygon", points)
        except (KeyError, TypeError, ValueError):
            pass
        raise FilterError(f"the drawing {_short(repr(drawing))} is not a polygon or a circle")

    # --- geometry -----------------------------------------------------------------------------

    def geometry(self) -> shapely.Geometry:
        """The area as a shapely geometry (a circle as its inscribed geodesic 128-gon)."""
        if self.kind == "circle":
            (lon, lat), radius_m = self.points[0], self.radius_nm * NM
            return circles(np.array([lon]), np.array([lat]), radius_m, CIRCLE_SIDES)[0]
        return self._shape

    def contains(self, lon: Any, lat: Any) -> np.ndarray:
        """Boolean mask of the (lon, lat) points inside the area (its edge included); missing
        coordinates are outside."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        ok = np.isfinite(lon) & np.isfinite(lat)
        out = np.zeros(lon.shape, dtype=bool)
        if not ok.any():
            return out
        if self.kind == "circle":
            (clon, clat) = self.points[0]
            n = int(ok.sum())
            _, _, dist = GEOD.inv(np.full(n, clon), np.full(n, clat), lon[ok], lat[ok])
            out[ok] = np.asarray(dist) <= self.radius_nm * NM
        else:
            out[ok] = shapely.intersects_xy(self._shape, lon[ok], lat[ok])
        return out

    def measures(self) -> dict[str, float]:
        """Geodesic measures in nautical miles (WGS84): a circle's ``radius_nm`` and
        ``area_nm2``; a polygon's ``perimeter_nm`` and ``area_nm2``.

        Examples
        --------
        >>> m = DrawnArea("circle", ((115.0, 10.0),), 10.0).measures()
        >>> m["radius_nm"], round(m["area_nm2"])
        (10.0, 314)
        """
        area_m2, perimeter_m = GEOD.geometry_area_perimeter(self.geometry())
        out = {"area_nm2": abs(area_m2) / NM**2}
        if self.kind == "circle":
            out["radius_nm"] = self.radius_nm
        else:
            out["perimeter_nm"] = perimeter_m / NM
        return out

    def describe(self) -> str:
        """``"circle of 12 nm radius around 15.150°N, 117.760°E"`` or ``"polygon of 4 corners
        (perimeter 310 nm)"``: plain words for captions."""
        m = self.measures()
        if self.kind == "circle":
            lon, lat = self.points[0]
            ns, ew = ("S" if lat < 0 else "N"), ("W" if lon < 0 else "E")
            return (
                f"circle of {_nm(self.radius_nm)} radius around "
                f"{abs(lat):.3f}°{ns}, {abs(lon):.3f}°{ew} ({_nm(m['area_nm2'], '²')})"
            )
        return (
            f"polygon of {len(self.points)} corners (perimeter {_nm(m['perimeter_nm'])}, "
            f"{_nm(m['area_nm2'], '²')})"
        )


def _pair(text: str) -> tuple[float, float]:
    lon, lat = (float(v) for v in text.split(","))
    return lon, lat


def _round(value: Any) -> float:
    return round(float(value), 4)


def _num(value: float) -> str:
    return f"{round(value, 4):g}" if abs(value) < 1e5 else f"{round(value, 4)}"


def _nm(value: float, power: str = "") -> str:
    return f"{value:,.0f} nm{power}" if value >= 100 else f"{value:.1f} nm{power}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
