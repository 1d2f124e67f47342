"""Meta's message files (messenger_json, instagram_json): mojibake repair, which app wrote a file,
damage anywhere in a file, bytes that are not UTF-8, and memory that does not grow with the file.

The full output for real-shaped inputs is in tests/corpus/{messenger,instagram}_json (goldens).
"""

from __future__ import annotations

import importlib.util
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from caselog import parsers
from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Source
from caselog.parsers import instagram_json, messenger_json
from caselog.parsers.meta_json import Utf8Reader
from caselog.parsers.meta_records import Thread, message_record, repair_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
META_FILES = sorted(p for d in ("messenger_json", "instagram_json") for p in (CORPUS / d).rglob("*")
                    if p.is_file() and not p.name.endswith((".jsonl", ".py")))
FB_THREAD = "facebook-sam/your_activity_across_facebook/messages/inbox/markdoe_10158/message_1.json"
IG_THREAD = "instagram-sam/your_instagram_activity/messages/inbox/markdoe88_17845/message_1.json"


def _meta(text: str) -> str:
    """What Meta writes for `text`: each UTF-8 byte as a code point."""
    return text.encode("utf-8").decode("latin-1")


def _parse(parser, data: bytes, source_path: str = "message_1.json"):
    problems = Problems()
    records = list(parser.parse(Source.from_bytes(data, source_path), problems))
    return records, problems.to_json()


def _thread(messages: list[dict], **extra) -> bytes:
    doc = {"participants": [{"name": "Mark Doe"}, {"name": "Sam Taylor"}], "messages": messages,
           "title": "Mark Doe", "thread_path": "inbox/markdoe_10158", **extra}
    return json.dumps(doc, indent=2).encode()


def _text(i: int, text: str = "hello") -> dict:
    return {"sender_name": "Mark Doe", "timestamp_ms": 1_791_000_000_000 - i * 1000, "content": text}


# --- mojibake -----------------------------------------------------------------------------------

@given(st.text())
def test_mojibake_of_any_text_round_trips(text: str) -> None:
    assert repair_text(_meta(text)) == text


@given(st.text(), st.characters(min_codepoint=0x100, exclude_categories=("Cs",)), st.text())
def test_text_with_a_character_beyond_latin1_is_never_touched(before: str, char: str, after: str) -> None:
    text = before + char + after
    assert repair_text(text) == text


@given(st.text(alphabet=st.characters(max_codepoint=0xFF)))
def test_latin1_text_changes_only_when_it_is_exactly_mojibake(text: str) -> None:
    repaired = repair_text(text)
    assert repaired == text or repaired.encode("utf-8") == text.encode("latin-1")


@pytest.mark.parametrize(("written", "read"), [
    ("é", "é"), ("café", "café"), ("Zoë", "Zoë"), ("£20", "£20"), ("plain ascii", "plain ascii"),
    ("\u00f0\u009f\u0098\u0080", "😀"), ("caf\u00c3\u00a9", "café"), ("\u00e2\u009d\u00a4", "❤"),
    ("  two  spaces \n kept ", "  two  spaces \n kept "), ("😀 real emoji", "😀 real emoji"),
])
def test_repair_examples(written: str, read: str) -> None:
    assert repair_text(written) == read


# --- which app: exclusive, by content, then by Meta's folder names --------------------------------

