"""The summary figures, on the demo case whose story is known, and on a tiny hand-made timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from caselog.case import load_case
from caselog.summary import NOT_FOUND, PRESENT, summarise

SAMPLE_CASE = Path(__file__).parent.parent / "sample_data" / "case.yaml"


def _contact(day: int, hour: int = 12, channel: str = "sms", kind: str = "message", tags: str = "") -> dict:
    moment = datetime(2026, 9, 1, hour, tzinfo=UTC) + timedelta(days=day)
    return {"epoch_us": int(moment.timestamp() * 1_000_000), "timestamp_local": moment.isoformat(),
            "channel": channel, "kind": kind, "direction": "incoming", "party": "suspect",
            "sender": "+447700900123", "tags": tags}


def test_figures_and_risk_factors_with_their_basis() -> None:
    rows = [_contact(0), _contact(1), _contact(2, tags="threat"), _contact(10, kind="call", channel="call")]
    rows += [_contact(20, hour=h) for h in range(8, 20)]                    # a busy later week
    rows.append({**_contact(3), "party": "", "sender": ""})                 # withheld: nobody's
    rows.append({**_contact(4), "direction": "outgoing"})                   # the victim's own
    stop = int(datetime(2026, 9, 2, 0, tzinfo=UTC).timestamp() * 1_000_000)
    figures = summarise(pd.DataFrame(rows), load_case(SAMPLE_CASE), stop)
    suspect = figures["parties"]["suspect"]["overall"]
    assert suspect["contacts"] == 16
    assert (suspect["messages"], suspect["calls"]) == (15, 1)
    assert suspect["occasions"] == 5
    assert suspect["longest_daily_streak"] == 3
    assert suspect["busiest_day"] == {"date": "2026-09-21", "contacts": 12}
    assert suspect["contacts_after_stop"] == 15                             # day 1 noon onwards
    assert suspect["duration_days"] == 20.3
    risks = suspect["risk_factors"]
    assert risks["former_intimate_partner"]["status"] == PRESENT            # ex-partner in the case file
    assert risks["threats"]["status"] == PRESENT
    assert risks["conduct_over_14_days"]["status"] == PRESENT
    assert risks["change_over_time"]["status"] == PRESENT
    assert "mean" in risks["change_over_time"]["basis"]
    assert set(figures["parties"]["suspect"]["by_channel"]) == {"sms", "call"}


def test_nothing_found_is_said_as_such() -> None:
    figures = summarise(pd.DataFrame([_contact(0), _contact(1)]), load_case(SAMPLE_CASE))
    risks = figures["parties"]["suspect"]["overall"]["risk_factors"]
    assert risks["threats"]["status"] == NOT_FOUND
    assert risks["conduct_over_14_days"]["status"] == NOT_FOUND
    assert figures["parties"]["suspect"]["overall"]["contacts_after_stop"] is None
