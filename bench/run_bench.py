"""`make bench`: caselog against a plain lxml baseline on a generated SMS backup, side by side.

Each contender runs in its own process so its peak RSS is its own (os.wait4). Figures:
- baseline: lxml iterparse (+ surrogate filter) into a DataFrame of the same rows (baseline_lxml.py)
- caselog parse: parse → normalise → DataFrame, as in a bundle run (caselog_frame.py)
- caselog bundle: the whole `caselog bundle` command (copy + hash + parse + every output file)
Targets from issue 3: parse ≤ 1.2× baseline, bundle ≤ 2× baseline, peak RSS ≤ 1 GB. Not a test:
nothing here fails a build; the figures go in the closing note.

    python bench/run_bench.py [--count 1000000] [--workdir /tmp/caselog-bench] [--repeat 1]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description="caselog vs lxml baseline on a generated SMS backup")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/caselog-bench"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    backup = args.workdir / f"sms-{args.count}.xml"
    if not backup.exists():
        print(f"generating {backup} ({args.count:,} messages)…", flush=True)
        subprocess.run([sys.executable, str(HERE / "gen_sms_backup.py"), "--count", str(args.count),
                        "--out", str(backup), "--seed", "1"], check=True)
    size_mb = backup.stat().st_size / 1e6
    print(f"input: {backup} {size_mb:.0f} MB, {args.count:,} <sms>; python {sys.version.split()[0]}")
    rows = []
    for _ in range(args.repeat):
        base = _timed([sys.executable, str(HERE / "baseline_lxml.py"), str(backup)])
        mine = _timed([sys.executable, str(HERE / "caselog_frame.py"), str(backup)])
        out = args.workdir / "bundle"
        shutil.rmtree(out, ignore_errors=True)
        caselog = shutil.which("caselog", path=str(Path(sys.executable).parent)) or "caselog"
        whole = _timed([caselog, "bundle", "--case", str(ROOT / "sample_data" / "case.yaml"), str(backup),
                        "--out", str(out), "--force"])
        rows.append((base, mine, whole))
    for base, mine, whole in rows:
        b, m = _inner_seconds(base[2]), _inner_seconds(mine[2])
        print(f"{'run':<34}{'seconds':>9}{'× baseline':>12}{'peak RSS MB':>13}   (process wall s)")
        print(f"{'lxml baseline (parse → frame)':<34}{b:>9.2f}{1:>12.2f}{base[1]:>13}   ({base[0]:.2f})")
        print(f"{'caselog parse (parse → frame)':<34}{m:>9.2f}{m / b:>12.2f}{mine[1]:>13}   ({mine[0]:.2f})")
        print(f"{'caselog bundle (whole command)':<34}{whole[0]:>9.2f}{whole[0] / base[0]:>12.2f}{whole[1]:>13}"
              "   (vs baseline process wall)")
        print(f"{'':<34}{'':>9}{'':>12}  targets: parse ≤ 1.2×, bundle ≤ 2×, RSS ≤ 1024 MB")


if __name__ == "__main__":
    main()
