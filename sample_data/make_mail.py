"""Writes the demo's e-mail exports (INVENTED people): `exports/mail/harassment.mbox` and `from-mark.eml`.

The story follows the demo case: Sam Taylor asked Mark Doe by text on 20/09/2026 to stop all contact
and blocked his number; he went on by e-mail. The mbox is what Gmail's Takeout gives for Sam's
account (CRLF, `From <id>@xxx …` lines, X-GM-THRID, X-Gmail-Labels): six messages from 22/09 to
18/10/2026, among them Sam's own reply asking him to stop, one HTML-only message and one with a
photo attached. The .eml is one later message, saved from the mail app. Run: python make_mail.py
"""

from __future__ import annotations

import base64
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIL = HERE / "exports" / "mail"
MARK = "Mark Doe <mark.doe@example.com>"
SAM = "Sam Taylor <sam.taylor@example.org>"
# A valid 1x1 grey JPEG, made here so nothing else is needed.
PHOTO = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5"
    "PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==")


def _b64(data: bytes) -> list[str]:
    text = base64.b64encode(data).decode("ascii")
    return [text[i:i + 76] for i in range(0, len(text), 76)]


MESSAGES = [
    ("Tue Sep 22 18:12:40 +0000 2026", "1781000000000000001", "Inbox,Opened,Category Personal", [
        f"From: {MARK}", f"To: {SAM}", "Subject: You blocked my number", "Date: Tue, 22 Sep 2026 19:12:37 +0100",
        "Message-ID: <a1.mark@example.com>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"UTF-8\"", "",
        "You blocked my number so I'll email.", "", "We need to talk, Sam. I'm not going away."]),
    ("Tue Sep 22 19:40:03 +0000 2026", "1781000000000000001", "Sent", [
        f"From: {SAM}", f"To: {MARK}", "Subject: Re: You blocked my number", "Date: Tue, 22 Sep 2026 20:40:01 +0100",
        "Message-ID: <b2.sam@example.org>", "In-Reply-To: <a1.mark@example.com>", "References: <a1.mark@example.com>",
        "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"UTF-8\"", "",
        "Mark, I don't want any contact with you, by text, phone or email. Please stop contacting me."]),
    ("Sat Sep 26 22:48:11 +0000 2026", "1781000000000000003", "Inbox,Opened", [
        f"From: {MARK}", f"To: {SAM}", "Subject: Saw you tonight", "Date: Sat, 26 Sep 2026 23:48:09 +0100",
        "Message-ID: <c3.mark@example.com>", "MIME-Version: 1.0", "Content-Type: text/html; charset=\"UTF-8\"", "",
        "<html><body><p>Nice dress tonight at the Crown &amp; Anchor.</p><p>Who was he?</p>"
        "<div>You can&#39;t hide from me.</div></body></html>"]),
    ("Sat Oct 03 06:15:52 +0000 2026", "1781000000000000004", "Inbox,Opened", [
        f"From: {MARK}", f"To: {SAM}", "Subject: Elm Road", "Date: Sat, 3 Oct 2026 07:15:50 +0100",
        "Message-ID: <d4.mark@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"0000000000004a1d2c\"", "",
        "--0000000000004a1d2c", "Content-Type: text/plain; charset=\"UTF-8\"", "",
        "Your car's still parked on Elm Road I see. Photo attached.",
        "--0000000000004a1d2c", "Content-Type: image/jpeg; name=\"IMG_2041.jpg\"",
        "Content-Disposition: attachment; filename=\"IMG_2041.jpg\"", "Content-Transfer-Encoding: base64", "",
        *_b64(PHOTO), "--0000000000004a1d2c--"]),
    ("Fri Oct 09 00:30:14 +0000 2026", "1781000000000000005", "Inbox,Unread", [
        f"From: {MARK}", f"To: {SAM}", "Subject: Answer me", "Date: Fri, 9 Oct 2026 01:30:12 +0100",
        "Message-ID: <e5.mark@example.com>", "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"00000000000077b3e1\"", "",
        "--00000000000077b3e1", "Content-Type: text/plain; charset=\"UTF-8\"",
        "Content-Transfer-Encoding: quoted-printable", "",
        "I'll keep writing until you answer. You can=E2=80=99t block email =F0=9F=98=A0",
        "--00000000000077b3e1", "Content-Type: text/html; charset=\"UTF-8\"",
        "Content-Transfer-Encoding: quoted-printable", "",
        "<div dir=3D\"ltr\">I'll keep writing until you answer. You can=E2=80=99t block email =F0=9F=98=A0</div>",
        "--00000000000077b3e1--"]),
    ("Sun Oct 18 21:05:33 +0000 2026", "1781000000000000006", "Inbox,Important,Opened", [
        f"From: {MARK}", f"To: {SAM}", "Subject: Saturday", "Date: Sun, 18 Oct 2026 22:05:30 +0100",
        "Message-ID: <f6.mark@example.com>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"UTF-8\"", "",
        "Meet me at the park on Saturday at 2 or I'll come to your work.", ">From now on you answer me."]),
]

EML = [f"From: {MARK}", f"To: {SAM}", "Subject: Your mum's house", "Date: Sat, 24 Oct 2026 21:03:44 +0100",
       "Message-ID: <g7.mark@example.com>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"UTF-8\"", "",
       "Drove past your mum's house today. Tell her I said hi.", "", "M"]


def main() -> None:
    MAIL.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    for number, (when, thread, labels, message) in enumerate(MESSAGES, 1):
        rows += [f"From 17810000000000000{number:02d}@xxx {when}", f"X-GM-THRID: {thread}",
                 f"X-Gmail-Labels: {labels}", *message, ""]
    (MAIL / "harassment.mbox").write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    (MAIL / "from-mark.eml").write_bytes(("\r\n".join(EML) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    main()
