"""The `Manifest.plist` of an iTunes/Finder iPhone backup: whether the backup can be read at all.

How users get it: a backup made by iTunes (Windows, older macOS) or Finder (macOS 10.15+) is a folder
named after the phone's UDID (in `MobileSync/Backup/`) holding Manifest.plist, Manifest.db,
Info.plist, Status.plist and every file of the phone as `<2 hex>/<40 hex>` (the SHA-1 of
"<domain>-<path>"). When the folder is handed in, each file is preserved and read on its own:
sms.db (`3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28`) by ios_sms_db, by content.

This parser yields no records. It tells the reader what the rest of the folder can give:
- `IsEncrypted` true: every file of the backup, Manifest.db and sms.db included, is encrypted with
  the backup password and no parser can read it; a problem says so and how to decrypt it.
- otherwise: a warning carrying the device and iOS version from `Lockdown` (name, model, iOS and
  build, serial number) and the backup's date, for the officer's method statement.
Manifest.plist is a binary or XML property list (plistlib; XML entity declarations are refused by
plistlib). identify parses it whole (it is a few KB to a few hundred KB; over 16 MB is not claimed)
and wants a `Lockdown` dict and an `IsEncrypted` or `BackupKeyBag` key; Info.plist and Status.plist
have neither. Not read: the keybag, the application list, Manifest.db (the file index).
"""

from __future__ import annotations

import plistlib
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.parsers.expat import ExpatError

from caselog.errors import SourceError
from caselog.model import Problems, Record, Source

name = "ios_backup_manifest"
description = "Manifest.plist of an iTunes/Finder iPhone backup: says if the backup is encrypted, and which phone"

_MAX_BYTES = 16 << 20
# What plistlib lets escape on malformed input (found by fuzzing): a bad <date> is an AttributeError,
# an unknown XML encoding a LookupError, a bad binary offset an IndexError or struct.error.
_PLIST_ERRORS = (plistlib.InvalidFileException, ExpatError, ValueError, TypeError, KeyError, IndexError,
                 OverflowError, RecursionError, struct.error, LookupError, AttributeError)
_DEVICE = (("DeviceName", "device name"), ("ProductType", "model"), ("ProductVersion", "iOS"),
           ("BuildVersion", "build"), ("SerialNumber", "serial number"), ("UniqueDeviceID", "UDID"))
_DECRYPT = ("decrypt it first (on the computer that made it, Finder or iTunes → untick 'Encrypt local "
            "backup', which asks for the backup password, then back up again; or decrypt a copy with the "
            "password using a forensic tool such as mvt-ios decrypt-backup) and hand in the decrypted backup "
            "— its files are kept as exhibits but cannot be read")


def identify(source: Source) -> bool:
    if source.size_bytes > _MAX_BYTES:
        return False
    head = source.head(64)
    if not (head.startswith(b"bplist00") or b"<?xml" in head[:8] or b"<plist" in source.head(512)):
        return False
    return _manifest(source) is not None


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    manifest = _manifest(source)
    if manifest is None:
        raise SourceError("not the Manifest.plist of an iPhone backup (no Lockdown and IsEncrypted keys)")
    device, encrypted = _device(manifest), manifest.get("IsEncrypted")
    if encrypted is True:
        problems.add("IsEncrypted", f"this iPhone backup is encrypted ({device}): {_DECRYPT}")
    elif encrypted is False:
        problems.warn("Lockdown", f"iPhone backup, not encrypted: {device}; each of its files is read on its own "
                                  "(the messages are in sms.db, 3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28)")
    else:
        problems.warn("IsEncrypted", f"iPhone backup ({device}) whose Manifest.plist does not say whether it is "
                                     f"encrypted (IsEncrypted is {_shown(encrypted)}); if none of its files is "
                                     "read, it probably is: decrypt it and hand it in again")
    yield from ()


def _manifest(source: Source) -> dict | None:
    try:
        with source.open() as stream:
            data = stream.read(_MAX_BYTES + 1)
        value = plistlib.loads(data) if len(data) <= _MAX_BYTES else None
    except (OSError, *_PLIST_ERRORS):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("Lockdown"), dict):
        return None
    return value if ("IsEncrypted" in value or "BackupKeyBag" in value) else None


def _device(manifest: dict) -> str:
    lockdown = manifest["Lockdown"]
    parts = [f"{label} {_shown(lockdown[key])}" for key, label in _DEVICE if lockdown.get(key) not in (None, "")]
    if isinstance(manifest.get("Date"), datetime):
        parts.append(f"backed up {manifest['Date'].replace(tzinfo=UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    if "Version" in manifest:
        parts.append(f"backup format {_shown(manifest['Version'])}")
    return ", ".join(parts) or "no device details recorded"


def _shown(value: object) -> str:
    return str(value)[:100]
