"""Write the golden inputs of email_eml and email_mbox (and their not_mine files). Invented people only.

    .venv/bin/python tests/corpus/email_eml/make_email_inputs.py

Byte-exact on purpose (CRLF, cp1252 bytes, cut-off files), hence a script rather than hand-edited
files. Run it again after changing a case, then `pytest --update-goldens -k email` and review.
"""

from __future__ import annotations

import base64
from pathlib import Path

HERE = Path(__file__).resolve().parent
EML, MBOX = HERE, HERE.parent / "email_mbox"

MARK = "Mark Doe <mark.doe@example.com>"
SAM = "Sam Taylor <sam.taylor@example.org>"


def lines(*rows: str, nl: str = "\n") -> bytes:
    return (nl.join(rows) + nl).encode("utf-8")


def b64(data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))


EML_CASES: dict[str, bytes] = {
    # plain text, LF; body kept exactly: leading spaces, trailing spaces, blank lines, emoji, no strip
    "plain_lf.eml": lines(
        "Return-Path: <mark.doe@example.com>",
        "From: Mark Doe <Mark.Doe@Example.com>",
        "To: Sam Taylor <sam.taylor@example.org>",
        "Subject: I saw you today",
        "Date: Mon, 14 Sep 2026 21:04:05 +0100",
        "Message-ID: <plain-1@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "  I saw you at the station 🚉  ",
        "",
        "",
        "You looked tired.   Answer me."),
    # CRLF throughout; Cc and Bcc are recipients; quoted-printable body; folded To header
    "crlf.eml": lines(
        "From: \"Doe, Mark\" <mark.doe@example.com>",
        "To: sam.taylor@example.org,",
        "\tPriya Shah <priya.shah@example.net>",
        "Cc: Sam Taylor <SAM.TAYLOR@example.org>",
        "Bcc: mark.doe@example.com",
        "Subject: Re: leave me alone",
        "Date: Tue, 15 Sep 2026 07:30:00 +0000",
        "Message-ID: <crlf-2@example.com>",
        "In-Reply-To: <sam-1@example.org>",
        "References: <root-0@example.com> <sam-1@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=\"iso-8859-1\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Caf=E9 at 8, don't be late =3D you know what happens.",
        "Line two ends with a soft break=",
        " and goes on.", nl="\r\n"),
    # multipart/alternative: the text/plain part is the body; the HTML twin is not an attachment
    "multipart_alternative.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: Tonight", "Date: Wed, 16 Sep 2026 22:15:00 +0100",
        "Message-ID: <alt-3@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"ALT\"", "",
        "This is the preamble, not shown.",
        "--ALT", "Content-Type: text/plain; charset=utf-8", "",
        "I know where you are tonight.", "Don't go out.",
        "--ALT", "Content-Type: text/html; charset=utf-8", "",
        "<p>I know where you are <b>tonight</b>.</p><p>Don't go out.</p>",
        "--ALT--", "epilogue, not shown"),
    # HTML only: scripts/styles dropped, <br>/<p>/<div>/<li> give line breaks, entities decoded
    "html_only.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: Look", "Date: Thu, 17 Sep 2026 23:59:59 +0100",
        "Message-ID: <html-4@example.com>", "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8", "",
        "<html><head><title>t</title><style>p {color: red}</style></head><body>",
        "<script>alert('x')</script>",
        "<div>You can&#39;t hide &amp; you know it &lt;3</div><p>Things I know:</p>",
        "<ul><li>your car</li><li>your   gym\n times</li></ul>Call me<br>now<br><br>&nbsp;M",
        "</body></html>"),
    # quoted-printable soft line breaks inside multi-byte UTF-8 characters (é and an emoji)
    "qp_soft_break_multibyte.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: qp", "Date: Fri, 18 Sep 2026 08:00:00 +0100",
        "Message-ID: <qp-5@example.com>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
        "Caf=C3=", "=A9 tonight =F0=9F=", "=98=A1=", "=F0=9F=94=AA", "done"),
    # base64 text body (CRLF inside the decoded text is kept)
    "base64_body.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: b64", "Date: Sat, 19 Sep 2026 10:00:00 +0100",
        "Message-ID: <b64-6@example.com>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
        b64("You will regret this.\r\nSeriously — 😠\r\n".encode())),
    # RFC 2047 in Subject (B and Q, one character split across two words) and in From/To names
    "encoded_words.eml": lines(
        "From: =?utf-8?Q?Mark_D=C3=B6e_=E2=9D?= =?utf-8?Q?=A4?= <mark.doe@example.com>",
        "To: =?iso-8859-1?Q?S=E1m?= Taylor <sam.taylor@example.org>",
        "Subject: =?utf-8?B?WW91IGNhbuKAmQ==?= =?utf-8?B?dCBpZ25vcmUgbWUg8J+Y?=",
        " =?utf-8?B?oA==?= forever",
        "Date: Sun, 20 Sep 2026 12:00:00 +0200", "Message-ID: <ew-7@example.com>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii", "", "plain body"),
    # attachment names: RFC 2231 (one value, and continuations), an encoded-word name, none at all
    "rfc2231_attachment.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: photos", "Date: Mon, 21 Sep 2026 09:00:00 +0100",
        "Message-ID: <att-8@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"MIX\"", "",
        "--MIX", "Content-Type: text/plain; charset=utf-8", "", "See attached.",
        "--MIX", "Content-Type: image/jpeg",
        "Content-Disposition: attachment; filename*=utf-8''caf%C3%A9%20%E2%80%94%20you.jpg",
        "Content-Transfer-Encoding: base64", "", b64(b"\xff\xd8\xff\xe0 not really a jpeg"),
        "--MIX", "Content-Type: application/pdf",
        "Content-Disposition: attachment;", " filename*0*=utf-8''%C3%BCber;", " filename*1=\" the plan.pdf\"",
        "Content-Transfer-Encoding: base64", "", b64(b"%PDF-1.4 invented"),
        "--MIX", "Content-Type: text/plain; name=\"=?utf-8?B?bm90ZXMg4pyTLnR4dA==?=\"",
        "Content-Disposition: attachment", "", "a note",
        "--MIX", "Content-Type: application/octet-stream", "Content-Disposition: attachment",
        "Content-Transfer-Encoding: base64", "", b64(b"\x00\x01\x02"),
        "--MIX--"),
    # declared charsets that lie: utf-8 that is cp1252, an unknown charset, a raw 8-bit header
    "wrong_charset.eml":
        b"From: Mark Doe <mark.doe@example.com>\n" b"To: sam.taylor@example.org\n"
        b"Subject: Caf\xe9 \x96 again\n" b"Date: Tue, 22 Sep 2026 18:00:00 +0100\n"
        b"Message-ID: <cs-9@example.com>\n" b"MIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=b\n\n"
        b"--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        b"I\x92ll be at the caf\xe9 \x96 don\x92t hide.\n"
        b"--b\nContent-Type: text/plain; charset=x-martian\n\nsecond part \xc3\xa9\n--b--\n",
    # a From address email-validator refuses: kept as written, with a warning; an odd recipient too
    "invalid_from.eml": lines(
        "From: Mark D <Mark.Doe@localhost>", "To: sam.taylor@example.org, \"Priya\" <priya@@example.net>",
        "Subject: new address", "Date: Wed, 23 Sep 2026 20:00:00 +0100", "Message-ID: <inv-10@example.com>",
        "", "You blocked my other one."),
    # forwarded messages attached (message/rfc822): named by their subject, not events of their own
    "nested_rfc822.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: Fwd: what you said", "Date: Thu, 24 Sep 2026 11:00:00 +0100",
        "Message-ID: <fw-11@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"OUT\"", "",
        "--OUT", "Content-Type: text/plain", "", "Read what you said about me.",
        "--OUT", "Content-Type: message/rfc822", "Content-Disposition: attachment", "",
        "From: Sam Taylor <sam.taylor@example.org>", "To: Priya Shah <priya.shah@example.net>",
        "Subject: =?utf-8?Q?He_won=E2=80=99t_stop?=", "Date: Tue, 01 Sep 2026 10:00:00 +0100", "",
        "He keeps turning up.",
        "--OUT", "Content-Type: message/rfc822; name=\"saved.eml\"", "", "Subject: other", "", "x",
        "--OUT--"),
    # no Date header at all: left out, one problem (never the file's mtime)
    "missing_date.eml": lines(
        f"From: {MARK}", f"To: {SAM}", "Subject: no date", "Message-ID: <nd-12@example.com>", "",
        "When did I send this?"),
}

