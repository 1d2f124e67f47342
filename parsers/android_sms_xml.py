"""SMS Backup & Restore (SyncTech, Android) texts: `sms-<date>.xml`, one `<smses>` of `<sms>`/`<mms>`.

How users get it: the app's "Back up now" writes it to the phone or to Drive; victims copy it off.
Quirks handled here:
- `<sms type>`: 1 received, 2 sent; 3 draft, 4 outbox, 5 failed and 6 queued reached nobody, so they
  are left out and listed in problems.csv, never counted as contact.
- `<mms msg_box>`: 1 received, 2 sent. Addresses are in `<addrs>`: type 137 from, 151 to, 130 cc,
  129 bcc; the owner's own address in a sent MMS is often the token `insert-address-token`.
  `date` is milliseconds (the app converts it); `date_sent` is seconds and kept as a detail only.
- Text parts (`ct="text/plain"`) become the body, other parts (images, vCards, audio) attachments,
  named as the part names them; the SMIL layout part is skipped. Part data (base64) is not decoded.
- Emoji arrive as surrogate references; `xmlstream` repairs them. Bodies keep `&#10;` newlines and
  every character as sent.
- Group texts list several addresses in `address`, separated by `~`.
Not read: `readable_date` (the phone's wall time; `date` is the truth), delivery reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from caselog.errors import RecordError
from caselog.model import Problems, Record, Source
from caselog.times import from_epoch_ms, from_epoch_s
from caselog.xmlstream import Node, root_tag, top_level_elements

name = "android_sms_xml"
description = "SMS Backup & Restore XML from an Android phone (texts and picture messages)"

_SMS_DIRECTION = {"1": "incoming", "2": "outgoing"}
_SMS_NOT_SENT = {"3": "a draft", "4": "in the outbox, not sent", "5": "a failed send", "6": "queued, not sent"}
_MMS_DIRECTION = {"1": "incoming", "2": "outgoing"}
_ADDR_FROM, _ADDR_TO = "137", ("151", "130", "129")
_NULLS = {"", "null"}
_OWNER_TOKEN = "insert-address-token"


def identify(source: Source) -> bool:
    return root_tag(source) == "smses"


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    counts = {"sms": 0, "mms": 0}
    for elem in top_level_elements(source, problems, "smses"):
        tag = elem.tag
        if tag not in counts:
            problems.warn(f"<{tag}>", f"unexpected element <{tag}> under <smses>; not a message, not read")
            continue
        where = f"{tag}[{counts[tag]}]"
        counts[tag] += 1
        try:
            yield _sms(elem.attrib, where) if tag == "sms" else _mms(elem, where, problems)
        except RecordError as err:
            problems.add(where, str(err))


def _text(elem: dict[str, str], key: str) -> str:
    value = elem.get(key, "")
    return "" if value in _NULLS else value


def _addresses(value: str) -> list[str]:
    return [part for part in value.split("~") if part and part not in _NULLS]


def _sms(elem: dict[str, str], where: str) -> Record:
    code = elem.get("type", "")
    direction = _SMS_DIRECTION.get(code)
    if direction is None:
        why = _SMS_NOT_SENT.get(code, f"of unknown type {code!r}")
        raise RecordError(f"text is {why} (type={code}); it reached nobody, so it is not contact; "
                          "left out of the timeline")
    address = elem.get("address", "")
    if address in _NULLS:
        raise RecordError("text has no address (no number); left out of the timeline")
    parties = _addresses(address)
    return Record(
        timestamp=from_epoch_ms(elem.get("date")),
        timestamp_raw=elem.get("date", ""),
        channel="sms",
        kind="message",
        direction=direction,
        sender=parties[0] if direction == "incoming" else "",
        sender_name=_contact_name(elem) if direction == "incoming" else "",
        recipients=parties if direction == "outgoing" else [],
        thread=address,
        subject=_text(elem, "subject"),
        body=elem.get("body", ""),
        locator=where,
        details=_details(elem, ("type", "readable_date", "contact_name", "date_sent")),
    )


def _mms(node: Node, where: str, problems: Problems) -> Record:
    elem = node.attrib
    box = elem.get("msg_box", "")
    direction = _MMS_DIRECTION.get(box)
    if direction is None:
        raise RecordError(f"picture message in box {box!r} (not received or sent: a draft or outbox); "
                          "it reached nobody, so it is not contact; left out of the timeline")
    sender, recipients = "", []
    for addr in node.iter("addr"):
        value = addr.get("address", "")
        if value in _NULLS or value == _OWNER_TOKEN:
            continue
        if addr.get("type") == _ADDR_FROM:
            sender = value
        elif addr.get("type") in _ADDR_TO:
            recipients.append(value)
    texts, attachments = [], []
    for index, part in enumerate(node.iter("part")):
        kind = part.get("ct", "")
        if kind == "application/smil":
            continue
        if kind == "text/plain":
            texts.append(part.get("text", ""))
        else:
            attachments.append(_part_name(part, index))
    if direction == "incoming" and not sender:
        sender = next(iter(_addresses(elem.get("address", ""))), "")
    return Record(
        timestamp=_mms_time(elem, where, problems),
        timestamp_raw=elem.get("date", ""),
        channel="mms",
        kind="message",
        direction=direction,
        sender=sender if direction == "incoming" else "",
        sender_name=_contact_name(elem) if direction == "incoming" and "~" not in elem.get("address", "")
        else "",                  # a group's contact_name names the whole thread, not the sender
        recipients=recipients,
        thread=elem.get("address", ""),
        subject=_text(elem, "sub"),
        body="\n".join(texts),
        attachments=attachments,
        locator=where,
        details=_details(elem, ("msg_box", "m_type", "readable_date", "contact_name", "date_sent")),
    )


def _mms_time(elem: dict[str, str], where: str, problems: Problems):
    """`date` is milliseconds; some app versions left it in seconds, which is read as such and said."""
    raw = elem.get("date")
    try:
        return from_epoch_ms(raw)
    except RecordError:
        instant = from_epoch_s(raw)      # raises the same kind of error if seconds make no sense either
        problems.warn(where, f"date {raw} is in seconds, not milliseconds; read as seconds")
        return instant


def _part_name(part: Node, index: int) -> str:
    for key in ("name", "fn", "cl"):
        value = part.get(key, "")
        if value not in _NULLS:
            return value
    return f"part{index}.{part.get('ct', 'bin').rsplit('/', 1)[-1]}"


def _contact_name(elem: dict[str, str]) -> str:
    value = _text(elem, "contact_name")
    return "" if value == "(Unknown)" else value


def _details(elem: dict[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    return {key: elem.get(key, "") for key in keys if elem.get(key) is not None}
