"""The case file: who is who, which zone the times are shown in, and how exhibits are marked.

`load_case` checks everything before anything is written, and a mistake is one `CaselogError` line
naming the key (`case.yaml: people[1].identifiers[2]: ...`) and the fix. The schema is fixed in
ARCHITECTURE.md; other programs read the same file.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import yaml
from caselog.errors import CaselogError
from caselog.identifiers import kind_of, name_key, normalise_phone
from email_validator import EmailNotValidError, validate_email

ROLES = ("victim", "suspect", "witness", "other")
_PREFIX = re.compile(r"[A-Za-z0-9]{1,12}")


@dataclass(frozen=True)
class Person:
    role: str
    name: str
    identifiers: tuple[str, ...]          # normalised: E.164, lower-case e-mail, or the name as written
    relationship: str = ""


@dataclass(frozen=True)
class Case:
    reference: str
    timezone: ZoneInfo
    prepared_by: str
    exhibit_prefix: str
    default_region: str
    people: tuple[Person, ...]
    stop_request: datetime | str | None = None
    path: Path | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    by_identifier: dict[str, Person] = field(default_factory=dict, compare=False, repr=False)
    exhibit_notes: tuple[tuple[str, str], ...] = ()     # (file-name pattern, how it was obtained)

    def how_obtained(self, file_name: str) -> str:
        """What the case file says about how a file was obtained ('' when it says nothing)."""
        name = file_name.rsplit("/", 1)[-1]
        return next((note for pattern, note in self.exhibit_notes if fnmatch.fnmatch(name, pattern)), "")

    @property
    def victim(self) -> Person:
        return next(p for p in self.people if p.role == "victim")

    def person_for(self, identifier: str) -> Person | None:
        """The person a normalised identifier belongs to; display names compare case-insensitively."""
        return self.by_identifier.get(_lookup_key(identifier))


def _lookup_key(identifier: str) -> str:
    return identifier if kind_of(identifier) != "name" else "name:" + name_key(identifier)


def load_case(path: Path) -> Case:
    """Read and validate a case file; raises CaselogError with one line naming the key at fault."""
    where = path.name
    try:
        with open(path, encoding="utf-8-sig") as stream:
            doc = yaml.safe_load(stream)
    except OSError as err:
        raise CaselogError(f"{where}: cannot be read ({err.strerror}); check the path") from None
    except UnicodeDecodeError:
        raise CaselogError(f"{where}: is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else "somewhere"
        raise CaselogError(f"{where}: {place}: not valid YAML ({getattr(err, 'problem', err)}); "
                           "fix the indentation or quoting there") from None
    if not isinstance(doc, dict):
        raise CaselogError(f"{where}: expected keys 'case:' and 'people:' at the top; see sample_data/case.yaml")
    return _build(doc, path)


def _build(doc: dict, path: Path) -> Case:
    where = path.name
    case = _mapping(doc.get("case"), f"{where}: case")
    zone = _zone(case.get("timezone"), f"{where}: case.timezone")
    region = _region(case.get("default_region"), zone, f"{where}: case.default_region")
    prefix = str(case.get("exhibit_prefix", "") or "")
    if not _PREFIX.fullmatch(prefix):
        raise CaselogError(f"{where}: case.exhibit_prefix: {prefix!r} must be 1-12 letters or digits, "
                           "e.g. the producer's initials (AA)")
    reference = _text(case.get("reference"), f"{where}: case.reference")
    prepared_by = _text(case.get("prepared_by"), f"{where}: case.prepared_by")
    people = _people(doc.get("people"), region, where)
    stop = _stop_request(case.get("stop_request", doc.get("stop_request")), zone, where)
    table = {_lookup_key(ident): person for person in people for ident in person.identifiers}
    notes = _exhibit_notes(doc.get("exhibits"), where)
    return Case(reference, zone, prepared_by, prefix, region, people, stop, path, doc, table, notes)


def _exhibit_notes(value, where: str) -> tuple[tuple[str, str], ...]:
    """The optional `exhibits:` list: for files matching `match` (a name pattern such as sms-*.xml),
    how they were obtained, in the advocate's words, for the report's exhibit list and method."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CaselogError(f"{where}: exhibits: give a list of {{match: 'sms-*.xml', obtained: '…'}}")
    notes = []
    for i, entry in enumerate(value):
        entry = _mapping(entry, f"{where}: exhibits[{i}]")
        notes.append((_text(entry.get("match"), f"{where}: exhibits[{i}].match"),
                      _text(entry.get("obtained"), f"{where}: exhibits[{i}].obtained")))
    return tuple(notes)


