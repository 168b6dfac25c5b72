"""``seawatch validate``, ``import`` and ``store list|undo``: uploads from a shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd

from seawatch import store
from seawatch.cli.common import Progress, add_force_argument, check_output
from seawatch.cli.upload_args import add_reading_arguments, load_upload
from seawatch.columns import current_user, remember_mapping
from seawatch.errors import InputError
from seawatch.extra import with_extra
from seawatch.io import RawTable
from seawatch.upload.preview import commit_summary, proposal_lines
from seawatch.upload.region import clip_to_region
from seawatch.validation import ValidationReport

#: Problems printed before "... and N more".
MAX_PRINTED = 50

VALIDATE_EPILOG = """\
examples:
  seawatch validate asam.csv --errors rejected.csv
  seawatch validate attacks.csv --preset crime-at-sea
  seawatch validate export.xlsx --map date=Year+Month+Day --map latitude=5
  seawatch validate positions.txt --no-header --map date=1 --map position=2

exit status: 0 every row is valid (some may carry warnings), 1 some rows are invalid,
2 the file cannot be read at all (or no date/position column can be found).
"""

IMPORT_EPILOG = """\
examples:
  seawatch import asam.csv
  seawatch import events.csv --preset scsdi-events --clip-region
  seawatch import tracker.csv --map date=Year+Month+Day --swap-latlon
  seawatch import positions.txt --no-header --accept-guess
  seawatch store list
  seawatch store undo 7

Rows that validate (also those with warnings) are added to the incident store as one batch.
A row that is an incident already stored (the same id, date, type, description and source,
or the same date, position, type, description and source) is not stored twice: the batch
holds the stored incident, which stays until every batch holding it is undone. A row of the
same day and type within 1 nm of another incident, with another text or source, is kept and
linked to it (possibly_same_as). An id already used by another incident is stored as
<id>~<file hash>.
Column roles guessed from the values (no header, or an unknown one) are printed with a sample
value per column and not imported until you confirm them with --accept-guess or set them
with --map. Rows outside the region are imported and counted, unless --clip-region.
"""


MIGRATE_EPILOG = """\
examples:
  seawatch store migrate
  seawatch store migrate --from sqlite:////home/ana/.local/share/seawatch/store.sqlite \\
      --to postgresql://seawatch@db.example.org/seawatch

