"""Documents handed in on their own (PDF, Word .docx, OpenDocument .odt): a media event when dated.

How users get them: a letter or note the suspect sent (as a file, or printed to PDF), a PDF from a
service (a police acknowledgement, a screenshot "printed" to PDF), a statement the victim typed.
Every file is hashed and preserved by the pipeline whatever happens here. This parser puts a
document on the timeline (`channel=file, kind=media, direction=unknown`, never counted as contact,
the file name as its attachment) only when the document states when it was created:
- PDF: the Info dictionary's /CreationDate (`D:20261011213000+01'00'`; with no offset it is
  wall-clock time placed in the case zone, with a warning), else the XMP packet's xmp:CreateDate;
- DOCX: `docProps/core.xml` dcterms:created (Word writes UTC, `2026-10-11T20:30:00Z`);
- ODT: `meta.xml` meta:creation-date (LibreOffice writes it without a zone).
That is what the writing program's clock said; copying a file keeps it, and it can be edited.
`details["time_source"]` names the field. A document with no creation time is kept as an exhibit and
listed in problems.csv as left out, not placed on the timeline. Modification times (PDF /ModDate,
dcterms:modified, the file system's) are never used as the time of anything.

Hostile input: PDFs are read with pypdf (pure Python, nothing executed: no JavaScript, no forms, no
fonts) for the Info dictionary and the XMP packet only; an encrypted PDF is opened with the empty
password (owner-password-only files) or reported. Office files are zips read with zipfile, one member
each, capped in size, parsed with defusedxml.
Not read: the text, pages, images, comments, tracked changes and embedded files; .xlsx (the diary's
is diary_xlsx's) and other office formats; plain .txt (left unrecognised on purpose). A document
inside a chat export is its message's attachment and is not claimed (media_meta.in_chat_export).
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import Element, ParseError

from caselog.errors import RecordError, SourceError
from caselog.model import Problems, Record, Source
from caselog.parsers.media_meta import (
    MAX_XMP_BYTES,
    WHOLE_FILE,
    Candidate,
    first_time,
    in_chat_export,
    iso_time,
    media_record,
    pdf_time,
    xmp_candidates,
)
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import PdfObject

name = "media_document"
description = "PDF, Word (.docx) or OpenDocument (.odt) document handed in on its own, dated by its creation time"

_ODT = b"mimetypeapplication/vnd.oasis.opendocument.text"
_MAX_XML_BYTES = 1 << 20
_MAX_PDF_MESSAGES = 20
_DC, _DCTERMS = "{http://purl.org/dc/elements/1.1/}", "{http://purl.org/dc/terms/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError,
               NotImplementedError, zlib.error)
# pypdf raises its own errors for most broken files, and these for the rest of what a hostile file does.
_PDF_ERRORS = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError, RecursionError,
               zlib.error)


def identify(source: Source) -> bool:
    return _kind(source) is not None and not in_chat_export(source)


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    kind = _kind(source)
    if kind is None:
        raise SourceError("not a PDF, DOCX or ODT document")
    try:
        candidates, details, changed = _read_pdf(source, problems) if kind == "PDF" else _read_office(kind, source)
    except RecordError as err:
        problems.add(WHOLE_FILE, f"{err}; kept as exhibit {source.exhibit}, not placed on the timeline")
        return
    looked_in = {"PDF": "the Info dictionary and XMP", "DOCX": "docProps/core.xml", "ODT": "meta.xml"}[kind]
    stamp = first_time(candidates, source, problems, looked_in, changed)
    if stamp is None:
        return
    zone = "stated in the file" if stamp.when.tzinfo else "not stated: the case's zone was assumed"
    details.update({"format": kind, "time_source": stamp.label, "time_zone": zone})
    yield media_record(stamp, source, details)


def _kind(source: Source) -> str | None:
    head = source.head(1024)
    if b"%PDF-" in head and not source.mime.startswith("text/"):   # readers accept it anywhere in the first KB
        return "PDF"
    if not head.startswith(b"PK\x03\x04"):
        return None
    if _ODT in head[:120]:                # ODF stores "mimetype" first and uncompressed
        return "ODT"
    try:
        with source.open() as stream, zipfile.ZipFile(stream) as archive:
            return "DOCX" if "word/document.xml" in archive.namelist()[:2000] else None
    except _ZIP_ERRORS:
        return None


def _read_pdf(source: Source, problems: Problems) -> tuple[list[Candidate], dict[str, str], str]:
    """The PDF's creation-time fields, its details, and "PDF ModDate" when it has one (never used)."""
    with source.open() as stream, _pypdf_messages() as messages:
        try:
            reader = PdfReader(stream, strict=False)
            locked = reader.is_encrypted and not _unlocks(reader)
            if not locked:
                info = reader.metadata or {}
                values = {key: _pdf_text(info.get(f"/{key}")) for key in
                          ("CreationDate", "ModDate", "Author", "Title", "Creator", "Producer")}
                version = reader.pdf_header.removeprefix("%PDF-")
                packet = _pdf_xmp(reader)
        except _PDF_ERRORS as err:
            raise RecordError(f"the PDF cannot be read ({type(err).__name__}: {err})") from None
        finally:
            for message in dict.fromkeys(messages):
                problems.warn(WHOLE_FILE, f"pypdf: {message}")
    if locked:
        raise RecordError("the PDF is encrypted and does not open without its password; its dates cannot be read")
    candidates: list[Candidate] = []
    if values["CreationDate"]:
        created = values["CreationDate"]
        candidates.append(("PDF CreationDate", lambda: pdf_time("PDF CreationDate", created)))
    if packet:
        from_xmp, why = xmp_candidates(packet, "PDF XMP")
        if why:
            problems.warn(WHOLE_FILE, why)
        candidates.extend(from_xmp)
    details = {"pdf_version": version}
    for key, field in (("author", "Author"), ("title", "Title"), ("application", "Creator"),
                       ("producer", "Producer")):
        if values[field]:
            details[key] = values[field]
    return candidates, details, "PDF ModDate" if values["ModDate"] else ""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < _MAX_PDF_MESSAGES:
            self.messages.append(record.getMessage()[:200])


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """pypdf's warnings about a broken file ("EOF marker not found") as problems.csv lines, not stderr
    noise under the progress bar; the logger is put back as it was."""
    logger, handler = logging.getLogger("pypdf"), _Collect()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _unlocks(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an owner password only: the empty user password opens them."""
    try:
        return bool(reader.decrypt(""))
    except PyPdfError:                    # e.g. AES without the optional 'cryptography' package
        return False


def _pdf_text(value: PdfObject | None) -> str:
    if value is None:
        return ""
    value = value.get_object() if hasattr(value, "get_object") else value
    return str(value)


def _pdf_xmp(reader: PdfReader) -> bytes:
    root = reader.trailer["/Root"].get_object()
    stream = root.get("/Metadata")
    if stream is None:
        return b""
    data = stream.get_object().get_data()
    return data if len(data) <= MAX_XMP_BYTES else b""


def _read_office(kind: str, source: Source) -> tuple[list[Candidate], dict[str, str], str]:
    member = "docProps/core.xml" if kind == "DOCX" else "meta.xml"
    root = _member_xml(source, member)
    if root is None:
        return [], {}, ""
    if kind == "DOCX":
        label, created = "DOCX dcterms:created", _find(root, f"{_DCTERMS}created")
        changed = "DOCX dcterms:modified" if _find(root, f"{_DCTERMS}modified") else ""
        fields = (("author", f"{_DC}creator"), ("last_modified_by", f"{_CP}lastModifiedBy"),
                  ("title", f"{_DC}title"), ("revision", f"{_CP}revision"))
    else:
        label, created = "ODT meta:creation-date", _find(root, f"{_META}creation-date")
        changed = "ODT dc:date" if _find(root, f"{_DC}date") else ""
        fields = (("author", f"{_META}initial-creator"), ("last_modified_by", f"{_DC}creator"),
                  ("title", f"{_DC}title"), ("application", f"{_META}generator"))
    details = {key: text for key, tag in fields if (text := _find(root, tag))}
    candidates: list[Candidate] = [(label, lambda: iso_time(label, created))] if created else []
    return candidates, details, changed


def _member_xml(source: Source, member: str) -> Element | None:
    """One XML member of the office zip, parsed safely; None when the document has none."""
    try:
        with source.open() as stream, zipfile.ZipFile(stream) as archive:
            if member not in archive.namelist():
                return None
            with archive.open(member) as xml:
                data = xml.read(_MAX_XML_BYTES + 1)     # never more, whatever the zip declares
    except _ZIP_ERRORS as err:
        raise RecordError(f"the document's zip cannot be read ({type(err).__name__}: {err})") from None
    if len(data) > _MAX_XML_BYTES:
        raise RecordError(f"{member} unpacks to more than {_MAX_XML_BYTES} bytes; not read")
    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError) as err:
        raise RecordError(f"{member} is not well-formed XML ({err})") from None


def _find(root: Element, tag: str) -> str:
    elem = root.find(f".//{tag}")
    return (elem.text or "") if elem is not None else ""
