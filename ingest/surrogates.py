"""A streaming repair for the numeric references that make SMS backups invalid XML.

SMS Backup & Restore writes each emoji as two references to UTF-16 surrogates (`&#55357;&#56832;`
for 😀). XML forbids surrogates, so every parser rejects the file. This filter rewrites a high+low
pair as one reference to the real character (`&#128512;`) before the parser sees the bytes. A
surrogate without its partner, or a reference to a character XML forbids (`&#1;`), becomes U+FFFD
(`&#65533;`) and a warning: the text is kept, the damage is said.

It works on a stream in constant memory: a reference split across two reads is held back until it
is whole, so the result does not depend on where the buffers break (a property test checks this).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import IO

# Numeric character references XML 1.0 rejects: surrogates D800-DFFF and C0 controls other than
# tab, line feed and carriage return, in decimal or hexadecimal. A high+low pair is matched first.
_HIGH = rb"0*55(?:29[6-9]|[3-9]\d\d)|0*56(?:[0-2]\d\d|3[01]\d)|[xX]0*[dD][89abAB][0-9a-fA-F]{2}"
_LOW = rb"0*56(?:3[2-9]\d|[4-9]\d\d)|0*57(?:[0-2]\d\d|3[0-3]\d|34[0-3])|[xX]0*[dD][c-fC-F][0-9a-fA-F]{2}"
_CONTROL = rb"0*(?:[0-8]|1[1-24-9]|2\d|3[01])|[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F])"
_BAD_REF = re.compile(rb"&#(" + _HIGH + rb");&#(" + _LOW + rb");|&#(" + _HIGH + rb"|" + _LOW + rb"|"
                      + _CONTROL + rb");")
_HIGH_AT_END = re.compile(rb"&#(?:" + _HIGH + rb");\Z")
# Longest reference the pattern can need to see whole: two hex surrogate refs with some zero padding.
_HOLD_BACK = 32
_REPLACEMENT = b"&#65533;"
Warn = Callable[[str, str], None]


def _code(ref: bytes) -> int:
    return int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)


class SurrogateRepair(io.RawIOBase):
    """A read-only byte stream: `raw` with bad character references repaired, see the module doc."""

    def __init__(self, raw: IO[bytes], warn: Warn | None = None, chunk_bytes: int = 1 << 20) -> None:
        self._raw, self._warn, self._chunk_bytes = raw, warn, chunk_bytes
        self._out = b""
        self._pending = b""       # bytes read but not yet safe to rewrite (a reference may continue)
        self._line = 1            # line number at the start of _pending, for warnings
        self._eof = False
        self.repaired = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out and not self._eof:
            self._fill()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def _fill(self) -> None:
        chunk = self._raw.read(self._chunk_bytes)
        data = self._pending + chunk
        if not chunk:
            self._eof = True
            ready, self._pending = data, b""
        else:
            cut = data.find(b"&", max(0, len(data) - _HOLD_BACK))
            cut = cut if cut >= 0 else len(data)
            if high := _HIGH_AT_END.search(data, max(0, cut - _HOLD_BACK), cut):  # its low half may follow
                cut = high.start()
            ready, self._pending = data[:cut], data[cut:]
        if b"&#" in ready:
            ready = _BAD_REF.sub(lambda m: self._repair(m, ready), ready)
        self._line += ready.count(b"\n")
        self._out += ready

    def _repair(self, match: re.Match, data: bytes) -> bytes:
        if match.group(1) is not None:
            high, low = _code(match.group(1)), _code(match.group(2))
            return b"&#%d;" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        self.repaired += 1
        if self._warn is not None:
            ref, code = match.group(3), _code(match.group(3))
            line = self._line + data.count(b"\n", 0, match.start())
            what = "an unpaired UTF-16 surrogate" if 0xD800 <= code <= 0xDFFF else "a character XML forbids"
            self._warn(f"line {line}", f"&#{ref.decode()}; is {what}; shown as U+FFFD, rest of the text kept")
        return _REPLACEMENT
