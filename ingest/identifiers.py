"""One written form per identifier, so that one person's messages line up whatever the source wrote.

Phone numbers become E.164 (`07700 900456` → `+447700900456`) with `phonenumbers` and the case's
default region; e-mail addresses are lower-cased; anything else (a display name, an alphanumeric
sender such as `Vodafone`, a short code) is kept exactly as written. The raw value is never thrown
away: the timeline keeps it next to the normalised one.
"""

from __future__ import annotations

import re
from typing import Literal

import phonenumbers

IdentifierKind = Literal["phone", "email", "name"]

# What a written phone number is made of; at least five digits so a name with a digit is a name.
_PHONEISH = re.compile(r"\+?[\d\s().\-/]*\d[\d\s().\-/]*")
_EMAILISH = re.compile(r"[^\s@<>;,]+@[^\s@<>;,]+")


def kind_of(value: str) -> IdentifierKind:
    text = value.strip()
    if _EMAILISH.fullmatch(text):
        return "email"
    if _PHONEISH.fullmatch(text) and sum(c.isdigit() for c in text) >= 5:
        return "phone"
    return "name"


def normalise_phone(value: str, region: str) -> str | None:
    """E.164 for a number phonenumbers can place, else None (short codes, junk)."""
    text = value.strip()
    if sum(c.isdigit() for c in text) < 7:
        return None        # short codes (81234) and service numbers stay as written
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise(value: str, region: str) -> str:
    """The contract's form of an identifier as a source wrote it (see the module doc)."""
    text = value.strip()
    kind = kind_of(text)
    if kind == "email":
        return text.lower()
    if kind == "phone":
        return normalise_phone(text, region) or text
    return value


def name_key(value: str) -> str:
    """How display names are compared: case-folded, inner runs of white space as one space."""
    return " ".join(value.casefold().split())


class Normaliser:
    """`normalise` for one run, remembering each answer: a phone holds thousands of messages from
    a few hundred numbers, and phonenumbers takes tens of microseconds per call."""

    def __init__(self, region: str, limit: int = 200_000) -> None:
        self.region, self._limit = region, limit
        self._known: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        known = self._known.get(value)
        if known is None:
            known = normalise(value, self.region)
            if len(self._known) < self._limit:
                self._known[value] = known
        return known
