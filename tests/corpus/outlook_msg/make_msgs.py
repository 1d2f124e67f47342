"""Write the outlook_msg golden inputs (.msg files) and the OLE files of not_mine/.

    .venv/bin/python tests/corpus/outlook_msg/make_msgs.py

Outlook itself cannot be scripted here, so the files are written property by property as MS-OXMSG
lays them out (`__properties_version1.0`, `__substg1.0_XXXXTTTT` streams, recipient and attachment
storages), with extract-msg's OLE writer. All people, addresses and texts are invented (example.com/
.org/.net, 192.0.2.x). The files are byte-stable; after running this, review the change and update
the goldens on purpose (pytest --update-goldens -k outlook_msg).

  received.msg    Internet mail from the suspect: Date header with +0100, Exchange DN beside the SMTP
                  address (sender and a Cc), mixed-case address, body with emoji, CRLF, leading and
                  trailing spaces, an attached photo (hashed) and an attached e-mail (no bytes)
  sent_exchange.msg  sent from Exchange without Internet headers (time = PR_CLIENT_SUBMIT_TIME), 8-bit
                  strings in code page 1252 with a NUL terminator, sender only an Exchange DN (kept as
                  written), sent by a delegate, Bcc to a name with no address, HTML-only body, a file
                  attached by reference
  draft.msg       never sent (MSGFLAG_UNSENT), only PR_MESSAGE_DELIVERY_TIME (with microseconds), no
                  sender, body only as compressed RTF wrapping HTML
  damaged.msg     Date header "31 Feb" (does not exist) → PR_CLIENT_SUBMIT_TIME; delivery time in the
                  year 4501 (Outlook's "none"); subject with a lone UTF-16 surrogate; sender only in
                  the From header
  no_zone.msg     Date header with no zone and no time property → wall-clock time (naive); an
                  unknown message class
  no_time.msg     no Date header and no time property → left out, listed in problems
  report.msg      a non-delivery report (REPORT.IPM.Note.NDR), Date "-0000" → a notice, not contact
  contact.msg     an Outlook contact saved as .msg → not an event
  not_mine/word.doc      an OLE compound file that is not a message (a Word document's streams)
  not_mine/corrupt.msg   OLE magic followed by garbage
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

import compressed_rtf
from extract_msg import OleWriter

HERE = Path(__file__).resolve().parent

UNICODE, STRING8, BINARY, TIME, INT32, BOOLEAN, OBJECT = 0x001F, 0x001E, 0x0102, 0x0040, 0x0003, 0x000B, 0x000D
READ_WRITE = 0x6


def filetime(instant: datetime, extra_ticks: int = 0) -> int:
    delta = instant - datetime(1601, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10 + extra_ticks


class Obj:
    """One MAPI object (message, recipient, attachment, embedded message) as streams to write."""

    def __init__(self) -> None:
        self.fixed: list[tuple[int, int, bytes]] = []
        self.streams: dict[str, bytes] = {}
        self.sizes: list[tuple[int, int, int]] = []

    def text(self, tag: int, value: str) -> Obj:
        data = value.encode("utf-16-le", errors="surrogatepass")
        return self.raw_text(tag, data, UNICODE, len(data) + 2)

    def text8(self, tag: int, value: bytes) -> Obj:
        return self.raw_text(tag, value, STRING8, len(value) + 1)

    def raw_text(self, tag: int, data: bytes, kind: int, size: int) -> Obj:
        self.streams[f"__substg1.0_{tag:04X}{kind:04X}"] = data
        self.sizes.append((tag, kind, size))
        return self

    def binary(self, tag: int, data: bytes) -> Obj:
        self.streams[f"__substg1.0_{tag:04X}{BINARY:04X}"] = data
        self.sizes.append((tag, BINARY, len(data)))
        return self

    def int32(self, tag: int, value: int) -> Obj:
        self.fixed.append((tag, INT32, struct.pack("<I", value) + b"\0" * 4))
        return self

    def time(self, tag: int, ticks: int) -> Obj:
        self.fixed.append((tag, TIME, struct.pack("<Q", ticks)))
        return self

    def properties(self, header: bytes) -> bytes:
        entries = [struct.pack("<II", tag << 16 | kind, READ_WRITE) + value for tag, kind, value in self.fixed]
        entries += [struct.pack("<IIII", tag << 16 | kind, READ_WRITE, size, 0) for tag, kind, size in self.sizes]
        return header + b"".join(entries)

    def write_into(self, writer: OleWriter, path: list[str], header: bytes) -> None:
        writer.addEntry([*path, "__properties_version1.0"], self.properties(header))
        for stream, data in sorted(self.streams.items()):
            writer.addEntry([*path, stream], data)


def message(cls: str) -> Obj:
    return Obj().text(0x001A, cls)


def recipient(kind: int, name: str, smtp: str = "", written: str = "", addrtype: str = "SMTP") -> Obj:
    row = Obj().int32(0x0C15, kind).text(0x3001, name)
    if written or smtp:
        row.text(0x3002, addrtype).text(0x3003, written or smtp)
    if smtp:
        row.text(0x39FE, smtp)
    return row


def save(msg: Obj, file_name: str, recipients: list[Obj] = (), attachments: list[Obj] = (),
         embedded: dict[int, Obj] | None = None) -> None:
    writer = OleWriter()
    header = b"\0" * 8 + struct.pack("<IIII", len(recipients), len(attachments), len(recipients),
                                     len(attachments)) + b"\0" * 8
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(["__nameid_version1.0", stream], b"")
    msg.write_into(writer, [], header)
    for number, row in enumerate(recipients):
        storage = f"__recip_version1.0_#{number:08X}"
        writer.addEntry(storage, storage=True)
        row.write_into(writer, [storage], b"\0" * 8)
    for number, part in enumerate(attachments):
        storage = f"__attach_version1.0_#{number:08X}"
        writer.addEntry(storage, storage=True)
        part.write_into(writer, [storage], b"\0" * 8)
        inner = (embedded or {}).get(number)
        if inner is not None:
            path = [storage, "__substg1.0_3701000D"]
            writer.addEntry(path, storage=True)
            inner.write_into(writer, path, b"\0" * 24)
    writer.write(HERE / file_name)


RECEIVED_HEADERS = (
    "Return-Path: <mark.doe@example.com>\r\n"
    "Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n"
    "\tby mx.example.org with ESMTPS id 4f2a; Tue, 14 Oct 2025 23:47:15 +0100\r\n"
    "From: Mark Doe <Mark.Doe@Example.com>\r\n"
    "To: Sam Taylor <sam.taylor@example.org>\r\n"
    "Cc: Priya Shah <priya.shah@example.net>\r\n"
    "Subject: Re: tonight\r\n"
    "Date: Tue, 14 Oct 2025 23:47:12 +0100\r\n"
    "Message-ID:\r\n <20251014224712.5521@mail.example.com>\r\n"
    "In-Reply-To: <20251014201500.1199@mx.example.org>\r\n"
    "References: <20251014190000.0001@mail.example.com>\r\n <20251014201500.1199@mx.example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
EX_MARK = "/O=EXAMPLE/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=MARKDOE"
EX_PRIYA = "/o=Example/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=priyashah"
EX_SAM = "/O=EXAMPLE/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=SAMTAYLOR"
RTF_HTML = (rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}" b"\r\n"
            rb"{\*\htmltag19 <html>}{\*\htmltag50 <body>}\htmlrtf {\htmlrtf0 I know where you are tonight."
            rb"{\*\htmltag116 <br>}\htmlrtf \line\htmlrtf0 Don't bother hiding.{\*\htmltag58 </body>}"
            rb"{\*\htmltag27 </html>}\htmlrtf }\htmlrtf0 }")


def main() -> None:
    body = "I saw you leave at 9.\r\n  You can't ignore me forever 😡\r\n\r\nM.  \r\n"
    received = (message("IPM.Note").text(0x007D, RECEIVED_HEADERS).text(0x0037, "Re: tonight")
                .text(0x0070, "tonight").binary(0x0071, bytes.fromhex("01dc3d5a8f10") + bytes(range(16)) + b"\x01\x02")
                .text(0x1000, body).text(0x1035, "<20251014224712.5521@mail.example.com>")
                .text(0x0042, "Mark Doe").text(0x0064, "EX").text(0x0065, EX_MARK).text(0x5D02, "Mark.Doe@Example.com")
                .text(0x0C1A, "Mark Doe").text(0x0C1E, "EX").text(0x0C1F, EX_MARK).text(0x5D01, "Mark.Doe@Example.com")
                .time(0x0039, filetime(datetime(2025, 10, 14, 22, 47, 12, tzinfo=UTC)))
                .time(0x0E06, filetime(datetime(2025, 10, 14, 22, 47, 15, tzinfo=UTC)))
                .int32(0x0E07, 0x11).int32(0x3FDE, 65001))
    photo = (Obj().int32(0x3705, 1).text(0x3707, "photo of your car.jpg").text(0x3704, "PHOTOO~1.JPG")
             .text(0x3001, "photo of your car.jpg")
             .binary(0x3701, b"\xff\xd8\xff\xe0 invented test bytes, not a real photo"))
    forwarded = Obj().int32(0x3705, 5)
    inner = message("IPM.Note").text(0x0037, "Fwd: where she parks").text(0x1000, "Blue Corsa, level 2.")
    save(received, "received.msg",
         [recipient(1, "Sam Taylor", "sam.taylor@example.org"),
          recipient(2, "Priya Shah", "priya.shah@example.net", EX_PRIYA, "EX")],
         [photo, forwarded], {1: inner})

    html = (b"<html><head><style>p {margin:0}</style></head><body><p>Please stop contacting me.</p>"
            b"<p>I mean it&nbsp;&mdash; <b>stop</b>.<br>Sam</p></body></html>")
    sent = (message("IPM.Note").text8(0x0037, "Caf\xe9 tonight?\0".encode("cp1252")).int32(0x3FFD, 1252)
            .int32(0x3FDE, 1252).binary(0x1013, html)
            .text(0x0042, "Sam Taylor").text(0x0064, "EX").text(0x0065, EX_SAM)
            .text(0x0C1A, "Priya Shah").text(0x0C1E, "SMTP").text(0x0C1F, "priya.shah@example.net")
            .time(0x0039, filetime(datetime(2025, 10, 20, 7, 5, 0, tzinfo=UTC)))
            .time(0x0E06, filetime(datetime(2025, 10, 20, 7, 5, 1, tzinfo=UTC))).int32(0x0E07, 0x13))
    statement = Obj().int32(0x3705, 2).text(0x3707, "statement.pdf").text(0x3001, "statement.pdf")
    save(sent, "sent_exchange.msg",
         [recipient(1, "Mark Doe", "mark.doe@example.com"), recipient(3, "Mark D")], [statement])

    draft = (message("IPM.Note").text(0x0037, "(no subject)")
             .binary(0x1009, compressed_rtf.compress(RTF_HTML, compressed=True))
             .time(0x0E06, filetime(datetime(2025, 10, 21, 1, 2, 3, 456789, tzinfo=UTC), extra_ticks=1))
             .int32(0x0E07, 0x08))
    save(draft, "draft.msg", [recipient(1, "Sam Taylor", "sam.taylor@example.org")])

    damaged_headers = ("From: \"Mark D\" <Mark.D@example.com>\r\nTo: sam.taylor@example.org\r\n"
                       "Date: Sat, 31 Feb 2026 10:00:00 +0000\r\nSubject: see you\r\n\r\n")
    damaged = (message("IPM.Note").text(0x007D, damaged_headers)
               .raw_text(0x0037, "see you ".encode("utf-16-le") + b"\x3d\xd8" + "!".encode("utf-16-le"), UNICODE, 22)
               .text(0x1000, "See you soon.")
               .time(0x0039, filetime(datetime(2026, 3, 3, 10, 0, 0, tzinfo=UTC)))
               .time(0x0E06, 0x0CB34557A3DD4000))
    save(damaged, "damaged.msg")

    no_zone = (message("IPM.Custom.Form")
               .text(0x007D, "From: mark.doe@example.com\r\nDate: Wed, 22 Oct 2025 21:30:00\r\n\r\n")
               .text(0x0037, "outside").text(0x1000, "I'm outside."))
    save(no_zone, "no_zone.msg", [recipient(1, "Sam Taylor", "sam.taylor@example.org")])

    no_time = message("IPM.Note").text(0x0037, "no date").text(0x1000, "This message has no time.")
    save(no_time, "no_time.msg")

    ndr_headers = ("From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: sam.taylor@example.org\r\n"
                   "Date: Thu, 23 Oct 2025 08:00:00 -0000\r\nSubject: Undeliverable: stop\r\n\r\n")
    report = (message("REPORT.IPM.Note.NDR").text(0x007D, ndr_headers).text(0x0037, "Undeliverable: stop")
              .text(0x1000, "Delivery has failed to these recipients or groups:\r\nmark.doe@example.com\r\n")
              .text(0x0C1A, "Mail Delivery System").text(0x0C1F, "MAILER-DAEMON@mx.example.org"))
    save(report, "report.msg", [recipient(1, "Sam Taylor", "sam.taylor@example.org")])

    contact = message("IPM.Contact").text(0x0037, "Mark Doe").text(0x3001, "Mark Doe")
    save(contact, "contact.msg")

    word = OleWriter()
    word.addEntry("WordDocument", b"\xec\xa5\xc1\x00" + b"\0" * 508)
    word.addEntry("1Table", b"\0" * 512)
    word.addEntry("\x05SummaryInformation", b"\xfe\xff" + b"\0" * 46)
    word.write(HERE / "not_mine" / "word.doc")
    (HERE / "not_mine" / "corrupt.msg").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\xaa" * 1000)


if __name__ == "__main__":
    main()
