"""What flows between the stages: a `Source` to read, the `Record`s a parser yields, and `Problems`.

A parser sees only these: it never learns the case file, never writes a file and never tags.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Literal

Direction = Literal["incoming", "outgoing", "unknown"]


@dataclass(frozen=True)
class Source:
    """One readable thing inside an exhibit: a preserved file, or a member of a preserved zip.

    `opener` returns a fresh binary stream on the *preserved copy*, so what is parsed is exactly
    what was hashed. `source_path` is the path inside the exhibit (the file name for a plain file).
    """

    exhibit: str
    source_path: str
    size_bytes: int
    sha256: str
    opener: Callable[[], IO[bytes]]
    mime: str = ""
    region: str = ""          # the case's phone region (GB, US…): a hint for formats whose dates or
                              # numbers are written the local way (WhatsApp's d/m or m/d), nothing more
    # The sorted paths of every file handed in with this one in the same zip or folder INPUT (this
    # one included; one tuple shared by them all), () for a file on its own: tells a photo of a chat
    # export (its message's attachment) from a screenshot handed in alone (media_meta.in_chat_export).
    siblings: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.source_path.rsplit("/", 1)[-1]

    def open(self) -> IO[bytes]:
        return self.opener()

    def head(self, size: int = 2048) -> bytes:
        """The first bytes, for cheap identification; b"" when the source cannot be read."""
        try:
            with self.opener() as stream:
                return stream.read(size)
        except OSError:
            return b""

    @classmethod
    def from_bytes(cls, data: bytes, source_path: str = "memory", exhibit: str = "X/1", region: str = "") -> Source:
        """A source held in memory, for tests and small derived inputs."""
        import hashlib

        from caselog.sniff import mime_of

        return cls(exhibit, source_path, len(data), hashlib.sha256(data).hexdigest(),
                   lambda: io.BytesIO(data), mime_of(data[:2048]), region)

    @classmethod
    def from_path(cls, path, exhibit: str = "X/1", region: str = "") -> Source:
        """A source on disk as it is (tests and `caselog identify`; the bundle uses preserved copies)."""
        from pathlib import Path

        from caselog.hashing import sha256_file
        from caselog.sniff import mime_of

        path = Path(path)
        with open(path, "rb") as stream:
            head = stream.read(2048)
        return cls(exhibit, path.name, path.stat().st_size, sha256_file(path), lambda: open(path, "rb"),
                   mime_of(head), region)


@dataclass(slots=True)
class Record:
    """One event as its source states it, before normalisation.

    `timestamp` is aware when the source gives an instant (epoch, offset) and naive when it gives
    wall-clock time only (a diary, WhatsApp); `normalise` applies the case zone to the naive ones.
    Identifiers stay as written here: E.164 and lower-casing are normalise's job, so the raw value
    survives next to the derived one.
    """

    timestamp: datetime
    channel: str
    kind: str
    direction: Direction
    locator: str
    timestamp_raw: str = ""
    sender: str = ""
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    thread: str = ""
    subject: str = ""
    body: str = ""
    attachments: list[str] = field(default_factory=list)
    duration_s: int | None = None
    details: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        """A plain, ordered view for golden files; the timestamp in ISO form, naive stays naive."""
        return {
            "timestamp": self.timestamp.isoformat(),
            "timestamp_raw": self.timestamp_raw,
            "channel": self.channel,
            "kind": self.kind,
            "direction": self.direction,
            "sender": self.sender,
            "sender_name": self.sender_name,
            "recipients": self.recipients,
            "thread": self.thread,
            "subject": self.subject,
            "body": self.body,
            "attachments": self.attachments,
            "duration_s": self.duration_s,
            "details": self.details,
            "locator": self.locator,
        }


Severity = Literal["left_out", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something a reader must know: a record left out of the timeline, or kept with a caveat."""

    locator: str
    reason: str
    severity: Severity = "left_out"
    exhibit: str = ""
    source_path: str = ""

    def to_json(self) -> dict:
        return {"locator": self.locator, "reason": self.reason, "severity": self.severity}


class Problems:
    """Collects what a parser (or a later stage) could not read, with where and why.

    `add` is for a record left out of the timeline: it counts in the manifest's balance
    (records in = events out + problems). `warn` is for a record kept with a caveat (a broken emoji
    replaced by U+FFFD, an assumed date order) and does not count as a lost record.
    """

    def __init__(self, exhibit: str = "", source_path: str = "") -> None:
        self.exhibit, self.source_path = exhibit, source_path
        self.items: list[Problem] = []

    def add(self, locator: str, reason: str) -> None:
        self.items.append(Problem(locator, reason, "left_out", self.exhibit, self.source_path))

    def warn(self, locator: str, reason: str) -> None:
        self.items.append(Problem(locator, reason, "warning", self.exhibit, self.source_path))

    @property
    def left_out(self) -> int:
        return sum(1 for p in self.items if p.severity == "left_out")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.items if p.severity == "warning")

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def to_json(self) -> list[dict]:
        return [p.to_json() for p in self.items]
