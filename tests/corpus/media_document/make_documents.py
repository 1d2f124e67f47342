"""Write the media_document golden inputs (invented content) and its not_mine/ files.

    .venv/bin/python tests/corpus/media_document/make_documents.py

The PDFs are written by hand, object by object (offsets computed here), so every byte is known; the
two encrypted ones come from pypdf's writer (its /ID is random: they are checked in, not rebuilt in
tests). Office files are zips with fixed entry times. After running it, update the goldens on
purpose (pytest --update-goldens -k media_document) and review every line.

  created_offset.pdf       /CreationDate D:20261020214500+01'00', author, title; /ModDate ignored → aware event
  naive_creation.pdf       /CreationDate D:20261021094500 (no offset)         → naive event + zone warning
  no_creation_date.pdf     only /ModDate and /Producer                        → left out (ModDate never used)
  bad_date.pdf             /CreationDate D:20260231120000Z (no such day)      → left out
  xmp_only.pdf             no Info dictionary; XMP xmp:CreateDate ...Z        → aware event
  truncated.pdf            created_offset.pdf cut before its xref and trailer → whatever pypdf recovers, said
  owner_password_only.pdf  encrypted, empty user password (opens for anyone) → aware event
  user_password.pdf        encrypted with a password                          → left out, said why
  letter.docx              core.xml dcterms:created 2026-10-23T19:05:00Z, dc:creator Mark Doe → aware event
  docx_no_core.docx        no docProps/core.xml                               → left out
  docx_entities.docx       core.xml with a DTD entity (billion-laughs shape)  → left out, never expanded
  notes.odt                meta.xml meta:creation-date without zone, 9 fraction digits → naive event + warning
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
NOT_MINE = HERE / "not_mine"
FIXED = (2026, 11, 1, 12, 0, 0)
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"


def pdf(objects: list[bytes], info: int | None) -> bytes:
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    return out + f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()


def with_info(info: bytes) -> bytes:
    return pdf([CATALOG, PAGES, PAGE, info], info=4)


def xmp_stream(create_date: str) -> bytes:
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              f'xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>{create_date}</xmp:CreateDate>'
              '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode("utf-8")
    return (f"<< /Type /Metadata /Subtype /XML /Length {len(packet)} >>\nstream\n".encode() + packet
            + b"\nendstream")


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(with_info(
        b"<< /CreationDate (D:20261025203000+01'00') /Title (Police acknowledgement) >>"))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def office(members: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=FIXED)
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"), compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>Sam, you will read this whether you like it or not.</w:t></w:r></w:p></w:body></w:document>')
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>For Sam</dc:title>'
        '<dc:creator>Mark Doe</dc:creator><cp:lastModifiedBy>Mark Doe</cp:lastModifiedBy><cp:revision>3</cp:revision>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-10-23T19:05:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-10-24T07:00:00Z</dcterms:modified></cp:coreProperties>')
ENTITIES = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>&lol2;</dcterms:created></cp:coreProperties>')
ODT_META = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'office:version="1.3"><office:meta><meta:creation-date>2026-10-24T22:10:03.123456789</meta:creation-date>'
            '<dc:date>2026-10-25T09:00:00.000000000</dc:date><meta:initial-creator>Sam Taylor</meta:initial-creator>'
            '<dc:title>What happened on the 24th</dc:title>'
            '<meta:generator>LibreOffice/7.4.7.2$Linux_X86_64</meta:generator></office:meta></office:document-meta>')
ODT_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               '<text:p>He was outside the gym again.</text:p></office:text></office:body></office:document-content>')


def main() -> None:
    NOT_MINE.mkdir(exist_ok=True)
    files: dict[str, bytes] = {}
    created = with_info(b"<< /CreationDate (D:20261020214500+01'00') /ModDate (D:20261101120000Z) "
                        b"/Author (Mark Doe) /Title (Letter to Sam) /Creator (Microsoft Word) "
                        b"/Producer (Microsoft: Print To PDF) >>")
    files["created_offset.pdf"] = created
    files["naive_creation.pdf"] = with_info(b"<< /CreationDate (D:20261021094500) /Producer (Skia/PDF m120) >>")
    files["no_creation_date.pdf"] = with_info(b"<< /ModDate (D:20261101120000Z) /Producer (Quartz PDFContext) >>")
    files["bad_date.pdf"] = with_info(b"<< /CreationDate (D:20260231120000Z) >>")
    files["xmp_only.pdf"] = pdf([b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>", PAGES, PAGE,
                                 xmp_stream("2026-10-22T08:30:00Z")], info=None)
    files["truncated.pdf"] = created[:created.index(b"xref")]
    files["owner_password_only.pdf"] = encrypted("")
    files["user_password.pdf"] = encrypted("sam-only")
    word = [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", DOCUMENT)]
    files["letter.docx"] = office([*word, ("docProps/core.xml", CORE)])
    files["docx_no_core.docx"] = office(word)
    files["docx_entities.docx"] = office([*word, ("docProps/core.xml", ENTITIES)])
    files["notes.odt"] = office([("mimetype", "application/vnd.oasis.opendocument.text"),
                                 ("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                                  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
                                 ("content.xml", ODT_CONTENT), ("meta.xml", ODT_META)])
    for name, data in files.items():
        (HERE / name).write_bytes(data)

    (NOT_MINE / "notes.txt").write_text("Statement draft, not finished.\n", encoding="utf-8")
    (NOT_MINE / "diary.csv").write_text("Date,Time,What happened\n12/10/2026,21:30,Car outside again\n",
                                        encoding="utf-8")
    (NOT_MINE / "sms.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"
        "  <sms protocol=\"0\" address=\"+447700900123\" date=\"1791828000000\" type=\"1\" body=\"hi\" />\n"
        "</smses>\n", encoding="utf-8")
    shutil.copyfile(HERE.parent / "diary_xlsx" / "diary.xlsx", NOT_MINE / "diary.xlsx")
    shutil.copyfile(HERE.parent / "diary_xlsx" / "not_mine" / "budget.xlsx", NOT_MINE / "budget.xlsx")
    shutil.copyfile(HERE.parent / "media_image" / "png_creation_time.png", NOT_MINE / "screenshot.png")
    (NOT_MINE / "photos.zip").write_bytes(office([("IMG_0001.txt", "not a photo")]))
    (NOT_MINE / "pdf_named.pdf").write_text("A text file someone named .pdf\n", encoding="utf-8")


if __name__ == "__main__":
    main()
