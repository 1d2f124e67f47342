"""One row of the Messages database's `message` table, turned into a Record (see ios_sms_db).

What each column means was taken from the public readers of sms.db/chat.db (ReagentX/
imessage-exporter `tables/messages.rs`, its `GroupAction` and `Variant` decoding; iLEAPP's SMS
artefact; mac_apt) and checked against the schema Apple ships (`CREATE TABLE message (...)`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from caselog.errors import RecordError
from caselog.model import Problems, Record
from caselog.parsers.ios_typedstream import TypedStreamError, attributed_string_text

APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)          # NSDate's reference date
_NANOSECONDS_FROM = 10**11      # seconds never get this big before the year 5000; nanoseconds always
                                # do after 2001-01-01 00:01:40, so each value's unit is clear
_EARLIEST, _LATEST = datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
_CHANNELS = {"iMessage": "imessage", "SMS": "sms", "RCS": "sms"}
_TAPBACKS = {0: "Loved", 1: "Liked", 2: "Disliked", 3: "Laughed", 4: "Emphasized", 5: "Questioned",
             6: "reacted with an emoji", 7: "reacted with a sticker"}
_OWNER = "the phone's owner"


@dataclass
class Context:
    """What the rows refer to, read once per database: handles, chats and their members, reactions."""

    handles: dict[int, str] = field(default_factory=dict)
    chats: dict[int, tuple[str, str, str]] = field(default_factory=dict)   # identifier, name, service
    members: dict[int, list[str]] = field(default_factory=dict)
    reactions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # target guid → (ROWID, text)

    def handle(self, rowid: object) -> str:
        return self.handles.get(rowid, "") if isinstance(rowid, int) else ""


_INTEGER_COLUMNS = ("handle_id", "is_from_me", "error", "cache_has_attachments", "is_audio_message", "item_type",
                    "group_action_type", "other_handle", "share_status", "associated_message_type")


def cells(row: sqlite3.Row) -> dict[str, object]:
    """The row as a dict, flag and code columns as int or None: a damaged row may hold text there."""
    values = dict(zip(row.keys(), row, strict=True))
    for key in _INTEGER_COLUMNS:
        if key in values:
            values[key] = number(values[key])
    return values


def number(value: object) -> int | None:
    """An INTEGER cell as int; None for NULL or anything that is not a whole number."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bytes | str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def text(value: object) -> str:
    """A TEXT cell as str (cells arrive as bytes: see ios_sqlite); NULL is ''."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def apple_time(value: object) -> datetime:
    """An aware UTC instant from Apple's epoch (2001-01-01): seconds before iOS 11, nanoseconds since."""
    if value is None or value == b"":
        raise RecordError("no time given; left out of the timeline")
    if isinstance(value, bytes):
        try:
            value = int(value)
        except ValueError:
            raise RecordError(f"time {value[:40]!r} is not a number; left out of the timeline") from None
    if not isinstance(value, int | float) or value != value or value in (float("inf"), float("-inf")):
        raise RecordError(f"time {value!r} is not a number; left out of the timeline")
    if value == 0:
        raise RecordError("time is 0 (not set; it is not 2001-01-01); left out of the timeline")
    micro = value // 1000 if abs(value) >= _NANOSECONDS_FROM else value * 1_000_000
    try:
        instant = APPLE_EPOCH + timedelta(microseconds=int(micro))
    except OverflowError:
        instant = _LATEST
    if not _EARLIEST <= instant < _LATEST:
        raise RecordError(f"time {value} is outside 1990-2099 (corrupt, or another unit); "
                          "left out of the timeline")
    return instant


