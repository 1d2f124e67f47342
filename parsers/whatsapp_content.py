"""What the text after a WhatsApp header is: a message from someone, a call, or an app notice.

The export gives no type for a line: a message is `Name: text`, an Android notice has no name at all
(`Mark D created group "x"`), and an iPhone notice often carries the chat's or a person's name and a
U+200E mark before its text (`Mark D: ‎Messages and calls are end-to-end encrypted…`). Notices of
fixed wording (encryption, security code, blocked) are notices even after a name without the mark
(older iPhone exports); notices naming someone ("Sam left", "X added Y") only with no name before
them or with the mark, as "Priya Shah: Sam left" is a message. Notices are recognised by their
English wording only; a notice in another language with no name is still a notice (it has no
sender), but one with a name is read as a message from that name (a limit).

Placeholders stay messages, with a detail saying what they stand for: `<Media omitted>` (Android),
`image omitted` and the like (iPhone), `null` (Android's view-once media), "This message was
deleted", "You deleted this message". "Missed voice call" and "Missed video call" from a name are
calls from that name. Attached files are listed as the export names them: Android's
`IMG-20261012-WA0001.jpg (file attached)` and iPhone's `<attached: 00000012-PHOTO-….jpg>`.
The text itself is never changed: the U+200E marks stay in the body; they only guide the reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LRM = "\u200e"

# Notices whose wording is fixed (no actor): read as notices even after a name without U+200E.
_FIXED = re.compile("|".join((
    r"Messages and calls are end-to-end encrypted\..*",
    r"Messages (?:to|you send to) this (?:group|chat)(?: and calls)? are (?:now )?secured with "
    r"end-to-end encryption\..*",
    r"Your security code with .+ changed\..*",
    r"You (?:un)?blocked this contact\..*|You unblocked this contact",
    r"This chat is with a business account\..*",
    r"This business (?:uses a secure service from Meta|is working with other companies) .*",
    r"This business account has now registered as a standard account\..*",
    r"Disappearing messages were turned (?:on|off)\..*",
)), re.DOTALL)

# Notices naming who did something: read as notices only with no name before them, or after a name
# with U+200E before the text (iPhone), because "Sam left" could be a message.
_ACTOR = re.compile("|".join((
    r".+ created group .+", r".+ created this group",
    r".+ added .+", r".+ (?:was|were) added", r".+ removed .+", r".+ (?:was|were) removed",
    r".+ left", r".+ joined using (?:this group's invite link|a group link)", r".+ joined from the community",
    r".+ changed the subject (?:from .+ )?to .+", r".+ (?:changed|deleted) this group's icon",
    r".+ (?:changed|deleted) the group description",
    r".+ changed (?:this group's settings|the settings|the group settings)\b.*",
    r".+ changed their phone number to a new number\..*", r".+ changed to \+?\d[\d ()-]*",
    r".+'s security code changed\..*", r".+ is a contact\.?",
    r".+ turned (?:on|off) disappearing messages\..*", r".+ updated the message timer\..*",
    r".+ uses a default timer for disappearing messages in new chats\..*",
    r".+ turned (?:on|off) admin approval to join this group", r".+ reset this group's invite link",
    r".+ pinned a message", r"You're (?:now|no longer) an admin",
)), re.DOTALL)

_MISSED_CALL = re.compile(r"Missed (?P<what>(?:group )?(?:voice|video) call)(?:[.,]? ?\u200e?Tap to call back)?\.?")
_ANDROID_FILE = re.compile(r"(?P<file>.+) \(file attached\)")
_IOS_FILE = re.compile(r"<attached: (?P<file>[^>\n]+)>")
_IOS_OMITTED = re.compile(r"(?:.*\u200e)?(?P<what>image|video|audio|sticker|GIF|document|Contact card) omitted")
_DELETED = {"This message was deleted", "This message was deleted.", "You deleted this message",
            "You deleted this message."}
_EDITED = "<This message was edited>"


@dataclass
class Reading:
    """A header's text, read: who sent it (or that it is a notice) and what it holds."""

    sender: str                                   # "" for notices
    text: str                                     # the first line's text after "Name: " (or all of it)
    kind: str = "message"
    notice: bool = False
    attachments: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    warning: str = ""                             # a caveat for problems.warn, '' when none


