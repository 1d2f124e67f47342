"""Outlook .msg and .pst beyond the golden inputs in tests/corpus/outlook_*/.

- The real .msg and .pst files of ../shared/corpus read in place, compared with goldens in
  tests/goldens/outlook/ (`pytest --update-goldens` rewrites them; review the diff).
- The readpst route: what outlook_readpst makes of readpst's output (a folder written here in
  readpst's shape, invented data), readpst missing, failing, hanging, and where it may write.
- Damaged input: a cut-off .msg is a SourceError with a reason, never a traceback; identify never raises.
"""

from __future__ import annotations

import shutil
import struct
import textwrap
from pathlib import Path

import pytest
from caselog import parsers
from caselog.errors import SourceError
from caselog.model import Problems, Source
from caselog.parsers import outlook_msg, outlook_pst, outlook_readpst
from conftest import check_golden

GOLDENS = Path(__file__).parent / "goldens" / "outlook"
CORPUS = Path(__file__).parent / "corpus"
MSGS = ["sicos1977-msgreader__EmailWithAttachments.msg", "sicos1977-msgreader__EmailWithInnerMailAndAttachments.msg",
        "sicos1977-msgreader__EmailWithReactions.msg"]
PST = "rjohnsondev-java-libpst__dist-list.pst"
needs_readpst = pytest.mark.skipif(shutil.which("readpst") is None,
                                   reason="readpst is not installed (make install adds pst-utils)")


def _read(parser, source: Source) -> tuple[list[dict], list[dict]]:
    problems = Problems()
    records = [r.to_json() for r in parser.parse(source, problems)]
    return records, problems.to_json()


def _compare(stem: str, records: list[dict], problems: list[dict], update: bool) -> None:
    GOLDENS.mkdir(parents=True, exist_ok=True)
    check_golden(GOLDENS / f"{stem}.records.jsonl", records, update)
    check_golden(GOLDENS / f"{stem}.problems.jsonl", problems, update)


@pytest.mark.parametrize("name", MSGS)
def test_corpus_msg_matches_golden(name: str, shared_corpus: Path, update_goldens: bool) -> None:
    source = Source.from_path(shared_corpus / "outlook-msg" / name)
    assert parsers.pick(source) is outlook_msg
    _compare(Path(name).stem, *_read(outlook_msg, source), update_goldens)


@needs_readpst
def test_corpus_pst_matches_golden(shared_corpus: Path, update_goldens: bool) -> None:
    source = Source.from_path(shared_corpus / "pst" / PST)
    assert parsers.pick(source) is outlook_pst
    records, problems = _read(outlook_pst, source)
    assert records == []            # a contact, a distribution list, an appointment: no messages
    _compare(Path(PST).stem, records, problems, update_goldens)


def test_msg_cut_off_is_a_source_error_with_a_reason() -> None:
    data = (CORPUS / "outlook_msg" / "received.msg").read_bytes()
    for size in (4096, 8192, len(data) - 512):
        source = Source.from_bytes(data[:size], "cut.msg")
        assert outlook_msg.identify(source)          # the directory is there; the streams are not
        with pytest.raises(SourceError, match="damaged or cut off"):
            list(outlook_msg.parse(source, Problems()))


@pytest.mark.parametrize("data", [b"", b"\xd0\xcf\x11\xe0", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"!BDN",
                                  b"!BDN\0\0\0\0SM", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                  b"!BDN\0\0\0\0SM\x17\0" + b"\xff" * 2000, b"Subject: hi\n\nplain"])
def test_identify_never_raises(data: bytes) -> None:
    source = Source.from_bytes(data, "x")
    assert outlook_msg.identify(source) in (True, False)
    assert outlook_pst.identify(source) in (True, False)


# --- the readpst route ----------------------------------------------------------------------------

def _pst_header(size: int) -> bytes:
    """A Unicode PST header (invented) that says the file is `size` bytes."""
    head = bytearray(size)
    head[0:4], head[8:10] = b"!BDN", b"SM"
    struct.pack_into("<HH", head, 10, 23, 19)
    struct.pack_into("<Q", head, 0xB8, size)
    return bytes(head)


def _write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    text = textwrap.dedent(text).lstrip("\n").replace("{B}", B).replace("{RTF}", RTF_TEXT).replace("{SP}", " ")
    text = text.replace("{DN}", DN)
    target.write_bytes(text.encode("utf-8"))


