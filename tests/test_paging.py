"""Pages of template rows: LIMIT/OFFSET in the template's own order, totals apart, through the
Python API, the command line and the endpoint's reserved parameters."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.errors import ParameterError
from etl.paging import Page, counting, has_own_limit, paged, split_page
from etl.queries import RESERVED_PARAMS, count_template, load_templates, run_template
from test_serve import call, module_store, server  # noqa: F401  (the endpoint fixtures)

PAGED = ("evidence", "co_mentions", "reports", "posts_of_person", "reports_mentioning")


@pytest.mark.parametrize("name", PAGED)
def test_pages_put_together_are_the_whole_result(example_store, name):
    params = load_templates()[name].spec.example
    whole = run_template(example_store, name, params).rows
    assert count_template(example_store, name, params) == len(whole)
    pages = [run_template(example_store, name, params, limit=2, offset=o).rows for o in range(0, len(whole) + 2, 2)]
    assert [r for p in pages for r in p] == list(whole)
    assert run_template(example_store, name, params, limit=2, offset=0).rows == whole[:2]  # the same page again


def test_a_top_n_template_is_cut_after_it_runs(example_store):
    params = load_templates()["top_entities"].spec.example
    whole = run_template(example_store, "top_entities", params).rows
    assert run_template(example_store, "top_entities", params, limit=3, offset=1).rows == whole[1:4]
    assert count_template(example_store, "top_entities", params) == len(whole)


def test_paging_params_as_the_endpoint_passes_them(example_store):
    params = {**load_templates()["evidence"].spec.example, "limit": "1", "offset": "1"}
    assert len(run_template(example_store, "evidence", params).rows) == 1
    total = run_template(example_store, "evidence", {**params, "count": "true"})
    assert total.columns == ("total",) and int(total.rows[0][0].value) >= 2
    with pytest.raises(ParameterError, match="whole number"):
        run_template(example_store, "evidence", {**params, "limit": "-1"})
    assert {"limit", "offset", "count"} <= RESERVED_PARAMS


def test_the_query_text_of_a_page_and_a_total():
    text = "PREFIX x: <http://x/>\nSELECT ?a WHERE { ?a x:p ?b } ORDER BY ?a"
    assert paged(text, Page(10, 20)).endswith("LIMIT 10\nOFFSET 20\n")
    assert paged(text, Page()) == text
    assert paged(text + "\nLIMIT 5", Page(1)) is None and has_own_limit(text + " LIMIT 5")
    assert not has_own_limit("SELECT ?a WHERE { ?a ?p ?o FILTER(?o != 'LIMIT 3') }")
    assert counting(text).startswith("PREFIX x: <http://x/>\nSELECT (COUNT(*) AS ?total) WHERE {")
    assert split_page({"limit": "5", "body": "x"}) == (Page(5, 0, False), {"body": "x"})


def test_the_command_line_pages_and_counts(example_store):
    store = example_store.location
    base = ["query", "run", "reports", "--store", store, "--format", "json"]
    whole = json.loads(CliRunner().invoke(app, base).stdout)
    page = json.loads(CliRunner().invoke(app, [*base, "--limit", "1", "--offset", "1"]).stdout)
    assert page == whole[1:2]
    counted = CliRunner().invoke(app, ["query", "run", "reports", "--store", store, "--count"])
    assert counted.exit_code == 0 and int(counted.stdout) == len(whole)


def test_the_endpoint_pages_and_counts(server):
    import urllib.parse

    def rows(**extra):
        status, _, body = call(server, "/templates/reports?" + urllib.parse.urlencode({"format": "json", **extra}))
        assert status == 200, body
        return json.loads(body)["results"]["bindings"]

    whole = rows()
    assert rows(limit=1, offset=1) == whole[1:2]
    assert int(rows(count="true")[0]["total"]["value"]) == len(whole)
    status, _, body = call(server, "/templates/reports?limit=x")
    assert status == 400 and b"whole number" in body


def test_a_marked_sub_select_is_cut_to_the_page_with_its_parameters():
    import pyoxigraph as ox

    text = ("SELECT ?s ?o WHERE {\n  { SELECT ?s ?r WHERE { ?s <http://x/in> ?r } ORDER BY ?r\n"
            "    LIMIT 1000000000  # page: one row per ?r at least\n  }\n  ?r <http://x/p> ?o\n} ORDER BY ?r ?o")
    s = ox.NamedNode("http://x/s")
    page = paged(text, Page(10, 20), {"s": s, "unused": s})
    assert "LIMIT 30  # page" in page and page.endswith("LIMIT 10\nOFFSET 20\n")
    inner = page[page.index("{ SELECT"):page.index("# page")]
    assert "VALUES (?s) { (<http://x/s>) }" in inner and "?unused" not in page
    assert paged(text, Page(None, 5)).count("1000000000") == 1  # no limit: nothing to cut
    assert paged(text, Page()) == text


def test_pages_of_a_template_that_cuts_early_on_rdflib(example_graphs):
    from etl.store import MemoryStore

    store = MemoryStore()
    store.publish(example_graphs)
    most = store.query("SELECT ?s (COUNT(?r) AS ?n) WHERE { ?s <https://w3id.org/lianghui/ontology#mentionedIn> ?r } "
                       "GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1").rows[0][0]
    params = {"subject": most.value}
    whole = run_template(store, "evidence", params).rows
    assert len({r[2] for r in whole}) > 1  # rows of several reports
    for offset in range(len(whole) + 1):
        assert run_template(store, "evidence", params, limit=1, offset=offset).rows == whole[offset:offset + 1]


def test_every_evidence_is_in_a_report_its_subject_names(example_store):
    """evidence.rq pages by report: it finds the subject's reports by lh:mentionedIn (entities),
    lh:reportedIn (facts) or the subject itself (a report), so every evidence must sit there."""
    orphans = example_store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX lh: <https://w3id.org/lianghui/ontology#>
        SELECT ?s ?g WHERE { GRAPH ?g { ?s prov:wasDerivedFrom ?e }
                             FILTER NOT EXISTS { ?s lh:mentionedIn|lh:reportedIn ?g } FILTER(?s != ?g) }""")
    assert not orphans.rows


