"""The real third-party exports in ../shared/corpus, read in place (never copied into this repo).

For each export whose format caselog reads, the bundle must hold exactly the expected number of
events and reproduce every spot check in expected.json. For a format caselog does not read yet, no
parser may claim it (a wrong parser would invent events), and it must still be preserved as an
exhibit with its hash. FORMAT_PARSERS grows as parsers are added.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from caselog import parsers
from caselog.bundle import build_bundle
from caselog.case import load_case
from caselog.model import Source

# expected.json format → the parsers that read it; an empty tuple means not read yet.
FORMAT_PARSERS: dict[str, tuple[str, ...]] = {
    "eml": ("email_eml",), "google-voice": (), "instagram": ("instagram_json",), "signal": (),
    "outlook-msg": ("outlook_msg",), "pst": ("outlook_pst",),
    "telegram": ("telegram_json",), "whatsapp": ("whatsapp_txt",),
}
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
CASE_UTC = """\
case: {reference: CORPUS, timezone: UTC, default_region: US, prepared_by: tests, exhibit_prefix: SC}
people:
  - {role: victim, name: Corpus Owner, identifiers: ["Corpus Owner"]}
"""


def _entries() -> list[dict]:
    if not (SHARED / "expected.json").is_file():
        return []
    return json.loads((SHARED / "expected.json").read_text(encoding="utf-8"))["files"]


EXPORTS = [e for e in _entries() if "expected_events" in e]


def test_corpus_is_present_or_skipped_with_a_reason(shared_corpus: Path) -> None:
    assert EXPORTS, "expected.json lists no exports"
    unknown = sorted({e["format"] for e in EXPORTS} - FORMAT_PARSERS.keys())
    assert not unknown, f"formats in the corpus that FORMAT_PARSERS does not mention: {unknown}"


@pytest.mark.parametrize("entry", EXPORTS, ids=lambda e: e["path"])
def test_corpus_file_is_intact(entry: dict, shared_corpus: Path) -> None:
    data = (shared_corpus / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


@pytest.mark.parametrize("entry", [e for e in EXPORTS if not FORMAT_PARSERS.get(e["format"])],
                         ids=lambda e: e["path"])
def test_formats_not_read_yet_are_claimed_by_no_parser(entry: dict, shared_corpus: Path) -> None:
    source = Source.from_path(shared_corpus / entry["path"])
    claimed = [p.name for p in parsers.claimants(source)]
    assert claimed == [], f"{entry['format']} export claimed by {claimed}"


@pytest.mark.parametrize("entry", [e for e in EXPORTS if FORMAT_PARSERS.get(e["format"])],
                         ids=lambda e: e["path"])
def test_exports_give_the_expected_events(entry: dict, shared_corpus: Path, tmp_path: Path) -> None:
    source = Source.from_path(shared_corpus / entry["path"])
    picked = parsers.pick(source)
    assert picked is not None and picked.name in FORMAT_PARSERS[entry["format"]]
    rows = _bundle_rows(shared_corpus / entry["path"], tmp_path)
    events = [r for r in rows if r["channel"] not in ("diary", "file") and r["direction"] != "unknown"]
    alternatives = [a if isinstance(a, dict) else {"count": a} for a in entry.get("also_accept_events", [])]
    if len(events) == entry["expected_events"]:
        checks = entry.get("spot_checks", [])
    else:                         # an accepted alternative reading brings its own checks
        matched = [a for a in alternatives if a["count"] == len(events)]
        assert matched, f"{len(events)} events; expected {entry['expected_events']} or {alternatives}"
        checks = matched[0].get("spot_checks", entry.get("spot_checks", []))
    for check in checks:
        assert any(_matches(check, r) for r in events), f"no event matches {check}"


def test_whole_corpus_is_preserved_with_hashes(shared_corpus: Path, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_UTC, encoding="utf-8")
    out = tmp_path / "bundle"
    build_bundle(load_case(case), [shared_corpus], out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    hashes = {e["original_name"].split("/", 1)[1]: e["sha256"] for e in manifest["exhibits"]}
    for entry in _entries():
        assert hashes.get(entry["path"]) == entry["sha256"], entry["path"]


def _bundle_rows(path: Path, tmp_path: Path) -> list[dict]:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_UTC, encoding="utf-8")
    out = tmp_path / "bundle"
    build_bundle(load_case(case), [path], out)
    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _matches(check: dict, row: dict) -> bool:
    body = row["body"].replace("\r\n", "\n").strip()
    times = [check[k] for k in ("timestamp_utc",) if k in check] + list(check.get("timestamp_utc_any", []))
    tests = {     # timestamp_utc_any lists readings accepted besides timestamp_utc (an ambiguous d/m file)
        "timestamp_utc": lambda v: any(_within(row["timestamp_utc"], x, 1) for x in times),
        "timestamp_utc_any": lambda v: any(_within(row["timestamp_utc"], x, 1) for x in times),
        "sender": lambda v: row["sender"] == v or row["sender_name"] == v,
        "sender_any": lambda v: row["sender"] in v or row["sender_name"] in v,
        "body": lambda v: body == v.replace("\r\n", "\n").strip(),
        "body_any": lambda v: body in [x.replace("\r\n", "\n").strip() for x in v],
        "body_contains": lambda v: all(x in row["body"] for x in ([v] if isinstance(v, str) else v)),
        "body_contains_any": lambda v: any(x in row["body"] for x in v),
        "duration_s": lambda v: row["duration_s"] != "" and abs(float(row["duration_s"]) - v) <= 1,
    }
    return all(tests[key](value) for key, value in check.items() if key in tests)


def _within(text: str, expected: str, seconds: float) -> bool:
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))  # noqa: E731
    return abs((parse(text) - parse(expected)).total_seconds()) <= seconds
