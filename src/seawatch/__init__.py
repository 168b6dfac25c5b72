"""seawatch: maritime incidents in the South China Sea, joined against maritime zones.

The public API is loaded lazily so that ``import seawatch`` stays cheap:

- `load_incidents` — the curated incidents (``data/incidents.csv``) as a GeoDataFrame
- `load_zones` — the maritime zone layers (built-in or imported) as a GeoDataFrame
- `join` — every incident attributed to every zone that covers it
- `claimants_at` — the states that claim one point
- `status_at` — everything the join says of one point: claimants, entitled, legal status, EEZ
- `IncidentFilter`, `apply_filter` — the filter shared by the dashboard, the CLI and the exports
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_incidents": "seawatch.incidents",
    "load_zones": "seawatch.zones",
    "join": "seawatch.spatial",
    "claimants_at": "seawatch.spatial",
    "status_at": "seawatch.spatial",
    "IncidentFilter": "seawatch.filtering",
    "apply_filter": "seawatch.filtering",
}

__all__ = [
    "IncidentFilter",
    "__version__",
    "apply_filter",
    "claimants_at",
    "join",
    "load_incidents",
    "load_zones",
    "status_at",
]

if TYPE_CHECKING:
    from seawatch.filtering import IncidentFilter, apply_filter
    from seawatch.incidents import load_incidents
    from seawatch.spatial import claimants_at, join, status_at
    from seawatch.zones import load_zones


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'seawatch' has no attribute {name!r}")
