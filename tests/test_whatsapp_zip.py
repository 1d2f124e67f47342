"""A WhatsApp "Export chat → Attach media" zip through the whole bundle: the chat member is parsed,
its media are attachments of their messages, and the media members are hashed exhibits, never events."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from caselog.bundle import build_bundle

LRM = "\u200e"
PHOTO, VOICE = "00000003-PHOTO-2026-10-12-20-02-40.jpg", "00000005-AUDIO-2026-10-13-23-20-00.opus"
PHOTO_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
VOICE_BYTES = b"OggS\x00\x02" + bytes(20)
IOS_CHAT = "\n".join([
    f"[12/10/2026, 19:58:03] Mark D: {LRM}Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them.",
    "[12/10/2026, 20:01:15] Mark D: You can't block me everywhere",
    f"[12/10/2026, 20:02:40] Mark D: {LRM}<attached: {PHOTO}>",
    "[12/10/2026, 20:03:30] Sam Taylor: Stop.",
    "Please.",
    f"[13/10/2026, 23:14:05] Mark D: {LRM}Missed voice call",
    f"[13/10/2026, 23:20:00] Mark D: {LRM}<attached: {VOICE}>",
])
ANDROID_CHAT = "\n".join([
    "12/10/2026, 19:58 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them. Tap to learn more.",
    "12/10/2026, 20:01 - Mark D: You can't block me everywhere",
    f"12/10/2026, 20:02 - Mark D: {PHOTO} (file attached)",
    "12/10/2026, 20:03 - Sam Taylor: Stop.",
    "Please.",
    "13/10/2026, 23:14 - Mark D: Missed voice call",
    f"13/10/2026, 23:20 - Mark D: {VOICE} (file attached)",
]) + "\n"

CASES = {
    # zip name, chat member, text, the thread the parser can see (an iPhone zip's own name is not in
    # its member's path), the UTC time of the photo message (Europe/London is on BST in October)
    "iphone": ("WhatsApp Chat - Mark D.zip", "_chat.txt", IOS_CHAT, "", "2026-10-12T19:02:40Z"),
    "android": ("WhatsApp Chat with Mark D.zip", "WhatsApp Chat with Mark D.txt", ANDROID_CHAT, "Mark D",
                "2026-10-12T19:02:00Z"),
}


def _export_zip(folder: Path, zip_name: str, chat_name: str, chat: str) -> Path:
    folder.mkdir()
    path = folder / zip_name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(chat_name, chat.encode("utf-8"))
        archive.writestr(PHOTO, PHOTO_BYTES)
        archive.writestr(VOICE, VOICE_BYTES)
    return path


@pytest.mark.parametrize("style", sorted(CASES))
def test_whatsapp_zip_through_the_bundle(style: str, demo_case, tmp_path: Path) -> None:
    zip_name, chat_name, chat, thread, photo_utc = CASES[style]
    export = _export_zip(tmp_path / "handed-in", zip_name, chat_name, chat)
    out = tmp_path / "bundle"
    build_bundle(demo_case, [export.parent], out, now=datetime(2026, 11, 1, 12, tzinfo=UTC))

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (exhibit,) = manifest["exhibits"]
    assert exhibit["type"] == "zip archive"
    assert exhibit["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    members = {m["path"]: m for m in exhibit["members"]}
    assert members[PHOTO]["sha256"] == hashlib.sha256(PHOTO_BYTES).hexdigest()
    assert members[VOICE]["sha256"] == hashlib.sha256(VOICE_BYTES).hexdigest()
    assert members[chat_name]["sha256"] == hashlib.sha256(chat.encode("utf-8")).hexdigest()
    sources = {s["source_path"]: s for s in exhibit["sources"]}
    assert sources[chat_name]["parser"] == "whatsapp_txt"
    assert sources[chat_name]["records_in"] == sources[chat_name]["events_out"] == 6
    assert sources[chat_name]["problems"] == 0
    for media in (PHOTO, VOICE):                 # hashed and kept, read by no parser, no events
        assert sources[media]["parser"] is None
        assert sources[media]["events_out"] == sources[media]["records_in"] == 0

    with open(out / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["source_path"] for r in rows} == {chat_name}
    assert [r["attachments"] for r in rows if r["attachments"]] == [PHOTO, VOICE]
    photo_row = next(r for r in rows if r["attachments"] == PHOTO)
    assert photo_row["timestamp_utc"] == photo_utc
    assert (photo_row["sender"], photo_row["direction"], photo_row["party"]) == ("Mark D", "incoming", "suspect")
    assert {r["thread"] for r in rows} == {thread}
    by_kind = [(r["kind"], r["direction"]) for r in rows]
    assert by_kind.count(("message", "unknown")) == 1          # the encryption notice, never contact
    assert ("call", "incoming") in by_kind
    stop = next(r for r in rows if r["body"].startswith("Stop."))
    assert (stop["body"], stop["direction"]) == ("Stop.\nPlease.", "outgoing")