B = "--boundary-LibPST-iamunique-1048576_-_-"
DN = "/O=EXAMPLE/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=SAMTAYLOR"
RTF_TEXT = "e1xydGYxXGFuc2lcYW5zaWNwZzEyNTJcZnJvbXRleHQgXGRlZmYwe1xmb250dGJse1xmMFxmc3dpc3MgQXJpYWw7fX0KSSB3aWxsIGZpbmQgeW91Llxw\nYXIKfQ==\n"  # noqa: E501 - {\rtf1\ansi\ansicpg1252\fromtext ... I will find you.\par }


def _readpst_output(out: Path) -> None:
    """Files in the shape `readpst -e -D -8` writes (see parsers/outlook_readpst.py); invented data."""
    _write(out, "Personal Folders/Inbox/3.eml", """
        Return-Path: <mark.doe@example.com>
        Received: from mail.example.com (mail.example.com [192.0.2.10])
        \tby mx.example.org; Tue, 14 Oct 2025 23:47:15 +0100
        From: Mark Doe <Mark.Doe@example.com>
        To: Sam Taylor <sam.taylor@example.org>
        Subject: Re: tonight
        Date: Tue, 14 Oct 2025 23:47:12 +0100
        Message-ID: <20251014224712.5521@mail.example.com>
        Status: RO
        MIME-Version: 1.0
        Content-Type: multipart/mixed;
        \tboundary="{B}"


        --{B}
        Content-Type: text/plain; charset="utf-8"

        I saw you leave at 9.
          You can't ignore me 😡

        --{B}
        Content-Type: application/rtf
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment;{SP}
                filename*=utf-8''rtf-body.rtf;
                filename="rtf-body.rtf"

        {RTF}
        --{B}
        Content-Type: image/jpeg
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment;{SP}
                filename*=utf-8''car.jpg;
                filename="car.jpg"

        /9j/4CBpbnZlbnRlZA==

        --{B}--

        """)
    _write(out, "Personal Folders/Sent Items/2.eml", """
        Status: RO
        From: Sam Taylor <MAILER-DAEMON>
        Subject: Please stop
        To: Mark Doe; Mark D
        Date: Mon, 20 Oct 2025 07:05:00 +0000
        X-libpst-forensic-sender: {DN}
        X-libpst-forensic-bcc: Priya Shah
        MIME-Version: 1.0
        Content-Type: multipart/mixed;
        \tboundary="{B}"


        --{B}
        Content-Type: text/plain; charset="utf-8"

        Please stop contacting me.

        --{B}--

        """)
    _write(out, "Personal Folders/Drafts/1.eml", """
        From: <MAILER-DAEMON>
        Subject: unsent
        MIME-Version: 1.0
        Content-Type: multipart/mixed;
        \tboundary="{B}"


        --{B}
        Content-Type: text/plain; charset="utf-8"

        never sent

        --{B}--

        """)
    _write(out, "Personal Folders/Deleted Items/5.eml", """
        From: Mark Doe <mark.doe@example.com>
        Subject: deleted
        To: Sam Taylor
        Date: Wed, 22 Oct 2025 21:30:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/mixed;
        \tboundary="{B}"


        --{B}
        Content-Type: application/rtf
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment;{SP}
                filename*=utf-8''rtf-body.rtf;
                filename="rtf-body.rtf"

        {RTF}
        --{B}--

        """)
    _write(out, "Personal Folders/Contacts/1.vcf", "BEGIN:VCARD\nFN:Mark Doe\nEND:VCARD\n")
    _write(out, "Personal Folders/Calendar/4.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")


def test_readpst_output_is_read_and_its_inventions_undone(tmp_path: Path, update_goldens: bool) -> None:
    _readpst_output(tmp_path)
    problems = Problems()
    records = [r.to_json() for r in outlook_readpst.records(tmp_path, problems)]
    by_place = {r["locator"]: r for r in records}
    assert sorted(by_place) == ["Personal Folders/Deleted Items/message 5", "Personal Folders/Inbox/message 3",
                                "Personal Folders/Sent Items/message 2"]
    inbox = by_place["Personal Folders/Inbox/message 3"]
    assert inbox["timestamp"] == "2025-10-14T23:47:12+01:00" and inbox["sender"] == "mark.doe@example.com"
    assert inbox["attachments"] == ["car.jpg"] and "rtf-body" not in str(inbox["details"])
    sent = by_place["Personal Folders/Sent Items/message 2"]
    assert sent["sender"].startswith("/O=EXAMPLE/") and sent["sender_name"] == "Sam Taylor"
    assert sent["recipients"] == ["Mark Doe", "Mark D", "Priya Shah"]
    assert by_place["Personal Folders/Deleted Items/message 5"]["body"].startswith("I will find you.")
    left_out = [p for p in problems.to_json() if p["severity"] == "left_out"]
    assert [p["locator"] for p in left_out] == ["Personal Folders/Drafts/message 1"]
    assert "MAILER-DAEMON" not in str(records)
    _compare("readpst_output", records, problems.to_json(), update_goldens)