TAKEOUT_FROM = "From 1780000000000000{0:03d}@xxx {1} +0000 2026"


def takeout() -> bytes:
    """Gmail Takeout: CRLF, Takeout From_ lines, X-GM-THRID/X-Gmail-Labels, messages out of date order."""
    rows: list[str] = []
    messages = [
        ("Fri Oct 02 21:04:05", [
            "X-GM-THRID: 1780000000000000001", "X-Gmail-Labels: Inbox,Important,Opened,Category Personal",
            f"From: {MARK}", f"To: {SAM}", "Subject: Why", "Date: Fri, 2 Oct 2026 22:04:05 +0100",
            "Message-ID: <t1@example.com>", "Content-Type: text/plain; charset=UTF-8", "", "Why won't you answer?"]),
        ("Thu Oct 01 07:00:00", [   # earlier than the one before it: out of order, kept as is
            "X-GM-THRID: 1780000000000000001", "X-Gmail-Labels: Sent", f"From: {SAM}", f"To: {MARK}",
            "Subject: Please stop", "Date: Thu, 1 Oct 2026 08:00:00 +0100", "Message-ID: <t2@example.org>",
            "", "Please stop contacting me."]),
        ("Sat Oct 03 01:30:00", [   # no Date header: the From_ line time, with a warning
            "X-GM-THRID: 1780000000000000003",
            "X-Gmail-Labels: =?UTF-8?Q?Archived,Opened,=C3=89vidence?=",
            f"From: {MARK}", f"To: {SAM}", "Subject: late", "Message-ID: <t3@example.com>", "", "Up late?"]),
        ("Sun Oct 04 12:00:00", [   # a Date that does not exist: the From_ line time, with a warning
            "X-GM-THRID: 1780000000000000004", "X-Gmail-Labels: Inbox", f"From: {MARK}", f"To: {SAM}",
            "Subject: bad date", "Date: Sun, 31 Feb 2026 12:00:00 +0000", "Message-ID: <t4@example.com>",
            "", "ok"]),
    ]
    for number, (when, headers) in enumerate(messages, 1):
        rows.append(TAKEOUT_FROM.format(number, when))
        rows.extend(headers)
        rows.append("")
    return lines(*rows, nl="\r\n")


