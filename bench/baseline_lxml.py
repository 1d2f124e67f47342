"""Plain lxml + pandas reference parser for SMS Backup & Restore XML.

This is the yardstick caselog's importer is measured against: the obvious,
reasonably careful way to load a backup with stock tools.  It has to do one
non-obvious thing to work at all: the app writes characters outside the BMP
(emoji) as a *pair* of numeric references to UTF-16 surrogates
(``&#55357;&#56832;``), which libxml2 rejects as invalid characters, so the
bytes pass through a streaming regex filter before reaching the parser.

Run:  python bench/baseline_lxml.py /tmp/bench/sms-1m.xml
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from os import PathLike
from typing import BinaryIO

import pandas as pd
from lxml import etree

# Decimal spellings of exactly D800-DBFF (high) and DC00-DFFF (low), so a
# match never needs a range check and can never swallow an unrelated ref.
_HIGH = rb"(?:5529[6-9]|553\d\d|55[4-9]\d\d|56[0-2]\d\d|563[01]\d)"
_LOW = rb"(?:5632\d|563[3-9]\d|56[4-9]\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3])"
_SURROGATE_REFS = re.compile(
    rb"&#(" + _HIGH + rb");&#(" + _LOW + rb");|&#(?:" + _HIGH + rb"|" + _LOW + rb");"
)
_HIGH_REF = re.compile(rb"&#" + _HIGH + rb";")
# Longest proper prefix of a pair, "&#55357;&#56832" - anything that could
# still turn into a match once the next chunk arrives starts this close to the end.
_MAX_PARTIAL = 15

DIRECTIONS = {"1": "incoming", "2": "outgoing"}


def _fix_surrogates(m: re.Match[bytes]) -> bytes:
    """Turn a surrogate pair into one reference; a lone surrogate into U+FFFD.

    Lone halves are replaced rather than passed on because libxml2 would
    abort the whole parse on them.
    """
    high = m.group(1)
    if high is None:
        return b"&#65533;"
    cp = 0x10000 + ((int(high) - 0xD800) << 10) + (int(m.group(2)) - 0xDC00)
    return b"&#%d;" % cp


def _safe_cut(data: bytes) -> int:
    """Return an index before which no surrogate reference can be split.

    Holds back from the first '&' in the last 15 bytes (a pair prefix is at
    most that long), and one reference further if a complete high surrogate
    sits right before it, since the '&' could then be the pair's second half.
    Cutting just before an '&' never splits a UTF-8 sequence or other entity.
    """
    q = data.find(b"&", max(0, len(data) - _MAX_PARTIAL))
    if q == -1:
        return len(data)
    if q >= 8 and _HIGH_REF.fullmatch(data, q - 8, q):
        return q - 8
    return q


class SurrogateRefFilter:
    """Read-only file-like wrapper that rewrites surrogate references on the fly.

    Works on ``chunk_size`` blocks so memory stays flat however large the
    backup is; a tail that might hold half a pair is carried to the next block.
    """

    def __init__(self, raw: BinaryIO, chunk_size: int = 1 << 20) -> None:
        self._raw = raw
        self._chunk_size = chunk_size
        self._pending = b""  # unfiltered bytes held back from the last block
        self._buf = b""  # filtered bytes not yet handed out
        self._pos = 0
        self._eof = False

    def _fill(self) -> None:
        """Filter the next block into ``_buf``."""
        chunk = self._raw.read(self._chunk_size)
        data = self._pending + chunk
        if chunk:
            cut = _safe_cut(data)
            self._pending = data[cut:]
            data = data[:cut]
        else:
            self._eof = True
            self._pending = b""
        self._buf = _SURROGATE_REFS.sub(_fix_surrogates, data)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` filtered bytes (all remaining if negative)."""
        if size is None or size < 0:
            parts = [self._buf[self._pos :]]
            while not self._eof:
                self._fill()
                parts.append(self._buf)
            self._buf, self._pos = b"", 0
            return b"".join(parts)
        while self._pos >= len(self._buf) and not self._eof:
            self._fill()
        out = self._buf[self._pos : self._pos + size]
        self._pos += len(out)
        return out


def baseline_frame(path: str | PathLike[str]) -> pd.DataFrame:
    """Parse a backup into one row per <sms>.

    Columns: timestamp (tz-aware UTC, from ``date`` in ms; NaT if missing),
    direction (type 1 incoming, 2 outgoing, anything else "other"), address,
    body, contact_name, locator ("sms[i]", 1-based like XPath, counting only
    <sms> elements).  Values are collected into plain lists and the frame is
    built once, column-wise, which is the cheap way to do it in pandas.
    """
    dates: list[int | None] = []
    directions: list[str] = []
    addresses: list[str | None] = []
    bodies: list[str | None] = []
    contacts: list[str | None] = []
    locators: list[str] = []
    with open(path, "rb") as raw:
        events = etree.iterparse(SurrogateRefFilter(raw), events=("end",), tag="sms")
        for i, (_, elem) in enumerate(events, start=1):
            get = elem.get
            date = get("date")
            dates.append(int(date) if date and date.isdigit() else None)
            directions.append(DIRECTIONS.get(get("type"), "other"))
            addresses.append(get("address"))
            bodies.append(get("body"))
            contacts.append(get("contact_name"))
            locators.append(f"sms[{i}]")
            # Free what has been read, or the tree grows to the file's size.
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    timestamps = pd.to_datetime(pd.array(dates, dtype="Int64"), unit="ms", utc=True)
    return pd.DataFrame(
        {
            "timestamp": timestamps,
            "direction": directions,
            "address": addresses,
            "body": bodies,
            "contact_name": contacts,
            "locator": locators,
        }
    )


def peak_rss_kb() -> int:
    """Peak resident set size of this process so far (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    """Time one parse and print seconds, rows and peak RSS."""
    ap = argparse.ArgumentParser(description="Time the plain lxml+pandas baseline.")
    ap.add_argument("path", help="SMS Backup & Restore XML file")
    args = ap.parse_args(argv)
    rss_before = peak_rss_kb()
    start = time.perf_counter()
    df = baseline_frame(args.path)
    seconds = time.perf_counter() - start
    rss = peak_rss_kb()
    print(f"seconds={seconds:.2f}")
    print(f"rows={len(df)}")
    print(f"peak_rss_kb={rss} ({rss / 1024:.0f} MB; {rss_before / 1024:.0f} MB after imports)")
    frame_mb = df.memory_usage(deep=True).sum() / 2**20
    print(f"frame_mb={frame_mb:.0f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
