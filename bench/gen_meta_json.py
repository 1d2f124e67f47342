"""Generate a synthetic Meta "Download your information" message file (message_1.json) for benchmarks.

Real victims' exports cannot be used for benchmarking, so this writes one Messenger thread of the
same shape as Meta's writer from a seeded RNG: two-space indentation, `participants` first, then
`messages` newest first, then `title`, `is_still_participant`, `thread_path` and `magic_words` AFTER
the messages (as real files have them, which is why a streaming reader cannot learn the thread's
title before it has passed every message). Non-ASCII text is written the way Meta writes it: the
UTF-8 bytes of each character as `\\u00XX` escapes ("mojibake"), so the file is pure ASCII.
Messages mix text (some multi-line, some with emoji or accents), photos, videos, voice clips, files,
stickers, shares, reactions, calls (answered and missed) and unsent messages; roughly 260 bytes each.

All content is invented: the thread is between "Sam Taylor" and "Mark Doe", words are made up from
syllables. The file is streamed to disk, so 500,000 messages need a few MB of memory.

Usage:
    python bench/gen_meta_json.py --count 500000 --out /tmp/bench/message_1.json --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

EXPORT_EPOCH_MS = 1_793_534_400_000     # 01/11/2026 12:00:00 UTC, the fixed "now" of the download
PEOPLE = ("Mark Doe", "Sam Taylor")
OWNER = "Sam Taylor"                    # whose download it is: Meta words call notes from her side
CALL_TEXT = {(False, False): "You missed a call from Mark Doe.", (False, True): "Mark Doe called you.",
             (True, False): "Mark Doe missed your call.", (True, True): "You called Mark Doe."}
THREAD = "markdoe_10158"
MEDIA_DIR = f"your_activity_across_facebook/messages/inbox/{THREAD}"
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "bre", "dal", "fen", "gor", "hul", "jin",
             "kest", "lum", "mor", "nib", "op", "pra", "quo", "ris", "sel", "tun", "ul", "vex")
EXTRAS = ("\U0001f600", "\u2764\ufe0f", "\U0001f62d", "caf\u00e9", "\u00a320", "\u2019")
REACTIONS = ("\u2764", "\U0001f62e", "\U0001f44d", "\U0001f620")


def meta_text(text: str) -> str:
    """Text as Meta stores it: each UTF-8 byte as its own code point (latin-1 decoded)."""
    return text.encode("utf-8").decode("latin-1")


def words(rng: random.Random, low: int, high: int) -> str:
    out = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.15:
        out.insert(rng.randrange(len(out) + 1), rng.choice(EXTRAS))
    return " ".join(out)


def message(rng: random.Random, index: int, timestamp_ms: int) -> dict:
    sender = PEOPLE[rng.random() < 0.4]
    item: dict = {"sender_name": sender, "timestamp_ms": timestamp_ms}
    roll = rng.random()
    if roll < 0.70:
        text = words(rng, 2, 14)
        if rng.random() < 0.05:
            text += "\n" + words(rng, 1, 6)
        item["content"] = meta_text(text)
    elif roll < 0.78:
        item["photos"] = [{"uri": f"{MEDIA_DIR}/photos/{index}_{rng.randrange(10**9)}_n.jpg",
                           "creation_timestamp": timestamp_ms // 1000}]
    elif roll < 0.80:
        item["videos"] = [{"uri": f"{MEDIA_DIR}/videos/{index}_n.mp4", "creation_timestamp": timestamp_ms // 1000}]
    elif roll < 0.82:
        item["audio_files"] = [{"uri": f"{MEDIA_DIR}/audio/audioclip{index}.mp4",
                                "creation_timestamp": timestamp_ms // 1000}]
    elif roll < 0.83:
        item["files"] = [{"uri": f"{MEDIA_DIR}/files/doc{index}.pdf", "creation_timestamp": timestamp_ms // 1000}]
    elif roll < 0.86:
        item["sticker"] = {"uri": f"messages/stickers_used/{rng.randrange(10**9)}_n.png", "ai_stickers": []}
    elif roll < 0.89:
        item["share"] = {"link": f"https://www.example.com/{words(rng, 1, 1)}/{index}"}
        item["content"] = meta_text(f"{sender} sent a link.")
    elif roll < 0.93:
        duration = 0 if rng.random() < 0.6 else rng.randint(5, 3600)
        item["call_duration"] = duration
        item["content"] = CALL_TEXT[sender == OWNER, duration > 0]
    else:
        item["is_unsent"] = True
    if rng.random() < 0.05:
        item["reactions"] = [{"reaction": meta_text(rng.choice(REACTIONS)), "actor": PEOPLE[rng.random() < 0.5]}]
    item["is_geoblocked_for_viewer"] = False
    return item


def generate(count: int, seed: int) -> Iterator[str]:
    """The file's text in pieces, newest message first, as Meta orders them."""
    rng = random.Random(seed)
    yield '{\n  "participants": [\n'
    yield ",\n".join(f'    {{\n      "name": "{name}"\n    }}' for name in PEOPLE)
    yield '\n  ],\n  "messages": ['
    timestamp_ms = EXPORT_EPOCH_MS
    for index in range(count):
        timestamp_ms -= rng.randint(1_000, 600_000)
        text = json.dumps(message(rng, index, timestamp_ms), indent=2, ensure_ascii=True)
        yield ("\n" if index == 0 else ",\n") + "\n".join("    " + line for line in text.splitlines())
    yield ('\n  ],\n  "title": "Mark Doe",\n  "is_still_participant": true,\n'
           f'  "thread_path": "inbox/{THREAD}",\n  "magic_words": []\n}}\n')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500_000, help="messages to write (default 500000)")
    parser.add_argument("--out", type=Path, required=True, help="the message_1.json to write")
    parser.add_argument("--seed", type=int, default=1, help="RNG seed: same seed, same bytes")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(args.out, "w", encoding="ascii", newline="\n") as out:
        for piece in generate(args.count, args.seed):
            out.write(piece)
    size_mb = args.out.stat().st_size / 1e6
    sys.stderr.write(f"wrote {args.count} messages, {size_mb:.1f} MB, to {args.out} "
                     f"in {time.perf_counter() - started:.1f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
