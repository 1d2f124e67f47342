"""`caselog verify`: re-hash the bundle and say exactly what, if anything, has changed.

Three sources of truth are checked against the files on disk: SHA256SUMS (every file of the bundle),
the manifest's exhibit hashes (the evidence itself) and the manifest's output hashes. Anything
changed, missing or added is named; the bundle is intact only when there is nothing to name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from caselog.errors import CaselogError
from caselog.hashing import sha256_file
from caselog.reports.manifest import SUMS_NAME

_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


@dataclass
class Verdict:
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def verify(out: Path) -> Verdict:
    sums_path = out / SUMS_NAME
    if not sums_path.is_file():
        raise CaselogError(f"{out}: no {SUMS_NAME} here; is this a caselog bundle folder?")
    listed = _read_sums(sums_path)
    verdict = Verdict()
    hashes: dict[str, str] = {}
    for rel, expected in listed.items():
        path = out / rel
        if not path.is_file():
            verdict.missing.append(rel)
            continue
        hashes[rel] = sha256_file(path)
        verdict.checked += 1
        if hashes[rel] != expected:
            verdict.changed.append(rel)
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    verdict.extra = sorted(present - set(listed) - {SUMS_NAME})
    _check_manifest(out, hashes, verdict)
    return verdict


def _read_sums(path: Path) -> dict[str, str]:
    listed = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _LINE.fullmatch(line)
        if not match:
            raise CaselogError(f"{path}: line {number} is not '<sha256>  <path>'; the file has been edited")
        listed[match.group(2)] = match.group(1)
    return listed


def _check_manifest(out: Path, hashes: dict[str, str], verdict: Verdict) -> None:
    """The manifest's own record of each exhibit and output must agree with the files too."""
    try:
        doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if "manifest.json" not in verdict.missing + verdict.changed:
            verdict.changed.append("manifest.json")
        return
    expected = {e["file"]: e["sha256"] for e in doc.get("exhibits", [])}
    expected.update(doc.get("outputs_sha256", {}))
    for rel, digest in expected.items():
        if rel in verdict.missing or rel in verdict.changed:
            continue
        path = out / rel
        if not path.is_file():
            verdict.missing.append(rel)
        elif (hashes.get(rel) or sha256_file(path)) != digest:
            verdict.changed.append(f"{rel} (differs from manifest.json)")
