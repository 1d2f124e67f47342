"""Running readpst on a PST and reading what it writes: a helper of outlook_pst, not a parser.

`readpst -e -D -8 -j 0 -o DIR FILE` (Debian's pst-utils, libpst) writes each folder of the PST as a
directory and each item as a numbered file: e-mails (and meeting requests, delivery reports) as
`N.eml`, contacts as `N.vcf`, calendar and journal items as `N.ics`. N counts the folder's items in
PST order, sub-folders and contacts included, so it is stable: the locator `Inbox/message 12` is
readpst's `Inbox/12.eml`. Folder names are readpst's: `/`, `\\` and `:` become `_`, and a second
folder of the same name gets a number (`Inbox1`). `-D` keeps Deleted Items, which readpst otherwise
skips whole; `-8` writes bodies in UTF-8 where the PST stores Unicode; `-j 0` forks nothing.

Each .eml is read with the e-mail parsers' code (email_message.build_record), then readpst's own
inventions are undone, and said:
- An item whose sender has no SMTP address gets `From: <MAILER-DAEMON>` (or `Name <MAILER-DAEMON>`)
  from readpst, with the stored address (an Exchange /O=… DN) in `X-libpst-forensic-sender`: the
  sender becomes that DN (kept as written, with a warning) or stays empty; never MAILER-DAEMON.
- Without Internet headers (sent items, Exchange-internal mail) readpst writes To/Cc from the
  display lists (PR_DISPLAY_TO/CC: names joined by "; ", not addresses) and Bcc in
  `X-libpst-forensic-bcc`; these names are the recipients, split at "; ", and a warning says the
  PST gave no addresses. Its Date is then PR_CLIENT_SUBMIT_TIME in UTC; an item with neither (a
  draft) has no time and is left out.
- The RTF body readpst adds as a first attachment `rtf-body.rtf` is not an attachment of the message.
- readpst removes every CR from the bodies (CRLF line breaks arrive as LF).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.parser import HeaderParser
from email.policy import compat32
from pathlib import Path

from caselog.model import Problems, Record
from caselog.parsers.email_headers import header_end
from caselog.parsers.email_message import MAX_MESSAGE_BYTES, Memo, build_record
from caselog.parsers.email_text import Notes, decode_words
from caselog.parsers.outlook_body import text_from_rtf

WHOLE = "the PST"
_DONE = re.compile(r'^\s*"(?P<folder>.*)" - (?P<done>\d+) items done, (?P<skipped>\d+) items skipped\.\s*$')
_PLACEHOLDER = re.compile(r"^\s*(?P<name>.*?)\s*<MAILER-DAEMON>\s*$")
_PROGRESS = ("Opening PST file and indexes", "Processing Folder")
_RTF_PART = "rtf-body.rtf"
_SECONDS_PER_MB = 1            # readpst writes well over 1 MB/s; the timeout allows that pace plus a start
_BASE_TIMEOUT_S = 600


@dataclass
class Run:
    """What one readpst run did: its exit, its words, and which folders had items it skipped."""

    returncode: int | None = None
    timed_out: bool = False
    stderr: str = ""
    skipped: dict[str, int] = field(default_factory=dict)


def timeout_for(size_bytes: int) -> int:
    return _BASE_TIMEOUT_S + _SECONDS_PER_MB * (size_bytes // 1_000_000)


def run(readpst: str, pst: Path, out: Path, timeout_s: int) -> Run:
    """readpst on `pst`, writing into `out` only (also its working directory): no shell, a timeout."""
    command = [readpst, "-e", "-D", "-8", "-j", "0", "-o", str(out), str(pst)]
    try:
        done = subprocess.run(command, cwd=out, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout_s,
                              check=False)
    except subprocess.TimeoutExpired as err:
        return Run(timed_out=True, stderr=_text(err.stderr))
    result = Run(done.returncode, False, _text(done.stderr))
    said = []
    for line in _text(done.stdout).splitlines():
        match = _DONE.match(line)
        if match and int(match["skipped"]):
            result.skipped[match["folder"]] = int(match["skipped"])
        elif not match and line.strip() and not line.startswith(_PROGRESS):
            said.append(line.strip())        # readpst prints some errors ("Could not get root record") here
    result.stderr = "; ".join([*said, result.stderr.strip()]).strip("; ")
    return result


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")


def records(out: Path, problems: Problems) -> Iterator[Record]:
    """The messages readpst wrote under `out`, folder by folder in name order, each folder's items in
    number order; contacts and calendar items are counted in one warning, not read."""
    memo = Memo()
    others = {".vcf": 0, ".ics": 0}
    for folder, numbered in _folders(out):
        for number, path in numbered:
            suffix = path.suffix.lower()
            if number < 0:
                problems.warn(f"{folder}/{_shown(path.name)}", "readpst wrote a file not named by an item number; "
                              "not read")
            elif suffix in others:
                others[suffix] += 1
            elif suffix == ".eml":
                record = _message(path, f"{folder}/message {number}", problems, memo)
                if record is not None:
                    yield record
            else:
                problems.warn(f"{folder}/{_shown(path.name)}", "readpst wrote a file of a kind not expected here; "
                              "not read")
    if any(others.values()):
        problems.warn(WHOLE, f"the PST also holds {others['.vcf']} contact(s) and {others['.ics']} calendar or "
                      "journal item(s): they are not messages, so not events, and are not read")


def _folders(out: Path) -> Iterator[tuple[str, list[tuple[int, Path]]]]:
    for here, dirs, files in os.walk(out):
        dirs.sort()
        numbered = []
        for name in files:
            stem = name.split(".", 1)[0]
            numbered.append((int(stem) if stem.isdigit() else -1, Path(here, name)))
        if numbered:
            yield _shown(Path(here).relative_to(out).as_posix()), sorted(numbered)


def _shown(name: str) -> str:
    """A folder or file name as readpst wrote it, as text: an ANSI PST's names may not be UTF-8 (the
    undecodable bytes become U+FFFD)."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def _message(path: Path, where: str, problems: Problems, memo: Memo) -> Record | None:
    with open(path, "rb") as stream:
        data = stream.read(MAX_MESSAGE_BYTES)
        more = stream.read(1)
    size = path.stat().st_size if more else len(data)
    headers = _headers(data)
    said = Problems()
    record = build_record(data, where, said, memo, size_bytes=size)
    placeholder = _PLACEHOLDER.match(headers.get("from", ""))
    for problem in said:
        if placeholder and "MAILER-DAEMON" in problem.reason:
            continue
        if problem.severity == "left_out" and "no usable Date" in problem.reason and "date" not in headers:
            problems.add(where, "the PST gives this item no time: no Internet Date header and no submit time "
                         "(a draft, or an item never sent); left out of the timeline")
            continue
        (problems.add if problem.severity == "left_out" else problems.warn)(problem.locator, problem.reason)
    if record is None:
        return None
    if placeholder:
        _undo_placeholder(record, placeholder["name"], headers, where, problems)
    if not headers.get("received"):           # To/Cc written by readpst from the display lists
        record.recipients = [part.strip() for r in record.recipients for part in r.split(";") if part.strip()]
        if any("@" not in r for r in record.recipients):
            problems.warn(where, "the PST gives the recipients as display names only (no Internet headers); "
                          "they are names, not addresses")
    bcc = headers.get("x-libpst-forensic-bcc", "").strip()
    if bcc:
        names = [n.strip() for n in bcc.split(";") if n.strip()]
        record.recipients.extend(names)
        record.details["bcc"] = "; ".join(names)
    rtf = _drop_rtf_part(record, data)
    if rtf is not None and not record.body:
        notes: list[str] = []
        record.body = text_from_rtf(rtf, record.details, notes)
        for note in notes:
            problems.warn(where, note)
    return record


