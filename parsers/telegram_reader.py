"""The bytes of a Telegram Desktop result.json as ijson reads them, mended where Telegram itself errs.

A strict JSON parser stops at the first fault and loses everything after it, so these faults are
mended on the way in (the exhibit is never changed; only the bytes handed to ijson are), and each
kind is counted with the line of its first occurrence so the parser can say so:
- `\\xHH`: Telegram Desktop writes control characters other than newline, carriage return and tab
  this way (export_output_json.cpp, SerializeString; tdesktop issue #27571). It is not JSON; it is
  read as `\\u00HH`, the character that was sent.
- `"document_id": video_files/sticker.webm`: Telegram Desktop 4.1 wrote a custom emoji's
  document_id without quotes (tdesktop issues #24961, #24984). The value is put in quotes.
- bytes that are not UTF-8 (a copy re-saved by an editor in another encoding, a damaged file):
  each bad sequence is read as U+FFFD.
- a UTF-8 byte-order mark at the start (Telegram writes none; editors add one): skipped.
The file is read in 1 MB pieces cut after a newline, so an escape, a UTF-8 character and a line are
never split between two pieces (64 KB without a newline, as in a minified file, is cut before any
trailing backslash or unfinished character instead). Byte and line counts are kept so a JSON error can be placed.
"""

from __future__ import annotations

import codecs
import re
from typing import IO

_PIECE = 1 << 20
_LONG_LINE = 1 << 16                     # no newline in this much: cut the line anyway
_BACKSLASH = 0x5C
_HEX = re.compile(rb"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")
_DOCUMENT_ID = re.compile(rb'("document_id": )(?!"|-?[0-9]|null\b|true\b|false\b)([^\r\n]*?)(,?)(?=\r?\n)')

# kind → what the parser tells the reader about it
MEND_REASONS = {
    "bom": "the file starts with a byte-order mark, which Telegram Desktop does not write: it was probably "
           "opened and saved again in an editor; the mark was skipped",
    "hex": "{count} control character(s) are written as \\xHH, which is not JSON (a Telegram Desktop fault, "
           "tdesktop issue #27571); each was read as the character it stands for",
    "document_id": "{count} custom emoji document_id value(s) are written without quotes, which is not JSON "
                   "(a Telegram Desktop 4.1 fault); they were read as text",
    "utf8": "{count} stretch(es) of bytes are not UTF-8 (the file was damaged, or saved again in another "
            "encoding); each was read as U+FFFD (�), so the text around them may differ from what was sent",
}


class Mend:
    """How often one kind of fault was mended, and where it was first met."""

    __slots__ = ("count", "first_byte", "first_line")

    def __init__(self, first_byte: int, first_line: int) -> None:
        self.count, self.first_byte, self.first_line = 0, first_byte, first_line


