"""The incident and zone schemas shared by every part of seawatch.

This module imports nothing of seawatch's own: it is the vocabulary the rest of the package speaks.
"""

from __future__ import annotations

from typing import Final

#: Coordinate reference system for everything seawatch stores: WGS84 longitude/latitude.
CRS: Final = "EPSG:4326"

#: Region of interest (degrees): the South China Sea with the Gulf of Tonkin, the Natuna Sea,
#: the Sulu Sea edge and the Luzon Strait.
REGION_WEST: Final = 99.0
REGION_EAST: Final = 125.0
REGION_SOUTH: Final = -3.0
REGION_NORTH: Final = 26.0
REGION_BOUNDS: Final = (REGION_WEST, REGION_SOUTH, REGION_EAST, REGION_NORTH)

#: One international nautical mile in metres.
NM_IN_M: Final = 1852.0

# --- incidents -------------------------------------------------------------------------------

INCIDENT_ID: Final = "incident_id"
DATE: Final = "date"
LATITUDE: Final = "latitude"
LONGITUDE: Final = "longitude"
INCIDENT_TYPE: Final = "incident_type"
COUNTRIES: Final = "countries"
DESCRIPTION: Final = "description"
SOURCE: Final = "source"
LOCATION_NAME: Final = "location_name"
LOCATION_PRECISION: Final = "location_precision"
INITIATOR: Final = "initiator"
VESSELS: Final = "vessels"
CASUALTIES: Final = "casualties"
END_DATE: Final = "end_date"

REQUIRED_COLUMNS: Final = (
    INCIDENT_ID,
    DATE,
    LATITUDE,
    LONGITUDE,
    INCIDENT_TYPE,
    COUNTRIES,
    DESCRIPTION,
    SOURCE,
)
OPTIONAL_COLUMNS: Final = (
    LOCATION_NAME,
    LOCATION_PRECISION,
    INITIATOR,
    VESSELS,
    CASUALTIES,
    END_DATE,
)
#: Column order of data/incidents.csv and of every CSV export.
INCIDENT_COLUMNS: Final = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Columns the store adds to the loaded incidents (`seawatch.store.current_incidents`):
#: the ``;``-joined ids of near-duplicates kept beside an incident ("possibly also reported
#: as"), and the JSON text of an uploaded row's columns the schema does not know.
POSSIBLY_SAME_AS: Final = "possibly_same_as"
EXTRA: Final = "extra"

#: Separator of multi-valued cells (countries, claimants, zone ids).
LIST_SEP: Final = ";"

INCIDENT_TYPES: Final = (
    "collision_ramming",
    "water_cannon",
    "laser_flare",
    "blocking_obstruction",
    "boarding_seizure",
    "harassment_unsafe_maneuver",
    "swarming_militia_presence",
    "construction_reclamation",
    "survey_drilling_standoff",
    "fishing_enforcement",
    "piracy_armed_robbery",
    "aircraft_intercept",
    "firing_weapons",
    "other",
)

INCIDENT_TYPE_LABELS: Final = {t: t.replace("_", " ").capitalize() for t in INCIDENT_TYPES}

#: location_precision values, from most to least precise.
PRECISIONS: Final = ("exact", "feature", "approximate", "region")

# --- states ----------------------------------------------------------------------------------

#: ISO 3166-1 alpha-3 codes seawatch knows by name. Incidents may name any valid ISO3 code
#: (see ISO3_CODES); these are the states of the region and the outside powers that appear in it.
COUNTRY_NAMES: Final = {
    "AUS": "Australia",
    "BRN": "Brunei",
    "CAN": "Canada",
    "CHN": "China",
    "FRA": "France",
    "GBR": "United Kingdom",
    "IDN": "Indonesia",
    "IND": "India",
    "JPN": "Japan",
    "KHM": "Cambodia",
    "KOR": "South Korea",
    "MYS": "Malaysia",
    "NZL": "New Zealand",
    "PHL": "Philippines",
    "SGP": "Singapore",
    "THA": "Thailand",
    "TWN": "Taiwan",
    "USA": "United States",
    "VNM": "Vietnam",
    "DEU": "Germany",
    "NLD": "Netherlands",
    "LKA": "Sri Lanka",
    "MMR": "Myanmar",
    "PAN": "Panama",
    "LBR": "Liberia",
    "MHL": "Marshall Islands",
    "HKG": "Hong Kong",
    "GRC": "Greece",
    "NOR": "Norway",
    "DNK": "Denmark",
    "TUR": "Turkey",
    "BHS": "Bahamas",
    "MLT": "Malta",
    "CYP": "Cyprus",
    "ITA": "Italy",
    "RUS": "Russia",
    "BGD": "Bangladesh",
    "PAK": "Pakistan",
    "TLS": "Timor-Leste",
    "PNG": "Papua New Guinea",
}

