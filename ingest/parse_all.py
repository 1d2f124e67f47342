"""Running the right parser over every source, and keeping the count of what went in.

This is the one place with a broad catch: a parser that crashes on one source must not lose the
rest of the case. The crash becomes a problem naming the parser and the exhibit ("please report"),
and the next source is read. Tests fail on any such crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from caselog import parsers
from caselog.errors import SourceError
from caselog.model import Problems, Record, Source


@dataclass
class SourceTally:
    """What one source gave: the manifest's records in = events out + problems + duplicates.

    `records_in` is fixed when the parser finishes (records yielded + records it left out);
    `events_out` and `problems` are filled when the bundle is written, from the timeline itself and
    the final problem list, so the balance checks every stage in between.
    """

    exhibit: str
    source_path: str
    sha256: str
    size_bytes: int
    parser: str = ""
    records_in: int = 0
    events_out: int = 0
    problems: int = 0
    duplicates: int = 0
    warnings: int = 0


def parse_all(sources: list[Source], problems: list[Problems], tallies: list[SourceTally],
              on_source: Callable[[Source, ModuleType | None], None] = lambda s, p: None,
              ) -> Iterator[tuple[Source, Record, Problems, SourceTally]]:
    """Every record of every recognised source, with the source's problem list and tally.

    `problems` and `tallies` are filled as the sources are read (one entry per source), so the
    caller can stream the records and still report per source at the end.
    """
    for source in sources:
        parser = parsers.pick(source)
        on_source(source, parser)
        found = Problems(source.exhibit, source.source_path)
        tally = SourceTally(source.exhibit, source.source_path, source.sha256, source.size_bytes,
                            parser.name if parser else "")
        problems.append(found)
        tallies.append(tally)
        if parser is None:
            if source.size_bytes == 0:
                found.warn("byte 0", "the file is empty (0 bytes): nothing to read; kept as an exhibit")
            continue
        yielded = yield from _read(parser, source, found, tally)
        tally.records_in = yielded + found.left_out


def _read(parser: ModuleType, source: Source, found: Problems, tally: SourceTally):
    """Yields the parser's records; returns how many there were."""
    last, count = "the start", 0
    try:
        for record in parser.parse(source, found):
            last = record.locator
            count += 1
            yield source, record, found, tally
    except SourceError as err:
        found.add(f"after {last}", f"{parser.name}: {err}; the rest of this source was not read")
    except Exception as err:  # noqa: BLE001 - one crashing parser must not lose the whole case
        found.add(f"after {last}", f"parser {parser.name} failed on {source.exhibit} "
                  f"({type(err).__name__}: {err}); the rest of this source was not read; please report")
    return count
