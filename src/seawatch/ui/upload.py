"""The dashboard's Upload section: file -> mapping -> preview -> report -> commit to the store.

Self-contained: `render_upload` draws everything and returns True when a batch was committed.
All text that comes from an upload is shown through ``st.dataframe``/``st.text`` (never as
markdown or HTML); messages that quote file content are markdown-escaped first. Every table
goes through the CSV formula guard (`seawatch.text.neutralise_frame`): Streamlit's table
toolbar offers "Download as CSV" of the cells as shown.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from seawatch import auth, store
from seawatch.columns import FIELDS, POSITION, Mapping, detect, recall_mapping
from seawatch.columns import remember_mapping as _remember
from seawatch.dates import DateOrder
from seawatch.errors import SeawatchError
from seawatch.extra import with_extra
from seawatch.incidents import to_canonical
from seawatch.io import RawTable
from seawatch.text import neutralise_frame
from seawatch.ui import signin, turns
from seawatch.upload import worker
from seawatch.upload.presets import Preset, detect_preset, get_preset, preset_names
from seawatch.upload.preview import commit_summary, proposal_rows
from seawatch.upload.region import clip_to_region
from seawatch.validation import ValidationReport

ACCEPTED_TYPES = ["csv", "tsv", "txt", "xlsx", "geojson", "json", "gpkg"]
PREVIEW_ROWS = 20
MAX_PROBLEMS_SHOWN = 2000
_NONE = "(none)"
_DETECT = "(recognise from the header)"
_ORDERS: dict[str, DateOrder] = {"DMY": "DMY", "MDY": "MDY"}
_DONE_KEY = "seawatch_upload_done"
_TABLES_KEY = "seawatch_upload_tables"
_UPLOADER = "seawatch_upload_file"
#: (name, bytes, restored) of the file being worked on; see `_current_file`.
_KEPT_KEY = "seawatch_upload_kept"
#: (table and choices, (accepted, report)) of the last validation; see `_validated`.
_CHECKED_KEY = "seawatch_upload_checked"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_LOG = logging.getLogger(__name__)
#: Encodings offered in the upload tab besides detection (any Python codec works on the CLI).
ENCODINGS = ("utf-8", "cp1252", "cp1258", "gbk", "big5", "shift_jis", "euc-kr", "utf-16")
_DETECT = "detect"
#: Shown instead of a traceback (which would show server paths and code to the analyst).
UNEXPECTED = (
    "Something went wrong while working on this file; nothing was stored. The details are "
    "in the server's log. Check the file (or save it as UTF-8 CSV) and try again."
)


@dataclass(frozen=True)
class UploadChoices:
    """What the analyst chose for one file (gathered from the widgets)."""

    header: bool
    mapping: Mapping
    date_order: DateOrder | None
    swap: bool
    user: str
    preset: Preset | None = None
    #: Fields still as guessed from the values (not chosen by the analyst) -> confidence.
    guessed: dict[str, float] | None = None
    #: The analyst confirmed the guessed mapping.
    confirmed: bool = False


def plain(text: object) -> str:
    """Escape markdown so that file content shows as typed, never as links, images or markup.

    Examples
    --------
    >>> plain("![x](http://evil) <b>")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\://evil\\\\) \\\\<b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def render_upload(rerun: bool = True) -> bool:
    """Draw the upload section; True when a batch was committed.

    Parameters
    ----------
    rerun
        After a commit, rerun the whole page so every panel reads the store again (the result
        message is kept for the next run). With False the caller refreshes and True is returned.
    """
    st.subheader("Upload incidents")
    done = st.session_state.pop(_DONE_KEY, None)
    if done:
        st.success(done)
    # Streamlit drops a widget's state on a run that does not draw it (the tabs are lazy), so
    # the file being worked on is kept here too: leaving the tab and coming back loses nothing.
    returning = _UPLOADER not in st.session_state
    uploaded = st.file_uploader(
        "Incident file: CSV/TSV text, Excel .xlsx, GeoJSON or GeoPackage points",
        type=ACCEPTED_TYPES,
        key=_UPLOADER,
        help="Encodings, delimiters, coordinate and date spellings are detected; every row is "
        "checked and reported before anything is stored.",
    )
    current = _current_file(uploaded, returning)
    committed = False
    if current is not None:
        try:
            committed = _render_file(*current)
        except Exception:  # noqa: BLE001 — any bug shows as a message, never as a traceback
            _LOG.exception("upload tab: unexpected error on %r", current[0])
            st.error(UNEXPECTED)
    _render_batches()
    if committed and rerun:
        st.rerun()
    return committed


