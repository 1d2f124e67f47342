"""From what a source says to the contract's columns: UTC, E.164, lower-case e-mail, party, direction.

Every derived value sits next to the raw one (`sender_raw`, `timestamp_source`), because a court may
ask what the export itself said (REQUIREMENTS.md §6). Wall-clock times are placed in the case zone
here and nowhere else; times in a daylight-saving gap or fold are reported as warnings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from caselog.case import Case
from caselog.identifiers import kind_of
from caselog.identifiers import normalise as normalise_identifier
from caselog.model import Problems, Record, Source
from caselog.parse_all import SourceTally
from caselog.times import localise

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Details promoted to columns of their own (after the contract's 19); the rest stay as JSON.
DETAIL_COLUMNS = ("call_outcome", "location", "witnesses", "impact", "reported_to_police",
                  "police_reference", "written_at")

# The row tuple normalise yields, in this order; build_timeline turns it into the DataFrame.
ROW_FIELDS = ("event_id", "epoch_us", "channel", "kind", "direction", "sender", "sender_name",
              "recipients", "party", "thread", "subject", "body", "attachments", "duration_s",
              "exhibit", "source_path", "locator", "timestamp_source", "sender_raw", "recipients_raw",
              *DETAIL_COLUMNS, "details", "exhibit_number", "sequence")


def normalise(stream: Iterable[tuple[Source, Record, Problems, SourceTally]], case: Case) -> Iterator[tuple]:
    """One row tuple (ROW_FIELDS) per record; see the module doc."""
    region, zone = case.default_region, case.timezone
    for sequence, (source, record, problems, _tally) in enumerate(stream):
        instant = record.timestamp
        if instant.tzinfo is None:
            instant, warning = localise(instant, zone)
            if warning:
                problems.warn(record.locator, warning)
        instant = instant.astimezone(UTC)
        sender = normalise_identifier(record.sender, region) if record.sender else ""
        recipients = [normalise_identifier(r, region) for r in record.recipients]
        direction = record.direction
        if direction == "unknown" and record.kind in ("message", "call"):
            direction = _direction_by_identity(case, sender or record.sender_name, direction)
        details = dict(record.details)
        promoted = [details.pop(key, "") for key in DETAIL_COLUMNS]
        yield (
            _event_id(source, record.locator),
            _epoch_us(instant),
            record.channel,
            record.kind,
            direction,
            sender,
            record.sender_name,
            ";".join(recipients),
            _party(case, direction, sender, record.sender_name, recipients),
            _thread(record.thread, region),
            record.subject,
            record.body,
            ";".join(record.attachments),
            record.duration_s,
            source.exhibit,
            source.source_path,
            record.locator,
            record.timestamp_raw,
            record.sender,
            ";".join(record.recipients),
            *promoted,
            json.dumps(details, ensure_ascii=False, sort_keys=True) if details else "",
            int(source.exhibit.rsplit("/", 1)[-1]),
            sequence,
        )


def _event_id(source: Source, locator: str) -> str:
    """Stable across runs and renumbering: the source's own hash, its path and the place in it."""
    key = f"{source.sha256}\0{source.source_path}\0{locator}".encode()
    return hashlib.sha256(key).hexdigest()[:16]


def _epoch_us(instant) -> int:
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _direction_by_identity(case: Case, identifier: str, default: str) -> str:
    person = case.person_for(identifier) if identifier else None
    if person is None:
        return default
    return "outgoing" if person.role == "victim" else "incoming"


def _party(case: Case, direction: str, sender: str, sender_name: str, recipients: list[str]) -> str:
    """The case role of the other person in the exchange, '' when the identifier is not in the case."""
    if direction == "incoming":
        candidates = [sender] if sender else [sender_name] if sender_name else []
    elif direction == "outgoing":
        candidates = recipients
    else:
        candidates = [sender, *recipients]
    for identifier in candidates:
        person = case.person_for(identifier) if identifier else None
        if person is not None and person.role != "victim":
            return person.role
    return ""


def _thread(thread: str, region: str) -> str:
    if not thread:
        return ""
    parts = thread.split("~")
    if all(kind_of(p) in ("phone", "email") for p in parts):
        return ";".join(normalise_identifier(p, region) for p in parts)
    return thread

