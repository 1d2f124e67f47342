"""Text inside e-mail: declared charsets that lie, RFC 2047 encoded-words, and HTML shown as plain text.

A helper of the e-mail parsers (email_eml, email_mbox), not a parser. Every guess made here is said:
`Notes` collects the caveats of one message, which become `problems.warn` lines for it.

Charsets: the declared one is tried first; bytes it cannot decode are read as UTF-8, then as
Windows-1252 (what mislabelled mail nearly always is), and only then with U+FFFD replacements, and
each fallback is reported naming the part or header. `bytes.decode` refuses bytes-to-bytes codecs
("zlib", "base64"), so a hostile charset label cannot make us decompress anything.

HTML: the body of an HTML-only message is rendered the way a mail client shows it: tags, scripts and
styles dropped, entities decoded, runs of white space shown as one space (as a browser does, except
in <pre>), line breaks for <br> and block elements. It is never rendered live; the raw HTML stays in
the exhibit.
"""

from __future__ import annotations

import binascii
import codecs
import html
import re
from html.parser import HTMLParser

# Labels mail software writes that Python's codec registry does not know, or knows as a subset.
_ALIASES = {"ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "x-sjis": "shift_jis", "gb2312": "gb18030",
            "gbk": "gb18030", "iso-8859-8-i": "iso-8859-8", "unicode-1-1-utf-7": "utf-7", "x-mac-roman": "mac_roman",
            "ansi_x3.4-1968": "ascii", "us-ascii": "ascii", "utf8": "utf-8"}
# Labels whose ASCII bytes mean ASCII characters, so pure-ASCII data needs no codec at all.
_ASCII_SUPERSETS = frozenset({"", "ascii", "utf-8", "iso-8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252",
                              "cp1252", "iso-8859-2", "windows-1250", "windows-1251", "koi8-r", "shift_jis",
                              "gb18030", "big5", "euc-kr", "cp949", "euc-jp", "iso-8859-9", "windows-1254"})


_LABEL = re.compile(r"[a-z0-9][a-z0-9._:+-]{0,39}")
# Python codecs that are not charsets a mailer could mean (unicode-escape would run escape sequences)
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "charmap"})


class Notes:
    """The caveats found while reading one message, said once each, in the order found.

    `incomplete` gathers signs that the message is cut off (the file ends inside it, a multipart with
    no closing boundary, base64 that stops mid-quantum), reported together as one warning.
    """

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.incomplete: list[str] = []

    def warn(self, reason: str) -> None:
        if reason not in self.warnings:
            self.warnings.append(reason)

    def cut(self, reason: str) -> None:
        if reason not in self.incomplete:
            self.incomplete.append(reason)


def charset_label(charset: str | None) -> str:
    label = (charset or "").strip().strip("\"'").lower()
    return _ALIASES.get(label, label)


