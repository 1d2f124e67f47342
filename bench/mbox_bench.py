"""Issue 5 bench: caselog's mbox parser against the standard library's two ways of reading a mailbox.

Three contenders, each in its own process (peak RSS from os.wait4), on the same generated Takeout
mbox (bench/gen_mbox.py, 100k messages by default), each doing the same work per message: time,
sender, recipients, subject, body text, attachment names and SHA-256.
- policy.default: `mailbox.mbox` with a `BytesParser(policy=email.policy.default)` factory, the
  modern API (`get_body`, `iter_attachments`, header objects). No HTML rendering.
- compat32: `mailbox.mbox` for splitting, `email.message_from_bytes` (compat32) per message,
  `email.utils`/`email.header` helpers. No HTML rendering.
- caselog: `email_mbox.parse` (parse only: no copy, no hashing of the whole file, no bundle).
Messages per second are given on wall time and on CPU time (user + sys); on a busy machine the
CPU figure is the steadier. Target (issue 5): caselog ≥ 10,000 messages/s. Not a test.

    python bench/mbox_bench.py [--count 100000] [--workdir /tmp/bench]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONTENDERS = ("policy-default", "compat32", "caselog")
TARGET = 10_000


def run_policy_default(path: Path) -> int:
    import mailbox
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    count = 0
    for message in mailbox.mbox(str(path), factory=parser.parse, create=False):
        date = message["date"]
        _ = date.datetime if date is not None else None
        _ = [a.addr_spec for a in message["from"].addresses] if message["from"] else []
        _ = [a.addr_spec for key in ("to", "cc") if message[key] for a in message[key].addresses]
        _ = str(message["subject"] or "")
        body = message.get_body(preferencelist=("plain", "html"))
        _ = body.get_content() if body is not None else ""
        for part in message.iter_attachments():
            _ = (part.get_filename(), hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest())
        count += 1
    return count


def run_compat32(path: Path) -> int:
    import email
    import mailbox
    from email.header import decode_header, make_header
    from email.utils import getaddresses, parsedate_to_datetime

    box = mailbox.mbox(str(path), create=False)
    count = 0
    for key in box.iterkeys():
        message = email.message_from_bytes(box.get_bytes(key))
        _ = parsedate_to_datetime(message["Date"]) if message["Date"] else None
        _ = getaddresses(message.get_all("From", []))
        _ = getaddresses(message.get_all("To", []) + message.get_all("Cc", []))
        _ = str(make_header(decode_header(message["Subject"] or "")))
        body = ""
        for part in message.walk():
            if part.is_multipart():
                continue
            if part.get_filename() or part.get_content_disposition() == "attachment":
                _ = (part.get_filename(), hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest())
            elif not body and part.get_content_type() in ("text/plain", "text/html"):
                body = (part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8", "replace")
        count += 1
    return count


def run_caselog(path: Path) -> int:
    from caselog.model import Problems, Source
    from caselog.parsers import email_mbox

    source = Source("B/1", path.name, path.stat().st_size, "", partial(open, path, "rb"), "application/mbox")
    return sum(1 for _ in email_mbox.parse(source, Problems()))


def _child(which: str, path: Path) -> None:
    runner = {"policy-default": run_policy_default, "compat32": run_compat32, "caselog": run_caselog}[which]
    wall, cpu = time.perf_counter(), time.process_time()
    count = runner(path)
    print(f"messages={count}")
    print(f"seconds={time.perf_counter() - wall:.3f}")
    print(f"cpu={time.process_time() - cpu:.3f}")


def _timed(which: str, path: Path) -> dict[str, float]:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, __file__, "--child", which, str(path)], stdout=out, stderr=err,
                                 text=True, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{which} failed:\n{err.read()[-2000:]}")
        figures = dict(line.split("=", 1) for line in out.read().split() if "=" in line)
    return {"messages": int(figures["messages"]), "seconds": float(figures["seconds"]),
            "cpu": float(figures["cpu"]), "rss_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    path = args.workdir / f"takeout-{args.count}.mbox"
    if not path.exists():
        args.workdir.mkdir(parents=True, exist_ok=True)
        print(f"generating {path} ({args.count:,} messages)…", flush=True)
        subprocess.run([sys.executable, str(HERE / "gen_mbox.py"), "--count", str(args.count), "--out", str(path)],
                       check=True)
    print(f"{path.name}: {path.stat().st_size / 2**20:,.0f} MiB; load average before: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    results = {which: _timed(which, path) for which in CONTENDERS}
    print(f"{'contender':<16}{'messages':>10}{'wall s':>9}{'cpu s':>8}{'msg/s wall':>12}{'msg/s cpu':>11}"
          f"{'peak RSS':>10}")
    for which, r in results.items():
        print(f"{which:<16}{r['messages']:>10,}{r['seconds']:>9.1f}{r['cpu']:>8.1f}"
              f"{r['messages'] / r['seconds']:>12,.0f}{r['messages'] / r['cpu']:>11,.0f}{r['rss_mb']:>8.0f}MB")
    mine = results["caselog"]
    for which in ("policy-default", "compat32"):
        print(f"caselog vs {which}: {results[which]['cpu'] / mine['cpu']:.1f}× faster (CPU time)")
    print(f"target ≥ {TARGET:,}/s: {'met' if mine['messages'] / mine['cpu'] >= TARGET else 'NOT met'} on CPU time, "
          f"{'met' if mine['messages'] / mine['seconds'] >= TARGET else 'not met'} on wall time; "
          f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
