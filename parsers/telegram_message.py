"""One message object of a Telegram Desktop JSON export, as ijson builds it, made into one Record.

The keys are those Telegram Desktop's writer emits (export_output_json.cpp, SerializeMessage):
`type` "message" / "service" / "unsupported"; `date_unixtime` (the instant, epoch seconds as text)
beside `date` (the exporting computer's wall-clock time); `from`/`from_id` for messages,
`actor`/`actor_id` and `action` for service messages; `text` as a string or a list of strings and
entity objects whose `text` is what was shown. See telegram_json for what is done with each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from caselog.errors import RecordError
from caselog.model import Problems, Record
from caselog.times import from_epoch_s, utc_text

_CALLS = {"phone_call": "duration_seconds", "group_call": "duration"}
_FILE_KEYS = ("photo", "file", "thumbnail", "contact_vcard")
_WALL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
# Read into columns, or not worth a detail (sizes and pixel dimensions of files).
_NOT_DETAILS = frozenset((
    "id", "type", "date", "date_unixtime", "edited", "edited_unixtime", "from", "from_id", "actor",
    "actor_id", "text", "text_entities", "reactions", "location_information", *_FILE_KEYS, "width",
    "height", "photo_file_size", "file_size", "thumbnail_file_size", "contact_vcard_file_size",
))
_TWO_PARTY = ("personal_chat", "bot_chat")
# Older exports write "edited" on every message, epoch 0 in the computer's zone when never edited.
_NEVER_EDITED = ("1970-01-01T", "1969-12-31T")


@dataclass
class Chat:
    """What the export says about the chat a message is in, and about the account that exported it."""

    locator: str                     # "messages" or "chats.list[3].messages"
    name: str = ""
    type: str = ""
    id: str = ""
    owner: str = ""                  # the exporting account's user id (full exports), bare digits
    section: str = ""                # "chats" or "left_chats" in a full export
    messages_read: bool = False
    late: list[str] = field(default_factory=list)   # keys that came after the messages
    details: dict[str, str] = field(default_factory=dict)

    def start_messages(self) -> None:
        """Fix the details every message of the chat carries, once its keys have been read."""
        self.details = {key: value for key, value in (("chat_id", self.id), ("chat_type", self.type)) if value}
        if self.section == "left_chats":
            self.details["chat_left"] = "true"


class Clock:
    """Reads a message's time; remembers whether the file has been said to lack date_unixtime."""

    def __init__(self, problems: Problems) -> None:
        self._problems = problems
        self._warned_wall = False

    def instant(self, msg: dict, where: str) -> tuple[datetime, str]:
        """(timestamp, as written): aware UTC from date_unixtime, else the naive wall-clock date."""
        unix, wall = msg.get("date_unixtime"), msg.get("date")
        if unix is not None:
            try:
                return from_epoch_s(_text(unix)), _text(unix)
            except RecordError as err:
                if wall is None:
                    raise RecordError(f"date_unixtime {_text(unix)[:40]!r}: {err}") from None
                moment = _wall_time(wall, f"date_unixtime {_text(unix)[:40]!r} is not a time and ")
                self._problems.warn(where, f"date_unixtime {_text(unix)[:40]!r} is not a time ({_why(err)}); the "
                                    f"exporting computer's wall-clock date {wall!r} was used instead and is "
                                    "read in the case time zone")
                return moment, _text(wall)
        if wall is None:
            raise RecordError("the message has neither date_unixtime nor date; left out of the timeline")
        moment = _wall_time(wall, "")
        if not self._warned_wall:
            self._warned_wall = True
            self._problems.warn(where, "this export has no date_unixtime (an older Telegram Desktop): its times "
                                "are the exporting computer's wall-clock times and are read in the case time "
                                "zone; if that computer was set to another zone, every time from this file is "
                                "off by the difference")
        return moment, _text(wall)


