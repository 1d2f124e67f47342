"""One message object of a Meta "Download your information" thread file, made into a Record.

Shared by `messenger_json` and `instagram_json` (not a parser itself). Meta writes Messenger and
Instagram direct messages in the same JSON shape; see `meta_json` for the file and
`messenger_json` for what each field means and what becomes of it.

Meta's mojibake: the download stores each UTF-8 byte of a non-ASCII character as its own code point
("é" is written `\\u00c3\\u00a9`, 😀 `\\u00f0\\u009f\\u0098\\u0080`). `repair_text` undoes exactly that,
and only that: a string is re-read as UTF-8 only if every character is at most U+00FF and those
bytes are valid UTF-8; anything else (a correct "é", a real emoji, a string that is not mojibake)
is kept exactly as it is. Nothing else is ever changed: no strip, no normalisation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from caselog.errors import RecordError
from caselog.model import Problems, Record
from caselog.times import from_epoch_ms, from_epoch_s, utc_text

# Lists of media objects ({"uri": ...}) a message can carry, in the order they are listed.
MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs")
# Meta's own markers of app notices: people added to or leaving a group. Not messages.
NOTICE_TYPES = frozenset({"Subscribe", "Unsubscribe"})
_READ = frozenset({"sender_name", "timestamp_ms", "content", *MEDIA_KEYS, "sticker", "share", "reactions",
                   "call_duration", "is_unsent", "is_geoblocked_for_viewer", "type", "users"})
_FLAGS = {"is_unsent": "unsent", "is_geoblocked_for_viewer": "geoblocked"}
# Details that show the message had something in it, even with no text (media, a share, unsent).
_SHOWN = frozenset({*MEDIA_KEYS, "sticker", "share", "share_link", "share_text", "unsent", "geoblocked"})


def repair_text(text: str) -> str:
    """`text` with Meta's latin-1 mojibake undone, or `text` itself when it is not mojibake."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


@dataclass(frozen=True)
class Thread:
    """What the file says about the conversation, read before its messages are turned into records."""

    channel: str                      # "messenger" or "instagram"
    name: str                         # the thread column: title, else thread_path, else from the file's path
    path: str                         # thread_path as written, "" when absent
    participants: tuple[str, ...]     # names at the time of the download, repaired


def message_record(item: object, thread: Thread, where: str, problems: Problems) -> Record:
    """The record for messages[i]; RecordError when it cannot be placed on the timeline."""
    if not isinstance(item, dict):
        raise RecordError(f"the item is {_kind_of(item)}, not a message object; left out of the timeline")
    raw_time = item.get("timestamp_ms")
    timestamp = _instant(raw_time)
    sender = _text(item, "sender_name", where, problems)
    body = _text(item, "content", where, problems)
    details: dict[str, str] = {"thread_path": thread.path} if thread.path else {}
    kind = item.get("type")
    if kind is not None:
        details["type"] = _compact(kind)
    attachments = _media(item, details, where, problems)
    _share(item, details, where, problems)
    _reactions(item, details, where, problems)
    for key, label in _FLAGS.items():
        flag = item.get(key)
        if flag is True:
            details[label] = "true"
        elif flag not in (None, False):
            details[key] = _compact(flag)
    _unread_fields(item, details)
    record = Record(timestamp=timestamp, timestamp_raw=str(raw_time), channel=thread.channel, kind="message",
                    direction="unknown", sender=sender, sender_name=sender, thread=thread.name, body=body,
                    attachments=attachments, locator=where, details=details)
    if isinstance(kind, str) and kind in NOTICE_TYPES:
        return _notice(record, item)
    if not sender:
        problems.warn(where, "no sender_name: kept, but it cannot be said who sent it")
    record.recipients = [name for name in thread.participants if name != sender]
    if kind == "Call" or "call_duration" in item:
        _call(record, item, where, problems)
    elif not (body or details.keys() & _SHOWN):
        problems.warn(where, f"the download shows no text, media, share or call for this entry by {sender!r}; "
                      "kept as contact with an empty body")
    return record


def _instant(raw: object):
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict | list):
        what = "missing (or null)" if raw is None else f"{_kind_of(raw)}, not a number"
        raise RecordError(f"timestamp_ms is {what}; left out of the timeline")
    if isinstance(raw, str):
        raise RecordError(f"timestamp_ms is the text {raw[:40]!r}, not a number as Meta writes it; "
                          "left out of the timeline")
    if isinstance(raw, Decimal | float):
        raise RecordError(f"timestamp_ms {raw} is not a whole number of milliseconds; left out of the timeline")
    return from_epoch_ms(str(raw))


def _text(item: dict, key: str, where: str, problems: Problems) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return repair_text(value)
    problems.warn(where, f"{key} is {_kind_of(value)}, not text; kept as written ({_compact(value)[:80]})")
    return _compact(value)