def test_a_sub_select_marked_bind_gets_the_bound_parameters_on_every_run():
    import pyoxigraph as ox

    from etl.paging import bind_inside

    text = ("SELECT ?e ?y ?n WHERE {\n  { SELECT ?e ?y (COUNT(*) AS ?n)  # bind: the entity's rows\n"
            "    WHERE { BIND(?e AS ?x) ?x <http://x/p> ?y } GROUP BY ?e ?y\n  }\n  ?y <http://x/q> ?z\n} ORDER BY ?y")
    e = ox.NamedNode("http://x/e")
    bound = bind_inside(text, {"e": e, "z_unused": e})
    inner = bound[bound.index("{ SELECT"):bound.index("GROUP BY")]
    assert "VALUES (?e) { (<http://x/e>) }" in inner and "?z_unused" not in bound
    assert bind_inside(text, {}) == text  # nothing bound: every entity's rows


def co_mention_rows_flat(store, entity):
    """co_mentions as one flat group (how it read before it counted pairs first)."""
    from etl.queries import get_template

    text = get_template("co_mentions").text
    prologue = text[:text.index("SELECT")]
    flat = prologue + """SELECT ?entity ?a ?a_label ?b ?b_label (COUNT(DISTINCT ?sentence) AS ?sentences) WHERE {
  BIND(?entity AS ?x) ?x rdfs:label ?x_label .
  GRAPH ?report { ?x prov:wasDerivedFrom ?ex . ?ex lh:start ?start . ?ey lh:start ?start . ?y prov:wasDerivedFrom ?ey . }
  FILTER(?x != ?y) FILTER(BOUND(?entity) || STR(?x) < STR(?y)) ?y rdfs:label ?y_label .
  BIND(STR(?x) < STR(?y) AS ?x_first) BIND(IF(?x_first, ?x, ?y) AS ?a) BIND(IF(?x_first, ?x_label, ?y_label) AS ?a_label)
  BIND(IF(?x_first, ?y, ?x) AS ?b) BIND(IF(?x_first, ?y_label, ?x_label) AS ?b_label)
  BIND(CONCAT(STR(?report), "#", STR(?start)) AS ?sentence)
} GROUP BY ?entity ?a ?a_label ?b ?b_label ORDER BY DESC(?sentences) ?a_label ?b_label ?a ?b"""
    return store.query(flat, bindings={"entity": entity} if entity is not None else None).rows


@pytest.mark.parametrize("given", [True, False])
def test_co_mentions_counted_per_pair_first_give_the_flat_rows(example_store, given):
    most = example_store.query(
        "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?s <https://w3id.org/lianghui/ontology#mentionedIn> ?r } "
        "GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1").rows[0][0]
    rows = run_template(example_store, "co_mentions", {"entity": most.value} if given else {}).rows
    assert rows and rows == co_mention_rows_flat(example_store, most if given else None)
    assert count_template(example_store, "co_mentions", {"entity": most.value} if given else {}) == len(rows)
