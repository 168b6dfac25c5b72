"""Exports for reports: the incidents in view as data files, the map as HTML, PNG, PDF and a report.

- `export_data(view, fmt)` — CSV, GeoJSON, GeoPackage, KML, GeoParquet bytes
- `export_zones(zones, fmt)` — the zone layers in view as GeoJSON or GeoPackage
- `export_map(view, zones, fmt, ...)` — standalone HTML, static PNG/PDF, or the PDF report pack
"""

from __future__ import annotations

from seawatch.export.data import DATA_FORMATS, export_data, write_data
from seawatch.export.errors import ExportError
from seawatch.export.maps import MAP_FORMATS, export_map
from seawatch.export.zones import ZONE_FORMATS, export_zones

__all__ = [
    "DATA_FORMATS",
    "MAP_FORMATS",
    "ZONE_FORMATS",
    "ExportError",
    "export_data",
    "export_map",
    "export_zones",
    "write_data",
]
