"""What the media parsers (media_image, media_document) share: embedded times, and chat exports.

Embedded times. A photo, screenshot or document carries the time its device or program wrote into
it (EXIF, XMP, a PNG text chunk, a PDF's Info dictionary, an Office file's core properties). That is
what the device's clock said, nothing more: the clock may be wrong and the field can be edited, so
each record says which field its time came from (`details["time_source"]`, and the locator). A time
with an offset is an instant; one without is wall-clock time that `normalise` places in the case
zone, with a warning that the device's zone was assumed to be the case's. Times that say when a file
was last *changed* (EXIF DateTime, PNG tIME, PDF ModDate, dcterms:modified) and the file system's
modification time are never used: a file with no creation time is kept as an exhibit and listed in
problems.csv, not placed on the timeline.

Chat exports. A photo inside a WhatsApp, Telegram or Meta export is an attachment of its message,
never an event of its own (ARCHITECTURE.md). `in_chat_export` tells it from a screenshot handed in
on its own by the names of the files handed in with it (`Source.siblings`, set by preserve for zip
members and for files of a folder INPUT): the file's folder holds a chat export's main file
(`_chat.txt`, `WhatsApp Chat with X.txt` in any language, Telegram's `result.json` or
`messages.html`, Meta's `message_1.json` or `message_1.html`), or the file sits in a media subfolder
(`photos/`, `files/`…) of such a folder. So screenshots belong in a folder or zip of their own, not
beside an unzipped chat text. The files of an iPhone backup folder (`<2 hex>/<40 hex>` beside
Manifest.db) are not claimed either: a whole phone's camera roll and message attachments are not
events one by one (the advocate hands in the photos that matter on their own).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from caselog.errors import RecordError
from caselog.model import Problems, Record, Source
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

WHOLE_FILE = "whole file"
MAX_XMP_BYTES = 1 << 20

_CHAT_FILES = ("_chat.txt", "result.json", "messages.html", "message_1.json", "message_1.html")
_IOS_BACKUP_FILES = ("Manifest.db", "Manifest.plist")
_IOS_BACKUP_SHARD = re.compile(r"[0-9a-f]{2}")
_EXPORT_MEDIA_FOLDERS = frozenset({"photos", "files", "videos", "video_files", "gifs", "audio", "stickers",
                                   "voice_messages", "round_video_messages"})
_EXIF_TIME = re.compile(r"(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)")
_ISO_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(Z|[+-]\d\d:?\d\d)?")
_ISO_DATE = re.compile(r"\d{4}(-\d\d){0,2}")
_PDF_TIME = re.compile(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
                       r"(?:([Zz])(?:00'?00'?)?|([+-])(\d\d)'?(\d\d)?'?)?")
_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)|Z")
_XMP_DATES = (("exif", "http://ns.adobe.com/exif/1.0/", "DateTimeOriginal"),
              ("photoshop", "http://ns.adobe.com/photoshop/1.0/", "DateCreated"),
              ("xmp", "http://ns.adobe.com/xap/1.0/", "CreateDate"))
_EARLIEST_YEAR, _LATEST_YEAR = 1990, 2099        # as caselog.times: outside this a field is corrupt


@dataclass(frozen=True)
class Stamp:
    """A time read from a file: the value, the text as written, and the field it came from."""

    when: datetime
    raw: str
    label: str
    note: str = ""            # a caveat for problems.csv (an offset that could not be read)


Candidate = tuple[str, Callable[[], Stamp]]      # a field's label, and how to read it (RecordError if bad)


def in_chat_export(source: Source) -> bool:
    """True when the source is a file of a chat export (an attachment), see the module doc."""
    paths = source.siblings
    if not paths:
        return False
    folder, _, _ = source.source_path.rpartition("/")
    if _holds(paths, folder, _CHAT_FILES) or _holds_whatsapp_text(paths, folder):
        return True
    parent, _, sub = folder.rpartition("/")
    if sub.lower() in _EXPORT_MEDIA_FOLDERS and _holds(paths, parent, _CHAT_FILES):
        return True
    return _IOS_BACKUP_SHARD.fullmatch(sub) is not None and _holds(paths, parent, _IOS_BACKUP_FILES)


def _holds(paths: tuple[str, ...], folder: str, names: tuple[str, ...]) -> bool:
    prefix = f"{folder}/" if folder else ""
    for name in names:
        at = bisect_left(paths, prefix + name)
        if at < len(paths) and paths[at] == prefix + name:
            return True
    return False


def _holds_whatsapp_text(paths: tuple[str, ...], folder: str) -> bool:
    """Android names the text "WhatsApp Chat with X.txt" in the phone's language ("Discussion WhatsApp
    avec X.txt"…): any .txt with WhatsApp in its name, directly in the folder. Sorted paths put the
    folder's entries in one run, so only that run is looked at."""
    prefix = f"{folder}/" if folder else ""
    start, end = bisect_left(paths, prefix), bisect_left(paths, prefix + "\U0010ffff")
    for path in paths[start:end]:
        rest = path[len(prefix):].lower()
        if "/" not in rest and rest.endswith(".txt") and "whatsapp" in rest:
            return True
    return False


