"""timeline.xlsx: read back with openpyxl and, where openpyxl would hide it, in the sheet's XML."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
from caselog.normalise import ROW_FIELDS
from caselog.reports import xlsx
from caselog.reports.xlsx import DATE_FORMAT, MAX_CELL_CHARS, XLSX_COLUMNS, write_timeline_xlsx
from caselog.timeline import COLUMNS, build_timeline
from openpyxl.utils import get_column_letter

ZONE = "Europe/London"
LAST = get_column_letter(len(XLSX_COLUMNS))
RTL = "مرحبا، أين أنت؟ שלום"
EMOJI = "see you 😀👍🏽 ❤️‍🔥"


def _row(number: int, when: datetime, body: str = "", **fields) -> tuple:
    values = dict.fromkeys(ROW_FIELDS, "")
    values.update(event_id=f"{number:016x}", epoch_us=int(when.timestamp()) * 1_000_000, channel="sms",
                  kind="message", direction="incoming", body=body, duration_s=None, exhibit="AA/1",
                  source_path="sms.xml", locator=f"sms[{number}]", sender="+447700900123")
    values.update(fields)
    return tuple(values[name] for name in ROW_FIELDS)


def _timeline(rows: list[tuple]) -> pd.DataFrame:
    frame = build_timeline(rows, ZoneInfo(ZONE))
    frame.loc[frame["event_id"] == "0000000000000003", "tags"] = "threat;burst"     # as tagging fills it
    return frame


BST = datetime(2026, 7, 15, 12, 34, 56, tzinfo=UTC)       # 13:34:56 in London
GMT = datetime(2026, 12, 1, 9, 0, 5, tzinfo=UTC)          # 09:00:05 in London
ROWS = [
    _row(1, BST, "=1+1", thread="+447700900123", kind="call", channel="call", duration_s=240),
    _row(2, GMT, "00123", subject="+447700900123", sender_name="=cmd|' /C calc'!A0"),
    _row(3, datetime(2026, 12, 2, 8, tzinfo=UTC), EMOJI, recipients="1/2"),
    _row(4, datetime(2026, 12, 3, 8, tzinfo=UTC), RTL, attachments="#N/A"),
    _row(5, datetime(2026, 12, 4, 8, tzinfo=UTC), "bell\x07 and NUL\x00 here"),
    _row(6, datetime(2026, 12, 5, 8, tzinfo=UTC), "x" * 40_000),
    _row(7, datetime(2026, 12, 6, 8, tzinfo=UTC), "  line one\r\nline two  ", details="_x0041_ stays"),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[dict, Path]:
    path = tmp_path_factory.mktemp("xlsx") / "timeline.xlsx"
    return write_timeline_xlsx(_timeline(ROWS), path, ZONE), path


def _by_id(sheet) -> dict[str, dict]:
    rows = sheet.iter_rows(min_row=2)
    return {row[0].value: {name: cell for name, cell in zip(XLSX_COLUMNS, row, strict=True)} for row in rows}


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))


def test_counts_returned_for_the_manifest(written) -> None:
    result, _ = written
    assert result == {"rows": 7, "replaced_characters": 2, "truncated_cells": 1}


def test_header_frozen_pane_filter_and_widths(written) -> None:
    _, path = written
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Timeline", "About"]
    sheet = book["Timeline"]
    assert [c.value for c in sheet[1]] == list(XLSX_COLUMNS)
    assert list(XLSX_COLUMNS[2:-1]) == list(COLUMNS[1:])          # every column of timeline.csv
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{LAST}8"
    widths = {name: sheet.column_dimensions[get_column_letter(i)].width for i, name in enumerate(XLSX_COLUMNS, 1)}
    assert widths["body"] >= 60 > widths["event_id"] and widths["exhibit"] <= 10
    body = _by_id(sheet)["0000000000000003"]["body"]
    assert body.alignment.wrap_text


def test_time_local_is_a_real_date_in_the_case_zone(written) -> None:
    _, path = written
    rows = _by_id(openpyxl.load_workbook(path)["Timeline"])
    summer, winter = rows["0000000000000001"], rows["0000000000000002"]
    assert summer["time_local"].value == datetime(2026, 7, 15, 13, 34, 56)     # BST: UTC+1
    assert winter["time_local"].value == datetime(2026, 12, 1, 9, 0, 5)        # GMT: UTC
    for row in (summer, winter):
        assert row["time_local"].is_date and row["time_local"].number_format == DATE_FORMAT
    assert summer["timestamp_utc"].value == "2026-07-15T12:34:56Z" and summer["timestamp_utc"].data_type == "s"
    assert summer["timestamp_local"].value == "2026-07-15T13:34:56+01:00"
    assert winter["timestamp_local"].value == "2026-12-01T09:00:05+00:00"


def test_the_hour_the_clocks_go_back_is_told_apart_by_the_offset(tmp_path) -> None:
    first, second = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    path = tmp_path / "t.xlsx"
    write_timeline_xlsx(_timeline([_row(1, first, "a"), _row(2, second, "b")]), path, ZONE)
    rows = list(openpyxl.load_workbook(path)["Timeline"].iter_rows(min_row=2, values_only=True))
    local = XLSX_COLUMNS.index("timestamp_local")
    assert rows[0][1] == rows[1][1] == datetime(2026, 10, 25, 1, 30)
    assert (rows[0][local], rows[1][local]) == ("2026-10-25T01:30:00+01:00", "2026-10-25T01:30:00+00:00")


def test_every_other_cell_is_text_and_nothing_is_a_formula(written) -> None:
    _, path = written
    sheet = openpyxl.load_workbook(path)["Timeline"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and cell.column != 2:
                assert cell.data_type == "s", (cell.coordinate, cell.value)
    rows = _by_id(sheet)
    assert rows["0000000000000001"]["body"].value == "=1+1"
    assert rows["0000000000000001"]["duration_s"].value == "240"
    assert rows["0000000000000002"]["body"].value == "00123"
    assert rows["0000000000000002"]["subject"].value == "+447700900123"
    assert rows["0000000000000002"]["sender_name"].value == "=cmd|' /C calc'!A0"
    assert rows["0000000000000003"]["recipients"].value == "1/2"
    assert rows["0000000000000004"]["attachments"].value == "#N/A"
    xml = _sheet_xml(path)
    assert not re.search(r"<f[ >]", xml), "a formula in the workbook"
    assert ' t="e"' not in xml
    assert set(re.findall(r'<c r="([A-Z]+)\d+"[^>]*t="n"', xml)) == {"B"}     # numbers: the dates only


def test_text_kept_exactly(written) -> None:
    _, path = written
    rows = _by_id(openpyxl.load_workbook(path)["Timeline"])
    assert rows["0000000000000003"]["body"].value == EMOJI
    assert rows["0000000000000004"]["body"].value == RTL
    assert rows["0000000000000007"]["body"].value == "  line one\r\nline two  "
    assert rows["0000000000000003"]["tags"].value == "threat;burst"
    assert rows["0000000000000001"]["xlsx_note"].value is None


def test_excel_escape_look_alikes_are_escaped(written) -> None:
    """Excel reads _x0041_ in a cell's XML as "A"; the literal text is written _x005F_x0041_."""
    _, path = written
    assert "<t>_x005F_x0041_ stays</t>" in _sheet_xml(path)


