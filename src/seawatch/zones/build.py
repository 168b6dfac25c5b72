"""Build the built-in maritime zone layers into ``data/eez/`` (``seawatch zones build``).

`build_zones(out_dir)` reads Natural Earth land (the `build` extra) and the hand-written legal
coordinates (`seawatch.zones.sources`, `seawatch.zones.features`), computes the five zone
layers (entitlement, eez_provisional, claim, feature_ts, disputed), a land layer and a light
display copy, writes them deterministically (same inputs -> byte-identical files) and returns
the manifest it also writes to ``manifest.json``. See data/eez/README.md for the methods.
"""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.schema import COUNTRY_NAMES, join_list
from seawatch.zones import claims, coast, division, entitlement, overlay, sources
from seawatch.zones.features import FEATURES
from seawatch.zones.writing import ZoneRow, write_layers

#: Version of the built-in zone layers (bump when a method or a source changes).
ZONES_VERSION = "1.1"
#: Every layer is clipped to this box (degrees): schema.REGION_BOUNDS plus about 1 degree.
CLIP_BBOX = (98.0, -4.0, 126.0, 27.0)
#: States whose land blocks rays (all states with land near the region).
BLOCKING_STATES = (*sources.ENTITLEMENT_STATES, "IND", "JPN", "LAO", "MMR", "TLS")

_ENTITLEMENT_BASIS = (
    "UNCLOS arts. 5, 57: 200 nm from the normal baseline (low-water line), approximated by the "
    "coastline of the state's undisputed land"
)
_ENTITLEMENT_METHOD = (
    "geodesic (WGS84) 200-nm rays from coast vertices (coast simplified 0.008 deg, densified "
    "<= 20 km, 96 rays each, rays stop at other states' large landmasses), union, land removed"
)
_EEZ_METHOD = (
    "entitlement divided by equidistance: Voronoi of coast vertices every 5 km (azimuthal "
    "equidistant projection centred 12N 113E); Gulf of Tonkin by the 2000 China-Vietnam line"
)


def _clip(geom: BaseGeometry) -> BaseGeometry:
    return shapely.make_valid(shapely.clip_by_rect(geom, *CLIP_BBOX))


def _name(iso3: str) -> str:
    return COUNTRY_NAMES.get(iso3, iso3)


def _entitlement_rows(ents: dict[str, BaseGeometry]) -> list[ZoneRow]:
    return [
        ZoneRow(
            zone_id=f"entitlement-{state}",
            kind="entitlement",
            name=f"{_name(state)} 200-nm entitlement",
            claimants=state,
            basis=_ENTITLEMENT_BASIS,
            source=sources.NATURAL_EARTH,
            method=_ENTITLEMENT_METHOD,
            approximate=True,
            geometry=_clip(geom),
        )
        for state, geom in sorted(ents.items())
    ]


def _eez_rows(eezs: dict[str, BaseGeometry]) -> list[ZoneRow]:
    rows = []
    for state, geom in sorted(eezs.items()):
        source = sources.NATURAL_EARTH
        method = _EEZ_METHOD if state in ("CHN", "VNM") else _EEZ_METHOD.split(";")[0]
        if state in ("CHN", "VNM"):
            source = f"{sources.NATURAL_EARTH}; {sources.TONKIN_SOURCE}"
        rows.append(
            ZoneRow(
                zone_id=f"eez-{state}",
                kind="eez_provisional",
                name=f"{_name(state)} provisional EEZ",
                claimants=state,
                basis="entitlement divided where entitlements overlap (not an agreed boundary "
                "except the Gulf of Tonkin)",
                source=source,
                method=method,
                approximate=True,
                geometry=_clip(geom),
            )
        )
    return rows


def _claim_rows(undisputed_land: BaseGeometry) -> list[ZoneRow]:
    rows = [
        ZoneRow(
            zone_id="claim-nine-dash-line",
            kind="claim",
            name="Chinese dashed line (nine-dash line)",
            claimants="CHN;TWN",
            basis="China's dashed line (map annexed to note verbale CML/17/2009), inherited "
            "from the ROC's 1947 eleven-dash line; legal nature undefined by China",
            source=sources.NINE_DASH_SOURCE,
            method="dashes joined by straight segments, closed along the 2000 Gulf of Tonkin "
            "line and across Chinese land to Taiwan's southern cape; land removed",
            approximate=True,
            geometry=_clip(shapely.difference(claims.nine_dash_polygon(), undisputed_land)),
        ),
        ZoneRow(
            zone_id="claim-kalayaan",
            kind="claim",
            name="Kalayaan Island Group",
            claimants="PHL",
            basis="Presidential Decree No. 1596 (1978), Section 1",
            source=sources.KIG_SOURCE,
            method="the decree's 6 turning points joined by straight lon/lat segments",
            approximate=False,
            geometry=_clip(shapely.difference(claims.kig_polygon(), undisputed_land)),
        ),
    ]
    polys = claims.archipelago_polygons()
    for area in sources.CLAIM_AREAS:
        rows.append(
            ZoneRow(
                zone_id=f"claim-{area.key}",
                kind="claim",
                name=area.name,
                claimants=join_list(area.claimants),
                basis=area.basis,
                source=area.source,
                method=area.method,
                approximate=True,
                geometry=_clip(shapely.difference(polys[area.key], undisputed_land)),
            )
        )
    return rows


