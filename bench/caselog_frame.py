"""caselog's own reading of one SMS backup into the timeline DataFrame, timed like the baseline.

Parse → normalise → build_timeline, exactly what `caselog bundle` does between preserving the file
and writing the CSV. Prints seconds=, rows= and peak_rss_kb= like baseline_lxml.py.

Run:  python bench/caselog_frame.py /tmp/bench/sms-1m.xml
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from caselog.case import load_case
from caselog.model import Source
from caselog.normalise import normalise
from caselog.parse_all import parse_all
from caselog.timeline import build_timeline

CASE = Path(__file__).resolve().parent.parent / "sample_data" / "case.yaml"


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("path", type=Path)
    path = args.parse_args().path
    case = load_case(CASE)
    source = Source.from_path(path, f"{case.exhibit_prefix}/1")
    started = time.perf_counter()
    frame = build_timeline(normalise(parse_all([source], [], []), case), case.timezone)
    seconds = time.perf_counter() - started
    print(f"seconds={seconds:.2f}")
    print(f"rows={len(frame)}")
    print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main()
