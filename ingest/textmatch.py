"""Matching rule patterns on a normalised view of a message, and mapping hits back to the original.

The view is lower-case, with curly quotes and apostrophes straightened and accents removed, and a
space in a pattern stands for any run of white space, so "I’ll HURT\nyou" and "ill hurt u" meet
the same pattern. The
stored text is never changed: each view character remembers the original character it came from,
so the evidence quoted in tags.csv is the offender's own words, with their position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_FOLD = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                       "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})
_CLAUSE_END = re.compile(r"[.!?;:,\n]|\bbut\b")
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Hit:
    """One pattern match: the original words, their span in the original text, and the pattern."""

    words: str
    start: int
    end: int


class View:
    """The normalised view of one text, with the original position of every view character.

    Most messages are plain ASCII: their view is just the lower-cased text with straight quotes,
    one character per character, built in C. Others are folded character by character.
    """

    __slots__ = ("origin", "text")

    def __init__(self, original: str) -> None:
        quick = original.translate(_FOLD).lower()
        if quick.isascii() and len(quick) == len(original):
            self.text, self.origin = quick, None
            return
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(original):
            folded = char.translate(_FOLD)
            folded = " " if folded.isspace() else _strip_accents(folded.casefold())
            for piece in folded:
                chars.append(piece)
                origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int, original: str) -> Hit:
        if self.origin is None:
            return Hit(original[start:end], start, end)
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        return Hit(original[first:last], first, last)


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped or text


def compile_patterns(patterns: Iterable[str]) -> re.Pattern | None:
    """One alternation of whole-word patterns (a pattern that starts or ends with a word character
    gets a word boundary there); None for no patterns."""
    parts = []
    for pattern in (p.replace(" ", r"\s+") for p in patterns):    # white space in the text may be any run
        start = r"(?<![\w'])" if re.match(r"[\w(]", pattern) else ""
        end = r"(?!\w)" if re.search(r"[\w)]$", pattern) and not pattern.endswith("$") else ""   # "mum's" ends a word
        parts.append(f"{start}(?:{pattern}){end}")
    return re.compile("|".join(parts)) if parts else None


class Matcher:
    """A text rule's patterns, idioms and negation, applied to views."""

    def __init__(self, patterns: Iterable[str], idioms: Iterable[str], negators: Iterable[str], window: int) -> None:
        self._patterns = compile_patterns(patterns)
        self._idioms = compile_patterns(idioms)
        self._negators = {n.casefold() for n in negators}
        self._window = window

    def hits(self, view: View, original: str) -> list[Hit]:
        if self._patterns is None:
            return []
        idiom_spans = [m.span() for m in self._idioms.finditer(view.text)] if self._idioms else []
        found = []
        for match in self._patterns.finditer(view.text):
            start, end = match.span()
            if start == end or any(a <= start < b or a < end <= b for a, b in idiom_spans):
                continue
            if self._negated(view.text, start):
                continue
            found.append(view.span(start, end, original))
        return found

    def _negated(self, text: str, start: int) -> bool:
        """A negation word among the few words before the match, in the same clause; one inside a
        condition ("if you don't answer, I'll…") negates the condition, not what follows."""
        if not self._negators:
            return False
        before = text[:start]
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
        words = _WORD.findall(before[clause_start:])
        for index in range(max(0, len(words) - self._window), len(words)):
            word = words[index]
            negator = (word in self._negators or word.endswith("n't")
                       or (word.endswith("nt") and word[:-2] in _AUXILIARIES))
            if negator and not _CONDITION.intersection(words[max(0, index - 2):index]):
                return True
        return False


_CONDITION = {"if", "unless", "when", "till", "until"}
_AUXILIARIES = {"wo", "do", "did", "does", "would", "could", "should", "is", "are", "was", "were", "have", "has",
                "ca", "dont", "wont", "didn", "wouldn", "couldn", "shouldn", "isn", "aren", "wasn", "weren"}
