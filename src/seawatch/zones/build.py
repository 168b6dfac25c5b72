"""Build the built-in maritime zone layers into ``data/eez/`` (``seawatch zones build``).

`build_zones(out_dir)` reads Natural Earth land (the `build` extra) and the hand-written legal
coordinates (`seawatch.zones.sources`, `seawatch.zones.agreements`, `seawatch.zones.features`),
computes the zone layers of `schema.ZONE_KINDS` (entitlement, eez_provisional, claim,
feature_ts, agreement, joint and the derived status layer), a land layer, the lines of
agreements and claims, and a light display copy, writes them deterministically (same inputs ->
byte-identical files) and returns the manifest it also writes to ``manifest.json``. See
data/eez/README.md for the methods.
"""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from seawatch.schema import COUNTRY_NAMES, join_list
from seawatch.zones import agreements, claims, coast, division, entitlement, overlay, sources
from seawatch.zones import status as zone_status
from seawatch.zones.features import FEATURES, Feature
from seawatch.zones.writing import LineRow, ZoneRow, write_layers

#: Version of the built-in zone layers (bump when a method or a source changes).
ZONES_VERSION = "2.0"
#: Every layer is clipped to this box (degrees): schema.REGION_BOUNDS plus about 1 degree.
CLIP_BBOX = (98.0, -4.0, 126.0, 27.0)
#: States whose land blocks rays (all states with land near the region).
BLOCKING_STATES = (*sources.ENTITLEMENT_STATES, "IND", "JPN", "LAO", "MMR", "TLS")
#: The two states asserting the dashed line and the archipelago claims as one claim family.
CHINA_FAMILY = frozenset({"CHN", "TWN"})

