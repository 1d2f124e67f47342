"""`caselog bundle --zip`: the whole bundle as one zip, next to OUTDIR, and its SHA-256.

One file is easier to hand over on a USB stick or attach to a case system; its hash, printed and
written beside it, lets the receiver check it before unpacking. Entries are in sorted order with a
fixed time, so the same bundle gives the same zip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from caselog.hashing import sha256_file

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_bundle(out: Path) -> tuple[Path, str]:
    """Writes OUT.zip beside OUT and OUT.zip.sha256 (sha256sum format); returns (zip path, hash)."""
    target = out.with_name(out.name + ".zip")
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{out.name}/{path.relative_to(out).as_posix()}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o444 << 16
            with open(path, "rb") as source, archive.open(info, "w") as entry:
                while chunk := source.read(1 << 20):
                    entry.write(chunk)
    partial.replace(target)
    digest = sha256_file(target)
    target.with_name(target.name + ".sha256").write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return target, digest
