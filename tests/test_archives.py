"""Zips are hostile: members are read in place, and escapes, bombs and oddities are refused by name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from caselog import archives
from caselog.archives import is_container_zip, members


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, archives.Member]:
    return {m.path: m for m in members(lambda: io.BytesIO(data), lambda n: None)}


def test_members_are_hashed_and_readable_in_place() -> None:
    found = _members(_zip({"chat/_chat.txt": b"hello", "chat/photo.jpg": b"\xff\xd8\xff"}))
    assert set(found) == {"chat/_chat.txt", "chat/photo.jpg"}
    member = found["chat/_chat.txt"]
    assert member.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    with member.opener() as stream:
        assert stream.read() == b"hello"


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/evil.txt", "..\\evil.txt"])
def test_escaping_member_paths_are_refused(name: str) -> None:
    found = _members(_zip({name: b"x", "ok.txt": b"fine"}))
    assert "escapes the archive" in found[name].refused and found[name].opener is None
    assert not found["ok.txt"].refused


def test_bomb_ratio_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "RATIO_FLOOR_BYTES", 1000)
    found = _members(_zip({"bomb.txt": b"\0" * 2_000_000, "ok.txt": b"fine"}))
    assert "zip bomb" in found["bomb.txt"].refused
    assert not found["ok.txt"].refused


def test_too_many_members_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    found = list(members(lambda: io.BytesIO(_zip({f"{i}.txt": b"x" for i in range(5)})), lambda n: None))
    assert len(found) == 1 and "over the limit" in found[0].refused


def test_total_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 10)
    found = _members(_zip({"a.txt": b"123456", "b.txt": b"123456"}))
    assert not found["a.txt"].refused and "more than" in found["b.txt"].refused


def test_symlink_member_is_recorded_not_followed() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    assert "symlink" in _members(buffer.getvalue())["link"].refused


def test_nested_zip_is_read_one_level_deep() -> None:
    innermost = _zip({"deep.txt": b"deep"})
    inner = _zip({"chat.txt": b"inner text", "deeper.zip": innermost})
    found = _members(_zip({"export.zip": inner, "top.txt": b"top"}))
    assert found["export.zip!/chat.txt"].opener is not None
    with found["export.zip!/chat.txt"].opener() as stream:
        assert stream.read() == b"inner text"
    assert "zip inside a zip inside" in found["export.zip!/deeper.zip"].refused
    assert not any(path.endswith("deep.txt") for path in found)


def test_office_documents_are_documents_not_folders(tmp_path: Path) -> None:
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert not is_container_zip(xlsx[:8], lambda: io.BytesIO(xlsx))
    plain = _zip({"a.txt": b"a"})
    assert is_container_zip(plain[:8], lambda: io.BytesIO(plain))
    assert not is_container_zip(b"PK\x03\x04broken", lambda: io.BytesIO(b"PK\x03\x04broken"))
