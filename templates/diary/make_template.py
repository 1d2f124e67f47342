"""Write the blank incident-diary templates: diary_template.xlsx and diary_template.csv (this folder).

Run it after changing a column or a line of advice, and commit the script and both files together:

    .venv/bin/python templates/diary/make_template.py

The output is byte-stable: the workbook's created/modified properties and every zip entry's time
are fixed to FIXED, so running it twice gives the same bytes (with the same openpyxl and zlib).
The headers must keep matching caselog/parsers/diary_fields.py (FIELDS); the README lists them.
Wording is reviewed like code: plain, neutral words, no adjectives about the other person.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 1, 1, 0, 0, 0)
DATA_ROWS = 500          # rows below the header that get the yes/no list

TEXT = "@"               # Excel's "Text" format: keeps 07700 900456 and references as typed
WRAP = Alignment(wrap_text=True, vertical="top")

# header, width, number format (None: General), what to write, example, must fill in?
COLUMNS: list[tuple[str, int, str | None, str, str, bool]] = [
    ("Date (dd/mm/yyyy)", 13, "dd/mm/yyyy",
     "The day it happened, day first. If it went on past midnight, the day it started.",
     "17/09/2026", True),
    ("Time (hh:mm)", 9, "hh:mm",
     "The time it started, on the 24-hour clock (or write 9:30 pm). If you are not sure, give your "
     "best guess and say so in What happened. Leave it empty if you have no idea.",
     "17:30", False),
    ("End time", 9, "hh:mm",
     "When it stopped, if it went on for a while.", "17:45", False),
    ("Location", 24, None,
     "Where it happened: a street, a building, or 'online' / 'by phone'.",
     "Outside my work, Bridge Street", False),
    ("What happened", 60, None,
     "What happened, in your own words: what you saw and heard, what was said or written, what you "
     "did. Keep to the facts. If you are not sure of something, say so ('I think it was his car'). "
     "It will be kept word for word.",
     "He was standing across the road when I came out. He didn't come over. I walked the other way.",
     True),
    ("Type of behaviour", 16, None,
     "One or two words: sighting, approach, message, call, gift or item, damage, contact through "
     "someone else, online, other.",
     "Sighting", False),
    ("Number/account/vehicle seen", 24, TEXT,
     "A phone number, account name, e-mail address or vehicle (colour, make, registration) that "
     "was used or seen. Write phone numbers with a space (07700 900456) so Excel keeps the 0.",
     "07700 900456", False),
    ("Witnesses", 22, None,
     "Anyone who saw or heard it, and how to contact them (ask them first).",
     "Priya Shah, 07700 900777", False),
    ("How it made me feel", 30, None,
     "How it made you feel, and anything you changed because of it (your route, sleep, work, "
     "going out).",
     "I felt scared to walk home. I took a taxi.", False),
    ("Reported to police (yes/no)", 12, None,
     "yes if you told the police about this, no if not.", "no", False),
    ("Police reference", 16, TEXT,
     "The reference number the police gave you, if any.", "WM-26-118734", False),
    ("Officer", 16, None,
     "The officer's name and number, if you know them.", "PC 4521 Jones", False),
    ("Evidence (photos/screenshots)", 26, None,
     "Photos, screenshots, recordings or items you kept, and where they are (file name or folder).",
     "Screenshot of text at 17:48", False),
    ("Written on (date and time)", 17, "dd/mm/yyyy hh:mm",
     "When you wrote this entry. Write it as soon as you can; if you write it later, that is fine, "
     "just put the real date and time you are writing it.",
     "17/09/2026 19:10", False),
    ("Entered by", 16, None,
     "Who typed this entry: you, or a support worker or friend writing it down for you.",
     "Sam Taylor", False),
]

ADVICE = [
    "Write it down as soon as you can after it happens, while you remember it clearly.",
    "Use your own words. Write what you saw, heard and read; keep to the facts.",
    "If you are not sure of something, say so. A careful 'I think' is better than a guess.",
    "You do not need to fill in every column. Only Date and What happened are needed.",
    "One line per incident. If something happened again later, start a new line.",
    "Don't change an old entry. If you remember more or got something wrong, add a new line that "
    "says which entry it adds to.",
    "Keep screenshots, photos, letters and gifts, and write in Evidence where they are.",
    "Keep this diary where the other person cannot get to it. If they might see your phone, computer "
    "or online accounts, keep it somewhere else (for example with someone you trust), and don't "
    "write anything you would not want them to read, such as where you are staying or your plans.",
    "If you give this diary to the police, it may be shown to others in a court case.",
    "If you are in danger now, call the emergency number (999 in the UK).",
]


def headers() -> list[str]:
    return [column[0] for column in COLUMNS]


def write_csv(path: Path) -> None:
    """Header row only, as Excel's 'CSV UTF-8' writes it: a BOM and CRLF line endings."""
    path.write_bytes(("\ufeff" + ",".join(headers()) + "\r\n").encode("utf-8"))


def build_workbook() -> Workbook:
    book = Workbook()
    diary = book.active
    diary.title = "Diary"
    bold = Font(bold=True)
    for index, (header, width, number_format, *_rest) in enumerate(COLUMNS, 1):
        cell = diary.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.alignment = WRAP
        letter = cell.column_letter
        column = diary.column_dimensions[letter]
        column.width = width
        column.alignment = WRAP                     # the style Excel gives cells typed in later
        if number_format:
            column.number_format = number_format
    diary.freeze_panes = "A2"
    reported = headers().index("Reported to police (yes/no)") + 1
    letter = diary.cell(row=1, column=reported).column_letter
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True, showErrorMessage=True,
                            errorTitle="yes or no", error="Please choose yes or no (or leave it empty).")
    yes_no.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
    diary.add_data_validation(yes_no)

    help_sheet = book.create_sheet("How to fill it in")
    help_sheet.append(["How to fill in your incident diary"])
    help_sheet["A1"].font = Font(bold=True, size=13)
    for line in ADVICE:
        help_sheet.append([line])
        help_sheet.merge_cells(start_row=help_sheet.max_row, start_column=1,
                               end_row=help_sheet.max_row, end_column=4)
    help_sheet.append([])
    help_sheet.append(["Column", "What to write", "Example", "Must fill in?"])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for header, _width, _format, explanation, example, required in COLUMNS:
        help_sheet.append([header, explanation, example, "yes" if required else "no"])
    for letter, width in zip("ABCD", (28, 70, 34, 12), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows():
        for cell in row:
            cell.alignment = WRAP
    for row in range(2, len(ADVICE) + 2):           # merged advice lines: tall enough to read
        help_sheet.row_dimensions[row].height = 30 if len(help_sheet.cell(row, 1).value) < 130 else 45

    book.properties.creator = "caselog"
    book.properties.title = "Incident diary"
    return book


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry FIXED as their time, so the archive is byte-stable."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED.timetuple()[:6])
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """openpyxl writes each worksheet from a temporary file; take its bytes, not its mtime."""
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes(), compress_type,
                      compresslevel)


def save_stable(book: Workbook, path: Path) -> None:
    """Like book.save(path), which stamps 'modified' with now; here both dates are FIXED."""
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.lastModifiedBy = None
    book.properties.creator = book.properties.creator or "caselog"
    with _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()


def main() -> None:
    save_stable(build_workbook(), HERE / "diary_template.xlsx")
    write_csv(HERE / "diary_template.csv")


if __name__ == "__main__":
    main()
