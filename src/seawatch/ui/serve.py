"""Start the dashboard with its data already loaded: ``python -m seawatch.ui.serve [ARGS]``.

``streamlit run dashboard.py`` answers its health check before the page has ever run, so the
first analyst to open it waits for the imports (geopandas, folium, altair…), the zone files,
the store and the join: several seconds on a small machine. This launcher does that work first,
in the server's own process (the page's caches live in the process), then hands over to
Streamlit's command line with the same arguments (``ARGS`` as for ``streamlit run``). The server
answers when the page is ready to be drawn. It runs from the repository folder, so Streamlit
reads the project's ``.streamlit/config.toml`` (static serving of the map's files) wherever it is
started from.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[3] / "dashboard.py"
_QUIET_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
#: Streamlit's ``runner.postScriptGC`` option as an environment variable.
POST_SCRIPT_GC = "STREAMLIT_RUNNER_POST_SCRIPT_GC"


def warm(app_dir: Path) -> tuple[float, str | None]:
    """Load what the page's first run needs into this process's caches.

    Returns the seconds it took and, when something could not be loaded, why (the page will show
    the same problem as a notice; the server starts anyway).
    """
    start = time.perf_counter()
    # The page's modules and their imports, except `mapview`: streamlit_folium declares its
    # component when imported, which only works once the server runs.
    from seawatch.ui import about, data, dossier, export, filters, panels, upload

    del about, dossier, export, filters, panels, upload
    # Outside a script run Streamlit warns that there is no ScriptRunContext: expected here only.
    logger = logging.getLogger(_QUIET_LOGGER)
    level = logger.level
    logger.setLevel(logging.ERROR)
    problem = None
    try:
        data.ensure_assets(str(app_dir))
        loaded = data.load("builtin")
        version = data.zones_version("builtin")
        data.static_layers(str(app_dir), "builtin", version, version)
        from seawatch.upload import worker

        worker.start()  # the upload worker's imports load while the server starts
        if loaded.notes:
            problem = "; ".join(loaded.notes)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the page reports it; serve anyway
        problem = f"{type(exc).__name__}: {exc}"
    finally:
        logger.setLevel(level)
    return time.perf_counter() - start, problem


def freeze_heap() -> int:
    """Move every object alive now (the imports, zones, incidents, join, caches) out of the
    garbage collector's reach; returns how many objects are frozen.

    They live as long as the server, yet every full collection would walk them again: Streamlit
    collects after each script run (~0.12 s of CPU holding the GIL for the ~190,000 objects of
    a warmed server, ~0 s once they are frozen), so with several analysts at once each rerun of
    one stalled all the others. Objects made later (sessions, reruns) are collected as usual.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def main(argv: list[str] | None = None) -> int:
    """Warm the caches, then run ``streamlit run dashboard.py ARGS``; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not DASHBOARD.is_file():
        print(
            f"seawatch: error: {DASHBOARD} not found (run from a clone of the repository)",
            file=sys.stderr,
        )
        return 2
    os.chdir(DASHBOARD.parent)
    if not {"-h", "--help"} & set(args):  # help needs no data
        seconds, problem = warm(DASHBOARD.parent)
        freeze_heap()
        note = f" (not everything could be loaded: {problem})" if problem else ""
        print(f"seawatch: data loaded in {seconds:.1f} s{note}; starting the dashboard", flush=True)
    # Streamlit's full collection after every script run walks every object made since the
    # freeze (sessions, caches filled by the pages): with 8 analysts at once it was a third of
    # the server's GIL time (benchmarks/README.md). Python's own collector still runs; an
    # operator's setting of the variable wins.
    os.environ.setdefault(POST_SCRIPT_GC, "false")
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(DASHBOARD), *args]
    try:
        cli.main()
    except SystemExit as exc:  # click ends with SystemExit(code); None means success
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
