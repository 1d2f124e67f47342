"""Writes the ios_backup_manifest test inputs (run from the repository root).

unencrypted.plist: an XML Manifest.plist of an unencrypted backup. encrypted.plist: a binary one
(as iTunes and Finder write it) with IsEncrypted true. not_mine/info.plist and not_mine/status.plist:
the backup's other two property lists, which must not be claimed. The keys are those real backups
carry (BackupKeyBag, Lockdown{DeviceName, ProductType, ProductVersion, BuildVersion, SerialNumber,
UniqueDeviceID}, IsEncrypted, WasPasscodeSet, Version, Date, Applications; ManifestKey when
encrypted); every value is invented, the keybag and keys are placeholder bytes.
"""

from __future__ import annotations

import plistlib
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCKDOWN = {
    "BuildVersion": "22B83", "DeviceName": "Sam's iPhone", "ProductType": "iPhone15,2",
    "ProductVersion": "18.1", "SerialNumber": "F00TESTSERIAL", "UniqueDeviceID": "00008110-000A1B2C3D4E5F60",
}


def manifest(encrypted: bool) -> dict:
    value = {
        "BackupKeyBag": b"VERS\x00\x00\x00\x04\x00\x00\x00\x04placeholder keybag",
        "Date": datetime(2026, 10, 14, 18, 2, 11),
        "IsEncrypted": encrypted,
        "Lockdown": LOCKDOWN,
        "SystemDomainsVersion": "24.0",
        "Version": "10.0",
        "WasPasscodeSet": True,
        "Applications": {"net.whatsapp.WhatsApp": {"CFBundleIdentifier": "net.whatsapp.WhatsApp",
                                                   "ContainerContentClass": "Data/Application"}},
    }
    if encrypted:
        value["ManifestKey"] = b"\x04\x00\x00\x00placeholder wrapped key"
    return value


def main() -> None:
    (HERE / "unencrypted.plist").write_bytes(plistlib.dumps(manifest(False), fmt=plistlib.FMT_XML))
    (HERE / "encrypted.plist").write_bytes(plistlib.dumps(manifest(True), fmt=plistlib.FMT_BINARY))
    info = {"Device Name": "Sam's iPhone", "Display Name": "Sam's iPhone", "Product Type": "iPhone15,2",
            "Product Version": "18.1", "Serial Number": "F00TESTSERIAL", "Last Backup Date": datetime(2026, 10, 14),
            "Target Identifier": "00008110-000A1B2C3D4E5F60", "iTunes Version": "12.13"}
    (HERE / "not_mine" / "info.plist").write_bytes(plistlib.dumps(info, fmt=plistlib.FMT_XML))
    status = {"BackupState": "new", "Date": datetime(2026, 10, 14, 18, 2, 11), "IsFullBackup": False,
              "SnapshotState": "finished", "UUID": "3C1D5E2A-0000-4000-8000-5A7700900001", "Version": "3.3"}
    (HERE / "not_mine" / "status.plist").write_bytes(plistlib.dumps(status, fmt=plistlib.FMT_BINARY))


if __name__ == "__main__":
    main()
