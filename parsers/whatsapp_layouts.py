"""The date and time layouts of WhatsApp chat exports, and how one file's layout is worked out.

A message header is the date and time, then ` - ` (Android) or `] ` after a `[` (iPhone), e.g.
`12/10/2026, 21:04 - `, `[12/10/2026, 21:04:05] `, `10/12/26, 9:04 PM - `, `2026-10-12 21:04 - `,
`12.10.26, 21:04 - `, `12/10/2026, 9:04 p.m. - `, `12.10.2026 klo 21.04 - `. Seen across locales:
- the date's fields are separated by `/`, `.` or `-` (a space may follow, as in `2026. 10. 12.`);
  the year has 4 digits, or 2 (read as 20yy: WhatsApp exists only since 2009), and comes last,
  or first when it has 4 digits (then the order is year, month, day);
- a comma and/or a space (or Finnish ` klo `) between date and time; `:` or `.` inside the time;
  seconds (iPhone) or not (Android); a 24-hour clock, or 12-hour with AM/PM, am/pm, a.m./p.m. or
  a. m./p. m., after a space, a no-break space (U+00A0) or a narrow no-break space (U+202F);
- U+200E or U+200F (direction marks) before the line, a `[` before the date on iPhone.

The layout is decided once per file from every header-like line (the parser's first pass): the
most common shape wins, and lines of another shape are text inside a message (with a warning).
Day/month order comes from the whole file: a first field above 12 means day-first, a second field
above 12 means month-first. When no date settles it, the order that keeps the messages in time
order is taken, else the convention of the case's phone region; either way a warning names the
assumption. Dates that disagree with each other make the file inconsistent: the order most dates
need is used, and that is said too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from caselog.errors import RecordError

_SPACE = "[ \u00a0\u202f]"
HEADER = re.compile(
    r"(?P<lead>[\u200e\u200f]*)(?P<open>\[)?"
    r"(?P<raw>(?P<f1>\d{1,4})(?P<dsep>[./-]) ?(?P<f2>\d{1,2})(?P=dsep) ?(?P<f3>\d{1,4})\.?"
    r"(?:, ?| klo | )"
    r"(?P<hour>\d{1,2})(?P<tsep>[:.])(?P<minute>\d{2})(?:(?P=tsep)(?P<second>\d{2}))?"
    rf"(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?)"
    r"(?(open)\] | - )(?P<rest>.*)",
    re.DOTALL,
)
# What is left of a header when a file is cut off inside one: digits, separators, AM/PM letters.
CUT_HEADER = re.compile(r"[\u200e\u200f]*\[?\d{1,4}[./-][\d./\- ,:\u00a0\u202fAaPpMm\]]*")

# Regions whose phones write dates month first (m/d/y): the United States and its territories,
# and the Philippines. Canada mixes both conventions, so it is not listed (day-first, with a warning).
MONTH_FIRST_REGIONS = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH"})


@dataclass(frozen=True)
class Shape:
    """What a header looks like, apart from the day/month order (which needs the whole file)."""

    bracket: bool
    date_sep: str
    year_first: bool
    year_digits: int
    clock12: bool
    seconds: bool
    time_sep: str

    def pattern(self, order: str) -> str:
        """`dd/mm/yyyy, HH:MM` style text for messages to the reader."""
        year = "yyyy" if self.year_digits == 4 else "yy"
        fields = {"ymd": (year, "mm", "dd"), "dmy": ("dd", "mm", year), "mdy": ("mm", "dd", year)}[order]
        clock = "hh" if self.clock12 else "HH"
        text = self.date_sep.join(fields) + f" {clock}{self.time_sep}MM"
        text += f"{self.time_sep}SS" if self.seconds else ""
        text += " AM/PM" if self.clock12 else ""
        return f"[{text}]" if self.bracket else text

    @property
    def is_signal(self) -> bool:
        """`[2019-12-24, 12:23] Name: text` is the Signal text export's layout; WhatsApp on an
        iPhone always writes seconds inside brackets."""
        return self.bracket and self.year_first and self.date_sep == "-" and not self.seconds


@dataclass(frozen=True)
class Layout:
    shape: Shape
    order: str                                    # "ymd", "dmy" or "mdy"

    @property
    def pattern(self) -> str:
        return self.shape.pattern(self.order)


def shape_of(match: re.Match) -> Shape | None:
    """The shape of a header match, or None when its fields cannot be a WhatsApp date."""
    f1, f3 = match["f1"], match["f3"]
    if len(f1) == 4:
        if len(f3) > 2:
            return None
        year_first, year_digits = True, 4
    elif len(f1) <= 2 and len(f3) in (2, 4):
        year_first, year_digits = False, len(f3)
    else:
        return None
    return Shape(bool(match["open"]), match["dsep"], year_first, year_digits, bool(match["ampm"]),
                 match["second"] is not None, match["tsep"])


@dataclass
class _Evidence:
    """What the headers of one shape say about the day/month order."""

    count: int = 0
    first_line: int = 0
    day_first: list[tuple[int, str]] = field(default_factory=list)     # (line, date) with field 1 > 12
    month_first: list[tuple[int, str]] = field(default_factory=list)   # (line, date) with field 2 > 12
    day_first_count: int = 0
    month_first_count: int = 0
    backwards_dmy: int = 0
    backwards_mdy: int = 0
    previous: tuple[int, int, int] | None = None

    def add(self, line: int, match: re.Match, year_first: bool) -> None:
        self.count += 1
        self.first_line = self.first_line or line
        if year_first:
            return
        a, b, year = int(match["f1"]), int(match["f2"]), int(match["f3"])
        if 12 < a <= 31 and 1 <= b <= 12:
            self.day_first_count += 1
            if len(self.day_first) < 3:
                self.day_first.append((line, _date_text(match)))
        elif 12 < b <= 31 and 1 <= a <= 12:
            self.month_first_count += 1
            if len(self.month_first) < 3:
                self.month_first.append((line, _date_text(match)))
        if self.previous is not None:
            pa, pb, pyear = self.previous
            self.backwards_dmy += (year, b, a) < (pyear, pb, pa)
            self.backwards_mdy += (year, a, b) < (pyear, pa, pb)
        self.previous = (a, b, year)


class LayoutFinder:
    """Fed every header-like line of a file (first pass); then says which layout the file uses."""

    def __init__(self) -> None:
        self._shapes: dict[Shape, _Evidence] = {}

    def add(self, line: int, match: re.Match) -> Shape | None:
        shape = shape_of(match)
        if shape is not None:
            self._shapes.setdefault(shape, _Evidence()).add(line, match, shape.year_first)
        return shape

    def decide(self, region: str) -> tuple[Layout | None, str]:
        """The layout, and a warning for line 1 when an assumption was made ('' when none)."""
        if not self._shapes:
            return None, ""
        shape, evidence = max(self._shapes.items(), key=lambda item: (item[1].count, -item[1].first_line))
        if shape.year_first:
            return Layout(shape, "ymd"), ""
        order, warning = _order(evidence, shape, region)
        return Layout(shape, order), warning


def _order(ev: _Evidence, shape: Shape, region: str) -> tuple[str, str]:
    if ev.day_first_count and not ev.month_first_count:
        return "dmy", ""
    if ev.month_first_count and not ev.day_first_count:
        return "mdy", ""
    fallback, why_region = _region_order(region)
    if ev.day_first_count and ev.month_first_count:
        if ev.day_first_count != ev.month_first_count:
            order = "dmy" if ev.day_first_count > ev.month_first_count else "mdy"
            why = "most dates need it"
        else:
            order, why = fallback, f"as many dates need either order, so {why_region}"
        (d_line, d_text), (m_line, m_text) = ev.day_first[0], ev.month_first[0]
        lost = ev.month_first_count if order == "dmy" else ev.day_first_count
        return order, (
            f"the file is inconsistent: {d_text} (line {d_line}) can only be day-first and {m_text} "
            f"(line {m_line}) can only be month-first; read as {_name(shape, order)} because {why} "
            f"({ev.day_first_count} day-first, {ev.month_first_count} month-first); the {lost} "
            "message(s) whose date does not exist that way are left out and listed")
    if ev.backwards_dmy != ev.backwards_mdy:
        order = "dmy" if ev.backwards_dmy < ev.backwards_mdy else "mdy"
        return order, (
            f"assumed {_name(shape, order)} because only then do the messages run in time order "
            f"(read day-first, {ev.backwards_dmy} date(s) would go back in time; month-first, "
            f"{ev.backwards_mdy}); no date in the file has a day above 12, so day and month cannot be "
            "told apart for certain")
    return fallback, (f"assumed {_name(shape, fallback)} because {why_region}; no date in the file has a "
                      "day above 12, so day and month cannot be told apart")


def _region_order(region: str) -> tuple[str, str]:
    if region.upper() in MONTH_FIRST_REGIONS:
        return "mdy", f"the case's phone region is {region.upper()}, where phones write the month first"
    if region:
        return "dmy", f"the case's phone region is {region.upper()}, where phones write the day first"
    return "dmy", "no phone region is set for the case and day-first is the more common order"


def _name(shape: Shape, order: str) -> str:
    word = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}[order]
    return f"{word} ({shape.pattern(order)})"


def _date_text(match: re.Match) -> str:
    return f"{match['f1']}{match['dsep']}{match['f2']}{match['dsep']}{match['f3']}"


def wall_time(match: re.Match, layout: Layout) -> datetime:
    """The naive wall-clock time a header states, read with the file's layout; RecordError when that
    date or time does not exist."""
    a, b, c = int(match["f1"]), int(match["f2"]), int(match["f3"])
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[layout.order]
    if layout.shape.year_digits == 2:
        year += 2000
    try:
        date(year, month, day)
    except ValueError:
        raise RecordError(f'date "{_date_text(match)}" does not exist when read as '
                          f"{_name(layout.shape, layout.order)}; message left out of the timeline") from None
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"]) if match["second"] is not None else 0
    time_text = match["raw"][match.start("hour") - match.start("raw"):]
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise RecordError(f'time "{time_text}" does not exist on a 12-hour clock; '
                              "message left out of the timeline")
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise RecordError(f'time "{time_text}" on {_date_text(match)} does not exist; '
                          "message left out of the timeline")
    return datetime(year, month, day, hour, minute, second)
