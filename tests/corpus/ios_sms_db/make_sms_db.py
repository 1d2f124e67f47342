"""Writes the ios_sms_db test inputs: sms.db, truncated.db, garbage.db and three not_mine/ databases
(and a copy of sms.db as ios_backup_manifest/not_mine/sms_db_from_backup).

Run from the repository root: `.venv/bin/python tests/corpus/ios_sms_db/make_sms_db.py`. The output
is the same for the same SQLite version; another version may lay pages out differently, which is why
the tests compare the parser's OUTPUT (the goldens), never the .db bytes. truncated.db keeps the
first three quarters of sms.db: a copy cut off mid-way, after its schema (SQLite puts the schema's
leaf pages after the tables' root pages, about two thirds in here; a file cut before them cannot be
recognised at all). What it still yields can change with the layout: if its golden changes after a
regeneration, read it again, do not just accept it.

Everything is invented: Sam Taylor (the victim, owner of the phone), Mark Doe (+447700900123,
mark.doe@example.com), Priya Shah (+447700900777), Zoe Quill (+447700900789).

The tables are created with Apple's own CREATE TABLE statements (message, chat, handle, attachment
and the joins as a macOS 13 / iOS 16 Messages database has them, as published in `.schema` dumps,
e.g. pieteradejong/imessage-analysis app/db/create_full_schema.sql), plus iOS 17's
`associated_message_emoji`. The file is put in WAL mode, as an iPhone's sms.db is.
"""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)

SCHEMA = """
CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));
CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);
CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service) );
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
CREATE TABLE kvtable (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, key TEXT UNIQUE NOT NULL, value BLOB NOT NULL);
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0, is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT 0, is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0, is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT, was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER, item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT, group_action_type INTEGER DEFAULT 0, share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0, message_action_type INTEGER DEFAULT 0, message_source INTEGER DEFAULT 0, associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0, balloon_bundle_id TEXT, payload_data BLOB, expressive_send_style_id TEXT, associated_message_range_location INTEGER DEFAULT 0, associated_message_range_length INTEGER DEFAULT 0, time_expressive_send_played INTEGER, message_summary_info BLOB, ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, ck_record_change_tag TEXT, destination_caller_id TEXT, is_corrupt INTEGER DEFAULT 0, reply_to_guid TEXT, sort_id INTEGER, is_spam INTEGER DEFAULT 0, has_unseen_mention INTEGER DEFAULT 0, thread_originator_guid TEXT, thread_originator_part TEXT, syndication_ranges TEXT, synced_syndication_ranges TEXT, was_delivered_quietly INTEGER DEFAULT 0, did_notify_recipient INTEGER DEFAULT 0, date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0, was_detonated INTEGER DEFAULT 0, part_count INTEGER, is_stewie INTEGER DEFAULT 0, is_kt_verified INTEGER DEFAULT 0, associated_message_emoji TEXT);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER, account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT, is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT, group_id TEXT, is_filtered INTEGER DEFAULT 0, successful_query INTEGER, engram_id TEXT, server_change_token TEXT, ck_sync_state INTEGER DEFAULT 0, original_group_id TEXT, last_read_message_timestamp INTEGER DEFAULT 0, cloudkit_record_id TEXT, last_addressed_sim_id TEXT, is_blackholed INTEGER DEFAULT 0, syndication_date INTEGER DEFAULT 0, syndication_type INTEGER DEFAULT 0, is_recovered INTEGER DEFAULT 0);
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0, start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0, user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB, attribution_info BLOB, hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB, ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL, is_commsafety_sensitive INTEGER DEFAULT 0);
CREATE INDEX message_idx_date ON message(date);
CREATE INDEX chat_message_join_idx_message_id_only ON chat_message_join(message_id);
CREATE INDEX message_idx_associated_message ON message(associated_message_guid);
"""


