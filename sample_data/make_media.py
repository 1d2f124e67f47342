"""Writes the demo's media handed in on their own: `exports/screenshots/` (INVENTED content).

- `Screenshot_20261011-213000.png`: a screenshot of a message, drawn here with Pillow's default font,
  with a PNG text chunk "Creation Time" 2026-10-11T21:30:00+01:00 (as some phones write it). caselog
  puts it on the timeline at 20:30 UTC as a `file`/`media` event from that chunk.
- `IMG_20261024_230400.jpg`: a photo of a few pixels (the car outside, in the story), with EXIF
  DateTimeOriginal 2026:10:24 23:04:00 and OffsetTimeOriginal +01:00, camera make and model.

The screenshot has words on it that the timeline does not read (pixels are not read; see
parsers/media_image.py). Run: python make_media.py (needs Pillow, a caselog dependency). The
encoders' bytes can differ between Pillow versions, so the files are checked in; rerun only to
change them.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "exports" / "screenshots"


def screenshot() -> tuple[Image.Image, PngImagePlugin.PngInfo]:
    image = Image.new("RGB", (360, 120), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    draw.rectangle((10, 30, 300, 80), fill=(255, 255, 255), outline=(200, 200, 200))
    draw.text((20, 8), "Mark D", fill=(20, 20, 20), font=font)
    draw.text((20, 45), "I know where you are", fill=(20, 20, 20), font=font)
    draw.text((250, 95), "21:30", fill=(120, 120, 120), font=font)
    info = PngImagePlugin.PngInfo()
    info.add_text("Creation Time", "2026-10-11T21:30:00+01:00")
    return image, info


def photo() -> tuple[Image.Image, Image.Exif]:
    image = Image.new("RGB", (8, 6), (30, 30, 40))
    image.putpixel((3, 3), (200, 200, 180))                  # a street light
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "samsung", "Galaxy A54 5G"
    sub = exif.get_ifd(0x8769)
    sub[0x9003], sub[0x9011] = "2026:10:24 23:04:00", "+01:00"
    return image, exif


if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    shot, info = screenshot()
    shot.save(FOLDER / "Screenshot_20261011-213000.png", "PNG", pnginfo=info)
    picture, exif = photo()
    picture.save(FOLDER / "IMG_20261024_230400.jpg", "JPEG", quality=90, exif=exif)
