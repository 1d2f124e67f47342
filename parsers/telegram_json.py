"""Telegram Desktop's JSON export: `result.json`, one chat or a whole account, one record per message.

How users get it: in Telegram Desktop, a chat's ⋮ menu → "Export chat history", or Settings →
Advanced → "Export Telegram data", with the format set to "Machine-readable JSON". The folder holds
`result.json` and the media it names (photos/, files/, voice_messages/, stickers/ …). Identified by
content (exhibits are renamed): a JSON object whose first 4 KB hold a chat's `"messages": [` with
`date_unixtime`, a Telegram chat type or a Telegram message head (`"type": "message", "date":`), or
an account export's sections (`personal_information`, `"chats": {"about"` …); never Meta's
message_N.json (`participants`, `timestamp_ms`, `sender_name`).
Two shapes:
- one chat: `{"name", "type", "id", "messages": [...]}`; locators `messages[12]`;
- a whole account: `{"about", "personal_information", "contacts", …, "chats": {"about", "list":
  [chat, …]}, "left_chats": {…}}`, each chat shaped as above; locators `chats.list[3].messages[12]`.
Times: `date_unixtime` (epoch seconds) is the instant; `date`, only the exporting computer's
wall-clock time, is kept in details. Exports without date_unixtime (older versions) are read from
`date` as a naive time, which the pipeline places in the case zone, and the file is flagged once.
Edits keep the time the message was sent; `edited` and `edited_utc` go in details (older versions
write "edited": "1970-01-01T…" on every message never edited, which is dropped; some versions mark a
message edited when a reaction is added, so it means "touched after sending").
Who: `from` (display name as written; null for a deleted account, then `from_id`, given the later
"user" prefix when an old export wrote a bare number) is the sender, `from_id` a detail.
Direction is "unknown" (normalise decides from the case's identifiers), except in an account export
whose `personal_information.user_id` names the account (read before the chats, where Telegram
writes it): its own messages and calls (`from_id`/`actor_id` "user<user_id>") are outgoing, to the
chat's name in a two-party chat (Saved Messages, notes to self, show as chat_type saved_messages),
everyone else's incoming. Calls (service messages with action `phone_call` or `group_call`) are
records of kind "call" with duration_s and call_outcome (`discard_reason`), the caller (`actor`) as
sender. Every other service message (group created, members added, pins, joined Telegram …) is a
notice: direction "unknown", no sender, details notice=true and actor, never counted as contact.
An `unsupported` message (only its id is in the file) is a problem. Text given as a list of strings
and entities is joined as shown, nothing added; text_link targets go in details. Media paths (photo,
file, thumbnail, contact_vcard) become attachment names; "(File not included …)" placeholders stay
in details only. Whatever else a message carries (forwarded_from, reply_to_message_id, media_type,
reactions, location …) goes in details, nested values as compact JSON.
Streaming: a one-chat file is read with ijson's C `items` (one message in memory at a time); an
account export is walked event by event and each chat's messages array is handed to `items`, so a
chat of any size streams too. A chat's name, type and id come before its messages in Telegram's
output; in a file that puts them after, its messages are read without them (in a one-chat file, not
at all) and, in an account export, a warning says so. Faults Telegram Desktop itself writes into
the JSON (`\\xHH` escapes, unquoted custom-emoji ids), a byte-order mark and bytes that are not UTF-8
are mended on the way in and reported (telegram_reader). A file that breaks off keeps every message
before the break and gives one problem with the byte and line.
Not read: the HTML export (messages.html; export again choosing JSON); contacts, frequent
contacts, sessions, profile pictures, stories and other account data (not events); the media files
themselves (separate sources); inline bot buttons, polls and invoices are kept in details as JSON,
not interpreted. An escaped lone surrogate (`\\ud83d`, never written by Telegram) becomes "?" in the
JSON parser.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterable, Iterator
from itertools import takewhile

import ijson
from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.telegram_message import Chat, Clock, to_record
from caselog.parsers.telegram_reader import MEND_REASONS, MendingReader

name = "telegram_json"
description = "Telegram Desktop JSON export (result.json): one chat's history, or all chats of an account"

_BUF = 1 << 20
_JSON_FAULTS = (ijson.JSONError, UnicodeDecodeError)
_SECTIONS = ("chats", "left_chats")
_CHAT_KEYS = ("name", "type", "id")
# identify: what only Telegram's export writes near the top of result.json, and what Meta's writes
_ACCOUNT = re.compile(rb'"personal_information"\s*:\s*\{|"(?:left_)?chats"\s*:\s*\{\s*"about"\s*:|'
                      rb'^\{\s*"about"\s*:\s*"[^"]*"\s*,\s*"(?:contacts|frequent_contacts|sessions|profile_pictures)"'
                      rb'\s*:\s*[\[{]')
_CHAT = re.compile(rb'"messages"\s*:\s*\[')
_CHAT_TYPE = re.compile(rb'"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|'
                        rb'public_supergroup|private_channel|public_channel|saved_messages|replies)"')
_MESSAGE_HEAD = re.compile(rb'"type"\s*:\s*"(?:message|service)"\s*,\s*"date"\s*:\s*"[0-9]{4}-[0-9]{2}-[0-9]{2}T')
_META = re.compile(rb'"(?:participants|timestamp_ms|sender_name|thread_path|is_still_participant)"\s*:')


def identify(source: Source) -> bool:
    if not (source.mime in ("application/json", "") or source.mime.startswith("text/")):
        return False
    head = source.head(4096)
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head.startswith(b"{") or _META.search(head):
        return False
    if _ACCOUNT.search(head):
        return True
    return bool(_CHAT.search(head)) and (b'"date_unixtime"' in head or bool(_CHAT_TYPE.search(head))
                                         or bool(_MESSAGE_HEAD.search(head)))


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    clock = Clock(problems)
    with source.open() as raw:
        reader = MendingReader(raw)
        chat = yield from _walk(ijson.parse(reader, buf_size=_BUF, use_float=True), reader, clock, problems)
    if chat is not None:                 # one chat: its messages again from the top, all in C
        with source.open() as raw:
            reader = MendingReader(raw)
            items = ijson.items(reader, "messages.item", buf_size=_BUF, use_float=True)
            yield from _messages(items, chat, reader, clock, problems)
    for kind, mend in sorted(reader.mends.items(), key=lambda item: item[1].first_byte):
        first = f" (first at byte {mend.first_byte})" if kind != "bom" else ""
        problems.warn(f"line {mend.first_line}", MEND_REASONS[kind].format(count=mend.count) + first)


def _walk(events: Iterator[tuple], reader: MendingReader, clock: Clock,
          problems: Problems) -> Generator[Record, None, Chat | None]:
    """The records of an account export; for a one-chat export, nothing but its Chat (read up to
    its messages array), as its messages are better read by `items` straight from the file."""
    top, owner, chat, keys = Chat("messages"), "", None, set()
    counts = dict.fromkeys(_SECTIONS, 0)
    try:
        for prefix, event, value in events:
            if prefix == "" and event == "map_key":
                keys.add(value)
            elif prefix in _CHAT_KEYS and event not in ("start_map", "start_array"):
                setattr(top, prefix, _scalar(value))
            elif prefix == "messages":
                if event != "start_array":
                    raise SourceError(f'"messages" is {event.removeprefix("start_")}, not a list of messages')
                return top
            elif prefix == "personal_information.user_id":
                owner = _scalar(value)
            elif prefix in ("chats.list.item", "left_chats.list.item") and event in ("start_map", "end_map"):
                section = prefix.split(".", 1)[0]
                if event == "start_map":
                    chat = Chat(f"{section}.list[{counts[section]}].messages", owner=owner, section=section)
                    counts[section] += 1
                elif chat is not None:
                    _check_order(chat, problems)
                    chat = None
            elif chat is not None and prefix.startswith(chat.section + ".list.item."):
                field = prefix[len(chat.section) + 11:]
                if field in _CHAT_KEYS and event not in ("start_map", "start_array"):
                    setattr(chat, field, _scalar(value))
                    if chat.messages_read and value is not None:
                        chat.late.append(field)
                elif field == "messages" and event == "start_array":
                    end = (prefix, "end_array", None)
                    items = ijson.items(takewhile(end.__ne__, events), prefix + ".item")
                    if not (yield from _messages(items, chat, reader, clock, problems)):
                        return None
                    chat.messages_read = True
    except _JSON_FAULTS as err:
        line, reason = _broken(err, reader, "the rest of the file")
        problems.add(chat.locator.removesuffix(".messages") if chat else f"line {line}", reason)
        return None
    if not any(counts.values()):
        if not keys & {"about", "personal_information", "chats", "left_chats", "contacts"}:
            raise SourceError('neither a "messages" list nor "chats" is in this JSON; it is not a Telegram '
                              "Desktop export")
        problems.warn("chats", "this Telegram data export holds no chats (only account data such as "
                      "contacts or sessions); nothing from it is on the timeline")
    return None


def _check_order(chat: Chat, problems: Problems) -> None:
    if chat.late:
        problems.warn(chat.locator, f"the chat's {', '.join(chat.late)} come(s) after its messages in the file "
                      "(Telegram writes them first), so its messages were read without them (no thread name, "
                      "chat type or chat id)")


def _messages(items: Iterable[object], chat: Chat, reader: MendingReader, clock: Clock,
              problems: Problems) -> Generator[Record, None, bool]:
    """One record per message of one chat; False when the JSON broke off inside it."""
    chat.start_messages()
    index = 0
    try:
        for msg in items:
            where = f"{chat.locator}[{index}]"
            index += 1
            try:
                record = to_record(msg, where, chat, clock, problems)
            except RecordError as err:
                problems.add(where, str(err))
                continue
            if "utf8" in reader.mends and "\ufffd" in record.body:
                problems.warn(where, "the text holds U+FFFD (�) where the file has bytes that are not UTF-8; "
                              "the characters there could not be read")
            yield record
    except _JSON_FAULTS as err:
        where = f"{chat.locator}[{index}]"
        problems.add(where, _broken(err, reader, f"{where} and everything after it")[1])
        return False
    return True


def _broken(err: Exception, reader: MendingReader, lost: str) -> tuple[int, str]:
    """(line, reason): where and why the JSON stopped being readable, for the one problem that says so."""
    message = err.args[0] if err.args and isinstance(err.args[0], str | bytes) else ""
    if isinstance(err, UnicodeDecodeError):
        message, first = b"", f"a \\u escape that is not valid Unicode ({err.reason})"
    else:
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
        first = text.split("\n", 1)[0].strip().rstrip(".") or type(err).__name__
    if "premature EOF" in first and reader.at_end:
        line = reader.newlines + 1
        return line, (f"the JSON breaks off at byte {reader.bytes_read} (line {line}), the end of the file: "
                      f"the file was cut short (an interrupted copy or download?); {lost} could not be read")
    if "trailing garbage" in first:
        lost = "what follows the end of the JSON"
    byte, line = reader.place(message)
    lines = message.split(b"\n" if isinstance(message, bytes) else "\n")
    context = lines[1].strip() if len(lines) > 2 else ""
    if isinstance(context, bytes):
        context = context.decode("utf-8", "replace")
    shown = f", at {context[:80]!r}" if context else ""
    return line, f"the JSON is broken near byte {byte} (line {line}): {first}{shown}; {lost} could not be read"


def _scalar(value: object) -> str:
    return "" if value is None else str(value)
