"""The inside of image files, read without decoding a pixel: PNG chunks, and where each format ends.

media_image uses this to find a PNG's text chunks (a tEXt/zTXt/iTXt "Creation Time", the XMP packet,
an eXIf block) wherever they sit, before or after the image data, and to tell a complete file from
one cut off part-way (a copy that stopped, a download that broke). Pixels are never decoded: image
decoders are a classic way in for hostile files, and the picture is not needed to date it.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import IO, Literal

from caselog.errors import RecordError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT_CHUNK = 4 << 20             # a text chunk larger than this is skipped, and said
MAX_INFLATED = 1 << 20               # a compressed text chunk is inflated up to this, never more
_CHUNK = 1 << 20
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt", b"eXIf")

Ending = Literal["complete", "cut", "unclear"]


@dataclass
class PngFacts:
    """What a PNG says about itself, its text chunks by keyword (the first of each), and how it ends."""

    width: int
    height: int
    texts: dict[str, str] = field(default_factory=dict)
    xmp: bytes = b""
    exif: bytes = b""
    ending: Ending = "cut"
    trailing_bytes: int = 0
    notes: list[str] = field(default_factory=list)
    has_time_chunk: bool = False       # tIME: when the image was last changed; never used as a time


def read_png(stream: IO[bytes], size: int) -> PngFacts:
    """Walks the chunks; RecordError when the start (signature, IHDR) cannot be read."""
    if stream.read(8) != PNG_SIGNATURE:
        raise RecordError("the file does not start with the PNG signature")
    header = stream.read(8 + 13)
    if len(header) < 21 or header[4:8] != b"IHDR":
        raise RecordError("the PNG has no readable IHDR chunk (size and colour type)")
    width, height = struct.unpack(">II", header[8:16])
    facts = PngFacts(width, height)
    pos = 8 + 8 + 13
    if not _skip(stream, 4, pos, size):
        return facts
    pos += 4
    while True:
        head = stream.read(8)
        if len(head) < 8:
            return facts                                  # ended without IEND: cut off
        length, kind = struct.unpack(">I4s", head)
        pos += 8
        if length > 0x7FFFFFFF:
            facts.ending = "unclear"
            facts.notes.append(f"chunk at byte {pos - 8} declares an impossible length; the rest was not read")
            return facts
        facts.has_time_chunk = facts.has_time_chunk or kind == b"tIME"
        if kind == b"IEND":
            if pos + length + 4 <= size:
                facts.ending, facts.trailing_bytes = "complete", size - pos - length - 4
            return facts
        if kind in _TEXT_CHUNKS and length <= MAX_TEXT_CHUNK:
            data = stream.read(length)
            if len(data) < length:
                return facts
            _keep_text(facts, kind, data, pos - 8)
        else:
            if kind in _TEXT_CHUNKS:
                facts.notes.append(f"{kind.decode()} chunk at byte {pos - 8} is {length} bytes; skipped")
            if not _skip(stream, length, pos, size):
                return facts
        pos += length
        if not _skip(stream, 4, pos, size):                # the CRC
            return facts
        pos += 4


def _skip(stream: IO[bytes], count: int, pos: int, size: int) -> bool:
    """Moves on `count` bytes; False when the file ends first."""
    if pos + count > size:
        return False
    stream.seek(count, 1)
    return True


def _keep_text(facts: PngFacts, kind: bytes, data: bytes, at: int) -> None:
    if kind == b"eXIf":
        facts.exif = facts.exif or data
        return
    keyword, _, rest = data.partition(b"\x00")
    name = keyword.decode("latin-1")
    try:
        if kind == b"tEXt":
            text = rest
        elif kind == b"zTXt":
            text = _inflate(rest[1:])
        else:                                          # iTXt: flag, method, language\0, keyword\0, text
            flag, rest = rest[:1], rest[2:]
            rest = rest.partition(b"\x00")[2].partition(b"\x00")[2]
            text = _inflate(rest) if flag == b"\x01" else rest
    except (zlib.error, ValueError) as err:
        facts.notes.append(f"{kind.decode()} chunk {name!r} at byte {at} cannot be inflated ({err}); not read")
        return
    if name == "XML:com.adobe.xmp":
        facts.xmp = facts.xmp or text
    elif name not in facts.texts:
        facts.texts[name] = text.decode("latin-1" if kind != b"iTXt" else "utf-8", errors="replace")


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError(f"inflates to more than {MAX_INFLATED} bytes")
    return text


def jpeg_ending(stream: IO[bytes], size: int) -> tuple[Ending, int]:
    """Whether the JPEG reaches its end-of-image marker, and how many bytes follow it.

    The header segments are walked by their lengths (an embedded thumbnail ends with its own marker);
    after the first scan starts, FF D9 can only be the end marker, as FF in the data is stuffed.
    """
    if stream.read(2) != b"\xff\xd8":
        return "unclear", 0
    pos = 2
    while True:
        marker = stream.read(2)
        if len(marker) < 2:
            return "cut", 0
        if marker[0] != 0xFF:
            return "unclear", 0
        pos += 2
        while marker[1] == 0xFF:                          # fill bytes before a marker
            more = stream.read(1)
            if not more:
                return "cut", 0
            marker, pos = b"\xff" + more, pos + 1
        code = marker[1]
        if code == 0xD9:
            return "complete", size - pos
        if 0xD0 <= code <= 0xD7 or code == 0x01:
            continue
        length = stream.read(2)
        if len(length) < 2:
            return "cut", 0
        body = struct.unpack(">H", length)[0] - 2
        if body < 0 or not _skip(stream, body, pos + 2, size):
            return "cut" if body >= 0 else "unclear", 0
        pos += 2 + body
        if code == 0xDA:
            return _find_end(stream, pos, size)


def _find_end(stream: IO[bytes], pos: int, size: int) -> tuple[Ending, int]:
    tail = b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        found = data.find(b"\xff\xd9")
        if found >= 0:
            return "complete", size - (pos - len(tail) + found + 2)
        pos += len(chunk)
        tail = data[-1:]
    return "cut", 0


def riff_ending(head: bytes, size: int) -> tuple[Ending, int]:
    """WebP: the RIFF header states the file's length."""
    declared = int.from_bytes(head[4:8], "little") + 8
    declared += declared % 2
    if size < declared:
        return "cut", 0
    return "complete", size - declared


def bmff_ending(stream: IO[bytes], size: int) -> tuple[Ending, int]:
    """HEIC/HEIF (ISO base media): the top-level boxes' sizes must add up to the file."""
    pos = 0
    while pos < size:
        head = stream.read(8)
        if len(head) < 8:
            return "cut", 0
        length = struct.unpack(">I", head[:4])[0]
        if length == 1:
            wide = stream.read(8)
            if len(wide) < 8:
                return "cut", 0
            length, used = struct.unpack(">Q", wide)[0], 16
        elif length == 0:
            return "complete", 0                          # the last box runs to the end
        else:
            used = 8
        if length < used:
            return "unclear", 0
        if not _skip(stream, length - used, pos + used, size):
            return "cut", 0
        pos += length
    return "complete", 0


def gif_ending(stream: IO[bytes], size: int) -> tuple[Ending, int]:
    """GIF ends with the trailer byte 0x3B (a cheap look: data can end in 0x3B by chance)."""
    if size < 14:
        return "cut", 0
    stream.seek(size - 1)
    return ("complete" if stream.read(1) == b"\x3b" else "cut"), 0
