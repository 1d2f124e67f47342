"""The timeline: one pandas DataFrame, built once from the normalised rows, sorted by instant.

The contract's 19 columns come first, in ARCHITECTURE.md's order; the raw values and the diary's
fields follow. Times are formatted with numpy in bulk (a million rows in well under a second): UTC
as `YYYY-MM-DDTHH:MM:SSZ`, local time with the case zone's offset at each instant (BST or GMT).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import islice
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from caselog.normalise import DETAIL_COLUMNS, ROW_FIELDS

_BATCH = 20_000
# The C library's allocator: Arrow's default (mimalloc) kept a third more resident memory than it
# held while a whole phone was read batch by batch.
_POOL = pa.system_memory_pool()
CONTRACT_COLUMNS = ("event_id", "timestamp_utc", "timestamp_local", "channel", "kind", "direction",
                    "sender", "sender_name", "recipients", "party", "thread", "subject", "body",
                    "attachments", "duration_s", "exhibit", "source_path", "locator", "tags")
EXTRA_COLUMNS = ("timestamp_source", "sender_raw", "recipients_raw", *DETAIL_COLUMNS, "details", "also_in")
COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS


def build_timeline(rows: Iterable[tuple], zone: ZoneInfo) -> pd.DataFrame:
    """The sorted timeline from normalise's row tuples; an empty frame has the same columns.

    Rows are gathered in batches, each batch turned into Arrow columns at once (no per-row
    appends, no list of a million tuples, no Python string object kept per cell: a whole phone fits
    in a few hundred MB), then joined and sorted. Ties in time keep the order the sources were read
    in (a stable sort), so the same inputs always give the same order.
    """
    tables = []
    with _collector_paused():
        for batch in batched(rows, _BATCH):
            columns = zip(*batch, strict=True)
            tables.append(pa.table({name: _arrow(name, values) for name, values in zip(ROW_FIELDS, columns,
                                                                                       strict=True)}))
    table = pa.concat_tables(tables, memory_pool=_POOL) if tables else pa.table({n: _arrow(n, ()) for n in ROW_FIELDS})
    del tables
    order = pc.sort_indices(table, sort_keys=[("epoch_us", "ascending")])   # Arrow's sort is stable
    if not _is_identity(order):            # backups are mostly in time order already: no copy then
        table = pc.take(table, order, memory_pool=_POOL)
    epoch_us = table.column("epoch_us").to_numpy()
    table = table.append_column("timestamp_utc", _in_chunks(utc_strings, epoch_us))
    table = table.append_column("timestamp_local", _in_chunks(lambda part: local_strings(part, zone), epoch_us))
    for empty in ("tags", "also_in"):           # filled by tagging and by merge_duplicates
        table = table.append_column(empty, pa.repeat(pa.scalar("", pa.large_string()), len(epoch_us)))
    frame = table.select([*COLUMNS, "epoch_us"]).to_pandas(types_mapper=_PANDAS_TYPES.get, memory_pool=_POOL)
    return frame


def _in_chunks(format_times, epoch_us: np.ndarray, size: int = 100_000) -> pa.ChunkedArray:
    """Formatted times as Arrow text, a slice at a time: numpy's fixed-width text for a million
    rows at once would cost more memory than the whole timeline."""
    pieces = [pa.array(format_times(epoch_us[i:i + size]), pa.large_string(), memory_pool=_POOL)
              for i in range(0, len(epoch_us), size)]
    return pa.chunked_array(pieces, pa.large_string())


def _is_identity(order: pa.Array) -> bool:
    return len(order) == 0 or bool(pc.all(pc.equal(order, pa.array(np.arange(len(order), dtype="uint64")))).as_py())


def batched(rows: Iterable[tuple], size: int):
    """Lists of up to `size` rows (itertools.batched arrives only in Python 3.12)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def to_arrow(frame: pd.DataFrame, columns: Iterable[str]) -> pa.Table:
    """The frame's columns as an Arrow table (no copy for the Arrow-backed text columns)."""
    return pa.Table.from_pandas(frame[list(columns)], preserve_index=False)


def _arrow(name: str, values) -> pa.Array:
    kind = pa.int64() if name in ("epoch_us", "duration_s") else pa.large_string()   # None durations: null
    return pa.array(values, kind, memory_pool=_POOL)


_PANDAS_TYPES = {pa.large_string(): pd.StringDtype("pyarrow"), pa.int64(): pd.Int64Dtype()}


@contextmanager
def _collector_paused():
    """The rows hold no reference cycles; letting Python's cycle collector walk a million young
    tuples again and again made reading a whole phone three times slower."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def utc_strings(epoch_us: np.ndarray) -> np.ndarray:
    seconds = (epoch_us // 1_000_000).astype("datetime64[s]")
    return np.char.add(np.datetime_as_string(seconds, unit="s"), "Z")


def local_strings(epoch_us: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    """ISO 8601 local time with offset; the offset comes from the zone's rules at each instant."""
    if len(epoch_us) == 0:
        return np.array([], dtype=str)
    utc = pd.to_datetime(epoch_us // 1_000_000, unit="s", utc=True)
    local_wall = utc.tz_convert(zone).tz_localize(None)
    offset_s = ((local_wall - utc.tz_localize(None)).total_seconds()).astype("int64").to_numpy()
    wall = np.datetime_as_string(local_wall.to_numpy().astype("datetime64[s]"), unit="s")
    distinct, which = np.unique(offset_s, return_inverse=True)
    labels = np.array([_offset_label(int(o)) for o in distinct])
    return np.char.add(wall, labels[which])


def _offset_label(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
