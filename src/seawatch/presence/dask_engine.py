"""The presence count on a Dask cluster (``pip install seawatch[presence]``).

One Dask task per fragment (file) of the positions runs
`seawatch.presence.engine.process_fragment`, the unit of work of the in-process engine, on a
worker; the driver folds the small results, in fragment order, with the same
`seawatch.presence.engine.Combiner`. So both engines give identical outputs.

The zones are loaded once on the driver and *scattered* to every worker once
(``broadcast=True``); each worker then builds (or reads from its cache directory) the join's
lookup grid once per process, and every partition it joins reuses it (`seawatch.spatial`
keeps the prepared grid per zone set). The positions are read by the workers themselves: the
path must be readable from every worker (a shared file system; local paths for a
``LocalCluster``). Scheduling, retries and data transfer are Dask's: seawatch adds no pool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd

from seawatch.errors import InputError
from seawatch.presence import positions as pos
from seawatch.presence.engine import Combiner, PresenceOptions, PresenceResult, process_fragment

#: Results waiting on the driver at most (bounds the driver's memory on big inputs).
_WINDOW = 8


def presence_dask(
    path: str | Path,
    zones: gpd.GeoDataFrame,
    options: PresenceOptions | None = None,
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PresenceResult:
    """`seawatch.presence.presence` on a Dask cluster: identical outputs.

    Parameters
    ----------
    path
        The positions (must be readable by the workers at this path).
    zones
        Zone layers (`seawatch.load_zones`), scattered once to every worker.
    client
        An existing ``distributed.Client``; else one is made for `scheduler` (an address such
        as ``tcp://host:8786``) or for a ``LocalCluster`` of `workers` processes (one thread
        each), and closed at the end.

    Raises
    ------
    InputError
        dask/distributed are not installed, or neither a client, a scheduler nor a worker
        count is given.
    """
    options = options or PresenceOptions()
    dataset = pos.open_positions(path, format=options.input_format)
    pos.resolve_columns(dataset.schema.names)
    n_fragments = len(list(dataset.get_fragments()))
    with _client(client, scheduler, workers) as dask_client:
        shared = dask_client.scatter(zones, broadcast=True)
        combiner = Combiner(options)
        futures: list[Any] = []
        submitted = 0
        for number in range(n_fragments):
            while submitted < n_fragments and submitted < number + _WINDOW:
                futures.append(
                    dask_client.submit(
                        process_fragment,
                        str(path),
                        submitted,
                        shared,
                        options,
                        key=f"seawatch-presence-{submitted}-{id(combiner)}",
                        pure=False,
                    )
                )
                submitted += 1
            result = futures[number].result()
            futures[number] = None  # release the finished task's result
            combiner.add(result, f"fragment {number + 1}")
            if progress is not None:
                progress(number + 1, n_fragments)
        return combiner.result()


@contextmanager
def _client(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if client is not None:
        yield client
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "the Dask engine needs dask and distributed: pip install 'seawatch[presence]'"
        ) from None
    if scheduler:
        with Client(scheduler) as made:
            yield made
        return
    if not workers or workers < 1:
        raise InputError(f"--workers must be a positive number of workers, got {workers!r}")
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as made,
    ):
        yield made