def _headers(data: bytes) -> dict[str, str]:
    """The header fields of readpst's file (lower-case name → first value, unfolded), read with the
    standard library: the e-mail parsers' reader keeps only the fields they use, and the
    X-libpst-forensic-* fields are readpst's own."""
    block = data[:header_end(data, 0, len(data))[0]].decode("utf-8", errors="replace")
    message = HeaderParser(policy=compat32).parsestr(block)
    found: dict[str, str] = {}
    for key, value in message.items():
        found.setdefault(key.lower(), str(value).replace("\r\n", "").replace("\n", ""))
    return found


def _undo_placeholder(record: Record, shown: str, headers: dict[str, str], where: str, problems: Problems) -> None:
    stored = headers.get("x-libpst-forensic-sender", "").strip()
    notes = Notes()
    record.sender_name = decode_words(shown, "header From", notes)
    for note in notes.warnings:
        problems.warn(where, note)
    if stored:
        record.sender = stored
        problems.warn(where, f"the sender {stored!r} is an Exchange address with no SMTP address in the PST; "
                      "kept as written: match it to a person by hand")
    else:
        record.sender = ""
        problems.warn(where, "the PST gives no sender address for this item (readpst writes MAILER-DAEMON in its "
                      "place); the sender is left empty")


def _drop_rtf_part(record: Record, data: bytes) -> bytes | None:
    """readpst's copy of the RTF body comes first among the attachments; it is not one of them.
    Returns its bytes (for a message whose body is only RTF), or None when there is none."""
    if not record.attachments or record.attachments[0] != _RTF_PART or b"boundary-LibPST-iamunique" not in data:
        return None
    part = next((p for p in message_from_bytes(data, policy=compat32).walk()
                 if p.get_content_type() == "application/rtf" and p.get_filename() == _RTF_PART), None)
    if part is None:
        return None
    record.attachments = record.attachments[1:]
    for key in ("attachment_sha256", "attachment_bytes"):
        pairs = [p for p in record.details.get(key, "").split("; ") if p and not p.startswith(_RTF_PART + "=")]
        if pairs:
            record.details[key] = "; ".join(pairs)
        else:
            record.details.pop(key, None)
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else None
