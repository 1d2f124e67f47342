"""`caselog identify`: which parser would read each source, and why, without writing anything.

It reads the inputs in place (read-only, nothing copied) through the same discovery and zip rules
as `bundle`, and also says when a second parser would claim the same source, which would be a bug
in a parser's identify().
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from caselog import parsers
from caselog.archives import is_container_zip, members
from caselog.discover import discover
from caselog.hashing import sha256_file
from caselog.model import Source
from caselog.preserve import folder_siblings
from caselog.sniff import check_libmagic, mime_of


def identify_inputs(inputs: list[Path]) -> Iterator[str]:
    check_libmagic()
    found, passed = discover(inputs)
    for item, siblings in zip(found, folder_siblings(found), strict=True):
        def open_original(path=item.path):
            return open(path, "rb")

        with open_original() as stream:
            head = stream.read(2048)
        if is_container_zip(head, open_original):
            yield f"{item.display}: zip archive, read member by member"
            listed = list(members(open_original, lambda n: None))
            in_zip = tuple(sorted(m.path for m in listed))      # as the bundle sees them (Source.siblings)
            for member in listed:
                if member.refused:
                    yield f"  {member.path}: not read — {member.refused}"
                elif member.opener is not None:
                    yield "  " + _describe(Source("", member.path, member.size_bytes, member.sha256, member.opener,
                                                  mime_of(_head(member.opener)), siblings=in_zip))
            continue
        source = Source("", item.display, item.path.stat().st_size, sha256_file(item.path),
                        open_original, mime_of(head), siblings=siblings)
        yield _describe(source)
    for skipped in passed:
        yield f"{skipped.path}: {skipped.reason}"


def _head(opener) -> bytes:
    with opener() as stream:
        return stream.read(2048)


def _describe(source: Source) -> str:
    claimants = parsers.claimants(source)
    kind = source.mime or "empty"
    if not claimants:
        return f"{source.source_path}: not recognised ({kind}) — kept as exhibit only"
    first = claimants[0]
    line = f"{source.source_path}: {first.name} — {first.description} ({kind})"
    if len(claimants) > 1:
        line += f"; also claimed by {', '.join(p.name for p in claimants[1:])} (first one wins)"
    return line
