"""Tagging: explainable indicators on the timeline, each naming its rule and what triggered it.

Text rules read what another party sent (incoming messages); the victim's own words are never
tagged as threats or surveillance. Volume rules count contacts: night-time contact, bursts, spikes
against the party's own baseline, new identifiers of a known party, and contact after the victim's
request to stop. Every tag is an aid for the reader, never a finding; `tags.csv` has one row per
(event, tag) with the rule ids and versions and the evidence: the words matched (with their place
in the text) or the figures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from caselog.case import Case
from caselog.identifiers import kind_of
from caselog.rules import Rules
from caselog.textmatch import Matcher, View
from caselog.volume_rules import bursts, contact_after_stop, new_identifiers, spikes, unsocial_hours

TAG_COLUMNS = ("event_id", "tag", "rule_id", "rule_version", "evidence")


@dataclass
class StopRequest:
    """Where the victim asked for contact to stop: found in her messages or named in case.yaml."""

    epoch_us: int
    how: str                        # "message" | "case file (date-time)" | "case file (event id)"
    event_id: str = ""
    text: str = ""
    exhibit: str = ""
    locator: str = ""
    words: str = ""


@dataclass
class Tagged:
    frame: pd.DataFrame
    rows: list[tuple[str, str, str, str, str]]
    stop: StopRequest | None
    counts: dict[str, int] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)   # event → (start, end, tag)


class _Collector:
    """(event, tag) → rule ids, versions and evidence, merged into one tags.csv row each."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
        self.spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def add(self, event_id: str, tag: str, rule_id: str, version: str, evidence: str) -> None:
        self._found[(event_id, tag)].append((rule_id, version, evidence))

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for (event_id, tag), hits in self._found.items():
            rule_ids = ";".join(dict.fromkeys(h[0] for h in hits))
            versions = ";".join(dict.fromkeys(f"{h[0]}@{h[1]}" for h in hits)) if len(hits) > 1 else hits[0][1]
            evidence = "; ".join(h[2] if len(hits) == 1 else f"{h[0]}: {h[2]}" for h in hits)
            rows.append((event_id, tag, rule_ids, versions, evidence))
        return rows

    def tags_by_event(self) -> dict[str, str]:
        tags: dict[str, list[str]] = defaultdict(list)
        for event_id, tag in self._found:
            tags[event_id].append(tag)
        return {event_id: ";".join(sorted(set(found))) for event_id, found in tags.items()}


def tag(frame: pd.DataFrame, case: Case, rules: Rules) -> Tagged:
    """The timeline with its `tags` column filled, the tags.csv rows and the stop request."""
    found = _Collector()
    events = _Events(frame)
    _text_rules(events, case, rules, found)
    stop = find_stop_request(events, case, rules)
    volume = rules.volume
    zone = case.timezone.key
    for rule_key, rows in (
        ("unsocial_hours", unsocial_hours(events, volume["unsocial_hours"], zone)),
        ("burst", bursts(events, volume["burst"])),
        ("spike", spikes(events, volume["spike"])),
        ("new_identifier", new_identifiers(events, volume["new_identifier"], stop)),
        ("contact_after_stop", contact_after_stop(events, volume["contact_after_stop"], stop)),
    ):
        spec = volume[rule_key]
        for event_id, evidence in rows:
            found.add(event_id, spec["tag"], spec["id"], str(spec["version"]), evidence)
    by_event = found.tags_by_event()
    frame = frame.copy()
    frame["tags"] = pd.Series([by_event.get(e, "") for e in events.event_id], index=frame.index, dtype="str")
    rows = found.rows()
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row[1]] += 1
    return Tagged(frame, rows, stop, dict(counts), dict(found.spans))


class _Events:
    """The columns the rules read, as plain Python lists (one pass over the frame)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        def column(name: str) -> list:
            return frame[name].tolist() if name in frame else [""] * len(frame)

        self.event_id = column("event_id")
        self.epoch_us = [int(v) for v in column("epoch_us")]
        self.kind = column("kind")
        self.direction = column("direction")
        self.party = column("party")
        self.sender = column("sender")
        self.channel = column("channel")
        self.body = column("body")
        self.local = column("timestamp_local")
        self.exhibit = column("exhibit")
        self.locator = column("locator")
        self.recipients = column("recipients")
        self.details = column("details")

    def __len__(self) -> int:
        return len(self.event_id)


def _text_rules(events: _Events, case: Case, rules: Rules, found: _Collector) -> None:
    names = _case_names(case)
    matchers = [(rule, Matcher([_fill(p, names) for p in rule.patterns], [_fill(p, names) for p in rule.idioms],
                               rules.negators if rule.negation else (), rules.window)) for rule in rules.text]
    for i in range(len(events)):
        body = events.body[i]
        if events.direction[i] != "incoming" or events.kind[i] != "message" or not body:
            continue
        senders = "others" if events.party[i] in ("witness", "other") else "suspect"
        view = View(body)
        for rule, matcher in matchers:
            if rule.senders != senders:
                continue
            hits = matcher.hits(view, body)
            if hits:
                evidence = "; ".join(f'"{h.words}" at {h.start}-{h.end}' for h in hits)
                found.spans[events.event_id[i]] += [(h.start, h.end, rule.tag) for h in hits]
                found.add(events.event_id[i], rule.tag, rule.id, rule.version, evidence)


def _case_names(case: Case) -> dict[str, str]:
    """Regex alternations of the names the case file gives: the suspect's, and the victim's other
    contacts' (full names, first names and display-name identifiers), for `{suspect}`/`{contacts}`."""
    def names(roles: tuple[str, ...]) -> str:
        found = set()
        for person in case.people:
            if person.role in roles:
                found |= {person.name, person.name.split()[0]}
                found |= {i for i in person.identifiers if kind_of(i) == "name"}
        words = sorted((n.casefold() for n in found if n.strip()), key=len, reverse=True)
        return "|".join(re.escape(w) for w in words) or "(?!x)x"

    return {"suspect": names(("suspect",)), "contacts": names(("witness", "other"))}


def _fill(pattern: str, names: dict[str, str]) -> str:
    return pattern.replace("{suspect}", names["suspect"]).replace("{contacts}", names["contacts"])


def find_stop_request(events: _Events, case: Case, rules: Rules) -> StopRequest | None:
    """The case file's stop request if it names one; else the first outgoing message to a suspect
    that asks, in so many words, for contact to stop."""
    named = case.stop_request
    if isinstance(named, datetime):
        instant = named.astimezone(UTC)
        return StopRequest(int(instant.timestamp() * 1_000_000), "case file (date-time)")
    if isinstance(named, str):
        for i, event_id in enumerate(events.event_id):
            if event_id == named:
                return StopRequest(events.epoch_us[i], "case file (event id)", event_id, events.body[i],
                                   events.exhibit[i], events.locator[i])
        return None
    matcher = Matcher(rules.stop_request.patterns, rules.stop_request.idioms, rules.negators, rules.window)
    for i in sorted(range(len(events)), key=events.epoch_us.__getitem__):
        if events.direction[i] != "outgoing" or events.kind[i] != "message" or events.party[i] != "suspect":
            continue
        if '"unsent": "true"' in (events.details[i] or ""):     # a draft reached nobody
            continue
        hits = matcher.hits(View(events.body[i]), events.body[i])
        if hits:
            return StopRequest(events.epoch_us[i], "message", events.event_id[i], events.body[i],
                               events.exhibit[i], events.locator[i], hits[0].words)
    return None
