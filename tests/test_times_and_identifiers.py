"""Times on the right clock (BST/GMT, gaps, folds, bad values) and identifiers in one written form."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from caselog.errors import RecordError
from caselog.identifiers import kind_of, normalise
from caselog.timeline import local_strings, utc_strings
from caselog.times import from_epoch_ms, from_epoch_s, localise

LONDON = ZoneInfo("Europe/London")


def test_epoch_milliseconds_and_seconds() -> None:
    assert from_epoch_ms("1792888198123").isoformat() == "2026-10-25T00:29:58.123000+00:00"
    assert from_epoch_s("1792888198").isoformat() == "2026-10-25T00:29:58+00:00"


@pytest.mark.parametrize("raw", ["", None, "0", "abc", "12", "99999999999999999"])
def test_unset_or_absurd_times_are_errors_never_1970(raw) -> None:
    with pytest.raises(RecordError):
        from_epoch_ms(raw)


def test_localise_summer_and_winter() -> None:
    summer, warning = localise(datetime(2026, 7, 1, 12, 0), LONDON)
    assert summer.utcoffset().total_seconds() == 3600 and warning is None
    winter, warning = localise(datetime(2026, 12, 1, 12, 0), LONDON)
    assert winter.utcoffset().total_seconds() == 0 and warning is None


def test_repeated_hour_takes_the_earlier_instant_and_warns() -> None:
    instant, warning = localise(datetime(2026, 10, 25, 1, 30), LONDON)
    assert instant.isoformat() == "2026-10-25T01:30:00+01:00"
    assert warning is not None and "happened twice" in warning


def test_skipped_hour_warns() -> None:
    instant, warning = localise(datetime(2026, 3, 29, 1, 30), LONDON)
    assert warning is not None and "did not exist" in warning
    assert instant.isoformat() == "2026-03-29T01:30:00+00:00"


def test_bulk_formatting_matches_zoneinfo() -> None:
    moments = [datetime(2026, 10, 25, 0, 29, 58), datetime(2026, 10, 25, 1, 0, 0), datetime(2026, 3, 29, 0, 59, 59),
               datetime(2026, 3, 29, 1, 0, 0), datetime(1999, 12, 31, 23, 59, 59)]
    epoch_us = np.array([int(m.replace(tzinfo=ZoneInfo("UTC")).timestamp()) * 1_000_000 for m in moments])
    expected_local = [m.replace(tzinfo=ZoneInfo("UTC")).astimezone(LONDON).isoformat() for m in moments]
    assert list(local_strings(epoch_us, LONDON)) == expected_local
    assert list(utc_strings(epoch_us)) == [m.strftime("%Y-%m-%dT%H:%M:%SZ") for m in moments]


@pytest.mark.parametrize(("raw", "expected"), [
    ("07700 900456", "+447700900456"),
    ("07700900456", "+447700900456"),
    ("+44 (0)7700 900456", "+447700900456"),
    ("+33612345678", "+33612345678"),
    ("Vodafone", "Vodafone"),
    ("81234", "81234"),
    ("Mark.Doe@Example.COM", "mark.doe@example.com"),
    ("Mark D", "Mark D"),
])
def test_identifiers_normalise(raw: str, expected: str) -> None:
    assert normalise(raw, "GB") == expected


def test_kinds() -> None:
    assert [kind_of(v) for v in ("+447700900123", "a@b.org", "Mark 2", "101")] == ["phone", "email", "name", "name"]
