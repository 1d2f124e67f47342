"""The MIME structure of one message: which text is the body, which parts are attachments, their hashes.

A helper of the e-mail parsers, not a parser. It works on indexes into the message's bytes, so a big
attachment is never copied whole: it is decoded and hashed (SHA-256) in 4 MiB windows, and never
decompressed or opened (a zip bomb is just bytes to hash).

The body: in multipart/alternative the text/plain alternative (else the first that has text; HTML is
rendered as plain text by `email_text.html_to_text`); in other multiparts every inline text/plain or
text/html part without a file name, in order, joined by a line break. Part numbers are IMAP's (1, 1.2).

Attachments: every other leaf part, named by Content-Disposition filename, else Content-Type name
(both RFC 2231/2047 decoded); a nested message/rfc822 by its Subject + ".eml"; a part with no name
as `unnamed-N.ext`. Inline images of an HTML body are listed too: they are content. The other
alternatives of a body (the HTML twin of a text/plain body) are not attachments.
Not read: the text inside attachments and nested messages, TNEF (winmail.dat), S/MIME and PGP
payloads (listed and hashed as attachments), uuencoded bodies (kept as written, with a warning).
"""

from __future__ import annotations

import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from caselog.parsers.email_headers import header_end, params, parse_headers
from caselog.parsers.email_text import Notes, decode_text, decode_words, html_to_text

_WINDOW = 4 << 20
_MAX_DEPTH = 40                          # nested multiparts deeper than this are hostile, not mail
_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_NOT_B64 = bytes(c for c in range(256) if c not in _B64_ALPHABET)
_QP_SOFT_BREAK_SPACE = re.compile(rb"=[ \t]+(?=\r?\n)")
_IDENTITY = frozenset({"", "7bit", "8bit", "binary"})
_EXTENSIONS = {"text/plain": ".txt", "text/html": ".html", "text/calendar": ".ics", "text/csv": ".csv",
               "text/rfc822-headers": ".txt", "message/delivery-status": ".txt", "message/rfc822": ".eml",
               "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/heic": ".heic",
               "application/pdf": ".pdf", "application/zip": ".zip", "application/pgp-signature": ".asc",
               "application/pkcs7-signature": ".p7s", "application/pkcs7-mime": ".p7m", "audio/mpeg": ".mp3",
               "video/mp4": ".mp4", "application/ms-tnef": ".dat"}


@dataclass
class Content:
    """What a message holds besides its headers."""

    body: str = ""
    body_from_html: bool = False
    attachments: list[str] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)       # "name=sha256"
    sizes: list[str] = field(default_factory=list)         # "name=bytes"


@dataclass
class _Text:
    """A text part chosen lazily: only the alternative that becomes the body is decoded."""

    html: bool
    start: int
    end: int
    cte: str
    charset: str | None
    what: str


