"""timeline.xlsx: the rows of timeline.csv for people who live in Excel.

One row per event, in the timeline's order, with the columns of timeline.csv plus `time_local`, a
real Excel date (the wall-clock time in the case zone: Excel has no time zones) and `xlsx_note`,
which says what Excel's limits changed in that row. Every other cell is typed as text, so Excel
never reads `=cmd|...` as a formula, `+447700900123` or `00123` as a number, `#N/A` as an error or
`1/2` as a date. What an .xlsx cannot hold is changed in the workbook only, counted, and explained
on the "About" sheet; timeline.csv keeps the full text:

- characters XML 1.0 forbids (NUL and the other C0 controls but tab, newline and carriage return;
  U+FFFE, U+FFFF) become U+FFFD;
- a cell holds at most 32,767 characters (counted in UTF-16, as Excel does): longer text is cut;
- a sheet holds at most 1,048,576 rows: the rest go on to "Timeline (2)", "Timeline (3)" …

Text that looks like Excel's own escape (`_x0041_`) is written `_x005F_x0041_`, which Excel shows as
the original text. The workbook is written in openpyxl's write-only mode, a few thousand rows at a
time, so a million rows need no more memory than a few thousand (besides the frame). Each sheet
goes through a file in the system's temporary folder (message text!) that openpyxl deletes when the
workbook is saved, or at exit if writing failed. The same frame gives the same bytes:
the document dates and every zip entry's time are fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from caselog.timeline import COLUMNS
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

MAX_SHEET_ROWS = 1_048_576          # Excel's rows per sheet, the header row included
MAX_CELL_CHARS = 32_767             # Excel's characters per cell, in UTF-16 code units
SHEET = "Timeline"
TIME_COLUMN = "time_local"
NOTE_COLUMN = "xlsx_note"
XLSX_COLUMNS = (COLUMNS[0], TIME_COLUMN, *COLUMNS[1:], NOTE_COLUMN)
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
FIXED = datetime(1980, 1, 1)        # every zip entry's time, and the document dates unless told otherwise

_CHUNK = 5_000                      # rows turned into Python values at once
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = {"event_id": 18, TIME_COLUMN: 20, "timestamp_utc": 21, "timestamp_local": 26, "channel": 11,
           "kind": 9, "direction": 10, "party": 10, "subject": 30, "body": 80, "duration_s": 10,
           "exhibit": 8, "source_path": 30, "locator": 14, "details": 40, NOTE_COLUMN: 40}
_DEFAULT_WIDTH = 18
# What XML 1.0 cannot hold (openpyxl raises IllegalCharacterError), and Excel's own _xHHHH_ escape.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CARE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]|_x[0-9A-Fa-f]{4}_"     # both, for Arrow (RE2)
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_SAFE_LENGTH = MAX_CELL_CHARS // 2  # no string this long can exceed the limit in UTF-16
_ERRORS = pa.array(ERROR_CODES, pa.large_string())


@dataclass
class _Counts:
    replaced_characters: int = 0
    truncated_cells: int = 0
    undated_rows: int = 0


def write_timeline_xlsx(frame: pd.DataFrame, path: Path, zone_name: str, *,
                        built_at: datetime | None = None) -> dict:
    """Write timeline.xlsx; return {"rows", "replaced_characters", "truncated_cells"} for the manifest.

    `frame` is build_timeline's (COLUMNS plus `epoch_us`); `built_at` (aware, or naive UTC), if given,
    becomes the workbook's created/modified date, else FIXED: the same frame and built_at, the same bytes.
    """
    zone = ZoneInfo(zone_name)
    if built_at is not None and built_at.tzinfo is not None:
        built_at = built_at.astimezone(UTC).replace(tzinfo=None)
    per_sheet = MAX_SHEET_ROWS - 1
    sheets = max(1, -(-len(frame) // per_sheet))
    counts = _Counts()
    book = Workbook(write_only=True)
    for number in range(sheets):
        start, stop = number * per_sheet, min(len(frame), (number + 1) * per_sheet)
        title = SHEET if number == 0 else f"{SHEET} ({number + 1})"
        _write_sheet(book.create_sheet(title), frame, start, stop, zone, counts)
    _write_about(book.create_sheet("About"), zone_name, len(frame), sheets, counts)
    _save_stable(book, path, built_at or FIXED)
    return {"rows": len(frame), "replaced_characters": counts.replaced_characters,
            "truncated_cells": counts.truncated_cells}


def _write_sheet(sheet, frame: pd.DataFrame, start: int, stop: int, zone: ZoneInfo, counts: _Counts) -> None:
    for index, name in enumerate(XLSX_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, _DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{stop - start + 1}"
    sheet.append([_text_cell(sheet, name, _BOLD) for name in XLSX_COLUMNS])
    for row in _rows(sheet, frame, start, stop, zone, counts):
        sheet.append(row)


def _rows(sheet, frame: pd.DataFrame, start: int, stop: int, zone: ZoneInfo, counts: _Counts) -> Iterator[list]:
    """The sheet's rows, _CHUNK at a time. The body and time cells are styled: one styled cell each is
    refilled for every row (write-only mode writes a row as soon as it is appended), which is faster
    than a cell object per row and gives the same bytes."""
    body_at = COLUMNS.index("body")
    time_cell = WriteOnlyCell(sheet)
    time_cell.number_format = DATE_FORMAT
    body_cell = WriteOnlyCell(sheet)
    body_cell.alignment = _WRAP
    for begin in range(start, stop, _CHUNK):
        end = min(stop, begin + _CHUNK)
        notes: dict[int, list[str]] = {}
        columns = [_column(sheet, name, frame[name].iloc[begin:end], counts, notes, name != "body")
                   for name in COLUMNS]
        times = _wall_times(frame["epoch_us"].iloc[begin:end], zone)
        for index, (when, row) in enumerate(zip(times, zip(*columns, strict=True), strict=True)):
            cells = list(row)
            if cells[body_at] is not None:
                body_cell.value = cells[body_at]
                body_cell.data_type = "s"
                cells[body_at] = body_cell
            if when is None:
                counts.undated_rows += 1
                notes.setdefault(index, []).append(f"{TIME_COLUMN}: left empty, as Excel cannot show this date; "
                                                   "see timestamp_local")
            else:
                time_cell.value = when
            note = notes.get(index)
            yield [cells[0], None if when is None else time_cell, *cells[1:],
                   _text_cell(sheet, "; ".join(note)) if note else None]


def _column(sheet, name: str, values: pd.Series, counts: _Counts, notes: dict[int, list[str]],
            typed_cells: bool) -> list:
    """One column of a chunk: None for an empty cell, else a str openpyxl writes as text by itself,
    else (typed_cells) a cell typed as text by hand. Arrow finds the few cells that need a look."""
    array = pa.array(values)
    if not pa.types.is_large_string(array.type):
        array = pc.cast(array, pa.large_string())          # duration_s: 240 → "240", as timeline.csv
    texts = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.large_string()), array).to_pylist()
    flagged = pc.or_kleene(pc.or_kleene(pc.match_substring_regex(array, _CARE),
                                        pc.greater(pc.utf8_length(array), _SAFE_LENGTH)),
                           pc.or_kleene(pc.starts_with(array, "="), pc.is_in(array, _ERRORS)))
    for index in pc.indices_nonzero(pc.fill_null(flagged, False)).to_pylist():
        text = _text(name, texts[index], counts, notes.setdefault(index, []))
        texts[index] = text if not typed_cells or _types_itself(text) else _text_cell(sheet, text)
    return texts


def _wall_times(epoch_us: pd.Series, zone: ZoneInfo) -> list[datetime | None]:
    """The local wall-clock time of each instant, to the second (as timestamp_local), naive."""
    missing = epoch_us.isna().to_numpy()
    seconds = epoch_us.fillna(0).to_numpy(dtype="int64") // 1_000_000
    wall = pd.to_datetime(seconds, unit="s", utc=True).tz_convert(zone).tz_localize(None).to_pydatetime()
    return [None if gone or when.year < 1900 else when for gone, when in zip(missing, wall, strict=True)]


def _text(column: str, text: str, counts: _Counts, notes: list[str]) -> str:
    """The text as an .xlsx can hold it; each change counted and noted."""
    if len(text) > _SAFE_LENGTH:
        text = _cut(text, column, counts, notes)
    text, replaced = _ILLEGAL.subn("\ufffd", text)
    if replaced:
        counts.replaced_characters += replaced
        notes.append(f"{column}: {replaced} character(s) an Excel file cannot hold shown as \ufffd; "
                     "timeline.csv has the original")
    text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return text


def _types_itself(text: str) -> bool:
    """Whether openpyxl, handed this str, writes it as text: it makes a formula of "=…" and an
    error of "#N/A", so those are typed by hand."""
    return text[0] != "=" and text not in ERROR_CODES


def _cut(text: str, column: str, counts: _Counts, notes: list[str]) -> str:
    """Text cut to MAX_CELL_CHARS UTF-16 code units, never between the halves of a surrogate pair."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * MAX_CELL_CHARS:
        return text
    kept = units[:2 * MAX_CELL_CHARS]
    if 0xD8 <= kept[-1] <= 0xDB:                   # a high surrogate whose partner was cut off
        kept = kept[:-2]
    counts.truncated_cells += 1
    short = kept.decode("utf-16-le", "surrogatepass")
    notes.append(f"{column}: cut to its first {len(short):,} of {len(text):,} characters (Excel's limit); "
                 "the full text is in timeline.csv")
    return short


