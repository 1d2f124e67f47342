"""MAPI properties of an Outlook .msg, read exactly: a helper of outlook_msg, not a parser.

extract-msg opens the compound file (OLE) and finds its streams; the values are decoded here, so
each one is exact and each doubt is said (MS-OXMSG, MS-OXPROPS):
- A string property is the stream `__substg1.0_XXXX001F` (UTF-16LE) or `…001E` (8-bit, in the
  message's code page: PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID, else Windows-1252 with a warning).
  Some writers end a string with a NUL terminator; that one character is dropped (it is not text).
  Bytes that do not decode become U+FFFD, and a warning names the property.
- Fixed-size values (times, flags, integers) are the 16-byte entries of `__properties_version1.0`
  (after a 32-byte header for the message, 24 for an embedded message, 8 for a recipient or an
  attachment). A time is a FILETIME, 100 ns since 1601-01-01 UTC, read to the microsecond; 0, and
  Outlook's "no date" values in the year 4500 and later, are "not set", never a time.
Nothing here guesses a value: a property that is absent is None (or "").
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from extract_msg.encoding import lookupCodePage
from extract_msg.exceptions import ExMsgBaseException

# Property tags (ids) used by outlook_msg; the names are those of MS-OXPROPS.
PR_MESSAGE_CLASS = 0x001A
PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_SENT_REPRESENTING_NAME = 0x0042
PR_SENT_REPRESENTING_ADDRTYPE = 0x0064
PR_SENT_REPRESENTING_EMAIL_ADDRESS = 0x0065
PR_CONVERSATION_TOPIC = 0x0070
PR_CONVERSATION_INDEX = 0x0071
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_SENDER_NAME = 0x0C1A
PR_SENDER_ADDRTYPE = 0x0C1E
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_RECIPIENT_TYPE = 0x0C15
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_MESSAGE_FLAGS = 0x0E07
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_INTERNET_MESSAGE_ID = 0x1035
PR_IN_REPLY_TO_ID = 0x1042
PR_DISPLAY_NAME = 0x3001
PR_ADDRTYPE = 0x3002
PR_EMAIL_ADDRESS = 0x3003
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_SMTP_ADDRESS = 0x39FE
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_SENDER_SMTP_ADDRESS = 0x5D01
PR_SENT_REPRESENTING_SMTP_ADDRESS = 0x5D02

TIME_NAMES = {PR_CLIENT_SUBMIT_TIME: "PR_CLIENT_SUBMIT_TIME", PR_MESSAGE_DELIVERY_TIME: "PR_MESSAGE_DELIVERY_TIME"}

# Header sizes of `__properties_version1.0` (MS-OXMSG 2.4.1).
HEADER_MESSAGE, HEADER_EMBEDDED, HEADER_CHILD = 32, 24, 8

_PROPERTIES = "__properties_version1.0"
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
_EARLIEST, _LATEST = datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
_UNICODE, _STRING8, _BINARY, _TIME, _INT32, _BOOLEAN = 0x001F, 0x001E, 0x0102, 0x0040, 0x0003, 0x000B

# What olefile and extract-msg raise on a damaged stream or directory entry (OleFileError is an
# OSError; a bad length is a struct.error or ValueError).
READ_ERRORS = (OSError, ValueError, struct.error, IndexError, KeyError, ExMsgBaseException)


class Props:
    """The properties of one object (message, embedded message, recipient or attachment) inside an
    open extract-msg `MSGFile`; `storage` is the path of its storage from the MSGFile's own root.

    Doubts are appended to `notes` (shared with the caller, one list per message)."""

    def __init__(self, msg, storage: tuple[str, ...], header_size: int, notes: list[str],
                 codepage: str | None = None) -> None:
        self._msg, self._storage, self._notes = msg, storage, notes
        self._fixed = _fixed_entries(self._stream(_PROPERTIES), header_size)
        self.codepage = codepage or self._codepage()

    def _stream(self, name: str) -> bytes | None:
        return self._msg.getStream([*self._storage, name])

    def has_storage(self, name: str) -> bool:
        return self._msg.exists([*self._storage, name])

    def child_storages(self, prefix: str) -> list[str]:
        """Names of the storages directly inside this one whose name starts with `prefix`, sorted."""
        depth = len(self._storage)
        found = {path[depth] for path in self._msg.listDir(True, True, False)
                 if len(path) > depth + 1 and tuple(path[:depth]) == self._storage and path[depth].startswith(prefix)}
        return sorted(found)

    def child(self, storage: str, header_size: int = HEADER_CHILD) -> Props:
        return Props(self._msg, (*self._storage, storage), header_size, self._notes, self.codepage)

    def string(self, tag: int, what: str) -> str:
        """The string property `tag`, or "" when absent (see the module doc for decoding)."""
        raw = self._stream(f"__substg1.0_{tag:04X}{_UNICODE:04X}")
        if raw is not None:
            if len(raw) % 2:
                self._notes.append(f"{what} has an odd number of bytes for UTF-16; the last byte is "
                                   "shown as U+FFFD")
            text = _decode(raw, "utf-16-le", what, self._notes)
        else:
            raw = self._stream(f"__substg1.0_{tag:04X}{_STRING8:04X}")
            if raw is None:
                return ""
            text = _decode(raw, self.codepage, what, self._notes)
        return text[:-1] if text.endswith("\x00") else text

    def binary(self, tag: int) -> bytes | None:
        return self._stream(f"__substg1.0_{tag:04X}{_BINARY:04X}")

    def int32(self, tag: int) -> int | None:
        value = self._fixed.get((tag, _INT32))
        return None if value is None else struct.unpack_from("<I", value)[0]

    def boolean(self, tag: int) -> bool | None:
        value = self._fixed.get((tag, _BOOLEAN))
        return None if value is None else struct.unpack_from("<H", value)[0] != 0

    def time(self, tag: int) -> datetime | None:
        """The FILETIME `tag` as an aware UTC datetime; None when absent, 0, or outside 1990-2099
        (Outlook writes dates in the year 4500 for "none"; earlier or later is a damaged value)."""
        value = self._fixed.get((tag, _TIME))
        if value is None:
            return None
        ticks = struct.unpack_from("<Q", value)[0]
        if ticks == 0:
            return None
        try:
            instant = _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None
        return instant if _EARLIEST <= instant < _LATEST else None

    def _codepage(self) -> str:
        for tag in (PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID):
            number = self.int32(tag)
            if number is not None:
                return codec_name(number, self._notes) or "cp1252"
        return "cp1252"


def codec_name(number: int, notes: list[str]) -> str | None:
    """Python's codec for a Windows code page number (65001 → utf-8); None, said, when unknown."""
    try:
        return lookupCodePage(number)
    except ExMsgBaseException:
        notes.append(f"code page {number} is not known here; its text is read as Windows-1252")
        return None


def _fixed_entries(data: bytes | None, header_size: int) -> dict[tuple[int, int], bytes]:
    """(property id, type) → the 8 value bytes of each entry of a `__properties_version1.0` stream."""
    entries: dict[tuple[int, int], bytes] = {}
    if not data:
        return entries
    for offset in range(header_size, len(data) - 15, 16):
        tag = struct.unpack_from("<I", data, offset)[0]
        entries.setdefault((tag >> 16, tag & 0xFFFF), data[offset + 8:offset + 16])
    return entries


def _decode(raw: bytes, codec: str, what: str, notes: list[str]) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        notes.append(f"{what} has bytes that are not valid {codec}; they are shown as U+FFFD")
        return raw.decode(codec, errors="replace")
    except LookupError:
        notes.append(f"{what}: the code page {codec!r} is not available here; read as Windows-1252")
        return raw.decode("cp1252", errors="replace")


def filetime_text(instant: datetime) -> str:
    """How a property time is written in `timestamp_raw`: ISO 8601 in UTC, to the microsecond."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