def to_record(msg: object, where: str, chat: Chat, clock: Clock, problems: Problems) -> Record:
    """The record for one item of a messages list; RecordError when it cannot be one."""
    if not isinstance(msg, dict):
        raise RecordError(f"not a message object but {type(msg).__name__} {_text(msg)[:40]!r}; "
                          "left out of the timeline")
    kind = msg.get("type")
    if kind == "unsupported":
        raise RecordError(f"Telegram Desktop wrote message id {_text(msg.get('id'))} as \"unsupported\" (a kind of "
                          "message the exporting version could not export, so nothing but its id is in the file); "
                          "left out of the timeline")
    if kind not in ("message", "service"):
        raise RecordError(f"message type {_text(kind)[:40]!r} is neither \"message\" nor \"service\"; "
                          "left out of the timeline")
    timestamp, raw_time = clock.instant(msg, where)
    details = _details(msg, chat, raw_time, where, problems)
    attachments = _attachments(msg, details)
    body = _body(msg, where, details, problems)
    record = Record(timestamp=timestamp, timestamp_raw=raw_time, channel="telegram", kind="message",
                    direction="unknown", locator=where, thread=chat.name, body=body, attachments=attachments,
                    details=details)
    if kind == "message":
        return _message(record, msg, chat, where, problems)
    action = msg.get("action")
    if action in _CALLS:
        return _call(record, msg, chat, _CALLS[action], where, problems)
    details["notice"] = "true"
    return record


def _message(record: Record, msg: dict, chat: Chat, where: str, problems: Problems) -> Record:
    name, sender_id = msg.get("from"), _text(msg.get("from_id"))
    record.sender_name = _text(name)
    record.sender = record.sender_name or _peer(sender_id)
    if sender_id:
        record.details["from_id"] = sender_id
    if not record.sender:
        problems.warn(where, "the message names no sender (no from, no from_id); kept with an empty sender")
    record.direction, record.recipients = _direction(sender_id, chat)
    return record


def _call(record: Record, msg: dict, chat: Chat, duration_key: str, where: str, problems: Problems) -> Record:
    caller, caller_id = _text(msg.get("actor")), _text(msg.get("actor_id"))
    record.kind, record.sender_name, record.sender = "call", caller, caller or _peer(caller_id)
    if caller_id:
        record.details["actor_id"] = caller_id
    record.details.pop(duration_key, None)
    if (outcome := record.details.pop("discard_reason", None)) is not None:
        record.details["call_outcome"] = outcome
    duration = msg.get(duration_key)
    if duration is not None:
        if isinstance(duration, int) and not isinstance(duration, bool) and duration >= 0:
            record.duration_s = duration
        else:
            record.details[duration_key] = _text(duration)
            problems.warn(where, f"call duration {_text(duration)[:40]!r} is not a number of seconds; "
                          "kept without a duration")
    record.direction, record.recipients = _direction(caller_id, chat)
    return record


def _direction(sender_id: str, chat: Chat) -> tuple[str, list[str]]:
    """When an account export names the account (personal_information), its own messages and calls
    are outgoing (to the other side of a two-party chat; Saved Messages, notes to self, to no one)
    and everyone else's incoming. Otherwise unknown: normalise decides from the case's identifiers."""
    if not chat.owner or not sender_id:
        return "unknown", []
    if sender_id.removeprefix("user") == chat.owner:
        return "outgoing", [chat.name] if chat.type in _TWO_PARTY and chat.name else []
    return "incoming", []


def _details(msg: dict, chat: Chat, raw_time: str, where: str, problems: Problems) -> dict[str, str]:
    details = {key: _text(msg[key]) for key in msg.keys() - _NOT_DETAILS}
    details.update(chat.details)
    if (number := msg.get("id")) is not None:
        details["id"] = _text(number)
    for key in ("date", "date_unixtime"):
        if (value := msg.get(key)) is not None and (text := _text(value)) != raw_time:
            details[key] = text
    if msg.get("type") == "service" and msg.get("action") not in _CALLS:
        for key in ("actor", "actor_id"):
            if msg.get(key) is not None:
                details[key] = _text(msg[key])
    if "edited" in msg or "edited_unixtime" in msg:
        _edit_time(msg, details, where, problems)
    if (reactions := msg.get("reactions")) is not None:
        details["reactions"] = _reactions(reactions)
    if isinstance(place := msg.get("location_information"), dict):
        details["location"] = f"{_text(place.get('latitude'))},{_text(place.get('longitude'))}"
    return details