def test_pst_without_readpst_is_one_clear_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outlook_pst.shutil, "which", lambda name: None)
    source = Source.from_bytes(_pst_header(1024), "mailbox.pst")
    records, problems = _read(outlook_pst, source)
    assert records == []
    assert problems == [{"locator": "the PST", "severity": "left_out", "reason": "readpst not found: install "
                         "pst-utils (apt-get install pst-utils); this PST is kept as an exhibit but not read"}]


def _fake_readpst(tmp_path: Path, body: str) -> Path:
    """A stand-in for readpst: checks it is called as outlook_pst must call it, then runs `body`."""
    script = tmp_path / "bin" / "readpst"
    script.parent.mkdir()
    log = tmp_path / "calls.txt"
    script.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        # args: -e -D -8 -j 0 -o OUT PST
        echo "$PWD|$*" >> "{log}"
        [ "$1 $2 $3 $4 $5 $6" = "-e -D -8 -j 0 -o" ] || exit 99
        OUT="$7"; PST="$8"
        cmp -s "$PST" "{tmp_path / 'expected.pst'}" || exit 98
        {body}
        """))
    script.chmod(0o755)
    return script


def test_readpst_failing_midway_keeps_what_it_wrote_and_says_so(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pst_header(2048)
    (tmp_path / "expected.pst").write_bytes(data)
    script = _fake_readpst(tmp_path, """
        mkdir -p "$OUT/Personal Folders/Inbox"
        printf 'From: mark.doe@example.com\\nDate: Tue, 14 Oct 2025 23:47:12 +0100\\nSubject: x\\n\\nhello\\n' \
            > "$OUT/Personal Folders/Inbox/1.eml"
        echo "pst_getBlockOffsetPointer: cannot find block" >&2
        exit 3
        """)
    monkeypatch.setattr(outlook_pst.shutil, "which", lambda name: str(script))
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(outlook_pst.tempfile, "tempdir", str(private))
    source = Source.from_bytes(data, "mailbox.pst")           # like a zip member: no path, so it is copied
    records, problems = _read(outlook_pst, source)
    assert [r["body"] for r in records] == ["hello\n"]
    assert problems[-1]["severity"] == "left_out"
    assert problems[-1]["reason"].startswith("readpst stopped with exit code 3 (pst_getBlockOffsetPointer")
    cwd, args = (tmp_path / "calls.txt").read_text().strip().split("|")
    assert Path(cwd).is_relative_to(private) and args.split(" -o ")[1].startswith(str(private))
    assert list(private.iterdir()) == []                       # the private directory is gone


def test_readpst_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pst_header(1024)
    (tmp_path / "expected.pst").write_bytes(data)
    script = _fake_readpst(tmp_path, "sleep 30")
    monkeypatch.setattr(outlook_pst.shutil, "which", lambda name: str(script))
    monkeypatch.setattr(outlook_pst.readpst, "timeout_for", lambda size: 1)
    records, problems = _read(outlook_pst, Source.from_bytes(data, "mailbox.pst"))
    assert records == []
    assert problems[-1]["reason"].startswith("readpst did not finish within 1 s")


@needs_readpst
def test_pst_shorter_than_its_header_says(tmp_path: Path) -> None:
    head = bytearray(_pst_header(4096))
    struct.pack_into("<Q", head, 0xB8, 271360)
    records, problems = _read(outlook_pst, Source.from_bytes(bytes(head), "cut.pst"))
    assert records == []
    assert problems[0]["reason"].startswith("the PST header says the file is 271,360 bytes but it has 4,096")
    assert any(p["severity"] == "left_out" and p["reason"].startswith("readpst stopped") for p in problems)
