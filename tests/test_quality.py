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
# places 0.93: three rules that fired on one seed sentence each were removed (issue 15)
SEED_FLOORS = {"bodies": 0.98, "people": 0.99, "laws": 0.98, "projects": 0.95, "places": 0.93, "meetings": 0.98}
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


#: seeds and the development excerpts together (17 documents): micro F1 floors per type and
#: for the facts, and metadata fields right — the issue-15 targets are 0.92 entities, 0.85 each
#: type, posts 0.90, law actions 0.85, activities 0.85, metadata 90 %
COMBINED_FLOORS = {"bodies": 0.96, "people": 0.96, "laws": 0.96, "projects": 0.89, "places": 0.89, "meetings": 0.97,
                   "entities": 0.945, "posts": 0.99, "law_actions": 0.96, "activities": 0.88}


@pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="../shared/gold/dev is not present")
def test_seeds_and_dev_together_meet_their_floors():
    parts = [evaluate_corpus(SHARED / "corpus" / "seeds", SHARED / "gold")["micro"],
             evaluate_corpus(SHARED / "corpus" / "dev", SHARED / "gold" / "dev")["micro"]]
    low = {}
    for row, floor in COMBINED_FLOORS.items():
        tp, fp, fn = (sum(m[row][k] for m in parts) for k in ("tp", "fp", "fn"))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 < floor:
            low[row] = round(f1, 3)
    assert not low, f"seeds + dev F1 below its floor: {low}"
    correct, fields = (sum(m["metadata"][k] for m in parts) for k in ("correct", "fields"))
    assert correct >= 0.98 * fields, (correct, fields)
