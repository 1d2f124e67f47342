"""The registry of parsers, most specific first, and how one is picked for a source.

Each parser is a module with `name`, `description`, `identify(source)` and `parse(source, problems)`
(ARCHITECTURE.md). The registry is a plain tuple: no import-time registration, no hidden state.
"""

from __future__ import annotations

from types import ModuleType

from caselog.model import Source
from caselog.parsers import (
    android_calls_xml,
    android_sms_xml,
    diary_csv,
    diary_xlsx,
    email_eml,
    email_mbox,
    instagram_json,
    ios_backup_manifest,
    ios_messages_csv,
    ios_sms_db,
    media_document,
    media_image,
    messenger_json,
    outlook_msg,
    outlook_pst,
    telegram_json,
    whatsapp_txt,
)

REGISTRY: tuple[ModuleType, ...] = (
    android_sms_xml,
    android_calls_xml,
    ios_sms_db,
    ios_backup_manifest,
    outlook_pst,
    outlook_msg,
    messenger_json,
    instagram_json,
    telegram_json,
    diary_xlsx,
    email_mbox,
    email_eml,
    ios_messages_csv,
    whatsapp_txt,
    diary_csv,
    media_image,
    media_document,
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
