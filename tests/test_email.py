"""The e-mail parsers beyond their goldens: hostile attachments, chunk boundaries, size caps, fuzzing.

Goldens (tests/corpus/email_eml, tests/corpus/email_mbox) pin what each quirk gives; these tests pin
what must hold whatever the bytes: a zip bomb is hashed, never opened; the mbox reader gives the same
records however the file falls into chunks; no input makes a parser raise anything but SourceError.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from caselog.errors import SourceError
from caselog.model import Problems, Source
from caselog.parsers import email_eml, email_mbox, email_message, email_mime
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "corpus"
MBOXES = sorted((CORPUS / "email_mbox").glob("*.mbox"))
EMLS = sorted((CORPUS / "email_eml").glob("*.eml"))


def _eml_with_attachment(name: str, payload: bytes, line: int = 76) -> bytes:
    text = base64.b64encode(payload).decode("ascii")
    encoded = "\n".join(text[i:i + line] for i in range(0, len(text), line))
    return (f"From: Mark Doe <mark.doe@example.com>\nTo: sam.taylor@example.org\nSubject: for you\n"
            f"Date: Tue, 29 Sep 2026 20:00:00 +0100\nMIME-Version: 1.0\n"
            f"Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nopen it\n"
            f"--B\nContent-Type: application/zip\nContent-Disposition: attachment; filename=\"{name}\"\n"
            f"Content-Transfer-Encoding: base64\n\n{encoded}\n--B--\n").encode("ascii")


def _parse(parser, data: bytes, name: str = "x"):
    problems = Problems()
    return [r.to_json() for r in parser.parse(Source.from_bytes(data, name), problems)], problems.to_json()


def test_zip_bomb_attachment_is_hashed_not_opened() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(10 << 20))            # 10 MB of zeros, ~10 KB zipped
    bomb = buffer.getvalue()
    message = _eml_with_attachment("invoice.zip", bomb)
    assert email_eml.identify(Source.from_bytes(message))
    tracemalloc.start()
    started = time.perf_counter()
    records, problems = _parse(email_eml, message)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 2 and peak < 2 << 20, (seconds, peak)        # nothing near the 10 MB inside
    [record] = records
    assert record["attachments"] == ["invoice.zip"]
    assert record["details"]["attachment_sha256"] == f"invoice.zip={hashlib.sha256(bomb).hexdigest()}"
    assert record["details"]["attachment_bytes"] == f"invoice.zip={len(bomb)}"
    assert record["body"] == "open it"
    assert problems == []


@pytest.mark.parametrize("line", [76, 77, 1000])
def test_big_attachment_hashed_across_windows(monkeypatch: pytest.MonkeyPatch, line: int) -> None:
    """Base64 lines that are not a multiple of 4 long, cut at window edges, decode to the same bytes."""
    monkeypatch.setattr(email_mime, "_WINDOW", 4099)
    payload = random.Random(5).randbytes(200_003)
    records, problems = _parse(email_eml, _eml_with_attachment("big.bin", payload, line))
    assert records[0]["details"]["attachment_sha256"] == f"big.bin={hashlib.sha256(payload).hexdigest()}"
    assert records[0]["details"]["attachment_bytes"] == f"big.bin={len(payload)}"
    assert problems == []


@pytest.mark.parametrize("chunk", [7, 64, 1000])
@pytest.mark.parametrize("path", MBOXES, ids=lambda p: p.name)
def test_mbox_records_do_not_depend_on_chunk_size(monkeypatch: pytest.MonkeyPatch, path: Path, chunk: int) -> None:
    expected = _parse(email_mbox, path.read_bytes())
    monkeypatch.setattr(email_mbox, "_CHUNK", chunk)
    monkeypatch.setattr(email_mbox, "_LONG_LINE", max(3 * chunk, 200))   # longer than any From_ line
    assert _parse(email_mbox, path.read_bytes()) == expected


def test_mbox_long_lines_pass_through_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line longer than a chunk (a base64 blob with no line breaks) stays in its message."""
    monkeypatch.setattr(email_mbox, "_CHUNK", 50)
    monkeypatch.setattr(email_mbox, "_LONG_LINE", 100)
    blob = "x" * 1000
    data = (f"From a@example.com Mon Oct  5 21:04:05 2026\nFrom: a@example.com\nDate: Mon, 5 Oct 2026 21:04:05 "
            f"+0000\n\n{blob}\nFrom here on\n\nFrom b@example.com Mon Oct  5 22:04:05 2026\nFrom: b@example.com\n"
            f"Date: Mon, 5 Oct 2026 22:04:05 +0000\n\nsecond\n").encode()
    records, problems = _parse(email_mbox, data)
    assert [r["body"] for r in records] == [f"{blob}\nFrom here on\n", "second\n"]
    assert [r["locator"] for r in records] == ["message 1 (line 1)", "message 2 (line 8)"]
    assert problems == []


def test_oversized_message_keeps_its_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(email_mbox, "MAX_MESSAGE_BYTES", 300)
    data = (b"From a@example.com Mon Oct  5 21:04:05 2026\nFrom: a@example.com\nDate: Mon, 5 Oct 2026 "
            b"21:04:05 +0000\n\n" + b"words " * 200 + b"\n\nFrom b@example.com Mon Oct  5 22:04:05 2026\n"
            b"From: b@example.com\nDate: Mon, 5 Oct 2026 22:04:05 +0000\n\nnext\n")
    records, problems = _parse(email_mbox, data)
    assert len(records) == 2 and records[1]["body"] == "next\n"
    assert len(records[0]["body"]) < 300
    assert [p["locator"] for p in problems] == ["message 1 (line 1)"]
    assert "only the first 300 were read" in problems[0]["reason"]


def test_mbox_that_is_not_one_raises_source_error() -> None:
    with pytest.raises(SourceError):
        _parse(email_mbox, b"just text\nFrom a@example.com Mon Oct  5 21:04:05 2026\nDate: x\n\n")


def test_same_message_as_eml_and_in_mbox_reads_the_same() -> None:
    eml = (CORPUS / "email_eml" / "plain_lf.eml").read_bytes()
    [from_eml], _ = _parse(email_eml, eml)
    [from_mbox], _ = _parse(email_mbox, b"From a@example.com Mon Sep 14 20:04:05 2026\n" + eml + b"\n")
    assert {**from_eml, "locator": ""} == {**from_mbox, "locator": ""}


def _mutations(seed_files: list[Path]):
    seeds = [p.read_bytes() for p in seed_files]
    return st.tuples(st.sampled_from(seeds), st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=8),
                                                                 st.integers(0, 8)), max_size=6))


def _mutate(seed: bytes, edits: list[tuple[int, bytes, int]]) -> bytes:
    data = bytearray(seed)
    for at, insert, delete in edits:
        at %= len(data) + 1
        data[at:at + delete] = insert
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(EMLS + MBOXES))
def test_damaged_input_never_crashes(case) -> None:
    data = _mutate(*case)
    for parser in (email_eml, email_mbox):
        problems = Problems()
        try:
            records = list(parser.parse(Source.from_bytes(data), problems))
        except SourceError:
            continue
        assert all(r.locator.startswith("message ") for r in records)
        assert all(p.locator.startswith("message ") for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_message_builder_survives_any_bytes(data: bytes) -> None:
    problems = Problems()
    email_message.build_record(data, "message 1", problems, email_message.Memo())
