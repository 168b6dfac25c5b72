"""``seawatch datasets list|fetch``: public incident datasets, downloaded and imported."""

from __future__ import annotations

import argparse

from seawatch import datasets, public_data

_FMT = argparse.RawDescriptionHelpFormatter

DATASETS_EPILOG = """\
examples:
  seawatch datasets list
  seawatch datasets fetch scsdi
  seawatch datasets fetch asam --timeout 120

The file is downloaded on this machine into the cache folder, verified (checksum, or size and
format), validated like an upload and added to the incident store as one batch, with its
licence and citation recorded (shown by `seawatch datasets list` and in the About tab).
Undo it like any upload: seawatch store undo BATCH.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``datasets list`` and ``datasets fetch`` to the parser."""
    d = sub.add_parser(
        "datasets",
        help="list or fetch public incident datasets (SCSDI, NGA ASAM)",
        description="Public incident datasets that seawatch can download and import.",
        epilog=DATASETS_EPILOG,
        formatter_class=_FMT,
    )
    actions = d.add_subparsers(dest="datasets_command", metavar="ACTION", required=True)
    actions.add_parser(
        "list", help="list the datasets, their licences and what was fetched"
    ).set_defaults(func=run_list)
    f = actions.add_parser(
        "fetch",
        help="download, verify and import one dataset as a batch",
        description="Download NAME, verify it, and add its valid rows to the store as one batch.",
        epilog=DATASETS_EPILOG,
        formatter_class=_FMT,
    )
    f.add_argument("name", metavar="NAME", choices=sorted(public_data.DATASETS), help="dataset")
    f.add_argument(
        "--base-url",
        metavar="URL",
        help="replace scheme and host of the download URL, for a mirror (also "
        f"{public_data.BASE_URL_ENV})",
    )
    f.add_argument(
        "--timeout",
        type=float,
        default=public_data.TIMEOUT_S,
        metavar="S",
        help=f"seconds to wait for the server (default {public_data.TIMEOUT_S:g})",
    )
    f.add_argument("--user", help="who imports (default: your login name)")
    f.set_defaults(func=run_fetch)


def run_list(args: argparse.Namespace) -> int:
    """One block per dataset, then the datasets fetched into this store."""
    for spec in public_data.iter_catalogue():
        print(f"{spec.name}: {spec.title}")
        print(f"  publisher:    {spec.publisher} ({spec.landing_page})")
        print(f"  licence:      {spec.licence}")
        print(f"  citation:     {spec.citation}")
        print(f"  format:       {spec.file_format}")
        print(f"  url:          {spec.url}")
        print(f"  verification: {spec.verification}")
    records = public_data.fetched_records()
    print(f"fetched into {datasets.store_path()}: {len(records)}")
    for r in records:
        state = " (undone)" if r.get("undone") else ""
        print(
            f"  {r.get('fetched_at')}  {r.get('name')}  batch {r.get('batch_id')}{state}: "
            f"added {r.get('added')}, already stored {r.get('duplicates')}, "
            f"rejected {r.get('rejected')}"
        )
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch one dataset; prints the batch and the validation summary."""
    spec = public_data.get_dataset(args.name)
    url = public_data.download_url(spec, args.base_url)
    print(f"downloading {spec.name} from {url}")
    result = public_data.fetch(
        args.name, base_url=args.base_url, timeout=args.timeout, user=args.user
    )
    print(f"verified {result.path} ({result.size:,} bytes, sha256 {result.sha256})")
    for line in result.report.summary():
        print(line)
    batch = result.imported
    print(
        f"batch {batch.batch_id}: added {batch.added:,} incident(s), skipped "
        f"{batch.duplicates:,} already in the store, {result.report.rejected:,} row(s) rejected"
    )
    print(f"licence: {spec.licence}")
    print(f"cite as: {spec.citation}")
    return 0
