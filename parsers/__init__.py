"""The registry of parsers, most specific first, and how one is picked for a source.

Each parser is a module with `name`, `description`, `identify(source)` and `parse(source, problems)`
(ARCHITECTURE.md). The registry is a plain tuple: no import-time registration, no hidden state.
"""

from __future__ import annotations

from types import ModuleType

from caselog.model import Source
from caselog.parsers import android_calls_xml, android_sms_xml, diary_csv, diary_xlsx

REGISTRY: tuple[ModuleType, ...] = (
    android_sms_xml,
    android_calls_xml,
    diary_xlsx,
    diary_csv,
)


def by_name(name: str) -> ModuleType:
    for parser in REGISTRY:
        if parser.name == name:
            return parser
    raise KeyError(name)


def claimants(source: Source) -> list[ModuleType]:
    """Every parser whose identify() accepts the source, in registry order."""
    return [parser for parser in REGISTRY if parser.identify(source)]


def pick(source: Source) -> ModuleType | None:
    """The first parser that accepts the source, or None: kept as an exhibit only."""
    return next((parser for parser in REGISTRY if parser.identify(source)), None)
