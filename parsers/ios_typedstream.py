"""The text of an iMessage `attributedBody`: an NSArchiver "typedstream" holding an attributed string.

From iOS 16 / macOS Ventura, Messages often leaves `message.text` NULL and keeps the text only in
`attributedBody`, an NS(Mutable)AttributedString archived with NSArchiver. This module reads that
archive by its grammar, not by looking for a likely substring: header, then the root object, whose
class chain must include NSAttributedString, then its first value, an object whose class chain must
include NSString (NSMutableString in most blobs), whose first value is a "+" string: length-prefixed
UTF-8 bytes, the text exactly as stored. Anything else is a `TypedStreamError`, and the caller keeps
the message with an empty body and a warning, never a guess.

The format (undocumented by Apple) as the public readers describe it, checked against real blobs:
dgelessus/python-typedstream, `src/typedstream/stream.py` (header; heads 0x81 = int16 follows,
0x82 = int32 follows, 0x84 new, 0x85 nil, 0x86 end of object; reference numbers start at 0x92;
strings, classes and objects numbered in the order they are first written) and ReagentX/
imessage-exporter, `imessage-database/test_data/streamtyped/` (real attributedBody blobs).
Written here from those descriptions (that code is LGPL/GPL; none of it is copied).

Not read: the attribute runs after the string (links, mentions, attachment markers) — the U+FFFC
characters that stand for attachments are part of the stored text and are kept.
"""

from __future__ import annotations

_VERSION = 4
_SIGNATURES = {b"streamtyped": "little", b"typedstream": "big"}
_INT16, _INT32, _FLOAT = -127, -126, -125       # heads as signed bytes
_NEW, _NIL, _END = -124, -123, -122
_FIRST_TAG, _LAST_TAG = -128, -111
_FIRST_REFERENCE = -110


class TypedStreamError(ValueError):
    """The blob is not a typedstream holding an attributed string that this reader can follow."""


def attributed_string_text(blob: bytes) -> tuple[str, int]:
    """The attributed string's text, and how many invalid UTF-8 sequences were shown as U+FFFD."""
    reader = _Reader(blob)
    reader.header()
    if reader.shared_string() != b"@":
        raise TypedStreamError("the archive does not start with an object")
    chain = reader.new_object()
    if b"NSAttributedString" not in chain:
        raise TypedStreamError(f"the archived object is a {_names(chain)}, not an attributed string")
    if reader.shared_string(reader.head()) != b"@":
        raise TypedStreamError("the attributed string does not start with its string object")
    chain = reader.new_object()
    if b"NSString" not in chain:
        raise TypedStreamError(f"the attributed string holds a {_names(chain)}, not a string")
    if reader.shared_string(reader.head()) != b"+":
        raise TypedStreamError("the string object does not hold a byte string")
    data = reader.unshared_string()
    if reader.head() != _END:
        raise TypedStreamError(f"the string object does not end after its text (offset {reader.pos - 1})")
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    return text, replaced


def _names(chain: list[bytes]) -> str:
    return " → ".join(name.decode("ascii", "backslashreplace") for name in chain) or "nil"


class _Reader:
    """A cursor over the blob with the two tables a typedstream refers back to."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.order = data, 0, "little"
        self.strings: list[bytes] = []
        self.objects: list[list[bytes] | None] = []     # a class's chain of names; None for an object

    def take(self, count: int) -> bytes:
        if count < 0 or self.pos + count > len(self.data):
            raise TypedStreamError(f"the blob ends at byte {len(self.data)}, inside a value at {self.pos}")
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk

    def head(self) -> int:
        return int.from_bytes(self.take(1), "little", signed=True)

    def integer(self, head: int | None = None, signed: bool = True) -> int:
        head = self.head() if head is None else head
        if not _FIRST_TAG <= head <= _LAST_TAG:
            return head if signed else head & 0xFF
        if head == _INT16:
            return int.from_bytes(self.take(2), self.order, signed=signed)
        if head == _INT32:
            return int.from_bytes(self.take(4), self.order, signed=signed)
        raise TypedStreamError(f"byte 0x{head & 0xFF:02x} at offset {self.pos - 1} is not a number")

    def header(self) -> None:
        version, length = self.take(2)
        signature = self.take(length) if (version, length) == (_VERSION, 11) else b""
        if signature not in _SIGNATURES:
            raise TypedStreamError(f"not a typedstream (starts {self.data[:13]!r})")
        self.order = _SIGNATURES[signature]
        self.integer(signed=False)                      # the system version, 1000 on Mac OS X

    def unshared_string(self, head: int | None = None) -> bytes:
        head = self.head() if head is None else head
        if head == _NIL:
            return b""
        return self.take(self.integer(head, signed=False))

    def shared_string(self, head: int | None = None) -> bytes | None:
        head = self.head() if head is None else head
        if head == _NIL:
            return None
        if head == _NEW:
            value = self.unshared_string()
            self.strings.append(value)
            return value
        return self._lookup(self.strings, self.integer(head), "string")

    def new_object(self) -> list[bytes]:
        """Reads the start of a literal object; returns its class chain (the class, then its supers)."""
        if self.head() != _NEW:
            raise TypedStreamError(f"expected a new object at offset {self.pos - 1}")
        self.objects.append(None)
        return self.class_chain()

    def class_chain(self) -> list[bytes]:
        literal: list[tuple[int, bytes]] = []
        head = self.head()
        while head == _NEW:
            name = self.shared_string()
            if not name:
                raise TypedStreamError(f"a class without a name at offset {self.pos}")
            self.integer()                                  # the class version
            literal.append((len(self.objects), name))
            self.objects.append([])
            head = self.head()
        tail: list[bytes] = []
        if head != _NIL:
            tail = self._lookup(self.objects, self.integer(head), "class")
            if tail is None:
                raise TypedStreamError(f"reference at offset {self.pos - 1} is to an object, not a class")
        names = [name for _, name in literal] + tail
        for position, (index, _) in enumerate(literal):
            self.objects[index] = names[position:]
        return names

    def _lookup(self, table: list, encoded: int, what: str):
        index = encoded - _FIRST_REFERENCE
        if not 0 <= index < len(table):
            raise TypedStreamError(f"reference to {what} #{index} at offset {self.pos - 1}, which was never written")
        return table[index]