MBOX_CASES: dict[str, bytes] = {
    "takeout.mbox": takeout(),
    # classic and Thunderbird From_ lines, LF; >From escaping (mboxrd); an unescaped "From here on"
    # line that is not a From_ line; a From_ line with no zone (used for a Date-less message)
    "classic.mbox": lines(
        "From mark.doe@example.com Mon Oct  5 21:04:05 2026",
        f"From: {MARK}", f"To: {SAM}", "Subject: escaped", "Date: Mon, 5 Oct 2026 21:04:05 +0100",
        "Message-ID: <c1@example.com>", "",
        ">From now on I decide.", ">>From the quoted line, one > goes.", "From here on, I watch you.",
        "",
        "From - Tue Oct  6 08:00:00 2026",
        f"From: {SAM}", f"To: {MARK}", "Subject: no", "Date: Tue, 6 Oct 2026 08:00:00 +0100",
        "Message-ID: <c2@example.org>", "", "No.",
        "",
        "From MAILER-DAEMON Wed Oct  7 23:00:00 2026",
        f"From: {MARK}", f"To: {SAM}", "Subject: undated", "Message-ID: <c3@example.com>", "", "no Date header",
        ""),
    # Date zones: unknown name (BST: naive, warned), -0000 (UTC), two-digit year, comment, no weekday
    "odd_dates.mbox": lines(
        "From a@example.com Thu Oct  8 10:00:00 2026", f"From: {MARK}", "To: sam.taylor@example.org",
        "Subject: bst", "Date: Thu, 8 Oct 2026 10:00:00 BST", "", "one", "",
        "From a@example.com Thu Oct  8 10:00:00 2026", f"From: {MARK}", "To: sam.taylor@example.org",
        "Subject: minus zero", "Date: Thu, 8 Oct 2026 10:00:00 -0000", "", "two", "",
        "From a@example.com Thu Oct  8 10:00:00 2026", f"From: {MARK}", "To: sam.taylor@example.org",
        "Subject: old style", "Date: 8 Oct 26 10:00 EDT", "", "three", "",
        "From a@example.com Thu Oct  8 10:00:00 2026", f"From: {MARK}", "To: sam.taylor@example.org",
        "Subject: comment", "Date: Thu, 08 Oct 2026 10:00:00 +0530 (IST)", "", "four", ""),
    # the file is cut in the middle of the last message's body: kept, one warning
    "truncated_body.mbox": lines(
        "From a@example.com Fri Oct  9 10:00:00 2026", f"From: {MARK}", f"To: {SAM}", "Subject: whole",
        "Date: Fri, 9 Oct 2026 10:00:00 +0100", "", "first, whole", "",
        "From a@example.com Fri Oct  9 11:00:00 2026", f"From: {MARK}", f"To: {SAM}", "Subject: cut",
        "Date: Fri, 9 Oct 2026 11:00:00 +0100", "Content-Type: multipart/mixed; boundary=Z", "",
        "--Z", "Content-Type: text/plain", "", "I am going to", "--Z",
        "Content-Type: application/zip; name=\"pics.zip\"", "Content-Transfer-Encoding: base64", "",
        "UEsDBBQAAAAIAAAAIQBbGg")[:-1],
    # the file is cut in the middle of the last message's headers: left out, one problem
    "truncated_header.mbox": lines(
        "From a@example.com Sat Oct 10 10:00:00 2026", f"From: {MARK}", f"To: {SAM}", "Subject: whole",
        "Date: Sat, 10 Oct 2026 10:00:00 +0100", "", "first, whole", "",
        "From a@example.com Sat Oct 10 11:00:00 2026", f"From: {MARK}", f"To: {SAM}", "Subject: cu")[:-1],
}