class _Walker:
    def __init__(self, data: bytes, notes: Notes, read_params: Callable = params) -> None:
        self.data, self.notes, self.params = data, notes, read_params
        self.content = Content()
        self.unnamed = 0

    def part(self, headers: dict[str, str], start: int, end: int, path: str, depth: int,
             in_digest: bool = False, may_be_cut: bool = False) -> list[_Text]:
        label = f"part {path}" if path else "the body"
        ctype, cparams = self.params(headers.get("content-type", ""), f"{label} Content-Type", self.notes)
        if "/" not in ctype:
            if ctype:
                self.notes.warn(f"{label} has the content type {ctype!r}, which is not type/subtype; read as text")
            ctype = "message/rfc822" if in_digest else "text/plain"
        disposition, dparams = self.params(headers.get("content-disposition", ""), f"{label} Content-Disposition",
                                           self.notes)
        cte = headers.get("content-transfer-encoding", "").strip().lower()
        what = f"{label} ({ctype})"
        if ctype in ("multipart/encrypted", "application/pkcs7-mime"):
            self.notes.warn(f"{what}: the text is inside an encrypted or S/MIME container; it cannot be read here")
        if ctype.startswith("multipart/"):
            if depth >= _MAX_DEPTH:
                self.notes.warn(f"{what} is nested more than {_MAX_DEPTH} deep; kept as one attachment, not read")
            else:
                boundary = cparams.get("boundary", "")
                if boundary:
                    return self._multipart(ctype, boundary, start, end, path, depth)
                self.notes.warn(f"{what} has no boundary; its content is read as plain text")
                return [_Text(False, start, end, cte, cparams.get("charset"), what)]
        name = dparams.get("filename") or cparams.get("name") or ""
        if ctype in ("text/plain", "text/html") and disposition != "attachment" and not name:
            return [_Text(ctype == "text/html", start, end, cte, cparams.get("charset"), what)]
        if ctype in ("message/rfc822", "message/global") and not name:
            name = self._nested_name(headers, start, end, cte) + ".eml"
        self._attach(name, ctype, start, end, cte, what, may_be_cut)
        return []

    def _multipart(self, ctype: str, boundary: str, start: int, end: int, path: str, depth: int) -> list[_Text]:
        ranges, closed = _split(self.data, start, end, boundary.encode("utf-8", errors="surrogateescape"))
        what = f"{ctype} (part {path})" if path else ctype
        if not closed:
            self.notes.cut(f"{what} has no closing boundary")
        if not ranges:
            self.notes.warn(f"{what} has no part; its content is read as plain text")
            return [_Text(False, start, end, "", None, what)]
        choices: list[list[_Text]] = []
        for number, (s, e) in enumerate(ranges, 1):
            head_end, body = header_end(self.data, s, e)
            headers, used = parse_headers(self.data[s:head_end], self.notes)
            if used < head_end - s:
                body = s + used
            child = f"{path}.{number}" if path else str(number)
            choices.append(self.part(headers, body, e, child, depth + 1, in_digest=ctype == "multipart/digest",
                                     may_be_cut=not closed and number == len(ranges)))
        if ctype == "multipart/alternative":
            for texts in choices:
                if any(not t.html for t in texts):
                    return texts
            return next((texts for texts in choices if texts), [])
        return [t for texts in choices for t in texts]

    def _nested_name(self, headers: dict[str, str], start: int, end: int, cte: str) -> str:
        """The nested message's Subject; Outlook sometimes writes it on the part's own headers."""
        head = self.data[start:min(end, start + 65536)]
        if cte not in _IDENTITY:
            head = _decode(head, cte, Notes())[0]
        quiet = Notes()                  # the nested message's own defects are not this message's
        block_end, _ = header_end(head, 0, len(head))
        nested, _ = parse_headers(head[:block_end], quiet)
        subject = nested.get("subject") or headers.get("subject") or ""
        subject = decode_words(subject, "nested message Subject", quiet).strip()
        return re.sub(r"[\\/;\x00-\x1f]", "_", subject) or "(no subject)"

    def _attach(self, name: str, ctype: str, start: int, end: int, cte: str, what: str, may_be_cut: bool) -> None:
        if not name:
            self.unnamed += 1
            name = f"unnamed-{self.unnamed}{_EXTENSIONS.get(ctype, '.bin')}"
        digest, size, complete = self._digest(start, end, cte, what)
        content = self.content
        content.attachments.append(name)
        if not complete:
            self.notes.cut(f"attachment {name} is cut off (its base64 stops mid-way)")
        caveat = "" if complete and not may_be_cut else " (may be cut off)"
        content.digests.append(f"{name}={digest}{caveat}")
        content.sizes.append(f"{name}={size}")

    def _digest(self, start: int, end: int, cte: str, what: str) -> tuple[str, int, bool]:
        """SHA-256 and size of the decoded part, in windows; False when base64 stops mid-quantum."""
        sha, size = hashlib.sha256(), 0
        data = self.data
        if cte in _IDENTITY or cte not in ("base64", "quoted-printable"):
            if cte not in _IDENTITY:
                self.notes.warn(f"{what}: transfer encoding {cte!r} is not decoded; hashed as written")
            view = memoryview(data)[start:end]
            sha.update(view)
            return sha.hexdigest(), end - start, True
        if cte == "quoted-printable":
            for piece in _qp_windows(data, start, end):
                sha.update(piece)
                size += len(piece)
            return sha.hexdigest(), size, True
        decoder = _Base64()
        for low in range(start, end, _WINDOW):
            piece = decoder.feed(data[low:min(low + _WINDOW, end)])
            sha.update(piece)
            size += len(piece)
            if decoder.done:
                break
        piece, complete = decoder.finish()
        sha.update(piece)
        return sha.hexdigest(), size + len(piece), complete

    def text(self, chosen: list[_Text]) -> None:
        pieces = []
        for part in chosen:
            raw, complete = _decode(self.data[part.start:part.end], part.cte, self.notes, part.what)
            if not complete:
                self.notes.cut(f"{part.what} is cut off (its base64 stops mid-way)")
            text = decode_text(raw, part.charset, part.what, self.notes)
            if part.html:
                text = html_to_text(text, part.what, self.notes)
                self.content.body_from_html = True
            if pieces and not pieces[-1].endswith("\n"):
                pieces.append("\n")
            pieces.append(text)
        self.content.body = "".join(pieces)


