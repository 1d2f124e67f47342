"""The incident diary's columns and how one row becomes a Record; shared by diary_csv and diary_xlsx.

The victim's diary follows the advice police and advocates give (REQUIREMENTS.md §2.3, §2.6): date,
time, location, witnesses, what happened, how it made you feel, whether it was reported and the
police reference, plus when the entry was written (a contemporaneous note weighs more in court).
Headers are matched loosely (case, spaces and punctuation ignored; a few common wordings), so a
diary kept in a spreadsheet of the victim's own still reads. Columns we do not know are kept, under
their own header, in the row's details: nothing the victim wrote is dropped.

Dates are day-first (dd/mm/yyyy, as the template says) or ISO (yyyy-mm-dd); a date that does not
exist (31/02/2026) leaves the row out with a problem rather than guessing. Text is kept verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time

from caselog.errors import RecordError
from caselog.model import Problems, Record

# Our field name → header spellings accepted (compared after _key()).
FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "incident date", "date of incident", "start date"),
    "time": ("time", "time of incident", "start time", "incident time"),
    "end_time": ("end time", "until", "finish time"),
    "location": ("location", "where", "place", "where it happened"),
    "what_happened": ("what happened", "description", "incident", "details of incident", "what happened?"),
    "behaviour_type": ("type", "type of behaviour", "type of behavior", "behaviour", "behavior"),
    "identifier_seen": ("number account vehicle seen", "suspect identifier seen", "identifier seen"),
    "witnesses": ("witnesses", "witness", "who saw it", "witnesses names and contact"),
    "impact": ("how it made you feel", "how it made me feel", "impact", "feelings", "effect on me"),
    "reported_to_police": ("reported to police", "reported", "reported to police yes no",
                           "reported to the police"),
    "police_reference": ("police reference", "reference", "crime reference", "police ref", "ref"),
    "officer": ("officer", "officer name", "officer name number", "officer name and number"),
    "evidence": ("evidence", "evidence refs", "photos screenshots", "evidence photos screenshots"),
    "written_at": ("written on", "written at", "date written", "entry written", "when written"),
    "entered_by": ("entered by", "written by"),
}
REQUIRED = ("date", "what_happened")
# "Description" or "Incident" beside a date is also how bank statements and task lists start, so
# those spellings count only next to a column only a diary has.
_GENERIC_WHAT = {"description", "incident"}
_DIARY_ONLY = {"time", "location", "witnesses", "impact", "reported_to_police", "police_reference",
               "written_at", "behaviour_type", "identifier_seen"}

_ALIASES = {re.sub(r"[^a-z0-9]", "", alias): field for field, aliases in FIELDS.items() for alias in aliases}
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?:[ T]+(.+))?")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(.+))?")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([aApP])?\.?\s*(?:[mM]\.?)?")


def _key(header: str) -> str:
    """A header reduced for matching: hints in brackets dropped ("Date (dd/mm/yyyy)"), case and
    punctuation ignored."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\([^)]*\)", "", header.casefold()))


def map_header(cells: Sequence[object]) -> dict[int, str]:
    """Column index → our field name, or the header itself (prefixed 'column:') for unknown ones."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell)
        if not text.strip():
            continue
        field = _ALIASES.get(_key(text))
        mapping[index] = field if field and field not in mapping.values() else f"column:{text.strip()}"
    return mapping


def looks_like_header(cells: Sequence[object]) -> bool:
    """A diary's first row: a date column, a what-happened column, and (when that column has a
    generic name such as Description) a column only a diary has."""
    mapping = map_header(cells)
    fields = set(mapping.values())
    if not all(field in fields for field in REQUIRED):
        return False
    what = next(str(cells[i]) for i, f in mapping.items() if f == "what_happened")
    return _key(what) not in _GENERIC_WHAT or bool(fields & _DIARY_ONLY)


def missing_columns(mapping: dict[int, str]) -> list[str]:
    return [field for field in REQUIRED if field not in mapping.values()]


def rows_to_records(rows: Iterable[tuple[int, Sequence[object]]], mapping: dict[int, str],
                    where_of: Callable[[int], str], problems: Problems) -> Iterator[Record]:
    """Records from numbered data rows; a row that cannot be read is reported and skipped."""
    for number, cells in rows:
        where = where_of(number)
        try:
            record = row_to_record(cells, mapping, where, problems)
        except RecordError as err:
            problems.add(where, str(err))
            continue
        if record is not None:
            yield record


def row_to_record(cells: Sequence[object], mapping: dict[int, str], where: str,
                  problems: Problems) -> Record | None:
    """One diary row as an incident; None for a row with nothing in it (not a record)."""
    values: dict[str, object] = {}
    for index, field in mapping.items():
        if index < len(cells) and cells[index] is not None and str(cells[index]) != "":
            values[field] = cells[index]
    if not any(str(v).strip() for v in values.values()):
        return None
    day, time_from_date = _date(values.get("date"), where)
    moment = _time(values.get("time"), where) or time_from_date
    if moment is None:
        problems.warn(where, "no time given; the entry is placed at 00:00 on its date")
        moment = time(0, 0)
    details = {field.removeprefix("column:") if field.startswith("column:") else field: _as_text(value)
               for field, value in values.items() if field not in ("date", "time", "what_happened")}
    return Record(
        timestamp=datetime.combine(day, moment),
        timestamp_raw=" ".join(_as_text(values[f]) for f in ("date", "time") if f in values),
        channel="diary",
        kind="incident",
        direction="unknown",
        sender_name=_as_text(values.get("entered_by", "")),
        body=_as_text(values.get("what_happened", "")),
        attachments=[],
        locator=where,
        details=details,
    )


def _as_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _date(value: object, where: str) -> tuple[date, time | None]:
    if isinstance(value, datetime):
        return value.date(), (value.time() if value.time() != time(0) else None)
    if isinstance(value, date):
        return value, None
    text = _as_text(value).strip()
    if not text:
        raise RecordError("no date given; entry left out of the timeline (add the date and run again)")
    match = _YMD.fullmatch(text)
    if match:
        year, month, day, rest = match.groups()
    else:
        match = _DMY.fullmatch(text)
        if not match:
            raise RecordError(f"date {text[:40]!r} is not dd/mm/yyyy; entry left out of the timeline")
        day, month, year, rest = match.groups()
        if len(year) != 4:
            raise RecordError(f"date {text!r} has a {len(year)}-digit year; write it in full "
                              "(dd/mm/yyyy); entry left out of the timeline")
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        raise RecordError(f"date {text!r} does not exist (dd/mm/yyyy); entry left out of the timeline") from None
    return parsed, (_time(rest, where) if rest else None)


def _time(value: object, where: str) -> time | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    text = _as_text(value).strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if not match or (match.group(2) is None and match.group(4) is None):
        raise RecordError(f"time {text[:40]!r} is not a time such as 21:30 or 9:30 pm; "
                          "entry left out of the timeline")
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if match.group(4):
        if not 1 <= hour <= 12:
            raise RecordError(f"time {text!r}: {hour} is not an hour on a 12-hour clock; entry left out")
        hour = hour % 12 + (12 if match.group(4).lower() == "p" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise RecordError(f"time {text!r} does not exist; entry left out of the timeline") from None
