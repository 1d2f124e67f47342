"""The REDACTED copy's timeline: third parties replaced by labels, their messages withheld, each change logged.

REQUIREMENTS.md §1.8 and §4: the FULL bundle is for the police; the REDACTED bundle, for onward
disclosure, has third parties' personal data replaced by consistent labels. The redaction log and the
label map belong in the FULL copy only. Redaction works on a copy of the timeline frame: the input frame
and the exhibits are never changed.

**Who is a third party.**
- Every person in the case file with role witness or other. Labels run per role, in case-file order:
  "[Witness 1]", "[Witness 2]", "[Other 1]".
- Every identifier in the timeline that belongs to no one in the case file, labelled "[Third party 1]",
  "[Third party 2]"… in order of first appearance. Rows are read in frame order (time-sorted), and within
  a row in this order: sender fields, recipients, thread, then numbers and e-mail addresses written in
  the text. Examples: an unknown number or e-mail address, a display name in a group chat, a chat named
  after a contact, a number written in a message. A display name shown with a third party's number
  (sender_name, or the phone's contact_name in details) belongs to that party and gets its label.
- Not third parties: the victim and the suspect(s), with every identifier and the name in the case file
  (the officer needs them); the preparer (case.prepared_by, who may enter diary rows); the victim's
  own side of an outgoing row; and short codes and service numbers (fewer than 7 digits: 101, 999,
  81234), which are nobody's personal data.
- Matching works as in normalise: E.164 numbers, lower-case e-mail, display names case-insensitive.
  A display name equal to a case person's full name is that person. So is the first name of a
  witness or other, unless another case person has the same first name. No other link is made: an
  unknown "Mark" in a group chat is a third party even when the suspect is a Mark. A number of the
  suspect's that is missing from the case file is a third party, so its messages are withheld here.
  Add it to the case file and build again.

**Fields.**
- sender, sender_name, sender_raw, and each ;-separated part of recipients, recipients_raw and
  thread: a third party's value becomes its label. party stays, because it is a role. A thread part
  that only looks like an e-mail address nobody sends from (an e-mail's Message-ID), or a long number
  that is not a phone number (a Gmail thread id), is not an identifier and is searched like text.
- Text: body, subject, attachments, reactions, location, impact, source_path, and each value in
  details. These are replaced by the label, case-insensitively:
  - each whole-word occurrence of a third party's name: for case people the full name, the first
    name and any display names in the case file; for others the display names seen;
  - each of its e-mail addresses;
  - each of its phone numbers, in E.164 and in written forms: +447700900777, +44 (0)7700 900777,
    0044 7700 900777, 07700 900777, 07700-900-777, and so on.
  Nothing else changes. Mark-up stays as it is (the report escapes it).
- A message sent by a third party, meaning one that is not outgoing and either its sender is a third
  party or it is incoming with party witness/other. Its body becomes "[content withheld: message from
  [Witness 1]]", and its subject and attachments become "[withheld]". The victim's and the suspect's
  messages keep their text, with third parties' names and identifiers replaced as above. Diary
  entries and media are never withheld.
- witnesses (diary): the labels of the third parties named in it, else "[witness details withheld]".
- Every other column is unchanged. This always includes event_id, the times, exhibit and locator, so
  both copies cite the same exhibit items.

**The log.** One dict per (event, field, reason, label), with the number of replacements. It never
holds an original value. The reasons are the constants below.

**Limits.** State these in the method statement.
- Names match as whole words. A name that is also an ordinary word ("Will", "May") is replaced
  wherever that word appears.
- A name joined to other text (priyashah_1), a nickname or a misspelling is not found.
- A third party who appears only as a name in a message, never in a field, is unknown and is not
  replaced.
- details is searched for known names and identifiers but is not withheld.
A reviewer reads the REDACTED copy before it leaves.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pandas as pd
import phonenumbers
from caselog.case import Case, Person
from caselog.identifiers import kind_of, name_key, normalise_phone
from caselog.normalise import flat_json

THIRD_PARTY_ROLES = ("witness", "other")
UNKNOWN_ROLE = "third party"
IDENTIFIER_FIELDS = ("sender", "sender_name", "sender_raw", "recipients", "recipients_raw", "thread")
TEXT_FIELDS = ("subject", "body", "attachments", "reactions", "location", "impact", "source_path", "details")
LOG_COLUMNS = ("event_id", "field", "reason", "label", "count")
IDENTIFIER = "third-party identifier"
NAME_IN_TEXT = "third-party name in text"
IDENTIFIER_IN_TEXT = "third-party identifier in text"
CONTENT = "content of a third party's message"
WITNESS_DETAILS = "diary witness details"
WITHHELD = "[withheld]"
NO_WITNESS = "[witness details withheld]"

_CHUNK = 50_000
_READ = ("event_id", "direction", "kind", "channel", "party")
_CONTACT_KEYS = ("contact_name",)               # a phone's address-book label for the other number
_PLACEHOLDERS = frozenset({"(unknown)", "unknown", "null", "none", "-", "me", "you"})
_ANGLE_EMAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_START = re.compile(r"(?<![\w+])\(?(?=[+0])")
_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" .-()\u00a0")
_NAME_EDGES = re.compile(r"^\W+|\W+$")
_SHORT_CODE = re.compile(r"\+?[\d\s().\-]+")
_WORD = re.compile(r"\w+")
_E164 = phonenumbers.PhoneNumberFormat.E164
_KEPT = object()                                 # victim, suspect or preparer: stays as written


@dataclass
class _Party:
    label: str
    role: str
    name: str = ""
    forms: list[str] = field(default_factory=list)    # identifiers as seen, first appearance first

    def add(self, value: str) -> None:
        if value and value not in self.forms:
            self.forms.append(value)


class _Registry:
    """Who is a third party and their labels, filled by reading the frame in order (see module doc)."""

    def __init__(self, case: Case) -> None:
        self.region = case.default_region
        self.parties: list[_Party] = []
        self._by_key: dict[str, _Party | None] = {}      # None: kept
        self._keys: dict[str, str] = {}
        self._unknown = 0
        self.kept_names: set[str] = {name_key(case.prepared_by)}
        counts: Counter[str] = Counter()
        firsts = Counter(name_key(p.name.split()[0]) for p in case.people if p.name.split())
        for person in case.people:
            target = None
            if person.role in THIRD_PARTY_ROLES:
                counts[person.role] += 1
                target = _Party(f"[{person.role.capitalize()} {counts[person.role]}]", person.role, person.name)
                self.parties.append(target)
            else:
                self.kept_names |= {name_key(person.name), name_key(person.name.split()[0])}
                self.kept_names |= {name_key(i) for i in person.identifiers if kind_of(i) == "name"}
            for ident in (person.name, *person.identifiers):
                self._by_key.setdefault(self.key(ident), target)
                if target:
                    target.add(ident)
        self._by_key.setdefault(self.key(case.prepared_by), None)
        for person, party in zip([p for p in case.people if p.role in THIRD_PARTY_ROLES], self.parties, strict=True):
            first = person.name.split()[0]
            if firsts[name_key(first)] == 1 and name_key(first) not in self.kept_names:
                self.alias(party, first)

    def key(self, value: str) -> str:
        """One form per identifier: E.164, lower-case e-mail, 'name:' + name_key, 'raw:' + digits;
        '' for no identifier (empty, a short code, a placeholder such as '(Unknown)')."""
        known = self._keys.get(value)
        if known is None:
            text = value.strip()
            if (inner := _ANGLE_EMAIL.search(text)) is not None:
                text = inner.group(1)
            kind = kind_of(text)
            if not text or name_key(text) in _PLACEHOLDERS or (
                    _SHORT_CODE.fullmatch(text) and sum(c.isdigit() for c in text) < 7):
                known = ""
            elif kind == "email":
                known = text.lower()
            elif kind == "phone":
                known = normalise_phone(text, self.region) or "raw:" + "".join(c for c in text if c.isdigit())
            else:
                known = "name:" + name_key(text)
            if len(self._keys) < 200_000:
                self._keys[value] = known
        return known

    def classify(self, value: str, create: bool, thread: bool = False):
        """The value's _Party, _KEPT, or None (no identifier, or unknown when create is False). In a
        thread only names, phones and e-mail addresses someone uses are identifiers."""
        key = self.key(value) if value else ""
        if not key:
            return None
        if key in self._by_key:
            found = self._by_key[key]
            if found is not None and create:
                found.add(value)
            return _KEPT if found is None else found
        if not create or (thread and not key.startswith(("name:", "+"))):
            return None
        self._unknown += 1
        party = _Party(f"[Third party {self._unknown}]", UNKNOWN_ROLE)
        party.add(value)
        self.parties.append(party)
        self._by_key[key] = party
        return party

    def alias(self, party: _Party, value: str) -> None:
        """A name shown for a third party's identifier: theirs, unless it already names someone."""
        key = self.key(value) if value else ""
        if key and self._by_key.setdefault(key, party) is party:
            party.add(value)


