"""SHA-256 in chunks: exhibits can be several GB and must never be read in one go."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

CHUNK_BYTES = 1 << 20


def _no_progress(n: int) -> None:
    """Default progress callback: does nothing."""


def sha256_stream(stream: IO[bytes], on_bytes: Callable[[int], None] = _no_progress) -> tuple[str, int]:
    """(hex digest, size in bytes) of everything left in `stream`."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        on_bytes(len(chunk))
    return digest.hexdigest(), size


def sha256_file(path: Path) -> str:
    with open(path, "rb") as stream:
        return sha256_stream(stream)[0]