def _feature_rows(undisputed_land: BaseGeometry) -> list[ZoneRow]:
    return [
        ZoneRow(
            zone_id=f"ts-{f.key}",
            kind="feature_ts",
            name=f"{f.name} 12-nm territorial sea",
            claimants=join_list(f.claimants),
            basis="UNCLOS art. 3: 12-nm territorial sea of the feature, claimed by each of its "
            "claimants (whether the feature generates one is itself disputed)",
            source=f.source,
            method="geodesic (WGS84) 12-nm circle (128 vertices) around the feature's position; "
            "land removed",
            approximate=True,
            geometry=_clip(shapely.difference(circle, undisputed_land)),
        )
        for f, circle in zip(FEATURES, claims.feature_ts(FEATURES), strict=True)
    ]


def _overlay_inputs(rows: list[ZoneRow]) -> list[tuple[BaseGeometry, frozenset[str]]]:
    """Claiming zones for the overlay; in the Gulf of Tonkin the agreed line settles the
    overlap of the CHN and VNM entitlements, so each counts only on its own side."""
    vnm_side, chn_side = division.tonkin_sides()
    out = []
    for row in rows:
        geom = row.geometry
        if row.zone_id == "entitlement-VNM":
            geom = shapely.difference(geom, chn_side)
        elif row.zone_id == "entitlement-CHN":
            geom = shapely.difference(geom, vnm_side)
        out.append((geom, frozenset(row.claimants.split(";"))))
    return out


def _disputed_rows(claiming: list[ZoneRow]) -> list[ZoneRow]:
    return [
        ZoneRow(
            zone_id="disputed-" + "-".join(sorted(states)),
            kind="disputed",
            name="Disputed: " + join_list(states),
            claimants=join_list(states),
            basis=f"claimed by {len(states)} states through entitlement, claim or feature_ts zones",
            source="computed by seawatch from the entitlement, claim and feature_ts layers",
            method="union of zone boundaries -> polygonize -> claimant set per face -> "
            f"dissolve by claimant set; faces < {overlay.SLIVER_KM2} km2 dropped",
            approximate=True,
            geometry=_clip(geom),
        )
        for states, geom in overlay.disputed_areas(_overlay_inputs(claiming))
    ]


def compute_layers() -> tuple[dict[str, list[ZoneRow]], coast.Land]:
    """All zone layers as rows, by kind, and the land they were built from."""
    disputed_rings = list(claims.archipelago_polygons().values())
    land = coast.load_land(disputed_rings)
    raster = entitlement.BlockingRaster(land, BLOCKING_STATES)
    ents = {s: entitlement.entitlement(land, s, raster)[0] for s in sources.ENTITLEMENT_STATES}
    regions = division.apply_agreements(
        division.nearest_coast_regions(land, sources.ENTITLEMENT_STATES)
    )
    eezs = division.divide(ents, regions)
    undisputed = shapely.union_all(list(land.states.values()))
    layers = {
        "entitlement": _entitlement_rows(ents),
        "eez_provisional": _eez_rows(eezs),
        "claim": _claim_rows(undisputed),
        "feature_ts": _feature_rows(undisputed),
    }
    claiming = layers["entitlement"] + layers["claim"] + layers["feature_ts"]
    layers["disputed"] = _disputed_rows(claiming)
    return layers, land


def build_zones(out_dir: Path) -> dict:
    """Build every zone layer into `out_dir` and return the manifest (also written there).

    Parameters
    ----------
    out_dir
        Folder to write into (created if missing); existing layer files are overwritten.

    Returns
    -------
    dict
        The manifest: layer -> file, feature count, sha256; version, sources, tolerances.
    """
    layers, land = compute_layers()
    return write_layers(Path(out_dir), layers, land, ZONES_VERSION, CLIP_BBOX)