def sender_of(rest: str) -> str | None:
    """The name in `Name: text`, or None for a line with no name (a notice)."""
    if _is_unnamed_notice(rest):
        return None
    name, sep, _ = rest.partition(": ")
    if sep and name:
        return name
    return None


def is_entry(rest: str) -> bool:
    """Whether the text after a date and time is what WhatsApp writes there: a name and a colon,
    or a notice or call with no name (for identify)."""
    return (sender_of(rest) is not None or rest.endswith(":") or _is_unnamed_notice(rest)
            or bool(_MISSED_CALL.fullmatch(rest.lstrip(LRM))))


def read(rest: str, known_senders: set[str]) -> Reading:
    """Read the text after one header (its first line); `known_senders` are the names seen as
    `Name: ` anywhere in the file, for the rare `Name:text` with no space."""
    if _is_unnamed_notice(rest):
        return Reading("", rest, notice=True, details={"notice": "true"})
    name, sep, text = rest.partition(": ")
    if not (sep and name):
        name, sep, text = rest.partition(":")
        if not (sep and name and (text == "" or name in known_senders)):
            return _unnamed(rest)
        if text:
            reading = _named(name, text)
            reading.warning = (f'no space after "{name}:"; read as a message from {name} (a name seen '
                               f"elsewhere in the file) with the text {text[:40]!r}")
            return reading
    return _named(name, text)


def _named(name: str, text: str) -> Reading:
    core = text.lstrip(LRM)
    marked = core != text
    if _FIXED.fullmatch(core) or (marked and _ACTOR.fullmatch(core)):
        return Reading("", text, notice=True, details={"notice": "true", "name_shown": name})
    reading = Reading(name, text)
    if call := _MISSED_CALL.fullmatch(core):
        reading.kind = "call"
        reading.details["call_outcome"] = f"missed {call['what']}"
    elif core == "<Media omitted>":
        reading.details["placeholder"] = "media omitted from the export"
    elif omitted := _IOS_OMITTED.fullmatch(core):
        reading.details["placeholder"] = f"{omitted['what']} omitted from the export"
    elif core == "null":
        reading.details["placeholder"] = "view-once media (Android writes null)"
    elif core in _DELETED:
        reading.details["placeholder"] = "deleted message"
    elif attached := _ANDROID_FILE.fullmatch(core):
        reading.attachments.append(attached["file"])
    return reading


def finish(reading: Reading, body: str) -> None:
    """What needs the whole body: iPhone attachments (one message may hold several) and the
    'edited' mark newer exports put at the end."""
    if reading.notice:
        return
    reading.attachments.extend(m["file"] for m in _IOS_FILE.finditer(body))
    if body.endswith(_EDITED):
        reading.details["edited"] = "true"


def _unnamed(rest: str) -> Reading:
    """A line with no name that is no known notice: a missed call nobody is named for, or an
    unknown notice (another language, a newer app version)."""
    if call := _MISSED_CALL.fullmatch(rest.lstrip(LRM)):
        return Reading("", rest, kind="call", details={"call_outcome": f"missed {call['what']}"}, warning=(
            "missed call with no caller named in the export; kept as a call, but who called cannot be "
            "told from this line"))
    return Reading("", rest, notice=True, details={"notice": "true"}, warning=(
        "no name before the text, and not a WhatsApp notice caselog knows in English; kept as a "
        "notice from nobody, not counted as contact"))


def _is_unnamed_notice(rest: str) -> bool:
    """A notice with no name before it. A quoted group name may hold ': ', the actor may not."""
    core = rest.lstrip(LRM)
    before_quote = re.split('["“]', core, maxsplit=1)[0]
    if ": " in before_quote:
        return False
    return bool(_FIXED.fullmatch(core) or _ACTOR.fullmatch(core))
