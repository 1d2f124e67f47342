"""The REDACTED copy's timeline (reports/redact.py) on a small hand-made frame; invented people only
(Ofcom drama numbers +447700900xxx, example.* addresses)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from caselog.case import Case, load_case
from caselog.reports.redact import (
    CONTENT,
    IDENTIFIER,
    IDENTIFIER_FIELDS,
    LOG_COLUMNS,
    NAME_IN_TEXT,
    NO_WITNESS,
    TEXT_FIELDS,
    WITNESS_DETAILS,
    label_map,
    redact,
    redacted_case,
)
from caselog.timeline import COLUMNS

CASE_YAML = """\
case:
  reference: CL-TEST-1
  timezone: Europe/London
  prepared_by: "A. Advocate"
  exhibit_prefix: AA
people:
  - role: victim
    name: Sam Taylor
    identifiers: ["+447700900001", "sam.taylor@example.org", "Sam Taylor"]
  - role: suspect
    name: Mark Doe
    identifiers: ["+447700900123", "mark.doe@example.com", "Mark D"]
  - role: witness
    name: Priya Shah
    identifiers: ["07700 900777", "priya.shah@example.net"]
  - role: witness
    name: Tom Reed
  - role: other
    name: Ana Lopez
    identifiers: ["+447700900555"]