def test_control_characters_replaced_and_noted(written) -> None:
    _, path = written
    row = _by_id(openpyxl.load_workbook(path)["Timeline"])["0000000000000005"]
    assert row["body"].value == "bell\ufffd and NUL\ufffd here"
    assert row["xlsx_note"].value.startswith("body: 2 character(s)")


def test_long_text_cut_to_excels_limit_and_noted(written) -> None:
    _, path = written
    book = openpyxl.load_workbook(path)
    row = _by_id(book["Timeline"])["0000000000000006"]
    assert row["body"].value == "x" * MAX_CELL_CHARS
    assert "cut to its first 32,767 of 40,000 characters" in row["xlsx_note"].value
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["Long text"].startswith("1 cell(s) longer than Excel's limit")
    assert about["Characters"].startswith("2 character(s)")


def test_cut_counts_utf16_and_keeps_surrogate_pairs_whole(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    result = write_timeline_xlsx(_timeline([_row(1, GMT, "a" + "😀" * 20_000)]), path, ZONE)
    body = openpyxl.load_workbook(path)["Timeline"]["N2"].value
    assert result["truncated_cells"] == 1
    assert body == "a" + "😀" * 16_383                    # 1 + 2 × 16,383 = 32,767 UTF-16 units


def test_about_sheet_says_what_the_columns_and_dates_are(written) -> None:
    _, path = written
    rows = list(openpyxl.load_workbook(path)["About"].iter_rows(values_only=True))
    about = {r[0]: r[1] for r in rows}
    assert ZONE in about["Dates"] and "no time zones" in about["Dates"]
    assert "exactly as exported" in about["Text"]
    for name in XLSX_COLUMNS:
        assert name in about and about[name] and "See the description" not in about[name], name


def test_same_frame_same_bytes(tmp_path) -> None:
    frame = _timeline(ROWS)
    write_timeline_xlsx(frame, tmp_path / "a.xlsx", ZONE)
    write_timeline_xlsx(frame, tmp_path / "b.xlsx", ZONE)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "1980-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def test_build_time_can_date_the_workbook(tmp_path) -> None:
    built = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    write_timeline_xlsx(_timeline(ROWS[:1]), tmp_path / "a.xlsx", ZONE, built_at=built)
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.created == datetime(2026, 11, 1, 12, 0)


def test_empty_frame(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    assert write_timeline_xlsx(_timeline([]), path, ZONE) == {"rows": 0, "replaced_characters": 0,
                                                              "truncated_cells": 0}
    book = openpyxl.load_workbook(path)
    sheet = book["Timeline"]
    assert [c.value for c in sheet[1]] == list(XLSX_COLUMNS) and sheet.max_row == 1
    assert sheet.auto_filter.ref == f"A1:{LAST}1"
    assert "The same 0 events" in book["About"]["B1"].value


def test_long_timeline_goes_on_to_more_sheets(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 3)           # a header and two events per sheet
    monkeypatch.setattr(xlsx, "_CHUNK", 2)
    rows = [_row(n, datetime(2026, 12, n, 8, tzinfo=UTC), f"message {n}") for n in range(1, 6)]
    path = tmp_path / "t.xlsx"
    assert write_timeline_xlsx(_timeline(rows), path, ZONE)["rows"] == 5
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Timeline", "Timeline (2)", "Timeline (3)", "About"]
    bodies = []
    for title, count in (("Timeline", 2), ("Timeline (2)", 2), ("Timeline (3)", 1)):
        sheet = book[title]
        assert [c.value for c in sheet[1]] == list(XLSX_COLUMNS) and sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{LAST}{count + 1}"
        bodies += [r[XLSX_COLUMNS.index("body")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert bodies == [f"message {n}" for n in range(1, 6)]
    assert "Timeline (2), Timeline (3)" in book["About"]["B1"].value