def typedstream(text: str) -> bytes:
    """An attributedBody blob as Messages writes it: NSMutableAttributedString → NSMutableString.

    The bytes follow, one for one, a real blob published as a test fixture by ReagentX/
    imessage-exporter (imessage-database/test_data/streamtyped/AttributedBodyTextOnly, text "Noter
    test"), read with the grammar in dgelessus/python-typedstream src/typedstream/stream.py:
    04 0b "streamtyped" 81 e8 03 header (version 4, system 1000); 84 01 40 the type "@";
    84 object, 84 84 19 "NSMutableAttributedString" 00, 84 84 12 "NSAttributedString" 00,
    84 84 08 "NSObject" 00, 85 end of its class chain; 92 type "@" again (shared string #0);
    84 object, 84 84 0f "NSMutableString" 01, 84 84 08 "NSString" 01, 95 (class #3, NSObject);
    84 01 2b type "+", then the length (one byte, or 81 + int16 LE, or 82 + int32 LE) and the
    UTF-8 bytes; 86 end of the string; then the attribute run "iI" (1, length in UTF-16 units)
    and its NSDictionary {__kIMMessagePartAttributeName: NSNumber 0}, and three 86 ends.
    """
    data = text.encode("utf-8")
    units = len(text.encode("utf-16-le")) // 2
    return (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x19NSMutableAttributedString\x00"
            b"\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x0f"
            b"NSMutableString\x01\x84\x84\x08NSString\x01\x95\x84\x01+" + _length(len(data)) + data
            + b"\x86\x84\x02iI\x01" + _length(units)
            + b"\x92\x84\x84\x84\x0cNSDictionary\x00\x95\x84\x01i\x01\x92\x84\x98\x98\x1d"
              b"__kIMMessagePartAttributeName\x86\x92\x84\x84\x84\x08NSNumber\x00\x84\x84\x07NSValue\x00"
              b"\x95\x84\x01*\x84\x9b\x9b\x00\x86\x86\x86")


def _length(value: int) -> bytes:
    if value <= 0x7F:
        return bytes([value])
    if value <= 0x7FFF:
        return b"\x81" + value.to_bytes(2, "little")
    return b"\x82" + value.to_bytes(4, "little")


def ns(text: str) -> int:
    """Nanoseconds since 2001-01-01 UTC (iOS 11 and later)."""
    return int((datetime.fromisoformat(text) - APPLE_EPOCH).total_seconds()) * 1_000_000_000


def seconds(text: str) -> int:
    """Seconds since 2001-01-01 UTC (iOS 10 and earlier)."""
    return int((datetime.fromisoformat(text) - APPLE_EPOCH).total_seconds())


def guid(n: int) -> str:
    return f"6F1C2B1E-{n:04X}-4C1A-9E0D-5A7700900{n:03d}"


HANDLES = [  # ROWID, id, service
    (1, "+447700900123", "SMS"), (2, "+447700900123", "iMessage"), (3, "mark.doe@example.com", "iMessage"),
    (4, "+447700900777", "iMessage"), (5, "+447700900789", "iMessage"),
]
CHATS = [  # ROWID, chat_identifier, service_name, display_name, members
    (1, "+447700900123", "SMS", "", [1]), (2, "+447700900123", "iMessage", "", [2]),
    (3, "mark.doe@example.com", "iMessage", "", [3]), (4, "chat482913", "iMessage", "Saturday walk 🥾", [2, 4, 5]),
]
LONG = ("You think changing your number was going to stop me? I know where you work, I know which bus you "
        "take, and I know you were at Priya's on Friday night until 23:40. Answer me.")


