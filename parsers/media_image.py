"""Photos and screenshots handed in on their own (JPEG, PNG, HEIC/HEIF, WebP, GIF): one media event each.

How users get them: the victim's camera roll or screenshots, copied off the phone or e-mailed to the
advocate; they are exhibits in their own right (REQUIREMENTS.md: "screenshots are separate
exhibits"). Every file is hashed and preserved by the pipeline whatever happens here; this parser
puts the file on the timeline as `channel=file, kind=media, direction=unknown` (never counted as
contact), with the file name as its attachment, when the file states when it was made:
- EXIF DateTimeOriginal, then DateTimeDigitized, with OffsetTime* (an instant) or without (wall-clock
  time: `normalise` places it in the case zone and a warning says the camera's zone was assumed);
- then XMP exif:DateTimeOriginal, photoshop:DateCreated, xmp:CreateDate (what editors and some
  screenshot tools write); then a PNG text chunk "Creation Time" (ISO 8601, EXIF style or RFC 1123).
`details["time_source"]` names the field used: it is the device's clock, as written in the file.
A file with no such time (most Android screenshots) is NOT placed on the timeline: problems.csv lists
it as left out ("no time in the file saying when it was made …; kept as exhibit AA/n, not placed on
the timeline"), and it stays in the exhibit list with its hash. The file system's modification time,
EXIF DateTime and PNG tIME (when a program last changed the file) are never used as the time of
anything.

Details kept: format, width, height, camera make and model, software, whether GPS is present and,
when it is, the coordinates as written (`gps`, rationals as stored) with a derived `gps_decimal` and the
satellites' UTC stamp (`gps_utc`). The coordinates stay: these are the victim's own photos and where
one was taken can be evidence; the redacted copy is where they would be removed.

Quirks handled: a date of all zeros (clock never set), blank or impossible dates (each a problem,
with the next field tried); a file cut off part-way (a warning: metadata read, picture incomplete);
bytes after the end of the picture (a phone's "motion photo" video) are counted in details.
Not read: the pixels (never decoded: no OCR, no thumbnails), maker notes, IPTC, AVIF, TIFF and camera
RAW files, videos. A photo inside a chat export (WhatsApp zip, Telegram or Meta folder) is its
message's attachment, and a file of an iPhone backup folder part of the backup: neither is claimed
here (media_meta.in_chat_export). HEIC needs pillow-heif; without it the file is left out with the
reason "HEIC not readable on this machine".
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import media_image_files as files
from caselog.parsers.media_meta import (
    WHOLE_FILE,
    Candidate,
    exif_time,
    first_time,
    free_time,
    in_chat_export,
    media_record,
    xmp_candidates,
)
from PIL import Image, UnidentifiedImageError

name = "media_image"
description = "Photo or screenshot handed in on its own (JPEG, PNG, HEIC, WebP, GIF), dated by its EXIF/XMP/PNG time"

_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx")
_MAX_HEIF_BYTES = 256 << 20               # pillow-heif reads the whole file into memory
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_LOOKED_IN = "EXIF, XMP and PNG text"
_CUT = ("the file ends before the picture does (cut off: an incomplete copy?); its metadata was read, "
        "the picture may be partly missing")
_UNCLEAR = "the file's structure could not be followed to its end; whether it is complete is not known"


@dataclass
class _Facts:
    kind: str
    width: int
    height: int
    exif: bytes = b""
    xmp: bytes = b""
    texts: dict[str, str] = field(default_factory=dict)
    ending: files.Ending = "complete"
    trailing_bytes: int = 0
    notes: list[str] = field(default_factory=list)
    changed: str = ""                 # a last-changed field the file has (never used as a time)


def identify(source: Source) -> bool:
    if source.mime and not (source.mime.startswith("image/") or source.mime == "application/octet-stream"):
        return False
    return _kind(source.head(64)) is not None and not in_chat_export(source)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    head = source.head(64)
    kind = _kind(head)
    if kind is None:
        raise SourceError("not a JPEG, PNG, HEIC, WebP or GIF image")
    try:
        facts = _read(kind, source, head)
    except RecordError as err:
        problems.add(WHOLE_FILE, f"{err}; kept as exhibit {source.exhibit}, not placed on the timeline")
        return
    exif = _exif_fields(facts)
    for note in facts.notes:
        problems.warn(WHOLE_FILE, note)
    if facts.ending != "complete":
        problems.warn(WHOLE_FILE, _CUT if facts.ending == "cut" else _UNCLEAR)
    if 0x0132 in exif.get("main", {}):
        facts.changed = "EXIF DateTime"
    stamp = first_time(_candidates(facts, exif, problems), source, problems, _LOOKED_IN, facts.changed)
    if stamp is None:
        return
    yield media_record(stamp, source, _details(facts, exif, stamp.label, stamp.when.tzinfo is not None))


def _kind(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(files.PNG_SIGNATURE):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        box = head[:int.from_bytes(head[:4], "big")]
        if head[8:12] in _HEIF_BRANDS or (head[8:12] in (b"mif1", b"msf1") and b"hei" in box[16:]):
            return "HEIF"
    return None


def _read(kind: str, source: Source, head: bytes) -> _Facts:
    if kind == "PNG":
        with source.open() as stream:
            png = files.read_png(stream, source.size_bytes)
        return _Facts(kind, png.width, png.height, png.exif, png.xmp, png.texts, png.ending, png.trailing_bytes,
                      png.notes, "PNG tIME" if png.has_time_chunk else "")
    if kind == "HEIF":
        facts = _read_heif(source)
    else:
        with source.open() as stream:
            try:
                with Image.open(stream, formats=[kind]) as image:
                    facts = _Facts(kind, *image.size, _bytes(image.info.get("exif")), _bytes(image.info.get("xmp")))
            except (UnidentifiedImageError, OSError, EOFError, SyntaxError, ValueError, struct.error,
                    Image.DecompressionBombError) as err:   # what Pillow raises for a broken header
                raise RecordError(f"not a readable {kind} file ({err})") from None
    with source.open() as stream:
        if kind == "JPEG":
            facts.ending, facts.trailing_bytes = files.jpeg_ending(stream, source.size_bytes)
        elif kind == "WEBP":
            facts.ending, facts.trailing_bytes = files.riff_ending(head, source.size_bytes)
        elif kind == "GIF":
            facts.ending, facts.trailing_bytes = files.gif_ending(stream, source.size_bytes)
        else:
            facts.ending, facts.trailing_bytes = files.bmff_ending(stream, source.size_bytes)
    return facts


def _read_heif(source: Source) -> _Facts:
    try:
        import pillow_heif
    except ImportError:
        raise RecordError("HEIC not readable on this machine (the pillow-heif package is not installed)") from None
    if source.size_bytes > _MAX_HEIF_BYTES:
        raise RecordError(f"HEIC file of {source.size_bytes} bytes is over {_MAX_HEIF_BYTES}; not read")
    with source.open() as stream:
        try:
            heif = pillow_heif.open_heif(stream, convert_hdr_to_8bit=False)
            width, height = heif.size
            info = heif.info
        except (ValueError, RuntimeError, OSError, EOFError) as err:   # libheif's "Invalid input" and kin
            raise RecordError(f"not a readable HEIC file ({err})") from None
    return _Facts("HEIF", width, height, _bytes(info.get("exif")), _bytes(info.get("xmp")))


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8") if isinstance(value, str) else b""


def _exif_fields(facts: _Facts) -> dict[str, dict[int, Any]]:
    """The EXIF block's main, Exif and GPS directories (empty when absent or unreadable, with a note)."""
    if not facts.exif:
        return {}
    exif = Image.Exif()
    try:
        with warnings.catch_warnings(record=True) as caught:     # Pillow warns, rather than raises, on
            warnings.simplefilter("always")                      # a damaged directory: said, not lost
            exif.load(facts.exif)
            fields = {"main": dict(exif), "exif": dict(exif.get_ifd(_EXIF_IFD)), "gps": dict(exif.get_ifd(_GPS_IFD))}
    except (OSError, EOFError, SyntaxError, ValueError, KeyError, IndexError, TypeError, struct.error) as err:
        facts.notes.append(f"the EXIF block cannot be read ({type(err).__name__}: {err}); its fields were not used")
        return {}
    for warning in dict.fromkeys(str(w.message).strip() for w in caught):
        facts.notes.append(f"the EXIF block is damaged ({warning}); what could be read of it was used")
    return fields


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _candidates(facts: _Facts, exif: dict[str, dict[int, Any]], problems: Problems) -> list[Candidate]:
    found: list[Candidate] = []
    sub = exif.get("exif", {})
    for label, tag, offset, subsec in (("EXIF DateTimeOriginal", 0x9003, 0x9011, 0x9291),
                                       ("EXIF DateTimeDigitized", 0x9004, 0x9012, 0x9292)):
        if tag in sub:
            found.append((label, _exif_reader(label, sub, tag, offset, subsec)))
    if facts.xmp:
        from_xmp, why = xmp_candidates(facts.xmp)
        if why:
            problems.warn(WHOLE_FILE, why)
        found.extend(from_xmp)
    for keyword in ("Creation Time", "CreationTime"):
        if keyword in facts.texts:
            label, value = f"PNG text '{keyword}'", facts.texts[keyword]
            found.append((label, lambda label=label, value=value: free_time(label, value)))
    return found


