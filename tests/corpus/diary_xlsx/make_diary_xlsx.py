"""Write the diary_xlsx golden inputs: diary.xlsx, not_mine/budget.xlsx and not_mine/archive.zip.

    .venv/bin/python tests/corpus/diary_xlsx/make_diary_xlsx.py

All people, places and numbers are invented (Ofcom drama range 07700 900xxx). The files are
byte-stable: workbook created/modified and every zip entry's time are fixed to FIXED. After running
it, review the change and update the goldens on purpose (pytest --update-goldens).

diary.xlsx, sheet by sheet (rows as Excel numbers them, header = row 1):
  Notes   not a diary (questions for the police); must be skipped, not read.
  Diary   the template's headers, then
    row 2  real Excel date + real Excel time                      → event 21/09/2026 19:40
    row 3  real Excel date + real Excel time, multi-line text     → event 23/09/2026 07:05
    row 4  date and time typed as text "03/10/2026" "22:15"       → event 03/10/2026 22:15
    row 5  text date "31/02/2026" (does not exist)                → problem, left out
    row 6  a date-time in the Date column, Time empty             → event 12/10/2026 18:45, no warning
"""

from __future__ import annotations

import importlib.util
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 1, 1, 0, 0, 0)

HEADERS = ["Date (dd/mm/yyyy)", "Time (hh:mm)", "End time", "Location", "What happened",
           "Type of behaviour", "Number/account/vehicle seen", "Witnesses", "How it made me feel",
           "Reported to police (yes/no)", "Police reference", "Officer", "Evidence (photos/screenshots)",
           "Written on (date and time)", "Entered by"]

ROWS: list[list[object]] = [
    [date(2026, 9, 21), time(19, 40), time(19, 55), "Anytown Retail Park",
     "He followed me round the supermarket, one aisle behind, then waited by the exit.",
     "Sighting", "", "", "Shaking when I got to the car", "no", "", "", "",
     datetime(2026, 9, 21, 21, 0), "Jo Bennett"],
    [date(2026, 9, 23), time(7, 5), None, "Home",
     "Woke up to 6 messages from 07700 900234.\nThe last one said: \"You can't hide from me\".",
     "Message", "07700 900234", "", "Didn't go to work", "yes", "AB/12345/26", "PC 1234 Smith",
     "Screenshots IMG_0433-0438", datetime(2026, 9, 23, 7, 30), "Jo Bennett"],
    ["03/10/2026", "22:15", None, "Outside my flat",
     "His car was parked opposite with the lights off for about 20 minutes.",
     "Sighting", "Silver hatchback, reg began AB12", "Dev Patel, neighbour", "Scared to open the curtains",
     "no", "", "", "", "04/10/2026 08:00", "Jo Bennett"],
    ["31/02/2026", "10:00", None, "Town centre", "He walked past me twice outside the bank.",
     "Sighting", "", "", "", "no", "", "", "", "", "Jo Bennett"],
    [datetime(2026, 10, 12, 18, 45), None, None, "Online",
     "A message request on Instagram from a new account chris.h.2026: 'Miss me?'",
     "Online", "chris.h.2026", "", "On edge all evening", "no", "", "", "Screenshot IMG_0452.png",
     datetime(2026, 10, 12, 19, 0), "Jo Bennett"],
]


def save_stable(book: Workbook, path: Path) -> None:
    """The template maker's byte-stable save, with this file's creator."""
    book.properties.creator = "caselog tests"
    _template_maker().save_stable(book, path)


def _template_maker():
    """templates/diary/make_template.py, loaded by path (templates/diary is data, not a package)."""
    spec = importlib.util.spec_from_file_location("make_template", HERE.parents[2] / "templates/diary/make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def diary_book() -> Workbook:
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Question for the police", "Asked?", "Answer"])
    notes.append(["Can I get a copy of my statement?", "yes", "Ask the officer in the case"])
    notes.append(["What is a stalking protection order?", "no", ""])

    diary = book.create_sheet("Diary")
    diary.append(HEADERS)
    for cell in diary[1]:
        cell.font = Font(bold=True)
    for values in ROWS:
        diary.append(values)
    for row in diary.iter_rows(min_row=2):
        date_cell, time_cell, end_cell, written_cell = row[0], row[1], row[2], row[13]
        if isinstance(date_cell.value, datetime):
            date_cell.number_format = "dd/mm/yyyy hh:mm"
        elif isinstance(date_cell.value, date):
            date_cell.number_format = "dd/mm/yyyy"
        for cell in (time_cell, end_cell):
            if isinstance(cell.value, time):
                cell.number_format = "hh:mm"
        if isinstance(written_cell.value, datetime):
            written_cell.number_format = "dd/mm/yyyy hh:mm"
    return book


def budget_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Month", "Category", "Planned", "Spent"])
    for month, category, planned, spent in [("October", "Rent", 650, 650), ("October", "Food", 200, 183.4),
                                            ("October", "Travel", 60, 71.2)]:
        sheet.append([month, category, planned, spent])
    return book


def archive_zip(path: Path) -> None:
    with _template_maker()._FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes/readme.txt", "Photos from October, copied off my old phone.\n")


def main() -> None:
    save_stable(diary_book(), HERE / "diary.xlsx")
    save_stable(budget_book(), HERE / "not_mine" / "budget.xlsx")
    archive_zip(HERE / "not_mine" / "archive.zip")


if __name__ == "__main__":
    main()
