"""Generate a synthetic Telegram Desktop "Export chat history" result.json (one chat) for benchmarks.

Real victims' exports cannot be used for benchmarking, so this writes a file of the same shape as
Telegram Desktop's JSON writer (export_output_json.cpp) from a seeded RNG: the same keys in the same
order, the same one-space-per-level indentation, `text` as a plain string or as a list of strings
and entity objects, `text_entities` beside it, photos, voice messages, stickers, replies, edits,
forwards, reactions and service messages (calls, pins), roughly 400 bytes per message.

All content is invented: the chat is between "Sam Taylor" and "Mark D", words are made up from
syllables. The file is streamed to disk, so generating 500,000 messages uses a few MB of memory.
`date` (the exporting computer's wall-clock time) is rendered in UTC for determinism.

Usage:
    python bench/gen_telegram_json.py --count 500000 --out /tmp/bench/telegram-500k.json --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

EXPORT_EPOCH_S = 1_793_534_400          # 01/11/2026 12:00:00 UTC, the fixed "now" of the export
SPAN_S = 3 * 365 * 24 * 3600            # messages spread over ~3 years before it
OWNER = ("Sam Taylor", "user1000000001")
PEER = ("Mark D", "user4242424242")
SYLLABLES = (
    "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "bre", "dal", "fen", "gor",
    "hul", "jin", "kest", "lum", "mor", "nib", "op", "pra", "quo", "ris", "sel",
    "tun", "ul", "vex", "wim", "yar", "zed", "ost", "ell", "ank", "ith", "ub",
)  # fmt: skip
EMOJI = ("\U0001f600", "\U0001f52a", "\U0001f602", "\U0001f44d", "\u2764\ufe0f", "\u00e9", "\u2019")
_NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"


def _q(value: object) -> str:
    """A JSON value as Telegram writes it: UTF-8 as is, not \\u-escaped."""
    return json.dumps(value, ensure_ascii=False)


def _obj(pairs: list[tuple[str, str]], depth: int) -> str:
    """An object with one key per line, indented one space per level, like the exporter."""
    inner = "\n" + " " * (depth + 1)
    return "{" + ",".join(f"{inner}{_q(k)}: {v}" for k, v in pairs) + "\n" + " " * depth + "}"


def _arr(items: list[str], depth: int) -> str:
    inner = "\n" + " " * (depth + 1)
    return "[" + ",".join(inner + item for item in items) + "\n" + " " * depth + "]"


def _text(rng: random.Random, vocab: list[str]) -> str:
    n = min(300, 5 + int(rng.expovariate(1 / 40)))
    words, length = [], -1
    while length < n:
        word = rng.choice(vocab)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    r = rng.random()
    if r < 0.03:
        cut = rng.randint(1, len(text) - 1)
        text = text[:cut] + "\n" + text[cut:]
    elif r < 0.08:
        text += " " + rng.choice(EMOJI)
    elif r < 0.10:
        text = '"' + text + '"'
    return text


def _parts(rng: random.Random, vocab: list[str]) -> list[tuple[str, str]]:
    """(entity type, text) pieces of a message; type "plain" is a bare string in `text`."""
    plain = _text(rng, vocab)
    r = rng.random()
    if r < 0.04:
        return [("bold", rng.choice(vocab).capitalize() + ":"), ("plain", " " + plain)]
    if r < 0.07:
        return [("plain", plain + " "), ("link", f"https://example.org/{rng.choice(vocab)}")]
    if r < 0.08:
        return [("mention", "@markdoe_88"), ("plain", " " + plain)]
    return [("plain", plain)]


def _text_fields(parts: list[tuple[str, str]], depth: int) -> list[tuple[str, str]]:
    entities = [_obj([("type", _q(kind)), ("text", _q(text))], depth + 2) for kind, text in parts]
    if len(parts) == 1 and parts[0][0] == "plain":
        text = _q(parts[0][1])
    else:
        text = _arr([_q(t) if k == "plain" else entities[i] for i, (k, t) in enumerate(parts)], depth + 1)
    return [("text", text), ("text_entities", _arr(entities, depth + 1))]


def _stamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def _message(rng: random.Random, vocab: list[str], number: int, when: int) -> str:
    depth = 2
    head = [("id", str(number))]
    r = rng.random()
    who = OWNER if rng.random() < 0.45 else PEER
    if r < 0.01:                                     # a call: a service message
        pairs = [*head, ("type", _q("service")), ("date", _q(_stamp(when))), ("date_unixtime", _q(str(when))),
                 ("actor", _q(who[0])), ("actor_id", _q(who[1])), ("action", _q("phone_call"))]
        if rng.random() < 0.5:
            pairs.append(("duration_seconds", str(rng.randint(1, 3600))))
            pairs.append(("discard_reason", _q("hangup")))
        else:
            pairs.append(("discard_reason", _q("missed")))
        return _obj([*pairs, ("text", _q("")), ("text_entities", "[]")], depth)
    if r < 0.012:
        pairs = [*head, ("type", _q("service")), ("date", _q(_stamp(when))), ("date_unixtime", _q(str(when))),
                 ("actor", _q(who[0])), ("actor_id", _q(who[1])), ("action", _q("pin_message")),
                 ("message_id", str(max(1, number - 5)))]
        return _obj([*pairs, ("text", _q("")), ("text_entities", "[]")], depth)
    pairs = [*head, ("type", _q("message")), ("date", _q(_stamp(when))), ("date_unixtime", _q(str(when)))]
    if rng.random() < 0.01:
        edited = when + rng.randint(5, 600)
        pairs += [("edited", _q(_stamp(edited))), ("edited_unixtime", _q(str(edited)))]
    pairs += [("from", _q(who[0])), ("from_id", _q(who[1]))]
    if rng.random() < 0.01:
        pairs.append(("forwarded_from", _q("Priya Shah")))
    if rng.random() < 0.03 and number > 1:
        pairs.append(("reply_to_message_id", str(rng.randint(max(1, number - 50), number - 1))))
    media = rng.random()
    parts = _parts(rng, vocab)
    if media < 0.05:
        stamp = time.strftime("%d-%m-%Y_%H-%M-%S", time.gmtime(when))
        path = f"photos/photo_{number}@{stamp}.jpg" if rng.random() < 0.8 else _NOT_INCLUDED
        pairs += [("photo", _q(path)), ("photo_file_size", str(rng.randint(20_000, 400_000))),
                  ("width", "1280"), ("height", "960")]
        if rng.random() < 0.6:
            parts = []
    elif media < 0.07:
        pairs += [("file", _q(f"voice_messages/audio_{number}@{_stamp(when)[:10]}.ogg")),
                  ("file_size", str(rng.randint(5_000, 90_000))), ("media_type", _q("voice_message")),
                  ("mime_type", _q("audio/ogg")), ("duration_seconds", str(rng.randint(1, 120)))]
        parts = []
    elif media < 0.09:
        pairs += [("file", _q(f"stickers/sticker_{number}.webp")), ("file_size", "24000"),
                  ("thumbnail", _q(f"stickers/sticker_{number}.webp_thumb.jpg")),
                  ("thumbnail_file_size", "4000"), ("media_type", _q("sticker")),
                  ("sticker_emoji", _q(rng.choice(EMOJI))), ("width", "512"), ("height", "512")]
        parts = []
    pairs += _text_fields(parts, depth) if parts else [("text", _q("")), ("text_entities", "[]")]
    if rng.random() < 0.02:
        recent = _obj([("from", _q(OWNER[0])), ("from_id", _q(OWNER[1])), ("date", _q(_stamp(when + 60)))], 6)
        reaction = _obj([("type", _q("emoji")), ("count", "1"), ("emoji", _q("\U0001f44d")),
                         ("recent", _arr([recent], 5))], 4)
        pairs.append(("reactions", _arr([reaction], 3)))
    return _obj(pairs, depth)


def export_chunks(count: int, seed: int) -> Iterator[str]:
    """Yield the file message by message so nothing larger than one message is built."""
    rng = random.Random(seed)
    vocab = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(3000)})
    yield '{\n "name": "Mark D",\n "type": "personal_chat",\n "id": 4242424242,\n "messages": ['
    slot = SPAN_S / max(count, 1)
    start = EXPORT_EPOCH_S - SPAN_S
    when = start - 1
    for number in range(1, count + 1):
        when = max(when, start + int((number - 1 + rng.random()) * slot))
        yield ("\n  " if number == 1 else ",\n  ") + _message(rng, vocab, number, when)
    yield "\n ]\n}\n"


def write_export(count: int, out: Path, seed: int, batch: int = 5_000) -> int:
    """Stream the export to ``out`` in batches; return bytes written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    buf: list[str] = []
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for chunk in export_chunks(count, seed):
            buf.append(chunk)
            if len(buf) >= batch:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="Generate a synthetic Telegram Desktop result.json (one chat).")
    ap.add_argument("--count", type=int, default=500_000, help="number of messages")
    ap.add_argument("--out", type=Path, required=True, help="output JSON path")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (output is deterministic)")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")
    started = time.perf_counter()
    size = write_export(args.count, args.out, args.seed)
    per = size / args.count if args.count else 0.0
    print(f"wrote {args.out}: {args.count} messages, {size} bytes ({size / 1e6:.1f} MB, {per:.0f} B/message) "
          f"in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
