"""iPhone messages exported as CSV by iMazing (Messages → Export to CSV), one row per message.

How users get it: iMazing (on the victim's Windows PC or Mac) reads the phone or a backup and
writes one CSV per conversation, or one for all. The header names the columns:
"Chat Session","Message Date","Delivered Date","Read Date","Edited Date","Service","Type",
"Sender ID","Sender Name","Status","Replying to","Subject","Text","Reactions","Attachment",
"Attachment type" — older versions lack "Reactions" (and "Edited Date"). Columns are found by name,
in any order; columns this parser does not know are kept in details under their own header.
identify wants "Chat Session", "Message Date", "Type" and "Text" in the first row.

Quirks handled here:
- Dates are the exporting computer's wall time in its locale's layout (ios_csv_dates): naive
  datetimes, day/month order worked out from the whole file (a first pass), the assumption warned.
- "Type" Incoming → incoming: sender is "Sender ID" as written (number or e-mail), sender_name
  "Sender Name". Outgoing → outgoing: the sender is the phone's owner (the "Sender ID" written there,
  if any, is kept as details["sender_id"]). Any other type (a notice, a value this parser does not
  know) keeps direction "unknown" with a warning; normalise decides it from the case identifiers.
- The CSV does not list recipients; the conversation is the thread ("Chat Session": a contact name,
  a number or a group's name).
- "Service": iMessage → channel imessage; SMS, MMS, RCS → sms; anything else is warned.
- Text is exact: cells keep their line breaks (CRLF inside a cell stays CRLF), no trimming. A BOM
  starts the file; `;` or tab separators (Excel in some locales) are read too.
- Bytes that are not UTF-8 are shown as U+FFFD in that row, kept, and warned (20 at most, then one
  summary); the exact bytes stay in the exhibit. A row with fewer cells than the header (a file cut
  off mid-row) is kept with the missing cells empty and a warning.
Not read: attachments' contents (they are files beside the CSV, named in "Attachment"). Rows are
kept as written: iMazing's own rows for tapbacks (text 'Loved “…”' in older versions) stay messages,
and a message with several attachments may be several rows; neither is guessed at.
iExplorer's CSV is not read: no public description or sample of its layout was found to decode it.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.ios_csv_dates import DateOrder

name = "ios_messages_csv"
description = "iPhone messages exported to CSV by iMazing (Chat Session, Message Date, Type, Text…)"

_DELIMITERS = (",", ";", "\t")
_REQUIRED = ("chat session", "message date", "type", "text")
_KNOWN = {
    "chat session": "thread", "message date": "date", "delivered date": "delivered_at", "read date": "read_at",
    "edited date": "edited_at", "service": "service", "type": "type", "sender id": "sender_id",
    "sender name": "sender_name", "status": "status", "replying to": "reply_to", "subject": "subject",
    "text": "text", "reactions": "reactions", "attachment": "attachment", "attachment type": "attachment_type",
}
_DATES = ("date", "delivered_at", "read_at", "edited_at")
_CHANNELS = {"imessage": "imessage", "sms": "sms", "mms": "sms", "rcs": "sms"}
_MAX_BYTE_WARNINGS = 20
_MAX_BAD_ROWS = 20


def identify(source: Source) -> bool:
    if source.mime and not (source.mime.startswith("text/") or source.mime in ("application/csv",
                                                                                "application/octet-stream")):
        return False
    return _header(source) is not None


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    found = _header(source)
    if found is None:
        raise SourceError("the first row is not an iMazing messages header")
    delimiter, _ = found
    order = DateOrder()
    for number, cells, columns in _rows(source, delimiter, Problems()):
        for key in _DATES:
            if key in columns and (value := _cell(cells, columns[key])):
                order.see(value, f"row {number}")
    if warning := order.decide(source.region):
        problems.warn("row 1", warning)
    for number, cells, columns in _rows(source, delimiter, problems):
        where = f"row {number}"
        try:
            yield _record(cells, columns, order, where, problems)
        except RecordError as err:
            problems.add(where, str(err))


def _header(source: Source) -> tuple[str, list[str]] | None:
    head = source.head(8192)
    if b"\x00" in head:
        return None
    text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    first = text.splitlines()[0] if text else ""
    for delimiter in _DELIMITERS:
        cells = [c.strip().casefold() for c in next(csv.reader([first], delimiter=delimiter), [])]
        if all(name in cells for name in _REQUIRED):
            return delimiter, cells
    return None


def _rows(source: Source, delimiter: str, problems: Problems) -> Iterator[tuple[int, list[str], dict[str, int]]]:
    """(row number as a spreadsheet numbers it, cells, column index by field) for each data row."""
    with source.open() as raw:
        lines = _Lines(raw, problems)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(reader, [])
        except csv.Error as err:
            raise SourceError(f"the header row is malformed CSV ({err})") from None
        columns = {_KNOWN.get(h.strip().casefold(), f"column:{h.strip()}"): i for i, h in enumerate(header)}
        width, number, failures = len(header), 1, 0
        lines.row = 2
        while failures < _MAX_BAD_ROWS:
            number += 1
            try:
                cells = next(reader, None)
            except csv.Error as err:           # the reader starts afresh on the next line
                failures += 1
                problems.add(f"row {number}", f"the row is malformed CSV ({err}); left out of the timeline")
                continue
            finally:
                lines.row = number + 1
            if cells is None:
                break
            failures = 0
            if not any(cells):
                continue
            if len(cells) < width:
                problems.warn(f"row {number}", f"the row has {len(cells)} of the header's {width} cells (the "
                                               "file may be cut off here); kept with the missing cells empty")
            yield number, cells, columns
        else:
            problems.add(f"row {number}", f"{_MAX_BAD_ROWS} malformed rows in a row: this is not read as CSV any "
                                          "further; the rest of the file was not read")
        lines.summary()


class _Lines:
    """Decoded lines for csv.reader; a byte that is not UTF-8 becomes U+FFFD with a warning."""

    def __init__(self, raw: IO[bytes], problems: Problems) -> None:
        self._raw, self._problems, self.row, self._bad = raw, problems, 1, 0

    def __iter__(self) -> Iterator[str]:
        for index, line in enumerate(self._raw):
            if index == 0:
                line = line.removeprefix(codecs.BOM_UTF8)
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError as err:
                self._bad += 1
                if self._bad <= _MAX_BYTE_WARNINGS:
                    self._problems.warn(f"row {self.row}", f"byte 0x{err.object[err.start]:02x} is not UTF-8; shown "
                                                           "as U+FFFD, the row is kept (the exact bytes are in the "
                                                           "exhibit; in iMazing export again as UTF-8)")
                yield line.decode("utf-8", errors="replace")

    def summary(self) -> None:
        if self._bad > _MAX_BYTE_WARNINGS:
            self._problems.warn("file", f"{self._bad - _MAX_BYTE_WARNINGS} more lines hold bytes that are not "
                                        "UTF-8 (shown as U+FFFD, kept)")


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _record(cells: list[str], columns: dict[str, int], order: DateOrder, where: str, problems: Problems) -> Record:
    value = {key: _cell(cells, index) for key, index in columns.items()}
    raw_date = value.get("date", "")
    if not raw_date.strip():
        raise RecordError("no Message Date; message left out of the timeline")
    timestamp = order.parse(raw_date)
    kind = value.get("type", "").strip()
    details = {"service": value.get("service", ""), "status": value.get("status", ""),
               "reply_to": value.get("reply_to", ""), "reactions": value.get("reactions", ""),
               "attachment_type": value.get("attachment_type", ""), "type": kind}
    for key in ("delivered_at", "read_at", "edited_at"):
        details[key] = value.get(key, "")
    details.update({key.removeprefix("column:"): v for key, v in value.items() if key.startswith("column:") and v})
    width = max(columns.values(), default=-1) + 1
    if len(cells) > width:
        details["extra_cells"] = " | ".join(cells[width:])
        problems.warn(where, f"the row has {len(cells)} cells, the header {width}; the extra ones are kept "
                             "in details")
    direction, sender, sender_name = "unknown", value.get("sender_id", ""), value.get("sender_name", "")
    if kind.casefold() == "incoming":
        direction = "incoming"
    elif kind.casefold() == "outgoing":
        direction, details["sender_id"], details["sender_name"] = "outgoing", sender, sender_name
        sender = sender_name = ""
    else:
        problems.warn(where, f"Type {kind!r} is not Incoming or Outgoing; direction left for the case's "
                             "identifiers to decide")
    if details["edited_at"]:
        problems.warn(where, f"edited ({details['edited_at']}); the text is the last version")
    return Record(
        timestamp=timestamp, timestamp_raw=raw_date, channel=_channel(details["service"], where, problems),
        kind="message", direction=direction, locator=where, sender=sender, sender_name=sender_name,
        thread=value.get("thread", ""), subject=value.get("subject", ""), body=value.get("text", ""),
        attachments=[value["attachment"]] if value.get("attachment") else [],
        details={k: v for k, v in details.items() if v},
    )


def _channel(service: str, where: str, problems: Problems) -> str:
    name = service.strip().casefold()
    if name in _CHANNELS:
        return _CHANNELS[name]
    shown = "".join(c for c in name if c.isascii() and c.isalnum()) or "messages"
    problems.warn(where, f"service {service!r} is not iMessage, SMS, MMS or RCS; channel {shown!r}")
    return shown
