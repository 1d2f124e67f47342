"""Precision and recall of the text rules on the labelled sets, held at the level reached.

`messages.yaml` was used while writing the rules (its scores are optimistic); `heldout_*.yaml`
was written afterwards and is never used to tune them, so its scores are the honest ones. The
floors below are what the shipped rules reached; a change to the rules that lowers any of them
fails here. Run `python tests/tagging_eval/evaluate.py --mistakes` to see each miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tagging_eval"))
import evaluate

# tag: (precision, recall) floors on the tuning set
TUNING_FLOORS = {
    "threat": (0.97, 0.97),
    "surveillance": (0.97, 0.97),
    "approach": (0.97, 0.97),
    "demand_to_meet": (0.97, 0.97),
    "third_party": (0.97, 0.95),
}
STOP_FLOORS = (0.97, 0.97)
# Held-out set (written after the rules, never used to tune them): the honest figures. The word
# rules generalise poorly to new wordings (threat recall 0.18): see the README and the closing note.
HELDOUT_FLOORS = {
    "threat": (1.0, 0.18),
    "surveillance": (1.0, 0.33),
    "approach": (0.76, 0.43),
    "demand_to_meet": (0.90, 0.78),
    "third_party": (1.0, 0.71),
}
HELDOUT_STOP_FLOORS = (0.83, 0.47)


@pytest.fixture(scope="module")
def tuning_scores():
    return evaluate.score_messages()[0]


@pytest.mark.parametrize("tag", list(TUNING_FLOORS))
def test_tuning_set_scores_do_not_fall(tag: str, tuning_scores) -> None:
    precision, recall = TUNING_FLOORS[tag]
    scored = tuning_scores[tag]
    assert scored["precision"] >= precision, f"{tag} precision {scored}"
    assert scored["recall"] >= recall, f"{tag} recall {scored}"


def test_stop_request_suggestions() -> None:
    scored = evaluate.score_stop_requests()[0]
    assert scored["precision"] >= STOP_FLOORS[0], scored
    assert scored["recall"] >= STOP_FLOORS[1], scored


@pytest.fixture(scope="module")
def heldout_scores():
    return evaluate.score_messages("heldout_messages.yaml")[0]


@pytest.mark.parametrize("tag", list(HELDOUT_FLOORS))
def test_heldout_scores_do_not_fall(tag: str, heldout_scores) -> None:
    precision, recall = HELDOUT_FLOORS[tag]
    scored = heldout_scores[tag]
    assert scored["precision"] >= precision, f"{tag} precision {scored}"
    assert scored["recall"] >= recall, f"{tag} recall {scored}"


def test_heldout_stop_request_suggestions() -> None:
    scored = evaluate.score_stop_requests("heldout_stop_requests.yaml")[0]
    assert scored["precision"] >= HELDOUT_STOP_FLOORS[0], scored
    assert scored["recall"] >= HELDOUT_STOP_FLOORS[1], scored