#: The states with claims in the South China Sea.
CLAIMANTS: Final = ("BRN", "CHN", "IDN", "MYS", "PHL", "TWN", "VNM")

#: Every code accepted in `countries` / `initiator` / `claimants`.
ISO3_CODES: Final = frozenset(COUNTRY_NAMES)

# --- zones -----------------------------------------------------------------------------------

ZONE_ID: Final = "zone_id"
ZONE_KIND: Final = "kind"
ZONE_NAME: Final = "name"
ZONE_CLAIMANTS: Final = "claimants"
ZONE_BASIS: Final = "basis"
ZONE_SOURCE: Final = "source"
ZONE_METHOD: Final = "method"
ZONE_APPROXIMATE: Final = "approximate"
ZONE_VERSION: Final = "version"
#: Claimants grouped by claim family (``CHN+TWN;VNM``); see `seawatch.zones.status`.
ZONE_FAMILIES: Final = "families"
#: The legal status of a ``status`` zone (one of STATUSES); empty for other kinds.
ZONE_STATUS: Final = "status"
ZONE_COLUMNS: Final = (
    ZONE_ID,
    ZONE_KIND,
    ZONE_NAME,
    ZONE_CLAIMANTS,
    ZONE_FAMILIES,
    ZONE_STATUS,
    ZONE_BASIS,
    ZONE_SOURCE,
    ZONE_METHOD,
    ZONE_APPROXIMATE,
    ZONE_VERSION,
)
#: entitlement: a state's 200-nm reach (context, not a claim); eez_provisional: its EEZ/shelf
#: claim, bounded by agreements, elsewhere by the provisional median line; claim: claim lines and
#: areas (dashed line, KIG, archipelagos); feature_ts: a feature's 12-nm territorial sea;
#: agreement: the area an agreement in force allocates to one party; joint: a joint or
#: provisional arrangement; status: the legal status of every water area (derived, for maps).
ZONE_KINDS: Final = (
    "entitlement",
    "eez_provisional",
    "claim",
    "feature_ts",
    "agreement",
    "joint",
    "status",
)
#: Optional zone columns and their value when a zone file lacks them.
ZONE_OPTIONAL_COLUMNS: Final = {ZONE_FAMILIES: "", ZONE_STATUS: ""}

#: Legal status of a water area, from most to least contested (see seawatch.zones.status).
STATUSES: Final = ("disputed", "joint", "agreed", "undelimited", "single", "none")

# --- join result columns ---------------------------------------------------------------------

JOIN_CLAIMANTS: Final = "claimants"
JOIN_ENTITLED: Final = "entitled"
JOIN_STATUS: Final = "status"
JOIN_DISPUTED: Final = "disputed"
JOIN_ZONE_IDS: Final = "zone_ids"
JOIN_EEZ: Final = "eez"
JOIN_EEZ_BASIS: Final = "eez_basis"
JOIN_AGREEMENTS: Final = "agreements"
JOIN_ON_LAND: Final = "on_land"
JOIN_NEAREST_FEATURE: Final = "nearest_feature"
JOIN_NEAREST_FEATURE_NM: Final = "nearest_feature_nm"
JOIN_COLUMNS: Final = (
    JOIN_CLAIMANTS,
    JOIN_ENTITLED,
    JOIN_STATUS,
    JOIN_DISPUTED,
    JOIN_ZONE_IDS,
    JOIN_EEZ,
    JOIN_EEZ_BASIS,
    JOIN_AGREEMENTS,
    JOIN_ON_LAND,
    JOIN_NEAREST_FEATURE,
    JOIN_NEAREST_FEATURE_NM,
)


def split_list(value: object) -> list[str]:
    """Split a `;`-joined cell into its non-empty, stripped parts.

    Examples
    --------
    >>> split_list("CHN; PHL;")
    ['CHN', 'PHL']
    >>> split_list(None)
    []
    """
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(LIST_SEP) if part.strip()]


def as_codes(value: object) -> list[str]:
    """A multi-valued cell (a list/tuple/array of codes or a `;`-joined string) as a list.

    Examples
    --------
    >>> as_codes(["CHN", "PHL"]), as_codes("CHN;PHL")
    (['CHN', 'PHL'], ['CHN', 'PHL'])
    """
    if isinstance(value, str) or value is None:
        return split_list(value)
    if hasattr(value, "__iter__"):
        return [str(v) for v in value]  # type: ignore[attr-defined]
    return split_list(value)


def join_list(values: object) -> str:
    """Join codes into a sorted, de-duplicated `;`-separated cell.

    Examples
    --------
    >>> join_list(["PHL", "CHN", "PHL"])
    'CHN;PHL'
    """
    return LIST_SEP.join(sorted({str(v) for v in values}))  # type: ignore[attr-defined]