def _uri(entry: object) -> str:
    uri = entry.get("uri") if isinstance(entry, dict) else None
    return repair_text(uri) if isinstance(uri, str) else ""


def _media(item: dict, details: dict[str, str], where: str, problems: Problems) -> list[str]:
    """File names (the uri's last part) as attachments; the full uris in details under Meta's key."""
    found: dict[str, list[str]] = {}
    for key in MEDIA_KEYS:
        entries = item.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            entries = [entries]
        for entry in entries:
            uri = _uri(entry)
            if uri:
                found.setdefault(key, []).append(uri)
            else:
                problems.warn(where, f"an entry of {key} has no file path (uri); it is counted in details only")
                found.setdefault(key, []).append("(no uri)")
    sticker = item.get("sticker")
    if sticker is not None:
        uri = _uri(sticker)
        found["sticker"] = [uri or "(no uri)"]
        if not uri:
            problems.warn(where, "the sticker has no file path (uri); it is counted in details only")
    for key, uris in found.items():
        details[key] = ";".join(uris)
    return [uri.rsplit("/", 1)[-1] for uris in found.values() for uri in uris if uri != "(no uri)"]


def _share(item: dict, details: dict[str, str], where: str, problems: Problems) -> None:
    share = item.get("share")
    if share is None:
        return
    if not isinstance(share, dict):
        problems.warn(where, f"share is {_kind_of(share)}, not an object; kept in details as written")
        details["share"] = _compact(share)
        return
    names = {"link": "share_link", "share_text": "share_text", "original_content_owner": "share_owner"}
    for key, value in share.items():
        if value not in (None, ""):
            details[names.get(key, f"share_{key}")] = repair_text(value) if isinstance(value, str) else _compact(value)


def _reactions(item: dict, details: dict[str, str], where: str, problems: Problems) -> None:
    """Reactions are part of their message, not events: "❤ by Sam Taylor; 😮 by Mark Doe"."""
    reactions = item.get("reactions")
    if reactions is None:
        return
    if not isinstance(reactions, list):
        reactions = [reactions]
    shown = []
    for entry in reactions:
        if not isinstance(entry, dict):
            problems.warn(where, f"a reaction is {_kind_of(entry)}, not an object; kept as written")
            shown.append(_compact(entry))
            continue
        emoji, actor = entry.get("reaction", ""), entry.get("actor", "")
        emoji = repair_text(emoji) if isinstance(emoji, str) else _compact(emoji)
        actor = repair_text(actor) if isinstance(actor, str) else _compact(actor)
        text = f"{emoji} by {actor}" if actor else emoji
        if "timestamp" in entry:                    # Instagram dates its reactions
            text += f" at {_reaction_time(entry['timestamp'])}"
        shown.append(text)
    if shown:
        details["reactions"] = "; ".join(shown)


def _reaction_time(raw: object) -> str:
    """UTC time of a reaction: seconds or milliseconds (never both plausible: one unit is 1970 or
    after 2100 where the other is a real date), else the value as written."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        for reader in (from_epoch_s, from_epoch_ms):
            try:
                return utc_text(reader(str(raw)))
            except RecordError:
                continue
    return f"{_compact(raw)} (not a time)"


def _call(record: Record, item: dict, where: str, problems: Problems) -> None:
    """A call placed by the sender; Meta writes 0 seconds for one nobody answered ("missed")."""
    record.kind = "call"
    seconds = item.get("call_duration")
    if isinstance(seconds, int) and not isinstance(seconds, bool) and seconds >= 0:
        record.duration_s = seconds
        record.details["call_outcome"] = "missed" if seconds == 0 else "answered"
    elif seconds is not None:
        shown = json.dumps(seconds, default=str)[:40]
        problems.warn(where, f"call_duration {shown} is not a duration in whole seconds (0 or more); "
                      "the call is kept without a duration")
        record.details["call_duration"] = _compact(seconds)


def _notice(record: Record, item: dict) -> Record:
    """Someone added to or leaving a group: kept for the record, never counted as contact."""
    users = item.get("users")
    names = [repair_text(u["name"]) for u in users if isinstance(u, dict) and isinstance(u.get("name"), str)] \
        if isinstance(users, list) else []
    record.details.update({"notice": "true", "actor": record.sender_name})
    if names:
        record.details["users"] = "; ".join(names)
    record.sender = record.sender_name = ""
    return record


def _unread_fields(item: dict, details: dict[str, str]) -> None:
    """Fields this parser does not interpret, kept in details as meta_<field> (so none can pass for
    one of this parser's own details, such as notice) unless empty or false."""
    for key, value in item.items():
        if key in _READ or value is None or value is False or value in ("", [], {}):
            continue
        details[f"meta_{key}"] = repair_text(value) if isinstance(value, str) else _compact(value)


def _compact(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def _kind_of(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
             Decimal: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
