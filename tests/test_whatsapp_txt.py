"""whatsapp_txt beyond the goldens: the region's date order, thread names, text kept to the character
whatever it holds, CRLF read like LF, constant memory, and no crash on any bytes."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from caselog.errors import SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers import whatsapp_txt
from caselog.parsers.whatsapp_layouts import HEADER
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

AMBIGUOUS = (b"01/02/2026, 20:00 - Mark D: first\n"
             b"01/02/2026, 20:05 - Sam Taylor: second\n"
             b"03/04/2026, 08:00 - Mark D: third\n")


def _parse(data: bytes, region: str = "", path: str = "chat.txt") -> tuple[list[Record], Problems]:
    problems = Problems()
    return list(whatsapp_txt.parse(Source.from_bytes(data, path, region=region), problems)), problems


@pytest.mark.parametrize(("region", "first", "words"), [
    ("US", "2026-01-02T20:00:00", "month-first (mm/dd/yyyy HH:MM) because the case's phone region is US"),
    ("PH", "2026-01-02T20:00:00", "month-first"),
    ("GB", "2026-02-01T20:00:00", "day-first (dd/mm/yyyy HH:MM) because the case's phone region is GB"),
    ("CA", "2026-02-01T20:00:00", "day-first"),
    ("", "2026-02-01T20:00:00", "no phone region is set"),
])
def test_an_undecided_order_follows_the_region_and_says_so(region: str, first: str, words: str) -> None:
    records, problems = _parse(AMBIGUOUS, region)
    assert records[0].timestamp.isoformat() == first
    (warning,) = problems.to_json()
    assert warning["locator"] == "line 1" and warning["severity"] == "warning"
    assert words in warning["reason"] and "no date in the file has a day above 12" in warning["reason"]


def test_a_settled_order_ignores_the_region_and_warns_nothing() -> None:
    records, problems = _parse(AMBIGUOUS + b"25/04/2026, 09:00 - Mark D: day first\n", "US")
    assert [r.timestamp.month for r in records] == [2, 2, 4, 4] and len(problems) == 0


# Each layout, twice: 12 October 2026, then the 25th to settle the day/month order.
@pytest.mark.parametrize(("template", "raw", "wall"), [
    ("{D}/{M}/{YYYY}, 21:04 - ", "12/10/2026, 21:04", "21:04:00"),
    ("[{D}/{M}/{YYYY}, 21:04:05] ", "12/10/2026, 21:04:05", "21:04:05"),
    ("{M}/{D}/{YY}, 9:04 PM - ", "10/12/26, 9:04 PM", "21:04:00"),
    ("{M}/{D}/{YY}, 9:04\u202fpm - ", "10/12/26, 9:04\u202fpm", "21:04:00"),
    ("[{M}/{D}/{YY}, 9:04:05\u202fPM] ", "10/12/26, 9:04:05\u202fPM", "21:04:05"),
    ("{D}/{M}/{YYYY}, 12:04 a.\u00a0m. - ", "12/10/2026, 12:04 a.\u00a0m.", "00:04:00"),
    ("{YYYY}/{M}/{D}, 12:04 p.m. - ", "2026/10/12, 12:04 p.m.", "12:04:00"),
    ("{D}.{M}.{YY}, 21:04 - ", "12.10.26, 21:04", "21:04:00"),
    ("[{D}.{M}.{YY}, 21:04:05] ", "12.10.26, 21:04:05", "21:04:05"),
    ("{D}-{M}-{YYYY} 21:04 - ", "12-10-2026 21:04", "21:04:00"),
    ("{YYYY}-{M}-{D} 21:04 - ", "2026-10-12 21:04", "21:04:00"),
    ("{YYYY}. {M}. {D}. 21:04 - ", "2026. 10. 12. 21:04", "21:04:00"),
    ("{D}.{M}.{YYYY} klo 21.04.05 - ", "12.10.2026 klo 21.04.05", "21:04:05"),
    ("[{D}/{M}/{YY} 21:04] ", "12/10/26 21:04", "21:04:00"),
    ("\u200f\u200e{D}/{M}/{YYYY}, 21:04 - ", "12/10/2026, 21:04", "21:04:00"),
])
def test_every_layout_gives_the_exact_wall_time(template: str, raw: str, wall: str) -> None:
    lines = [template.format(D=d, M="10", YYYY="2026", YY="26") + "Mark D: hi" for d in ("12", "25")]
    records, problems = _parse("\n".join(lines).encode())
    assert len(problems) == 0, problems.to_json()
    assert records[0].timestamp.isoformat() == f"2026-10-12T{wall}" and records[0].timestamp.tzinfo is None
    assert records[0].timestamp_raw == raw and records[1].timestamp.day == 25
    assert [r.body for r in records] == ["hi", "hi"] and records[0].sender == "Mark D"


def test_single_digit_days_and_months() -> None:
    records, problems = _parse(b"1/2/26, 9:04 PM - Mark D: a\n1/25/26, 9:05 PM - Mark D: b\n")
    assert [r.timestamp.isoformat() for r in records] == ["2026-01-02T21:04:00", "2026-01-25T21:05:00"]
    assert len(problems) == 0


@pytest.mark.parametrize(("path", "thread"), [
    ("WhatsApp Chat with Mark D.txt", "Mark D"),
    ("exports/WhatsApp Chat with Mark D (1).txt", "Mark D"),
    ("outer.zip!/WhatsApp Chat - Priya Shah.zip!/_chat.txt", "Priya Shah"),
    ("WhatsApp Chat - Mark D/_chat.txt", "Mark D"),
    ("_chat.txt", ""),
    ("AA_3__chat.txt", ""),
])
def test_thread_comes_from_the_export_name_only(path: str, thread: str) -> None:
    assert whatsapp_txt.thread_of(path) == thread


def test_crlf_and_lf_files_give_the_same_records() -> None:
    lines = ["12/10/2026, 20:00 - Mark D: one", "two", "", "13/10/2026, 21:00 - Sam Taylor: three  "]
    lf, _ = _parse("\n".join(lines).encode())
    crlf, _ = _parse("\r\n".join(lines).encode() + b"\r\n")
    assert [r.to_json() for r in lf] == [r.to_json() for r in crlf]
    assert lf[0].body == "one\ntwo\n" and lf[1].body == "three  "


def test_a_long_first_message_still_identifies() -> None:
    data = ("12/10/2026, 20:00 - Mark D: start\n" + "more text\n" * 2000 + "12/10/2026, 20:01 - Mark D: end\n")
    assert whatsapp_txt.identify(Source.from_bytes(data.encode(), "chat.txt"))


def test_signal_text_export_is_not_claimed(shared_corpus: Path) -> None:
    source = Source.from_path(shared_corpus / "signal" / "joweich-chat-miner__test_export.txt")
    assert not whatsapp_txt.identify(source)


def test_a_source_with_no_header_is_refused_whole() -> None:
    with pytest.raises(SourceError, match="not a WhatsApp chat export"):
        _parse(b"just some text\nand more\n")


def test_twelve_hour_times_that_do_not_exist_are_left_out() -> None:
    records, problems = _parse("25/10/2026, 13:05\u202fPM - Mark D: no\n25/10/2026, 12:05\u202fAM - Mark D: yes\n"
                               .encode())
    assert [r.timestamp.isoformat() for r in records] == ["2026-10-25T00:05:00"]
    assert problems.left_out == 1 and "12-hour clock" in problems.to_json()[0]["reason"]


def test_memory_stays_flat_on_a_large_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whatsapp_txt, "_CHUNK", 1 << 16)
    line = "12/10/2026, 20:01 - Mark D: You can't block me everywhere, I will keep writing 😡\n"
    data = (line * 24_000).encode()
    source = Source.from_bytes(data, "big.txt")
    tracemalloc.start()
    try:
        count = sum(1 for _ in whatsapp_txt.parse(source, Problems()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 24_000
    assert peak < len(data) / 4, f"peak {peak} bytes for a {len(data)}-byte file"


NAMES = st.sampled_from(["Mark D", "Sam Taylor", "+44 7700 900123", "~\u202fPriya", "🤓"])
LINE = st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=40).filter(
    lambda text: not text.endswith("\r"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(NAMES, st.lists(LINE, min_size=1, max_size=4)), min_size=1, max_size=6))
def test_every_character_of_every_message_is_kept(messages: list[tuple[str, list[str]]]) -> None:
    """Whatever the text holds (U+2028, NEL, a lone CR, direction marks, emoji, colons, spaces at
    either end), the body is the lines as written, joined with LF."""
    chat = []
    for minute, (name, lines) in enumerate(messages):
        if any(HEADER.match(line) for line in lines[1:]):
            return                                   # a line that is itself a header starts a message
        chat.append(f"25/10/2026, 21:{minute:02d} - {name}: " + "\n".join(lines))
    records, problems = _parse(("\n".join(chat) + "\n").encode())
    assert problems.left_out == 0
    assert [r.body for r in records] == ["\n".join(lines) for _, lines in messages]
    assert all(r.sender in ("", name) for r, (name, _) in zip(records, messages, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([b"", b"12/10/2026, 20:00 - Mark D: x\n" * 2]))
def test_no_bytes_make_it_crash(data: bytes, prefix: bytes) -> None:
    source = Source.from_bytes(prefix + data, "chat.txt")
    assert whatsapp_txt.identify(source) in (True, False)
    problems = Problems()
    try:
        records = list(whatsapp_txt.parse(source, problems))
    except SourceError:
        return
    assert all(r.channel == "whatsapp" and r.locator.startswith("line ") for r in records)
