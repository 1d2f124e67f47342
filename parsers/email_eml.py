""".eml: one e-mail message saved as a file (RFC 5322 headers, a blank line, the MIME body).

How users get it: "Save as" / drag-and-drop out of Outlook (new), Thunderbird, Apple Mail, Gmail's
"Download message", or a forwarded message saved from a webmail. CRLF and LF line endings are both
read. Quirks handled (see email_message, email_mime, email_headers, email_text): folded headers,
Outlook's encoded-words folded without white space, RFC 2047/2231 names, wrong or unknown charsets,
quoted-printable and base64, HTML-only messages, nested messages, missing or odd Date headers.
Locator: `message 1`.

Not read: Outlook .msg (a different, binary format), Apple Mail .emlx (a byte count line before the
message), the text inside attachments. Only the first 256 MiB of a larger file are read, with a
warning; the exhibit keeps everything.
"""

from __future__ import annotations

from collections.abc import Iterator

from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.email_headers import looks_like_headers
from caselog.parsers.email_message import MAX_MESSAGE_BYTES, Memo, build_record

name = "email_eml"
description = "E-mail message saved as a file (.eml, RFC 5322), from Outlook, Thunderbird, Apple Mail or webmail"

_HEAD_BYTES = 16384        # Received/DKIM/ARC headers can fill several KB before From and Date
_BOM = b"\xef\xbb\xbf"


def identify(source: Source) -> bool:
    if not source.mime.startswith(("text/", "message/")) and source.mime not in ("", "application/octet-stream"):
        return False
    head = source.head(_HEAD_BYTES)
    if head.startswith(_BOM):
        head = head[len(_BOM):]
    if head.startswith(b"From "):
        return False                   # an mbox From_ line: email_mbox's
    return looks_like_headers(head)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    with source.open() as stream:
        data = stream.read(MAX_MESSAGE_BYTES)
        more = stream.read(1)
    if not looks_like_headers(data[:_HEAD_BYTES].removeprefix(_BOM)):
        raise SourceError("the file does not start with e-mail headers")
    size = source.size_bytes if more else len(data)
    record = build_record(data, "message 1", problems, Memo(), size_bytes=size)
    if record is not None:
        yield record
