"""index.html: offline, strict CSP, and the offender's text shown as text, never run."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from caselog.bundle import build_bundle

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">click</a>',
    "</textarea><svg onload=alert(4)>",
    "<style>body{background:url(http://evil.example/x)}</style>",
]


def _sms_backup(bodies: list[str]) -> str:
    from xml.sax.saxutils import quoteattr

    rows = "".join(f'<sms protocol="0" address="+447700900123" date="{1790000000000 + i * 1000}" type="1" '
                   f'body={quoteattr(body)} contact_name={quoteattr(body[:30])} />\n' for i, body in enumerate(bodies))
    head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    return f"{head}<smses count=\"{len(bodies)}\">\n{rows}</smses>\n"


class _Page(HTMLParser):
    """Counts what would run: script elements, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts, self.handlers, self.javascript_urls = 0, [], []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.scripts += tag == "script"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.javascript_urls += [v for _, v in attrs if v and v.strip().lower().startswith("javascript:")]


def test_hostile_text_is_escaped_and_nothing_loads(demo_case, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "sms.xml").write_text(_sms_backup(HOSTILE), encoding="utf-8")
    (inputs / "<img src=x onerror=alert(5)>.xml").write_text(_sms_backup(["hi"]), encoding="utf-8")
    out = tmp_path / "out"
    build_bundle(demo_case, [inputs], out)
    html = (out / "index.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "script-src 'none'" in csp.group(1) and "default-src 'none'" in csp.group(1)
    page = _Page()
    page.feed(html)
    assert page.scripts == 0
    assert page.handlers == [], "an on* attribute reached the page"
    assert page.javascript_urls == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;&lt;svg onload=alert(4)&gt;" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assert "url(http" not in html.split("</style>", 1)[1].replace("url(http://evil.example/x)", "")


def test_the_style_block_is_the_one_the_policy_allows(demo_case, tmp_path: Path) -> None:
    """A CSP hash that does not match the <style> text leaves the page unstyled (as it once did:
    autoescaping had turned the CSS's quotes into entities)."""
    import base64
    import hashlib

    out = tmp_path / "out"
    build_bundle(demo_case, [Path(__file__).parent.parent / "sample_data" / "exports"], out)
    html = (out / "index.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    allowed = re.search(r"style-src '(sha256-[^']+)'", unescape(html)).group(1)
    assert allowed == "sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert "&#34;" not in style
