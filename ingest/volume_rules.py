"""The counting rules: night-time contact, bursts, spikes, new identifiers, contact after the stop.

Each takes the timeline's columns and the rule's parameters from the rules file and returns
(event id, evidence) pairs; the evidence states the figures, so a reader can check them by hand.
"Contact" is an incoming message or call attempt (missed, rejected and blocked calls included);
events from withheld or unknown callers have no party and are never attributed to anyone.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

Found = list[tuple[str, str]]
_CONTACT_KINDS = ("message", "call")


def _contacts(events) -> list[int]:
    """Indexes of incoming messages and calls, in time order."""
    chosen = [i for i in range(len(events)) if events.direction[i] == "incoming" and events.kind[i] in _CONTACT_KINDS]
    return sorted(chosen, key=events.epoch_us.__getitem__)


def _who(events, i: int) -> str:
    """The party's role when the case knows the sender, else the sender's identifier."""
    return events.party[i] or events.sender[i]


def unsocial_hours(events, spec: dict, zone: str) -> Found:
    start, end = _minutes(spec["start"]), _minutes(spec["end"])
    found = []
    for i in _contacts(events):
        local = events.local[i]
        minute = int(local[11:13]) * 60 + int(local[14:16])
        inside = start <= minute < end if start <= end else (minute >= start or minute < end)
        if inside and _who(events, i):
            found.append((events.event_id[i], f"at {local[11:16]} local time ({zone}); rule hours "
                                              f"{spec['start']}-{spec['end']}"))
    return found


def _minutes(text: str) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def bursts(events, spec: dict) -> Found:
    """Runs of at least `count` messages from one party on one channel, each within `minutes` of the
    run's earlier messages; overlapping windows are merged into one burst."""
    need, window_us = int(spec["count"]), int(spec["minutes"]) * 60_000_000
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in _contacts(events):
        if events.kind[i] == "message" and _who(events, i):
            groups[(_who(events, i), events.channel[i])].append(i)
    found = []
    for (who, channel), members in groups.items():
        times = [events.epoch_us[i] for i in members]
        clusters: list[list[int]] = []
        left = 0
        for right in range(len(members)):
            while times[right] - times[left] > window_us:
                left += 1
            if right - left + 1 >= need:
                if clusters and left <= clusters[-1][1]:
                    clusters[-1][1] = right
                else:
                    clusters.append([left, right])
        for first, last in clusters:
            span = _duration((times[last] - times[first]) // 1_000_000)
            text = (f"{last - first + 1} messages in {span} from {who} on {channel}, "
                    f"{events.local[members[first]][11:19]} to {events.local[members[last]][11:19]}; "
                    f"rule: at least {need} within {spec['minutes']} min")
            found += [(events.event_id[members[k]], text) for k in range(first, last + 1)]
    return found


def _duration(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def spikes(events, spec: dict) -> Found:
    """Days whose contacts from a party reach `factor` × the median of the previous days."""
    days_back, factor = int(spec["baseline_days"]), float(spec["factor"])
    minimum, history = int(spec["minimum"]), int(spec["min_history_days"])
    per_day: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in _contacts(events):
        if events.party[i]:
            per_day[events.party[i]][date.fromisoformat(events.local[i][:10])].append(i)
    found = []
    for party, days in per_day.items():
        first = min(days)
        for day in sorted(days):
            known = (day - first).days
            if known < history:
                continue
            previous = [len(days.get(day - timedelta(days=k), ())) for k in range(1, min(days_back, known) + 1)]
            median = statistics.median(previous)
            count = len(days[day])
            if count >= minimum and count >= factor * max(median, 1):
                text = (f"{count} contacts from {party} on {day.isoformat()}; median of the previous "
                        f"{len(previous)} days {median:g}; rule: at least {minimum} and {factor:g}× the median")
                found += [(events.event_id[i], text) for i in days[day]]
    return found


def new_identifiers(events, spec: dict, stop) -> Found:
    """The first contact from each identifier of a known party after the first identifier it used."""
    seen: dict[str, dict[str, int]] = defaultdict(dict)       # party → identifier → last time seen
    found = []
    for i in _contacts(events):
        party, identifier = events.party[i], events.sender[i]
        if not party or not identifier:
            continue
        used = seen[party]
        if used and identifier not in used:
            earlier = ", ".join(f"{ident} (last {_day(t)})" for ident, t in used.items())
            text = f"first contact from {identifier} ({party}); earlier identifiers: {earlier}"
            if stop is not None and events.epoch_us[i] > stop.epoch_us:
                text += "; after the stop request"
            found.append((events.event_id[i], text))
        used[identifier] = events.epoch_us[i]
    return found


def _day(epoch_us: int) -> str:
    return datetime.fromtimestamp(epoch_us / 1_000_000, UTC).date().isoformat()


def contact_after_stop(events, spec: dict, stop) -> Found:
    """Every contact from the suspect strictly after the stop request, numbered."""
    if stop is None:
        return []
    when = datetime.fromtimestamp(stop.epoch_us / 1_000_000, UTC)
    where = f"{stop.exhibit} {stop.locator}" if stop.exhibit else stop.how
    found = []
    for i in _contacts(events):
        if events.party[i] == "suspect" and events.epoch_us[i] > stop.epoch_us:
            found.append((events.event_id[i], f"contact {len(found) + 1} after the stop request of "
                                              f"{when:%Y-%m-%d %H:%M} UTC ({where})"))
    return found
