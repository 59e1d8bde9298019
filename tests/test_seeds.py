"""The five development reports in ../shared build and extract cleanly (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from etl.annotation import Annotation
from etl.pipeline import build, extract_to_files
from etl.store import OxigraphStore

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")


def test_seeds_build_without_error(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    report = build([SEEDS], store, workers=2)
    assert report.failed == []
    assert report.built == 5
    assert len({g for g in store.graph_iris() if "/report/" in g}) == 5
    for kind in ("body", "person", "law", "place", "meeting", "activity", "project"):
        assert report.entities.get(kind, 0) > 0, kind


def test_seed_extraction_loads_as_gold_schema(tmp_path):
    written, errors = extract_to_files([SEEDS], tmp_path, "yaml")
    assert errors == [] and len(written) == 5
    for path in written:
        ann = Annotation.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        gold = Annotation.model_validate(yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8")))
        assert ann.document == gold.document
