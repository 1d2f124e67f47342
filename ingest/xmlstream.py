"""Streaming the top-level elements of a large, possibly broken, XML export in constant memory.

Exports are hostile, so the parser is defusedxml's (no DTD, no entity expansion, no external
loads). Surrogate references are repaired on the way in (see `surrogates`). Each top-level element
is handed over complete and then dropped, so a 5 GB backup needs no more memory than one message.
A file that breaks off (a truncated copy, a cut download) gives every element before the fault and
one problem that says where the rest was lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from caselog.model import Problems, Source
from caselog.surrogates import SurrogateRepair
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w.:-]*)", re.S)


def root_tag(source: Source) -> str | None:
    """The name of the first element, if the source is XML text (libmagic agrees and the first
    thing after the prolog is an element); a text file that merely mentions `<smses>` is not."""
    if not (source.mime.startswith("text/") or source.mime in ("", "application/xml")):
        return None
    match = _PROLOG.match(source.head(4096))
    return match.group(1).decode("ascii", "replace") if match else None


def top_level_elements(source: Source, problems: Problems, root_tag: str) -> Iterator[Element]:
    """Each child of the root element, complete; a break in the XML becomes one problem."""
    with source.open() as raw:
        stream = SurrogateRepair(raw, problems.warn)
        events = iterparse(stream, events=("start", "end"), forbid_dtd=True)
        depth, root = 0, None
        try:
            for event, elem in events:
                if event == "start":
                    if root is None:
                        root = elem
                    depth += 1
                    continue
                depth -= 1
                if depth == 1:
                    yield elem
                    root.clear()
        except ParseError as err:
            line, column = err.position
            where = f"line {line}"
            problems.add(where, f"the XML breaks off or is malformed at line {line}, column {column} "
                         f"({_plain(err)}); everything after it could not be read")
        except DefusedXmlException as err:
            problems.add("line 1", f"refused: the file uses XML features exports never need ({err}); "
                         "not read")
        if root is not None and root.tag != root_tag:
            problems.add("line 1", f"root element is <{root.tag}>, expected <{root_tag}>")


def _plain(err: ParseError) -> str:
    return str(err).split(":", 1)[0]