A STORE is a SQLite file (a path or sqlite:///path) or a postgresql:// URL.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``validate``, ``import`` and ``store`` to the parser."""
    v = sub.add_parser(
        "validate",
        help="check an incident file row by row without storing it",
        description="Read FILE as the upload does and report every rejected or suspect row "
        "(row in the file, column, value, problem).",
        epilog=VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _file_arguments(v)
    v.add_argument(
        "--errors",
        metavar="OUT.csv",
        help="write the rejected rows, as in the original file, to fix and upload again",
    )
    v.add_argument("--problems", metavar="OUT.csv", help="write the full problem list as CSV")
    add_force_argument(v)
    v.set_defaults(func=run_validate)

    i = sub.add_parser(
        "import",
        help="validate an incident file and add its valid rows to the store",
        description="Validate FILE and add its valid rows to the incident store as one batch.",
        epilog=IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _file_arguments(i)
    i.add_argument("--user", help="who uploads (default: your login name)")
    i.add_argument(
        "--clip-region",
        action="store_true",
        help="import only the rows inside the region (latitude/longitude bounds of "
        "seawatch.schema.REGION_BOUNDS); the rows left out are counted",
    )
    i.set_defaults(func=run_import)

    s = sub.add_parser(
        "store",
        help="list or undo the batches of the incident store",
        description="The incident store holds the bundled incidents (the seed) and every "
        "uploaded batch.",
    )
    store_sub = s.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    store_sub.add_parser("list", help="list every batch").set_defaults(func=run_store_list)
    u = store_sub.add_parser(
        "undo", help="remove the incidents of one uploaded batch that no other batch holds"
    )
    u.add_argument("batch", metavar="BATCH", type=int, help="batch id (see `seawatch store list`)")
    u.add_argument(
        "--dry-run",
        action="store_true",
        help="list the incidents the undo would remove and change nothing",
    )
    u.set_defaults(func=run_store_undo)
    store_sub.add_parser(
        "audit", help="list the audit trail: every import, undo, copy and sign-in"
    ).set_defaults(func=run_store_audit)
    m = store_sub.add_parser(
        "migrate",
        help="bring the store's tables to this version, or copy a store into a new one",
        description="Without options: apply the schema migrations the store lacks (every "
        "store does so on first write access). With --from and --to: copy every batch of one "
        "store into another, empty one (ids kept), e.g. a SQLite file into PostgreSQL.",
        epilog=MIGRATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    m.add_argument("--from", dest="source", metavar="STORE", help="the store to copy from")
    m.add_argument("--to", dest="target", metavar="STORE", help="the new store to copy into")
    m.set_defaults(func=run_store_migrate)


def _file_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="CSV/TSV text, .xlsx, GeoJSON or GeoPackage")
    add_reading_arguments(p)


def _load(args: argparse.Namespace) -> tuple[RawTable, gpd.GeoDataFrame, ValidationReport]:
    return load_upload(args.file, args)


def _print_report(report: ValidationReport) -> None:
    for line in report.summary():
        print(line)
    if report.guessed:
        print("proposed mapping (column roles guessed from the values; check them):")
        for line in proposal_lines(report.table, report.mapping, report.guessed):
            print(line)
    shown = report.problems.head(MAX_PRINTED)
    for p in shown.itertuples(index=False):
        print(f"  row {p.row}, column {p.column!r}, value {p.value!r}: {p.problem} [{p.severity}]")
    hidden = len(report.problems) - len(shown)
    if hidden > 0:
        print(f"  ... and {hidden:,} more problem(s) (write them all with --problems OUT.csv)")


def run_validate(args: argparse.Namespace) -> int:
    """Print the report; 0 when every row is valid, 1 otherwise."""
    written: list[Path] = []
    for option, value in (("--errors", args.errors), ("--problems", args.problems)):
        if value:
            inputs = [args.file, *written]
            written.append(check_output(value, option, inputs=inputs, force=args.force))
    _, _, report = _load(args)
    _print_report(report)
    if args.errors:
        _write(Path(args.errors), report.rejected_text())
        print(f"{report.rejected:,} rejected row(s) written to {args.errors}")
    if args.problems:
        _write(Path(args.problems), report.problems_csv())
        print(f"{len(report.problems):,} problem(s) written to {args.problems}")
    return 0 if report.all_valid else 1


def _write(path: Path, text: str) -> None:
    """Write a report file; an unwritable path is an `InputError` naming it (exit 2)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None


def run_import(args: argparse.Namespace) -> int:
    """Validate, then add the valid rows as one batch; prints the batch id.

    A mapping guessed from the values is refused (exit 2) unless ``--accept-guess`` confirms
    it (``--map`` replaces the guess and is a confirmation too).
    """
    table, accepted, report = _load(args)
    _print_report(report)
    if report.guessed and not args.accept_guess:
        raise InputError(
            f"{table.name}: the column roles above were guessed from the values "
            f"({', '.join(report.guessed)}); nothing was imported. Check the proposed mapping, "
            "then import with --accept-guess, or set the columns with --map FIELD=COLUMN."
        )
    outside = 0
    # the columns the schema does not know, kept per row (before any row is left out)
    accepted = with_extra(accepted, report)
    if args.clip_region:
        accepted, left_out = clip_to_region(accepted)
        print(f"{left_out:,} row(s) outside the region left out (--clip-region)")
    else:
        _, outside = clip_to_region(accepted)
        if outside:
            print(
                f"{outside:,} row(s) outside the region will be imported "
                "(--clip-region imports only the rows in the region)"
            )
    print(f"storing: {commit_summary(accepted, report.guessed, outside)}")
    bar = Progress(len(accepted), "importing", sys.stderr)
    result = store.import_incidents(
        accepted,
        table.name,
        table.sha256,
        user=args.user,
        progress=lambda done, total: bar.update(done),
    )
    bar.close()
    if table.header:  # remembered for the login user: proposed, never applied, next time
        remember_mapping(table.columns, report.mapping, current_user())
    print(
        f"batch {result.batch_id}: added {result.added:,} incident(s), skipped "
        f"{result.duplicates:,} already in the store, {report.rejected:,} row(s) rejected"
    )
    if result.linked:
        print(
            f"{result.linked:,} added incident(s) lie within 1 nm of an incident of the same day "
            "and type but with another text or source: kept, and linked as possibly the same "
            "(column possibly_same_as)"
        )
    if result.renamed:
        print(
            f"{result.renamed:,} incident id(s) were already used by other incidents; "
            "they were stored with ~<file hash> appended"
        )
    return 0


def run_store_list(args: argparse.Namespace) -> int:
    """One line per batch."""
    print(f"store: {store.describe_location()}")
    print("batch  kind    added  dups linked  when                       who         file")
    for b in store.list_batches():
        state = f"  (undone {b.undone_at})" if b.undone_at else ""
        print(
            f"{b.batch_id:>5}  {b.kind:<6} {b.added:>6} {b.duplicates:>5} {b.linked:>6}  "
            f"{b.created_at:<25}  {b.user[:10]:<10}  {b.file_name}{state}"
        )
    return 0


def run_store_undo(args: argparse.Namespace) -> int:
    if args.dry_run:
        preview = store.undo_preview(args.batch)
        b = preview.batch
        print(
            f"undoing batch {b.batch_id} ({b.file_name}, {b.user}, {b.created_at}) would remove "
            f"{len(preview.removes):,} incident(s); {preview.keeps:,} stay (another batch "
            "holds them)"
        )
        for row in preview.removes.itertuples(index=False):
            print(f"  {row.incident_id}  {row.date}  {row.incident_type}")
        return 0
    removed = store.undo(args.batch)
    print(f"undone batch {args.batch}: removed {removed:,} incident(s)")
    return 0


def run_store_migrate(args: argparse.Namespace) -> int:
    """Apply pending migrations, or copy ``--from`` into ``--to``."""
    if (args.source is None) != (args.target is None):
        raise InputError("give both --from STORE and --to STORE to copy a store, or neither")
    if args.source is not None:
        copied = store.copy_store(args.source, args.target)
        print(
            f"copied {copied.batches:,} batch(es), {copied.incidents:,} incident(s), "
            f"{copied.links:,} link(s) from {store.describe_location(args.source)} "
            f"to {store.describe_location(args.target)}"
        )
        return 0
    before, applied = store.migrate()
    where = store.describe_location()
    if not applied:
        print(f"store {where}: schema version {max(before, store.SCHEMA_VERSION)}, up to date")
    for migration in applied:
        print(f"store {where}: applied migration {migration.version} ({migration.name})")
    return 0


def run_store_audit(args: argparse.Namespace) -> int:
    """One line per event, oldest first."""
    print(f"store: {store.describe_location()}")
    print("when                       who         action    batch  file sha256   detail")
    for e in store.list_audit():
        batch = "" if e.batch_id is None else str(e.batch_id)
        sha = (e.file_sha256 or "")[:12]
        print(f"{e.at:<25}  {e.actor[:10]:<10}  {e.action:<8} {batch:>6}  {sha:<12}  {e.detail}")
    return 0