def _edit_time(msg: dict, details: dict[str, str], where: str, problems: Problems) -> None:
    """The edit time goes in details; the record keeps the time the message was sent."""
    edited = _text(msg.get("edited"))
    if edited and not edited.startswith(_NEVER_EDITED):
        details["edited"] = edited
    if (raw := msg.get("edited_unixtime")) is None:
        return
    try:
        details["edited_utc"] = utc_text(from_epoch_s(_text(raw)))
    except RecordError as err:
        details["edited_unixtime"] = _text(raw)
        problems.warn(where, f"edited_unixtime {_text(raw)[:40]!r} is not a time ({_why(err)}); the message is kept, "
                      "its edit time as written")


def _attachments(msg: dict, details: dict[str, str]) -> list[str]:
    """File names from the paths Telegram writes relative to the export folder; a placeholder such
    as "(File not included. ...)" is kept in details only, as nothing of that name exists."""
    names = []
    for key in _FILE_KEYS:
        value = msg.get(key)
        if value is None:
            continue
        details[key] = path = _text(value)
        if path and not (path.startswith("(") and path.endswith(")")):
            names.append(path.rsplit("/", 1)[-1])
    return names


def _body(msg: dict, where: str, details: dict[str, str], problems: Problems) -> str:
    """The visible text, verbatim: a string as it is, a list as its strings and its entities' text
    joined with nothing in between (Telegram splits the text there, it adds nothing)."""
    text = msg.get("text", msg.get("text_entities", ""))
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        problems.warn(where, f"text is neither text nor a list but {_text(text)[:40]!r}; body left empty")
        return ""
    parts, links, unreadable = [], [], 0
    for piece in text:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
            if piece.get("href") is not None:
                links.append(f"{piece['text']} <{_text(piece['href'])}>")
        else:
            unreadable += 1
    if links:
        details["text_links"] = "; ".join(links)
    if unreadable:
        problems.warn(where, f"{unreadable} part(s) of the text are neither text nor a text entity; "
                      "the body holds the rest")
    return "".join(parts)


def _reactions(value: object) -> str:
    """"👍 ×2 (Sam Taylor, Mark D)"; Telegram lists only the most recent people who reacted."""
    if not isinstance(value, list):
        return _text(value)
    shown = []
    for reaction in value:
        if not isinstance(reaction, dict):
            shown.append(_text(reaction))
            continue
        label = _text(reaction.get("emoji")) or f"{_text(reaction.get('type'))} {_text(reaction.get('document_id'))}"
        who = [_text(r.get("from")) or _text(r.get("from_id")) for r in reaction.get("recent") or []
               if isinstance(r, dict)]
        shown.append(f"{label.strip()} ×{_text(reaction.get('count'))}" + (f" ({', '.join(who)})" if who else ""))
    return "; ".join(shown)


def _wall_time(raw: object, lead: str) -> datetime:
    text = _text(raw)
    if not _WALL.fullmatch(text):
        raise RecordError(f"{lead}date {text[:40]!r} is not written as Telegram writes it "
                          "(YYYY-MM-DDTHH:MM:SS); left out of the timeline")
    try:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise RecordError(f"{lead}date {text!r} does not exist; left out of the timeline") from None
    if not 1990 <= moment.year < 2100:
        raise RecordError(f"{lead}date {text!r} is outside 1990-2099 (not set, or corrupt); "
                          "left out of the timeline")
    return moment


def _why(err: RecordError) -> str:
    """A time error's reason without its verdict, for a record that is kept after all."""
    return str(err).removesuffix("; left out of the timeline")


def _peer(peer_id: str) -> str:
    """A sender id as the sender when there is no name (a deleted account): older exports wrote the
    bare number, which would pass for a phone number, so it gets Telegram's later "user" prefix."""
    return f"user{peer_id}" if peer_id.isascii() and peer_id.isdigit() else peer_id


def _text(value: object) -> str:
    """A JSON value as text for a column or a detail: strings as they are, null as "", numbers as
    written, anything nested as compact JSON."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