def _text_cell(sheet, text: str, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if font:
        cell.font = font
    if wrap:
        cell.alignment = _WRAP
    return cell


_MEANINGS = {
    "event_id": "Stable id of the event, unique in the bundle; the same in timeline.csv, tags.csv and the report.",
    TIME_COLUMN: "The local date and time of the event as a real Excel date (sort and filter by it): the "
                 "wall-clock time in the case's time zone, to the second. Excel stores no zone; see About.",
    "timestamp_utc": "The same instant in UTC, as text: YYYY-MM-DDTHH:MM:SSZ.",
    "timestamp_local": "The same instant in the case's time zone, as text, with its offset from UTC "
                       "(ISO 8601).",
    "channel": "Where it happened: sms, mms, call (the phone's call log), whatsapp, messenger, instagram, "
               "telegram, email, diary, file …",
    "kind": "message, call, incident (a diary entry) or media (a photo or document handed in on its own).",
    "direction": "incoming, outgoing or unknown, from the victim's point of view.",
    "sender": "Who sent it: a phone number in international form, an e-mail address in lower case, else "
              "the name as written.",
    "sender_name": "The name the source shows for the sender.",
    "recipients": "Who it went to, separated by ';', written like sender.",
    "party": "The role in the case file of the other person (suspect, witness …); empty if unknown.",
    "thread": "The conversation it belongs to.",
    "subject": "The e-mail subject.",
    "body": "The text exactly as sent: line breaks, emoji and spelling kept.",
    "attachments": "File names of the attachments, separated by ';'.",
    "duration_s": "Length of a call in seconds (calls only).",
    "exhibit": "The exhibit it came from (AA/3); the file is in exhibits/.",
    "source_path": "The file inside the exhibit it was read from (a zip member, a file in a folder).",
    "locator": "Where in that file: a line, a record number, a message number.",
    "tags": "Aids for the reader, separated by ';', explained with the words that matched in tags.csv. "
            "A tag is never a finding.",
    "timestamp_source": "The time exactly as the source stated it, before conversion.",
    "sender_raw": "The sender exactly as the source wrote it.",
    "recipients_raw": "The recipients exactly as the source wrote them.",
    "call_outcome": "How a call ended as the source records it (missed, rejected, answered …).",
    "reactions": "Reactions to the message (an emoji and who sent it).",
    "location": "Diary: where it happened.",
    "witnesses": "Diary: who saw or heard it.",
    "impact": "Diary: how it affected the victim.",
    "reported_to_police": "Diary: whether it was reported to the police.",
    "police_reference": "Diary: the police reference given.",
    "written_at": "Diary: when the entry was written.",
    "details": "Other fields the source held for this event, as JSON.",
    "also_in": "Other exports in which the same event was found (merged into this row; see duplicates.csv).",
    NOTE_COLUMN: "Only in this workbook: what Excel's limits changed in this row (text cut short, characters "
                 "replaced). Empty when the row is exactly as in timeline.csv.",
}


def _write_about(sheet, zone_name: str, rows: int, sheets: int, counts: _Counts) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    titles = [SHEET if n == 0 else f"{SHEET} ({n + 1})" for n in range(sheets)]
    where = (f"on the sheet {SHEET}" if sheets == 1 else
             f"on {sheets} sheets ({', '.join(titles)}), in order, because Excel holds at most "
             f"{MAX_SHEET_ROWS:,} rows on a sheet (the first row of each is its header)")
    lines = [
        ("timeline.xlsx", f"The same {rows:,} events as timeline.csv, one row per event, in time order, "
                          f"{where}. timeline.csv is the record; this workbook is a copy to read, sort and filter."),
        ("Dates", f"{TIME_COLUMN} holds real Excel dates: the local wall-clock time in {zone_name}, to the "
                  "second. Excel has no time zones, so the zone is not stored in the cell. timestamp_local "
                  "shows the same instant as text with its offset from UTC, and timestamp_utc in UTC. When the "
                  "clocks go back an hour, the same local time happens twice: the offset in timestamp_local "
                  "tells the two apart."),
        ("Text", "Every other cell is text, exactly as exported and as in timeline.csv: nothing has been "
                 "read as a formula, a number, a date or an error, so '=…', '+44…', '00123' and '#N/A' "
                 "show as they were written. An empty cell is empty in timeline.csv too."),
        ("Characters", _changed(counts.replaced_characters, "character", "that an Excel file cannot hold "
                                "(control characters such as NUL) are shown as \ufffd (U+FFFD)")),
        ("Long text", _changed(counts.truncated_cells, "cell", f"longer than Excel's limit of "
                               f"{MAX_CELL_CHARS:,} characters are cut short")),
    ]
    if counts.undated_rows:
        lines.append(("Undated", f"{counts.undated_rows:,} row(s) have no {TIME_COLUMN}, as Excel cannot show "
                                 "their date (before 1900); timestamp_local has it."))
    for label, text in lines:
        sheet.append([_text_cell(sheet, label, _BOLD, wrap=True), _text_cell(sheet, text, wrap=True)])
    sheet.append([])
    sheet.append([_text_cell(sheet, "Column", _BOLD), _text_cell(sheet, "What it holds", _BOLD)])
    for name in XLSX_COLUMNS:
        meaning = _MEANINGS.get(name, "See the description of timeline.csv.")
        sheet.append([_text_cell(sheet, name), _text_cell(sheet, meaning, wrap=True)])


def _changed(count: int, noun: str, what: str) -> str:
    if count == 0:
        return f"None: no {noun} needed changing."
    return (f"{count:,} {noun}(s) {what} in this workbook only; the column {NOTE_COLUMN} says in which rows, "
            "and timeline.csv has the full, original text.")


class _StableZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one fixed time (FIXED) and mode, so the archive is byte-stable (the
    idea of templates/diary/make_template.py). Worksheets arrive as openpyxl's temporary files and are
    copied in pieces, never read whole."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        info = self._entry(arcname or Path(filename).name)
        info.file_size = os.path.getsize(filename)      # lets zipfile choose ZIP64 for a huge sheet
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info


def _save_stable(book: Workbook, path: Path, stamp: datetime) -> None:
    """Like book.save(path), which stamps 'modified' with the time of saving."""
    book.properties.creator = "caselog"
    book.properties.title = "Timeline"
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.lastModifiedBy = None
    with _StableZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
