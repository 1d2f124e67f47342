"""Dates in iPhone message CSV exports: the exporting computer's local wall time, in its locale's order.

iMazing writes "Message Date" (and the delivered, read and edited dates) as the computer shows
dates: `2026-10-12 21:04:05`, `12/10/2026 21:04:05`, `10/12/2026 9:04:05 PM`, `12.10.2026 21:04`.
There is no zone: the values are naive and normalise places them in the case zone.
Year first means year, month, day. Otherwise the year is last (four digits, or two read as 20yy:
iPhones exist only since 2007) and the day/month order is worked out from the whole file, as for
WhatsApp: a first field above 12 means day-first, a second above 12 month-first; when none is, the
convention of the case's phone region is assumed and said; when dates disagree, the order most of
them need is used, that is said, and the dates that do not exist that way are problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from caselog.errors import RecordError

_SPACE = "[ \u00a0\u202f]"
DATE = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?,?(?:[ T]|" + _SPACE + r")+(?:at )?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    r"(?:" + _SPACE + r"*(?P<ampm>[AaPp]\.?" + _SPACE + r"?[Mm]\.?))?"
)
# Regions whose computers write dates month first: the United States and its territories, the Philippines.
MONTH_FIRST_REGIONS = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH"})


@dataclass
class DateOrder:
    """Evidence gathered over the whole file (pass one), then the decision (pass two)."""

    year_last_rows: int = 0
    day_first_rows: int = 0
    month_first_rows: int = 0
    first_day_first: str = ""
    first_month_first: str = ""
    day_first: bool = True

    def see(self, value: str, where: str) -> None:
        match = DATE.fullmatch(value.strip())
        if match is None or len(match["a"]) == 4:
            return
        self.year_last_rows += 1
        if int(match["a"]) > 12:
            self.day_first_rows += 1
            self.first_day_first = self.first_day_first or f"{value.strip()} ({where})"
        elif int(match["b"]) > 12:
            self.month_first_rows += 1
            self.first_month_first = self.first_month_first or f"{value.strip()} ({where})"

    def decide(self, region: str) -> str:
        """Fixes the order; returns a warning to give (empty when the file settles it alone)."""
        days, months = self.day_first_rows, self.month_first_rows
        if days and months:
            self.day_first = days >= months
            return (f"the file is inconsistent: {self.first_day_first} can only be day-first and "
                    f"{self.first_month_first} can only be month-first; read as {self._name()} because most "
                    f"dates need it ({days} day-first, {months} month-first); dates that do not exist that "
                    "way are left out and listed")
        if days or months or not self.year_last_rows:       # settled, or every date is year-first
            self.day_first = bool(days) or not months
            return ""
        if not region:
            self.day_first = True
            why = "no phone region is set for the case and day-first is the more common order"
        else:
            self.day_first = region.upper() not in MONTH_FIRST_REGIONS
            why = f"the case's phone region is {region.upper()}"
        return (f"assumed {self._name()} because {why}; no date in the file has a day above 12, so day and "
                "month cannot be told apart")

    def _name(self) -> str:
        return "day-first (dd/mm/yyyy)" if self.day_first else "month-first (mm/dd/yyyy)"

    def parse(self, value: str) -> datetime:
        """A naive wall-clock datetime; RecordError when the text is not a date or the date does not exist."""
        text = value.strip()
        match = DATE.fullmatch(text)
        if match is None:
            raise RecordError(f"date {text[:40]!r} is not in a date layout this parser reads; "
                              "message left out of the timeline")
        a, b, c = int(match["a"]), int(match["b"]), int(match["c"])
        year_first = len(match["a"]) == 4
        if len(match["a"]) == 3 or (len(match["c"]) > 2 if year_first else len(match["c"]) not in (2, 4)):
            raise RecordError(f"date {text[:40]!r} is not in a date layout this parser reads; "
                              "message left out of the timeline")
        if year_first:
            year, month, day = a, b, c
        else:
            day, month = (a, b) if self.day_first else (b, a)
            year = c + 2000 if len(match["c"]) == 2 else c
        hour, ampm = int(match["hour"]), (match["ampm"] or "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                raise RecordError(f"time in {text!r} has hour {hour} with AM/PM; message left out of the timeline")
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        if not 2000 <= year < 2100:
            raise RecordError(f"date {text!r} has the year {year}; message left out of the timeline")
        try:
            return datetime(year, month, day, hour, int(match["minute"]), int(match["second"] or 0))
        except ValueError:
            order = "" if len(match["a"]) == 4 else f" when read as {self._name()}"
            raise RecordError(f"date {text!r} does not exist{order}; message left out of the timeline") from None
