"""SMS Backup & Restore (SyncTech, Android) call log: `calls-<date>.xml`, one `<calls>` of `<call>`.

How users get it: the same app as the texts, "Back up now" with call logs ticked.
Every call attempt is an event, from the victim's point of view: answered, missed, voicemail,
rejected, blocked ("refused list") and answered-on-another-device calls are incoming; only type 2
is outgoing. An unknown type code is kept (direction unknown) and reported.
`presentation` says whether the network gave the number: 2 restricted (withheld), 3 unknown,
4 payphone. Such calls have no sender, whatever placeholder (`-1`, `-2`, empty) the number holds, so
they are never attributed to anyone.
Not read: subscription ids (which SIM), `readable_date` (the phone's wall time; `date` is the truth).
"""

from __future__ import annotations

from collections.abc import Iterator

from caselog.errors import RecordError
from caselog.model import Problems, Record, Source
from caselog.times import from_epoch_ms
from caselog.xmlstream import root_tag, top_level_elements

name = "android_calls_xml"
description = "SMS Backup & Restore XML call log from an Android phone"

_OUTCOMES = {
    "1": ("incoming", "answered"),
    "2": ("outgoing", "outgoing"),
    "3": ("incoming", "missed"),
    "4": ("incoming", "voicemail"),
    "5": ("incoming", "rejected"),
    "6": ("incoming", "blocked"),
    "7": ("incoming", "answered elsewhere"),
}
_HIDDEN = {"2": "withheld", "3": "unknown", "4": "payphone"}
_PLACEHOLDERS = {"", "-1", "-2", "-3", "-4", "null"}


def identify(source: Source) -> bool:
    return root_tag(source) == "calls"


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    index = 0
    for elem in top_level_elements(source, problems, "calls"):
        if elem.tag != "call":
            problems.warn(f"<{elem.tag}>", f"unexpected element <{elem.tag}> under <calls>; not read")
            continue
        where = f"call[{index}]"
        index += 1
        try:
            yield _call(elem.attrib, where, problems)
        except RecordError as err:
            problems.add(where, str(err))


def _call(elem: dict[str, str], where: str, problems: Problems) -> Record:
    code = elem.get("type", "")
    direction, outcome = _OUTCOMES.get(code, ("unknown", f"unknown type {code}"))
    if code not in _OUTCOMES:
        problems.warn(where, f"call type {code!r} is not one the app documents; kept with direction unknown")
    number = elem.get("number", "")
    hidden = _HIDDEN.get(elem.get("presentation", "1"))
    if number in _PLACEHOLDERS:
        hidden, number = hidden or "no number", ""
    elif hidden:
        number = ""                  # a number beside presentation=restricted is not to be trusted
    details = {"call_outcome": outcome, "type": code, "presentation": elem.get("presentation", ""),
               "readable_date": elem.get("readable_date", ""), "contact_name": elem.get("contact_name", "")}
    if hidden:
        details["caller_id"] = hidden
    return Record(
        timestamp=from_epoch_ms(elem.get("date")),
        timestamp_raw=elem.get("date", ""),
        channel="call",
        kind="call",
        direction=direction,
        sender=number if direction != "outgoing" else "",
        sender_name=_contact_name(elem) if direction != "outgoing" and number else "",
        recipients=[number] if direction == "outgoing" and number else [],
        thread=number,
        duration_s=_duration(elem, where, problems),
        locator=where,
        details=details,
    )


def _duration(elem: dict[str, str], where: str, problems: Problems) -> int | None:
    raw = elem.get("duration", "")
    try:
        seconds = int(raw)
    except ValueError:
        problems.warn(where, f"duration {raw[:20]!r} is not a number of seconds; left empty")
        return None
    if seconds < 0:
        problems.warn(where, f"duration {seconds} s is negative; left empty")
        return None
    return seconds


def _contact_name(elem: dict[str, str]) -> str:
    value = elem.get("contact_name", "")
    return "" if value in ("(Unknown)", "null") else value