def decode_text(data: bytes, charset: str | None, what: str, notes: Notes) -> str:
    """`data` as text in its declared charset, falling back (and saying so) when that is wrong."""
    label = charset_label(charset)
    if label in _ASCII_SUPERSETS and data.isascii():
        return data.decode("ascii")
    if label in ("", "ascii"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _fallback(data, what, f"declares {charset} but" if label else "declares no charset and", notes)
        notes.warn(f"{what} {f'declares {charset}' if label else 'declares no charset'} but has 8-bit "
                   "text; read as UTF-8")
        return text
    try:
        codec = codecs.lookup(label).name if _LABEL.fullmatch(label) else ""
    except LookupError:
        codec = ""
    if not codec or codec in _NOT_CHARSETS:
        return _fallback(data, what, f"declares the unknown charset {charset[:40]!r};", notes, unknown=True)
    try:
        return data.decode(codec)
    except LookupError:                 # a bytes-to-bytes codec (zlib, base64): not a charset
        return _fallback(data, what, f"declares the unknown charset {charset[:40]!r};", notes, unknown=True)
    except UnicodeError:
        return _fallback(data, what, f"declares {charset[:40]} but", notes)


def _fallback(data: bytes, what: str, said: str, notes: Notes, unknown: bool = False) -> str:
    lead = f"{what} {said}" + (" its bytes" if unknown else "")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        notes.warn(f"{lead} {'are' if unknown else 'is'} UTF-8; read as UTF-8")
        return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        notes.warn(f"{lead} {'are' if unknown else 'is'} not UTF-8; read as Windows-1252 (a guess: check "
                   "accented letters against the exhibit)")
        return text
    notes.warn(f"{lead} {'are' if unknown else 'is'} neither UTF-8 nor Windows-1252; read as UTF-8 with "
               "undecodable bytes shown as U+FFFD")
    return data.decode("utf-8", errors="replace")


# RFC 2047: =?charset?Q|B?text?= ; the charset may carry an RFC 2231 language (utf-8*en).
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")


def starts_with_encoded_word(line: str) -> bool:
    return _ENCODED_WORD.match(line) is not None


def decode_words(value: str, what: str, notes: Notes) -> str:
    """A header value with its encoded-words decoded. Adjacent words in one charset are joined as bytes
    before decoding, so a character split across two words (UTF-8_Test.eml) comes out whole; white
    space between two encoded-words is not part of the text (RFC 2047 §6.2), all other text is kept."""
    if "=?" not in value:
        return value
    pieces: list[list] = []           # [charset or None, bytes or str]
    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[pos:match.start()]
        joins_word = bool(pieces) and pieces[-1][0] is not None and not between.strip(" \t\r\n")
        if between and not joins_word:
            pieces.append([None, between])
        raw = _word_bytes(match, what, notes)
        pos = match.end()
        if raw is None:
            pieces.append([None, match.group(0)])
            continue
        charset = match.group(1).split("*", 1)[0]
        if joins_word and pieces[-1][0].lower() == charset.lower():
            pieces[-1][1] += raw
        else:
            pieces.append([charset, raw])
    if pos < len(value):
        pieces.append([None, value[pos:]])
    return "".join(text if charset is None else decode_text(text, charset, what, notes)
                   for charset, text in pieces)


def _word_bytes(match: re.Match, what: str, notes: Notes) -> bytes | None:
    text = match.group(3)
    if match.group(2) in "Bb":
        data = text.encode("ascii", errors="ignore")
        data += b"=" * (-len(data) % 4)
        try:
            return binascii.a2b_base64(data)
        except binascii.Error:
            notes.warn(f"{what}: encoded-word {match.group(0)[:60]!r} is not valid base64; kept as written")
            return None
    return binascii.a2b_qp(text.encode("utf-8"), header=True)


# --- HTML as plain text ---------------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "head", "title", "template"})
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "pre", "hr", "dl", "dt", "dd", "section", "article", "header", "footer", "address", "center"})
_SPACES = re.compile(r"[ \t\r\n\f]+")
_TAG = re.compile(r"<[^>]*>")


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.at_line_start = True

    def _newline(self, force: bool = False) -> None:
        if self.out and self.out[-1].endswith(" "):
            self.out[-1] = self.out[-1].rstrip(" ")
        if force or not self.at_line_start:
            self.out.append("\n")
        self.at_line_start = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._newline(force=True)
        elif tag in _BLOCK:
            self._newline()
            self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self._newline(force=True)
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._newline()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if self.at_line_start:
                data = data.lstrip(" ")
        if data:
            self.out.append(data)
            self.at_line_start = data.endswith("\n")


def html_to_text(markup: str, what: str, notes: Notes) -> str:
    """What a reader of the HTML part sees, as plain text (see the module doc)."""
    renderer = _Renderer()
    try:
        renderer.feed(markup)
        renderer.close()
    except AssertionError:          # html.parser's answer to some malformed <![...]> sections
        notes.warn(f"{what}: the HTML is malformed; shown with its tags removed instead of rendered")
        return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip(" ")
    return "".join(renderer.out).strip("\n ")
