"""Meta "Download your information" message files, read for `messenger_json` and `instagram_json`.

Not a parser (no name, no identify): the two parsers share this module because Facebook Messenger
and Instagram write direct messages in the same JSON, one `message_N.json` per chunk of a thread:
`{"participants": [{"name"}], "messages": [...], "title", "is_still_participant", "thread_path", ...}`.
In real files the thread's `title` and `thread_path` come AFTER the messages, so a file is read in
two streamed passes: the first (ijson events, nothing kept but the envelope) learns the thread, the
second (ijson items) turns one message at a time into a Record. No file is ever loaded whole.

Which app wrote a file (a rule, documented because the two cannot be told apart by shape alone):
1. media paths Meta wrote in the file's first 64 KB: `"uri": "your_instagram_activity/…"` is
   Instagram, `"uri": "your_activity_across_facebook/…"` Facebook Messenger;
2. else the folders Meta names in the download, in the file's path inside the exhibit
   (`source_path`): `your_instagram_activity` or `your_activity_across_facebook`;
3. else a field only Instagram writes: a shared post's `original_content_owner`;
4. else nothing tells (older downloads of both apps use `messages/inbox/<thread>/`): the file is
   read as Instagram by default and a warning says the channel is a default, not a finding. The
   messages are never lost for want of a label; the warning sends the reader to the download itself.
The rule gives every Meta file to exactly one of the two parsers. If media paths further in the file
contradict the choice, a warning says so. Folder names the user chose (`facebook-sam/`) are not
evidence: only names Meta writes are.

Damage: a file cut short keeps every message before the cut and one problem naming the byte and
the message where it broke off; malformed JSON likewise. Meta's files are pure ASCII (every other
character escaped as `\\u00XX`), so raw non-ASCII bytes or a byte-order mark mean the copy was saved
again by another program: said once; bytes that are not UTF-8 become U+FFFD, each said with its
byte offset, and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import ijson
from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.meta_records import Thread, message_record, repair_text

DEFAULT_CHANNEL = "instagram"
HEAD_BYTES = 1 << 16
_BUF = 1 << 16
_BOM = codecs.BOM_UTF8
_REPLACEMENT = "\ufffd".encode()
_MAX_BYTE_WARNINGS = 10
_APP_NAMES = {"messenger": "Facebook Messenger", "instagram": "Instagram"}
_FOLDER_APP = {"your_instagram_activity": "instagram", "your_activity_across_facebook": "messenger"}
_THREAD_BOXES = {"inbox", "message_requests", "archived_threads", "filtered_threads", "e2ee_cutover"}

_MESSAGES = re.compile(rb'"messages"\s*:\s*\[')
_NO_MESSAGES = re.compile(rb'"messages"\s*:\s*\[\s*\]')
_SENDER = re.compile(rb'"sender_name"\s*:')
_TIME = re.compile(rb'"timestamp_ms"\s*:')
_ENVELOPE = re.compile(rb'"(?:participants|thread_path|is_still_participant)"\s*:')
_URI_APP = re.compile(rb'"uri"\s*:\s*"(your_instagram_activity|your_activity_across_facebook)/')
_INSTAGRAM_ONLY = re.compile(rb'"original_content_owner"\s*:')


def app_of(source: Source) -> tuple[str, str] | None:
    """(channel, the evidence for it; "" when it is the default), or None: not a Meta message file.

    Cheap and never raises: a look at the first bytes, then at most the first 64 KB.
    """
    start = source.head(64).removeprefix(_BOM).lstrip()
    if not start.startswith(b"{"):
        return None
    head = source.head(HEAD_BYTES)
    if not _MESSAGES.search(head):
        return None
    if not ((_SENDER.search(head) and _TIME.search(head)) or (_NO_MESSAGES.search(head) and _ENVELOPE.search(head))):
        return None
    if "messages" not in _top_level_keys(head):
        return None
    apps = {m.group(1).decode() for m in _URI_APP.finditer(head)}
    if len(apps) == 1:
        folder = apps.pop()
        return _FOLDER_APP[folder], f"media paths in the file start with {folder}/"
    folders = {part for part in re.split(r"[/\\]", source.source_path) if part in _FOLDER_APP}
    if len(folders) == 1:
        folder = folders.pop()
        return _FOLDER_APP[folder], f"the file's path is inside {folder}/"
    if _INSTAGRAM_ONLY.search(head):
        return "instagram", "a shared post names its original_content_owner, which only Instagram writes"
    return DEFAULT_CHANNEL, ""


def _top_level_keys(head: bytes) -> set[str]:
    """The keys of the root object that the first bytes show (the head may end mid-value)."""
    keys, depth = set(), 0
    try:
        for event, value in ijson.basic_parse(Utf8Reader(io.BytesIO(head)), buf_size=_BUF):
            if event == "map_key" and depth == 1:
                keys.add(value)
            elif event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
    except ijson.JSONError:
        pass                  # the head was cut mid-value, or is not JSON past this point
    return keys


def parse(source: Source, problems: Problems, channel: str) -> Iterator[Record]:
    """Every message of one thread file as a Record on `channel`; see the module doc."""
    found = app_of(source)
    evidence = found[1] if found else ""
    envelope = _read_envelope(source)
    if envelope.complete and not (envelope.root_is_object and envelope.has_messages):
        raise SourceError("the file is JSON but has no top-level \"messages\" list: not a Meta message file")
    if not evidence:
        problems.warn("file", "nothing in this file or in its path says whether it comes from Instagram or from "
                      "Facebook Messenger (both write this JSON); read as Instagram by default, which is not a "
                      "finding: check which download the file came from")
    for app, uri in envelope.media_apps.items():
        if app != channel:
            problems.warn("file", f"media paths in the file point to {_APP_NAMES[app]}'s download ({uri}), but "
                          f"it was read as {_APP_NAMES[channel]} ({evidence or 'by default'}); check which "
                          "download the file came from")
    yield from _messages(source, _thread(source, envelope, channel), envelope, problems)


@dataclass
class _Envelope:
    """The thread-level fields, and what the first pass saw of the file's shape."""

    root_is_object: bool = False
    has_messages: bool = False
    messages_closed: bool = False
    complete: bool = False
    title: str = ""
    thread_path: str = ""
    participants: list[str] = field(default_factory=list)
    media_apps: dict[str, str] = field(default_factory=dict)   # app -> first media uri naming its folder