def _current_file(uploaded: object, returning: bool) -> tuple[str, bytes] | None:
    """(name, bytes) of the file to work on: the uploader's, else the one kept from before the
    analyst left the tab (until they choose another file or forget it)."""
    if uploaded is not None:
        name, data = uploaded.name, uploaded.getvalue()  # type: ignore[attr-defined]
        st.session_state[_KEPT_KEY] = (name, data, False)
        return name, data
    kept = st.session_state.get(_KEPT_KEY)
    if kept is None or not (returning or kept[2]):
        st.session_state.pop(_KEPT_KEY, None)  # the analyst removed the file from the uploader
        return None
    name, data, _ = kept
    st.session_state[_KEPT_KEY] = (name, data, True)  # kept until replaced or forgotten
    st.info(
        plain(f"Still working on {name}, chosen before you left this tab")
        + " (the column choices are back to the detected ones). Choose another file above, or:"
    )
    if st.button("Forget this file", key="upload_forget"):
        st.session_state.pop(_KEPT_KEY, None)
        st.rerun()
    return name, data


def _read(name: str, data: bytes, header: bool | None, encoding: str | None = None) -> RawTable:
    """Read once per (file, header choice, encoding) and keep the table in the session."""
    sha = hashlib.sha256(data).hexdigest()
    tables = st.session_state.setdefault(_TABLES_KEY, {})
    for old in [k for k in tables if k[0] != sha]:
        del tables[old]  # keep only the current file in memory
    key = (sha, header, encoding)
    if key not in tables:
        job = worker.read_job(data, name, header=header, encoding=encoding)
        tables[key] = in_worker(job, "Reading the file")
    return tables[key]


def in_worker(job: worker.Job, doing: str) -> Any:
    """The result of `job` (`seawatch.upload.worker`): the page waits for it without holding
    the server's GIL or its page turn (`turns`), and says so while another upload is ahead of
    it in the worker."""
    turns.PAGE_TURNS.give_up()
    if job.queued():
        note = st.empty()
        note.info(
            f"Queued: another upload is being read on this server. {doing} starts when it is "
            "done (one upload at a time, so that the dashboard stays responsive)."
        )
        job.wait_turn()
        note.empty()
    with st.spinner(f"{doing}…"):
        return job.result()


def _validated(
    table: RawTable, choices: UploadChoices
) -> tuple[gpd.GeoDataFrame, ValidationReport]:
    """`validate` of `table` with the analyst's choices, in the upload worker; kept in the
    session for its table and choices (a rerun that changes neither does not check again)."""
    key = (
        table.sha256,
        table.header,
        table.encoding,
        table.delimiter,
        repr(choices.mapping),
        choices.date_order,
        choices.swap,
        None if choices.preset is None else choices.preset.name,
    )
    kept = st.session_state.get(_CHECKED_KEY)
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    job = worker.validate_job(
        table,
        choices.mapping,
        date_order=choices.date_order,
        swap=choices.swap,
        preset=choices.preset,
    )
    result = in_worker(job, "Checking the rows")
    st.session_state[_CHECKED_KEY] = (key, result)
    return result  # type: ignore[no-any-return]


def _encoding_choice(detected: RawTable, sha: str) -> str | None:
    """The encoding the analyst chose for a text file (None: the detected one)."""
    if detected.format != "csv":
        return None
    sure = detected.encoding_confidence
    found = f"{detected.encoding}" + (f", confidence {sure:.0%}" if sure is not None else "")
    choice = st.selectbox(
        f"Text encoding (detected: {found})",
        [_DETECT, *ENCODINGS],
        key=f"upload_encoding_{sha}",
        help="Choose another encoding when accents or Chinese, Japanese or Vietnamese text "
        "look wrong in the preview.",
    )
    return None if choice == _DETECT else choice


def _render_file(name: str, data: bytes) -> bool:
    try:
        detected = _read(name, data, None)
        sha = detected.sha256[:12]
        encoding = _encoding_choice(detected, sha)
        if encoding is not None:
            detected = _read(name, data, None, encoding)
    except SeawatchError as exc:
        st.error(plain(exc))
        return False
    header = st.checkbox(
        "The first row is a header", value=detected.header, key=f"upload_header_{sha}"
    )
    table = detected if header == detected.header else _read(name, data, header, encoding)
    choices = _render_choices(table, sha)
    try:
        accepted, report = _validated(table, choices)
    except SeawatchError as exc:
        st.warning(plain(exc))
        return False
    report.guessed = dict(choices.guessed or {})
    _render_report(accepted, report, sha)
    # the columns the schema does not know are attached before any row is left out
    to_store, outside = _render_region(with_extra(accepted, report), sha)
    return _render_commit(table, to_store, report, choices, outside)


