"""The figures an officer reads first, per party and channel, computed from the tagged timeline.

Every figure is a count or a date a reader can check against timeline.csv; the seed's risk
factors are shown as "present" or "not found in the evidence", each with the figures behind it —
never as a score, a level or a conclusion. "Contact" is an incoming message or call attempt from a
party the case file names (withheld numbers are nobody's). Days are calendar days in the case zone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pandas as pd
from caselog.case import Case

PRESENT, NOT_FOUND = "present", "not found in the evidence"
_INTIMATE = ("partner", "husband", "wife", "boyfriend", "girlfriend", "spouse", "ex")


def summarise(frame: pd.DataFrame, case: Case, stop_epoch_us: int | None = None) -> dict:
    """Per party (and per channel within it): first and last contact, totals, rates, streaks,
    night contact, contact after the stop request, occasions, and the seed's risk factors."""
    contacts = _contacts(frame)
    parties = {}
    for party, rows in _group(contacts, lambda r: r["party"]).items():
        by_channel = {channel: _figures(channel_rows, stop_epoch_us)
                      for channel, channel_rows in sorted(_group(rows, lambda r: r["channel"]).items())}
        overall = _figures(rows, stop_epoch_us)
        person = next((p for p in case.people if p.role == party), None)
        overall["identifiers_used"] = sorted({r["sender"] for r in rows if r["sender"]})
        overall["risk_factors"] = _risk_factors(rows, overall, person.relationship if person else "")
        parties[party] = {"overall": overall, "by_channel": by_channel}
    return {
        "definitions": {
            "contact": "an incoming message or call attempt (missed, rejected and blocked calls included) "
                       "from a party named in the case file",
            "occasions": "calendar days (case time zone) with at least one contact",
            "duration_days": "days from the first to the last contact",
            "risk_factors": "indicators for the reader, shown as present or not found in the evidence; "
                            "not a score, a risk level or a finding",
        },
        "timezone": case.timezone.key,
        "parties": parties,
    }


def _contacts(frame: pd.DataFrame) -> list[dict]:
    if frame.empty:
        return []
    columns = ["epoch_us", "timestamp_local", "channel", "kind", "direction", "party", "sender", "tags"]
    mask = ((frame["direction"] == "incoming") & frame["kind"].isin(["message", "call"])
            & (frame["party"].astype("str") != ""))           # filtered in bulk, before any row is a dict
    return frame.loc[mask, columns].to_dict("records")


def _group(rows: list[dict], key) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _figures(rows: list[dict], stop_epoch_us: int | None) -> dict:
    rows = sorted(rows, key=lambda r: r["epoch_us"])
    days = sorted({date.fromisoformat(r["timestamp_local"][:10]) for r in rows})
    first, last = rows[0], rows[-1]
    span_days = (days[-1] - days[0]).days + 1
    tags = [set(r["tags"].split(";")) - {""} for r in rows]
    return {
        "first_contact": first["timestamp_local"],
        "last_contact": last["timestamp_local"],
        "contacts": len(rows),
        "messages": sum(r["kind"] == "message" for r in rows),
        "calls": sum(r["kind"] == "call" for r in rows),
        "duration_days": round((last["epoch_us"] - first["epoch_us"]) / 86_400_000_000, 1),
        "occasions": len(days),
        "contacts_per_day": round(len(rows) / span_days, 2),
        "contacts_per_week": round(len(rows) / span_days * 7, 1),
        "busiest_day": _busiest(rows),
        "longest_daily_streak": _longest_streak(days),
        "night_contacts": sum("unsocial_hours" in t for t in tags),
        "contacts_after_stop": (sum(r["epoch_us"] > stop_epoch_us for r in rows)
                                if stop_epoch_us is not None else None),
        "threat_tags": sum("threat" in t for t in tags),
    }


def _busiest(rows: list[dict]) -> dict:
    per_day: dict[str, int] = defaultdict(int)
    for row in rows:
        per_day[row["timestamp_local"][:10]] += 1
    day = max(sorted(per_day), key=per_day.__getitem__)
    return {"date": day, "contacts": per_day[day]}


def _longest_streak(days: list[date]) -> int:
    best = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best, previous = max(best, run), day
    return best


def _risk_factors(rows: list[dict], overall: dict, relationship: str) -> dict:
    intimate = any(word in relationship.casefold().replace("-", " ").split() for word in _INTIMATE)
    threats = overall["threat_tags"]
    weekly = _weekly(rows)
    third = max(1, len(weekly) // 3)
    early, late = weekly[:third], weekly[-third:]
    early_mean, late_mean = sum(early) / len(early), sum(late) / len(late)
    rising = len(weekly) >= 3 and late_mean >= 1.5 * early_mean and late_mean > early_mean
    return {
        "former_intimate_partner": {
            "status": PRESENT if intimate else NOT_FOUND,
            "basis": f"relationship in the case file: {relationship!r}" if relationship else
                     "no relationship recorded in the case file"},
        "threats": {
            "status": PRESENT if threats else NOT_FOUND,
            "basis": f"{threats} contact(s) tagged threat by the word rules (unreviewed; see tags.csv)"},
        "conduct_over_14_days": {
            "status": PRESENT if overall["duration_days"] > 14 else NOT_FOUND,
            "basis": f"first to last contact: {overall['duration_days']} days"},
        "change_over_time": {
            "status": PRESENT if rising else NOT_FOUND,
            "basis": (f"contacts per week: first {len(early)} week(s) mean {early_mean:.1f}, last {len(late)} "
                      f"week(s) mean {late_mean:.1f} ({len(weekly)} weeks in all); rule: the later mean at "
                      "least 1.5× the earlier")},
    }


def _weekly(rows: list[dict]) -> list[int]:
    """Contacts per 7-day week counted from the first contact, empty weeks included."""
    start = rows[0]["epoch_us"]
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[(row["epoch_us"] - start) // (7 * 86_400_000_000)] += 1
    return [counts.get(week, 0) for week in range(max(counts) + 1)]

