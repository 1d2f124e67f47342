"""Preservation: every source copied verbatim into exhibits/ and hashed, before anything reads it.

Inputs are opened read-only (and without touching their access time where the system allows). The
bytes are hashed as they are copied, the copy gets the original's times and is made read-only, and
parsers are handed the copy, so what is parsed is exactly what was hashed (ACPO principle 1). Exhibit
numbers follow the order of the INPUTs and of the sorted folder walk, so the same inputs give the
same numbers.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caselog.archives import Member, is_container_zip, members
from caselog.discover import Found
from caselog.model import Source
from caselog.sniff import mime_of

_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Exhibit:
    """One preserved file: its mark (AA/3), its copy in the bundle, and what it held."""

    ref: str
    file_name: str                  # AA_3__sms-20261015.xml, inside exhibits/
    original_path: str
    display: str
    size_bytes: int
    sha256: str
    modified_utc: str
    is_archive: bool = False
    members: list[Member] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def exhibit_file_name(prefix: str, number: int, display: str) -> str:
    stem = _UNSAFE.sub("_", display.rsplit("/", 1)[-1]).strip("._") or "file"
    return f"{prefix}_{number}__{stem[-100:]}"


def preserve(found: list[Found], exhibits_dir: Path, prefix: str,
             on_bytes: Callable[[int], None] = lambda n: None, region: str = "") -> list[Exhibit]:
    """Copy and hash each file into `exhibits_dir`; returns the exhibits with their sources."""
    exhibits = []
    for number, (item, siblings) in enumerate(zip(found, folder_siblings(found), strict=True), 1):
        name = exhibit_file_name(prefix, number, item.display)
        target = exhibits_dir / name
        sha256, size, modified = _copy(item.path, target, on_bytes)
        exhibit = Exhibit(f"{prefix}/{number}", name, str(item.path), item.display, size, sha256, modified)
        _add_sources(exhibit, target, region, siblings)
        exhibits.append(exhibit)
    return exhibits


def folder_siblings(found: list[Found]) -> list[tuple[str, ...]]:
    """For each file, the sorted display paths of every file of the same folder INPUT (one tuple
    shared by them all), () for a file INPUT: `Source.siblings` for files that are not zips."""
    roots, groups = [], {}
    for item in found:
        depth = item.display.count("/")        # display is "<folder name>/<path inside the folder>"
        root = item.path.parents[depth - 1] if depth else None
        roots.append(root)
        if root is not None:
            groups.setdefault(root, []).append(item.display)
    shared = {root: tuple(sorted(names)) for root, names in groups.items()}
    return [shared[root] if root is not None else () for root in roots]


def _open_read_only(path: Path) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NOATIME", 0)
    try:
        return os.open(path, flags)
    except PermissionError:          # O_NOATIME needs ownership of the file; plain read-only then
        return os.open(path, os.O_RDONLY)


def _copy(source: Path, target: Path, on_bytes: Callable[[int], None]) -> tuple[str, int, str]:
    digest, size = hashlib.sha256(), 0
    fd = _open_read_only(source)
    with os.fdopen(fd, "rb") as reader, open(target, "xb") as writer:
        info = os.fstat(reader.fileno())
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
            on_bytes(len(chunk))
        writer.flush()
        os.fsync(writer.fileno())
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.chmod(target, 0o444)
    modified = datetime.fromtimestamp(info.st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return digest.hexdigest(), size, modified


def _add_sources(exhibit: Exhibit, copy: Path, region: str, siblings: tuple[str, ...]) -> None:
    def open_copy():
        return open(copy, "rb")

    with open_copy() as stream:
        head = stream.read(8)
    if is_container_zip(head, open_copy):
        exhibit.is_archive = True
        exhibit.members = list(members(open_copy, lambda n: None))
        paths = tuple(sorted(m.path for m in exhibit.members))
        exhibit.sources = [_source(exhibit.ref, m.path, m.size_bytes, m.sha256, m.opener, region, paths)
                           for m in exhibit.members if m.opener is not None and not m.refused
                           and not _is_nested_archive(m, exhibit.members)]
    else:
        exhibit.sources = [_source(exhibit.ref, exhibit.display, exhibit.size_bytes, exhibit.sha256,
                                   open_copy, region, siblings)]


def _source(ref: str, path: str, size: int, sha256: str, opener, region: str, siblings: tuple[str, ...]) -> Source:
    with opener() as stream:
        head = stream.read(2048)
    return Source(ref, path, size, sha256, opener, mime_of(head), region, siblings)


def _is_nested_archive(member: Member, all_members: list[Member]) -> bool:
    inner = member.path + "!/"
    return any(m.path.startswith(inner) for m in all_members)