def _describe(mapping: Mapping) -> str:
    return ", ".join(f"{f} ← {' + '.join(c)}" for f, c in mapping.items())


def _default_mapping(table: RawTable, preset: Preset | None) -> tuple[Mapping, dict[str, float]]:
    """The mapping to start from, and the fields in it that were guessed from the values."""
    if preset is not None:
        return preset.mapping(table.columns), {}
    found = detect(table.columns, table.frame.head(200))
    return found.mapping, found.guessed


def _choose_preset(table: RawTable, sha: str) -> tuple[Preset | None, bool]:
    """The preset to read with, and whether the analyst chose it (rather than detection)."""
    recognised = detect_preset(table.columns) if table.header else None
    names = [_DETECT, *preset_names()]
    choice = st.selectbox(
        "Dataset format",
        names,
        key=f"upload_preset_{sha}",
        help="Presets read the public datasets (NGA ASAM, Crime at Sea, IMO GISIS, SCSDI, "
        "ReCAAP, ACLED) with their own vocabularies; see docs/upload-formats.md.",
    )
    if choice != _DETECT:
        return get_preset(choice), True
    if recognised is not None:
        st.caption(plain(f"Recognised format: {recognised.title} (preset {recognised.name})"))
    return recognised, False


def _render_choices(table: RawTable, sha: str) -> UploadChoices:
    """Name, format, mapping selectboxes (pre-filled with the detection, or with the analyst's
    remembered mapping once they confirm it), date order, swap.

    The mapping panel opens whenever the mapping is incomplete, any role was guessed from the
    values or the analyst has a remembered mapping for this header; it shows a sample value
    per column, and a guessed mapping must be confirmed.
    """
    user = st.text_input("Your name (recorded with the batch)", key="upload_user").strip()
    preset, chosen_preset = _choose_preset(table, sha)
    if chosen_preset:  # the mapping widgets start again from the chosen preset's mapping
        sha = f"{sha}_{preset.name}"  # type: ignore[union-attr]
    default, guessed = _default_mapping(table, preset)
    # a remembered mapping is the analyst's own (by the name above) and only proposed
    remembered = recall_mapping(table.columns, user) if table.header and user else None
    proposal = remembered if remembered and remembered != default else None
    options = [_NONE, *table.columns]
    mapping: Mapping = {}
    complete = "date" in default and (
        POSITION in default or ("latitude" in default and "longitude" in default)
    )
    state = "guessed from the values, check it" if guessed else "open to adjust"
    label = plain(f"Column mapping (detected: {_describe(default) or 'nothing'}; {state})")
    with st.expander(label, expanded=not complete or bool(guessed) or proposal is not None):
        st.caption(
            "Each field of the incident schema and the column of your file that feeds it. "
            "Use either latitude + longitude or one position column."
        )
        suffix = ""
        if proposal is not None:
            st.info(
                "You used another mapping for files with this header: "
                + plain(_describe(proposal))
                + ". Columns named like a schema field always feed that field."
            )
            if st.checkbox("Use my remembered mapping", key=f"upload_remembered_{sha}"):
                default, guessed, suffix = proposal, {}, "_remembered"
        if guessed:
            st.warning(
                "The file's header does not name these columns: their roles were guessed "
                "from the values (see the confidence per column). Check them before storing."
            )
        rows = pd.DataFrame(proposal_rows(table, default, guessed))
        st.dataframe(neutralise_frame(rows), hide_index=True)
        cols = st.columns(3)
        for i, field in enumerate(FIELDS):
            current = default.get(field, ())
            joined = len(current) > 1 and field != "date"
            single = current[0] if len(current) >= 1 else _NONE
            with cols[i % 3]:
                choice = st.selectbox(
                    field + (" (+ " + ", ".join(current[1:]) + ")" if joined else ""),
                    options,
                    index=options.index(single) if single in options else 0,
                    key=f"upload_map_{sha}_{field}{suffix}",
                )
            if choice != _NONE:
                # a field fed by several columns (ASAM Desc1...Desc6) keeps them while its
                # first column is kept
                mapping[field] = current if joined and choice == current[0] else (choice,)
        parts_default = default.get("date", ())
        use_parts = st.checkbox(
            "Assemble the date from year, month and day columns",
            value=len(parts_default) > 1,
            key=f"upload_date_parts_{sha}{suffix}",
        )
        if use_parts:
            parts = []
            part_cols = st.columns(3)
            for j, label in enumerate(("year", "month", "day")):
                guess = parts_default[j] if j < len(parts_default) else _NONE
                with part_cols[j]:
                    parts.append(
                        st.selectbox(
                            f"date: {label}",
                            options,
                            index=options.index(guess) if guess in options else 0,
                            key=f"upload_date_{label}_{sha}{suffix}",
                        )
                    )
            chosen = tuple(p for p in parts if p != _NONE)
            if chosen:
                mapping["date"] = chosen
    if POSITION in mapping and ("latitude" in mapping or "longitude" in mapping):
        st.info(
            "Both a position column and latitude/longitude are chosen: using latitude/longitude."
        )
        del mapping[POSITION]
    order = st.radio(
        "Numeric dates like 03/04/2024",
        ["decide from the values", "DMY", "MDY"],
        horizontal=True,
        key=f"upload_order_{sha}",
    )
    swap = st.checkbox("Swap lat/lon in the rows where they look swapped", key=f"upload_swap_{sha}")
    final = {f: mapping[f] for f in FIELDS if f in mapping}
    still_guessed = {f: c for f, c in guessed.items() if final.get(f) == default.get(f)}
    confirmed = False
    if still_guessed:
        confirmed = st.checkbox(
            "I checked the proposed mapping: store the rows with these columns",
            key=f"upload_confirm_{sha}",
        )
    return UploadChoices(
        table.header,
        final,
        _ORDERS.get(order),
        swap,
        user,
        preset,
        still_guessed,
        confirmed,
    )


