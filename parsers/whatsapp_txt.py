"""WhatsApp chat exports: the `.txt` that "Export chat" writes on Android or on an iPhone.

How users get it: in a chat, ⋮ → More → Export chat (Android) or the contact's name → Export Chat
(iPhone), with or without media. Android writes "WhatsApp Chat with X.txt"; an iPhone writes
"_chat.txt" inside "WhatsApp Chat - X.zip"; "Attach media" puts the photos, voice notes etc. in
the zip beside the text. The pipeline opens zips and hands each member over as its own source, so
this parser sees the chat text; media members are never events, only attachments of their message.

One message per header: `12/10/2026, 21:04 - Mark D: text` (Android) or
`[12/10/2026, 21:04:05] Mark D: text` (iPhone); a message runs until the next header, so the lines
between belong to it and are joined with LF. A file written with CRLF has CRLF only as the line
ending (the breaks inside a message are LF); the line ending is never part of the text, so bodies
hold LF only, and one CR left at the very end of the file is the rest of a CRLF. The body is
otherwise exactly as exported: no trimming, direction marks and emoji kept.

Quirks handled (see whatsapp_layouts for every date/time layout, whatsapp_content for notices):
- The layout and the day/month order are worked out from the whole file in a first pass; the
  second pass reads the messages. A guessed order is a warning on line 1 saying why.
- Times are wall-clock times with no zone: records carry naive datetimes and `normalise` places
  them in the case zone (reporting the hour that happens twice, or never, at a clock change).
- The export does not say whose phone it came from: the sender is the name (or number, as
  written: "+44 7700 900123") before the colon, the direction is "unknown" and `normalise`
  resolves it from the case's identifiers. The thread is X from "WhatsApp Chat with X.txt" or
  "WhatsApp Chat - X.zip" when that name is in the source's path (a browser's " (1)" is dropped),
  else empty; a top-level iPhone zip's own name is not in the member's path, so its thread is "".
- A line before the first header, and a header whose date or time does not exist, are problems;
  the impossible-date message (with its lines) is left out, never glued to the one before.
- Bytes that are not UTF-8 are shown as U+FFFD in that line, which is kept, and each such line is a
  warning naming the byte (the exact bytes stay in the exhibit); after 20, one summary warning.
- A file cut off inside a header ends with a warning; one cut inside a message cannot be told.
- A BOM at the start is dropped; U+200E marks before a header are not part of the text.
- identify wants two header lines in the first 8 KB (64 KB when a long first message hides the
  second) and refuses Signal's look-alike text export, `[2026-10-12, 21:04] Name: text` (an iPhone
  writes seconds inside the brackets).
Not read: the media files' contents; WhatsApp's reactions, replies and edit history (not in the
export); notices in languages other than English (see whatsapp_content); "Voice call, N min"
style lines (no documented form) stay messages.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import whatsapp_content as content
from caselog.parsers.whatsapp_layouts import CUT_HEADER, HEADER, Layout, LayoutFinder, shape_of, wall_time

name = "whatsapp_txt"
description = "WhatsApp chat export (.txt from 'Export chat' on Android or iPhone, alone or in its zip)"

_HEAD_BYTES = 8192
_HEAD_MORE_BYTES = 65536          # when a long first message pushes the second header further on
_CHUNK = 1 << 20
_MAX_BYTE_WARNINGS = 20
_MAX_NAMES = 10_000
_THREAD = re.compile(r"WhatsApp Chat (?:with|-) (?P<name>.+?)(?: \(\d+\))?(?:\.(?:txt|zip))?", re.IGNORECASE)


def identify(source: Source) -> bool:
    """At least two WhatsApp header lines (date, time, then a name and ': ' or a notice) near the start."""
    if source.mime and not source.mime.startswith("text/") and source.mime != "application/octet-stream":
        return False
    head = source.head(_HEAD_BYTES)
    found, first_is_header = _headers_in(head)
    if found == 1 and first_is_header and len(head) == _HEAD_BYTES:
        found, _ = _headers_in(source.head(_HEAD_MORE_BYTES))
    return found >= 2


def _headers_in(head: bytes) -> tuple[int, bool]:
    if b"\x00" in head:
        return 0, False
    text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    found, first_is_header, seen_text = 0, False, False
    for line in text.split("\n"):
        match = HEADER.match(line.removesuffix("\r"))
        shape = shape_of(match) if match else None
        is_header = bool(shape and not shape.is_signal and content.is_entry(match["rest"]))
        if not seen_text and line.strip():
            seen_text, first_is_header = True, is_header
        found += is_header
    return found, first_is_header


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    finder, names = LayoutFinder(), set()
    for number, text, _ in _lines(source, None):
        match = HEADER.match(text)
        if match and finder.add(number, match) is not None and len(names) < _MAX_NAMES:
            sender = content.sender_of(match["rest"])
            if sender:
                names.add(sender)
    layout, assumption = finder.decide(source.region)
    if layout is None:
        raise SourceError("no line starts with a WhatsApp date and time; not a WhatsApp chat export")
    if assumption:
        problems.warn("line 1", assumption)
    yield from _messages(source, problems, layout, names, thread_of(source.source_path))


def thread_of(source_path: str) -> str:
    """X from "WhatsApp Chat with X.txt", "WhatsApp Chat - X.zip" or such a folder in the path."""
    for part in reversed(re.split(r"!/|/", source_path)):
        if match := _THREAD.fullmatch(part):
            return match["name"]
    return ""


@dataclass
class _Message:
    """One header and the lines after it, until the next header."""

    line: int
    header: re.Match
    time: datetime | None
    error: str
    lines: list[str] = field(default_factory=list)


def _messages(source: Source, problems: Problems, layout: Layout, names: set[str],
              thread: str) -> Iterator[Record]:
    current: _Message | None = None
    before = _Before()                            # lines before the first header
    last: tuple[int, str, bool, bool] | None = None   # (line, text, ended with a newline, was a header)
    for number, text, ended in _lines(source, problems):
        match = HEADER.match(text)
        shape = shape_of(match) if match else None
        if shape == layout.shape:
            if current is not None:
                yield from _finish(current, problems, names, thread)
            else:
                before.report(problems)
            current = _start(number, match, layout)
            last = (number, text, ended, True)
            continue
        if shape is not None:
            order = "ymd" if shape.year_first else layout.order
            problems.warn(f"line {number}", f"starts like a header in another layout ({shape.pattern(order)}) "
                          f"than the file's ({layout.pattern}); kept as a line of the message above")
        if current is None:
            before.add(number, text)
        else:
            current.lines.append(text)
        last = (number, text, ended, False)
    if last is not None and not last[2] and not last[3] and CUT_HEADER.fullmatch(last[1]):
        problems.warn(f"line {last[0]}", f"the file ends with {last[1]!r}, which looks like the start of a "
                      "message header: the file may be cut off; the line is kept as text of the message above")
    if current is not None:
        yield from _finish(current, problems, names, thread)
    else:
        before.report(problems)


def _start(number: int, match: re.Match, layout: Layout) -> _Message:
    try:
        return _Message(number, match, wall_time(match, layout), "")
    except RecordError as err:
        return _Message(number, match, None, str(err))


def _finish(message: _Message, problems: Problems, names: set[str], thread: str) -> Iterator[Record]:
    where = f"line {message.line}"
    if message.time is None:
        extra = f" (with the {len(message.lines)} line(s) after it)" if message.lines else ""
        problems.add(where, message.error + extra)
        return
    reading = content.read(message.header["rest"], names)
    body = "\n".join([reading.text, *message.lines]) if message.lines else reading.text
    content.finish(reading, body)
    if reading.warning:
        problems.warn(where, reading.warning)
    yield Record(
        timestamp=message.time,
        timestamp_raw=message.header["raw"],
        channel="whatsapp",
        kind=reading.kind,
        direction="unknown",
        locator=where,
        sender=reading.sender,
        sender_name=reading.sender,
        thread=thread,
        body=body,
        attachments=reading.attachments,
        details=reading.details,
    )


@dataclass
class _Before:
    """The lines before the first header: reported once, as one piece of text that belongs to no message."""

    first: int = 0
    count: int = 0
    sample: str = ""

    def add(self, number: int, text: str) -> None:
        self.first = self.first or number
        self.count += 1
        if not self.sample and text.strip():
            self.sample = text

    def report(self, problems: Problems) -> None:
        if not self.count:
            return
        span = f"line {self.first}" if self.count == 1 else f"lines {self.first}-{self.first + self.count - 1}"
        if not self.sample:
            problems.warn(f"line {self.first}", f"empty {span} before the first message header; nothing to read")
        else:
            problems.add(f"line {self.first}", f"text before the first message header ({span}, "
                         f"{self.sample[:60]!r}) belongs to no message: no date, time or sender; left out "
                         "of the timeline")


def _lines(source: Source, problems: Problems | None) -> Iterator[tuple[int, str, bool]]:
    """(line number, text without its line ending, whether a newline ended it), decoded one line at a
    time so a bad byte costs one character of one line; reported when `problems` is given."""
    bad, first_unreported = 0, 0
    with source.open() as stream:
        for number, (data, ended) in enumerate(_raw_lines(stream), 1):
            if number == 1:
                data = data.removeprefix(codecs.BOM_UTF8)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as err:
                text = data.decode("utf-8", errors="replace")
                bad += 1
                if problems is not None and bad <= _MAX_BYTE_WARNINGS:
                    problems.warn(f"line {number}", f"byte 0x{data[err.start]:02x} (byte {err.start + 1} of the "
                                  "line) is not UTF-8; shown as U+FFFD (�) in the text, which is kept; the "
                                  "exact bytes are in the exhibit")
                elif bad == _MAX_BYTE_WARNINGS + 1:
                    first_unreported = number
            yield number, text, ended
    if problems is not None and bad > _MAX_BYTE_WARNINGS:
        problems.warn(f"line {first_unreported}", f"{bad - _MAX_BYTE_WARNINGS} more line(s) from here on have "
                      "bytes that are not UTF-8, each shown with U+FFFD; the file may not be UTF-8 at all")


def _raw_lines(stream: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Lines split on LF only (never on U+2028 or a lone CR, which are text), without their CRLF or
    LF, read in chunks: constant memory whatever the stream type."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        parts = (rest + chunk).split(b"\n")
        rest = parts.pop()
        for part in parts:
            yield part.removesuffix(b"\r"), True
    if rest:
        yield rest.removesuffix(b"\r"), False
