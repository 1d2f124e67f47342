"""The text of an Outlook message body: a helper of outlook_msg, not a parser.

Outlook stores up to three bodies: plain text (PR_BODY), HTML (PR_HTML) and compressed RTF
(PR_RTF_COMPRESSED). PR_BODY is the text as stored, taken exactly. When it is missing or empty, the
HTML body is shown as plain text with the e-mail parsers' renderer (email_text.html_to_text: tags
dropped, entities decoded, line breaks for <br> and blocks); failing that, the RTF body is
decompressed and, if it carries HTML or text inside it (what Outlook writes: \\fromhtml1 or
\\fromtext), that is used. Each fallback is said in a warning and in details `body_source`. Plain RTF
(a body written in Word's formatting only) is not converted: the body stays empty and a warning
points to the exhibit.
"""

from __future__ import annotations

import compressed_rtf
from caselog.parsers import outlook_mapi as mapi
from caselog.parsers.email_text import Notes, decode_text, html_to_text
from RTFDE import DeEncapsulator

_PR_BODY_HTML_UNICODE = "__substg1.0_1013001F"


def body(props: mapi.Props, details: dict[str, str], notes: list[str]) -> str:
    text = props.string(mapi.PR_BODY, "the plain-text body")
    if text:
        return text
    html = _html(props, notes)
    if html:
        details["body_source"] = "html"
        notes.append("the message has no plain-text body; the text shown is rendered from its HTML body")
        return _render(html, "the HTML body", notes)
    rtf = props.binary(mapi.PR_RTF_COMPRESSED)
    if rtf:
        return _from_rtf(rtf, details, notes)
    return ""


def _html(props: mapi.Props, notes: list[str]) -> str:
    data = props.binary(mapi.PR_HTML)
    if data is None:
        return props.string(mapi.PR_HTML, "the HTML body")
    found = Notes()
    number = props.int32(mapi.PR_INTERNET_CPID)
    charset = mapi.codec_name(number, notes) if number is not None else None
    markup = decode_text(data, charset, "the HTML body", found)
    notes.extend(found.warnings)
    return markup


def _render(markup: str, what: str, notes: list[str]) -> str:
    found = Notes()
    text = html_to_text(markup, what, found)
    notes.extend(found.warnings)
    return text


def _from_rtf(data: bytes, details: dict[str, str], notes: list[str]) -> str:
    try:
        rtf = compressed_rtf.decompress(data)
    except Exception as err:  # noqa: BLE001 - compressed_rtf raises a bare Exception for a bad CRC or header
        notes.append(f"the body is stored only as compressed RTF, which cannot be decompressed ({err}); "
                     "the body is left empty: read it in the exhibit")
        return ""
    return text_from_rtf(rtf, details, notes)


def text_from_rtf(rtf: bytes, details: dict[str, str], notes: list[str]) -> str:
    """The HTML (as text) or the text Outlook wrapped in an RTF body; "" with a note for plain RTF."""
    unwrapped = DeEncapsulator(rtf)
    try:
        unwrapped.deencapsulate()
    except Exception as err:  # noqa: BLE001 - RTFDE raises TypeError subclasses and its RTF grammar's errors
        notes.append(f"the body is stored only as RTF with no text or HTML inside ({type(err).__name__}); "
                     "it is not converted, so the body is left empty: read it in the exhibit")
        return ""
    details["body_source"] = "rtf"
    if unwrapped.content_type == "html":
        notes.append("the message has no plain-text or HTML body; the text shown is rendered from the HTML "
                     "inside its RTF body")
        html = unwrapped.html
        return _render(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html,
                       "the RTF body's HTML", notes)
    notes.append("the message has no plain-text or HTML body; the text shown is the text inside its RTF body")
    text = unwrapped.text
    return text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
