"""mbox: many e-mail messages in one file, each starting with a `From ` line (Gmail Takeout, Thunderbird).

How users get it: Google Takeout → Mail gives `All mail Including Spam and Trash.mbox` (often several
GB, CRLF line endings, `From 1780000000000000000@xxx Mon Oct 02 21:04:05 +0000 2026` lines, the
headers X-GM-THRID and X-Gmail-Labels); Thunderbird keeps each folder as an mbox file
(`From - Mon Oct 02 21:04:05 2026`); Unix mail spools write `From sender@example.com Mon Oct  2 …`.

Streamed: the file is read in 1 MiB chunks and split at From_ lines, one message in memory at a time
(at most its first 256 MiB; the rest of a larger one is skipped and the message marked cut off). A
From_ line is `From `, an envelope sender and an asctime-like date; a body line such as "From here on
…" that a careless writer did not escape is not one, so it stays in its message.

`>From ` un-escaping: one `>` is removed from every line matching `^>+From ` (mboxrd), the convention
of Takeout and of Python's and mutt's writers, and exact for them. For an mboxo file (older
Thunderbird, procmail) the two agree on `>From ` lines, the common case; they differ only on lines
that began `>From ` in the original message, which mboxo cannot tell apart from escaped ones anyway.
The count of lines changed is kept in details["unescaped_from_lines"]; the exhibit is untouched.

Locator: `message N (line L)`, N counting messages from 1, L the line of its From_ line. Messages
need not be in date order (the timeline sorts). The last message of a file cut off mid-way: cut in
its headers → left out with one problem; cut in its body → kept with one warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.email_headers import looks_like_headers
from caselog.parsers.email_message import MAX_MESSAGE_BYTES, Memo, build_record

name = "email_mbox"
description = "Mailbox of many e-mails (mbox: Gmail Takeout, Thunderbird, Unix mail)"

_CHUNK = 1 << 20
_LONG_LINE = 1 << 16           # a line longer than this is no From_ line: pass it on unfinished
_HEAD_BYTES = 16384
_DATE = (rb"(?:[A-Za-z]{3},?\s+)?[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}\s+|[A-Za-z]{1,5}\s+)?"
         rb"\d{4}(?:\s+[+-]\d{4})?"
         rb"|[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[+-]\d{4})?")
_FROM_LINE = re.compile(rb"From (\S*)[ \t]+(" + _DATE + rb")(?:[ \t]+remote from \S+)?[ \t]*\r?")
_ESCAPED = re.compile(rb"^>(>*From )", re.MULTILINE)


def identify(source: Source) -> bool:
    if not source.mime.startswith(("text/", "message/")) and source.mime not in (
            "", "application/mbox", "application/octet-stream"):
        return False
    head = source.head(_HEAD_BYTES)
    first, newline, rest = head.partition(b"\n")
    return bool(newline) and _FROM_LINE.fullmatch(first) is not None and looks_like_headers(rest)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    memo = Memo()
    with source.open() as stream:
        for message in _messages(stream):
            number, line, date, data, size, last, ends_with_newline = message
            where = f"message {number} (line {line})"
            details = {}
            if b">From " in data:
                data, count = _ESCAPED.subn(rb"\1", data)
                if count:
                    details["unescaped_from_lines"] = str(count)
            if not data or data.isspace():
                problems.add(where, "empty: a From_ line with no message after it; left out of the timeline")
                continue
            record = build_record(data, where, problems, memo, from_line_date=date,
                                  file_cut=last and not ends_with_newline, size_bytes=size, details=details)
            if record is not None:
                yield record


def _messages(stream: IO[bytes]) -> Iterator[tuple[int, int, str, bytes, int, bool, bool]]:
    """(number, line of its From_ line, From_ line date, message bytes, full size when more than the
    bytes kept (else 0), is last, whether the file ends with a line break), one message at a time,
    the separating blank line removed."""
    carry, line_no, at_line_start = b"", 1, True
    pieces: list[bytes] = []
    kept = size = 0
    current: tuple[int, int, str] | None = None
    count = 0

    def take(piece: bytes) -> None:
        nonlocal kept, size
        size += len(piece)
        if kept < MAX_MESSAGE_BYTES and piece:
            piece = piece[:MAX_MESSAGE_BYTES - kept]
            pieces.append(piece)
            kept += len(piece)

    def finish(last: bool, newline: bool):
        nonlocal pieces, kept, size
        if pieces:                     # the blank line before the next From_ line is the mbox's, not the message's
            tail = pieces[-1]
            if tail.endswith(b"\r\n\r\n") or (len(pieces) > 1 and tail == b"\r\n" and pieces[-2].endswith(b"\r\n")):
                pieces[-1] = tail[:-2]
            elif tail.endswith(b"\n\n") or (len(pieces) > 1 and tail == b"\n" and pieces[-2].endswith(b"\n")):
                pieces[-1] = tail[:-1]
        data = b"".join(pieces)
        result = (*current, data, size if size > kept else 0, last, newline)
        pieces, kept, size = [], 0, 0
        return result

    while True:
        chunk = stream.read(_CHUNK)
        data = carry + chunk if carry else chunk
        if not data:
            break
        cut = len(data)
        if chunk:
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) < _LONG_LINE:
                    carry = data
                    continue
                cut = len(data)
        pos, counted, lines = 0, 0, 0
        search = 0
        starts = [0] if at_line_start and data.startswith(b"From ") else []
        while True:
            if starts:
                start = starts.pop()
            else:
                found = data.find(b"\nFrom ", search, cut)
                if found < 0:
                    break
                start = found + 1
            search = start + 1
            line_end = data.find(b"\n", start, cut)
            line_end = cut if line_end < 0 else line_end
            match = _FROM_LINE.fullmatch(data, start, line_end)
            if match is None:
                continue
            lines += data.count(b"\n", counted, start)
            counted = start
            if current is not None:
                take(data[pos:start])
                yield finish(False, True)
            elif start > pos:
                raise SourceError(f"line {line_no} is not an mbox From_ line; this is not an mbox file")
            count += 1
            current = (count, line_no + lines, match.group(2).decode("ascii"))
            pos = min(line_end + 1, cut)
        if current is None:
            raise SourceError(f"line {line_no} is not an mbox From_ line; this is not an mbox file")
        take(data[pos:cut])
        line_no += lines + data.count(b"\n", counted, cut)
        at_line_start = cut > 0 and data[cut - 1] == 0x0A
        carry = data[cut:]
        if not chunk:
            break
    if current is not None:
        yield finish(True, at_line_start)
