"""Walking the INPUTs into the list of files to preserve, skipping nothing silently.

An INPUT is a file, a folder (walked recursively in sorted order, so exhibit numbers are stable) or
a zip (kept whole as one exhibit; its members are read in place by `archives`). Symlinks are
recorded and not followed, so nothing outside what the user handed in is ever read; anything that is
not a regular file is recorded with the reason it was not preserved.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from caselog.errors import CaselogError


@dataclass(frozen=True)
class Found:
    """A regular file to preserve: where it is, and how to name it inside its INPUT."""

    path: Path
    display: str            # relative to the INPUT folder, or the file name for a file INPUT


@dataclass(frozen=True)
class Passed:
    """Something inside an INPUT that was not preserved, and why (shown in the manifest and report)."""

    path: str
    reason: str


def discover(inputs: list[Path]) -> tuple[list[Found], list[Passed]]:
    """Every regular file under the INPUTs in a stable order, and what was passed over."""
    found: list[Found] = []
    passed: list[Passed] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise CaselogError(f"{given}: no such file or folder; check the path")
        if path.is_dir():
            _walk(path, found, passed)
        elif path.is_file():
            found.append(Found(path.resolve(), path.name))
        else:
            passed.append(Passed(str(given), "not a regular file or folder; not preserved"))
    return found, passed


def _walk(root: Path, found: list[Found], passed: list[Passed]) -> None:
    def report(err: OSError) -> None:
        passed.append(Passed(str(err.filename), f"folder cannot be read ({err.strerror}); not preserved"))

    root = root.resolve()
    for folder, dirs, files in os.walk(root, onerror=report):
        dirs.sort()
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                passed.append(Passed(_relative(here / name, root),
                                     f"symlink to {os.readlink(here / name)}; recorded, not followed"))
        for name in sorted(files):
            _consider(here / name, root, found, passed)


def _consider(path: Path, root: Path, found: list[Found], passed: list[Passed]) -> None:
    display = _relative(path, root)
    try:
        info = path.lstat()
    except OSError as err:
        passed.append(Passed(display, f"cannot be examined ({err.strerror}); not preserved"))
        return
    if stat.S_ISLNK(info.st_mode):
        passed.append(Passed(display, f"symlink to {os.readlink(path)}; recorded, not followed"))
    elif not stat.S_ISREG(info.st_mode):
        passed.append(Passed(display, "not a regular file (device, socket or pipe); not preserved"))
    else:
        found.append(Found(path, display))


def _relative(path: Path, root: Path) -> str:
    return f"{root.name}/{path.relative_to(root).as_posix()}"
