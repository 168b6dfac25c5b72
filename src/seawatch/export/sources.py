"""What an exported map or report says about its data: sources, versions, licences, date.

The facts come from the data themselves: the zone frame's ``version`` column, the zone
manifest (``data/eez/manifest.json``) when the built-in layers are used, and the incident
count and date range of the view. The licences are those stated in ``data/README.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from seawatch import __version__, datasets, schema

#: Licences as stated in data/README.md (bundled data) and data/eez/README.md.
INCIDENTS_LICENCE = (
    "Incidents: seawatch's curated list (MIT licence) and uploads; every incident cites its "
    "public source (see the table)."
)
LAND_LICENCE = "Land and coastlines: Natural Earth 1:10m (public domain)."
MARINE_REGIONS = (
    "Zones: Marine Regions, Maritime Boundaries and EEZ (Flanders Marine Institute, CC BY 4.0)"
)
DISCLAIMER = "Zone limits are computed approximations and imply no position on sovereignty."


def zone_versions(zones: pd.DataFrame | None) -> list[str]:
    """The distinct ``version`` values of the zones drawn, sorted."""
    if zones is None or zones.empty or schema.ZONE_VERSION not in zones:
        return []
    return sorted({str(v) for v in zones[schema.ZONE_VERSION].dropna()})


def read_manifest(path: Path | None = None) -> dict[str, object]:
    """The built-in zone manifest, or ``{}`` when there is none or it cannot be read."""
    path = path or datasets.zones_dir() / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _zone_line(zones: pd.DataFrame | None, manifest: dict[str, object]) -> str:
    versions = zone_versions(zones)
    sources = (
        ""
        if zones is None or schema.ZONE_SOURCE not in zones
        else " ".join(str(v) for v in zones[schema.ZONE_SOURCE].dropna().unique())
    )
    if "marine regions" in sources.lower() or "marineregions" in sources.lower():
        line = MARINE_REGIONS
    else:
        line = "Zones: seawatch built-in layers"
        if manifest.get("version"):
            line += f" {manifest['version']}"
        cited = manifest.get("sources")
        count = (
            f"{len(cited)} cited legal and geographic sources"
            if isinstance(cited, list)
            else "cited sources"
        )
        line += (
            f", computed from Natural Earth 1:10m (public domain) and {count} (data/eez/README.md)"
        )
    if versions:
        line += "; zone data version " + ", ".join(versions)
    return line + "."


def source_lines(
    zones: pd.DataFrame | None, *, manifest: dict[str, object] | None = None
) -> list[str]:
    """Lines naming the data behind a map: incidents, zones (with versions), land, disclaimer."""
    manifest = read_manifest() if manifest is None else manifest
    return [INCIDENTS_LICENCE, _zone_line(zones, manifest), LAND_LICENCE, DISCLAIMER]


def made_line(created: dt.datetime | dt.date) -> str:
    """``Made with seawatch 0.1.0 on 2025-01-01 12:00 UTC``."""
    when = (
        created.strftime("%Y-%m-%d %H:%M UTC")
        if isinstance(created, dt.datetime)
        else created.isoformat()
    )
    return f"Made with seawatch {__version__} on {when}."


def now_utc() -> dt.datetime:
    """The creation time stamped on exports (injectable in tests for reproducible files)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