class MendingReader:
    """A binary stream for ijson: `read(size)` gives mended bytes, never more than `size`."""

    def __init__(self, raw: IO[bytes], piece_size: int | None = None) -> None:
        self._raw, self._piece_size = raw, piece_size or _PIECE
        self._carry = b""                # read from the file, not yet mended (an unfinished line)
        self._piece = b""                # the last mended piece
        self._piece_at = (0, 1)          # its first byte in the file, and that byte's line
        self._given = 0                  # how much of it ijson has been given
        self._chunk_at = 0               # where in it the last chunk given to ijson starts
        self._eof = False
        self._started = False
        self.bytes_read = 0              # bytes of the file behind everything mended so far
        self.newlines = 0                # newlines in those bytes
        self.mends: dict[str, Mend] = {}

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        while self._given >= len(self._piece):
            if self._eof and not self._carry:
                return b""
            self._piece, self._given = self._mend(self._next_piece()), 0
        end = len(self._piece) if size < 0 else min(len(self._piece), self._given + size)
        self._chunk_at, self._given = self._given, end
        return self._piece[self._chunk_at:end]

    @property
    def at_end(self) -> bool:
        """True once the whole file has been read and handed over."""
        return self._eof and not self._carry and self._given >= len(self._piece)

    def place(self, parser_message: str | bytes) -> tuple[int, int]:
        """(byte, line) in the file where ijson's parser stopped, found from the context its error
        message quotes; the start of the last chunk when the context cannot be found. Bytes are
        counted in the file as ijson saw it, so a mend earlier in the same piece shifts them a little."""
        if isinstance(parser_message, str):
            parser_message = parser_message.encode("utf-8", "replace")
        chunk = self._piece[self._chunk_at:self._given]
        offset = self._chunk_at + (_context_offset(parser_message, chunk) or 0)
        start, line = self._piece_at
        return start + offset, line + self._piece.count(b"\n", 0, offset)

    def _next_piece(self) -> bytes:
        while not self._eof:
            data = self._raw.read(self._piece_size)
            if not data:
                self._eof = True
                break
            buffer = self._carry + data
            if not self._started:
                if len(buffer) < len(codecs.BOM_UTF8) and codecs.BOM_UTF8.startswith(buffer):
                    self._carry = buffer
                    continue
                self._started = True
                if buffer.startswith(codecs.BOM_UTF8):
                    self._note("bom", 0, 1)
                    self.bytes_read = len(codecs.BOM_UTF8)
                    buffer = buffer[len(codecs.BOM_UTF8):]
            cut = _cut(buffer, len(buffer) >= _LONG_LINE)
            if cut:
                self._carry = buffer[cut:]
                return buffer[:cut]
            self._carry = buffer
        piece, self._carry = self._carry, b""
        return piece

    def _mend(self, piece: bytes) -> bytes:
        start, line = self.bytes_read, self.newlines + 1
        original = piece                 # where a fault is, is told in the file's own bytes
        self.bytes_read += len(piece)
        self.newlines += piece.count(b"\n")
        if not piece.isascii():
            try:
                piece.decode("utf-8")
            except UnicodeDecodeError as err:
                text = piece.decode("utf-8", "replace")
                self._note("utf8", start + err.start, line + piece.count(b"\n", 0, err.start),
                           text.count("\ufffd") - piece.count("\ufffd".encode()))
                piece = text.encode("utf-8")
        if b"\\x" in piece and (found := _HEX.search(original)):
            piece, count = _HEX.subn(rb"\1\\u00\2", piece)
            self._note("hex", start + found.start(), line + original.count(b"\n", 0, found.start()), count)
        if b'"document_id": ' in piece and (found := _DOCUMENT_ID.search(original)):
            piece, count = _DOCUMENT_ID.subn(_quote_value, piece)
            self._note("document_id", start + found.start(), line + original.count(b"\n", 0, found.start()), count)
        self._piece_at = (start, line)
        return piece

    def _note(self, kind: str, byte: int, line: int, count: int = 1) -> None:
        mend = self.mends.get(kind)
        if mend is None:
            mend = self.mends[kind] = Mend(byte, line)
        mend.count += count


def _cut(buffer: bytes, long: bool) -> int:
    """Where to end a piece: after the last newline; in a long stretch without one (a minified
    file), before a trailing backslash run or an unfinished UTF-8 character; 0 to read on."""
    newline = buffer.rfind(b"\n")
    if newline != -1:
        return newline + 1
    if not long:
        return 0
    cut = len(buffer)
    backslash = buffer.rfind(b"\\", max(0, cut - 3), cut)
    if backslash != -1:
        cut = backslash
        while cut and buffer[cut - 1] == _BACKSLASH:
            cut -= 1
    lead = cut
    while lead > 0 and cut - lead < 3 and (buffer[lead - 1] & 0xC0) == 0x80:
        lead -= 1
    if lead > 0 and buffer[lead - 1] >= 0xC0:
        width = 2 if buffer[lead - 1] < 0xE0 else 3 if buffer[lead - 1] < 0xF0 else 4
        if cut - (lead - 1) < width:
            cut = lead - 1
    return cut


def _context_offset(message: bytes, chunk: bytes) -> int | None:
    """Where in `chunk` yajl stopped. Its message quotes the text around that point on its second
    line: ten spaces and the 30 bytes before it (fewer, and more spaces, near the chunk's start),
    then up to 30 bytes after, newlines shown as spaces."""
    lines = message.split(b"\n")
    if len(lines) < 3 or b"(right here)" not in lines[2] or not lines[1].strip():
        return None
    context, flat = lines[1], chunk.replace(b"\n", b" ").replace(b"\r", b" ")
    if len(context) > 40 and context.startswith(b" " * 10):
        found = flat.find(context[10:])
        if found != -1:
            return found + 30
    for offset in range(min(30, len(flat) + 1)):
        pad = 40 - offset
        if not context[:pad].strip(b" ") and flat.startswith(context[pad:]):
            return offset
    return None


def _quote_value(match: re.Match[bytes]) -> bytes:
    value = match.group(2).replace(b"\\", b"\\\\").replace(b'"', b'\\"')
    return match.group(1) + b'"' + value + b'"' + match.group(3)