"""

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"

# (event_id, minute, fields); everything else is ''.
ROWS = [
    ("e01", 0, dict(channel="sms", kind="message", direction="incoming", sender="+447700900123", sender_name="Mark D",
                    party="suspect", thread="+447700900123", sender_raw="07700 900123",
                    body=f"Tell Priya Shah I know. Her number is 07700 900777 and I'll ring priya tonight {HOSTILE}")),
    ("e02", 1, dict(channel="sms", kind="message", direction="incoming", sender="+447700900777", sender_name="Priya",
                    party="witness", thread="+447700900777", sender_raw="07700900777", attachments="IMG_0001.jpg",
                    body="He rang me again at work, I'm worried",
                    details='{"contact_name": "Priya", "type": "1"}')),
    ("e03", 2, dict(channel="whatsapp", kind="message", direction="incoming", sender="+447700900999",
                    sender_name="Jo Bloggs", thread="Book Club", sender_raw="+44 7700 900999",
                    body="Is Sam ok? Mark was outside again")),
    ("e04", 3, dict(channel="sms", kind="message", direction="outgoing", recipients="+447700900999",
                    thread="+447700900999", recipients_raw="07700 900999", body="Thanks Jo Bloggs, I'm safe")),
    ("e05", 4, dict(channel="email", kind="message", direction="incoming", sender="mark.doe@example.com",
                    sender_name="Mark Doe", recipients="sam.taylor@example.org;new.friend@example.net",
                    party="suspect", thread="cafe123@mail.example.com", subject="About PRIYA.SHAH@EXAMPLE.NET",
                    sender_raw="mark.doe@example.com",
                    recipients_raw="Sam Taylor <sam.taylor@example.org>;new.friend@example.net",
                    body="I know you told 0044 7700 900999 everything. Ref WM-26-118734 means nothing.")),
    ("e06", 5, dict(channel="diary", kind="incident", direction="unknown", sender_name="Sam Taylor",
                    body="Mark followed me to the station. Priya was with me.", location="Priya's house",
                    witnesses="Priya Shah (came with me), 07700 900777")),
    ("e07", 6, dict(channel="diary", kind="incident", direction="unknown", sender_name="A. Advocate",
                    body="Sam says a neighbour on 07700 900444 saw him at the gate.",
                    witnesses="a man at the bus stop")),
    ("e08", 7, dict(channel="sms", kind="message", direction="incoming", sender="+447700900555", sender_name="Ana",
                    party="other", thread="+447700900555", sender_raw="+447700900555",
                    body="This is Ana from the office, he called reception")),
    ("e09", 8, dict(channel="call", kind="call", direction="outgoing", recipients="101", thread="101",
                    recipients_raw="101")),
    ("e10", 9, dict(channel="sms", kind="message", direction="outgoing", recipients="+447700900777",
                    party="witness", thread="+447700900777", recipients_raw="+447700900777",
                    body="Priya he's outside <b>again</b>", details='{"contact_name": "Priya", "type": "2"}')),
]
WRITTEN_FORMS = ["+447700900777", "07700 900777", "07700900777", "+44 (0)7700 900777", "+44 7700 900777",
                 "07700-900-777", "0044 7700 900777", "(07700) 900777"]


@pytest.fixture
def case(tmp_path: Path) -> Case:
    path = tmp_path / "case.yaml"
    path.write_text(CASE_YAML, encoding="utf-8")
    return load_case(path)


def make_frame(rows=ROWS) -> pd.DataFrame:
    """A timeline frame as build_timeline makes it: COLUMNS then epoch_us, Arrow-backed text."""
    records = []
    for event_id, minute, fields in rows:
        record = dict.fromkeys(COLUMNS, "")
        record.update(event_id=event_id, timestamp_utc=f"2026-10-01T12:{minute:02d}:00Z",
                      timestamp_local=f"2026-10-01T13:{minute:02d}:00+01:00", exhibit="AA/1",
                      source_path="export.xml", locator=f"item[{minute}]", duration_s=None, **fields)
        record["epoch_us"] = 1_790_000_000_000_000 + minute * 60_000_000
        records.append(record)
    text = pd.StringDtype("pyarrow")
    frame = pd.DataFrame({c: pd.array([r[c] for r in records], dtype=text) for c in COLUMNS if c != "duration_s"})
    frame.insert(COLUMNS.index("duration_s"), "duration_s", pd.array([None] * len(records), dtype="Int64"))
    frame["epoch_us"] = pd.array([r["epoch_us"] for r in records], dtype="Int64")
    assert list(frame.columns) == [*COLUMNS, "epoch_us"]
    return frame


def cell(frame: pd.DataFrame, event_id: str, column: str) -> str:
    return frame.loc[frame["event_id"] == event_id, column].iloc[0]


@pytest.fixture
def redacted(case: Case):
    frame = make_frame()
    before = frame.copy(deep=True)
    out, log = redact(frame, case)
    pd.testing.assert_frame_equal(frame, before)          # the input (the FULL copy) is untouched
    return frame, out, log


def test_a_witness_message_is_withheld_with_a_label(redacted) -> None:
    _frame, out, _log = redacted
    assert cell(out, "e02", "body") == "[content withheld: message from [Witness 1]]"
    assert cell(out, "e02", "attachments") == "[withheld]"
    for column in ("sender", "sender_name", "sender_raw", "thread"):
        assert cell(out, "e02", column) == "[Witness 1]"
    assert cell(out, "e02", "party") == "witness"                      # a role, kept
    assert cell(out, "e02", "details") == '{"contact_name": "[Witness 1]", "type": "1"}'
    assert cell(out, "e08", "body") == "[content withheld: message from [Other 1]]"
    assert cell(out, "e08", "sender") == "[Other 1]"


def test_names_and_numbers_in_the_suspects_message_are_replaced(redacted) -> None:
    frame, out, _log = redacted
    assert cell(out, "e01", "body") == ("Tell [Witness 1] I know. Her number is [Witness 1] and I'll ring "
                                        f"[Witness 1] tonight {HOSTILE}")
    assert cell(out, "e05", "subject") == "About [Witness 1]"           # e-mail, any case
    assert cell(out, "e10", "body") == "[Witness 1] he's outside <b>again</b>"   # the victim's words stay
    assert cell(out, "e06", "body") == "Mark followed me to the station. [Witness 1] was with me."
    assert cell(out, "e06", "location") == "[Witness 1]'s house"
    for column in ("sender", "sender_name", "sender_raw", "thread", "party"):
        assert cell(out, "e01", column) == cell(frame, "e01", column)


@pytest.mark.parametrize("written", WRITTEN_FORMS)
def test_every_written_form_of_a_witness_number_is_replaced(case: Case, written: str) -> None:
    rows = [("s1", 0, dict(channel="sms", kind="message", direction="incoming", sender="+447700900123",
                           party="suspect", body=f"ring {written}, or 077009007770, or call 101"))]
    out, log = redact(make_frame(rows), case)
    assert cell(out, "s1", "body") == "ring [Witness 1], or 077009007770, or call 101"
    assert log == [{"event_id": "s1", "field": "body", "reason": "third-party identifier in text",
                    "label": "[Witness 1]", "count": 1}]


def test_an_unknown_number_has_one_label_everywhere_in_order_of_appearance(redacted) -> None:
    _frame, out, _log = redacted
    assert [cell(out, "e03", c) for c in ("sender", "sender_name", "sender_raw")] == ["[Third party 1]"] * 3
    assert cell(out, "e03", "body") == "[content withheld: message from [Third party 1]]"
    assert [cell(out, "e04", c) for c in ("recipients", "recipients_raw", "thread")] == ["[Third party 1]"] * 3
    assert cell(out, "e04", "body") == "Thanks [Third party 1], I'm safe"        # her display name too
    assert cell(out, "e05", "body").startswith("I know you told [Third party 1] everything.")
    assert cell(out, "e03", "thread") == "[Third party 2]"             # a group chat's name
    assert cell(out, "e05", "recipients") == "sam.taylor@example.org;[Third party 3]"
    assert cell(out, "e05", "recipients_raw") == "Sam Taylor <sam.taylor@example.org>;[Third party 3]"
    assert cell(out, "e05", "thread") == "cafe123@mail.example.com"    # a Message-ID is nobody
    assert cell(out, "e07", "body") == "Sam says a neighbour on [Third party 4] saw him at the gate."


def test_victim_suspect_short_codes_and_references_stay(redacted) -> None:
    frame, out, _log = redacted
    for event_id in ("e01", "e05"):
        for column in ("sender", "sender_name", "sender_raw"):
            assert cell(out, event_id, column) == cell(frame, event_id, column)
    assert "Ref WM-26-118734 means nothing." in cell(out, "e05", "body")
    assert "Is Sam ok? Mark" not in cell(out, "e03", "body")           # withheld, though it names them
    assert cell(out, "e06", "sender_name") == "Sam Taylor"
    assert cell(out, "e07", "sender_name") == "A. Advocate"            # the preparer
    for column in ("recipients", "thread", "recipients_raw"):
        assert cell(out, "e09", column) == "101"


def test_diary_witnesses_become_labels_or_withheld(redacted) -> None:
    _frame, out, log = redacted
    assert cell(out, "e06", "witnesses") == "[Witness 1]"
    assert cell(out, "e07", "witnesses") == NO_WITNESS
    assert {"event_id": "e07", "field": "witnesses", "reason": WITNESS_DETAILS, "label": NO_WITNESS,
            "count": 1} in log
    assert cell(out, "e06", "body").startswith("Mark followed me")     # the diary is never withheld


def test_citations_times_and_other_columns_are_unchanged(redacted) -> None:
    frame, out, _log = redacted
    assert list(out.columns) == list(frame.columns)
    assert out.dtypes.equals(frame.dtypes)
    changeable = {*IDENTIFIER_FIELDS, *TEXT_FIELDS, "witnesses"}
    assert not changeable & {"event_id", "timestamp_utc", "timestamp_local", "exhibit", "locator", "party", "tags"}
    for column in frame.columns:
        if column not in changeable:
            pd.testing.assert_series_equal(out[column], frame[column])


def test_the_log_lists_every_change_and_no_original_value(redacted) -> None:
    frame, out, log = redacted
    changed = {(frame.at[i, "event_id"], c) for c in frame.columns for i in frame.index
               if not (pd.isna(frame.at[i, c]) and pd.isna(out.at[i, c])) and frame.at[i, c] != out.at[i, c]}
    assert {(e["event_id"], e["field"]) for e in log} == changed
    assert all(tuple(e) == LOG_COLUMNS and all(e[k] for k in LOG_COLUMNS) for e in log)
    assert {e["reason"] for e in log} >= {IDENTIFIER, NAME_IN_TEXT, CONTENT, WITNESS_DETAILS}
    secrets = ["Priya", "priya", "Shah", "900777", "900999", "900555", "900444", "Jo Bloggs", "Ana", "new.friend",
               "Book Club", "worried", "office"]
    text = repr(log)
    assert not [s for s in secrets if s in text]
    assert {"event_id": "e01", "field": "body", "reason": NAME_IN_TEXT, "label": "[Witness 1]", "count": 2} in log


def test_the_same_input_gives_the_same_output(case: Case) -> None:
    first, first_log = redact(make_frame(), case)
    second, second_log = redact(make_frame(), case)
    pd.testing.assert_frame_equal(first, second)
    assert first_log == second_log
    assert label_map(case, make_frame()) == label_map(case, make_frame())


def test_label_map_names_each_label_for_the_full_copy(case: Case) -> None:
    mapping = {m["label"]: m for m in label_map(case, make_frame())}
    assert list(mapping) == ["[Witness 1]", "[Witness 2]", "[Other 1]", "[Third party 1]", "[Third party 2]",
                             "[Third party 3]", "[Third party 4]"]
    assert mapping["[Witness 1]"]["name"] == "Priya Shah" and mapping["[Witness 1]"]["role"] == "witness"
    assert "+447700900777" in mapping["[Witness 1]"]["identifiers"]
    assert mapping["[Witness 2]"]["identifiers"] == ["Tom Reed", "Tom"]
    assert mapping["[Third party 1]"]["role"] == "third party"
    assert mapping["[Third party 1]"]["identifiers"][:3] == ["+447700900999", "Jo Bloggs", "+44 7700 900999"]
    assert mapping["[Third party 3]"]["identifiers"] == ["new.friend@example.net"]
    assert not any("Sam" in i or "Mark" in i for m in mapping.values() for i in m["identifiers"])


def test_a_first_name_the_suspect_shares_is_not_redacted_in_text(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE_YAML.replace("name: Tom Reed", "name: Mark Jones"), encoding="utf-8")
    rows = [("m1", 0, dict(channel="sms", kind="message", direction="incoming", sender="+447700900123",
                           party="suspect", body="Mark here. Tell Mark Jones to back off"))]
    out, _log = redact(make_frame(rows), load_case(path))
    assert cell(out, "m1", "body") == "Mark here. Tell [Witness 2] to back off"


def test_redacted_case_shows_third_parties_by_label_only(case: Case) -> None:
    people = redacted_case(case).people
    assert [(p.role, p.name, p.identifiers) for p in people if p.role in ("witness", "other")] == [
        ("witness", "[Witness 1]", ()), ("witness", "[Witness 2]", ()), ("other", "[Other 1]", ())]
    assert people[0] == case.people[0] and people[1] == case.people[1]


def test_slices_of_the_frame_give_the_same_result(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, whole_log = redact(make_frame(), case)
    monkeypatch.setattr("caselog.reports.redact._CHUNK", 3)       # the frame is read three rows at a time
    sliced, sliced_log = redact(make_frame(), case)
    pd.testing.assert_frame_equal(sliced, whole)
    assert sliced_log == whole_log
