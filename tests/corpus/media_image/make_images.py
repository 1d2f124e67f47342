"""Write the media_image golden inputs (tiny images of invented content) and its not_mine/ files.

    .venv/bin/python tests/corpus/media_image/make_images.py

Deterministic: fixed pixels, fixed metadata. The encoders' bytes can differ between Pillow/libjpeg
versions, so the files are checked in and this script is run only to change them; after running it,
update the goldens on purpose (pytest --update-goldens -k media_image) and review every line.

  exif_offset.jpg        DateTimeOriginal 2026:10:11 21:30:00 + OffsetTimeOriginal +01:00 + SubSec 250,
                         camera make/model, GPS (central London)        → aware event, gps in details
  exif_no_offset.jpg     DateTimeOriginal only                           → naive event + zone warning
  exif_bad_offset.jpg    OffsetTimeOriginal "+25:00"                     → naive event + two warnings
  exif_fallback.jpg      DateTimeOriginal 2026:02:31 (no such day), DateTimeDigitized fine
                                                                         → event from Digitized + warning
  zero_date.jpg          DateTimeOriginal "0000:00:00 00:00:00"          → left out (clock never set)
  exif_datetime_only.jpg only EXIF DateTime (a program's last change)    → left out: never used as a time
  truncated.jpg          cut inside the picture data, EXIF intact        → event + "cut off" warning
  truncated_header.jpg   cut inside the EXIF block                       → left out (not readable)
  motion_trailer.jpg     200 bytes after the end marker (a motion photo) → event, bytes_after_picture
  screenshot_no_time.png a screenshot with no time at all, and a tIME chunk (last change)
                                                                         → left out, tIME not used
  png_creation_time.png  tEXt "Creation Time" in RFC 1123 form           → aware event
  text_after_idat.png    tEXt "Creation Time" (ISO) after the image data → aware event
  xmp_screenshot.png     compressed iTXt XMP with photoshop:DateCreated, no zone → naive event + warning
  xmp_date_only.png      XMP xmp:CreateDate "2026-10-12" (a date alone) → left out
  photo.heic             HEIC with EXIF DateTimeOriginal + offset        → aware event
  sticker.webp           WebP with EXIF DateTimeOriginal + offset        → aware event
  animation.gif          GIF: no time                                    → left out
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pillow_heif
from PIL import Image, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

HERE = Path(__file__).resolve().parent
NOT_MINE = HERE / "not_mine"
EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def picture(size: tuple[int, int] = (16, 12)) -> Image.Image:
    """A fixed gradient with a stripe, so the JPEG has real picture data to cut."""
    image = Image.new("RGB", size)
    image.putdata([((x * 16) % 256, (y * 20) % 256, ((x + y) * 9) % 256)
                   for y in range(size[1]) for x in range(size[0])])
    return image


def exif(original: str | None = None, offset: str | None = None, digitized: str | None = None,
         subsec: str | None = None, camera: bool = False, gps: bool = False, changed: str | None = None) -> Image.Exif:
    data = Image.Exif()
    if camera:
        data[0x010F], data[0x0110], data[0x0131] = "Google", "Pixel 7", "HDR+ 1.0.540104767zd"
    if changed:
        data[0x0132] = changed                               # DateTime: when a program last changed it
    sub = data.get_ifd(EXIF_IFD)
    for tag, value in ((0x9003, original), (0x9011, offset), (0x9004, digitized), (0x9291, subsec)):
        if value is not None:
            sub[tag] = value
    if gps:
        where = data.get_ifd(GPS_IFD)
        where[1], where[2] = "N", (IFDRational(51, 1), IFDRational(30, 1), IFDRational(2641, 100))
        where[3], where[4] = "W", (IFDRational(0, 1), IFDRational(7, 1), IFDRational(3960, 100))
        where[5], where[6] = b"\x00", IFDRational(35, 1)
        where[7], where[29] = (IFDRational(20, 1), IFDRational(29, 1), IFDRational(58, 1)), "2026:10:11"
    return data


def jpeg(data: Image.Exif | None = None, size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    picture(size).save(buffer, "JPEG", quality=90, exif=data if data is not None else Image.Exif())
    return buffer.getvalue()


def png(info: PngImagePlugin.PngInfo | None = None) -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def xmp(body: str) -> str:
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" {body}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def main() -> None:
    NOT_MINE.mkdir(exist_ok=True)
    files: dict[str, bytes] = {}
    files["exif_offset.jpg"] = jpeg(exif("2026:10:11 21:30:00", "+01:00", subsec="250", camera=True, gps=True))
    files["exif_no_offset.jpg"] = jpeg(exif("2026:10:12 07:45:10", camera=True))
    files["exif_bad_offset.jpg"] = jpeg(exif("2026:10:12 07:46:00", "+25:00"))
    files["exif_fallback.jpg"] = jpeg(exif("2026:02:31 10:00:00", "+00:00", digitized="2026:02:28 10:00:00"))
    files["zero_date.jpg"] = jpeg(exif("0000:00:00 00:00:00"))
    files["exif_datetime_only.jpg"] = jpeg(exif(changed="2026:10:13 12:00:00"))
    whole = jpeg(exif("2026:10:13 23:59:59", "+01:00"), size=(64, 48))
    files["truncated.jpg"] = whole[: len(whole) - 60]
    files["truncated_header.jpg"] = whole[:40]
    files["motion_trailer.jpg"] = jpeg(exif("2026:10:14 08:00:00", "+01:00")) + b"\x00\x00\x00\x18ftypmp42" + bytes(188)

    no_time = PngImagePlugin.PngInfo()
    no_time.add_text("Software", "Android screenshot")
    no_time.add(b"tIME", struct.pack(">HBBBBB", 2026, 10, 15, 9, 0, 0))     # last change: never a time
    files["screenshot_no_time.png"] = png(no_time)
    rfc = PngImagePlugin.PngInfo()
    rfc.add_text("Creation Time", "Sun, 11 Oct 2026 22:05:00 +0100")
    files["png_creation_time.png"] = png(rfc)
    plain = png()
    end = plain.rindex(b"IEND") - 4
    files["text_after_idat.png"] = (plain[:end] + chunk(b"tEXt", b"Creation Time\x002026-10-16T18:22:05+01:00")
                                    + plain[end:])
    ios = PngImagePlugin.PngInfo()
    ios.add_itxt("XML:com.adobe.xmp", xmp('xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
                                          'photoshop:DateCreated="2026-10-17T23:41:09"'), zip=True)
    files["xmp_screenshot.png"] = png(ios)
    date_only = PngImagePlugin.PngInfo()
    date_only.add_itxt("XML:com.adobe.xmp", xmp('xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2026-10-12"'))
    files["xmp_date_only.png"] = png(date_only)

    heif = io.BytesIO()
    pillow_heif.from_pillow(picture()).save(heif, format="HEIF", quality=50,
                                            exif=exif("2026:10:18 12:10:00", "+01:00", camera=True).tobytes())
    files["photo.heic"] = heif.getvalue()
    webp = io.BytesIO()
    picture().save(webp, "WEBP", quality=50, exif=exif("2026:10:19 20:00:00", "+01:00").tobytes())
    files["sticker.webp"] = webp.getvalue()
    gif = io.BytesIO()
    picture().convert("P").save(gif, "GIF")
    files["animation.gif"] = gif.getvalue()
    for name, data in files.items():
        (HERE / name).write_bytes(data)

    (NOT_MINE / "notes.txt").write_text("Things to tell the police:\n- the car outside on 12/10\n", encoding="utf-8")
    (NOT_MINE / "diary.csv").write_text("Date,Time,What happened\n12/10/2026,21:30,Car outside again\n",
                                        encoding="utf-8")
    (NOT_MINE / "sms.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"
        "  <sms protocol=\"0\" address=\"+447700900123\" date=\"1791828000000\" type=\"1\" body=\"hi\" />\n"
        "</smses>\n", encoding="utf-8")
    (NOT_MINE / "letter.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n")
    (NOT_MINE / "voice.opus").write_bytes(b"OggS\x00\x02" + bytes(20) + b"\x01\x13OpusHead\x01\x01")
    (NOT_MINE / "fake.jpg").write_text("this is not a JPEG, only named like one\n", encoding="utf-8")


if __name__ == "__main__":
    main()
