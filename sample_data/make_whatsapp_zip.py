"""Writes the demo's WhatsApp export: `exports/WhatsApp Chat with Mark D.zip` (INVENTED people).

What Android's "Export chat → Attach media" gives: the chat text and the media it names. The story
follows the demo case: Sam Taylor blocked Mark D's number for texts early in October 2026, and he
carried on on WhatsApp (12/10 to 31/10): calls at night, a photo, a voice note, a deleted message, a
message at 01:30 on 25/10/2026, the hour that happens twice in London when the clocks go back.

The zip is byte-stable: members are stored (no compression, so no zlib version can change a byte),
with fixed times and attributes. The photo is a valid 1x1 grey JPEG and the voice note a valid Ogg
Opus header with no sound, both made here so nothing else is needed. Run: python make_whatsapp_zip.py
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIP_PATH = HERE / "exports" / "WhatsApp Chat with Mark D.zip"
CHAT_NAME = "WhatsApp Chat with Mark D.txt"
PHOTO, VOICE = "IMG-20261016-WA0001.jpg", "PTT-20261021-WA0002.opus"
ENTRY_TIME = (2026, 11, 1, 12, 0, 0)

CHAT = """\
12/10/2026, 19:40 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even \
WhatsApp, can read or listen to them. Tap to learn more.
12/10/2026, 19:41 - Mark D: Blocked me on texts so I'm on here now
12/10/2026, 19:41 - Mark D: We need to talk Sam
12/10/2026, 19:55 - Sam Taylor: I told you I don't want any contact. Stop messaging me on here too.
12/10/2026, 20:02 - Mark D: You don't get to decide that
13/10/2026, 23:47 - Mark D: Missed voice call
13/10/2026, 23:52 - Mark D: Missed voice call
13/10/2026, 23:58 - Mark D: Pick up
14/10/2026, 00:03 - Mark D: Missed video call
16/10/2026, 18:22 - Mark D: IMG-20261016-WA0001.jpg (file attached)
Remember this place?
16/10/2026, 18:23 - Mark D: This message was deleted
19/10/2026, 22:10 - Mark D: I know you went to the police.
It won't change anything.
I'm not going anywhere 😡
21/10/2026, 02:14 - Mark D: Missed voice call
21/10/2026, 02:15 - Mark D: PTT-20261021-WA0002.opus (file attached)
24/10/2026, 23:05 - Mark D: Why are the curtains shut? 🙂
25/10/2026, 01:30 - Mark D: Same hour twice tonight. Twice as long to think about us
25/10/2026, 01:48 - Mark D: Missed voice call
29/10/2026, 18:31 - Mark D: Did you like the flowers? 🌹
31/10/2026, 23:41 - Mark D: See you soon
31/10/2026, 23:42 - Mark D: Missed voice call
31/10/2026, 23:50 - You blocked this contact. Tap to unblock.
"""


def one_pixel_jpeg() -> bytes:
    """A baseline JPEG of one grey 8x8 block cropped to 1x1: every DC/AC value is the single
    one-bit Huffman code for 'nothing' (DC difference 0, end of block)."""
    def segment(marker: int, body: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body

    one_code = bytes([1] + [0] * 15) + b"\x00"          # one code of length 1, for symbol 0
    return b"".join((
        b"\xff\xd8",
        segment(0xDB, b"\x00" + b"\x01" * 64),           # quantisation table 0, all ones
        segment(0xC0, bytes([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),   # 1x1, one component
        segment(0xC4, b"\x00" + one_code),               # DC table 0
        segment(0xC4, b"\x10" + one_code),               # AC table 0
        segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0])),    # scan
        b"\x3f",                                         # bits 0 (DC) 0 (EOB), padded with ones
        b"\xff\xd9",
    ))


def opus_header_only() -> bytes:
    """One Ogg page holding an OpusHead packet (mono, 48 kHz): a voice note with no sound."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    page = bytearray(b"OggS" + struct.pack("<BBqIII", 0, 0x02, 0, 0x43616C65, 0, 0)
                     + bytes([1, len(head)]) + head)
    struct.pack_into("<I", page, 22, _ogg_crc(bytes(page)))
    return bytes(page)


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def build() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in ((CHAT_NAME, CHAT.encode("utf-8")), (PHOTO, one_pixel_jpeg()),
                           (VOICE, opus_header_only())):
            info = zipfile.ZipInfo(name, date_time=ENTRY_TIME)
            info.create_system, info.external_attr = 3, 0o644 << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


if __name__ == "__main__":
    ZIP_PATH.write_bytes(build())