@pytest.mark.parametrize("path", META_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_file_is_claimed_by_both_meta_parsers(path: Path) -> None:
    source = Source.from_path(path)
    assert not (messenger_json.identify(source) and instagram_json.identify(source))


def test_corpus_instagram_export_is_claimed_by_instagram_only(shared_corpus: Path) -> None:
    source = Source.from_path(shared_corpus / "instagram" / "joweich-chat-miner__test_export.json")
    assert [p.name for p in parsers.claimants(source)] == ["instagram_json"]


@pytest.mark.parametrize(("source_path", "claimant"), [
    (FB_THREAD, "messenger_json"), (IG_THREAD, "instagram_json"),
    ("exports/messages/inbox/markdoe_10158/message_1.json", "instagram_json"),      # nothing tells: default
    ("facebook-sam/messages/inbox/markdoe_10158/message_1.json", "instagram_json"),  # a user's folder name
])
def test_meta_folder_names_in_the_path_decide_when_the_content_does_not(source_path: str, claimant: str) -> None:
    data = (CORPUS / "instagram_json" / "no_evidence.json").read_bytes()
    source = Source.from_bytes(data, source_path)
    assert [p.name for p in parsers.claimants(source)] == [claimant]
    _, problems = _parse(parsers.by_name(claimant), data, source_path)
    defaulted = any("by default" in p["reason"] for p in problems)
    assert defaulted == (source_path not in (FB_THREAD, IG_THREAD))


def test_media_paths_in_the_file_outrank_its_path() -> None:
    data = (CORPUS / "messenger_json" / "thread.json").read_bytes()
    assert messenger_json.identify(Source.from_bytes(data, IG_THREAD))


def test_media_paths_past_the_first_64kb_that_contradict_the_default_are_reported() -> None:
    messages = [_text(i, "x" * 200) for i in range(400)]
    messages.append({"sender_name": "Mark Doe", "timestamp_ms": 1_790_000_000_000,
                     "photos": [{"uri": "your_activity_across_facebook/messages/inbox/m_1/photos/1.jpg"}]})
    data = _thread(messages)
    assert len(data) > 1 << 16
    source = Source.from_bytes(data, "message_1.json")
    assert [p.name for p in parsers.claimants(source)] == ["instagram_json"]
    records, problems = _parse(instagram_json, data)
    assert len(records) == 401
    assert any("point to Facebook Messenger's download" in p["reason"] for p in problems)


@pytest.mark.parametrize("data", [
    b"", b"   ", b"[]", b'{"messages": []}', b'{"messages": "none", "sender_name": 1, "timestamp_ms": 2}',
    b'{"data": {"messages": [{"sender_name": "a", "timestamp_ms": 1}]}}', b"\xff\xfe{\x00",
    b'{"chats": {"list": [{"messages": [{"from": "a", "date_unixtime": "1"}]}]}}',
])
def test_not_meta_message_files(data: bytes) -> None:
    source = Source.from_bytes(data, "message_1.json")
    assert not messenger_json.identify(source) and not instagram_json.identify(source)


def test_identify_never_raises_on_an_unreadable_source() -> None:
    def broken():
        raise OSError("gone")

    source = Source("X/1", "message_1.json", 10, "0" * 64, broken)
    assert not messenger_json.identify(source) and not instagram_json.identify(source)


def test_a_source_that_is_not_what_identify_promised_raises_source_error() -> None:
    data = b'{"data": {"messages": [{"sender_name": "a", "timestamp_ms": 1791000000000}]}}'
    with pytest.raises(SourceError):
        _parse(messenger_json, data)


# --- damage --------------------------------------------------------------------------------------

def test_a_file_cut_anywhere_keeps_every_message_before_the_cut_and_says_so() -> None:
    def said(record) -> tuple:         # the thread's title and thread_path come after the messages
        return record.locator, record.timestamp, record.sender, record.body, record.attachments, record.kind

    data = (CORPUS / "messenger_json" / "thread.json").read_bytes()
    full, _ = _parse(messenger_json, data)
    for cut in range(0, len(data.rstrip()), 11):
        records, problems = _parse(messenger_json, data[:cut])
        assert [said(r) for r in records] == [said(r) for r in full[:len(records)]], cut
        if len(records) < len(full):
            assert any(p["severity"] == "left_out" for p in problems), cut


def test_a_cut_after_the_messages_loses_no_message() -> None:
    data = (CORPUS / "messenger_json" / "thread.json").read_bytes()
    cut = data[:data.index(b'"is_still_participant"')]
    records, problems = _parse(messenger_json, cut)
    assert len(records) == 18
    assert [p["severity"] for p in problems if "after the last message" in p["reason"]] == ["warning"]


def test_the_thread_is_named_from_the_folder_when_the_title_is_lost() -> None:
    data = (CORPUS / "messenger_json" / "truncated.json").read_bytes()
    records, _ = _parse(messenger_json, data, FB_THREAD)
    assert {r.thread for r in records} == {"inbox/markdoe_10158"}


@settings(max_examples=300)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), min_size=1, max_size=20), st.booleans())
def test_reader_replaces_bad_bytes_the_same_wherever_reads_break(data: bytes, sizes: list[int], bom: bool) -> None:
    raw = (b"\xef\xbb\xbf" if bom else b"") + data
    assume(bom or not data.startswith(b"\xef\xbb\xbf"))     # a leading BOM is read as the file's BOM
    problems = Problems()
    reader = Utf8Reader(io.BytesIO(raw), problems)
    out, turn = bytearray(), 0
    while piece := reader.read(sizes[turn % len(sizes)]):
        out += piece
        turn += 1
    assert bytes(out) == data.decode("utf-8", "replace").encode("utf-8")
    assert reader.offset == len(raw)
    for problem in problems.to_json():
        if problem["locator"].startswith("byte ") and "not UTF-8" in problem["reason"]:
            offset = int(problem["locator"].split()[1])
            assert raw[offset] >= 0x80, (offset, raw)


