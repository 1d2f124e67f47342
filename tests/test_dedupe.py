"""Overlapping exports: one event per real event, every place it was found kept, counts balanced."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
from caselog.bundle import build_bundle
from caselog.dedupe import merge_duplicates

SMS = Path(__file__).parent / "corpus" / "android_sms_xml" / "basic.xml"


def _row(event_id: str, exhibit: str, locator: str, body: str, time: str = "2026-10-01T10:00:00Z") -> dict:
    return {"event_id": event_id, "exhibit": exhibit, "source_path": f"src-{exhibit}", "locator": locator,
            "channel": "sms", "kind": "message", "direction": "incoming", "sender": "+447700900123",
            "recipients": "", "subject": "", "body": body, "attachments": "", "timestamp_utc": time, "also_in": ""}


def test_repeats_within_one_export_are_kept_and_across_exports_merged() -> None:
    frame = pd.DataFrame([_row("a", "AA/1", "sms[0]", "ok"), _row("b", "AA/1", "sms[1]", "ok"),
                          _row("c", "AA/2", "sms[0]", "ok"), _row("d", "AA/2", "sms[1]", "ok"),
                          _row("e", "AA/2", "sms[2]", "ok"), _row("f", "AA/3", "sms[0]", "hi"),
                          _row("g", "AA/3", "sms[1]", "ok", "2026-10-01T10:00:01Z")])
    kept, duplicates = merge_duplicates(frame)
    assert kept["event_id"].tolist() == ["a", "b", "e", "f", "g"]
    assert kept["also_in"].tolist() == ["AA/2 sms[0]", "AA/2 sms[1]", "", "", ""]
    assert duplicates.to_dict("records") == [
        {"event_id": "c", "kept_event_id": "a", "exhibit": "AA/2", "source_path": "src-AA/2", "locator": "sms[0]"},
        {"event_id": "d", "kept_event_id": "b", "exhibit": "AA/2", "source_path": "src-AA/2", "locator": "sms[1]"}]


def test_the_same_backup_twice_gives_each_event_once(demo_case, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMS, inputs / "sms-october.xml")
    shutil.copy(SMS, inputs / "sms-november.xml")
    out = tmp_path / "out"
    build_bundle(demo_case, [inputs], out)
    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "duplicates.csv", encoding="utf-8", newline="") as stream:
        merged = list(csv.DictReader(stream))
    assert len(rows) == len(merged) == 16
    assert all(r["also_in"].startswith("AA/2 ") for r in rows)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for exhibit in manifest["exhibits"]:
        for source in exhibit["sources"]:
            assert source["records_in"] == source["events_out"] + source["problems"] + source["duplicates"]
    assert [s["duplicates"] for e in manifest["exhibits"] for s in e["sources"]] == [0, 16]