def read_content(data: bytes, headers: dict[str, str], start: int, end: int, notes: Notes,
                 read_params: Callable = params) -> Content:
    """Body, attachments and their digests of the message whose body is data[start:end].
    `read_params` is `email_headers.params` or a remembering stand-in for it (email_message.Memo)."""
    walker = _Walker(data, notes, read_params)
    walker.text(walker.part(headers, start, end, "", 0))
    return walker.content


def _split(data: bytes, start: int, end: int, boundary: bytes) -> tuple[list[tuple[int, int]], bool]:
    """The (start, end) of each body part between `--boundary` lines (RFC 2046 §5.1.1: the line break
    before a boundary line belongs to the boundary), and whether the closing `--boundary--` was seen."""
    delimiter = b"--" + boundary
    starts: list[tuple[int, int]] = []       # (boundary line start, content start)
    at = start
    closed = False
    while True:
        found = data.find(delimiter, at, end)
        if found < 0:
            break
        at = found + len(delimiter)
        if found != start and data[found - 1] != 0x0A:
            continue
        line_end = data.find(b"\n", at, end)
        line_end = end if line_end < 0 else line_end + 1
        rest = data[at:line_end]
        if rest.startswith(b"--"):
            starts.append((found, -1))
            closed = True
            break
        if rest.strip():
            continue                          # a longer boundary that starts the same way
        starts.append((found, line_end))
    ranges: list[tuple[int, int]] = []
    if not starts:
        return ranges, closed
    for (_, content_start), (next_line, _) in zip(starts, [*starts[1:], (end, -1)], strict=True):
        if content_start < 0:
            continue
        content_end = next_line
        if next_line != end:
            content_end = max(content_start, next_line - 1)
            if content_end > content_start and data[content_end - 1] == 0x0D:
                content_end -= 1
        ranges.append((content_start, content_end))
    return ranges, closed


def _decode(raw: bytes, cte: str, notes: Notes, what: str = "") -> tuple[bytes, bool]:
    """Decoded bytes of a whole (small) part, and False when base64 stops mid-quantum."""
    if cte == "base64":
        decoder = _Base64()
        data = decoder.feed(raw)
        tail, complete = decoder.finish()
        return data + tail, complete
    if cte == "quoted-printable":
        return b"".join(_qp_windows(raw, 0, len(raw))), True
    if cte not in _IDENTITY and what:
        notes.warn(f"{what}: transfer encoding {cte!r} is not decoded; shown as written")
    return raw, True


def _qp_windows(data: bytes, start: int, end: int):
    """Quoted-printable decoded in windows cut at line ends (an =XX escape never spans a line)."""
    low = start
    while low < end:
        high = min(low + _WINDOW, end)
        if high < end:
            newline = data.rfind(b"\n", low, high)
            high = newline + 1 if newline > low else high
        piece = data[low:high]
        if b"= " in piece or b"=\t" in piece:
            piece = _QP_SOFT_BREAK_SPACE.sub(b"=", piece)
        yield binascii.a2b_qp(piece)
        low = high


class _Base64:
    """Base64 decoded window by window. Characters outside the alphabet are skipped and decoding stops
    at the padding, as `binascii.a2b_base64` does."""

    def __init__(self) -> None:
        self.carry = b""
        self.done = False

    def feed(self, raw: bytes) -> bytes:
        if self.done:
            return b""
        clean = self.carry + raw.translate(None, _NOT_B64)
        pad = clean.find(b"=")
        if pad >= 0:
            self.done = True
            self.carry = clean[:pad]
            return b""
        usable = len(clean) - len(clean) % 4
        self.carry = clean[usable:]
        return binascii.a2b_base64(clean[:usable]) if usable else b""

    def finish(self) -> tuple[bytes, bool]:
        """The last bytes, and whether the data ended on a whole quantum (or valid padding)."""
        rest = self.carry
        self.carry = b""
        usable = len(rest) - len(rest) % 4
        head = binascii.a2b_base64(rest[:usable]) if usable else b""
        left = rest[usable:]
        if len(left) == 1:
            return head, False
        if left:
            head += binascii.a2b_base64(left + b"=" * (4 - len(left)))
        return head, True