def test_a_damaged_copy_is_still_recognised() -> None:
    data = (CORPUS / "messenger_json" / "thread.json").read_bytes().replace(b"Sam Taylor", b"Sam\x96Taylor", 1)
    records, _ = _parse(messenger_json, data)
    assert messenger_json.identify(Source.from_bytes(data, "message_1.json"))
    assert len(records) == 18 and records[0].recipients == ["Sam\ufffdTaylor"]


def test_every_bad_byte_is_counted_and_the_first_ten_listed() -> None:
    content = "QUOTE" * 15
    data = _thread([_text(0, content)]).replace(b"QUOTE", b"\x93")
    records, problems = _parse(instagram_json, data)
    assert records[0].body == "\ufffd" * 15
    bytes_listed = [p for p in problems if p["locator"].startswith("byte ") and "not UTF-8" in p["reason"]]
    assert len(bytes_listed) == 10
    assert any("15 places" in p["reason"] for p in problems)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20)
                     | st.decimals(allow_nan=False, allow_infinity=False, places=2),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=3),
                     max_leaves=8)
_KEYS = st.sampled_from(["sender_name", "timestamp_ms", "content", "photos", "videos", "audio_files", "files", "gifs",
                         "sticker", "share", "reactions", "call_duration", "is_unsent", "is_geoblocked_for_viewer",
                         "type", "users", "other"])


_TIME_MS = st.integers(631_152_000_000, 4_102_444_799_999)      # 1990-2099: times from_epoch_ms accepts


@settings(max_examples=500)
@given(st.builds(lambda fields, when: {**fields, "timestamp_ms": when}, st.dictionaries(_KEYS, _JSON, max_size=8),
                 _TIME_MS | _JSON) | _JSON)
def test_any_message_object_gives_a_record_or_a_stated_reason(item) -> None:
    thread = Thread("messenger", "Mark Doe", "inbox/markdoe_10158", ("Mark Doe", "Sam Taylor"))
    problems = Problems()
    try:
        record = message_record(item, thread, "messages[0]", problems)
    except RecordError as err:
        reason = str(err)
    else:
        assert record.locator == "messages[0]" and record.timestamp.tzinfo is not None
        assert all(isinstance(v, str) for v in record.details.values())
        return
    assert "left out of the timeline" in reason


# --- streaming -----------------------------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("gen_meta_json", ROOT / "bench" / "gen_meta_json.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "message_1.json"
    with open(path, "w", encoding="ascii") as out:
        for piece in _generator().generate(40_000, seed=3):
            out.write(piece)
    size = path.stat().st_size
    source = Source.from_path(path)
    assert parsers.pick(source) is messenger_json
    problems = Problems()
    tracemalloc.start()
    try:
        count = sum(1 for _ in messenger_json.parse(source, problems))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000 and len(problems) == 0
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte file"