def first_time(candidates: list[Candidate], source: Source, problems: Problems, looked_in: str,
               changed: str = "") -> Stamp | None:
    """The first field that holds a real time; earlier bad fields are warnings. None (and a left-out
    problem naming the exhibit) when no field does; `changed` names a last-changed field the file
    has, so the reader learns why that time was not used."""
    failures: list[tuple[str, str]] = []
    for label, read in candidates:
        try:
            stamp = read()
        except RecordError as err:
            failures.append((label, str(err)))
            continue
        for bad, why in failures:
            problems.warn(bad, f"{bad} {why}; {label} used instead")
        if stamp.note:
            problems.warn(label, f"{label}: {stamp.note}")
        elif stamp.when.tzinfo is None:
            problems.warn(label, f"{label} {stamp.raw!r} gives no time zone: the device's clock is taken to "
                          "be in the case's time zone")
        return stamp
    what = ("; ".join(f"{label} {why}" for label, why in failures)
            or f"no time in the file saying when it was made (looked in {looked_in})")
    if changed:
        what += f"; {changed} only says when the file was last changed, so it is not used"
    problems.add(WHOLE_FILE, f"{what}; kept as exhibit {source.exhibit}, not placed on the timeline")
    return None


def media_record(stamp: Stamp, source: Source, details: dict[str, str]) -> Record:
    """The timeline event for a file handed in on its own, placed at the time the file states."""
    return Record(timestamp=stamp.when, timestamp_raw=stamp.raw, channel="file", kind="media",
                  direction="unknown", attachments=[source.name], locator=stamp.label, details=details)


def exif_time(label: str, value: str, offset: str = "", subsec: str = "") -> Stamp:
    """EXIF's 'YYYY:MM:DD HH:MM:SS', with OffsetTime* ('+01:00') and SubSecTime* when present."""
    text = value.strip("\x00 ")
    if not text.strip(" :\x00"):
        raise RecordError("is blank (the device did not know the time)")
    if _EXIF_TIME.fullmatch(text) and not text.strip("0: "):
        raise RecordError(f"is {value!r}, all zeros (the device's clock was not set)")
    match = _EXIF_TIME.fullmatch(text)
    if match is None:
        raise RecordError(f"{value!r} is not an EXIF date and time (YYYY:MM:DD HH:MM:SS)")
    digits = subsec.rstrip("\x00 ")
    micro = int(digits[:6].ljust(6, "0")) if digits.isdigit() else 0
    zone, note = None, ""
    if offset.strip(" :\x00"):
        try:
            zone = _offset(offset.rstrip("\x00 "))
        except RecordError as err:
            note = f"{err}; the time is read without it, the device's clock taken to be in the case's time zone"
    when = _make(value, *map(int, match.groups()), micro, zone)
    raw = value + (f".{subsec}" if digits.isdigit() else "") + (f" {offset}" if offset.strip(" :\x00") else "")
    return Stamp(when, raw, label, note)


