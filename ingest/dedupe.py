"""The same event found in two exports is one event in the timeline, with every place it was found.

Victims hand over overlapping backups: two SMS backups a month apart, a chat exported twice, one
e-mail as an .eml and inside an mbox. Events that agree on channel, kind, direction, sender,
recipients, subject, body, attachments and time (to the second, which is at least as fine as every
source's own precision) are merged when they come from different sources; the first found stays,
its `also_in` column lists the others, and duplicates.csv lists every merged row, so nothing is
dropped silently and each source's count still balances (records in = events + problems +
duplicates). Two identical messages inside ONE export (someone sending "ok" twice in a minute) are
both kept: they are two events.
"""

from __future__ import annotations

import pandas as pd

KEY_COLUMNS = ("channel", "kind", "direction", "sender", "recipients", "subject", "body", "attachments",
               "timestamp_utc")
DUPLICATE_COLUMNS = ("event_id", "kept_event_id", "exhibit", "source_path", "locator")


def merge_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(timeline without the repeats and with `also_in`, the table of merged rows)."""
    if frame.empty:
        return frame, pd.DataFrame(columns=list(DUPLICATE_COLUMNS))
    source = frame["exhibit"].astype("str") + "\0" + frame["source_path"].astype("str")
    key = frame[KEY_COLUMNS[0]].astype("str")
    for column in KEY_COLUMNS[1:]:                        # vectorised: no Python loop over rows
        key = key + "\0" + frame[column].astype("str")
    occurrence = pd.DataFrame({"key": key, "source": source}).groupby(["key", "source"], sort=False).cumcount()
    group = key + "\0#" + occurrence.astype(str)
    first = ~group.duplicated(keep="first")
    kept_id = frame["event_id"].where(first).groupby(group).transform("first")
    dropped = ~first
    duplicates = pd.DataFrame({
        "event_id": frame.loc[dropped, "event_id"],
        "kept_event_id": kept_id[dropped],
        "exhibit": frame.loc[dropped, "exhibit"],
        "source_path": frame.loc[dropped, "source_path"],
        "locator": frame.loc[dropped, "locator"],
    }).reset_index(drop=True)
    where = frame.loc[dropped, "exhibit"] + " " + frame.loc[dropped, "locator"]
    places = where.groupby(kept_id[dropped]).agg("; ".join).to_dict() if dropped.any() else {}
    result = frame.loc[first].reset_index(drop=True)
    result["also_in"] = pd.Series([places.get(e, "") for e in result["event_id"]], dtype="str")
    return result, duplicates
