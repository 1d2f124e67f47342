"""`make bench`: caselog against a plain lxml baseline on a generated SMS backup, side by side.

Each contender runs in its own process so its peak RSS is its own (os.wait4). Figures:
- baseline: lxml iterparse (+ surrogate filter) into a DataFrame of the same rows (baseline_lxml.py)
- caselog parse: parse → normalise → DataFrame, as in a bundle run (caselog_frame.py)
- caselog bundle: the whole `caselog bundle` command (copy + hash + parse + every output file)
Suites: `sms` (issue 3: parse ≤ 1.2× baseline, bundle ≤ 2×, peak RSS ≤ 1 GB) and `whatsapp`
(issue 4: a compiled-regex baseline and whatstk). Not a test: nothing here fails a build; the
figures go in the closing note.

    python bench/run_bench.py [--suite sms|whatsapp|all] [--count 1000000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _timed(command: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of one child process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)      # this child's own peak RSS
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-2000:]}")
        return seconds, usage.ru_maxrss // 1024, out.read()


def _inner_seconds(out: str) -> float:
    for line in out.splitlines():
        if line.startswith("seconds="):
            return float(line.split("=", 1)[1])
    return float("nan")


def _sms_suite(workdir: Path, count: int) -> list[tuple[str, list[str], str]]:
    backup = _generated(workdir / f"sms-{count}.xml", "gen_sms_backup.py", count)
    return [("lxml baseline (parse → frame)", [sys.executable, str(HERE / "baseline_lxml.py"), str(backup)], "base"),
            ("caselog parse (parse → frame)", [sys.executable, str(HERE / "caselog_frame.py"), str(backup)], "parse"),
            ("caselog bundle (whole command)", _bundle_command(backup, workdir), "bundle")]


def _whatsapp_suite(workdir: Path, count: int) -> list[tuple[str, list[str], str]]:
    chat = _generated(workdir / f"whatsapp-{count}.txt", "gen_whatsapp.py", count)
    runs = [("regex baseline (parse → frame)", [sys.executable, str(HERE / "whatsapp_baselines.py"), "regex",
                                                str(chat)], "base"),
            ("caselog parse (parse → frame)", [sys.executable, str(HERE / "caselog_frame.py"), str(chat)], "parse")]
    if importlib.util.find_spec("whatstk") is not None:
        runs.append(("whatstk (its reader → frame)", [sys.executable, str(HERE / "whatsapp_baselines.py"),
                                                      "whatstk", str(chat)], "other"))
    else:
        print("whatstk is not installed (pip install -e '.[bench]'): its column is left out")
    return runs


SUITES = {"sms": (_sms_suite, "parse ≤ 1.2×, bundle ≤ 2×, RSS ≤ 1024 MB"),
          "whatsapp": (_whatsapp_suite, "parse ≤ 1.1× regex, ≥ 4× faster than whatstk, RSS ≤ 800 MB")}


def _generated(path: Path, generator: str, count: int) -> Path:
    if not path.exists():
        print(f"generating {path} ({count:,} messages)…", flush=True)
        subprocess.run([sys.executable, str(HERE / generator), "--count", str(count), "--out", str(path)], check=True)
    return path


def _bundle_command(source: Path, workdir: Path) -> list[str]:
    out = workdir / "bundle"
    shutil.rmtree(out, ignore_errors=True)
    caselog = shutil.which("caselog", path=str(Path(sys.executable).parent)) or "caselog"
    return [caselog, "bundle", "--case", str(ROOT / "sample_data" / "case.yaml"), str(source), "--out", str(out),
            "--force"]


def main() -> None:
    parser = argparse.ArgumentParser(description="caselog against plain baselines on generated exports")
    parser.add_argument("--suite", choices=[*SUITES, "all"], default="all")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/caselog-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {args.count:,} messages per suite")
    for name in SUITES if args.suite == "all" else [args.suite]:
        make_runs, targets = SUITES[name]
        results = [(label, role, _timed(command)) for label, command, role in make_runs(args.workdir, args.count)]
        base = next(r for _, role, r in results if role == "base")
        print(f"\n[{name}] {'run':<34}{'seconds':>9}{'× baseline':>12}{'peak RSS MB':>13}")
        for label, role, (wall, rss_mb, out) in results:
            inner = _inner_seconds(out) if role != "bundle" else wall
            reference = _inner_seconds(base[2]) if role != "bundle" else base[0]
            print(f"{'':<{len(name) + 3}}{label:<34}{inner:>9.2f}{inner / reference:>12.2f}{rss_mb:>13}")
        print(f"{'':<{len(name) + 3}}targets: {targets}  (bundle is compared with the baseline's whole process)")


if __name__ == "__main__":
    main()