def _render_region(accepted: gpd.GeoDataFrame, sha: str) -> tuple[gpd.GeoDataFrame, int]:
    """Offer to leave out the rows outside the region (on by default when there are any).

    Returns the rows to store and how many of them lie outside the region.
    """
    inside, outside = clip_to_region(accepted)
    if not outside:
        return accepted, 0
    clip = st.checkbox(
        f"Import only the {len(inside):,} rows in the region "
        f"({outside:,} lie outside the map's region)",
        value=True,
        key=f"upload_clip_{sha}",
    )
    return (inside, 0) if clip else (accepted, outside)


def _render_report(accepted: gpd.GeoDataFrame, report: ValidationReport, sha: str) -> None:
    st.text("\n".join(report.summary()))
    c1, c2, c3 = st.columns(3)
    c1.metric("Accepted", f"{report.accepted:,}")
    c2.metric("Suspect (kept, with a warning)", f"{report.suspect:,}")
    c3.metric("Rejected", f"{report.rejected:,}")
    if report.swap_candidates and not report.swapped:
        st.warning(
            f"{report.swap_candidates} row(s) look like latitude and longitude are swapped: "
            "tick 'Swap lat/lon' above to use them."
        )
    st.markdown("**Preview: the first rows as they will be stored**")
    st.dataframe(neutralise_frame(to_canonical(accepted.head(PREVIEW_ROWS))), hide_index=True)
    if len(report.problems):
        st.markdown("**Problems, row by row** (row = line in your file)")
        st.dataframe(neutralise_frame(report.problems.head(MAX_PROBLEMS_SHOWN)), hide_index=True)
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            st.caption(f"First {MAX_PROBLEMS_SHOWN:,} of {len(report.problems):,}: download all.")
        d1, d2 = st.columns(2)
        d1.download_button(
            "Download the rejected rows (as in your file)",
            report.rejected_text().encode("utf-8"),
            file_name=f"rejected_{report.table.name.rsplit('.', 1)[0]}.csv",
            mime="text/csv",
            disabled=report.rejected == 0,
            key=f"upload_rejected_{sha}",
        )
        d2.download_button(
            "Download the problem list (CSV)",
            report.problems_csv().encode("utf-8"),
            file_name="problems.csv",
            mime="text/csv",
            key=f"upload_problems_{sha}",
        )


