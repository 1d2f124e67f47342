"""The surrogate repair filter: same output wherever the buffers break, constant memory, honest."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from caselog.surrogates import SurrogateRepair
from hypothesis import given, settings
from hypothesis import strategies as st


def _utf16_refs(char: str) -> str:
    """How SMS Backup & Restore writes a character outside the BMP: two surrogate references."""
    units = char.encode("utf-16-be")
    return "".join(f"&#{int.from_bytes(units[i:i + 2], 'big')};" for i in range(0, len(units), 2))


def _repair(data: bytes, chunk_bytes: int, read_size: int = 8192) -> tuple[bytes, list]:
    warnings: list = []
    stream = SurrogateRepair(io.BytesIO(data), lambda where, why: warnings.append((where, why)), chunk_bytes)
    out = bytearray()
    while piece := stream.read(read_size):
        out += piece
    return bytes(out), warnings


def test_pair_becomes_the_real_character() -> None:
    out, warnings = _repair(b"<a b='x&#55357;&#56832;y'/>", 1 << 20)
    assert ET.fromstring(out).get("b") == "x😀y"
    assert warnings == []


def test_lone_and_forbidden_references_become_replacement_with_a_warning() -> None:
    out, warnings = _repair(b"<a b='&#55357; and &#1; and &#56832;'/>\n", 1 << 20)
    assert ET.fromstring(out).get("b") == "\ufffd and \ufffd and \ufffd"
    assert [w[0] for w in warnings] == ["line 1"] * 3
    assert "unpaired UTF-16 surrogate" in warnings[0][1]


def test_high_surrogate_followed_by_a_pair_keeps_the_pair() -> None:
    out, warnings = _repair(b"<a b='&#55357;&#55357;&#56832;'/>", 1 << 20)
    assert ET.fromstring(out).get("b") == "\ufffd😀"
    assert len(warnings) == 1


def test_hexadecimal_references_are_repaired_too() -> None:
    out, _ = _repair(b"<a b='&#xD83D;&#xDE00;&#x1;'/>", 7)
    assert ET.fromstring(out).get("b") == "😀\ufffd"


def test_ordinary_references_and_text_pass_unchanged() -> None:
    data = "<a b='&#10;&amp;&#233;&#8217;é ’ &#55000;'>text&#13;</a>".encode()
    out, warnings = _repair(data, 3)
    assert out == data and warnings == []


def test_warning_names_the_right_line() -> None:
    _out, warnings = _repair(b"<r>\n<a/>\n<a b='&#56832;'/>\n</r>", 4)
    assert warnings[0][0] == "line 3"


pieces = st.lists(
    st.one_of(
        st.sampled_from(["😀", "🔪", "❤️", "👍🏽", "𝄞"]).map(_utf16_refs),
        st.sampled_from(["&#55357;", "&#56832;", "&#1;", "&#10;", "&amp;", "&#xD83D;&#xDE00;", "&", "&#", "#"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="&<'\"\x00"),
                max_size=12).map(lambda t: "".join(c for c in t if c.isprintable() or c == "\n")),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(body=pieces, chunk_bytes=st.integers(min_value=1, max_value=64), read_size=st.integers(1, 97))
def test_result_does_not_depend_on_where_buffers_split(body: list[str], chunk_bytes: int, read_size: int) -> None:
    data = ("<r>" + "".join(body) + "</r>").encode()
    whole, whole_warnings = _repair(data, 1 << 20)
    split, split_warnings = _repair(data, chunk_bytes, read_size)
    assert split == whole
    assert split_warnings == whole_warnings


@settings(max_examples=100, deadline=None)
@given(chars=st.lists(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF), min_size=1, max_size=8),
       chunk_bytes=st.integers(min_value=1, max_value=40))
def test_any_astral_character_round_trips(chars: list[str], chunk_bytes: int) -> None:
    text = "".join(chars)
    data = ("<a b='" + "".join(_utf16_refs(c) for c in chars) + "'/>").encode()
    out, warnings = _repair(data, chunk_bytes)
    assert ET.fromstring(out).get("b") == text
    assert warnings == []