def messages() -> list[dict]:
    """One dict per message row; keys are message columns, plus 'chat' and 'files'."""
    t = "2026-10-12T20:{:02d}:05+00:00".format
    return [
        dict(handle_id=1, service="SMS", date=ns(t(4)), date_read=ns(t(6)), text="Sam pick up. I know you're home.",
             chat=1),
        dict(handle_id=1, service="SMS", is_from_me=1, date=ns(t(7)), date_delivered=ns(t(7)),
             text="Please stop contacting me.", chat=1),
        dict(handle_id=2, service="iMessage", date=ns(t(9)), text=None,
             attributedBody=typedstream("I saw your car outside the gym 🚗\nWhy are you ignoring me?"), chat=2),
        dict(handle_id=2, service="iMessage", is_from_me=1, date=ns(t(10)),
             text="I am not ignoring you. Leave me alone.", chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(11)), text="Laughed at “I am not ignoring you. Leave me alone.”",
             associated_message_type=2003, associated_message_guid=f"p:0/{guid(4)}", chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(12)), text="\ufffcRecognise this?", cache_has_attachments=1,
             chat=2, files=[1]),
        dict(handle_id=2, service="iMessage", date=ns(t(13)), text="\ufffc", is_audio_message=1,
             cache_has_attachments=1, chat=2, files=[2]),
        dict(handle_id=1, service="SMS", date=seconds("2016-03-04T22:15:00+00:00"),
             text="You can't hide from me forever", chat=1),
        dict(handle_id=3, service="iMessage", date=0, text="Answer me", chat=3),
        dict(handle_id=4, service="iMessage", date=ns(t(20)), item_type=1, group_action_type=0, other_handle=5,
             text=None, chat=4),
        dict(handle_id=0, service="iMessage", is_from_me=1, date=ns(t(21)), item_type=2,
             group_title="Saturday walk 🥾", text=None, chat=4),
        dict(handle_id=2, service="iMessage", date=ns(t(22)), text="Nice of you all to leave me out", chat=4),
        dict(handle_id=0, service="iMessage", is_from_me=1, date=ns(t(23)), text="Priya, can you call me?", chat=4),
        dict(handle_id=3, service="iMessage", date=ns(t(25)), text="  I'm outside.\n\n  Come down.  ", chat=3,
             destination_caller_id="sam.taylor@example.org"),
        dict(handle_id=1, service="RCS", date=ns(t(26)), text="Why did you block me on WhatsApp?", chat=1),
        dict(handle_id=2, service="iMessage", date=ns(t(27)), text=None,
             attributedBody=typedstream("This blob is cut short")[:60], chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(28)), text=None, attributedBody=typedstream(LONG), chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(29)), text="I didn't mean that", date_edited=ns(t(31)),
             chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(32)), text=None, date_retracted=ns(t(33)), chat=2),
        dict(handle_id=1, service="SMS", is_from_me=1, date=ns(t(34)), error=4, text="I am calling the police.",
             chat=1),
        dict(handle_id=2, service="iMessage", date=ns(t(35)), text="Loved “see you there”",
             associated_message_type=2000, associated_message_guid=f"p:0/{guid(999)}", chat=2),
        dict(handle_id=2, service="iMessage", date=ns(t(36)), text="Reacted 😡 to “Priya, can you call me?”",
             associated_message_type=2006, associated_message_emoji="😡", associated_message_guid=f"p:0/{guid(13)}",
             chat=4),
        dict(handle_id=2, service="iMessage", date=ns(t(37)), text=b"caf\xe9 at 8? I'll wait", chat=2),
        dict(handle_id=3, service="iMessage", is_from_me=1, date=ns(t(38)), text="Emphasized “Answer me”",
             associated_message_type=2004, associated_message_guid=f"p:0/{guid(9)}", chat=3),
    ]


ATTACHMENTS = [  # ROWID, filename, mime, transfer_name, bytes
    (1, "~/Library/SMS/Attachments/4f/15/7E1D30A2-0001-4F15-9C11-5A7700900001/IMG_4471.HEIC", "image/heic",
     "IMG_4471.HEIC", 1843221),
    (2, "~/Library/SMS/Attachments/0b/11/AB12C3D4-0002-4B11-8D22-5A7700900002/Audio Message.caf", "audio/x-caf",
     "Audio Message.caf", 48211),
]


