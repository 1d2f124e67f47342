"""timeline.csv, problems.csv and tags.csv: UTF-8, RFC 4180 (CRLF between records, quoted text).

The timeline is written by Arrow's CSV writer straight from the frame's Arrow columns: a million
rows in a couple of seconds, every text cell quoted, newlines inside cells kept. Cells that begin
with `=`, `+`, `-` or `@` are written as they are: the text is evidence and must not change.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow.csv as pa_csv
from caselog.dedupe import DUPLICATE_COLUMNS
from caselog.model import Problems
from caselog.timeline import COLUMNS, to_arrow

PROBLEM_COLUMNS = ("exhibit", "source_path", "locator", "reason", "severity")
TAG_COLUMNS = ("event_id", "tag", "rule_id", "rule_version", "evidence")


def write_timeline_csv(frame: pd.DataFrame, path: Path) -> None:
    options = pa_csv.WriteOptions(eol="\r\n", quoting_style="needed", quoting_header="needed")
    pa_csv.write_csv(to_arrow(frame, COLUMNS), str(path), options)


def write_problems_csv(problem_lists: Iterable[Problems], path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(PROBLEM_COLUMNS)
        for problems in problem_lists:
            for p in problems:
                writer.writerow((p.exhibit, p.source_path, p.locator, p.reason, p.severity))
                count += 1
    return count


def write_tags_csv(rows: Iterable[tuple[str, str, str, str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(TAG_COLUMNS)
        writer.writerows(rows)


def write_duplicates_csv(duplicates: pd.DataFrame, path: Path) -> None:
    """Every event merged into one found earlier in another export, and where it was."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(DUPLICATE_COLUMNS)
        writer.writerows(duplicates[list(DUPLICATE_COLUMNS)].itertuples(index=False, name=None))
