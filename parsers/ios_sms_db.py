"""iPhone Messages database `sms.db` (and the Mac's `chat.db`): iMessage, SMS, MMS and RCS.

How users get it: an unencrypted iTunes/Finder backup of the iPhone holds it as
`3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28` (the SHA-1 of `HomeDomain-Library/SMS/sms.db`);
backup browsers (iMazing, iExplorer, iBackup Viewer) can save it as `sms.db`; on a Mac it is
`~/Library/Messages/chat.db`. Exhibits are renamed, so it is recognised by content: SQLite's magic
and the `message`, `handle` and `chat_message_join` tables (ios_sqlite.looks_like). An ENCRYPTED
backup's files are not SQLite and are claimed by no parser; ios_backup_manifest says why.

SQLite needs a file, not a stream: ios_sqlite opens the preserved copy itself read-only and
immutable, or a verified private copy of a zip member; the exhibit is never written to.

One record per `message` row, located as `message ROWID 1234`:
- `is_from_me` = 1 is outgoing (recipients: the chat's handles), else incoming (sender: the handle's
  `id` as stored, "+447700900123" or an e-mail). The database holds no contact names.
- channel `imessage` for service iMessage, `sms` for SMS and RCS (the service stays in details).
- `date` counts from 2001-01-01 UTC: seconds before iOS 11, nanoseconds since, told apart per value.
  0 or an impossible time is a problem, never 2001. Read, delivered, edited and unsent times are
  details.
- The body is `text` exactly as stored; when `text` is NULL (iOS 16+, macOS 13+) it is decoded from
  `attributedBody` (ios_typedstream); a blob that cannot be decoded gives an empty body and a
  warning, never a guess. U+FFFC in a body marks where an attachment sat, as stored.
- Tapbacks (`associated_message_type` 2000-2007 added, 3000-3007 removed) are not messages: they
  become details["reactions"] of the message they point at ("Loved by +447700900123 at …"); one
  whose message is not in the database is a problem. A sticker put on a bubble (1000) is a message.
- `item_type` ≠ 0 rows (participant added/removed, group renamed, left, photo changed, location
  sharing, kept audio, FaceTime) are notices: direction unknown, no sender, details["notice"].
- Attachments: `transfer_name` (else the last part of `filename`); the stored paths and MIME types
  are details, to find the files in the backup (MediaDomain, Library/SMS/Attachments/…).
- A damaged or truncated database: what was read before the damage is kept, then one problem.
Not read: edit history (`message_summary_info`), app payloads (`payload_data`), messages only in a
`-wal` file beside the database (warned), "Recently Deleted" recovery tables, contact names
(AddressBook.sqlitedb), the attachment files themselves, iOS 5 and older (no `handle` table).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import ios_sqlite
from caselog.parsers.ios_sms_rows import Context, cells, number, reaction_target, reaction_text, text, to_record

name = "ios_sms_db"
description = "iPhone Messages database sms.db (from a backup) or a Mac's chat.db: iMessage, SMS, MMS, RCS"

_TABLES = ("message", "handle", "chat_message_join")
_REQUIRED = ("guid", "text", "handle_id", "date", "is_from_me")
_MESSAGE_COLUMNS = (
    "guid", "text", "attributedBody", "handle_id", "service", "subject", "date", "date_read",
    "date_delivered", "date_edited", "date_retracted", "is_from_me", "error", "cache_has_attachments",
    "is_audio_message", "item_type", "group_action_type", "other_handle", "group_title", "share_status",
    "associated_message_type", "associated_message_guid", "associated_message_emoji", "balloon_bundle_id",
    "thread_originator_guid", "destination_caller_id",
)
_REACTIONS = "associated_message_type BETWEEN 2000 AND 3999"


def identify(source: Source) -> bool:
    return ios_sqlite.looks_like(source, _TABLES)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    last = [0]                                          # the last message ROWID read, for the problem
    try:
        with ios_sqlite.read_only(source) as db:
            yield from _read(db, source, problems, last)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as err:   # a damaged schema's error text may not be UTF-8
        where = f"after message ROWID {last[0]}" if last[0] else "database"
        problems.add(where, f"the database is damaged or incomplete ({err}); what follows could not be read "
                            "and is left out of the timeline: the exhibit is kept as it is; a copy repaired "
                            "with `sqlite3 copy.db .recover` can be handed in as well")


def _read(db: sqlite3.Connection, source: Source, problems: Problems, last: list[int]) -> Iterator[Record]:
    columns = _columns(db)
    if "message" not in columns or "handle" not in columns:
        raise SourceError("no message and handle tables: not a Messages database")
    if missing := [c for c in _REQUIRED if c not in columns["message"]]:
        raise SourceError(f"the message table has no {', '.join(missing)} column: a layout not read")
    if warning := ios_sqlite.wal_warning(source):
        problems.warn("database", warning)
    ctx = _context(db, columns)
    chats = _Grouped(db.execute("SELECT message_id, chat_id FROM chat_message_join "
                                "ORDER BY message_id, chat_id") if "chat_message_join" in columns else ())
    files = _Grouped(_attachments(db, columns))
    for row in db.execute(f"SELECT message.ROWID AS ROWID, {_select(columns['message'], _MESSAGE_COLUMNS)} "
                          "FROM message ORDER BY message.ROWID"):
        row = cells(row)
        rowid = last[0] = row["ROWID"]
        if 2000 <= (row["associated_message_type"] or 0) < 4000:
            continue                                    # a tapback, already part of its message
        chat_ids = [number(pair[1]) for pair in chats.take(rowid)]
        try:
            yield to_record(row, ctx, files.take(rowid), chat_ids, problems)
        except RecordError as err:
            problems.add(f"message ROWID {rowid}", str(err))
            for reaction_rowid, reaction in ctx.reactions.pop(text(row["guid"]), []):
                problems.add(f"message ROWID {reaction_rowid}", f"reaction ({reaction}) to message ROWID {rowid}, "
                                                                "which is left out itself; left out of the timeline")
    for target, shown in ctx.reactions.items():
        for rowid, reaction in shown:
            problems.add(f"message ROWID {rowid}", f"reaction ({reaction}) to message {target}, which is not in "
                                                   "this database; left out of the timeline")


def _columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [text(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {text(c[1]) for c in db.execute(f'PRAGMA table_info("{t}")')} for t in tables
            if t in (*_TABLES, "chat", "chat_handle_join", "attachment", "message_attachment_join")}


def _select(present: set[str], wanted: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' if c in present else f'NULL AS "{c}"' for c in wanted)


def _context(db: sqlite3.Connection, columns: dict[str, set[str]]) -> Context:
    ctx = Context(handles={r[0]: text(r[1]) for r in db.execute("SELECT ROWID, id FROM handle")})
    if "chat" in columns:
        for row in db.execute("SELECT ROWID, "
                              f"{_select(columns['chat'], ('chat_identifier', 'display_name', 'service_name'))} "
                              "FROM chat"):
            ctx.chats[row[0]] = (text(row[1]), text(row[2]), text(row[3]))
    if "chat_handle_join" in columns:
        for chat_id, handle_id in db.execute("SELECT chat_id, handle_id FROM chat_handle_join "
                                             "ORDER BY chat_id, handle_id"):
            ctx.members.setdefault(number(chat_id), []).append(ctx.handle(number(handle_id)) or f"handle {handle_id}")
    if "associated_message_type" in columns["message"]:
        wanted = ("associated_message_guid", "associated_message_type", "associated_message_emoji",
                  "handle_id", "is_from_me", "date")
        for row in db.execute(f"SELECT ROWID, {_select(columns['message'], wanted)} FROM message "
                              f"WHERE {_REACTIONS} ORDER BY ROWID"):
            row = cells(row)
            target = reaction_target(text(row["associated_message_guid"]))
            ctx.reactions.setdefault(target, []).append((row["ROWID"], reaction_text(row, ctx)))
    return ctx


def _attachments(db: sqlite3.Connection, columns: dict[str, set[str]]) -> Iterable[sqlite3.Row]:
    if "attachment" not in columns or "message_attachment_join" not in columns:
        return ()
    wanted = _select(columns["attachment"], ("filename", "transfer_name", "mime_type"))
    return db.execute(f"SELECT j.message_id, a.ROWID AS ROWID, {wanted} FROM message_attachment_join j "
                      "JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, j.attachment_id")


class _Grouped:
    """Rows sorted by their first column, handed out per key as the (ascending) messages pass."""

    def __init__(self, rows: Iterable) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, key: int) -> list:
        found = []
        while self._next is not None and ((at := number(self._next[0])) is None or at < key):
            self._next = next(self._rows, None)
        while self._next is not None and number(self._next[0]) == key:
            found.append(self._next)
            self._next = next(self._rows, None)
        return found
