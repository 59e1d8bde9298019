"""Every fact in a built store has evidence, and every evidence node's offsets cut its quoted
sentence exactly out of the source file (the seeds in ../shared, skipped when absent, and the
bundled examples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.ingest import find_reports, read_report
from etl.pipeline import build
from etl.rdf import LH
from etl.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

FACT_CLASSES = (
    "http://www.w3.org/ns/org#Membership",
    LH + "LegalAction",
    LH + "Activity",
    LH + "Figure",
)
PREFIXES = f"""PREFIX lh: <{LH}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def corpora():
    yield pytest.param(EXAMPLES, id="examples")
    yield pytest.param(SEEDS, id="seeds",
                       marks=pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present"))


@pytest.fixture(scope="module", params=list(corpora()))
def built(request, tmp_path_factory):
    folder = request.param
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "store")
    report = build([folder], store, workers=1)
    assert report.failed == []
    return folder, store


def test_every_fact_node_has_evidence(built):
    _folder, store = built
    for cls in FACT_CLASSES:
        res = store.query(PREFIXES + f"""
            SELECT ?fact WHERE {{
              ?fact a <{cls}> .
              FILTER NOT EXISTS {{ ?fact prov:wasDerivedFrom ?ev . ?ev a lh:Evidence }}
            }}""")
        assert res.rows == (), f"{len(res.rows)} {cls} node(s) without evidence, e.g. {res.rows[0][0]}"
    counts = store.query(PREFIXES + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a lh:Activity }")
    assert int(counts.rows[0][0].value) > 0


def test_every_evidence_offset_cuts_its_quote_from_the_source(built):
    folder, store = built
    sources = {}
    for path in find_reports([folder]):
        doc = read_report(path)
        sources[doc.name] = doc.source
    res = store.query(PREFIXES + """
        SELECT ?ev ?id ?start ?end ?quote WHERE {
          ?ev a lh:Evidence ; lh:document ?report ; lh:start ?start ; lh:end ?end ; lh:quote ?quote .
          ?report dcterms:identifier ?id .
        }""")
    assert len(res.rows) > 100
    bad = []
    for ev, name, start, end, quote in res.rows:
        source = sources[name.value]
        a, b = int(start.value), int(end.value)
        if not (0 <= a <= b <= len(source)) or source[a:b] != quote.value:
            bad.append((ev.value, a, b, quote.value[:30]))
    assert bad == [], f"{len(bad)} evidence node(s) do not quote their source span, e.g. {bad[:3]}"
