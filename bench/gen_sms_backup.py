"""Generate a synthetic Android "SMS Backup & Restore" XML backup for benchmarks.

Real victims' exports cannot be used for benchmarking, so this writes a file of
the same shape from a seeded RNG: same attributes, same escaping quirks (the
app writes non-BMP characters as *pairs* of numeric references to UTF-16
surrogates, which strict XML parsers reject), roughly 340 bytes per <sms>.

All content is invented: phone numbers come from the UK range Ofcom reserves
for drama (07700 900000-900999), names and words are made up from syllables.
The file is streamed to disk, so generating 1,000,000 messages uses a few MB.

Usage:
    python bench/gen_sms_backup.py --count 1000000 --out /tmp/bench/sms-1m.xml --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

# The fixed "now" of the synthetic backup: 01/11/2026 12:00:00 UTC.
BACKUP_EPOCH_MS = 1_793_534_400_000
SPAN_MS = 10 * 365 * 24 * 3600 * 1000  # messages spread over ~10 years before it
POOL_SIZE = 200
SERVICE_CENTER = "+447785016005"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip

SYLLABLES = (
    "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "bre", "dal", "fen", "gor",
    "hul", "jin", "kest", "lum", "mor", "nib", "op", "pra", "quo", "ris", "sel",
    "tun", "ul", "vex", "wim", "yar", "zed", "ost", "ell", "ank", "ith", "ub",
)  # fmt: skip
# Non-BMP emoji: the app writes each as two surrogate references, e.g.
# U+1F600 -> "&#55357;&#56832;" and U+1F52A -> "&#55357;&#56618;".
ASTRAL_EMOJI = ("\U0001f600", "\U0001f52a", "\U0001f602", "\U0001f44d", "\U0001f62d")
# BMP non-ASCII characters the app writes as raw UTF-8 (must pass through untouched).
BMP_EXTRAS = ("\u2019", "\u00e9", "\u2764", "\u263a", "\u00a3")


def escape_attr(text: str) -> str:
    """Escape an attribute value the way Android's XmlSerializer does.

    Markup characters become entities, newlines become ``&#10;`` and
    characters outside the BMP become a pair of surrogate references, which
    is the quirk the parsers under test must cope with.
    """
    text = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
    )
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            out.append(f"&#{0xD800 + (cp >> 10)};&#{0xDC00 + (cp & 0x3FF)};")
        else:
            out.append(ch)
    return "".join(out)


def make_vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Invent pronounceable non-words so bodies look like text but mean nothing."""
    words = {"".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(size)}
    return sorted(words)


def make_contacts(rng: random.Random) -> list[tuple[str, str]]:
    """Return (national number digits, contact name) for the address pool.

    Numbers are drawn without replacement from 07700 900000-900999; about a
    quarter of them have no saved contact, as in real phones.
    """
    suffixes = rng.sample(range(1000), POOL_SIZE)
    first = ("Ava", "Bram", "Cleo", "Dex", "Esme", "Fenn", "Gia", "Hal", "Isla", "Jory")
    last = ("Quill", "Marrow", "Vetch", "Orrin", "Tamsk", "Lune", "Brisk", "Oakes")
    contacts = []
    for suffix in suffixes:
        digits = f"7700900{suffix:03d}"
        if rng.random() < 0.25:
            name = "(Unknown)"
        else:
            name = f"{rng.choice(first)} {rng.choice(last)}"
            if rng.random() < 0.05:
                name += ' "Work" & Home'  # exercises &quot; / &amp; in names
        contacts.append((digits, name))
    return contacts


def render_address(rng: random.Random, digits: str) -> str:
    """Write a number in one of the mixed forms phones store (E.164 or national)."""
    r = rng.random()
    if r < 0.55:
        return "+44" + digits  # +447700900123
    if r < 0.85:
        return f"0{digits[:4]} {digits[4:]}"  # 07700 900123
    return "0" + digits  # 07700900123


def pick_contact(rng: random.Random) -> int:
    """Pick a pool index; half the traffic is skewed to a few heavy contacts."""
    if rng.random() < 0.5:
        return min(int(rng.paretovariate(1.2)) - 1, POOL_SIZE - 1)
    return rng.randrange(POOL_SIZE)


