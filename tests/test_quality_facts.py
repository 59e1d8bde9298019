"""Fact quality against gold (posts, law actions, activities): floors set just below what the
rules reach, so that a regression fails. The seeds and their gold are read from ../shared
(skipped when absent); the bundled examples are always scored. Activities match on type, body,
count and unit; their period and topic agreement is checked separately."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

#: micro F1 floors per fact kind
SEED_FLOORS = {"activities": 0.87, "posts": 0.93, "law_actions": 0.94}
EXAMPLE_FLOORS = {"activities": 0.92, "posts": 0.95, "law_actions": 0.95}
#: among matched activities, the share whose period agrees with gold (at least)
PERIOD_AGREES = 0.95


def _check(scores: dict, floors: dict) -> None:
    micro = scores["micro"]
    low = {t: micro[t]["f1"] for t, floor in floors.items() if micro[t]["f1"] < floor}
    assert not low, f"fact F1 below its floor: {low}"
    assert micro["activities"]["period_agree"] >= PERIOD_AGREES, micro["activities"]


@pytest.fixture(scope="module")
def seed_scores():
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared/gold is not present")
    return evaluate_corpus(SHARED / "corpus" / "seeds", SHARED / "gold")


@pytest.fixture(scope="module")
def example_scores():
    return evaluate_corpus(ROOT / "examples" / "reports", ROOT / "examples" / "gold")


def test_seed_facts_meet_their_floors(seed_scores):
    _check(seed_scores, SEED_FLOORS)


def test_example_facts_meet_their_floors(example_scores):
    _check(example_scores, EXAMPLE_FLOORS)


def test_every_seed_report_yields_activities(seed_scores):
    """No report is left without activities (a lost issuing body or plan section would do it)."""
    for stem, scores in seed_scores["per_report"].items():
        assert scores["activities"]["recall"] >= 0.6, (stem, scores["activities"])
