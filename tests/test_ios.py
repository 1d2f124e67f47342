"""iPhone sources beyond the goldens: a real backup folder's layout, sms.db read from a zip member
(the private-copy route), the exhibit left untouched, the typedstream reader, Apple times, and the
iMazing CSV's day/month order from the case's region."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from functools import partial
from pathlib import Path

import pytest
from caselog import parsers
from caselog.archives import members
from caselog.bundle import build_bundle
from caselog.case import load_case
from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Source
from caselog.parsers import ios_backup_manifest, ios_messages_csv, ios_sms_db
from caselog.parsers.ios_sms_rows import apple_time
from caselog.parsers.ios_typedstream import TypedStreamError, attributed_string_text

CORPUS = Path(__file__).parent / "corpus"
SMS_DB = CORPUS / "ios_sms_db" / "sms.db"
SMS_FILE_ID = "3d0d7e5fb2ce288813306e4d4636395e047a3d28"   # sha1("HomeDomain-Library/SMS/sms.db")
CASE = """\
case: {reference: IOS-TEST, timezone: Europe/London, prepared_by: tests, exhibit_prefix: IP}
people:
  - {role: victim, name: Sam Taylor, identifiers: ["+447700900001", "sam.taylor@example.org"]}
  - {role: suspect, name: Mark Doe, identifiers: ["+447700900123", "mark.doe@example.com", "Mark D"]}
