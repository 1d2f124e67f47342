"""telegram_json beyond the goldens: text kept to the character through Telegram's own escaping,
the same result however the file is cut into pieces, breaks in account exports, streaming memory,
no crash on any bytes, and a bundle of a Telegram chat with the demo case."""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path

import pytest
from caselog.bundle import build_bundle
from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import telegram_json, telegram_reader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "corpus" / "telegram_json"
MARK, SAM = "user4242424242", "user1000000001"


def _parse(data: bytes) -> tuple[list[Record], Problems]:
    problems = Problems()
    return list(telegram_json.parse(Source.from_bytes(data, "result.json"), problems)), problems


def _serialize_string(text: str) -> str:
    """A string as Telegram Desktop's writer (export_output_json.cpp, SerializeString) writes it:
    UTF-8 as is, \\n \\r \\t \\" \\\\ escaped, other control characters as \\xHH (not JSON), and
    U+2028/U+2029 as \\u escapes."""
    out = []
    for ch in text:
        if ch in '\n\r\t"\\':
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}[ch])
        elif ord(ch) < 32:
            out.append(f"\\x{ord(ch):02X}")
        elif ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _chat(texts: list[str], minify: bool = False) -> bytes:
    """A one-chat export in Telegram's layout (one space per level), texts written as Telegram does."""
    nl, sp = ("", "") if minify else ("\n", " ")
    messages = []
    for number, text in enumerate(texts, 1):
        fields = [("id", str(number)), ("type", '"message"'), ("date", '"2026-10-02T21:04:05"'),
                  ("date_unixtime", f'"{1790971445 + number}"'), ("from", '"Mark D"'), ("from_id", f'"{MARK}"'),
                  ("text", _serialize_string(text))]
        messages.append("{" + ",".join(f"{nl}{sp * 3}\"{k}\": {v}" for k, v in fields) + f"{nl}{sp * 2}}}")
    body = f',{nl}{sp * 2}'.join(messages)
    return (f'{{{nl}{sp}"name": "Mark D",{nl}{sp}"type": "personal_chat",{nl}{sp}"id": 4242424242,'
            f'{nl}{sp}"messages": [{nl}{sp * 2}{body}{nl}{sp}]{nl}}}{nl}').encode()


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=5), st.booleans())
def test_every_character_survives_telegrams_own_escaping(texts: list[str], minify: bool) -> None:
    """Control characters written as \\xHH, U+2028, NUL, emoji, spaces at either end: the body is the
    text as sent, minified or not."""
    records, problems = _parse(_chat(texts, minify))
    assert [r.body for r in records] == texts
    assert problems.left_out == 0


@pytest.mark.parametrize("name", ["mended.json", "single_chat.json", "full_export.json", "truncated.json",
                                  "broken_middle.json"])
