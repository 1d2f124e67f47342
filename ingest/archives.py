"""Reading a zip in place, as hostile input: no extraction, no path escape, no bomb.

A zip handed in (a WhatsApp "export chat" with media, a Takeout download) stays one exhibit, copied
verbatim. Its members are listed with their own hashes and read straight from the preserved copy.
Members are refused, with a reason in the manifest, when their path is absolute or climbs out
(`../`), when they are encrypted or symlinks, or when their size or compression ratio looks like a
zip bomb. A zip inside the zip is opened one level deep; deeper ones are kept, hashed and not read.
Office documents (.xlsx, .docx) are zips too, but they are documents, not folders.
"""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 32 << 30          # uncompressed, over the whole archive
MAX_RATIO = 200                     # uncompressed : compressed, for members over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 16 << 20
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    """One file inside an archive: its path, hash and size, or why it was not read."""

    path: str                       # "chat.txt", or "inner.zip!/chat.txt" one level down
    size_bytes: int
    sha256: str = ""
    refused: str = ""               # non-empty: not read, and why
    opener: Callable[[], IO[bytes]] | None = None


def is_container_zip(head: bytes, opener: Callable[[], IO[bytes]]) -> bool:
    """A zip meant as a folder of files; not an Office or OpenDocument file, which is one document."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with opener() as stream, zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    return not ({"[Content_Types].xml", "mimetype"} & names)


def members(opener: Callable[[], IO[bytes]], on_bytes: Callable[[int], None], depth: int = 0,
            prefix: str = "") -> Iterator[Member]:
    """Every member of the archive `opener` gives, hashed, in the archive's own order."""
    with opener() as stream, zipfile.ZipFile(stream) as archive:
        infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        yield Member(prefix or "(archive)", 0, refused=f"{len(infos)} members, over the limit of "
                     f"{MAX_MEMBERS}; archive not read (split it, or raise MAX_MEMBERS)")
        return
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = prefix + info.filename
        why = _refusal(info)
        total += info.file_size
        if not why and total > MAX_TOTAL_BYTES:
            why = f"archive unpacks to more than {MAX_TOTAL_BYTES >> 30} GiB; member not read"
        if why:
            yield Member(name, info.file_size, refused=why)
            continue
        open_member = _member_opener(opener, info.filename)
        digest, size, error = _hash(open_member, info.file_size, on_bytes)
        if error:
            yield Member(name, info.file_size, digest, refused=error)
            continue
        with open_member() as head_stream:
            head = head_stream.read(8)
        if depth == 0 and is_container_zip(head, open_member):
            yield Member(name, size, digest, opener=open_member)
            yield from members(open_member, on_bytes, depth + 1, name + "!/")
        elif depth > 0 and is_container_zip(head, open_member):
            yield Member(name, size, digest, refused="a zip inside a zip inside the exhibit; hashed, "
                         "not read (open it and hand it in on its own)")
        else:
            yield Member(name, size, digest, opener=open_member)


def _refusal(info: zipfile.ZipInfo) -> str:
    path = PurePosixPath(info.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and path.parts[0].endswith(":")):
        return "member path escapes the archive (absolute or '..'); not read"
    if info.flag_bits & 0x1:
        return "member is encrypted; not read (export it again without a password)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "member is a symlink; recorded, not followed"
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"compression ratio {ratio}:1 looks like a zip bomb; not read"
    return ""


def _hash(open_member, declared: int, on_bytes) -> tuple[str, int, str]:
    digest, size = hashlib.sha256(), 0
    try:
        with open_member() as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > declared:
                    return "", size, "member unpacks to more than its declared size; not read"
                digest.update(chunk)
                on_bytes(len(chunk))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
        return "", size, f"member cannot be unpacked ({err}); not read"
    return digest.hexdigest(), size, ""


def _member_opener(outer: Callable[[], IO[bytes]], name: str) -> Callable[[], IO[bytes]]:
    def open_member() -> IO[bytes]:
        stream = outer()
        archive = zipfile.ZipFile(stream)
        return _Closing(archive.open(name), archive, stream)
    return open_member


class _Closing(io.BufferedIOBase):
    """A member stream that also closes the archive and the stream under it when closed."""

    def __init__(self, member: IO[bytes], *under) -> None:
        super().__init__()
        self._member, self._under = member, under

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._member.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._member.read1(size)

    def readinto(self, buffer) -> int:
        return self._member.readinto(buffer)

    def seekable(self) -> bool:
        return self._member.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._member.seek(offset, whence)

    def tell(self) -> int:
        return self._member.tell()

    def close(self) -> None:
        if not self.closed:
            self._member.close()
            for thing in self._under:
                thing.close()
        super().close()
