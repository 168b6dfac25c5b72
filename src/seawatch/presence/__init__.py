"""Presence: vessel positions joined against the zones, turned into vessel-days and events.

- `seawatch.presence.positions`: reading and checking positions (Parquet/CSV, AIS aliases)
- `seawatch.presence.engine`: the streaming in-process engine (`presence`)
- `seawatch.presence.days`: vessel-days and the summary
- `seawatch.presence.events`: runs, entries and exits
- `seawatch.presence.incidents`: events as candidate incidents
- `seawatch.presence.writing`: the output folder
- `seawatch.presence.dask_engine`: the same on a Dask cluster (optional extra ``presence``)
- `seawatch.presence.synth`: synthetic tracks for tests and benchmarks

See ``docs/presence.md``.
"""

from __future__ import annotations

from seawatch.presence.engine import PresenceOptions, PresenceResult, presence

__all__ = ["PresenceOptions", "PresenceResult", "presence"]
