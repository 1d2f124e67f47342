"""Photos, screenshots and documents handed in on their own (media_image, media_document).

The goldens in corpus/media_image and corpus/media_document cover each file quirk; this module
covers what they cannot: telling a chat export's photo from a screenshot by the files handed in with
it (`Source.siblings`), the whole bundle (a dated screenshot on the timeline, an undated one in
problems.csv, a chat zip's photo claimed by no parser, the file's modification time never used),
hostile files, and the time formats one by one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import sys
import zipfile
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from caselog import parsers
from caselog.bundle import build_bundle
from caselog.discover import discover
from caselog.errors import RecordError
from caselog.model import Problems, Source
from caselog.parsers import media_image
from caselog.parsers.media_meta import free_time, in_chat_export, iso_time, pdf_time
from caselog.preserve import folder_siblings
from PIL import Image, PngImagePlugin

CORPUS = Path(__file__).parent / "corpus"
WHEN = datetime(2026, 11, 1, 12, tzinfo=UTC)


def _source(path: str, siblings: list[str], data: bytes = b"\xff\xd8\xff") -> Source:
    source = Source.from_bytes(data, path)
    return Source(source.exhibit, path, source.size_bytes, source.sha256, source.opener, source.mime,
                  siblings=tuple(sorted({*siblings, path})))


@pytest.mark.parametrize(("path", "siblings", "in_export"), [
    ("00000003-PHOTO-2026-10-12-20-02-40.jpg", ["_chat.txt"], True),                       # iPhone zip
    ("IMG-20261016-WA0001.jpg", ["WhatsApp Chat with Mark D.txt"], True),                  # Android zip
    ("IMG-20261016-WA0001.jpg", ["Discussion WhatsApp avec Mark D.txt"], True),            # French phone
    ("exports/Mark/IMG-20261016-WA0001.jpg", ["exports/Mark/WhatsApp Chat with Mark D.txt"], True),
    ("ChatExport_2026-10-12/photos/photo_1@12-10-2026_21-30-00.jpg", ["ChatExport_2026-10-12/result.json"], True),
    ("fb/messages/inbox/markdoe_10158/photos/1234.jpg", ["fb/messages/inbox/markdoe_10158/message_1.json"], True),
    ("backup/ab/ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", ["backup/Manifest.db"], True),  # iPhone backup
    ("exports/screenshots/Screenshot_1.png", ["exports/WhatsApp Chat with Mark D.zip"], False),
    ("case/screenshots/Screenshot_1.png", ["case/result.json"], False),                  # not a media folder
    ("case/Screenshot_1.png", ["case/sub/WhatsApp Chat with Mark D.txt"], False),        # chat one level down
    ("Screenshot_1.png", ["notes.txt", "Screenshot_2.png"], False),                       # a zip of screenshots
    ("Screenshot_1.png", [], False),                                                      # handed in alone
])
def test_in_chat_export_reads_the_files_handed_in_with_it(path: str, siblings: list[str], in_export: bool) -> None:
    assert in_chat_export(_source(path, siblings)) is in_export


def test_preserve_gives_each_folder_input_one_shared_list_of_names(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "sub").mkdir(parents=True)
    second.mkdir()
    for path in (first / "x.png", first / "sub" / "y.txt", second / "z.png", tmp_path / "alone.png"):
        path.write_bytes(b"x")
    found, _ = discover([first, second, tmp_path / "alone.png"])
    siblings = folder_siblings(found)
    assert [f.display for f in found] == ["first/x.png", "first/sub/y.txt", "second/z.png", "alone.png"]
    assert siblings == [("first/sub/y.txt", "first/x.png")] * 2 + [("second/z.png",), ()]
    assert siblings[0] is siblings[1]


def test_in_chat_export_is_cheap_in_a_big_export() -> None:
    """A WhatsApp zip of 20,000 photos: each photo's check looks at its own folder's names only once."""
    names = [f"IMG-20261016-WA{n:05d}.jpg" for n in range(20_000)]
    siblings = tuple(sorted([*names, "_chat.txt", "zz/WhatsApp Chat with X.txt"]))
    started = datetime.now(UTC)
    for name in names[:2000]:
        source = Source("X/1", name, 3, "0" * 64, lambda: io.BytesIO(b""), "image/jpeg", siblings=siblings)
        assert in_chat_export(source)
    assert datetime.now(UTC) - started < timedelta(seconds=5)


def _jpeg(original: str, offset: str | None = None) -> bytes:
    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = original
    if offset:
        sub[0x9011] = offset
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (90, 90, 90)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _png(creation_time: str | None) -> bytes:
    info = PngImagePlugin.PngInfo()
    if creation_time:
        info.add_text("Creation Time", creation_time)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (250, 250, 250)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_media_through_the_bundle(demo_case, tmp_path: Path) -> None:
    handed = tmp_path / "handed-in"
    (handed / "screenshots").mkdir(parents=True)
    (handed / "unzipped").mkdir()
    (handed / "screenshots" / "dated.png").write_bytes(_png("2026-10-11T21:30:00+01:00"))
    undated = handed / "screenshots" / "undated.png"
    undated.write_bytes(_png(None))
    mtime = datetime(2026, 10, 30, 12, 0, tzinfo=UTC).timestamp()
    os.utime(undated, (mtime, mtime))                        # a file time that must never be an event time
    chat = "12/10/2026, 20:02 - Mark D: IMG-20261012-WA0001.jpg (file attached)\n12/10/2026, 20:03 - Mark D: Look\n"
    photo = _jpeg("2026:10:12 19:00:00", "+01:00")
    _zip(handed / "WhatsApp Chat with Mark D.zip", {"WhatsApp Chat with Mark D.txt": chat.encode(),
                                                    "IMG-20261012-WA0001.jpg": photo,
                                                    "DOC-20261012-WA0002.pdf": (CORPUS / "media_document"
                                                                                / "created_offset.pdf").read_bytes()})
    (handed / "unzipped" / "WhatsApp Chat with Mark D.txt").write_text(chat, encoding="utf-8")
    (handed / "unzipped" / "IMG-20261012-WA0001.jpg").write_bytes(photo)

    out = tmp_path / "bundle"
    build_bundle(demo_case, [handed], out, now=WHEN)

    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    media = [r for r in rows if r["channel"] == "file"]
    assert len(media) == 1
    (row,) = media
    assert (row["kind"], row["direction"], row["attachments"]) == ("media", "unknown", "dated.png")
    assert (row["timestamp_utc"], row["timestamp_local"]) == ("2026-10-11T20:30:00Z", "2026-10-11T21:30:00+01:00")
    assert row["source_path"] == "handed-in/screenshots/dated.png"
    assert row["locator"] == "PNG text 'Creation Time'"
    assert not any(r["timestamp_utc"] == "2026-10-30T12:00:00Z" for r in rows)
    assert {r["channel"] for r in rows} == {"file", "whatsapp"}

    with open(out / "problems.csv", encoding="utf-8", newline="") as stream:
        problems = [p for p in csv.DictReader(stream) if p["source_path"].endswith("undated.png")]
    assert len(problems) == 1
    assert "no time in the file" in problems[0]["reason"]
    assert f"kept as exhibit {problems[0]['exhibit']}, not placed on the timeline" in problems[0]["reason"]

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sources = {s["source_path"]: s for e in manifest["exhibits"] for s in e["sources"]}
    assert sources["handed-in/screenshots/dated.png"]["parser"] == "media_image"
    assert sources["handed-in/screenshots/undated.png"]["parser"] == "media_image"
    attachments = ("IMG-20261012-WA0001.jpg", "DOC-20261012-WA0002.pdf", "handed-in/unzipped/IMG-20261012-WA0001.jpg")
    for attachment in attachments:
        assert sources[attachment]["parser"] is None, attachment
    for source in sources.values():
        assert source["records_in"] == source["events_out"] + source["problems"] + source.get("duplicates", 0)


def test_heic_without_pillow_heif_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pillow_heif", None)       # import now fails, as on a machine without it
    source = Source.from_path(CORPUS / "media_image" / "photo.heic")
    problems = Problems()
    assert list(media_image.parse(source, problems)) == []
    (problem,) = problems
    assert problem.severity == "left_out"
    assert problem.reason.startswith("HEIC not readable on this machine")


def _png_chunks(*chunks: tuple[bytes, bytes], end: bool = True) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    body += b"".join(chunk(kind, data) for kind, data in chunks)
    return b"\x89PNG\r\n\x1a\n" + body + (chunk(b"IEND", b"") if end else b"")


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xff\xd8\xff" + bytes(range(256)) * 4, "not a readable JPEG file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "no readable IHDR"),
    (_png_chunks((b"zTXt", b"Creation Time\x00\x00" + zlib.compress(b"9" * (2 << 20)))),
     "cannot be inflated (inflates to more than"),
    (_png_chunks((b"eXIf", b"MM\x00*\x00\x00\xff\xff")), "the EXIF block is damaged"),
    (_png_chunks((b"tEXt", b"Creation Time\x002026-10-11T21:30:00+01:00"), end=False)[:-2], "ends before the picture"),
    (_png_chunks((b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta"),), "XMP packet is not well-formed"),
    (_png_chunks((b"tEXt", b"Creation Time\x002026-13-45T25:00:00")), "does not exist"),
], ids=["jpeg_junk", "png_no_ihdr", "ztxt_bomb", "exif_damaged", "png_cut", "xmp_broken", "impossible_time"])
def test_hostile_images_become_problems_not_tracebacks(data: bytes, expected: str) -> None:
    source = Source.from_bytes(data, "hostile")
    assert parsers.pick(source) is media_image
    problems = Problems()
    records = list(media_image.parse(source, problems))
    assert len(records) + problems.left_out == 1
    assert any(expected in p.reason for p in problems), [p.reason for p in problems]


@pytest.mark.parametrize(("raw", "expected"), [
    ("D:20261011213000Z", datetime(2026, 10, 11, 21, 30, tzinfo=UTC)),
    ("D:20261011213000Z00'00'", datetime(2026, 10, 11, 21, 30, tzinfo=UTC)),
    ("D:20261011213000-05'00'", datetime(2026, 10, 11, 21, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ("D:20261011213000+01'00", datetime(2026, 10, 11, 21, 30, tzinfo=timezone(timedelta(hours=1)))),
    ("D:202610112130", datetime(2026, 10, 11, 21, 30)),
    ("20261011213000", datetime(2026, 10, 11, 21, 30)),
])
def test_pdf_dates(raw: str, expected: datetime) -> None:
    stamp = pdf_time("PDF CreationDate", raw)
    assert (stamp.when, stamp.when.utcoffset(), stamp.raw) == (expected, expected.utcoffset(), raw)


@pytest.mark.parametrize("raw", ["D:2026", "D:20261011", "D:20261011213000+15'00'", "D:19700101000000Z",
                                 "D:20261011253000Z", "yesterday"])
def test_pdf_dates_that_are_not_a_time(raw: str) -> None:
    with pytest.raises(RecordError):
        pdf_time("PDF CreationDate", raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Sun, 11 Oct 2026 21:30:00 GMT", datetime(2026, 10, 11, 21, 30, tzinfo=UTC)),
    ("Sun, 11 Oct 2026 21:30:00 -0000", datetime(2026, 10, 11, 21, 30)),          # RFC 2822: zone unknown
    ("2026:10:11 21:30:00", datetime(2026, 10, 11, 21, 30)),
    ("2026-10-11 21:30:00", datetime(2026, 10, 11, 21, 30)),
    ("2026-10-11T21:30:00.123456789+0100", datetime(2026, 10, 11, 21, 30, 0, 123456,
                                                     tzinfo=timezone(timedelta(hours=1)))),
])
def test_png_creation_time_forms(raw: str, expected: datetime) -> None:
    stamp = free_time("PNG text 'Creation Time'", raw)
    assert (stamp.when, stamp.when.utcoffset(), stamp.raw) == (expected, expected.utcoffset(), raw)


@pytest.mark.parametrize("raw", ["2026-10-11", "11 Oct 2026", "0000:00:00 00:00:00", "soon", "2026-02-30T10:00"])
def test_free_times_that_are_not_a_time(raw: str) -> None:
    with pytest.raises(RecordError):
        free_time("PNG text 'Creation Time'", raw)


def test_iso_time_keeps_the_written_text() -> None:
    stamp = iso_time("DOCX dcterms:created", "2026-10-23T19:05Z")
    assert (stamp.when, stamp.raw) == (datetime(2026, 10, 23, 19, 5, tzinfo=UTC), "2026-10-23T19:05Z")
