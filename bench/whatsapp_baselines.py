"""The two yardsticks for caselog's WhatsApp parser, each building the same DataFrame.

- regex: one compiled pattern for the Android `dd/mm/yyyy, HH:MM - Name: text` header, lines
  without a header joined to the previous message with their newline, then one DataFrame
  (timestamp, sender, body, locator). The obvious, careful way with stock tools.
- whatstk: the `whatstk` package's own reader (auto-detected header), as a user of it would call it.

    python bench/whatsapp_baselines.py regex|whatstk PATH
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from pathlib import Path

import pandas as pd

HEADER = re.compile(r"(\d{2})/(\d{2})/(\d{4}), (\d{2}):(\d{2}) - ([^:]+): ")


def regex_frame(path: Path) -> pd.DataFrame:
    stamps, senders, bodies, locators = [], [], [], []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            match = HEADER.match(line)
            if match:
                day, month, year, hour, minute, sender = match.groups()
                stamps.append(f"{year}-{month}-{day} {hour}:{minute}")
                senders.append(sender)
                bodies.append(line[match.end():].rstrip("\n"))
                locators.append(f"line {number}")
            elif bodies:
                bodies[-1] += "\n" + line.rstrip("\n")
    return pd.DataFrame({"timestamp": pd.to_datetime(stamps, format="%Y-%m-%d %H:%M"), "sender": senders,
                         "body": bodies, "locator": locators})


def whatstk_frame(path: Path) -> pd.DataFrame:
    from whatstk import WhatsAppChat

    return WhatsAppChat.from_source(filepath=str(path), max_size=None).df   # its default refuses > 50 MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=("regex", "whatstk"))
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    frame = (regex_frame if args.which == "regex" else whatstk_frame)(args.path)
    print(f"seconds={time.perf_counter() - started:.2f}")
    print(f"rows={len(frame)}")
    print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main()