def build(path: Path) -> None:
    if path.exists():
        os.chmod(path, 0o644)
        path.unlink()
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 4096")
    db.executescript(SCHEMA)
    db.execute("INSERT INTO _SqliteDatabaseProperties VALUES ('_ClientVersion', '17002')")
    db.executemany("INSERT INTO handle (ROWID, id, country, service, uncanonicalized_id) VALUES (?, ?, 'gb', ?, ?)",
                   [(r, i, s, i) for r, i, s in HANDLES])
    for rowid, ident, service, name, members in CHATS:
        db.execute("INSERT INTO chat (ROWID, guid, style, chat_identifier, service_name, display_name) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (rowid, f"{service};{'+' if len(members) > 1 else '-'};{ident}",
                                                 43 if len(members) > 1 else 45, ident, service, name))
        db.executemany("INSERT INTO chat_handle_join VALUES (?, ?)", [(rowid, h) for h in members])
    db.executemany("INSERT INTO attachment (ROWID, guid, original_guid, filename, mime_type, transfer_name, "
                   "total_bytes, transfer_state) VALUES (?, ?, ?, ?, ?, ?, ?, 5)",
                   [(r, f"at_0_{guid(100 + r)}", f"at_0_{guid(100 + r)}", f, m, n, b) for r, f, m, n, b in ATTACHMENTS])
    for rowid, row in enumerate(messages(), 1):
        chat, files = row.pop("chat"), row.pop("files", [])
        row = {"ROWID": rowid, "guid": guid(rowid), "is_sent": row.get("is_from_me", 0), **row}
        value = row.pop("text")
        keys = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        text_sql = "CAST(? AS TEXT)" if isinstance(value, bytes) else "?"
        db.execute(f"INSERT INTO message ({keys}, text) VALUES ({marks}, {text_sql})", [*row.values(), value])
        db.execute("INSERT INTO chat_message_join VALUES (?, ?, ?)", (chat, rowid, row["date"]))
        db.executemany("INSERT INTO message_attachment_join VALUES (?, ?)", [(rowid, f) for f in files])
    db.commit()
    db.execute("VACUUM")                      # schema pages first, as after iOS's own maintenance
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def main() -> None:
    sms = HERE / "sms.db"
    build(sms)
    data = sms.read_bytes()
    write(HERE.parent / "ios_backup_manifest" / "not_mine" / "sms_db_from_backup", data)   # refused there
    write(HERE / "truncated.db", data[: len(data) * 3 // 4])
    noise = random.Random(20261012).randbytes(24 * 1024)
    tables = b"".join(f"CREATE TABLE {t} (ROWID INTEGER PRIMARY KEY)".encode()
                      for t in ("message", "handle", "chat_message_join"))
    write(HERE / "garbage.db", b"SQLite format 3\x00" + noise[:2000] + tables + noise[2000:])
    write(HERE / "not_mine" / "random_with_sqlite_magic.db", b"SQLite format 3\x00" + noise)
    notes = HERE / "not_mine" / "other_app.sqlite"
    if notes.exists():
        notes.unlink()
    db = sqlite3.connect(notes)
    db.executescript("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE folder (id INTEGER);")
    db.execute("INSERT INTO message (body) VALUES ('a note, not a text message')")
    db.commit()
    db.close()
    manifest = HERE / "not_mine" / "manifest_like.db"
    if manifest.exists():
        manifest.unlink()
    db = sqlite3.connect(manifest)
    db.executescript("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, "
                     "file BLOB); CREATE INDEX FilesDomainIdx ON Files(domain); CREATE INDEX FilesRelativePathIdx "
                     "ON Files(relativePath); CREATE INDEX FilesFlagsIdx ON Files(flags); CREATE TABLE Properties "
                     "(key TEXT PRIMARY KEY, value BLOB);")
    db.execute("INSERT INTO Files VALUES ('3d0d7e5fb2ce288813306e4d4636395e047a3d28', 'HomeDomain', "
               "'Library/SMS/sms.db', 1, NULL)")
    db.commit()
    db.close()


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


if __name__ == "__main__":
    main()
