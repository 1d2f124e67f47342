"""One e-mail message (RFC 5322 bytes) → one Record, for email_eml and email_mbox (a helper, not a parser).

- Time: the Date header, with its offset (aware). When Date is missing or unreadable, the mbox From_
  line's time if there is one (with a warning), else the message is left out ("no usable Date");
  never the file's mtime. `timestamp_raw` is the Date text (or the From_ line's date) as written.
- Sender: the From address lower-cased when email-validator (no DNS) accepts it, else kept as
  written with a warning; sender_name the decoded display name. Recipients: To + Cc + Bcc.
- Thread: X-GM-THRID (Gmail), else the first Message-ID of References, else In-Reply-To, else the
  message's own Message-ID. Direction is "unknown": normalise resolves it from the case identifiers.
- details: message_id, in_reply_to, reply_to, labels (X-Gmail-Labels), attachment_sha256 and
  attachment_bytes ("name=value" pairs joined by "; "), body_from ("text/html" when the body is the
  HTML part rendered as text).
A message that looks cut off (see email_mime) is kept with one warning naming every sign of it.
"""

from __future__ import annotations

from datetime import datetime

from caselog.model import Problems, Record
from caselog.parsers.email_dates import parse_date
from caselog.parsers.email_headers import addresses, header_end, message_ids, params, parse_headers
from caselog.parsers.email_mime import read_content
from caselog.parsers.email_text import Notes, decode_words
from email_validator import EmailNotValidError, validate_email

MAX_MESSAGE_BYTES = 256 << 20      # a message is held in memory to be read; beyond this only its start is
_BOM = b"\xef\xbb\xbf"


class Memo:
    """What one source repeats, worked out once: a mailbox of a hundred thousand messages has a few
    hundred distinct From/To values and Content-Type lines, and email-validator costs ~25 µs a call.
    Answers are remembered with the warnings they gave, which are said again for each message."""

    def __init__(self, limit: int = 50_000) -> None:
        self._limit = limit
        self._valid: dict[str, str | None] = {}
        self._tables: dict[str, dict] = {"addresses": {}, "params": {}}
        self.zones: dict[str, object] = {}

    def problem(self, address: str) -> str | None:
        """None when email-validator (no DNS) accepts the address, else its reason."""
        if address in self._valid:
            return self._valid[address]
        try:
            validate_email(address, check_deliverability=False)
            verdict = None
        except EmailNotValidError as err:
            verdict = str(err)
        if len(self._valid) < self._limit:
            self._valid[address] = verdict
        return verdict

    def addresses(self, value: str, what: str, notes: Notes) -> list[tuple[str, str]]:
        return self._remembered("addresses", (value, what), lambda quiet: addresses(value, what, quiet), notes)

    def params(self, value: str, what: str, notes: Notes) -> tuple[str, dict[str, str]]:
        if "boundary" in value or "name" in value:      # unique per message: not worth remembering
            return params(value, what, notes)
        return self._remembered("params", (value, what), lambda quiet: params(value, what, quiet), notes)

    def _remembered(self, table: str, key: tuple, compute, notes: Notes):
        known = self._tables[table].get(key)
        if known is None:
            quiet = Notes()
            known = (compute(quiet), tuple(quiet.warnings))
            if len(self._tables[table]) < self._limit:
                self._tables[table][key] = known
        result, warnings = known
        for reason in warnings:
            notes.warn(reason)
        return result


