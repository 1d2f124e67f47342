"""The victim's incident diary as CSV, as Excel writes it ("CSV UTF-8": BOM, CRLF, quoted cells).

How users get it: they fill in caselog's diary template (templates/diary/) or their own sheet with a
Date and a What happened column, and save it as CSV UTF-8. Quirks handled here: the BOM, CRLF, cells
with line breaks inside quotes, `;` as the separator (Excel in many European locales), headers in
any order. A file that is not UTF-8 (Excel's plain "CSV" on Windows writes cp1252) is read up to the
first bad byte and the problem names the row and the fix: save as "CSV UTF-8".
Locators are spreadsheet rows as Excel numbers them (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import diary_fields

name = "diary_csv"
description = "Incident diary kept by the victim, saved as CSV (Excel 'CSV UTF-8' or the caselog template)"

_DELIMITERS = (",", ";", "\t")


def identify(source: Source) -> bool:
    if not (source.mime.startswith("text/") or source.mime in ("", "application/csv")):
        return False
    head = source.head(4096).decode("utf-8-sig", errors="replace")
    first_line = head.splitlines()[0] if head else ""
    return any(diary_fields.looks_like_header(next(csv.reader([first_line], delimiter=d), []))
               for d in _DELIMITERS)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    head = source.head(4096).decode("utf-8-sig", errors="replace")
    first_line = head.splitlines()[0] if head else ""
    delimiter = max(_DELIMITERS, key=first_line.count)
    with source.open() as raw:
        reader = csv.reader(_lines(raw), delimiter=delimiter)
        numbered = _Numbered(iter(()))
        try:
            header = next(reader, None)
            if header is None:
                problems.add("row 1", "the file is empty; no diary entries")
                return
            mapping = diary_fields.map_header(header)
            if missing := diary_fields.missing_columns(mapping):
                raise SourceError(f"no column for {', '.join(missing)}")
            numbered = _Numbered(reader)
            yield from diary_fields.rows_to_records(numbered, mapping, lambda n: f"row {n}", problems)
        except UnicodeDecodeError as err:
            where = f"row {numbered.last + 1}"
            problems.add(where, f"byte 0x{err.object[err.start]:02x} is not UTF-8 ({_encoding_hint(err)}); "
                         "this row and the rest of the file were not read: in Excel use "
                         "Save As → 'CSV UTF-8' and run again")
        except csv.Error as err:
            problems.add(f"row {numbered.last + 1}", f"CSV is malformed ({err}); the rest of the file was not read")


class _Numbered:
    """(spreadsheet row number, cells) pairs; remembers the last row given out, so a decoding error
    raised while reading the next one can name it."""

    def __init__(self, rows) -> None:
        self._rows, self.last = rows, 1

    def __iter__(self):
        for number, cells in enumerate(self._rows, 2):
            self.last = number
            yield number, cells


def _lines(raw: IO[bytes]) -> Iterator[str]:
    """Decoded lines, one at a time, so a bad byte is met on its own row and every row before it
    is read (a newline byte never falls inside a UTF-8 character)."""
    first = True
    for line in raw:
        if first and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        first = False
        yield line.decode("utf-8")


def _encoding_hint(err: UnicodeDecodeError) -> str:
    sample = err.object[max(0, err.start - 20): err.start + 20]
    try:
        codecs.decode(sample, "cp1252")
    except UnicodeDecodeError:
        return "unknown encoding"
    return "probably Windows-1252, Excel's plain 'CSV' format"