def _read_envelope(source: Source) -> _Envelope:
    """First pass: walk every JSON event, keep only the envelope. Errors are left to the second pass."""
    env = _Envelope()
    depth, top, key = 0, None, None
    with source.open() as raw:
        try:
            for event, value in ijson.basic_parse(Utf8Reader(raw), buf_size=_BUF):
                if event == "map_key":
                    key = value
                    if depth == 1:
                        top = value
                elif event == "string":
                    if depth == 1 and top in ("title", "thread_path"):
                        setattr(env, top, value)
                    elif key == "uri" and value.startswith(("your_", )):
                        app = _FOLDER_APP.get(value.split("/", 1)[0])
                        if app:
                            env.media_apps.setdefault(app, value)
                    elif top == "participants" and (depth == 2 or (depth == 3 and key == "name")):
                        env.participants.append(value)
                elif event in ("start_map", "start_array"):
                    if depth == 0:
                        env.root_is_object = event == "start_map"
                    elif depth == 1 and top == "messages":
                        env.has_messages = event == "start_array"
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 1 and top == "messages":
                        env.messages_closed = True
            env.complete = True
        except ijson.JSONError:
            pass        # the second pass meets the same bytes and reports where the file breaks
    return env


def _thread(source: Source, env: _Envelope, channel: str) -> Thread:
    name = repair_text(env.title) or env.thread_path
    if not name:            # the title was lost (a file cut short): the thread's folder, as thread_path names it
        parts = source.source_path.replace("\\", "/").split("/")
        if len(parts) >= 3 and parts[-3] in _THREAD_BOXES:
            name = f"{parts[-3]}/{parts[-2]}"
    return Thread(channel, name, env.thread_path, tuple(repair_text(p) for p in env.participants))


def _messages(source: Source, thread: Thread, env: _Envelope, problems: Problems) -> Iterator[Record]:
    """Second pass: one record per item of "messages", in the file's order (Meta's: newest first)."""
    index = 0
    with source.open() as raw:
        reader = Utf8Reader(raw, problems)
        try:
            for item in ijson.items(reader, "messages.item", buf_size=_BUF):
                where = f"messages[{index}]"
                index += 1
                try:
                    record = message_record(item, thread, where, problems)
                except RecordError as err:
                    problems.add(where, str(err))
                    continue
                if reader.replaced and _shows_replacement(record):
                    problems.warn(where, "the text holds U+FFFD (�) standing for bytes of the file that are not "
                                  "UTF-8 (see the byte warnings); the rest of the text is as written")
                yield record
        except ijson.JSONError as err:
            _report_break(err, reader, index, env, problems)
        reader.summarise()


def _shows_replacement(record: Record) -> bool:
    return "\ufffd" in record.body or "\ufffd" in record.sender_name or any(
        "\ufffd" in value for value in record.details.values())


def _report_break(err: ijson.JSONError, reader: Utf8Reader, index: int, env: _Envelope, problems: Problems) -> None:
    message = str(err)
    said = message.split("\n", 1)[0].strip().removeprefix("b'")[:80]
    cut = "premature EOF" in said
    at = _error_byte(message, reader)
    where = (f"at byte {reader.offset} (the end of the file)" if cut else
             f"at about byte {at}" if at is not None else f"within bytes {reader.chunk_start}-{reader.offset}")
    what = "breaks off" if cut else "is malformed"
    lost = "" if env.title or env.thread_path else \
        "; the thread's title and thread_path, which follow the messages, are lost too"
    if not env.has_messages:
        problems.add(f"byte {reader.offset}", f"the JSON {what} {where} ({said}), before the messages begin; no "
                     "message could be read")
    elif env.messages_closed:
        problems.warn(f"byte {reader.offset}", f"the JSON {what} {where} ({said}), after the last message: every "
                      "message was read, what follows them could not be")
    elif cut:
        problems.add(f"messages[{index}]", f"JSON breaks off {where}, inside messages[{index}]: the file is cut "
                     f"short (a partial copy or download); this message and any after it could not be read{lost}")
    else:
        problems.add(f"messages[{index}]", f"JSON is malformed {where} ({said}); messages[{index}] and everything "
                     f"after it could not be read{lost}")


