"""Every rule is accounted for: it has a rationale in schema/lexicon.yaml, and it fires somewhere.

The hits are counted as `bench/rule_hits.py` counts them (the rule id of every kept mention and
of every fact's evidence) over the bundled examples and, where ../shared is present, the seeds,
the development excerpts, the 2026 national reports and the bench corpus. A registered rule id
with no hit on any of them is dead or was written for a sentence that no longer exists; a rule
id emitted without a registered rationale cannot be explained to a user.
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from etl.lexicon import default_lexicon, rationale

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from compare_extraction import reports  # noqa: E402
from rule_hits import hits_of  # noqa: E402

ALL_CORPORA = ("examples", "seeds", "dev", "national-2026", "bench")


@pytest.fixture(scope="module")
def hits() -> Counter:
    if not (SHARED / "corpus" / "bench").is_dir():
        pytest.skip(f"{SHARED}/corpus/bench is absent: a rule's hits can only be judged on every corpus")
    paths = [str(p) for _, p in reports(None, SHARED)]
    total: Counter = Counter()
    with ProcessPoolExecutor(2) as pool:
        for counts in pool.map(hits_of, paths, chunksize=4):
            total.update(counts)
    return total


def _fired(rule: str, hits: Counter) -> bool:
    return any(h == rule or h.startswith(rule + ".") for h in hits)


def test_every_registered_rule_fires_somewhere(hits):
    dead = sorted(r for r in default_lexicon().rules if not _fired(r, hits))
    assert not dead, f"rules with no hit on {', '.join(ALL_CORPORA)}: {dead}"


def test_every_rule_that_fires_has_a_rationale(hits):
    lex = default_lexicon()
    unexplained = sorted(r for r in hits if not rationale(lex, r))
    assert not unexplained, f"rule ids without a rationale in schema/lexicon.yaml `rules:`: {unexplained}"