"""


def _records(source: Source) -> tuple[list[dict], list[dict]]:
    problems = Problems()
    records = [r.to_json() for r in ios_sms_db.parse(source, problems)]
    return records, problems.to_json()


def _golden(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "ios_sms_db" / name).read_text(encoding="utf-8").splitlines()]


def test_the_file_id_is_the_sha1_of_domain_and_path() -> None:
    assert hashlib.sha1(b"HomeDomain-Library/SMS/sms.db").hexdigest() == SMS_FILE_ID


def test_sms_db_under_its_hashed_backup_name_is_found_by_content(tmp_path: Path) -> None:
    hashed = tmp_path / "00008110-000A1B2C3D4E5F60" / SMS_FILE_ID[:2] / SMS_FILE_ID
    hashed.parent.mkdir(parents=True)
    shutil.copyfile(SMS_DB, hashed)
    source = Source.from_path(hashed)
    assert parsers.pick(source) is ios_sms_db
    assert [p.name for p in parsers.claimants(source)] == ["ios_sms_db"]
    records, problems = _records(source)
    assert records == _golden("sms.records.jsonl")
    assert problems == _golden("sms.problems.jsonl")


def test_a_zip_member_is_read_through_a_verified_private_copy(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "phone.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(SMS_DB, "Backup/3d/" + SMS_FILE_ID)
    data = SMS_DB.read_bytes()
    [member] = list(members(partial(archive.open, "rb"), lambda n: None))     # as preserve reads a zip

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert member.sha256 == hashlib.sha256(data).hexdigest()
    source = Source("X/1", member.path, member.size_bytes, member.sha256, member.opener, "application/vnd.sqlite3")
    assert ios_sms_db.identify(source)
    records, problems = _records(source)
    assert records == _golden("sms.records.jsonl")
    assert problems == _golden("sms.problems.jsonl")
    assert list(scratch.iterdir()) == [], "the private copy must be removed after reading"


def test_a_copy_that_does_not_match_the_preserved_hash_is_not_read() -> None:
    data = SMS_DB.read_bytes()
    source = Source("X/1", "sms.db", len(data), "0" * 64, lambda: __import__("io").BytesIO(data))
    with pytest.raises(SourceError, match="SHA-256"):
        list(ios_sms_db.parse(source, Problems()))


def test_reading_never_changes_the_exhibit(tmp_path: Path) -> None:
    exhibit = tmp_path / "IP_1__sms.db"
    shutil.copyfile(SMS_DB, exhibit)
    os.chmod(exhibit, 0o444)                          # as preserve leaves it
    before = (exhibit.read_bytes(), exhibit.stat().st_mtime_ns)
    _records(Source.from_path(exhibit))
    assert (exhibit.read_bytes(), exhibit.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["IP_1__sms.db"], "no -wal, -shm or journal beside it"


def _backup_folder(root: Path, encrypted: bool) -> Path:
    backup = root / "00008110-000A1B2C3D4E5F60"
    (backup / SMS_FILE_ID[:2]).mkdir(parents=True)
    name = "encrypted.plist" if encrypted else "unencrypted.plist"
    shutil.copyfile(CORPUS / "ios_backup_manifest" / name, backup / "Manifest.plist")
    shutil.copyfile(CORPUS / "ios_sms_db" / "not_mine" / "manifest_like.db", backup / "Manifest.db")
    if encrypted:   # what an encrypted backup holds: ciphertext, no SQLite header
        (backup / SMS_FILE_ID[:2] / SMS_FILE_ID).write_bytes(hashlib.sha512(b"ciphertext").digest() * 512)
    else:
        shutil.copyfile(SMS_DB, backup / SMS_FILE_ID[:2] / SMS_FILE_ID)
    return backup


def _bundle(tmp_path: Path, inputs: list[Path]) -> tuple[list[dict], list[dict], dict]:
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    out = tmp_path / "bundle"
    build_bundle(load_case(case), inputs, out)
    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "problems.csv", encoding="utf-8", newline="") as stream:
        problems = list(csv.DictReader(stream))
    return rows, problems, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_an_unencrypted_backup_folder_gives_its_messages(tmp_path: Path) -> None:
    rows, problems, manifest = _bundle(tmp_path, [_backup_folder(tmp_path / "in", encrypted=False)])
    parser_of = {e["original_name"].rsplit("/", 1)[-1]: e["sources"][0]["parser"] for e in manifest["exhibits"]}
    assert parser_of == {"Manifest.db": None, "Manifest.plist": "ios_backup_manifest", SMS_FILE_ID: "ios_sms_db"}
    events = [r for r in rows if r["direction"] != "unknown"]
    assert len(events) == 17 and {r["channel"] for r in events} == {"imessage", "sms"}
    mark = [r for r in events if r["direction"] == "incoming" and r["party"] == "suspect"]
    assert any(r["body"] == "I saw your car outside the gym 🚗\nWhy are you ignoring me?" for r in mark)
    assert any("iOS 18.1" in p["reason"] and "not encrypted" in p["reason"] for p in problems)


def test_an_encrypted_backup_folder_says_so_and_reads_nothing(tmp_path: Path) -> None:
    rows, problems, _ = _bundle(tmp_path, [_backup_folder(tmp_path / "in", encrypted=True)])
    assert rows == []
    assert any(p["reason"].startswith("this iPhone backup is encrypted") for p in problems)


@pytest.mark.parametrize("text", ["", "Noter test", "é" * 100, "x" * 40_000, "line one\r\nline two 👀\u200b"])
def test_typedstream_text_is_read_exactly_whatever_its_length(text: str) -> None:
    assert attributed_string_text(_blob(text)) == (text, 0)


def test_typedstream_big_endian_is_read() -> None:
    blob = _blob("x" * 300).replace(b"streamtyped\x81\xe8\x03", b"typedstream\x81\x03\xe8")
    blob = blob.replace(b"\x81" + (300).to_bytes(2, "little"), b"\x81" + (300).to_bytes(2, "big"), 1)
    assert attributed_string_text(blob) == ("x" * 300, 0)


@pytest.mark.parametrize(("blob", "why"), [
    (b"", "ends"),
    (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x0cNSDictionary\x00\x85", "not an attributed string"),
    (b"bplist00\x00\x00", "not a typedstream"),
])
def test_typedstream_that_is_not_an_attributed_string_is_refused(blob: bytes, why: str) -> None:
    with pytest.raises(TypedStreamError, match=why):
        attributed_string_text(blob)


def test_typedstream_cut_inside_the_text_is_refused_not_guessed() -> None:
    blob = _blob("You will regret this")
    with pytest.raises(TypedStreamError):
        attributed_string_text(blob[:blob.index(b"regret")])


def test_typedstream_bad_utf8_is_shown_and_counted() -> None:
    blob = _blob("cafe!").replace(b"cafe!", b"caf\xe9!")
    assert attributed_string_text(blob) == ("caf\ufffd!", 1)


def _blob(text: str) -> bytes:
    """The attributedBody layout of make_sms_db.typedstream (see there for the byte-by-byte source)."""
    data = text.encode("utf-8")

    def length(n: int) -> bytes:
        return bytes([n]) if n < 0x80 else (b"\x81" + n.to_bytes(2, "little") if n < 0x8000
                                            else b"\x82" + n.to_bytes(4, "little"))

    return (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x19NSMutableAttributedString\x00"
            b"\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x0f"
            b"NSMutableString\x01\x84\x84\x08NSString\x01\x95\x84\x01+" + length(len(data)) + data + b"\x86")


@pytest.mark.parametrize(("raw", "expected"), [
    (813528245000000000, "2026-10-12T20:04:05+00:00"),      # nanoseconds (iOS 11+)
    (813528245, "2026-10-12T20:04:05+00:00"),               # seconds (iOS 10 and earlier)
    (478822500, "2016-03-04T22:15:00+00:00"),
])
def test_apple_time_units_are_told_apart_per_value(raw: int, expected: str) -> None:
    assert apple_time(raw).isoformat() == expected


@pytest.mark.parametrize("raw", [0, None, b"", b"soon", 4_000_000_000, -600_000_000])
def test_apple_time_zero_empty_or_impossible_is_a_problem(raw) -> None:
    with pytest.raises(RecordError):
        apple_time(raw)


def test_imazing_csv_with_no_day_above_12_follows_the_case_region() -> None:
    path = CORPUS / "ios_messages_csv" / "imazing.csv"
    lines = path.read_bytes().split(b"\r\n")
    ambiguous = b"\r\n".join(lines[:2]) + b"\r\n"           # the header and "12/10/2026 21:04:05"
    for region, expected in (("US", "2026-12-10T21:04:05"), ("GB", "2026-10-12T21:04:05")):
        problems = Problems()
        source = Source.from_bytes(ambiguous, "messages.csv", region=region)
        assert ios_messages_csv.identify(source)
        [record] = list(ios_messages_csv.parse(source, problems))
        assert record.timestamp.isoformat() == expected
        assert f"phone region is {region}" in problems.items[0].reason


def test_manifest_plist_too_big_or_not_a_plist_is_not_claimed() -> None:
    assert not ios_backup_manifest.identify(Source.from_bytes(b"bplist00" + b"\xff" * 64))
    assert not ios_backup_manifest.identify(Source.from_bytes(b"<?xml version='1.0'?><plist><dict>"))


def test_imazing_csv_whose_dates_disagree_is_read_the_way_most_need_and_says_so() -> None:
    header = ('"Chat Session","Message Date","Service","Type","Sender ID","Sender Name","Text"\n')
    rows = ['"Mark D","13/10/2026 08:00:00","SMS","Incoming","+447700900123","Mark D","one"',
            '"Mark D","14/10/2026 08:00:00","SMS","Incoming","+447700900123","Mark D","two"',
            '"Mark D","10/15/2026 08:00:00","SMS","Incoming","+447700900123","Mark D","three"']
    problems = Problems()
    source = Source.from_bytes((header + "\n".join(rows) + "\n").encode(), "messages.csv")
    records = list(ios_messages_csv.parse(source, problems))
    assert [r.body for r in records] == ["one", "two"]
    assert [(p.locator, p.severity) for p in problems] == [("row 1", "warning"), ("row 4", "left_out")]
    assert "inconsistent" in problems.items[0].reason and "does not exist" in problems.items[1].reason
