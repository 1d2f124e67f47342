"""Precision and recall of the text rules on the labelled set in this folder.

    .venv/bin/python tests/tagging_eval/evaluate.py [--mistakes]

Each message becomes a one-row timeline (the suspect's and third parties' messages incoming, the
victim's outgoing) tagged by the shipped rules; every (message, tag) pair is scored for the five
text tags. The stop-request lexicon is scored on stop_requests.yaml the same way.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pandas as pd
import yaml
from caselog.case import load_case
from caselog.rules import load_rules
from caselog.tagging import _Events as Events
from caselog.tagging import find_stop_request, tag

HERE = Path(__file__).resolve().parent
TEXT_TAGS = ("threat", "surveillance", "approach", "demand_to_meet", "third_party")
CASE = HERE / "case.yaml"
_PARTY = {"suspect": ("incoming", "suspect"), "third_party": ("incoming", "witness"), "victim": ("outgoing", "suspect")}


def _frame(entries: list[dict]) -> pd.DataFrame:
    rows = []
    for index, entry in enumerate(entries):
        direction, party = _PARTY[entry["from"]] if "to" not in entry else ("outgoing", entry["to"].replace(
            "third_party", "witness"))
        rows.append({"event_id": entry["id"], "epoch_us": 1_790_000_000_000_000 + index * 3_600_000_000,
                     "timestamp_local": "2026-09-22T12:00:00+01:00", "kind": "message", "direction": direction,
                     "party": party, "sender": "+447700900123" if direction == "incoming" else "",
                     "channel": "sms", "body": entry["text"], "exhibit": "EV/1", "locator": entry["id"],
                     "recipients": "", "tags": ""})
    return pd.DataFrame(rows)


def score_messages(name: str = "messages.yaml") -> tuple[dict[str, dict[str, float]], list[str]]:
    entries = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    tagged = tag(_frame(entries), load_case(CASE), load_rules())
    predicted: dict[str, set[str]] = {e["id"]: set() for e in entries}
    evidence: dict[tuple[str, str], str] = {}
    for event_id, tag_id, _rule, _version, text in tagged.rows:
        if tag_id in TEXT_TAGS:
            predicted[event_id].add(tag_id)
            evidence[(event_id, tag_id)] = text
    counts = {t: Counter() for t in TEXT_TAGS}
    mistakes = []
    for entry in entries:
        truth, got = set(entry["tags"]), predicted[entry["id"]]
        for t in TEXT_TAGS:
            outcome = ("tp" if t in got else "fn") if t in truth else ("fp" if t in got else "tn")
            counts[t][outcome] += 1
            if outcome in ("fp", "fn"):
                mistakes.append(f"{outcome} {t:<15} {entry['id']} [{entry['from']}] {entry['text']!r} "
                                f"{evidence.get((entry['id'], t), '')}")
    return {t: _rates(c) for t, c in counts.items()}, mistakes


def score_stop_requests(name: str = "stop_requests.yaml") -> tuple[dict[str, float], list[str]]:
    entries = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    case, rules = load_case(CASE), load_rules()
    counts: Counter = Counter()
    mistakes = []
    for entry in entries:
        found = find_stop_request(Events(_frame([entry])), case, rules) is not None
        outcome = ("tp" if found else "fn") if entry["stop_request"] else ("fp" if found else "tn")
        counts[outcome] += 1
        if outcome in ("fp", "fn"):
            mistakes.append(f"{outcome} stop {entry['id']} [to {entry.get('to')}] {entry['text']!r}")
    return _rates(counts), mistakes


def _rates(c: Counter) -> dict[str, float]:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "tp": c["tp"], "fp": c["fp"],
            "fn": c["fn"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mistakes", action="store_true")
    parser.add_argument("--heldout", action="store_true", help="score the held-out set (never tune on it)")
    args = parser.parse_args()
    prefix = "heldout_" if args.heldout else ""
    rates, mistakes = score_messages(f"{prefix}messages.yaml")
    stop, stop_mistakes = score_stop_requests(f"{prefix}stop_requests.yaml")
    print(f"{'tag':<16}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for name, r in [*rates.items(), ("stop_request", stop)]:
        print(f"{name:<16}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}")
    if args.mistakes:
        print("\n".join(sorted(mistakes + stop_mistakes)))


if __name__ == "__main__":
    main()
