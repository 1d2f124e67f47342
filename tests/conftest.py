"""Shared fixtures: the --update-goldens switch, the demo case, and where ../shared is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from caselog.case import Case, load_case

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "sample_data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def demo_case() -> Case:
    return load_case(SAMPLE / "case.yaml")


@pytest.fixture
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent (it sits beside the repo on CI and dev machines)")
    return corpus


def check_golden(golden: Path, rows: list[dict], update: bool) -> None:
    """Compare rows with a JSON-lines golden file, or rewrite it when --update-goldens is given."""
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    if update:
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"{golden.name} missing: run pytest --update-goldens and review it"
    expected = golden.read_text(encoding="utf-8")
    if expected != text:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            golden.name, "actual", n=1))
        pytest.fail(f"{golden.name} differs from the parser's output:\n{diff[:6000]}")
