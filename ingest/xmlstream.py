"""Streaming the top-level elements of a large, possibly broken, XML export in constant memory.

Exports are hostile, so the parser is defusedxml's (no DTD, no entity expansion, no external
loads), driven with a target that keeps only the element being read: for each child of the root it
hands over the tag, the attributes and its descendants' tags and attributes, then forgets them. No
tree is ever built, so a 5 GB backup needs no more memory than one message, and it is several times
faster than iterparse. Surrogate references are repaired on the way in (see `surrogates`).
A file that breaks off (a truncated copy, a cut download) gives every element before the fault and
one problem that says where the rest was lost. Text content between tags is not kept: the exports
read here carry everything in attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

from caselog.model import Problems, Source
from caselog.surrogates import SurrogateRepair
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

_CHUNK = 1 << 20
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w.:-]*)", re.S)


class Node:
    """A top-level element: its tag and attributes, and every element inside it, flattened."""

    __slots__ = ("attrib", "descendants", "tag")

    def __init__(self, tag: str, attrib: dict[str, str]) -> None:
        self.tag, self.attrib = tag, attrib
        self.descendants: list[Node] = []

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)

    def iter(self, tag: str) -> Iterator[Node]:
        return (node for node in self.descendants if node.tag == tag)


class _Collector:
    """The expat handlers: one Node per child of the root, queued when it closes."""

    __slots__ = ("current", "depth", "ready", "root")

    def __init__(self) -> None:
        self.depth = 0
        self.root: str | None = None
        self.current: Node | None = None
        self.ready: list[Node] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        depth = self.depth = self.depth + 1
        if depth == 2:
            self.current = Node(tag, attrib)
        elif depth == 1:
            self.root = tag
        elif self.current is not None:
            self.current.descendants.append(Node(tag, attrib))

    def end(self, tag: str) -> None:
        if self.depth == 2:
            self.ready.append(self.current)
        self.depth -= 1

    def close(self) -> None:
        return None


def root_tag(source: Source) -> str | None:
    """The name of the first element, if the source is XML text (libmagic agrees and the first
    thing after the prolog is an element); a text file that merely mentions `<smses>` is not."""
    if not (source.mime.startswith("text/") or source.mime in ("", "application/xml")):
        return None
    match = _PROLOG.match(source.head(4096))
    return match.group(1).decode("ascii", "replace") if match else None


def top_level_elements(source: Source, problems: Problems, root_tag: str) -> Iterator[Node]:
    """Each child of the root element, complete; a break in the XML becomes one problem."""
    collector = _Collector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True)
    # defusedxml has put its guards (no DTD, no entities, no external references) on the expat
    # parser underneath; element events go straight to the collector, skipping ElementTree's
    # per-attribute name fixing, which costs more than the parse itself on a million messages.
    expat = parser.parser
    expat.ordered_attributes = False
    expat.StartElementHandler = collector.start
    expat.EndElementHandler = collector.end
    expat.CharacterDataHandler = None
    expat.DefaultHandlerExpand = None    # ElementTree's hook for text between tags; expat itself
                                         # still rejects undefined entities
    with source.open() as raw:
        stream = SurrogateRepair(raw, problems.warn)
        try:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk)
                yield from collector.ready
                collector.ready.clear()
            parser.close()
        except ParseError as err:
            yield from collector.ready
            line, column = err.position
            problems.add(f"line {line}", f"the XML breaks off or is malformed at line {line}, column {column} "
                         f"({str(err).split(':', 1)[0]}); everything after it could not be read")
        except DefusedXmlException as err:
            problems.add("line 1", f"refused: the file uses XML features exports never need ({err}); not read")
    if collector.root is not None and collector.root != root_tag:
        problems.add("line 1", f"root element is <{collector.root}>, expected <{root_tag}>")