@pytest.mark.parametrize(("piece", "buf"), [(1, 7), (16, 3), (64, 1 << 20), (200, 50)])
def test_pieces_of_any_size_give_the_same_result(name: str, piece: int, buf: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = (CORPUS / name).read_bytes()
    expected_records, expected_problems = _parse(data)
    monkeypatch.setattr(telegram_reader, "_PIECE", piece)
    monkeypatch.setattr(telegram_json, "_BUF", buf)
    records, problems = _parse(data)
    assert [r.to_json() for r in records] == [r.to_json() for r in expected_records]
    if name != "broken_middle.json":          # where a syntax error is placed depends on the piece
        assert problems.to_json() == expected_problems.to_json()


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 11, 4096])
def test_a_file_without_newlines_is_cut_safely(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """No newline to cut after: a piece never ends inside \\xHH or a UTF-8 character."""
    texts = ["a\x01b\\x41\x1f", "😀\x0b😀", "\\\\\x02", "é\u2028"]
    data = _chat(texts, minify=True).replace("é".encode(), b"\xe9", 1)   # one byte that is not UTF-8
    monkeypatch.setattr(telegram_reader, "_PIECE", piece)
    monkeypatch.setattr(telegram_reader, "_LONG_LINE", 1)
    records, problems = _parse(data)
    assert [r.body for r in records] == [*texts[:3], "\ufffd\u2028"]
    kinds = [p["reason"].split(" ", 2)[1] for p in problems.to_json() if p["locator"].startswith("line")]
    assert kinds == ["control", "stretch(es)"]            # in the order the file has them


def _account(chats: list[dict]) -> dict:
    return {"about": "Invented test export.", "personal_information": {"user_id": 1000000001},
            "chats": {"about": "Invented.", "list": chats}}


def _message(number: int, sender: str, sender_id: str, text: str) -> dict:
    return {"id": number, "type": "message", "date": "2026-10-02T21:04:05",
            "date_unixtime": str(1790971445 + number), "from": sender, "from_id": sender_id, "text": text}


def test_an_account_export_cut_inside_its_second_chat_keeps_the_first() -> None:
    export = _account([
        {"name": "Mark D", "type": "personal_chat", "id": 4242424242,
         "messages": [_message(1, "Mark D", MARK, "one"), _message(2, "Sam Taylor", SAM, "two")]},
        {"name": "Family", "type": "private_group", "id": 555,
         "messages": [_message(3, "Mark D", MARK, "three"), _message(4, "Mark D", MARK, "four, cut")]},
    ])
    data = json.dumps(export, indent=1).encode()
    records, problems = _parse(data[:data.index(b"four") + 2])
    assert [(r.locator, r.body, r.direction) for r in records] == [
        ("chats.list[0].messages[0]", "one", "incoming"), ("chats.list[0].messages[1]", "two", "outgoing"),
        ("chats.list[1].messages[0]", "three", "incoming")]
    (problem,) = problems.to_json()
    assert problem["locator"] == "chats.list[1].messages[1]" and problem["severity"] == "left_out"
    assert "breaks off at byte" in problem["reason"] and "end of the file" in problem["reason"]


def test_a_chat_cut_before_its_messages_is_one_problem_and_no_records() -> None:
    data = b'{\n "name": "Mark D",\n "type": "personal_ch'
    records, problems = _parse(data)
    assert records == []
    assert [(p["locator"], p["severity"]) for p in problems.to_json()] == [("line 3", "left_out")]


def test_json_that_is_no_telegram_export_is_refused_whole() -> None:
    with pytest.raises(SourceError):
        _parse(b'{"settings": {"theme": "dark"}}')
    with pytest.raises(SourceError):
        _parse(b'{"name": "Mark D", "messages": {"1": "not a list"}}')


def test_identify_reads_content_not_names() -> None:
    contacts = [{"user_id": n, "first_name": "Contact", "last_name": str(n), "phone_number": "+44 7700 900555",
                 "date": "2025-06-01T12:00:00", "date_unixtime": "1748779200"} for n in range(60)]
    no_personal = {"about": "Invented.", "contacts": {"about": "Invented.", "list": contacts},
                   "chats": {"about": "Invented.", "list": []}}
    assert telegram_json.identify(Source.from_bytes(json.dumps(no_personal, indent=1).encode(), "x.bin"))
    bom = b"\xef\xbb\xbf" + (CORPUS / "single_chat.json").read_bytes()
    assert telegram_json.identify(Source.from_bytes(bom, "AA_1__renamed.txt"))
    assert not telegram_json.identify(Source.from_bytes(b'{"messages": []}', "result.json"))
    assert not telegram_json.identify(Source.from_bytes(b"", "result.json"))


@pytest.mark.parametrize("account", [False, True])
def test_memory_stays_flat_on_a_large_chat(account: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chat eight times longer takes no more memory to read: one message at a time, even inside an
    account export."""
    monkeypatch.setattr(telegram_reader, "_PIECE", 1 << 16)
    monkeypatch.setattr(telegram_json, "_BUF", 1 << 16)
    peaks, sizes = [], []
    for count in (5_000, 40_000):
        chat = {"name": "Mark D", "type": "personal_chat", "id": 4242424242, "messages": [
            _message(n, "Mark D", MARK, "You can't block me everywhere, I will keep writing 😡") for n in range(count)]}
        data = json.dumps(_account([chat]) if account else chat, indent=1, ensure_ascii=False).encode()
        source = Source.from_bytes(data, "result.json")
        del chat
        tracemalloc.start()
        try:
            assert sum(1 for _ in telegram_json.parse(source, Problems())) == count
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        sizes.append(len(data))
    assert peaks[1] < peaks[0] * 1.3 + (1 << 16), f"peaks {peaks} bytes for files of {sizes} bytes"
    assert peaks[1] < sizes[1] / 8


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([b"", b'{"name": "M", "type": "personal_chat", "messages": [',
                                                 b'{"about": "x", "chats": {"about": "y", "list": [{"messages": [']))
def test_no_bytes_make_it_crash(data: bytes, prefix: bytes) -> None:
    source = Source.from_bytes(prefix + data, "result.json")
    assert telegram_json.identify(source) in (True, False)
    problems = Problems()
    try:
        records = list(telegram_json.parse(source, problems))
    except SourceError:
        return
    assert all(r.channel == "telegram" and "messages[" in r.locator for r in records)


def test_a_bundle_of_a_chat_reads_directions_from_the_case(demo_case, tmp_path: Path) -> None:
    """One-chat export, demo case (Sam Taylor victim, Mark D suspect): Mark's messages and calls are
    incoming from the suspect, Sam's outgoing, notices never count as contact."""
    build_bundle(demo_case, [CORPUS / "single_chat.json"], tmp_path / "out")
    with open(tmp_path / "out" / "timeline.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    by_locator = {r["locator"]: r for r in rows}
    assert len(rows) == 18
    assert {k: by_locator["messages[1]"][k] for k in ("direction", "party", "channel", "kind")} == {
        "direction": "incoming", "party": "suspect", "channel": "telegram", "kind": "message"}
    assert by_locator["messages[2]"]["direction"] == "outgoing"
    assert by_locator["messages[2]"]["body"] == "Please stop contacting me.\nI mean it.\n\nDon't reply to this."
    assert [(by_locator[f"messages[{n}]"]["kind"], by_locator[f"messages[{n}]"]["duration_s"],
             by_locator[f"messages[{n}]"]["call_outcome"]) for n in (10, 11)] == [
        ("call", "", "missed"), ("call", "125", "hangup")]
    notices = [r for r in rows if '"notice": "true"' in r["details"]]
    assert len(notices) == 3 and all(r["direction"] == "unknown" and r["sender"] == "" for r in notices)
    assert by_locator["messages[0]"]["timestamp_utc"] == "2026-10-02T19:58:00Z"
    assert by_locator["messages[0]"]["timestamp_local"] == "2026-10-02T20:58:00+01:00"
