"""The report as a person meets it: in a real browser (offline, hostile text shown, never run), in
the PDF (reference and page numbers on every page), and against a checked-in snapshot."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from caselog.bundle import build_bundle
from conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIXED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PAYLOADS = [
    "<script>document.title='PWNED-1'</script>",
    '<img src=x onerror="document.title=\'PWNED-2\'">',
    '<a href="javascript:document.title=\'PWNED-3\'">x</a>',
    "</textarea><svg onload=\"document.title='PWNED-4'\"></svg>",
    '<svg><script>document.title="PWNED-5"</script></svg>',
    "<style>body{background:url(http://evil.example/x.png)}</style>",
    '"><iframe src="http://evil.example/"></iframe>',
]


def _hostile_backup(path: Path) -> None:
    rows = "".join(
        f'<sms protocol="0" address="+447700900123" date="{1790000000000 + i * 60000}" type="1" '
        f'body={quoteattr(body + " I saw you at the station")} contact_name={quoteattr(body[:40])} />\n'
        for i, body in enumerate(PAYLOADS))
    path.write_text("<?xml version='1.0' encoding='UTF-8' ?>\n<smses count=\"7\">\n" + rows + "</smses>\n",
                    encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_bundle(tmp_path_factory) -> Path:
    from caselog.case import load_case

    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "in"
    inputs.mkdir()
    _hostile_backup(inputs / "sms.xml")
    (inputs / '"><img src=x onerror=alert(1)>.xml').write_text("not xml at all", encoding="utf-8")
    out = root / "out"
    build_bundle(load_case(SAMPLE / "case.yaml"), [inputs], out, now=FIXED)
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_hostile_text_is_shown_and_never_run_in_a_browser(hostile_bundle: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--virtual-time-budget=3000", "--dump-dom", (hostile_bundle / "index.html").as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    dom = result.stdout
    assert "<h1>Evidence bundle CL-2026-0042</h1>" in dom, result.stderr[-2000:]
    for section in ("summary", "charts", "key-incidents", "chronology", "diary", "exhibits", "method", "problems"):
        assert f'id="{section}"' in dom
    assert "PWNED" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "&lt;script&gt;document.title='PWNED-1'&lt;/script&gt;" in dom
    assert "<iframe" not in dom
    assert not re.search(r"<(img|svg|a)\b[^>]*(onerror|onload|javascript:)", dom)


def test_pdf_has_the_reference_and_page_numbers_on_every_page(hostile_bundle: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    pdf = hostile_bundle / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert "CL-2026-0042" in page, f"page {number} has no case reference"
        assert f"page {number} of {len(pages)}" in page, f"page {number} has no 'page N of M'"
    assert "<script>document.title='PWNED-1'</script>" in text.replace("\n", " ") or "PWNED-1" in text


def test_the_same_inputs_give_the_same_report(tmp_path: Path) -> None:
    from caselog.case import load_case

    case = load_case(SAMPLE / "case.yaml")
    build_bundle(case, [SAMPLE / "exports"], tmp_path / "a", now=FIXED)
    build_bundle(case, [SAMPLE / "exports"], tmp_path / "b", now=FIXED)
    for name in ("index.html", "report.pdf", "summary.json", "tags.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_demo_report_matches_its_snapshot(tmp_path: Path, update_goldens: bool) -> None:
    """A reviewed snapshot of the demo report: wording drift is caught here (REQUIREMENTS §6)."""
    from caselog.case import load_case

    build_bundle(load_case(SAMPLE / "case.yaml"), [SAMPLE / "exports"], tmp_path / "out", now=FIXED)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    html = re.sub(r"/[^\"<>]*?/sample_data/", "…/sample_data/", html)
    snapshot = Path(__file__).parent / "goldens" / "demo_index.html"
    if update_goldens:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(html, encoding="utf-8")
    assert snapshot.exists(), "snapshot missing: run pytest --update-goldens and review it"
    assert html == snapshot.read_text(encoding="utf-8"), "the demo report changed: review, then --update-goldens"


def test_redacted_copy_leaves_out_third_parties(tmp_path: Path) -> None:
    from caselog.case import load_case
    from caselog.verify import verify

    out = tmp_path / "out"
    build_bundle(load_case(SAMPLE / "case.yaml"), [SAMPLE / "exports"], out, now=FIXED, redacted=True)
    full = (out / "index.html").read_text(encoding="utf-8")
    assert "Priya" in full
    for name in ("index.html", "timeline.csv", "summary.json"):
        text = (out / "redacted" / name).read_text(encoding="utf-8")
        assert "Priya" not in text and "+447700900777" not in text, name
    assert "[Witness 1]" in (out / "redacted" / "timeline.csv").read_text(encoding="utf-8")
    assert "REDACTED COPY" in (out / "redacted" / "index.html").read_text(encoding="utf-8")
    log = (out / "redaction_log.csv").read_text(encoding="utf-8")
    assert log.startswith("event_id,field,reason,label,count") and "Priya" not in log
    assert not (out / "redacted" / "exhibits").exists()
    assert verify(out).intact
