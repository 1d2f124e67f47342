"""An Outlook message saved as a file (.msg): one e-mail in an OLE compound file, MAPI properties inside.

How users get it: dragging a mail out of Outlook onto the desktop or a USB stick, File > Save As, or
a mailbox export tool. One file is one message (locator `message`).

How it is read (MS-OXMSG; values decoded in outlook_mapi):
- Time: the `Date` of the message's own Internet headers (PR_TRANSPORT_MESSAGE_HEADERS), as the
  sender's mail program wrote it. A message with no such headers (a draft, a mail saved before it was
  sent, Exchange-internal mail) takes PR_CLIENT_SUBMIT_TIME, else PR_MESSAGE_DELIVERY_TIME, and a
  warning names the property. Never the file's or the OLE streams' own dates, nor PR_CREATION_TIME.
  No time at all: the message is left out and listed in problems.csv.
- Sender: the SMTP address of "sent representing" (the From a reader sees), else of the sender,
  lower-cased; an Exchange legacy address (/O=…/CN=…) with no SMTP address beside it is kept as
  written, with a warning. A delegate who sent on someone's behalf is kept in details `sent_by`.
- Recipients: the recipient table (To, Cc and Bcc, each with its SMTP address), else the To and Cc
  of the headers. Direction is "unknown": normalise decides it from the case's identifiers.
- Body: PR_BODY exactly as stored (CRLF kept). Without it, the HTML body (or the HTML or text
  inside the RTF body) is shown as plain text, and a warning says so.
- Attachments by file name, with details `attachment_sha256` ("name=sha256; …"). An attached e-mail
  (embedded message) is an attachment of this one, never an event of its own; it has no file bytes
  to hash. Files attached by reference hold no bytes either; details say which.
- Notices: delivery and read reports (REPORT.*) are kept with details notice=true, no sender.
  Contacts, appointments, tasks, notes and distribution lists saved as .msg are not events: a
  warning names the kind and nothing goes on the timeline.
Not read: the RTF formatting, reactions and categories, named properties, the embedded messages'
own contents (open the exhibit), S/MIME signatures and encrypted bodies (kept as an attachment).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from email.utils import getaddresses

import extract_msg
import olefile
from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import outlook_body
from caselog.parsers import outlook_mapi as mapi
from caselog.parsers.email_headers import message_ids, parse_date, parse_headers
from caselog.parsers.email_text import Notes, decode_words
from extract_msg.enums import ErrorBehavior

name = "outlook_msg"
description = "Outlook e-mail saved as a .msg file (OLE compound file with MAPI properties)"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WHERE = "message"
_RECIPIENT_KINDS = {1: "to", 2: "cc", 3: "bcc"}
_NOT_EVENTS = {"ipm.contact": "a contact", "ipm.distlist": "a distribution list", "ipm.appointment": "an appointment",
               "ipm.task": "a task", "ipm.stickynote": "a note", "ipm.activity": "a journal entry",
               "ipm.ole.class": "an appointment exception"}
_MESSAGES = ("ipm.note", "ipm.schedule.meeting", "ipm.post", "ipm.taskrequest", "ipm.skypeteams.message",
             "ipm.sharing", "ipm.outlook.recall")
_UNSENT = 0x08                  # MSGFLAG_UNSENT: a draft, never sent


def identify(source: Source) -> bool:
    """An OLE compound file whose root holds MAPI property streams (a .doc or .xls has none)."""
    if not source.head(8).startswith(OLE_MAGIC):
        return False
    try:
        with source.open() as stream:
            ole = olefile.OleFileIO(stream)
            try:
                names = {entry.name for entry in ole.root.kids} if ole.root is not None else set()
            finally:
                ole.close()
    except mapi.READ_ERRORS:
        return False            # a damaged compound file is not claimed: it stays an exhibit
    return "__properties_version1.0" in names and any(n.startswith("__substg1.0_") for n in names)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    with source.open() as stream:
        msg = _open(stream)
        try:
            notes: list[str] = []
            try:
                props = mapi.Props(msg, (), mapi.HEADER_MESSAGE, notes)
                record = _record(props, notes)
            except RecordError as err:          # before READ_ERRORS: a RecordError is a ValueError
                _say(problems, notes)
                problems.add(_WHERE, str(err))
                return
            except mapi.READ_ERRORS as err:
                raise SourceError(f"the message's properties cannot be read ({type(err).__name__}: {err}): the file "
                                  "is damaged or cut off; kept as an exhibit but not read") from None
            _say(problems, notes)
            if record is not None:
                yield record
        finally:
            msg.close()


def _open(stream):
    """extract-msg's reader on the stream (it checks the compound file's structure strictly)."""
    lenient = ErrorBehavior.ATTACH_SUPPRESS_ALL | ErrorBehavior.RTFDE | ErrorBehavior.STANDARDS_VIOLATION
    try:
        return extract_msg.MSGFile(stream, delayAttachments=True, errorBehavior=lenient)
    except mapi.READ_ERRORS as err:
        raise SourceError(f"extract-msg cannot open this Outlook message ({type(err).__name__}: {err}): the file is "
                          "damaged or cut off; kept as an exhibit but not read") from None


def _say(problems: Problems, notes: list[str]) -> None:
    for note in dict.fromkeys(notes):
        problems.warn(_WHERE, note)


def _record(props: mapi.Props, notes: list[str]) -> Record | None:
    message_class = props.string(mapi.PR_MESSAGE_CLASS, "the message class")
    lowered = message_class.lower()
    kind = next((what for prefix, what in _NOT_EVENTS.items() if lowered.startswith(prefix)), None)
    if kind is not None:
        notes.append(f"this .msg is {kind} ({message_class}), not a message: not an event")
        return None
    notice = lowered.startswith("report.")
    if not notice and lowered != "ipm" and not lowered.startswith(_MESSAGES):
        notes.append(f"message class {message_class or '(none)'!r} is not a known e-mail class; read as an e-mail")
    header_text = props.string(mapi.PR_TRANSPORT_MESSAGE_HEADERS, "the Internet headers")
    header_notes = Notes()
    headers = parse_headers(header_text.encode("utf-8", errors="surrogatepass"), header_notes)[0] if header_text else {}
    notes.extend(f"Internet headers: {w}" for w in header_notes.warnings)
    when, raw, details = _time(props, headers, notes)
    flags = props.int32(mapi.PR_MESSAGE_FLAGS) or 0
    if flags & _UNSENT:
        details["unsent"] = "true"
        notes.append("the message was never sent (a draft: MSGFLAG_UNSENT); it is kept, but it reached nobody")
    details["message_class"] = message_class
    sender, sender_name = ("", "") if notice else _sender(props, headers, details, notes)
    recipients = _recipients(props, headers, details, notes)
    attachments = _attachments(props, details, notes)
    _ids(props, headers, details)
    thread = props.string(mapi.PR_CONVERSATION_TOPIC, "the conversation topic")
    index = props.binary(mapi.PR_CONVERSATION_INDEX)
    if index and len(index) >= 22:
        details["conversation_index"] = index[:22].hex()
    thread = thread or details.get("conversation_index", "") or details.get("message_id", "")
    if notice:
        details["notice"] = "true"
    body = outlook_body.body(props, details, notes)
    if not body and "smime" in lowered:
        notes.append("the message is signed or encrypted (S/MIME): its text is inside the attachment smime.p7m, "
                     "which is listed and hashed but not read")
    # A draft with no sender was written in this mailbox, by its owner: outgoing, but marked unsent
    # (never counted as a request to stop, since it reached nobody).
    direction = "outgoing" if details.get("unsent") == "true" and not sender and not notice else "unknown"
    return Record(
        timestamp=when, timestamp_raw=raw, channel="email", kind="message", direction=direction,
        sender=sender, sender_name=sender_name, recipients=recipients, thread=thread,
        subject=props.string(mapi.PR_SUBJECT, "the subject"), body=body,
        attachments=attachments, locator=_WHERE, details=details,
    )


def _time(props: mapi.Props, headers: dict[str, str], notes: list[str]) -> tuple[datetime, str, dict[str, str]]:
    """(time, as written, details) from the Date header, else the submit or delivery property."""
    details: dict[str, str] = {}
    stored = {tag: props.time(tag) for tag in mapi.TIME_NAMES}
    for tag, value in stored.items():
        if value is not None:
            details[mapi.TIME_NAMES[tag].lower().removeprefix("pr_")] = mapi.filetime_text(value)
    fallback = next(((tag, value) for tag, value in stored.items() if value is not None), None)
    date_raw = headers.get("date", "")
    if date_raw:
        details["date_header"] = date_raw
        date_notes = Notes()
        parsed = parse_date(date_raw, date_notes)
        if parsed is not None and (parsed.tzinfo is not None or fallback is None):
            notes.extend(date_notes.warnings)
            return parsed, date_raw, details
        if fallback is None:
            raise RecordError(f"the Date header {date_raw[:60]!r} is not a date that exists, and the message has "
                              "no submit or delivery time; left out of the timeline")
        why = "has no usable time zone" if parsed is not None else "is not a date that exists"
        notes.append(f"the Date header {date_raw[:60]!r} {why}; the time is {_SAID[fallback[0]]}")
    elif fallback is not None:
        notes.append(f"no Date in the message's Internet headers ({'none stored' if not headers else 'none given'}); "
                     f"the time is {_SAID[fallback[0]]}")
    else:
        raise RecordError("the message has no Date header and no submit or delivery time (the file's own dates "
                          "are not the message's); left out of the timeline")
    tag, value = fallback
    details["time_source"] = mapi.TIME_NAMES[tag]
    return value, f"{mapi.TIME_NAMES[tag]} {mapi.filetime_text(value)}", details


_SAID = {mapi.PR_CLIENT_SUBMIT_TIME: "PR_CLIENT_SUBMIT_TIME, when the sender's Outlook submitted it",
         mapi.PR_MESSAGE_DELIVERY_TIME: "PR_MESSAGE_DELIVERY_TIME, when it was stored in the mailbox it was "
         "saved from (for a draft: when it was saved)"}


def _address(smtp: str, written: str, addrtype: str, who: str, notes: list[str]) -> str:
    """The e-mail address to use: SMTP if stored, else as written; lower-cased when it is one."""
    if smtp.strip():
        return smtp.strip().lower()
    written = written.strip()
    if not written:
        return ""
    if addrtype.upper() == "EX" or written.startswith("/"):
        notes.append(f"{who} {written!r} is an Exchange address with no SMTP address in the file; kept "
                     "as written: match it to a person by hand")
        return written
    return written.lower() if "@" in written else written


def _sender(props: mapi.Props, headers: dict[str, str], details: dict[str, str],
            notes: list[str]) -> tuple[str, str]:
    shown = (_address(props.string(mapi.PR_SENT_REPRESENTING_SMTP_ADDRESS, "the sender's address"),
                      props.string(mapi.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "the sender's address"),
                      props.string(mapi.PR_SENT_REPRESENTING_ADDRTYPE, "the sender's address type"), "the sender",
                      notes), props.string(mapi.PR_SENT_REPRESENTING_NAME, "the sender's name"))
    actual = (_address(props.string(mapi.PR_SENDER_SMTP_ADDRESS, "the sender's address"),
                       props.string(mapi.PR_SENDER_EMAIL_ADDRESS, "the sender's address"),
                       props.string(mapi.PR_SENDER_ADDRTYPE, "the sender's address type"), "the sender",
                       notes), props.string(mapi.PR_SENDER_NAME, "the sender's name"))
    if not shown[0] and not shown[1]:
        shown = actual
    elif actual[0] and shown[0] and actual[0] != shown[0]:
        details["sent_by"] = f"{actual[1]} <{actual[0]}>" if actual[1] else actual[0]
    address, display = shown
    if not address and headers.get("from"):
        found = _header_addresses(headers["from"], "From", notes)
        if found:
            display, address = display or found[0][0], found[0][1].lower()
    if not address and not display:
        notes.append("the message names no sender")
    return address, display


def _header_addresses(value: str, what: str, notes: list[str]) -> list[tuple[str, str]]:
    """[(display name, address)] of an address header; RFC 2047 names decoded."""
    found = Notes()
    pairs = [(decode_words(n, f"the {what} header", found), a) for n, a in getaddresses([value]) if n or a]
    notes.extend(f"Internet headers: {w}" for w in found.warnings)
    return pairs


def _recipients(props: mapi.Props, headers: dict[str, str], details: dict[str, str], notes: list[str]) -> list[str]:
    found: dict[str, list[tuple[str, str]]] = {"to": [], "cc": [], "bcc": []}
    for storage in props.child_storages("__recip_version1.0_#"):
        row = props.child(storage)
        kind = _RECIPIENT_KINDS.get((row.int32(mapi.PR_RECIPIENT_TYPE) or 0) & 0x0F)
        if kind is None:
            continue
        display = row.string(mapi.PR_DISPLAY_NAME, "a recipient's name")
        address = _address(row.string(mapi.PR_SMTP_ADDRESS, "a recipient's address"),
                           row.string(mapi.PR_EMAIL_ADDRESS, "a recipient's address"),
                           row.string(mapi.PR_ADDRTYPE, "a recipient's address type"), f"recipient {display!r}", notes)
        found[kind].append((display, address))
    if not any(found.values()):
        for kind in ("to", "cc"):
            if headers.get(kind):
                found[kind] = [(n, a.lower()) for n, a in _header_addresses(headers[kind], kind.title(), notes)]
    recipients = []
    for kind, people in found.items():
        if people:
            details[kind] = "; ".join(f"{n} <{a}>" if n and a and n != a else a or n for n, a in people)
            recipients.extend(a or n for n, a in people if a or n)
    return recipients


def _attachments(props: mapi.Props, details: dict[str, str], notes: list[str]) -> list[str]:
    names, hashes, without_bytes = [], [], []
    for number, storage in enumerate(props.child_storages("__attach_version1.0_#"), 1):
        try:
            _attachment(props.child(storage), number, names, hashes, without_bytes)
        except mapi.READ_ERRORS as err:
            names.append(f"attachment {number}")
            notes.append(f"attachment {number} cannot be read ({type(err).__name__}: {err}): the file may be cut "
                         "off; its name and bytes are missing here, see the exhibit")
    if hashes:
        details["attachment_sha256"] = "; ".join(hashes)
    if without_bytes:
        details["attachments_without_bytes"] = "; ".join(without_bytes)
    return names


def _attachment(part: mapi.Props, number: int, names: list[str], hashes: list[str], without_bytes: list[str]) -> None:
    method = part.int32(mapi.PR_ATTACH_METHOD)
    embedded = part.has_storage(f"__substg1.0_{mapi.PR_ATTACH_DATA:04X}000D")
    label = (part.string(mapi.PR_ATTACH_LONG_FILENAME, f"attachment {number}'s name")
             or part.string(mapi.PR_ATTACH_FILENAME, f"attachment {number}'s name")
             or part.string(mapi.PR_DISPLAY_NAME, f"attachment {number}'s name"))
    if embedded and not label:
        label = part.child(f"__substg1.0_{mapi.PR_ATTACH_DATA:04X}000D", mapi.HEADER_EMBEDDED).string(
            mapi.PR_SUBJECT, f"attachment {number}'s subject")
    label = label or f"attachment {number}"
    data = part.binary(mapi.PR_ATTACH_DATA)
    names.append(label)
    if data is not None:
        hashes.append(f"{label}={hashlib.sha256(data).hexdigest()}")
    elif embedded and method == 5:
        without_bytes.append(f"{label} (an attached e-mail)")
    elif embedded:
        without_bytes.append(f"{label} (an embedded OLE object)")
    else:
        without_bytes.append(f"{label} (attached by reference, method {method}: no bytes in the file)")


def _ids(props: mapi.Props, headers: dict[str, str], details: dict[str, str]) -> None:
    for key, tag, header in (("message_id", mapi.PR_INTERNET_MESSAGE_ID, "message-id"),
                             ("in_reply_to", mapi.PR_IN_REPLY_TO_ID, "in-reply-to")):
        value = props.string(tag, key.replace("_", " ")) or headers.get(header, "")
        ids = message_ids(value)
        if ids:
            details[key] = " ".join(ids)
    if headers.get("references"):
        details["references"] = " ".join(message_ids(headers["references"]))