class _Text:
    """Every known third party's names, numbers and e-mail addresses in a text, replaced in one pass.

    Lookups rather than one regex per identifier, because a whole phone holds thousands of numbers.
    - An e-mail address is found by its shape and looked up lower-case.
    - A run of digits that starts with +, 00 or a national prefix is looked up digit by digit. Spaces,
      dots, dashes and brackets between the digits are allowed (two at most in a row), and a number
      is still found when more digits follow after a space.
    - A name is tried wherever its first word stands.
    Where two matches overlap, the leftmost and then the longest wins. The victim's and suspect's
    addresses and full names match as themselves, so "Sam Taylor" stays whole even when a third party
    is called Taylor.
    """

    def __init__(self, registry: _Registry, kept: list[str]) -> None:
        self._emails: dict[str, str | None] = {}
        self._phones: dict[str, str] = {}
        self._names: dict[str, dict[str, tuple[re.Pattern, str | None]]] = {}
        self._third_words: set[str] = set()       # first words of third parties' names: is there work?
        for form in kept:
            self._add(registry, form, None)
        for party in registry.parties:
            for form in party.forms:
                self._add(registry, form, party.label)
        self._longest = max(map(len, self._phones), default=0)

    def _add(self, registry: _Registry, form: str, label: str | None) -> None:
        key = registry.key(form)
        if key.startswith("name:"):
            words = _NAME_EDGES.sub("", form).split()
            if not words or (len(words) < 2 if label is None else not _usable_name(key[5:], registry.kept_names)):
                return
            pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
            first = _WORD.search(words[0]).group().casefold()
            options = self._names.setdefault(first, {})
            if label is not None:
                self._third_words.add(first)
            options.setdefault(pattern, (re.compile(pattern, re.IGNORECASE), label))
        elif "@" in key:
            self._emails.setdefault(key, label)
        elif key.startswith("+") and label is not None:
            for written in _phone_keys(key):
                self._phones.setdefault(written, label)

    def sub(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """(the redacted text, (reason, label) per replacement in order)."""
        if not text:
            return text, []
        found = [*self._emails_in(text), *self._phones_in(text), *self._names_in(text)]
        if not found:
            return text, []
        pieces, hits, position = [], [], 0
        for start, end, label, reason in sorted(found, key=lambda f: (f[0], -f[1])):
            if start < position:
                continue
            pieces.append(text[position:start])
            pieces.append(text[start:end] if label is None else label)
            if label is not None:
                hits.append((reason, label))
            position = end
        pieces.append(text[position:])
        return "".join(pieces), hits

    def _emails_in(self, text: str):
        if self._emails and "@" in text:
            for match in _EMAIL.finditer(text):
                key = match.group().lower()
                if key in self._emails:
                    yield match.start(), match.end(), self._emails[key], IDENTIFIER_IN_TEXT

    def _phones_in(self, text: str):
        if not self._phones:
            return
        for start in _PHONE_START.finditer(text):
            digits, ends, gap, i = [], [], 0, start.end()
            while i < len(text) and len(digits) < self._longest:
                char = text[i]
                if char in _DIGITS or (char == "+" and not digits):
                    digits.append(char)
                    ends.append(i + 1)
                    gap = 0
                elif char in _SEPARATORS and digits and gap < 2:
                    gap += 1
                else:
                    break
                i += 1
            written = "".join(digits)
            for size in range(len(written), 6, -1):
                label = self._phones.get(written[:size])
                if label is not None and text[ends[size - 1]:ends[size - 1] + 1] not in _DIGITS:
                    begin = start.start()
                    if text[begin] == "(" and ")" not in text[begin:ends[size - 1]]:
                        begin += 1
                    yield begin, ends[size - 1], label, IDENTIFIER_IN_TEXT
                    break

    def _names_in(self, text: str):
        if self._third_words and not self._third_words.isdisjoint(_WORD.findall(text.casefold())):
            for word in _WORD.finditer(text):
                for pattern, label in self._names.get(word.group().casefold(), {}).values():
                    if (match := pattern.match(text, word.start())) is not None:
                        yield match.start(), match.end(), label, NAME_IN_TEXT


def _usable_name(key: str, kept: set[str]) -> bool:
    return key not in kept and key not in _PLACEHOLDERS and any(c.isalpha() for c in key) and len(key) >= 2


def _phone_keys(e164: str) -> set[str]:
    """How a number may be written, digits only: +447700900777, 00447700900777, +4407700900777 (from
    +44 (0)7700…), 07700900777 (the national prefix of the number's own country)."""
    number = phonenumbers.parse(e164)
    country, national = str(number.country_code), phonenumbers.national_significant_number(number)
    keys = {start + country + trunk + national for start in ("+", "00") for trunk in ("", "0")}
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(
        phonenumbers.region_code_for_country_code(number.country_code))
    if metadata is not None and metadata.national_prefix:
        keys.add(metadata.national_prefix + national)
    return keys


class _Written:
    """E-mail addresses and phone numbers written in a text, in order. Numbers are taken strictly:
    nothing alphanumeric, '-', '/' or '_' next to them, and written with + or 00, or with the national
    prefix and 9+ digits (07700 900777 is taken; the reference WM-26-118734 and dates are not)."""

    def __init__(self, region: str) -> None:
        self.region = region
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        self.prefix = (metadata.national_prefix if metadata is not None else None) or ""
        starts = "|".join([r"\+", "00", *([re.escape(self.prefix)] if self.prefix else [])])
        self._candidate = re.compile(rf"(?<![\w\-/])\(?(?:{starts})\s?\d(?:[\s().\-]{{0,2}}\d){{5,}}")

    def __call__(self, text: str) -> list[str]:
        found = [(m.start(), m.group()) for m in _EMAIL.finditer(text)] if "@" in text else []
        if self._candidate.search(text):
            for match in phonenumbers.PhoneNumberMatcher(text, self.region, leniency=phonenumbers.Leniency.POSSIBLE):
                before, after = text[match.start - 1:match.start], text[match.end:match.end + 1]
                if any(c.isalnum() or c in "-/_" for c in before + after):
                    continue
                written = match.raw_string.lstrip("(")
                digits = len(phonenumbers.national_significant_number(match.number))
                if written.startswith(("+", "00")) or (self.prefix and written.startswith(self.prefix) and digits >= 9):
                    found.append((match.start, phonenumbers.format_number(match.number, _E164)))
        return [value for _start, value in sorted(found)]


class _Redactor:
    def __init__(self, case: Case, frame: pd.DataFrame) -> None:
        self.registry = _Registry(case)
        self._written = _Written(case.default_region)
        for _begin, values in _chunks(frame):
            for i in range(len(values["event_id"])):
                self._register(_row(values, i))
        kept = [i for p in case.people if p.role not in THIRD_PARTY_ROLES for i in (p.name, *p.identifiers)]
        self.text = _Text(self.registry, [*kept, case.prepared_by])

    def _parties(self, row: dict, create: bool) -> tuple[object, dict[str, list]]:
        """The sender's party and, per identifier field, each ;-part's party (None: left as written).
        sender_name and sender_raw follow the sender: a third party's display name is theirs, the
        victim's and suspect's stay; they never make a third party of their own."""
        classify = self.registry.classify
        parts: dict[str, list] = {}
        sender = None
        if row["direction"] != "outgoing":
            sender = classify(row["sender"] or row["sender_name"], create)
            parts["sender"] = [sender]
            for column in ("sender_name", "sender_raw"):
                value, own = row[column], None
                if value and isinstance(sender, _Party) and classify(value, create=False) is not _KEPT:
                    own = sender
                    if create:
                        self.registry.alias(sender, value)      # a raw number is filed as a form
                parts[column] = [own]
        for column in ("recipients", "recipients_raw", "thread"):
            parts[column] = [classify(p, create, column == "thread") for p in row[column].split(";")]
        return sender, parts

    def _counterpart(self, row: dict, sender, parts: dict) -> _Party | None:
        """The one third party on the other side of the row, whose contact_name details may show."""
        if isinstance(sender, _Party):
            return sender
        others = [p for p in parts["recipients"] if p is not None]
        if row["direction"] == "outgoing" and len(others) == 1 and isinstance(others[0], _Party):
            return others[0]
        return None

    def _withheld(self, row: dict, sender) -> bool:
        if row["direction"] == "outgoing" or row["kind"] == "incident" or row["channel"] == "diary":
            return False
        return isinstance(sender, _Party) or (row["direction"] == "incoming" and row["party"] in THIRD_PARTY_ROLES)

    def _register(self, row: dict) -> None:
        sender, parts = self._parties(row, create=True)
        counterpart = self._counterpart(row, sender, parts)
        if counterpart is not None and '"contact_name"' in row["details"]:
            for key, value in _details(row["details"]).items():
                if key in _CONTACT_KEYS:
                    self.registry.alias(counterpart, value)
        withheld = self._withheld(row, sender)
        for column in (*TEXT_FIELDS, "witnesses"):
            if column == "details" or (withheld and column in ("body", "subject", "attachments")):
                continue
            for value in self._written(row[column]):
                self.registry.classify(value, create=True)

    def redact_row(self, row: dict) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        """The changed fields and (field, reason, label) per replacement."""
        changed: dict[str, str] = {}
        log: list[tuple[str, str, str]] = []
        sender, parts = self._parties(row, create=False)
        for column in IDENTIFIER_FIELDS:
            pieces = row[column].split(";") if column in ("recipients", "recipients_raw", "thread") else [row[column]]
            out = []
            for piece, party in zip(pieces, parts.get(column) or [None] * len(pieces), strict=True):
                if isinstance(party, _Party) and piece:
                    out.append(party.label)
                    log.append((column, IDENTIFIER, party.label))
                elif column == "thread" and party is None:
                    text, hits = self.text.sub(piece)
                    out.append(text)
                    log += [(column, reason, label) for reason, label in hits]
                else:
                    out.append(piece)
            changed[column] = ";".join(out)
        withheld = self._withheld(row, sender)
        label = self._label_of(row, sender, parts) if withheld else ""
        for column in TEXT_FIELDS:
            value = row[column]
            if withheld and value and column in ("body", "subject", "attachments"):
                changed[column] = f"[content withheld: message from {label}]" if column == "body" else WITHHELD
                log.append((column, CONTENT, label))
            elif column == "details" and value:
                changed[column] = self._details(row, value, self._counterpart(row, sender, parts), log)
            else:
                changed[column], hits = self.text.sub(value)
                log += [(column, reason, name) for reason, name in hits]
        if row["witnesses"]:
            _text, hits = self.text.sub(row["witnesses"])
            labels = list(dict.fromkeys(name for _reason, name in hits))
            changed["witnesses"] = "; ".join(labels) or NO_WITNESS
            log.append(("witnesses", WITNESS_DETAILS, changed["witnesses"]))
        return {k: v for k, v in changed.items() if v != row[k]}, log

    def _label_of(self, row: dict, sender, parts: dict) -> str:
        if isinstance(sender, _Party):
            return sender.label
        found = [p for p in parts.get("thread", []) if isinstance(p, _Party)]
        return found[0].label if found else f"[{row['party'].capitalize()}]"

    def _details(self, row: dict, value: str, counterpart: _Party | None, log: list) -> str:
        quick = (counterpart is None or '"contact_name"' not in value) and "\\" not in value
        if quick and not self.text.sub(value)[1]:
            return value                     # nothing to find: no need to parse it
        values = _details(value)
        if not values:
            text, hits = self.text.sub(value)
            log += [("details", reason, label) for reason, label in hits]
            return text
        out = {}
        for key, item in values.items():
            if key in _CONTACT_KEYS and counterpart is not None and item and name_key(item) not in _PLACEHOLDERS \
                    and self.registry.classify(item, create=False) is not _KEPT:
                out[key] = counterpart.label
                log.append(("details", IDENTIFIER, counterpart.label))
            else:
                out[key], hits = self.text.sub(item)
                log += [("details", reason, label) for reason, label in hits]
        return value if out == values else flat_json(out)


def _details(value: str) -> dict[str, str]:
    """details as a flat dict of strings; {} when it is not one (then it is searched as text)."""
    if not value.startswith("{"):
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        return {}
    return parsed


_ROW = (*_READ, *IDENTIFIER_FIELDS, *TEXT_FIELDS, "witnesses")


def _chunks(frame: pd.DataFrame):
    """(first row, the slice's columns that redaction reads as lists), a slice at a time: never a
    Python string per cell for the whole timeline at once."""
    columns = [c for c in _ROW if c in frame]
    for begin in range(0, len(frame), _CHUNK):
        yield begin, {c: frame[c].iloc[begin:begin + _CHUNK].tolist() for c in columns}


def _row(values: dict[str, list], i: int) -> dict[str, str]:
    """One row; '' for a column the frame lacks or a missing value."""
    return {c: v if isinstance(v := values[c][i] if c in values else "", str) else "" for c in _ROW}


def redact(frame: pd.DataFrame, case: Case) -> tuple[pd.DataFrame, list[dict]]:
    """(the REDACTED copy's timeline, the redaction log); see the module doc. The input is not changed."""
    redactor = _Redactor(case, frame)
    writable = [c for c in (*IDENTIFIER_FIELDS, *TEXT_FIELDS, "witnesses") if c in frame]
    pieces: dict[str, list] = {c: [] for c in writable}
    changed: set[str] = set()
    log: list[dict] = []
    for begin, values in _chunks(frame):
        touched: set[str] = set()
        for i in range(len(values["event_id"])):
            row = _row(values, i)
            changes, entries = redactor.redact_row(row)
            for column, value in changes.items():
                values[column][i] = value
                touched.add(column)
            log += [{"event_id": row["event_id"], "field": column, "reason": reason, "label": label, "count": count}
                    for (column, reason, label), count in Counter(entries).items()]
        for column in writable:      # a slice nothing changed in keeps its own array
            pieces[column].append(pd.array(values[column], dtype=frame[column].dtype) if column in touched
                                  else frame[column].iloc[begin:begin + _CHUNK].array)
        changed |= touched
    out = frame.copy(deep=False)
    for column in (c for c in frame.columns if c in changed):
        joined = pd.concat([pd.Series(piece, dtype=frame[column].dtype) for piece in pieces[column]], ignore_index=True)
        out[column] = pd.Series(joined.array, index=frame.index, dtype=frame[column].dtype)
    return out, log


def label_map(case: Case, frame: pd.DataFrame) -> list[dict]:
    """For the FULL copy only: each label, its role, the case name if any, and the identifiers seen
    or given in the case file, in label order (the same labels as `redact` gives)."""
    registry = _Redactor(case, frame).registry
    return [{"label": p.label, "role": p.role, "name": p.name, "identifiers": list(p.forms)}
            for p in registry.parties]


def redacted_case(case: Case) -> Case:
    """The case for the REDACTED report's cover: witnesses and others shown by label only (no name,
    identifier or relationship); the victim and suspect as in the case file."""
    counts: Counter[str] = Counter()
    people = []
    for person in case.people:
        if person.role in THIRD_PARTY_ROLES:
            counts[person.role] += 1
            person = Person(person.role, f"[{person.role.capitalize()} {counts[person.role]}]", ())
        people.append(person)
    kept = {k: p for k, p in case.by_identifier.items() if p.role not in THIRD_PARTY_ROLES}
    return replace(case, people=tuple(people), raw={}, by_identifier=kept)