_ENTITLEMENT_BASIS = (
    "UNCLOS arts. 5, 57: 200 nm from the normal baseline (low-water line), approximated by the "
    "coastline of the state's undisputed land"
)
_ENTITLEMENT_METHOD = (
    "geodesic (WGS84) 200-nm rays from coast vertices (coast simplified 0.008 deg, densified "
    "<= 20 km, 96 rays each, rays stop at other states' large landmasses), union, land removed"
)
_EEZ_METHOD = (
    "entitlement divided by the agreed lines in force near them (corridor of 200 nm, 12 nm for "
    "territorial-sea agreements), elsewhere by equidistance: Voronoi of coast vertices every "
    "5 km (azimuthal equidistant projection centred 12N 113E)"
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
    in_force = division.in_force(agreements.AGREEMENTS)
    return [
        ZoneRow(
            zone_id=f"eez-{state}",
            kind="eez_provisional",
            name=f"{_name(state)} EEZ claim (provisional)",
            claimants=state,
            families=state,
            basis="the state's EEZ and shelf claim: its 200-nm entitlement, bounded by its "
            "boundary agreements in force and elsewhere by the provisional median line",
            source="; ".join(
                [sources.NATURAL_EARTH] + [a.citation for a in in_force if state in a.parties]
            ),
            method=_EEZ_METHOD,
            approximate=True,
            geometry=_clip(geom),
        )
        for state, geom in sorted(eezs.items())
    ]


def _claim_rows(undisputed_land: BaseGeometry) -> list[ZoneRow]:
    rows = [
        ZoneRow(
            zone_id="claim-nine-dash-line",
            kind="claim",
            name="Chinese dashed line (nine-dash line)",
            claimants="CHN;TWN",
            families="CHN+TWN",
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
            families="PHL",
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
                families=area.families,
                basis=area.basis,
                source=area.source,
                method=area.method,
                approximate=True,
                geometry=_clip(shapely.difference(polys[area.key], undisputed_land)),
            )
        )
    return rows


def feature_families(feature: Feature) -> str:
    """The claim families of a feature's territorial sea.

    CHN and TWN are one family (the same claim), except where one of them holds the feature
    and the other claims it (Pratas: held by TWN, claimed by CHN), which is a sovereignty
    dispute between them.
    """
    china = CHINA_FAMILY & set(feature.claimants)
    held = feature.held_by
    together = len(china) == 2 and held not in china
    groups = [frozenset(china)] if together else [frozenset({s}) for s in china]
    groups += [frozenset({s}) for s in feature.claimants if s not in CHINA_FAMILY]
    return zone_status.format_families(groups)


def _feature_rows(undisputed_land: BaseGeometry) -> list[ZoneRow]:
    # a low-tide elevation (UNCLOS art. 13) or a submerged bank generates none
    features = tuple(f for f in FEATURES if f.generates_territorial_sea)
    return [
        ZoneRow(
            zone_id=f"ts-{f.key}",
            kind="feature_ts",
            name=f"{f.name} 12-nm territorial sea",
            claimants=join_list(f.claimants),
            families=feature_families(f),
            basis="UNCLOS art. 3: 12-nm territorial sea of a feature above water at high tide, "
            "claimed by each of its claimants (low-tide elevations and submerged banks have "
            "none: UNCLOS art. 13; a rock has no EEZ, art. 121(3))",
            source=f.source,
            method="geodesic (WGS84) 12-nm circle (128 vertices) around the feature's position; "
            "land removed",
            approximate=True,
            geometry=_clip(shapely.difference(circle, undisputed_land)),
        )
        for f, circle in zip(features, claims.feature_ts(features), strict=True)
    ]


def _joint_geoms(undisputed_land: BaseGeometry) -> dict[str, BaseGeometry]:
    out = {}
    for area in agreements.JOINT_AREAS:
        if len(area.ring) >= 3:
            geom = claims.ring_polygon(area.ring)
            out[area.key] = _clip(shapely.difference(geom, undisputed_land))
    return out


def _in_force_text(in_force: str | None) -> str:
    return f"in force since {in_force}" if in_force else "no entry into force recorded"


def _joint_rows(joints: dict[str, BaseGeometry]) -> list[ZoneRow]:
    return [
        ZoneRow(
            zone_id=f"joint-{area.key}",
            kind="joint",
            name=area.name,
            claimants=join_list(area.parties),
            families=join_list(area.parties),
            basis=f"{area.arrangement.replace('_', ' ')} signed {area.signed} "
            f"({_in_force_text(area.in_force)})",
            source=area.citation,
            method="the arrangement's turning points joined by straight lon/lat segments; "
            "land removed",
            approximate=False,
            geometry=joints[area.key],
        )
        for area in agreements.JOINT_AREAS
        if area.key in joints
    ]


def _agreement_rows(
    eezs: dict[str, BaseGeometry],
    ents: dict[str, BaseGeometry],
    joints: dict[str, BaseGeometry],
) -> list[ZoneRow]:
    """Per agreement in force and party: the area the agreement allocates to that party.

    That is the party's side of the line's corridor (cut to the treaty's area of application
    where it has one) within its EEZ claim and within the overlap of the two parties' 200-nm
    entitlements — a bilateral line divides only what both states could claim; beyond the
    overlap the waters are one state's without any agreement — minus joint areas (which exist
    where the line was not agreed), except common fishery zones (fishing regimes inside agreed
    waters).
    """
    unsettled = [
        joints[a.key]
        for a in agreements.JOINT_AREAS
        if a.key in joints and a.arrangement != "common_fishery_zone"
    ]
    holes = shapely.union_all(unsettled) if unsettled else shapely.Polygon()
    rows = []
    for agreement in division.in_force(agreements.AGREEMENTS):
        for party, side in sorted(division.agreement_sides(agreement).items()):
            if party not in eezs or not all(p in ents for p in agreement.parties):
                continue
            overlap = shapely.intersection(*(ents[p] for p in agreement.parties))
            geom = shapely.intersection(shapely.intersection(side, eezs[party]), overlap)
            geom = shapely.difference(geom, holes)
            rows.append(
                ZoneRow(
                    zone_id=f"agreement-{agreement.key}-{party}",
                    kind="agreement",
                    name=agreement.title,
                    claimants=party,
                    families=party,
                    basis=f"{agreement.scope.replace('_', ' ')} boundary signed "
                    f"{agreement.signed}, {_in_force_text(agreement.in_force)}: "
                    f"{_name(party)}'s side",
                    source=agreement.citation,
                    method="the party's side of the agreed line (turning points joined by "
                    "straight segments) within its EEZ claim and the two parties' overlapping "
                    "200-nm entitlements, up to 200 nm from the line (12 nm for a "
                    "territorial-sea agreement), between the perpendiculars at its ends and "
                    "inside the treaty's area of application where it defines one",
                    approximate=True,
                    geometry=_clip(geom),
                )
            )
    return rows


def _cover(row: ZoneRow) -> zone_status.Cover:
    claimants = tuple(row.claimants.split(";"))
    families = zone_status.parse_families(row.families, claimants)
    return zone_status.Cover(row.zone_id, row.kind, row.name, claimants, families)


def _status_rows(joinable: list[ZoneRow]) -> list[ZoneRow]:
    inputs = [(row.geometry, _cover(row)) for row in joinable if not row.geometry.is_empty]
    rows = []
    for found, geom in overlay.status_areas(inputs):
        parties = " / ".join(" + ".join(_name(s) for s in sorted(f)) for f in found.families)
        rows.append(
            ZoneRow(
                zone_id=f"status-{found.status}-{found.families_text.replace(';', '_')}",
                kind="status",
                name=f"{zone_status.STATUS_LABELS[found.status]}: {parties}",
                claimants=join_list(found.claimants),
                families=found.families_text,
                status=found.status,
                basis=zone_status.STATUS_RULES[found.status],
                source="computed by seawatch from the entitlement, eez_provisional, claim, "
                "feature_ts, agreement and joint layers",
                method="union of zone boundaries -> polygonize -> status of each face "
                "(seawatch.zones.status.classify) -> dissolve by status and claim families; "
                f"faces < {overlay.SLIVER_KM2} km2 dropped",
                approximate=True,
                geometry=_clip(geom),
            )
        )
    return rows


def _line_rows() -> list[LineRow]:
    rows = [
        LineRow(
            line_id=f"line-{agreement.key}",
            kind="agreed_boundary" if agreement.in_force else "signed_boundary",
            name=agreement.title,
            claimants=join_list(agreement.parties),
            status=_in_force_text(agreement.in_force),
            source=agreement.citation,
            geometry=shapely.LineString(agreement.points),
        )
        for agreement in agreements.AGREEMENTS
        if len(agreement.points) >= 2
    ]
    rows.append(
        LineRow(
            line_id="line-dashed-line",
            kind="claim_line",
            name="Chinese dashed line (nine-dash line)",
            claimants="CHN;TWN",
            status="claim",
            source=sources.NINE_DASH_SOURCE,
            geometry=shapely.MultiLineString([list(d) for d in sources.NINE_DASHES]),
        )
    )
    rows.append(
        LineRow(
            line_id="line-kalayaan",
            kind="claim_line",
            name="Kalayaan Island Group limits (PD 1596)",
            claimants="PHL",
            status="claim",
            source=sources.KIG_SOURCE,
            geometry=shapely.LineString([*sources.KIG_RING, sources.KIG_RING[0]]),
        )
    )
    return rows


def compute_layers() -> tuple[dict[str, list[ZoneRow]], coast.Land, list[LineRow]]:
    """All zone layers as rows, by kind, the land they were built from, and the lines."""
    disputed_rings = list(claims.archipelago_polygons().values())
    land = coast.load_land(disputed_rings)
    raster = entitlement.BlockingRaster(land, BLOCKING_STATES)
    ents = {s: entitlement.entitlement(land, s, raster)[0] for s in sources.ENTITLEMENT_STATES}
    regions = division.apply_agreements(
        division.nearest_coast_regions(land, sources.ENTITLEMENT_STATES), agreements.AGREEMENTS
    )
    eezs = division.divide(ents, regions)
    undisputed = shapely.union_all(list(land.states.values()))
    joints = _joint_geoms(undisputed)
    layers = {
        "entitlement": _entitlement_rows(ents),
        "eez_provisional": _eez_rows(eezs),
        "claim": _claim_rows(undisputed),
        "feature_ts": _feature_rows(undisputed),
        "agreement": _agreement_rows(eezs, ents, joints),
        "joint": _joint_rows(joints),
    }
    layers["status"] = _status_rows([row for rows in layers.values() for row in rows])
    return layers, land, _line_rows()


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
    layers, land, lines = compute_layers()
    return write_layers(Path(out_dir), layers, land, lines, ZONES_VERSION, CLIP_BBOX)
