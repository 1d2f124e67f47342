"""Where the bundle is written: never inside an INPUT, never over a bundle without --force, and
never half-finished in the place the user named.

The bundle is built in a hidden sibling folder (same disk, owner-only permissions) and renamed into
place at the very end, so an interrupted run leaves no folder that looks complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from caselog.errors import CaselogError


def check_outdir(out: Path, inputs: list[Path], force: bool) -> None:
    """Refuse an OUTDIR inside an input (or an input inside it), and a non-empty one without --force."""
    target = out.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if target == source or source in target.parents:
            raise CaselogError(f"{out}: is inside the input {given}; caselog never writes inside an "
                               "input, choose an output folder elsewhere")
        if target in source.parents:
            raise CaselogError(f"{out}: contains the input {given}; choose an output folder that holds "
                               "no input")
    if target.exists() and not target.is_dir():
        raise CaselogError(f"{out}: exists and is not a folder; choose another path")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise CaselogError(f"{out}: folder is not empty; choose an empty one or pass --force to replace it")


def start_build(out: Path) -> Path:
    """A fresh owner-only working folder beside OUTDIR."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    os.chmod(work, 0o700)
    return work


def finish_build(work: Path, out: Path) -> None:
    """Move the finished bundle into place, replacing an old one (only reached with --force)."""
    target = out.resolve()
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.replaced-", dir=target.parent))
        os.rename(target, old / "bundle")
        os.rename(work, target)
        discard(old)
    else:
        os.rename(work, target)


def discard(folder: Path) -> None:
    """Remove a working folder of ours (exhibit copies are read-only, so make them writable first)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.chmod(path, 0o600)
    shutil.rmtree(folder, ignore_errors=True)
