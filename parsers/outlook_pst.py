"""Outlook data file (.pst): a whole mailbox (folders of e-mails, contacts, calendar), read with readpst.

How users get it: Outlook's File > Open & Export > Import/Export > "Export to a file" > Outlook Data
File (.pst), or the PST a POP account or an archive (archive.pst) keeps on the PC.

How it is read: the file is checked here (the "!BDN" header, the PST's own size), then Debian's
`readpst` (pst-utils, libpst) converts it into a private temporary directory that is removed
afterwards (never next to the input), run without a shell and with a timeout that grows with the
file; what it writes is read by outlook_readpst with the e-mail parsers' code. Locators are the PST
folder path and readpst's item number: `Personal Folders/Inbox/message 12`. Deleted Items are read.
Why readpst and not a Python binding: libpst is packaged by Debian and used for years by forensic
tools; it runs in its own process, so a crash or a hang on a damaged PST costs that PST, never the
whole case. (libpff-python has Linux wheels but its authors call the binding unfinished.)

Quirks (see outlook_readpst): readpst's MAILER-DAEMON placeholder sender and RTF-body attachment
are undone; items with no Internet headers give recipients as display names; CRLF arrives as LF.
Not events, so not read: contacts, distribution lists, calendar, tasks, notes and journal (counted
in a warning). Not read either: an OST (offline cache: "SO" instead of "SM" in the header; not
claimed), and a PST that readpst cannot open (kept as an exhibit, said in problems).
When `readpst` is missing, the PST is kept as an exhibit and one problem says how to install it.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

from caselog.model import Problems, Record, Source
from caselog.parsers import outlook_readpst as readpst
from caselog.parsers.outlook_readpst import WHOLE

name = "outlook_pst"
description = "Outlook data file (.pst: a mailbox with its folders), read with readpst from pst-utils"

_MAGIC, _PST = b"!BDN", b"SM"
# Index type byte at offset 10 (wVer): 14/15 ANSI, 21/23 Unicode, 36 Unicode with 4 KB pages.
_ANSI, _UNICODE = (0x0E, 0x0F), (0x15, 0x17, 0x24)
_HEADER_BYTES = {"ANSI": 512, "Unicode": 564}
_MISSING = ("readpst not found: install pst-utils (apt-get install pst-utils); this PST is kept as an exhibit "
            "but not read")
_CHUNK = 1 << 20


def identify(source: Source) -> bool:
    head = source.head(12)
    return len(head) == 12 and head[:4] == _MAGIC and head[8:10] == _PST and head[10] in _ANSI + _UNICODE


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    if not _header_is_whole(source, problems):
        return
    program = shutil.which("readpst")
    if program is None:
        problems.add(WHOLE, _MISSING)
        return
    with tempfile.TemporaryDirectory(prefix="caselog-pst-") as private:
        work = Path(private)
        pst = _on_disk(source, work)
        out = work / "out"
        out.mkdir()
        result = readpst.run(program, pst, out, readpst.timeout_for(source.size_bytes))
        for folder, count in result.skipped.items():
            problems.warn(f"folder {folder}", f"readpst skipped {count} item(s) here: distribution lists, tasks, "
                          "notes or items it cannot read; not read")
        yield from readpst.records(out, problems)
        _say_how_it_ended(result, source, problems)


def _header_is_whole(source: Source, problems: Problems) -> bool:
    """False, with a problem, when the file ends inside its header; a warning when it is shorter than
    the size its header states (cut off: readpst reads what it can)."""
    kind = "ANSI" if source.head(12)[10] in _ANSI else "Unicode"
    need = _HEADER_BYTES[kind]
    head = source.head(need)
    if len(head) < need:
        problems.add(WHOLE, f"the file ends at byte {len(head)}, inside the PST header ({need} bytes for a {kind} "
                     "PST): it is cut off and cannot be read; kept as an exhibit")
        return False
    stated = struct.unpack_from("<I", head, 0xA8)[0] if kind == "ANSI" else struct.unpack_from("<Q", head, 0xB8)[0]
    if stated > source.size_bytes:
        problems.warn(WHOLE, f"the PST header says the file is {stated:,} bytes but it has {source.size_bytes:,}: it "
                      "is cut off; what readpst can read is read, the rest is missing")
    return True


def _on_disk(source: Source, work: Path) -> Path:
    """A path readpst can open: the preserved file itself, or a copy of a zip member in `work`."""
    with source.open() as stream:
        real = getattr(stream, "name", None)
        if isinstance(real, str) and Path(real).is_file() and Path(real).stat().st_size == source.size_bytes:
            return Path(real)
        copy = work / "input.pst"
        with open(copy, "wb") as target:
            shutil.copyfileobj(stream, target, _CHUNK)
    return copy


def _say_how_it_ended(result: readpst.Run, source: Source, problems: Problems) -> None:
    words = " ".join(result.stderr.split())[:300]
    if result.timed_out:
        problems.add(WHOLE, f"readpst did not finish within {readpst.timeout_for(source.size_bytes)} s and was "
                     "stopped; the messages it wrote before were read, the rest of this PST was not; the last "
                     "one read may be incomplete")
    elif result.returncode:
        how = (f"was killed by signal {-result.returncode}" if result.returncode < 0
               else f"stopped with exit code {result.returncode}")
        problems.add(WHOLE, f"readpst {how}"
                     + (f" ({words})" if words else "")
                     + "; the messages it wrote before were read, the rest of this PST was not")
