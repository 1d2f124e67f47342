"""manifest.json and SHA256SUMS: what went in, what came out, and the hashes that prove it.

The manifest lists every exhibit (original path, size, SHA-256, modification time), the members of
an archive with their own hashes, the parser of each source and its balance: records in = events
out + problems. Anything passed over (a symlink, an unreadable folder) is listed with its reason.
SHA256SUMS covers every file of the bundle, exhibits included, in the form `sha256sum -c` reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from caselog import __version__
from caselog.case import Case
from caselog.discover import Passed
from caselog.hashing import sha256_file
from caselog.parse_all import SourceTally
from caselog.preserve import Exhibit

SUMS_NAME = "SHA256SUMS"


def manifest(case: Case, exhibits: list[Exhibit], tallies: list[SourceTally], passed: list[Passed],
             built_at: str, outputs: dict[str, str]) -> dict:
    by_source = {(t.exhibit, t.source_path): t for t in tallies}
    return {
        "caselog_version": __version__,
        "built_at_utc": built_at,
        "case": {"reference": case.reference, "timezone": case.timezone.key,
                 "prepared_by": case.prepared_by, "exhibit_prefix": case.exhibit_prefix,
                 "default_region": case.default_region},
        "timezone": case.timezone.key,
        "exhibits": [_exhibit(e, by_source) for e in exhibits],
        "passed_over": [{"path": p.path, "reason": p.reason} for p in passed],
        "totals": {
            "records_in": sum(t.records_in for t in tallies),
            "events_out": sum(t.events_out for t in tallies),
            "problems": sum(t.problems for t in tallies),
            "duplicates": sum(t.duplicates for t in tallies),
        },
        "outputs_sha256": outputs,
    }


def _exhibit(exhibit: Exhibit, by_source: dict) -> dict:
    entry = {
        "exhibit": exhibit.ref,
        "file": f"exhibits/{exhibit.file_name}",
        "original_path": exhibit.original_path,
        "original_name": exhibit.display,
        "size_bytes": exhibit.size_bytes,
        "sha256": exhibit.sha256,
        "modified_utc": exhibit.modified_utc,
        "type": "zip archive" if exhibit.is_archive else "file",
    }
    if exhibit.is_archive:
        entry["members"] = [{"path": m.path, "size_bytes": m.size_bytes, "sha256": m.sha256,
                             **({"not_read": m.refused} if m.refused else {})} for m in exhibit.members]
    entry["sources"] = [_source(by_source[(exhibit.ref, s.source_path)]) for s in exhibit.sources
                        if (exhibit.ref, s.source_path) in by_source]
    return entry


def _source(tally: SourceTally) -> dict:
    return {
        "source_path": tally.source_path,
        "sha256": tally.sha256,
        "parser": tally.parser or None,
        "records_in": tally.records_in,
        "events_out": tally.events_out,
        "problems": tally.problems,
        "duplicates": tally.duplicates,
        "warnings": tally.warnings,
    }


def write_json(doc: dict, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        json.dump(doc, stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def write_sums(root: Path) -> None:
    """SHA256SUMS over every file below `root` but itself, sorted, paths relative and POSIX."""
    lines = [f"{sha256_file(path)}  {rel}\n" for rel, path in _files(root) if rel != SUMS_NAME]
    (root / SUMS_NAME).write_text("".join(lines), encoding="utf-8", newline="\n")


def _files(root: Path) -> Iterable[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path
