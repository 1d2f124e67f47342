"""Turning what a source says about time into instants, without ever inventing one.

Sources store time in many ways: Android epoch milliseconds, MMS seconds, wall-clock text. A value
that is empty, zero or out of any plausible range is a `RecordError`, never 1 January 1970.
Wall-clock times are placed in the case zone by `localise`, which reports the two awkward hours of
daylight saving: the skipped one (a time that never happened there) and the repeated one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from caselog.errors import RecordError

# Phones did not exist before 1990 and exports are read long before 2100: outside this, the value
# is a corrupt field or the wrong unit, not a time.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EARLIEST_S = int((_EARLIEST - _UNIX_EPOCH).total_seconds())
_LATEST_S = int((_LATEST - _UNIX_EPOCH).total_seconds())


def _from_epoch(raw: str | None, per_second: int, unit: str) -> datetime:
    text = (raw or "").strip()
    if not text:
        raise RecordError("no time given; left out of the timeline")
    try:
        value = int(text)
    except ValueError:
        raise RecordError(f"time {text[:40]!r} is not a number of {unit}; left out of the timeline") from None
    if value == 0:
        raise RecordError("time is 0 (not set); left out of the timeline")
    seconds = value // per_second
    if not _EARLIEST_S <= seconds < _LATEST_S:
        raise RecordError(f"time {text} {unit} is outside 1990-2099 (corrupt, or another unit); "
                          "left out of the timeline")
    return _UNIX_EPOCH + timedelta(microseconds=value * (1_000_000 // per_second))


def from_epoch_ms(raw: str | None) -> datetime:
    """An aware UTC datetime from Unix epoch milliseconds as text (Android's `date`)."""
    return _from_epoch(raw, 1000, "milliseconds")


def from_epoch_s(raw: str | None) -> datetime:
    """An aware UTC datetime from Unix epoch seconds as text (MMS `date_sent`)."""
    return _from_epoch(raw, 1, "seconds")


def localise(wall: datetime, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """The instant a naive wall-clock time in `zone` stands for, and a warning when it is ambiguous.

    A time in the repeated hour (clocks go back) takes the earlier instant; a time in the skipped
    hour (clocks go forward) does not exist there, so it is read with the offset in force before the
    change. Both are reported so the reader knows the hour could be wrong.
    """
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first, None
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall:
        return first, (f"{wall:%Y-%m-%d %H:%M:%S} did not exist in {zone.key} (clocks went forward); "
                       f"read as {first.isoformat()}")
    return first, (f"{wall:%Y-%m-%d %H:%M:%S} happened twice in {zone.key} (clocks went back); "
                   f"the earlier, {first.isoformat()}, is used")


def utc_text(instant: datetime) -> str:
    """The contract's `YYYY-MM-DDTHH:MM:SSZ`."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(instant: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 with the zone's offset at that instant, to the second."""
    return instant.astimezone(zone).replace(microsecond=0).isoformat()
