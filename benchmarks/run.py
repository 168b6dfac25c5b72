"""Run every ``bench_*.py`` script in this folder and print what each one reports.

Each benchmark runs in its own Python process (so memory peaks and caches do not leak from one
to the next) with the arguments given after ``--``; a failing benchmark is reported and the
others still run. Exit code: 0 when all succeeded, 1 otherwise.

Usage::

    python benchmarks/run.py                 # all benchmarks
    python benchmarks/run.py join            # only those whose name contains "join"
    python benchmarks/run.py join -- --points 100000 --repeat 3
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def find(patterns: list[str]) -> list[Path]:
    """The benchmark scripts, optionally only those whose name contains one of `patterns`."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if patterns:
        scripts = [s for s in scripts if any(p in s.stem for p in patterns)]
    return scripts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, extra = args[:cut], args[cut + 1 :]
    scripts = find(args)
    if not scripts:
        print(f"no benchmark matches {args!r} in {HERE}", file=sys.stderr)
        return 1
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script), *extra], check=False)
        print(f"== {script.name}: exit {done.returncode} in {time.perf_counter() - start:.0f} s\n")
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
