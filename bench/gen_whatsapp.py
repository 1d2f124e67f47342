"""Write a large invented WhatsApp Android chat export, streaming to disk, for `make bench`.

Layout: `dd/mm/yyyy, HH:MM - Name: text`, 24 h, as Android writes it in the UK; ~3% of messages
run over several lines, ~1% carry an emoji, a few are `<Media omitted>` or notices. Deterministic
for a given seed. Invented names and numbers only.

    python bench/gen_whatsapp.py --count 1000000 --out /tmp/bench/whatsapp-1m.txt
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

WORDS = ("ok", "where", "are", "you", "now", "call", "me", "back", "why", "not", "answering", "tonight", "see",
         "later", "station", "work", "home", "talk", "please", "just", "want", "to", "know", "the", "bus")
EMOJI = ("😀", "🙏", "❤️", "👍🏽", "🔪")
PEOPLE = ("Mark D", "Sam Taylor")


def write_chat(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    moment = datetime(2016, 1, 1, 8, 0)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"{moment:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. No one outside of this "
                  "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n")
        for _ in range(count):
            moment += timedelta(seconds=rng.randint(5, 600))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14)))
            roll = rng.random()
            if roll < 0.03:
                text += "\n" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
            elif roll < 0.04:
                text += " " + rng.choice(EMOJI)
            elif roll < 0.05:
                text = "<Media omitted>"
            out.write(f"{moment:%d/%m/%Y, %H:%M} - {rng.choice(PEOPLE)}: {text}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_chat(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
