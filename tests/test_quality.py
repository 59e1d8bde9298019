"""Extraction quality against gold: floors set just below what the rules reach, so that a
regression fails. The seeds and their gold are read from ../shared (skipped when absent); the
bundled examples are always scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

#: micro F1 floors per entity type, and metadata fields right (at least)
SEED_FLOORS = {"bodies": 0.98, "people": 0.99, "laws": 0.98, "projects": 0.95, "places": 0.975, "meetings": 0.98}
SEED_METADATA = 34
EXAMPLE_FLOORS = {"bodies": 0.93, "people": 0.98, "laws": 0.98, "projects": 0.98, "places": 0.98, "meetings": 0.98}
EXAMPLE_METADATA = 27


def _check(scores: dict, floors: dict, metadata: int) -> None:
    micro = scores["micro"]
    low = {t: micro[t]["f1"] for t, floor in floors.items() if micro[t]["f1"] < floor}
    assert not low, f"entity F1 below its floor: {low}"
    assert micro["metadata"]["correct"] >= metadata, micro["metadata"]


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared/gold is not present")
def test_seed_entities_meet_their_floors():
    _check(evaluate_corpus(SHARED / "corpus" / "seeds", SHARED / "gold"), SEED_FLOORS, SEED_METADATA)


def test_example_entities_meet_their_floors():
    _check(evaluate_corpus(ROOT / "examples" / "reports", ROOT / "examples" / "gold"), EXAMPLE_FLOORS,
           EXAMPLE_METADATA)