def _render_commit(
    table: RawTable,
    accepted: gpd.GeoDataFrame,
    report: ValidationReport,
    choices: UploadChoices,
    outside: int = 0,
) -> bool:
    guessed = choices.guessed or {}
    label = "Add to the store: " + commit_summary(accepted, guessed, outside)
    blocked = bool(guessed) and not choices.confirmed
    if blocked:
        st.info("Tick 'I checked the proposed mapping' above to store these rows.")
    disabled = len(accepted) == 0 or blocked
    if not st.button(label, type="primary", disabled=disabled, key="upload_commit"):
        return False
    bar = st.progress(0.0, text="Adding incidents…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text="Adding incidents…")

    turns.PAGE_TURNS.give_up()  # one transaction, seconds for a large file: others go ahead
    try:
        result = auth.import_as(  # refused unless the session's role may upload
            signin.current_user(),
            accepted,
            table.name,
            table.sha256,
            user=choices.user or None,
            progress=progress,
        )
    except SeawatchError as exc:
        st.error(plain(exc))
        return False
    bar.progress(1.0, text="Done")
    if table.header and choices.user:  # proposed to this analyst next time
        _remember(table.columns, report.mapping, choices.user)
    message = (
        f"Batch {result.batch_id}: added {result.added:,} incident(s) from "
        f"{plain(table.name)}; {result.duplicates:,} were already in the store; "
        f"{report.rejected:,} row(s) rejected."
    )
    if result.linked:
        message += (
            f" {result.linked:,} lie within 1 nm of an incident of the same day and type with "
            "another text or source: kept, and linked as possibly the same incident."
        )
    if result.renamed:
        message += (
            f" {result.renamed:,} id(s) already used by other incidents were stored as "
            "their id followed by ~ and the start of the file's hash."
        )
    st.session_state[_DONE_KEY] = message
    st.success(message)
    return True


def _render_batches() -> None:
    with st.expander("Uploaded batches"):
        try:
            batches = store.list_batches()
        except SeawatchError as exc:
            st.error(plain(exc))
            return
        rows = [
            {
                "batch": b.batch_id,
                "kind": b.kind,
                "file": b.file_name,
                "who": b.user,
                "when (UTC)": b.created_at,
                "added": b.added,
                "duplicates": b.duplicates,
                "linked": b.linked,
                "undone": b.undone_at or "",
            }
            for b in batches
        ]
        st.dataframe(neutralise_frame(pd.DataFrame(rows)), hide_index=True)
        user = signin.current_user()
        if user.role == "admin" and user.authenticated:  # who did what (seawatch store audit)
            st.caption("Audit trail (newest first)")
            audit = pd.DataFrame([vars(e) for e in reversed(store.list_audit())])
            st.dataframe(neutralise_frame(audit), hide_index=True)
        undoable = [
            b.batch_id
            for b in batches
            if b.kind == "upload" and not b.undone_at and auth.can_undo(user, b)
        ]
        if not undoable:
            return
        batch = st.selectbox("Batch to undo", undoable, key="upload_undo_batch")
        try:
            preview = store.undo_preview(int(batch))
        except SeawatchError as exc:  # undone meanwhile by another session
            st.error(plain(exc))
            return
        _show_undo_preview(preview)
        sure = st.checkbox(
            f"Yes, undo batch {batch} and remove {len(preview.removes):,} incident(s)",
            key=f"upload_undo_sure_{batch}",
        )
        if st.button("Undo this batch", key="upload_undo", disabled=not sure):
            turns.PAGE_TURNS.give_up()  # the undo's transaction: other analysts go ahead
            try:
                removed = auth.undo_as(user, int(batch))  # the role is checked again
            except SeawatchError as exc:  # a read-only store, a full disk...
                st.error(plain(exc))
                return
            st.session_state[_DONE_KEY] = (
                f"Undone batch {batch}: removed {removed:,} incident(s) that no other batch holds."
            )
            st.rerun()


def _show_undo_preview(preview: store.UndoPreview) -> None:
    """Say what an undo removes and keeps before the analyst confirms it."""
    b = preview.batch
    st.warning(  # the file and user names are text from users: shown as typed, never as markup
        f"Undoing batch {b.batch_id} ({plain(b.file_name)}, uploaded by {plain(b.user)} on "
        f"{b.created_at} UTC) removes {len(preview.removes):,} incident(s) that no other batch "
        f"holds; {preview.keeps:,} incident(s) of this batch stay because another batch holds "
        "them too."
    )
    if not preview.removes.empty:
        st.dataframe(neutralise_frame(preview.removes), hide_index=True)