def iso_time(label: str, value: str) -> Stamp:
    """ISO 8601 / W3CDTF / XMP: '2026-10-11T21:30:00+01:00', 'Z', or no zone; a date alone is no time."""
    text = value.strip()
    match = _ISO_TIME.fullmatch(text)
    if match is None:
        if _ISO_DATE.fullmatch(text):
            raise RecordError(f"{value!r} gives a date but no time of day")
        raise RecordError(f"{value!r} is not an ISO 8601 date and time")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return Stamp(_make(value, int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                       micro, _offset(zone) if zone else None), value, label)


def free_time(label: str, value: str) -> Stamp:
    """A free-text time (PNG 'Creation Time'): ISO 8601, EXIF style, or RFC 1123 as the PNG spec suggests."""
    text = value.strip()
    if _EXIF_TIME.match(text):
        return exif_time(label, value)
    if re.match(r"\d{4}-", text):
        return iso_time(label, value)
    try:
        when = parsedate_to_datetime(text)          # '-0000' (zone unknown) gives a naive time, as it should
    except (TypeError, ValueError, IndexError):
        raise RecordError(f"{value!r} is not a date and time caselog can read") from None
    if not re.search(r"\d:\d\d", text):
        raise RecordError(f"{value!r} gives a date but no time of day")
    _check_year(value, when.year)
    return Stamp(when, value, label)


def pdf_time(label: str, value: str) -> Stamp:
    """A PDF date: 'D:YYYYMMDDHHmmSSOHH'mm'' (PDF 32000 §7.9.4), parts after the year optional."""
    match = _PDF_TIME.fullmatch(value.strip())
    if match is None:
        raise RecordError(f"{value!r} is not a PDF date (D:YYYYMMDDHHmmSS+HH'mm')")
    year, month, day, hour, minute, second, utc, sign, zone_h, zone_m = match.groups()
    if hour is None or minute is None:
        raise RecordError(f"{value!r} gives no time of day")
    zone = None
    if utc:
        zone = UTC
    elif sign:
        zone = _zone(value, sign, zone_h, zone_m or "00")
    when = _make(value, int(year), int(month or 1), int(day or 1), int(hour), int(minute), int(second or 0), 0, zone)
    return Stamp(when, value, label)


def xmp_candidates(packet: bytes, label: str = "XMP") -> tuple[list[Candidate], str]:
    """The creation times an XMP packet states, best first, and why it could not be read ('' if it could)."""
    if len(packet) > MAX_XMP_BYTES:
        return [], f"XMP packet of {len(packet)} bytes is over {MAX_XMP_BYTES}; not read"
    try:
        root = fromstring(packet.strip(b"\x00 \t\r\n"))
    except (ParseError, DefusedXmlException, ValueError) as err:
        return [], f"XMP packet is not well-formed XML ({err}); not read"
    found: list[Candidate] = []
    for prefix, namespace, field in _XMP_DATES:
        qualified = f"{{{namespace}}}{field}"
        for elem in root.iter():
            value = elem.get(qualified) or (elem.text if elem.tag == qualified else None)
            if value and value.strip():
                found.append(_xmp_candidate(f"{label} {prefix}:{field}", value))
                break
    return found, ""


def _xmp_candidate(label: str, value: str) -> Candidate:
    def read() -> Stamp:
        return exif_time(label, value) if _EXIF_TIME.match(value.strip()) else iso_time(label, value)
    return label, read


def _offset(text: str):
    match = _OFFSET.fullmatch(text.strip())
    if match is None:
        raise RecordError(f"time offset {text!r} is not ±HH:MM")
    if text.strip() == "Z":
        return UTC
    return _zone(text, *match.groups())


def _zone(text: str, sign: str, hours: str, minutes: str):
    if int(hours) > 14 or int(minutes) > 59:
        raise RecordError(f"time offset {text!r} does not exist")
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)


def _make(raw: str, year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int, zone):
    _check_year(raw, year)
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        raise RecordError(f"{raw!r} is a date or time that does not exist") from None


def _check_year(raw: str, year: int) -> None:
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        raise RecordError(f"{raw!r} is outside {_EARLIEST_YEAR}-{_LATEST_YEAR} (the device's clock was wrong, "
                          "or the field is corrupt)")