def time_text(value: object) -> str:
    """A secondary time (read, delivered, edited) for details: ISO UTC, '' when not set."""
    if value in (None, 0, b"", b"0"):
        return ""
    try:
        return apple_time(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    except RecordError:
        return f"{text(value)} (not a valid time)"


def reaction_target(guid: str) -> str:
    """The guid a tapback points at: 'p:0/GUID' (part 0 of a message) and 'bp:GUID' both name GUID."""
    if guid.startswith("p:") and "/" in guid:
        return guid.split("/", 1)[1]
    return guid.removeprefix("bp:")


def reaction_text(row: dict, ctx: Context) -> str:
    """'Loved by +447700900123 at 2026-10-12T21:05:00Z' (or 'removed Loved by …')."""
    code = row["associated_message_type"] or 0
    label = _TAPBACKS.get(code % 1000, f"reaction type {code}")
    if code % 1000 == 6 and (emoji := text(row["associated_message_emoji"])):
        label = f"reacted {emoji}"
    who = _OWNER if row["is_from_me"] == 1 else ctx.handle(row["handle_id"]) or "an unknown sender"
    shown = f"{'removed ' if code >= 3000 else ''}{label} by {who}"
    when = time_text(row["date"])
    return f"{shown} at {when}" if when else shown


def to_record(row: dict, ctx: Context, attachments: list[sqlite3.Row], chat_ids: list[int],
              problems: Problems) -> Record:
    """The message row as a Record; RecordError when it cannot be placed on the timeline."""
    where = f"message ROWID {row['ROWID']}"
    timestamp = apple_time(row["date"])
    chat = ctx.chats.get(chat_ids[0]) if chat_ids else None
    details = _details(row, chat, chat_ids, ctx)
    channel = _channel(text(row["service"]), chat, where, problems)
    item_type = row["item_type"] or 0
    if item_type:
        details.update(_notice(row, item_type, ctx))
        return Record(timestamp=timestamp, timestamp_raw=text(row["date"]), channel=channel, kind="message",
                      direction="unknown", locator=where, thread=_thread(chat), body=_body(row, where, problems),
                      details=details)
    names = [_attachment_name(a) for a in attachments]
    if attachments:
        details["attachment_files"] = "; ".join(text(a["filename"]) for a in attachments)
        details["attachment_types"] = "; ".join(text(a["mime_type"]) for a in attachments)
    elif row["cache_has_attachments"] == 1:
        problems.warn(where, "the database marks this message as having an attachment but lists none")
    members = [m for chat_id in chat_ids[:1] for m in ctx.members.get(chat_id, [])]
    party = ctx.handle(row["handle_id"])
    if row["is_from_me"] == 1:
        direction, sender, recipients = "outgoing", "", members or ([party] if party else [])
        if row["error"]:
            problems.warn(where, f"the phone marked this sent message as failed (error {row['error']}); kept, "
                                 "but it may never have reached anyone")
    else:
        direction, sender, recipients = "incoming", party, [m for m in members if m != party]
        if not party:
            problems.warn(where, "the database does not say who sent this received message; sender left empty")
    body = _body(row, where, problems)
    _caveats(row, body, names, details, where, problems)
    return Record(timestamp=timestamp, timestamp_raw=text(row["date"]), channel=channel, kind="message",
                  direction=direction, locator=where, sender=sender, recipients=recipients, thread=_thread(chat),
                  subject=text(row["subject"]), body=body, attachments=names, details=details)


def _body(row: dict, where: str, problems: Problems) -> str:
    """`text` as stored; when NULL, the text decoded from `attributedBody` (iOS 16+), never guessed."""
    raw = row["text"]
    if raw is not None:
        value = text(raw)
        if isinstance(raw, bytes) and "\ufffd" in value and "\ufffd" not in raw.decode("utf-8", "ignore"):
            problems.warn(where, "the text holds bytes that are not UTF-8, shown as U+FFFD; the exact bytes "
                                 "are in the exhibit")
        return value
    blob = row["attributedBody"]
    if blob is None:
        return ""
    try:
        value, replaced = attributed_string_text(bytes(blob))
    except TypedStreamError as err:
        problems.warn(where, f"the text is only in attributedBody, which could not be decoded ({err}); "
                             "body left empty: read this message with a forensic tool")
        return ""
    if replaced:
        problems.warn(where, f"attributedBody text holds {replaced} byte sequence(s) that are not UTF-8, "
                             "shown as U+FFFD; the exact bytes are in the exhibit")
    return value


def _caveats(row: dict, body: str, names: list[str], details: dict[str, str], where: str,
             problems: Problems) -> None:
    if details.get("edited_at"):
        problems.warn(where, f"the sender edited this message ({details['edited_at']}); the text shown is the "
                             "last version: earlier versions (message_summary_info) are not read")
    if details.get("unsent_at"):
        problems.warn(where, f"the sender unsent this message ({details['unsent_at']}); what it said is no "
                             "longer in the database")
    elif not body and not names and not row["balloon_bundle_id"] and row["attributedBody"] is None:
        problems.warn(where, "the message has no text and no attachment in the database")


def _channel(service: str, chat: tuple[str, str, str] | None, where: str, problems: Problems) -> str:
    if service in _CHANNELS:
        return _CHANNELS[service]
    fallback = chat[2] if chat else ""
    if not service and fallback in _CHANNELS:
        return _CHANNELS[fallback]
    if service or fallback:
        name = "".join(c for c in (service or fallback).lower() if c.isascii() and c.isalnum()) or "messages"
        problems.warn(where, f"service {(service or fallback)!r} is not iMessage, SMS or RCS; channel "
                             f"{name!r} named after it")
        return name
    problems.warn(where, "the database does not say whether this was iMessage or SMS; channel 'messages'")
    return "messages"


def _thread(chat: tuple[str, str, str] | None) -> str:
    return (chat[1] or chat[0]) if chat else ""


def _attachment_name(row: sqlite3.Row) -> str:
    name = text(row["transfer_name"]) or text(row["filename"]).rsplit("/", 1)[-1]
    return name or f"attachment ROWID {row['ROWID']} (no name recorded)"


def _details(row: dict, chat: tuple[str, str, str] | None, chat_ids: list[int], ctx: Context
             ) -> dict[str, str]:
    details = {"guid": text(row["guid"]), "service": text(row["service"])}
    for key, column in (("read_at", "date_read"), ("delivered_at", "date_delivered"),
                        ("edited_at", "date_edited"), ("unsent_at", "date_retracted")):
        if when := time_text(row[column]):
            details[key] = when
    for key, column in (("reply_to", "thread_originator_guid"), ("app", "balloon_bundle_id"),
                        ("owner_id", "destination_caller_id")):
        if value := text(row[column]):
            details[key] = value
    if chat and chat[1]:
        details["chat_identifier"] = chat[0]
    if len(chat_ids) > 1:
        details["also_in_chats"] = "; ".join(_thread(ctx.chats.get(c)) or str(c) for c in chat_ids[1:])
    if row["is_audio_message"] == 1:
        details["audio_message"] = "true"
    if row["error"]:
        details["error"] = str(row["error"])
    if row["associated_message_type"] == 1000:
        details["sticker_on"] = reaction_target(text(row["associated_message_guid"]))
    if shown := ctx.reactions.pop(text(row["guid"]), None):
        details["reactions"] = "; ".join(shown_text for _, shown_text in shown)
    return {k: v for k, v in details.items() if v}


def _notice(row: dict, item_type: int, ctx: Context) -> dict[str, str]:
    """A group or system event (item_type ≠ 0): not a message, never counted as contact."""
    action = row["group_action_type"] or 0
    notice = {"notice": "true", "item_type": str(item_type),
              "actor": _OWNER if row["is_from_me"] == 1 else ctx.handle(row["handle_id"])}
    if item_type == 1:
        notice["event"] = {0: "participant added", 1: "participant removed"}.get(
            action, f"participant change (group_action_type {action}, not decoded)")
        notice["participant"] = ctx.handle(row["other_handle"])
    elif item_type == 2:
        notice["event"], notice["name"] = "conversation renamed", text(row["group_title"])
    elif item_type == 3:
        notice["event"] = {0: "left the conversation", 1: "group photo changed", 2: "group photo removed"}.get(
            action, f"group action (group_action_type {action}, not decoded)")
    elif item_type == 4:
        notice["event"] = "stopped sharing location" if row["share_status"] == 1 else "started sharing location"
    elif item_type == 5:
        notice["event"] = "kept an audio message"
    elif item_type == 6:
        notice["event"] = "FaceTime or SharePlay activity"
    else:
        notice["event"] = f"item_type {item_type} (not decoded)"
    return {k: v for k, v in notice.items() if v}
