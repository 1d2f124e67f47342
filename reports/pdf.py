"""report.pdf: the report's HTML laid out for print by WeasyPrint, A4, "case ref — page N of M".

WeasyPrint may read only files inside the bundle (the charts and the photo exhibits the report
shows); any other address in the page — there should be none — is refused, so a PDF is never made
with anything from outside. The case reference goes into the page header through a stylesheet
made here, written as a CSS string so that no character of it can close the rule.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from caselog.errors import CaselogError


def write_pdf(html: str, bundle_dir: Path, target: Path, reference: str, built_epoch_s: int = 0,
              copy_label: str = "FULL COPY") -> int:
    """Writes the PDF; returns its number of pages. The fonts WeasyPrint subsets carry a time stamp;
    fontTools takes it from SOURCE_DATE_EPOCH, set here to the bundle's build time for the call
    only, so the same inputs give the same PDF."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as err:       # OSError: pango or cairo missing on this machine
        raise CaselogError(f"report.pdf cannot be made: WeasyPrint is not usable here ({err}); install "
                           "its system libraries (apt-get install libpango-1.0-0 libpangoft2-1.0-0) and "
                           "build again") from None
    root = bundle_dir.resolve()

    def fetch_inside_bundle(url: str) -> dict:
        parsed = urlparse(url)
        inside = unquote(parsed.path).removeprefix(_BASE_PATH)
        path = (root / inside).resolve()
        if (parsed.scheme != "file" or not unquote(parsed.path).startswith(_BASE_PATH)
                or root not in (path, *path.parents) or not path.is_file()):
            raise ValueError(f"refused: {url} is not a file inside the bundle")
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        try:                                     # WeasyPrint 66+: a response object; before: a dict
            from weasyprint.urls import URLFetcherResponse
        except ImportError:
            return {"string": path.read_bytes(), "filename": path.name, "mime_type": mime}
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    header = CSS(string="@page { @top-left { content: " + _css_string(f"{reference} — {copy_label}") + "; "
                        'font: 8pt "DejaVu Sans", sans-serif; } @top-right { content: '
                        + _css_string(copy_label) + '; font: 8pt "DejaVu Sans", sans-serif; } }')
    # A fixed base address, mapped to the bundle by the fetcher: where the bundle is built must not
    # change the PDF's bytes (WeasyPrint names embedded images after their address).
    document = HTML(string=html, base_url="file://" + _BASE_PATH, url_fetcher=fetch_inside_bundle).render(
        stylesheets=[header])
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(built_epoch_s)
    try:
        document.write_pdf(target, pdf_identifier=identifier)
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return len(document.pages)


_BASE_PATH = "/caselog-bundle/"
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp", ".css": "text/css"}


def _css_string(text: str) -> str:
    """A CSS string literal: every character outside plain ASCII letters, digits and spaces escaped
    (six hex digits and the one space that ends an escape, which CSS then drops)."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c in " -_/.") else f"\\{ord(c):06x} " for c in text) + '"'
