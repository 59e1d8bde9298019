"""The ontology declares every lh: term and concept that built data uses; shapes parse."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from etl import rdf
from etl.errors import SchemaError
from etl.lexicon import load_lexicon
from etl.pipeline import build
from etl.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ROOT / "schema" / "ontology.ttl", format="turtle")
    return g


def test_every_lh_term_and_concept_in_data_is_declared(ontology, tmp_path):
    store = OxigraphStore(tmp_path / "s")
    build([ROOT / "examples" / "reports"], store, workers=1)
    declared = {str(s) for s in ontology.subjects()}
    used = set()
    for q in store.quads():
        for term in (q.predicate, q.object):
            value = getattr(term, "value", "")
            if isinstance(term, type(q.predicate)) and (value.startswith(rdf.LH) or value.startswith(rdf.KIND)):
                used.add(value)
        if q.predicate.value == rdf.RDF + "type" and q.object.value.startswith(rdf.LH):
            used.add(q.object.value)
    missing = sorted(used - declared)
    assert not missing, missing


def test_concepts_have_chinese_and_english_labels(ontology):
    skos = rdflib.Namespace(rdf.SKOS)
    for c in ontology.subjects(rdflib.RDF.type, skos.Concept):
        langs = {lbl.language for lbl in ontology.objects(c, skos.prefLabel)}
        assert {"en", "zh"} <= langs, c


def test_shapes_parse():
    g = rdflib.Graph()
    g.parse(ROOT / "schema" / "shapes.ttl", format="turtle")
    assert len(g) > 20


def test_broken_lexicon_is_a_clear_schema_error(tmp_path):
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("version: 1\nbodies: [unclosed\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"lexicon.yaml: lexicon is not valid YAML at line \d"):
        load_lexicon(bad)
    bad.write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="lexicon section"):
        load_lexicon(bad)


def test_validate_names_focus_label_path_and_message(tmp_path):
    from typer.testing import CliRunner

    from etl.cli import app

    lh, g = rdf.LH, "https://w3id.org/lianghui/id/report/0000000000000000"
    body = "https://w3id.org/lianghui/id/body/0000000000000001"
    nq = (
        f'<{body}> <{rdf.RDF}type> <{rdf.ORG}Organization> <{g}> .\n'
        f'<{body}> <{rdf.RDFS}label> "某县人大常委会" <{g}> .\n'
        f'<https://w3id.org/lianghui/id/activity/1> <{rdf.RDF}type> <{lh}Activity> <{g}> .\n'
    )
    store = OxigraphStore(tmp_path / "s")
    store.publish({g: nq})  # published without validation, as a broken build would be
    result = CliRunner().invoke(app, ["validate", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    out = result.stdout
    assert "某县人大常委会" in out and "lh:bodyKind" in out and "a body has a kind" in out
    assert "lh:activityType" in out and "every fact has evidence" in out
