"""The command line as a user meets it: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "caselog.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120, check=False)


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def test_bundle_then_verify(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run("bundle", "--case", str(SAMPLE / "case.yaml"), str(SAMPLE / "exports"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out.resolve()) in result.stdout
    _no_traceback(result)
    checked = _run("verify", str(out))
    assert checked.returncode == 0 and checked.stdout.startswith("OK: all")


def test_verify_fails_naming_the_changed_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = _run("bundle", "--case", str(SAMPLE / "case.yaml"), str(SAMPLE / "exports"), "--out", str(out))
    assert built.returncode == 0
    (out / "timeline.csv").write_text("tampered", encoding="utf-8")
    result = _run("verify", str(out))
    assert result.returncode == 1
    assert "CHANGED  timeline.csv" in result.stdout
    _no_traceback(result)


def test_bad_case_file_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text((SAMPLE / "case.yaml").read_text(encoding="utf-8").replace("Europe/London", "Mars/Olympus"),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = _run("bundle", "--case", str(case), str(SAMPLE / "exports"), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "case.timezone" in result.stderr and "Mars/Olympus" in result.stderr
    assert not out.exists()
    _no_traceback(result)


@pytest.mark.parametrize("args", [["bundle"], ["bundle", "--case", "x.yaml"], ["nonsense"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = _run(*args)
    assert result.returncode == 2
    _no_traceback(result)


def test_missing_input_is_a_plain_error(tmp_path: Path) -> None:
    result = _run("bundle", "--case", str(SAMPLE / "case.yaml"), str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1 and "no such file or folder" in result.stderr
    _no_traceback(result)


def test_non_empty_outdir_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x").write_text("x")
    result = _run("bundle", "--case", str(SAMPLE / "case.yaml"), str(SAMPLE / "exports"), "--out", str(out))
    assert result.returncode == 1 and "--force" in result.stderr


def test_identify_names_parsers_and_unrecognised_files(tmp_path: Path) -> None:
    other = tmp_path / "holiday.txt"
    other.write_text("just some text\n", encoding="utf-8")
    result = _run("identify", str(SAMPLE / "exports"), str(other))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("sms-20261101120000.xml: android_sms_xml" in line for line in lines)
    assert any("calls-20261101120000.xml: android_calls_xml" in line for line in lines)
    assert any(line.startswith("holiday.txt: not recognised") and "kept as exhibit only" in line for line in lines)


def test_verify_on_a_folder_that_is_no_bundle(tmp_path: Path) -> None:
    result = _run("verify", str(tmp_path))
    assert result.returncode == 1 and "SHA256SUMS" in result.stderr
    _no_traceback(result)


def test_missing_libmagic_is_one_line_with_the_fix(tmp_path: Path) -> None:
    """python-magic raises ImportError when the system library is absent; simulate that."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "magic.py").write_text("raise ImportError('failed to find libmagic.  Check your installation')\n")
    env = {**os.environ, "PYTHONPATH": str(shim)}
    result = subprocess.run([sys.executable, "-m", "caselog.cli", "identify", str(SAMPLE / "exports")],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1
    assert "apt-get install libmagic1" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    _no_traceback(result)


def test_zip_of_the_bundle_with_its_hash(tmp_path: Path) -> None:
    import hashlib
    import zipfile

    out = tmp_path / "out"
    result = _run("bundle", "--case", str(SAMPLE / "case.yaml"), str(SAMPLE / "exports" / "diary.csv"),
                  "--out", str(out), "--zip")
    assert result.returncode == 0, result.stderr
    archive = tmp_path / "out.zip"
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert f"SHA-256 {digest}" in result.stdout
    assert (tmp_path / "out.zip.sha256").read_text(encoding="utf-8") == f"{digest}  out.zip\n"
    names = zipfile.ZipFile(archive).namelist()
    assert "out/SHA256SUMS" in names
    assert any(n.startswith("out/exhibits/AA_1__") for n in names)
