"""Write a large invented Gmail Takeout mbox, streaming to disk, for bench/mbox_bench.py.

Takeout's shape: CRLF, `From <id>@xxx <asctime with +0000> <year>` lines, X-GM-THRID and X-Gmail-Labels,
Received/DKIM headers as Gmail keeps them. The mix (by a seeded RNG, so the same file every time):
~45% plain text (7bit/8bit UTF-8), ~22% multipart/alternative (quoted-printable text + HTML),
~8% single-part quoted-printable, ~8% base64 text, ~8% HTML only, ~9% multipart/mixed with a base64
attachment (1-24 KB); ~12% encoded-word subjects, ~3% `>From `-escaped body lines (written as mboxrd does: every body
line matching `^>*From ` gets one more `>`). Invented people only.

    python bench/gen_mbox.py --count 100000 --out /tmp/bench/takeout-100k.mbox
"""

from __future__ import annotations

import argparse
import base64
import binascii
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = ("ok", "where", "are", "you", "now", "call", "me", "back", "why", "not", "answering", "tonight", "see",
         "later", "station", "work", "home", "talk", "please", "just", "want", "to", "know", "the", "café", "—")
PEOPLE = (("Mark Doe", "mark.doe@example.com"), ("Sam Taylor", "sam.taylor@example.org"),
          ("Priya Shah", "priya.shah@example.net"), ("Mark D", "mark.d.alt@example.com"))
_FROM = re.compile(r"^(>*From )", re.MULTILINE)
LABELS = ("Inbox,Opened,Category Personal", "Sent", "Archived,Opened", "Inbox,Important,Unread", "Spam")


def _text(rng: random.Random, lines: int) -> str:
    return "\r\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))) for _ in range(lines))


def _qp(text: str) -> str:
    return binascii.b2a_qp(text.encode("utf-8")).decode("ascii").replace("\n", "\r\n")


def _b64(data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def _body(rng: random.Random, number: int) -> tuple[list[str], str]:
    """(Content-* headers, body) for one message of the mix."""
    text = _text(rng, rng.randint(1, 12))
    if rng.random() < 0.03:
        text += "\r\n>From the last message, you said"
    roll = rng.random()
    if roll < 0.45:
        return ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"], text
    if roll < 0.67:
        boundary = f"000000000000{number:012x}"
        html = "<div dir=\"ltr\">" + text.replace("\r\n", "<br>") + "</div>"
        return [f"Content-Type: multipart/alternative; boundary=\"{boundary}\""], "\r\n".join([
            f"--{boundary}", "Content-Type: text/plain; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable", "", _qp(text), f"--{boundary}",
            "Content-Type: text/html; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable", "", _qp(html), f"--{boundary}--"])
    if roll < 0.75:
        return ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"], _qp(text)
    if roll < 0.83:
        return ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: base64"], \
            _b64(text.encode("utf-8"))
    if roll < 0.91:
        html = "<html><body><p>" + text.replace("\r\n", "</p><p>") + "</p></body></html>"
        return ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: 7bit"], \
            html.encode("ascii", "xmlcharrefreplace").decode("ascii")
    boundary = f"000000000000{number:012x}mixed"
    payload = rng.randbytes(rng.randint(1024, 24 * 1024))
    return [f"Content-Type: multipart/mixed; boundary=\"{boundary}\""], "\r\n".join([
        f"--{boundary}", "Content-Type: text/plain; charset=\"UTF-8\"", "", text, f"--{boundary}",
        f"Content-Type: image/jpeg; name=\"IMG_{number:05d}.jpg\"",
        f"Content-Disposition: attachment; filename=\"IMG_{number:05d}.jpg\"", "Content-Transfer-Encoding: base64",
        f"X-Attachment-Id: f_{number:08x}", "", _b64(payload), f"--{boundary}--"])


def write_mbox(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    moment = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as out:
        for number in range(count):
            moment += timedelta(seconds=rng.randint(30, 900))
            sent = moment - timedelta(seconds=rng.randint(0, 5))
            (from_name, from_addr), (to_name, to_addr) = rng.sample(PEOPLE, 2)
            subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
            if rng.random() < 0.12:
                subject = "=?UTF-8?B?" + base64.b64encode(subject.encode("utf-8")).decode("ascii") + "?="
            content_headers, body = _body(rng, number)
            thread = 1780000000000000000 + number // 3
            rows = [
                f"From {1780000000000000000 + number}@xxx {moment:%a %b %d %H:%M:%S} +0000 {moment:%Y}",
                f"X-GM-THRID: {thread}", f"X-Gmail-Labels: {rng.choice(LABELS)}", f"Delivered-To: {to_addr}",
                f"Received: by 2002:a05:6a10:{number % 65536:x} with SMTP id x{number};",
                f"        {moment:%a, %d %b %Y %H:%M:%S} -0800 (PST)",
                f"Received: from mail.example.com (mail.example.com. [192.0.2.{number % 250}])",
                f"        by mx.google.com with ESMTPS id {number:x}; {moment:%a, %d %b %Y %H:%M:%S} -0800 (PST)",
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=20230601;",
                "        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject;",
                f"        bh={base64.b64encode(rng.randbytes(32)).decode()};",
                f"        b={base64.b64encode(rng.randbytes(96)).decode()}",
                f"Return-Path: <{from_addr}>", "MIME-Version: 1.0",
                f"From: {from_name} <{from_addr}>", f"Date: {sent:%a, %d %b %Y %H:%M:%S} +0000",
                f"Message-ID: <m{number:07d}@example.com>", f"Subject: {subject}", f"To: {to_name} <{to_addr}>",
            ]
            if number % 3:
                rows.append(f"In-Reply-To: <m{number - 1:07d}@example.com>")
                rows.append(f"References: <m{number - number % 3:07d}@example.com> <m{number - 1:07d}@example.com>")
            message = "\r\n".join([*rows[1:], *content_headers, "", body])
            out.write("\r\n".join([rows[0], _FROM.sub(r">\1", message), "", ""]))   # mboxrd escaping


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_mbox(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