NOT_MINE: dict[str, bytes] = {
    "whatsapp.txt": lines("14/09/2026, 21:04 - Mark D: From now on answer me", "14/09/2026, 21:05 - Sam Taylor: No"),
    "diary.csv": lines("Date,Time,What happened", "14/09/2026,21:04,He emailed again"),
    "page.html": lines("<!DOCTYPE html>", "<html><head><title>From: me</title></head>",
                       "<body>Subject: hi</body></html>"),
    "from_here_on.txt": lines("From here on, I keep a note of every message.", "Date: every day",
                              "Subject: him", "", "He wrote again."),
    "export.json": lines('{"From": "mark.doe@example.com", "Date": "2026-09-14", "Subject": "x"}'),
    "apple_mail.emlx": lines("312", f"From: {MARK}", f"To: {SAM}", "Subject: emlx", "", "body"),
}


def main() -> None:
    for folder, cases in ((EML, EML_CASES), (MBOX, MBOX_CASES)):
        (folder / "not_mine").mkdir(parents=True, exist_ok=True)
        for name, data in cases.items():
            (folder / name).write_bytes(data)
        for name, data in NOT_MINE.items():
            (folder / "not_mine" / name).write_bytes(data)
    (EML / "not_mine" / "mailbox.mbox").write_bytes(MBOX_CASES["classic.mbox"])
    (MBOX / "not_mine" / "single.eml").write_bytes(EML_CASES["plain_lf.eml"])


if __name__ == "__main__":
    main()
