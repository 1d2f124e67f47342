"""From what a source says to the contract's columns: UTC, E.164, lower-case e-mail, party, direction.

Every derived value sits next to the raw one (`sender_raw`, `timestamp_source`), because a court may
ask what the export itself said (REQUIREMENTS.md §6). Wall-clock times are placed in the case zone
here and nowhere else; times in a daylight-saving gap or fold are reported as warnings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring as _quote

from caselog.case import Case
from caselog.identifiers import Normaliser
from caselog.model import Problems, Record, Source
from caselog.parse_all import SourceTally
from caselog.times import localise

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# Details promoted to columns of their own (after the contract's 19); the rest stay as JSON.
DETAIL_COLUMNS = ("call_outcome", "reactions", "location", "witnesses", "impact", "reported_to_police",
                  "police_reference", "written_at")

_PROMOTED = frozenset(DETAIL_COLUMNS)
_NO_PROMOTED = [""] * len(DETAIL_COLUMNS)

# The row tuple normalise yields, in this order; build_timeline turns it into the DataFrame.
ROW_FIELDS = ("event_id", "epoch_us", "channel", "kind", "direction", "sender", "sender_name",
              "recipients", "party", "thread", "subject", "body", "attachments", "duration_s",
              "exhibit", "source_path", "locator", "timestamp_source", "sender_raw", "recipients_raw",
              *DETAIL_COLUMNS, "details")


def normalise(stream: Iterable[tuple[Source, Record, Problems, SourceTally]], case: Case) -> Iterator[tuple]:
    """One row tuple (ROW_FIELDS) per record; see the module doc.

    This runs once per event (a million on a whole phone), so what depends only on the source is
    worked out once per source, and identifiers, threads and parties once per distinct value.
    """
    zone = case.timezone
    identifier = Normaliser(case.default_region)
    thread_of = _ThreadNamer(identifier)
    party = _PartyFinder(case)
    current, id_prefix, owner = None, None, _OwnerCheck(case)
    for source, record, problems, _tally in stream:
        if source is not current:
            owner.report()
            current, owner.problems = source, problems
            id_prefix = hashlib.sha256(f"{source.sha256}\0{source.source_path}\0".encode())
        instant = record.timestamp
        if instant.tzinfo is None:
            instant, warning = localise(instant, zone)
            if warning:
                problems.warn(record.locator, warning)
        sender = identifier(record.sender) if record.sender else ""
        recipients = [identifier(r) for r in record.recipients] if record.recipients else []
        direction = record.direction
        if direction == "unknown" and record.kind in ("message", "call"):
            # an Exchange address (/O=ORG/OU=…/CN=…) says nothing the case file can match: use the name
            who = record.sender_name if sender.startswith("/o=") or sender.startswith("/O=") else sender
            direction = _direction_by_identity(case, who or record.sender_name, direction)
            owner.saw(who or record.sender_name, direction)
        details = record.details
        if details.keys() & _PROMOTED:
            details = dict(details)
            promoted = [details.pop(key, "") for key in DETAIL_COLUMNS]
        else:
            promoted = _NO_PROMOTED
        event_id = id_prefix.copy()
        event_id.update(record.locator.encode())
        yield (
            event_id.hexdigest()[:16],
            (instant - _EPOCH) // _MICROSECOND,
            record.channel,
            record.kind,
            direction,
            sender,
            record.sender_name,
            ";".join(recipients),
            party(direction, sender, record.sender_name, recipients),
            thread_of(record.thread),
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
            flat_json(details) if details else "",
        )
    owner.report()


def flat_json(values: dict[str, str]) -> str:
    """The JSON of a flat dict of strings, keys sorted; json.dumps costs twice as much and this runs
    once per event (a test checks the two agree)."""
    return "{" + ", ".join([_quote(k) + ": " + _quote(str(values[k])) for k in sorted(values)]) + "}"


def _direction_by_identity(case: Case, identifier: str, default: str) -> str:
    """Direction for a source that does not say who owns the device (a WhatsApp chat): the
    victim's identifiers make a message outgoing; anyone else who is named sent it to her."""
    if not identifier:
        return default
    person = case.person_for(identifier)
    return "outgoing" if person is not None and person.role == "victim" else "incoming"


class _OwnerCheck:
    """Warns when a source that does not say who owns the device (a WhatsApp chat) names several
    senders and none of them is the victim: her own messages are then shown as incoming."""

    def __init__(self, case: Case) -> None:
        self._case, self.problems = case, None
        self._senders: set[str] = set()
        self._victim_seen = False

    def saw(self, identifier: str, direction: str) -> None:
        if identifier:
            self._senders.add(identifier)
            self._victim_seen = self._victim_seen or direction == "outgoing"

    def report(self) -> None:
        if self.problems is not None and len(self._senders) >= 2 and not self._victim_seen:
            names = ", ".join(sorted(self._senders)[:5])
            self.problems.warn("source", f"none of the {len(self._senders)} senders ({names}) matches the victim's "
                               "identifiers in the case file, so every message is shown as incoming; add the "
                               "victim's name as it appears here to her identifiers and build again")
        self._senders, self._victim_seen = set(), False


class _PartyFinder:
    """The case role of the other person in an exchange ('' when no identifier is in the case),
    remembered per identifier for the run."""

    def __init__(self, case: Case) -> None:
        self._case = case
        self._roles: dict[str, str] = {}

    def _role(self, identifier: str) -> str:
        role = self._roles.get(identifier)
        if role is None:
            person = self._case.person_for(identifier)
            role = person.role if person is not None and person.role != "victim" else ""
            self._roles[identifier] = role
        return role

    def __call__(self, direction: str, sender: str, sender_name: str, recipients: list[str]) -> str:
        if direction == "incoming":
            candidates = [sender] if sender else [sender_name] if sender_name else []
        elif direction == "outgoing":
            candidates = recipients
        else:
            candidates = [sender, *recipients]
        for identifier in candidates:
            if identifier and (role := self._role(identifier)):
                return role
        return ""


class _ThreadNamer:
    """A thread named by its addresses (`a~b` in SMS backups) in normalised form, `;`-separated;
    other names as written. Remembered per distinct value."""

    def __init__(self, identifier: Normaliser) -> None:
        self._identifier = identifier
        self._names: dict[str, str] = {"": ""}

    def __call__(self, thread: str) -> str:
        name = self._names.get(thread)
        if name is None:
            name = ";".join(self._identifier(part) for part in thread.split("~"))
            if len(self._names) < 200_000:
                self._names[thread] = name
        return name