def _mapping(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise CaselogError(f"{where}: missing or not a mapping; see sample_data/case.yaml")
    return value


def _text(value, where: str) -> str:
    if not isinstance(value, str | int) or not str(value).strip():
        raise CaselogError(f"{where}: missing; give a non-empty text")
    return str(value)


def _zone(value, where: str) -> ZoneInfo:
    if not isinstance(value, str) or not value.strip():
        raise CaselogError(f"{where}: missing; give an IANA zone such as Europe/London")
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise CaselogError(f"{where}: {value!r} is not an IANA time zone; use a name such as "
                           "Europe/London or America/New_York") from None


def _region(value, zone: ZoneInfo, where: str) -> str:
    if value is not None:
        region = str(value).upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise CaselogError(f"{where}: {value!r} is not a two-letter region phonenumbers knows (GB, US, IE…)")
        return region
    region = _region_of_zone(zone.key)
    if region is None:
        raise CaselogError(f"{where}: cannot be derived from zone {zone.key}; add default_region: GB "
                           "(the country whose national phone format the exports use)")
    return region


def _region_of_zone(key: str) -> str | None:
    """The country of an IANA zone, from the zone.tab that ships with tzdata."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        text = Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#") and fields[2] == key:
            return fields[0] if fields[0] in phonenumbers.SUPPORTED_REGIONS else None
    return None


def _people(value, region: str, where: str) -> tuple[Person, ...]:
    if not isinstance(value, list) or not value:
        raise CaselogError(f"{where}: people: missing; list the victim and the other people, each with "
                           "role, name and identifiers")
    people, owner = [], {}
    for i, entry in enumerate(value):
        key = f"{where}: people[{i}]"
        entry = _mapping(entry, key)
        role = entry.get("role")
        if role not in ROLES:
            raise CaselogError(f"{key}.role: {role!r} is not one of {', '.join(ROLES)}")
        name = _text(entry.get("name"), f"{key}.name")
        raw_ids = entry.get("identifiers", [])
        if not isinstance(raw_ids, list):
            raise CaselogError(f"{key}.identifiers: give a list, e.g. [\"+447700900123\", \"Mark D\"]")
        identifiers = []
        for j, raw in enumerate(raw_ids):
            ident = _identifier(raw, region, f"{key}.identifiers[{j}]")
            lookup = _lookup_key(ident)
            if lookup in owner and owner[lookup][0] != i:
                raise CaselogError(f"{key}.identifiers[{j}]: {raw!r} is also an identifier of "
                                   f"people[{owner[lookup][0]}] ({owner[lookup][1]}); an identifier "
                                   "can belong to one person only")
            owner[lookup] = (i, name)
            identifiers.append(ident)
        relationship = str(entry.get("relationship", "") or "")
        people.append(Person(role, name, tuple(identifiers), relationship))
    victims = [p for p in people if p.role == "victim"]
    if len(victims) != 1:
        raise CaselogError(f"{where}: people: {len(victims)} entries have role: victim; exactly one is needed")
    return tuple(people)


def _identifier(raw, region: str, where: str) -> str:
    if not isinstance(raw, str | int) or not str(raw).strip():
        raise CaselogError(f"{where}: empty; give a phone number, e-mail address or display name")
    text = str(raw).strip()
    if "@" in text:
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError as err:
            raise CaselogError(f"{where}: {text!r} is not an e-mail address ({err}); correct or remove it") from None
    if kind_of(text) == "phone" or re.fullmatch(r"[\d\s()+.\-/]+", text):
        number = normalise_phone(text, region)
        if number is None:
            raise CaselogError(f"{where}: {text!r} is not a phone number phonenumbers can read for region "
                               f"{region}; write it in full, e.g. +447700900123")
        return number
    return text


def _stop_request(value, zone: ZoneInfo, where: str) -> datetime | str | None:
    """A date-time (naive ones are in the case zone) or an event id; None to find it in the messages."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"[0-9a-f]{16}", text):
            return text     # an event id
        raise CaselogError(f"{where}: stop_request: {text!r} is neither a date-time "
                           "(2026-10-02T18:30) nor an event id from timeline.csv") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