def _exif_reader(label: str, sub: dict[int, Any], tag: int, offset: int, subsec: int):
    return lambda: exif_time(label, _text(sub.get(tag)), _text(sub.get(offset)), _text(sub.get(subsec)))


def _details(facts: _Facts, exif: dict[str, dict[int, Any]], label: str, zoned: bool) -> dict[str, str]:
    details = {"format": facts.kind, "width": str(facts.width), "height": str(facts.height), "time_source": label,
               "time_zone": "stated in the file" if zoned else "not stated: the case's zone was assumed"}
    main = exif.get("main", {})
    for key, tag in (("camera_make", 0x010F), ("camera_model", 0x0110), ("software", 0x0131)):
        if main.get(tag):
            details[key] = _text(main[tag])
    if "Software" in facts.texts and "software" not in details:
        details["software"] = facts.texts["Software"]
    details.update(_gps(exif.get("gps", {})))
    if facts.trailing_bytes:
        details["bytes_after_picture"] = str(facts.trailing_bytes)
    return details


def _gps(gps: dict[int, Any]) -> dict[str, str]:
    """GPS as stored (rationals), a derived decimal form, and the satellites' UTC stamp."""
    lat, lon = gps.get(2), gps.get(4)
    if not (isinstance(lat, tuple) and isinstance(lon, tuple)):
        return {"gps_present": "no"}
    lat_ref, lon_ref = _text(gps.get(1)), _text(gps.get(3))
    raw = f"GPSLatitude {lat_ref} {_rationals(lat)}, GPSLongitude {lon_ref} {_rationals(lon)}"
    if 6 in gps:
        below = gps.get(5) in (1, b"\x01")
        raw += f", GPSAltitude {_rationals((gps[6],))} ({'below' if below else 'above'} sea level)"
    found = {"gps_present": "yes", "gps": raw}
    try:
        north = _degrees(lat) * (-1 if lat_ref.upper().startswith("S") else 1)
        east = _degrees(lon) * (-1 if lon_ref.upper().startswith("W") else 1)
        found["gps_decimal"] = f"{north:.6f}, {east:.6f}"
    except (ZeroDivisionError, TypeError, ValueError):
        pass                                  # the raw text stays; no decimal can be derived from it
    if 29 in gps and isinstance(gps.get(7), tuple):
        found["gps_utc"] = f"{_text(gps[29])} {_rationals(gps[7])}"
    return found


def _rationals(values: tuple) -> str:
    parts = []
    for value in values:
        numerator, denominator = getattr(value, "numerator", value), getattr(value, "denominator", 1)
        parts.append(f"{numerator}/{denominator}")
    return " ".join(parts)


def _degrees(values: tuple) -> float:
    degrees, minutes, seconds = (float(getattr(v, "numerator", v)) / float(getattr(v, "denominator", 1))
                                 for v in values[:3])
    return degrees + minutes / 60 + seconds / 3600
