"""The whole bundle run: originals untouched, counts balanced, verify catches any change, and a
failed or refused run leaves nothing that looks like a bundle."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import socket
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from caselog import bundle as bundle_module
from caselog.bundle import build_bundle
from caselog.errors import CaselogError
from caselog.verify import verify

CORPUS = Path(__file__).parent / "corpus"
SAMPLE_EXPORTS = Path(__file__).parent.parent / "sample_data" / "exports"
FIXED_TIME = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """name → (sha256, size, mtime_ns) of every file under folder."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size,
                                              p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder like an advocate's: good exports, broken ones, a hostile zip and an empty file."""
    folder = tmp_path / "handed-in"
    shutil.copytree(SAMPLE_EXPORTS, folder / "phone")
    for name in ("truncated.xml", "bad_records.xml"):
        shutil.copy(CORPUS / "android_sms_xml" / name, folder / f"sms-{name}")
    shutil.copy(CORPUS / "android_calls_xml" / "bad_records.xml", folder / "calls-bad.xml")
    (folder / "empty.xml").write_bytes(b"")
    with zipfile.ZipFile(folder / "backup.zip", "w") as archive:
        archive.write(CORPUS / "android_sms_xml" / "basic.xml", "Backups/sms-basic.xml")
        archive.writestr("../escape.txt", b"should never be read")
        archive.writestr("notes/readme.txt", b"just a note")
    (folder / "link-to-outside").symlink_to("/etc/hostname")
    return folder


def _bundle(case, inputs: Path, out: Path) -> None:
    build_bundle(case, [inputs], out, now=FIXED_TIME)


def test_bundle_leaves_inputs_untouched_and_verifies(demo_case, inputs: Path, tmp_path: Path) -> None:
    before = _snapshot(inputs)
    out = tmp_path / "bundle"
    _bundle(demo_case, inputs, out)
    assert _snapshot(inputs) == before, "an input changed: bytes, size or mtime"
    assert verify(out).intact
    numbers = sorted(int(p.name.split("__")[0].removeprefix("AA_")) for p in (out / "exhibits").iterdir())
    assert numbers == list(range(1, len(numbers) + 1)), "exhibits are AA_1__…, AA_2__…, without gaps"
    for path in (out / "exhibits").iterdir():                      # verbatim copies, read-only
        assert not os.access(path, os.W_OK) or os.geteuid() == 0
        assert path.stat().st_mode & 0o222 == 0


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils sha256sum not on this machine")
def test_sha256sum_checks_the_bundle_without_caselog(demo_case, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    _bundle(demo_case, inputs, out)
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=out, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len([p for p in out.rglob("*") if p.is_file()]) - 1


def test_verify_names_a_flipped_byte_a_missing_and_an_extra_file(demo_case, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    _bundle(demo_case, inputs, out)
    exhibit = sorted((out / "exhibits").iterdir())[0]
    os.chmod(exhibit, 0o644)
    data = bytearray(exhibit.read_bytes())
    data[len(data) // 2] ^= 0x01
    exhibit.write_bytes(bytes(data))
    (out / "problems.csv").unlink()
    (out / "added.txt").write_text("x")
    verdict = verify(out)
    assert not verdict.intact
    rel = f"exhibits/{exhibit.name}"
    assert rel in verdict.changed
    assert "problems.csv" in verdict.missing
    assert verdict.extra == ["added.txt"]


def test_counts_balance_per_exhibit_and_match_the_timeline(demo_case, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    _bundle(demo_case, inputs, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "problems.csv", encoding="utf-8", newline="") as stream:
        problems = list(csv.DictReader(stream))
    for exhibit in manifest["exhibits"]:
        for source in exhibit["sources"]:
            assert source["records_in"] == source["events_out"] + source["problems"], source
            events = sum(1 for r in rows if r["exhibit"] == exhibit["exhibit"]
                         and r["source_path"] == source["source_path"])
            lost = sum(1 for p in problems if p["exhibit"] == exhibit["exhibit"]
                       and p["source_path"] == source["source_path"] and p["severity"] == "left_out")
            assert (events, lost) == (source["events_out"], source["problems"])
    assert not [p for p in problems if "please report" in p["reason"]], "a parser crashed"
    by_name = {e["original_name"]: e for e in manifest["exhibits"]}
    truncated = by_name["handed-in/sms-truncated.xml"]["sources"][0]
    assert (truncated["events_out"], truncated["problems"]) == (3, 1)
    empty = by_name["handed-in/empty.xml"]["sources"][0]
    assert empty["parser"] is None and empty["records_in"] == 0
    archive = by_name["handed-in/backup.zip"]
    refused = {m["path"]: m.get("not_read", "") for m in archive["members"]}
    assert "escapes the archive" in refused["../escape.txt"]
    assert {s["source_path"]: s["parser"] for s in archive["sources"]} == {
        "Backups/sms-basic.xml": "android_sms_xml", "notes/readme.txt": None}
    assert any("symlink" in p["reason"] for p in manifest["passed_over"])


def test_the_same_inputs_give_the_same_files(demo_case, inputs: Path, tmp_path: Path) -> None:
    _bundle(demo_case, inputs, tmp_path / "one")
    _bundle(demo_case, inputs, tmp_path / "two")
    for name in ("timeline.csv", "problems.csv", "tags.csv", "index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_outdir_rules(demo_case, inputs: Path, tmp_path: Path) -> None:
    with pytest.raises(CaselogError, match="inside the input"):
        _bundle(demo_case, inputs, inputs / "out")
    with pytest.raises(CaselogError, match="contains the input"):
        build_bundle(demo_case, [inputs], inputs.parent, force=True)
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "keep.txt").write_text("someone's file")
    with pytest.raises(CaselogError, match="not empty"):
        _bundle(demo_case, inputs, out)
    assert (out / "keep.txt").read_text() == "someone's file"
    build_bundle(demo_case, [inputs], out, force=True, now=FIXED_TIME)
    assert verify(out).intact and not (out / "keep.txt").exists()
    assert not list(tmp_path.glob(".bundle.*")), "a working folder was left behind"


def test_an_interrupted_run_leaves_no_bundle(demo_case, inputs: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bundle_module, "write_sums", explode)
    with pytest.raises(KeyboardInterrupt):
        _bundle(demo_case, inputs, tmp_path / "bundle")
    assert not (tmp_path / "bundle").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bundle")]


def test_runs_with_the_network_switched_off(demo_case, inputs: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("caselog tried to open a network socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    _bundle(demo_case, inputs, tmp_path / "bundle")
    assert verify(tmp_path / "bundle").intact


def test_no_inputs_found(demo_case, tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(CaselogError, match="no files found"):
        _bundle(demo_case, tmp_path / "empty-folder", tmp_path / "bundle")
    assert not (tmp_path / "bundle").exists()
