"""The victim's incident diary as an Excel workbook (.xlsx), read in openpyxl's streaming mode.

How users get it: caselog's diary template (templates/diary/diary_template.xlsx) or their own
sheet with a Date and a What happened column. The first sheet whose first row is a diary header is
read; dates and times may be real Excel dates or text. Formulas are read as their last saved value.
Locators are `Sheet!row N` as Excel numbers rows (the header is row 1).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import diary_fields
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

name = "diary_xlsx"
description = "Incident diary kept by the victim as an Excel workbook (.xlsx, or the caselog template)"

_XLSX_MIMES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip",
               "application/octet-stream")


def identify(source: Source) -> bool:
    if source.mime not in _XLSX_MIMES or not source.head(4).startswith(b"PK"):
        return False
    try:
        return _diary_sheet(source) is not None
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError, ValueError):
        return False


def _diary_sheet(source: Source) -> str | None:
    with source.open() as stream:
        book = load_workbook(stream, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
                if diary_fields.looks_like_header(first):
                    return sheet.title
        finally:
            book.close()
    return None


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    try:
        title = _diary_sheet(source)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as err:
        raise SourceError(f"workbook cannot be opened ({err})") from None
    if title is None:
        raise SourceError("no sheet starts with a diary header (Date, What happened)")
    with source.open() as stream:
        book = load_workbook(stream, read_only=True, data_only=True)
        try:
            rows = book[title].iter_rows(values_only=True)
            mapping = diary_fields.map_header(next(rows))
            yield from diary_fields.rows_to_records(enumerate(rows, 2), mapping, lambda n: f"{title}!row {n}",
                                                    problems)
        finally:
            book.close()
