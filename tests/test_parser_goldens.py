"""Every parser against its real-shaped inputs: full output compared with checked-in goldens.

tests/corpus/<parser>/<case>.<ext> has <case>.records.jsonl and <case>.problems.jsonl beside it;
tests/corpus/<parser>/not_mine/ holds files the parser must refuse. `pytest --update-goldens`
rewrites the goldens (on purpose only; review the diff like code).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from caselog import parsers
from caselog.model import Problems, Source
from conftest import check_golden

CORPUS = Path(__file__).parent / "corpus"
INPUTS = sorted(p for p in CORPUS.glob("*/*") if p.is_file() and not p.name.endswith((".jsonl", ".py")))
NOT_MINE = sorted(p for p in CORPUS.glob("*/not_mine/*") if p.is_file())


def _golden(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.stem}.{kind}.jsonl")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_parser_output_matches_goldens(path: Path, update_goldens: bool) -> None:
    parser = parsers.by_name(path.parent.name)
    source = Source.from_path(path)
    assert parsers.pick(source) is parser, f"registry does not pick {parser.name} for {path.name}"
    problems = Problems()
    records = [r.to_json() for r in parser.parse(source, problems)]
    check_golden(_golden(path, "records"), records, update_goldens)
    check_golden(_golden(path, "problems"), problems.to_json(), update_goldens)


@pytest.mark.parametrize("path", NOT_MINE, ids=lambda p: f"{p.parent.parent.name}/not_mine/{p.name}")
def test_parser_refuses_files_not_its_own(path: Path) -> None:
    parser = parsers.by_name(path.parent.parent.name)
    assert not parser.identify(Source.from_path(path)), f"{parser.name} claims {path.name}"


def test_every_parser_has_golden_inputs() -> None:
    with_inputs = {p.parent.name for p in INPUTS}
    missing = [p.name for p in parsers.REGISTRY if p.name not in with_inputs]
    assert not missing, f"parsers without golden inputs in tests/corpus/: {missing}"


def test_no_orphan_goldens() -> None:
    """A golden whose input was renamed or removed would otherwise pass silently forever."""
    goldens = sorted(CORPUS.glob("*/*.jsonl"))
    stems = {(p.parent, p.stem) for p in INPUTS}
    orphans = [g.name for g in goldens if (g.parent, g.name.rsplit(".", 2)[0]) not in stems]
    assert not orphans, f"goldens without an input: {orphans}"