def readable(ms: int) -> str:
    """Format like the app's readable_date ("15 Oct 2026 21:04:05").

    Rendered in UTC for determinism; real backups use the phone's local zone.
    """
    t = time.gmtime(ms // 1000)
    return f"{t.tm_mday:02d} {MONTHS[t.tm_mon - 1]} {t.tm_year} {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


def make_text(rng: random.Random, vocab: list[str], n: int) -> str:
    """Return exactly ``n`` characters of invented words (no trailing space)."""
    words: list[str] = []
    length = -1
    while length < n:
        w = rng.choice(vocab)
        words.append(w)
        length += len(w) + 1
    text = " ".join(words)[:n]
    return text[:-1] + "o" if text.endswith(" ") else text


def make_body(rng: random.Random, vocab: list[str]) -> str:
    """Build an unescaped message body of 10-200 characters (code points).

    Length is skewed towards short texts (10 + exponential, mean ~50, capped
    at 200) as real SMS traffic is, which lands records near 340 bytes.
    Rates: ~2% newline, ~1% astral emoji, ~3% '&', ~3% '"', ~1% '<',
    ~1% BMP non-ASCII; the rest is plain ASCII.
    """
    n = min(200, 10 + int(rng.expovariate(1 / 42)))
    r = rng.random()
    if r < 0.02:
        text = make_text(rng, vocab, n - 1)
        cut = rng.randint(1, len(text) - 1)
        return text[:cut] + "\n" + text[cut:]
    if r < 0.03:
        return make_text(rng, vocab, n - 2) + " " + rng.choice(ASTRAL_EMOJI)
    if r < 0.06:
        text = make_text(rng, vocab, n - 3)
        cut = len(text) // 2
        return text[:cut] + " & " + text[cut:]
    if r < 0.09:
        return '"' + make_text(rng, vocab, n - 2) + '"'
    if r < 0.10:
        return make_text(rng, vocab, n - 3) + " <3"
    if r < 0.11:
        return make_text(rng, vocab, n - 2) + " " + rng.choice(BMP_EXTRAS)
    return make_text(rng, vocab, n)


def sms_lines(count: int, seed: int) -> Iterator[str]:
    """Yield the file line by line so nothing larger than one line is built."""
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    contacts = make_contacts(rng)
    backup_set = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    yield "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    yield "<!--File Created By SMS Backup & Restore v10.20.002 on 01/11/2026 12:00:00-->\n"
    yield f'<smses count="{count}" backup_set="{backup_set}" backup_date="{BACKUP_EPOCH_MS}" type="full">\n'
    # One random instant per equal time slot: evenly spread, strictly
    # increasing, and always before the backup date whatever the count.
    slot_ms = SPAN_MS / max(count, 1)
    start_ms = BACKUP_EPOCH_MS - SPAN_MS
    date = start_ms - 1
    for i in range(count):
        date = max(date + 1, start_ms + int((i + rng.random()) * slot_ms))
        digits, name = contacts[pick_contact(rng)]
        msg_type = 1 if rng.random() < 0.55 else 2
        date_sent = date - rng.randint(0, 5000) if msg_type == 1 else date
        yield (
            f'  <sms protocol="0" address="{render_address(rng, digits)}" '
            f'date="{date}" type="{msg_type}" subject="null" '
            f'body="{escape_attr(make_body(rng, vocab))}" toa="null" sc_toa="null" '
            f'service_center="{SERVICE_CENTER}" read="1" status="-1" locked="0" '
            f'date_sent="{date_sent}" sub_id="1" readable_date="{readable(date)}" '
            f'contact_name="{escape_attr(name)}" />\n'
        )
    yield "</smses>\n"


def write_backup(count: int, out: Path, seed: int, batch: int = 10_000) -> int:
    """Stream the backup to ``out`` in batches of lines; return bytes written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    buf: list[str] = []
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for line in sms_lines(count, seed):
            buf.append(line)
            if len(buf) >= batch:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="Generate a synthetic SMS Backup & Restore XML file.")
    ap.add_argument("--count", type=int, default=1_000_000, help="number of <sms> records")
    ap.add_argument("--out", type=Path, required=True, help="output XML path")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (output is deterministic)")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")
    start = time.perf_counter()
    size = write_backup(args.count, args.out, args.seed)
    elapsed = time.perf_counter() - start
    per = size / args.count if args.count else 0.0
    print(
        f"wrote {args.out}: {args.count} sms, {size} bytes ({size / 1e6:.1f} MB, "
        f"{per:.0f} B/sms) in {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