def build_record(data: bytes, locator: str, problems: Problems, memo: Memo, *,
                 from_line_date: str = "", file_cut: bool = False, size_bytes: int = 0,
                 details: dict[str, str] | None = None) -> Record | None:
    """The message's Record, or None after `problems.add` when it cannot go on the timeline.

    `from_line_date` is the mbox From_ line's date text (fallback time); `file_cut` says the file ends
    inside this message; `size_bytes` > len(data) says only the first MAX_MESSAGE_BYTES were kept.
    """
    notes = Notes()
    start = len(_BOM) if data.startswith(_BOM) else 0
    block_end, body_start = header_end(data, start, len(data))
    headers, used = parse_headers(data[start:block_end], notes)
    if used < block_end - start:
        body_start = start + used
    if used == 0:
        problems.add(locator, "no e-mail header fields (damaged, or not a message); left out of the timeline")
        return None
    if body_start == len(data) and block_end == len(data):
        if file_cut:
            problems.add(locator, "the file ends inside this message's headers (cut off); left out of the timeline")
            return None
        notes.warn("no blank line after the headers: the message has no body")
    when, when_raw = _time(headers, from_line_date, notes, memo)
    if when is None:
        said = headers.get("date", "").strip()
        why = f"Date {said[:60]!r} cannot be read" if said else "no Date header"
        also = ", nor the mbox From_ line's time" if from_line_date else ""
        problems.add(locator, f"no usable Date ({why}{also}); left out of the timeline")
        return None
    if size_bytes > len(data):
        notes.cut(f"the message is {size_bytes:,} bytes; only the first {len(data):,} were read")
    if file_cut:
        notes.cut("the file ends inside it, mid-line")
    sender, sender_name = _sender(headers.get("from", ""), memo, notes)
    content = read_content(data, headers, body_start, len(data), notes, memo.params)
    extra = _details(headers, content, notes)
    if details:
        extra.update(details)
    record = Record(
        timestamp=when,
        timestamp_raw=when_raw,
        channel="email",
        kind="message",
        direction="unknown",
        sender=sender,
        sender_name=sender_name,
        recipients=_recipients(headers, memo, notes),
        thread=_thread(headers),
        subject=decode_words(headers.get("subject", ""), "header Subject", notes),
        body=content.body,
        attachments=content.attachments,
        locator=locator,
        details=extra,
    )
    for reason in notes.warnings:
        problems.warn(locator, reason)
    if notes.incomplete:
        problems.warn(locator, f"the message looks cut off ({'; '.join(notes.incomplete)}); what is there is "
                      "kept, the rest is missing")
    return record


def _time(headers: dict[str, str], from_line_date: str, notes: Notes, memo: Memo) -> tuple[datetime | None, str]:
    raw = headers.get("date", "")
    if raw.strip():
        when = parse_date(raw, notes, zones=memo.zones)
        if when is not None:
            return when, raw.strip()
    if not from_line_date:
        return None, ""
    when = parse_date(from_line_date, notes, "mbox From_ line date", memo.zones)
    if when is not None:
        why = f"the Date {raw.strip()[:60]!r} cannot be read" if raw.strip() else "there is no Date header"
        notes.warn(f"{why}; the time is the mbox From_ line's ({from_line_date}), when the mailbox stored it")
    return when, from_line_date


def _sender(value: str, memo: Memo, notes: Notes) -> tuple[str, str]:
    if not value.strip():
        notes.warn("no From header: the sender is unknown")
        return "", ""
    found = memo.addresses(value, "header From", notes)
    if not found:
        return decode_words(value, "header From", notes).strip(" \t"), ""
    name, address = found[0]
    if len(found) > 1:
        notes.warn(f"From names {len(found)} addresses; the first is the sender")
    if not address:
        return name, name
    reason = memo.problem(address)
    if reason is None:
        return address.lower(), name
    notes.warn(f"From address {address!r} is not a valid e-mail address ({reason}); kept as written")
    return address, name


def _recipients(headers: dict[str, str], memo: Memo, notes: Notes) -> list[str]:
    found = []
    for key, label in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc")):
        value = headers.get(key, "")
        if not value.strip() or value.rstrip().endswith(":;"):
            continue                      # empty, or a group with no one in it (undisclosed-recipients:;)
        for name, address in memo.addresses(value, f"header {label}", notes):
            if not address:
                found.append(name)
                continue
            reason = memo.problem(address)
            if reason is None:
                found.append(address.lower())
            else:
                notes.warn(f"{label} address {address!r} is not a valid e-mail address ({reason}); kept as written")
                found.append(address)
    return found


def _thread(headers: dict[str, str]) -> str:
    gmail = headers.get("x-gm-thrid", "").strip()
    if gmail:
        return gmail
    for key in ("references", "in-reply-to", "message-id"):
        found = message_ids(headers.get(key, ""))
        if found:
            return found[0]
    return ""


def _details(headers: dict[str, str], content, notes: Notes) -> dict[str, str]:
    details: dict[str, str] = {}
    for key, header in (("message_id", "message-id"), ("in_reply_to", "in-reply-to")):
        value = headers.get(header, "").strip()
        if value:
            details[key] = value
    reply_to = headers.get("reply-to", "").strip()
    if reply_to:
        details["reply_to"] = decode_words(reply_to, "header Reply-To", notes)
    labels = headers.get("x-gmail-labels", "").strip()
    if labels:
        details["labels"] = decode_words(labels, "header X-Gmail-Labels", notes)
    if content.attachments:
        details["attachment_sha256"] = "; ".join(content.digests)
        details["attachment_bytes"] = "; ".join(content.sizes)
    if content.body_from_html:
        details["body_from"] = "text/html"
    return details
