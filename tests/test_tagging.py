"""The indicator rules on small, hand-made timelines: what fires, what must not, and the evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from caselog.case import load_case
from caselog.errors import CaselogError
from caselog.rules import load_rules
from caselog.tagging import tag

SAMPLE_CASE = Path(__file__).parent.parent / "sample_data" / "case.yaml"
START = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


def _event(n: int, minutes: float, body: str = "", direction: str = "incoming", party: str = "suspect",
           sender: str = "+447700900123", kind: str = "message", channel: str = "sms") -> dict:
    moment = START + timedelta(minutes=minutes)
    local = moment.astimezone(load_case(SAMPLE_CASE).timezone)
    return {"event_id": f"e{n:03d}", "epoch_us": int(moment.timestamp() * 1_000_000), "kind": kind,
            "direction": direction, "party": party, "sender": sender if direction == "incoming" else "",
            "channel": channel, "body": body, "timestamp_local": local.isoformat(), "exhibit": "AA/1",
            "locator": f"sms[{n}]", "recipients": sender if direction == "outgoing" else "", "tags": ""}


def _tag(events: list[dict], case_text: str | None = None, tmp_path: Path | None = None):
    case = load_case(SAMPLE_CASE)
    if case_text is not None:
        path = tmp_path / "case.yaml"
        path.write_text(SAMPLE_CASE.read_text(encoding="utf-8").replace("exhibit_prefix: AA", case_text),
                        encoding="utf-8")
        case = load_case(path)
    tagged = tag(pd.DataFrame(events), case, load_rules())
    by_event = {row[0]: {} for row in tagged.rows}
    for event_id, tag_id, rule_id, _version, evidence in tagged.rows:
        by_event[event_id][tag_id] = (rule_id, evidence)
    return tagged, by_event


def test_text_rules_read_what_the_other_party_sent() -> None:
    tagged, found = _tag([
        _event(1, 0, "You'll regret this 🔪"),
        _event(2, 60, "Nice red coat today"),
        _event(3, 120, "I'm outside your flat"),
        _event(4, 180, "We need to talk. Meet me at the park"),
        _event(5, 240, "Does your boss know what you're like?"),
        _event(6, 300, "I saw you at the station with him", direction="outgoing"),
        _event(7, 360, "he said 'I will kill you' and I am scared", direction="outgoing"),
    ])
    assert found["e001"]["threat"][0] == "THR-VIOL"
    assert '"You\'ll regret" at 0-13' in found["e001"]["threat"][1]
    assert set(found["e002"]) == {"surveillance"}
    assert set(found["e003"]) == {"approach"}
    assert set(found["e004"]) == {"demand_to_meet"}
    assert set(found["e005"]) == {"third_party"}
    assert "e006" not in found and "e007" not in found, "the victim's own words are never tagged"
    assert tagged.frame.set_index("event_id").loc["e001", "tags"] == "threat"


@pytest.mark.parametrize("body", [
    "Just killing time at the station",
    "I'm dying to see that film",
    "I could murder a curry",
    "I'm not going to hurt you",
    "I would never come round uninvited",
    "see you at work tomorrow",
    "Shoot me a text when you're free",
])
def test_idioms_and_negations_are_not_tagged(body: str) -> None:
    _, found = _tag([_event(1, 0, body)])
    assert found == {}, f"{body!r} tagged {found}"


def test_stop_request_found_and_every_later_contact_counted() -> None:
    events = [_event(1, 0, "hi"),
              _event(2, 10, "Please stop contacting me. I don't want any contact with you.", direction="outgoing"),
              _event(3, 20, "", kind="call"),
              _event(4, 30, "why", channel="whatsapp", sender="Mark D"),
              _event(5, 40, "", kind="call", party="", sender=""),          # withheld: attributed to no one
              _event(6, 50, "hello", party="witness", sender="+447700900777")]
    tagged, found = _tag(events)
    assert tagged.stop is not None and tagged.stop.event_id == "e002" and tagged.stop.how == "message"
    assert sorted(e for e, tags in found.items() if "contact_after_stop" in tags) == ["e003", "e004"]
    assert "contact 2 after the stop request" in found["e004"]["contact_after_stop"][1]


def test_stop_request_named_in_the_case_file_wins(tmp_path: Path) -> None:
    events = [_event(1, 0, "Please stop contacting me", direction="outgoing"), _event(2, 30, "hi"),
              _event(3, 90, "hello")]
    tagged, found = _tag(events, "exhibit_prefix: AA\n  stop_request: 2026-09-01T14:00", tmp_path)
    assert tagged.stop.how == "case file (date-time)"
    assert [e for e, tags in found.items() if "contact_after_stop" in tags] == ["e003"]


def test_burst_of_five_in_ten_minutes_with_the_figures() -> None:
    events = [_event(n, n * 1.5, f"message {n}") for n in range(1, 7)] + [_event(9, 30, "later")]
    _, found = _tag(events)
    bursts = [e for e, tags in found.items() if "burst" in tags]
    assert bursts == [f"e00{n}" for n in range(1, 7)]
    assert found["e001"]["burst"][1].startswith("6 messages in 7 min 30 s from suspect on sms")


def test_four_messages_are_not_a_burst() -> None:
    _, found = _tag([_event(n, n, f"m{n}") for n in range(4)])
    assert not any("burst" in tags for tags in found.values())


def test_unsocial_hours_in_the_case_zone() -> None:
    # 23:30 UTC on 1 Sep is 00:30 BST: night-time in London
    _, found = _tag([_event(1, 11.5 * 60, "awake?"), _event(2, 8 * 60, "morning")])
    assert "unsocial_hours" in found["e001"]
    assert "00:30 local time" in found["e001"]["unsocial_hours"][1]
    assert "e002" not in found


def test_new_identifier_of_a_known_party() -> None:
    events = [_event(1, 0, "hi"), _event(2, 60, "it's me, new number", sender="+447700900456"),
              _event(3, 120, "again", sender="+447700900456")]
    _, found = _tag(events)
    assert list(found) == ["e002"]
    assert "first contact from +447700900456 (suspect)" in found["e002"]["new_identifier"][1]


def test_spike_against_the_partys_own_baseline() -> None:
    quiet = [_event(n, n * 24 * 60, "daily") for n in range(10)]
    busy = [_event(100 + n, 10 * 24 * 60 + 30 + n * 20, f"busy {n}") for n in range(9)]
    _, found = _tag(quiet + busy)
    spiked = sorted(e for e, tags in found.items() if "spike" in tags)
    assert spiked == [f"e{100 + n}" for n in range(9)]
    assert "median of the previous 10 days 1" in found["e100"]["spike"][1]


def test_local_rules_file_adds_and_replaces_rules(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text("version: local-1\ntext_rules:\n  - id: LOCAL-CAR\n    tag: surveillance\n    version: 1\n"
                     "    description: Mentions of her car's plate\n    patterns: ['ab12 ?cde']\n", encoding="utf-8")
    rules = load_rules(local)
    assert "LOCAL-CAR" in [r.id for r in rules.text]
    assert rules.version.endswith("local.yaml:local-1")
    tagged = tag(pd.DataFrame([_event(1, 0, "saw AB12 CDE outside")]), load_case(SAMPLE_CASE), rules)
    assert [r[2] for r in tagged.rows if r[1] == "surveillance"] == ["LOCAL-CAR"]


def test_a_broken_rules_file_is_one_line(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text("text_rules:\n  - id: BAD\n    tag: threat\n    version: 1\n    description: x\n"
                     "    patterns: ['(unclosed']\n", encoding="utf-8")
    expected = r"local.yaml: text_rules\[0\]: pattern 0 '\(unclosed' is not a valid expression"
    with pytest.raises(CaselogError, match=expected):
        load_rules(local)
