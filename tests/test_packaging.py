"""The card's layout installs as one `caselog` package, templates included, from a built wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from caselog.normalise import flat_json

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_holds_every_package_and_the_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("caselog-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("caselog/cli.py", "caselog/parsers/android_sms_xml.py", "caselog/reports/manifest.py",
                     "caselog/templates/report.html.j2", "caselog/templates/report.css",
                     "caselog/templates/diary/diary_template.xlsx", "caselog/templates/diary/diary_template.csv",
                     "caselog/rules/default.yaml"):
        assert expected in names, f"{expected} missing from {wheel.name}"
    assert not [n for n in names if n.split("/")[0] in ("parsers", "reports", "templates", "ingest")], \
        "a top-level parsers/reports/templates package would land in site-packages"


def test_flat_json_is_json() -> None:
    values = {"b": 'quote " and \\ back', "a": "emoji 😀 and\nnewline", "c": "\u2028 </script>"}
    assert json.loads(flat_json(values)) == values
    assert flat_json(values) == json.dumps(values, ensure_ascii=False, sort_keys=True)
