"""RFC 5322 header blocks as mail really has them, for the e-mail parsers (a helper, not a parser).

Read by hand rather than with the `email` package, for two reasons. Speed: a Takeout mbox holds
hundreds of thousands of messages and `email` costs about a millisecond each. Leniency, said out
loud: Outlook folds long encoded-words onto lines *without* leading white space (UTF-8_Test.eml),
which `email` takes for the start of the body, losing the rest of the headers; here such a line is
read as a continuation and a warning says so. Any other line that is not `Name: value` ends the
header block (as in `email`), also with a warning.

Dates are read in email_dates.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from caselog.parsers.email_dates import parse_date  # noqa: F401 - also imported from here (outlook_msg)
from caselog.parsers.email_text import Notes, decode_text, decode_words, starts_with_encoded_word

# Header values joined when a header is repeated (other repeats: the first wins, as in `email`).
_JOINED = frozenset({"to", "cc", "bcc", "references"})


def header_end(data: bytes, start: int, end: int) -> tuple[int, int]:
    """(end of the header block, start of the body) in data[start:end]; (end, end) if no blank line.
    The blank line is looked for in the style of the first line ending first, so a CRLF message is
    not scanned to its end for an LF blank line that is not there."""
    if data.startswith(b"\n", start):
        return start, start + 1
    if data.startswith(b"\r\n", start):
        return start, start + 2
    first = data.find(b"\n", start, end)
    if first > start and data[first - 1] == 0x0D:
        crlf = data.find(b"\n\r\n", start, end)
        lf = data.find(b"\n\n", start, crlf if crlf >= 0 else end)
    else:
        lf = data.find(b"\n\n", start, end)
        crlf = data.find(b"\n\r\n", start, lf if lf >= 0 else end)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf + 1, crlf + 3
    if lf >= 0:
        return lf + 1, lf + 2
    return end, end


# `Name: value` and its folded continuation lines. A line that is not a field or a continuation is
# matched by nothing, which parse_headers sees when the fields found do not account for every line.
_FIELD = re.compile(r"^(?!=\?)([!-9;-~]+)[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.MULTILINE)
# The fields the e-mail parsers read; parse_headers keeps only these.
WANTED = frozenset({"from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references",
                    "reply-to", "x-gm-thrid", "x-gmail-labels", "content-type", "content-transfer-encoding",
                    "content-disposition"})


def parse_headers(block: bytes, notes: Notes) -> tuple[dict[str, str], int]:
    """The WANTED header fields: lower-case name → value (unfolded, leading white space dropped,
    otherwise as written), and how many bytes of `block` are header lines: less than all of it when
    a line that is not a header ends the block early (the rest belongs to the body); 0 for none."""
    try:
        text = block.decode("utf-8")          # ASCII, or RFC 6532 UTF-8 headers
    except UnicodeDecodeError:
        text = _decode_lines(block, notes)
    fields = _FIELD.findall(text)
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(fields) + text.count("\n ") + text.count("\n\t") != lines or text[:1] in (" ", "\t"):
        return _parse_header_lines(text, block, notes)          # not clean: line by line, with warnings
    headers: dict[str, str] = {}
    for name, value in fields:
        name = name.lower()
        if name not in WANTED:
            continue
        if "\n" in value:
            value = value.replace("\r\n", "").replace("\n", "")
        if value.endswith("\r"):
            value = value[:-1]
        if name not in headers:
            headers[name] = value
        else:
            _store(headers, name, value)
    return headers, len(block)


def _parse_header_lines(text: str, block: bytes, notes: Notes) -> tuple[dict[str, str], int]:
    """parse_headers for a block that is not clean: line by line, saying what was made of each oddity."""
    headers: dict[str, str] = {}
    name, value = "", ""
    lines = text.split("\n")
    used = len(lines)
    for number, line in enumerate(lines):
        if line.endswith("\r"):
            line = line[:-1]
        if not line:
            continue
        first = line[0]
        if first == " " or first == "\t":
            if name:
                value += line
            continue
        if name and first == "=" and starts_with_encoded_word(line):
            notes.warn(f"header {_title(name)} continues on a line without leading white space; read as folded")
            value += " " + line
            continue
        field, colon, rest = line.partition(":")
        field = field.rstrip(" \t")
        if not colon or not field or " " in field or "\t" in field:
            notes.warn(f"header line {line[:60]!r} is not a 'Name: value' field; the headers are read as "
                       "ending there and the rest as the body")
            used = number
            break
        if name in WANTED:
            _store(headers, name, value)
        name, value = field.lower(), rest.lstrip(" \t")
    if name in WANTED:
        _store(headers, name, value)
    if used == len(lines):
        return headers, len(block)
    return headers, sum(len(line) + 1 for line in block.split(b"\n")[:used])


_MAIL_FIELDS = frozenset({"from", "date", "subject", "to", "message-id", "mime-version", "received", "return-path",
                          "delivered-to", "x-gm-thrid", "x-gmail-labels", "dkim-signature", "arc-seal",
                          "content-type", "in-reply-to", "references"})


def looks_like_headers(head: bytes) -> bool:
    """Whether `head` (the start of a file) is an RFC 5322 header block: every whole line up to the
    first blank one is `Name: value` or a folded continuation, naming at least two mail fields."""
    lines = head.decode("latin-1").split("\n")
    if not head.endswith(b"\n"):
        lines.pop()                       # the last line is cut by the head's size
    seen: set[str] = set()
    for number, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t" or (line.startswith("=?") and starts_with_encoded_word(line)):
            if number == 0:
                return False
            continue
        field, colon, _ = line.partition(":")
        field = field.rstrip(" \t")
        if not colon or not field or not all(33 <= ord(c) <= 126 for c in field):
            return False
        if field.lower() in _MAIL_FIELDS:
            seen.add(field.lower())
    return len(seen) >= 2


def _store(headers: dict[str, str], name: str, value: str) -> None:
    if name not in headers:
        headers[name] = value
    elif name in _JOINED and value.strip():
        headers[name] += ", " + value if name != "references" else " " + value


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _decode_lines(block: bytes, notes: Notes) -> str:
    lines = []
    for line in block.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            field = line.split(b":", 1)[0][:40].decode("ascii", errors="replace")
            if line[:1] in (b" ", b"\t"):
                field = "(a folded line)"
            try:
                lines.append(line.decode("cp1252"))
                how = "read as Windows-1252 (a guess: check accented letters against the exhibit)"
            except UnicodeDecodeError:
                lines.append(line.decode("utf-8", errors="replace"))
                how = "read as UTF-8 with undecodable bytes shown as U+FFFD"
            notes.warn(f"header {field} has 8-bit bytes that are not UTF-8 (no charset is declared there); {how}")
    return "\n".join(lines)


# --- parameters (Content-Type, Content-Disposition), RFC 2231 ------------------------------------

_QUOTED_PAIR = re.compile(r"\\(.)")
_ONE_PARAM = re.compile(r'[ \t]*([A-Za-z][\w.-]*)[ \t]*=[ \t]*(?:"([^"\\=]*)"|([^\s";=*\\]+))[ \t]*;?[ \t]*')
_PARAM = re.compile(r'\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)\s*;?')


def params(value: str, what: str, notes: Notes) -> tuple[str, dict[str, str]]:
    """('type/subtype' or 'attachment', {lower-case name: decoded value}). RFC 2231 `name*=utf-8''…`
    and `name*0*=`/`name*1=` continuations are decoded; so are encoded-words inside a quoted name,
    which RFC 2047 forbids but Outlook and Gmail write."""
    main, _, rest = value.partition(";")
    if not rest:
        return main.strip().lower(), {}
    simple = _ONE_PARAM.fullmatch(rest)
    if simple:                                 # `; charset="UTF-8"`, `; boundary="…"`: most of them
        return main.strip().lower(), {simple.group(1).lower(): simple.group(2) or simple.group(3)}
    found: dict[str, str] = {}
    pieces: dict[str, dict[int, tuple[bool, str]]] = {}
    for match in _PARAM.finditer(rest):
        key, raw = match.group(1).lower(), match.group(2).strip()
        if raw.startswith('"'):
            raw = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
            if "\\" in raw:
                raw = _QUOTED_PAIR.sub(r"\1", raw)
        if "*" in key:
            base, _, index = key.partition("*")
            encoded = index.endswith("*") or index == ""
            number = index.rstrip("*")
            pieces.setdefault(base, {})[int(number) if number.isdigit() else 0] = (encoded, raw)
        else:
            found.setdefault(key, raw)
    for base, parts in pieces.items():
        found[base] = _rfc2231(parts, f"{what} parameter {base}", notes)
    for key, text in found.items():
        if "=?" in text:
            found[key] = decode_words(text, f"{what} parameter {key}", notes)
    return main.strip().lower(), found


def _rfc2231(parts: dict[int, tuple[bool, str]], what: str, notes: Notes) -> str:
    charset, data = "", b""
    for number in sorted(parts):
        encoded, text = parts[number]
        if encoded:
            if number == min(parts) and text.count("'") >= 2:
                charset, _language, text = text.split("'", 2)
            data += _unquote_percent(text)
        else:
            data += text.encode("utf-8")
    return decode_text(data, charset or None, what, notes)


def _unquote_percent(text: str) -> bytes:
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        if raw[i] == 0x25 and _is_hex(raw[i + 1:i + 3]):
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def _is_hex(pair: bytes) -> bool:
    return len(pair) == 2 and all(c in b"0123456789abcdefABCDEF" for c in pair)


# --- addresses ------------------------------------------------------------------------------------

_BARE = re.compile(r"[ \t]*<?([^\s<>(),;:\"@]+@[^\s<>(),;:\"@]+)>?[ \t]*")
_NAMED = re.compile(r"[ \t]*([^<>(),;:\"@]*?)[ \t]*<([^\s<>(),;:\"@]+@[^\s<>(),;:\"@]+)>[ \t]*")
_QUOTED = re.compile(r'[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*<([^\s<>(),;:"@]+@[^\s<>(),;:"@]+)>[ \t]*')
_LIST_ITEM = re.compile(r'(?:"(?:[^"\\]|\\.)*"?|\((?:[^()\\]|\\.)*\)?|<[^<>]*>?|[^,"(<])+')
_GROUP = re.compile(r'[ \t]*[^"<>@,;:]+:(?=[^:]*$)')


def addresses(value: str, what: str, notes: Notes) -> list[tuple[str, str]]:
    """[(display name, address as written)] of an address header; names decoded (RFC 2047). An item
    no parser can read is kept whole as written (the validator then says what is wrong with it)."""
    if not value.strip():
        return []
    simple = '"' not in value and "(" not in value
    pieces = value.split(",") if simple else _LIST_ITEM.findall(value)
    found = []
    for piece in pieces:
        if ":" in piece:
            piece = _GROUP.sub("", piece, count=1)                      # `Friends: a@b.c, d@e.f;`
        piece = piece.rstrip(" \t;")
        if not piece.strip(" \t"):
            continue
        found.append(_one_address(piece))
    if not found and not value.rstrip().endswith(";"):
        notes.warn(f"{what} {value[:80]!r} holds no address that can be read")
    return [(decode_words(name, what, notes) if "=?" in name else name, addr) for name, addr in found]


def _one_address(piece: str) -> tuple[str, str]:
    if "@" not in piece and "<" not in piece:
        return piece.strip(" \t").strip('"'), ""                  # a display name with no address
    match = _BARE.fullmatch(piece)
    if match:
        return "", match.group(1)
    match = _NAMED.fullmatch(piece) or _QUOTED.fullmatch(piece)
    if match:
        return re.sub(r"\\(.)", r"\1", match.group(1)), match.group(2)
    parsed = getaddresses([piece])
    if len(parsed) == 1 and "@" in parsed[0][1] and _stands_alone(parsed[0][1], piece):
        return parsed[0]
    return "", piece.strip(" \t")                                  # unreadable: kept as written


def _stands_alone(address: str, value: str) -> bool:
    """Whether `address` occurs in `value` as a token of its own (getaddresses turns 'bad@@x' into '@x')."""
    return re.search(r"(?:^|[\s<,:;])" + re.escape(address) + r"(?:$|[\s>,;])", value) is not None


_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def message_ids(value: str) -> list[str]:
    """The <id@host> tokens of Message-ID, In-Reply-To or References, in order; a bare value if none."""
    found = _MESSAGE_ID.findall(value)
    if found:
        return found
    bare = value.strip()
    return [bare] if bare else []