def _error_byte(message: str, reader: Utf8Reader) -> int | None:
    """The last byte yajl read before it gave up, from its message: the buffer's text around the error
    (newlines shown as spaces) with the next byte under column 41; None when it cannot be placed."""
    lines = message.split("\n")
    if len(lines) < 3 or lines[2].find("^") != 40 or not reader.last_exact:
        return None
    shown = lines[1].encode()
    data = reader.last.replace(b"\n", b" ").replace(b"\r", b" ")
    text = shown[10:]
    pos = data.find(text) if len(text) > 30 else -1
    if pos >= 0 and data.find(text, pos + 1) < 0:
        return reader.last_start + pos + 30 - 1
    for offset in range(1, 30):                     # near the buffer's start yajl pads to column 41
        if not shown[:40 - offset].strip() and data.startswith(shown[40 - offset:]):
            return reader.last_start + offset - 1
    return None


class Utf8Reader:
    """The bytes ijson reads: the source's, without a leading byte-order mark, and with any byte that is
    not UTF-8 replaced by U+FFFD (and reported with its offset), whatever the read sizes. `offset`
    counts the source's bytes read so far; `last` is what the last read returned, from `last_start`."""

    def __init__(self, raw: IO[bytes], problems: Problems | None = None) -> None:
        self._raw, self._problems = raw, problems
        self.offset = self.chunk_start = 0
        self.replaced = 0
        self.last, self.last_start, self.last_exact = b"", 0, True   # the bytes last handed to ijson
        self._held = b""              # the start of a character cut by the read boundary
        self._noted_non_ascii = False

    def read(self, size: int = -1) -> bytes:
        if size == 0:                 # ijson asks for 0 bytes to learn whether the stream gives bytes
            return b""
        while True:
            first = self.offset == 0
            chunk = self._raw.read(size if size > 0 else _BUF)
            while first and 0 < len(chunk) < len(_BOM) and (more := self._raw.read(len(_BOM) - len(chunk))):
                chunk += more         # a byte-order mark is only recognised whole
            end = not chunk
            self.chunk_start = self.offset - len(self._held)
            self.offset += len(chunk)
            if first and chunk.startswith(_BOM):
                self._note_non_ascii(0)
                chunk, self.chunk_start = chunk[len(_BOM):], len(_BOM)
            data, self._held = self._held + chunk, b""
            replaced = self.replaced
            out = data if data.isascii() else self._clean(data, final=end)
            if out or end:
                self.last, self.last_start, self.last_exact = out, self.chunk_start, self.replaced == replaced
                return out

    def _clean(self, data: bytes, final: bool) -> bytes:
        if not self._noted_non_ascii:
            self._note_non_ascii(self.chunk_start + re.search(rb"[\x80-\xff]", data).start())
        pieces, pos = [], 0
        while pos < len(data):
            try:
                _, used = codecs.utf_8_decode(data[pos:], "strict", final)
            except UnicodeDecodeError as err:
                start, end = pos + err.start, pos + err.end
                pieces += [data[pos:start], _REPLACEMENT]
                self._bad_bytes(self.chunk_start + start, data[start:end])
                pos = end
                continue
            pieces.append(data[pos:pos + used])
            self._held = data[pos + used:]
            break
        return b"".join(pieces)

    def _note_non_ascii(self, offset: int) -> None:
        self._noted_non_ascii = True
        if self._problems is not None:
            self._problems.warn(f"byte {offset}", "the file holds a byte-order mark or raw non-ASCII bytes, which "
                                "Meta's downloads do not hold (Meta escapes every such character as \\u00XX): this "
                                "copy has probably been saved again by another program; read as UTF-8")

    def _bad_bytes(self, offset: int, data: bytes) -> None:
        self.replaced += 1
        if self._problems is not None and self.replaced <= _MAX_BYTE_WARNINGS:
            self._problems.warn(f"byte {offset}", f"byte(s) {data.hex(' ')} are not UTF-8; shown as U+FFFD (�), "
                                "the rest of the file read")

    def summarise(self) -> None:
        if self._problems is not None and self.replaced > _MAX_BYTE_WARNINGS:
            self._problems.warn("file", f"{self.replaced} places in all hold bytes that are not UTF-8 (only the "
                                f"first {_MAX_BYTE_WARNINGS} are listed); each is shown as U+FFFD")
