"""Opening an SQLite exhibit read-only, from a Source that is a stream rather than a path.

SQLite needs random access to a file it can name. A plain preserved file already is one: the stream
a Source opens is the exhibit copy itself, so its path is used (after checking, by device and inode,
that the name still points at the open file). A zip member has no path: it is copied into a private
temporary folder, hashed on the way and checked against the member's SHA-256 (so what is read is
what was preserved), and the folder is removed when reading ends. Either way the database is opened
with `mode=ro&immutable=1`: SQLite then takes no lock, writes no journal, -wal or -shm file, and
never changes the exhibit.

Immutable also means a write-ahead log beside the database is not read. A file in WAL mode (header
bytes 18-19 = 2) may have recent changes only in its `-wal` file; `wal_warning` says so.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from caselog.errors import SourceError
from caselog.model import Source

MAGIC = b"SQLite format 3\x00"
_CHUNK = 1 << 20
_STREAM_ERRORS = (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error)


def looks_like(source: Source, tables: tuple[str, ...], scan_bytes: int = 8 << 20) -> bool:
    """SQLite's magic and every one of `tables` in the schema. Never raises.

    The schema is read from the file itself, not through SQLite (a zip member has no path): the
    b-tree of sqlite_master, rooted at page 1, is walked to its leaf cells and the table names are
    taken from their records; a few pages are read. When that walk meets damage (a page cut off, a
    page of the wrong kind), the first `scan_bytes` are searched for the tables' CREATE TABLE text
    instead, so a damaged database of the right kind is still claimed and its damage reported.
    """
    if not source.head(len(MAGIC)).startswith(MAGIC):
        return False
    try:
        with source.open() as stream:
            return set(tables) <= _table_names(stream)
    except _Damaged:
        pass
    except _STREAM_ERRORS:
        return False
    return _schema_text_present(source, tables, scan_bytes)


class _Damaged(Exception):
    """sqlite_master cannot be walked: a page is missing or not a b-tree page."""


def _table_names(stream: IO[bytes], max_pages: int = 4096) -> set[str]:
    header = stream.read(100)
    size = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        raise _Damaged
    names: set[str] = set()
    pending, seen = [1], set()
    while pending:
        number = pending.pop()
        if number in seen or number < 1 or len(seen) >= max_pages:
            raise _Damaged
        seen.add(number)
        stream.seek((number - 1) * size)
        page = stream.read(size)
        start = 100 if number == 1 else 0
        if len(page) < size or page[start] not in (0x05, 0x0D):
            raise _Damaged
        interior = page[start] == 0x05
        cells = int.from_bytes(page[start + 3:start + 5], "big")
        pointers = start + (12 if interior else 8)
        if pointers + 2 * cells > size:
            raise _Damaged
        if interior:
            pending.append(int.from_bytes(page[start + 8:start + 12], "big"))
        for i in range(cells):
            cell = int.from_bytes(page[pointers + 2 * i:pointers + 2 * i + 2], "big")
            if interior:
                pending.append(int.from_bytes(page[cell:cell + 4], "big"))
            elif (entry := _master_entry(page, cell)) is not None and entry[0] == "table":
                names.add(entry[1])
    return names


def _master_entry(page: bytes, cell: int) -> tuple[str, str] | None:
    """(type, name) from a sqlite_master leaf cell: the record's first two columns, both text."""
    _, at = _varint(page, cell)               # payload size
    _, at = _varint(page, at)                 # rowid
    header_size, body = _varint(page, at)
    body_at, serials = at + header_size, []
    while body < at + header_size and len(serials) < 2:
        serial, body = _varint(page, body)
        serials.append(serial)
    values = []
    for serial in serials:
        if serial < 13 or serial % 2 == 0:
            return None
        length = (serial - 13) // 2
        values.append(page[body_at:body_at + length].decode("utf-8", "replace"))
        body_at += length
    return (values[0], values[1]) if len(values) == 2 and body_at <= len(page) else None


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if at + i >= len(data):
            raise _Damaged
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise _Damaged


def _schema_text_present(source: Source, tables: tuple[str, ...], scan_bytes: int) -> bool:
    patterns = [re.compile(rb'CREATE TABLE\s+["`\[]?' + re.escape(t.encode()) + rb'["`\]]?\s*\(') for t in tables]
    missing, tail, read = set(range(len(patterns))), b"", 0
    try:
        with source.open() as stream:
            while missing and read < scan_bytes and (chunk := stream.read(_CHUNK)):
                window = tail + chunk
                missing = {i for i in missing if not patterns[i].search(window)}
                tail, read = window[-512:], read + len(chunk)
    except _STREAM_ERRORS:
        return False
    return not missing


@contextmanager
def read_only(source: Source) -> Iterator[sqlite3.Connection]:
    """A read-only, immutable connection on the source's bytes; see the module docstring."""
    path = _own_path(source)
    if path is not None:
        connection = _connect(path)
        try:
            yield connection
        finally:
            connection.close()
        return
    with tempfile.TemporaryDirectory(prefix="caselog-sqlite-") as folder:
        copy = Path(folder) / "copy.sqlite"
        _verified_copy(source, copy)
        connection = _connect(copy)
        try:
            yield connection
        finally:
            connection.close()


def wal_warning(source: Source) -> str:
    """A caveat when the database header says it is in write-ahead-log mode, else ''."""
    header = source.head(20)
    if len(header) == 20 and 2 in (header[18], header[19]):
        return ("the database is in WAL mode: changes not yet written back from its '-wal' file (a "
                "separate file beside it, if it was handed in at all) are not read, so the newest "
                "messages may be missing; the exhibit itself is complete as preserved")
    return ""


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    connection.text_factory = bytes            # text is decoded by the parser, bad bytes reported
    connection.row_factory = sqlite3.Row
    return connection


def _own_path(source: Source) -> Path | None:
    """The path of the file the source's stream reads, when it is a plain file still at that name."""
    try:
        with source.open() as stream:
            raw = getattr(stream, "raw", stream)
            name = getattr(raw, "name", None)
            if not isinstance(raw, io.FileIO) or not isinstance(name, str):
                return None
            same = os.path.samestat(os.fstat(raw.fileno()), os.stat(name))
    except _STREAM_ERRORS:
        return None
    return Path(name) if same else None


def _verified_copy(source: Source, target: Path) -> None:
    digest = hashlib.sha256()
    try:
        with source.open() as stream, open(target, "xb") as writer:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
    except _STREAM_ERRORS as err:
        raise SourceError(f"the database could not be copied out for reading ({err})") from None
    if source.sha256 and digest.hexdigest() != source.sha256:
        raise SourceError("the copy made for SQLite does not match the preserved file's SHA-256; not read")
