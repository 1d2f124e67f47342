"""E-mail dates: the Date header (RFC 5322 and its obsolete forms) and the mbox From_ line's asctime.

A helper of the e-mail parsers, not a parser. Parsed here rather than with
`email.utils.parsedate_tz`, which reads an unknown zone name ("BST") as +0000 without a word. A
numeric offset (or UT/GMT/Z and the US zone names of RFC 822) gives an aware time; "-0000" is UTC
with no local zone (RFC 5322 §3.3); any other zone name, or none, leaves the time naive, for
normalise to place in the case zone, with a warning. A date that does not exist (31 Feb), an
impossible offset, or a year outside 1990-2099 is no date at all.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from caselog.parsers.email_text import Notes

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
_NAMED_ZONES = {"ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
                "mdt": -6, "pst": -8, "pdt": -7}
_RFC5322 = re.compile(
    r"\s*(?:[A-Za-z]{2,9}\.?\s*,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{2,4})\s+"
    r"(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*(?:\(.*\))?\s*")
_ASCTIME = re.compile(
    r"\s*(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+"
    r"(?:([+-]\d{4}|[A-Za-z]{1,5})\s+)?(\d{4})(?:\s+([+-]\d{4}))?\s*")


def parse_date(raw: str, notes: Notes, what: str = "Date", zones: dict | None = None) -> datetime | None:
    """The instant (aware) or wall time (naive) a Date header or From_ line states; None when it
    states none that exists. See the module doc for zones."""
    match = _RFC5322.fullmatch(raw)
    if match:
        day, month, year, hour, minute, second, zone = match.groups()
    else:
        match = _ASCTIME.fullmatch(raw)
        if not match:
            return None
        month, day, hour, minute, second, zone, year, zone_after = match.groups()
        zone = zone or zone_after
    month_number = _MONTHS.get(month.lower())
    if month_number is None:
        return None
    number = int(year)
    if len(year) == 2:
        number += 2000 if number < 50 else 1900
    elif len(year) == 3:
        number += 1900
    seconds = int(second or 0)
    if seconds == 60:                # a leap second: the instant is the end of that minute
        seconds = 59
    try:
        wall = datetime(number, month_number, int(day), int(hour), int(minute), seconds)
    except ValueError:
        return None
    if not 1990 <= wall.year <= 2099:
        return None
    if zones is None:
        offset = _offset(zone)
    else:
        offset = zones.get(zone, _UNSEEN)
        if offset is _UNSEEN:
            offset = zones[zone] = _offset(zone)
    if offset is None:
        notes.warn(f"{what} {raw.strip()[:60]!r} has " + (f"the zone {zone!r}, which is not a fixed offset"
                   if zone else "no zone") + "; read as local time in the case's time zone")
        return wall
    if offset is False:
        return None
    return wall.replace(tzinfo=offset)


_UNSEEN = object()


def _offset(zone: str | None) -> timezone | bool | None:
    """The zone's fixed offset; None when unknown; False when it is impossible (+9900)."""
    if not zone:
        return None
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            return False
        delta = timedelta(hours=hours, minutes=minutes)
        return UTC if not delta else timezone(-delta if zone[0] == "-" else delta)
    hours = _NAMED_ZONES.get(zone.lower())
    if hours is None:
        return None
    return UTC if not hours else timezone(timedelta(hours=hours))
