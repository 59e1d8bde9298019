"""Query templates: header parsing, parameter binding, injection safety, output formats, CLI."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from etl import rdf
from etl.cli import app
from etl.errors import InputError, ParameterError, StoreError, TemplateError, UsageError
from etl.queries import (
    bind_params,
    format_result,
    load_templates,
    parse_template,
    resolve_entity,
    run_sparql,
    run_template,
)
from etl.store import MemoryStore, QueryResult

REQUIRED = {"bodies_by_kind", "people_of_body", "laws_by_body", "activity_counts", "evidence"}

# Parameters for each template on the hand-built sample graph (tests/conftest.py), with the
# number of rows expected.
SAMPLE_RUNS = {
    "activity_counts": ({"body": "临河区人大常委会", "year": 2023}, 4),
    "bodies_by_kind": ({"kind": "cppcc"}, 1),
    "co_mentions": ({"entity": "林晓雯"}, 3),
    "compare_bodies": ({"body_a": "青州市临河区人大常委会", "body_b": "区政协"}, 6),
    "compare_years": ({"year_a": "2022", "year_b": "2023"}, 8),
    "evidence": ({"subject": "大气污染防治法"}, 1),
    "label_search": ({"text": "条例", "kind": "law"}, 2),
    "laws_by_body": ({"body": "青州市临河区人大常委会", "action": "inspected"}, 3),
    "meetings_of_body": ({"body": "青州市临河区人大"}, 2),
    "neighbourhood": ({"entity": "陈立"}, 2),
    "people_of_body": ({"body": "青州市临河区人大常委会"}, 3),
    "places_in_place": ({"place": "江南省"}, 4),
    "posts_of_person": ({"person": "陈立"}, 2),
    "projects_in_place": ({"place": "临河区"}, 2),
    "reports": ({}, 3),
    "reports_mentioning": ({"entity": "柳岸村污水治理项目"}, 2),
    "top_entities": ({"kind": "person"}, 4),
    "why_merged": ({"entity": "陈立"}, 1),  # one surface form
}

HOSTILE = [
    '"',
    "'",
    '"} ; DROP ALL ; #',
    "'} ; DROP ALL ; #",
    "} ; DROP ALL ; #",
    '""" ; CLEAR ALL ; """',
    "\\",
    "\\u0022 } INSERT DATA { <a:b> <a:b> <a:b> }",
    "a\nb\r\nDROP ALL",
    "{ } ( ) < > ?x $y @en ^^xsd:string",
    "<http://evil/> . } DELETE WHERE { ?s ?p ?o } #",
    "临河\u200b\t区",
    "x" * 10_000,
]

ECHO = """#+ summary: echo a string parameter
#+ params:
#+   - name: text
#+     type: string
#+ returns: [text, n]
#+ example: {text: 临河}
SELECT ?text ?n WHERE { BIND(STRLEN(?text) AS ?n) }
"""


@pytest.fixture(scope="module")
def example_memory_store(example_graphs):
    store = MemoryStore()
    store.publish(example_graphs)
    return store


def table(result: QueryResult):
    return result.columns, result.rows


# --------------------------------------------------------------------------- the templates


def test_at_least_fifteen_templates_with_the_required_names():
    templates = load_templates()
    assert len(templates) >= 15
    assert REQUIRED <= set(templates)
    assert set(SAMPLE_RUNS) == set(templates), "add the new template to SAMPLE_RUNS"


def test_every_template_parses_into_a_spec():
    for name, t in load_templates().items():
        assert t.spec.summary and t.spec.returns, name
        assert t.header.startswith("#+"), name
        assert t.example_command().startswith(f"lianghui query run {name}")


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_template_on_sample_graph_returns_declared_columns(name, sample_store, sample_memory_store):
    params, expected = SAMPLE_RUNS[name]
    spec = load_templates()[name].spec
    result = run_template(sample_store, name, params)
    assert result.columns == spec.returns
    assert len(result.rows) == expected
    assert table(run_template(sample_memory_store, name, params)) == table(result)


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_template_runs_with_only_required_params(name, sample_store, sample_memory_store):
    t = load_templates()[name]
    params = {k: v for k, v in SAMPLE_RUNS[name][0].items() if t.spec.param(k).required}
    result = run_template(sample_store, name, params)
    assert result.columns == t.spec.returns and result.rows
    assert table(run_template(sample_memory_store, name, params)) == table(result)


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_template_example_returns_rows_on_built_examples(name, example_store, example_memory_store):
    """Each `example` is written for examples/reports built by the pipeline."""
    t = load_templates()[name]
    result = run_template(example_store, name, t.spec.example)
    assert result.columns == t.spec.returns
    assert result.rows, f"{name}: its example {t.spec.example} returns no rows on examples/reports"
    assert table(run_template(example_memory_store, name, t.spec.example)) == table(result)


# --------------------------------------------------------------------------- what the rows say


def plain_rows(result):
    from etl.queries import result_table

    columns, rows = result_table(result)
    return [dict(zip(columns, r)) for r in rows]


def test_activity_counts_per_type_and_year(sample_store):
    rows = plain_rows(run_template(sample_store, "activity_counts", {"body": "临河区人大常委会"}))
    got = {(r["type"], r["period"]): (r["activities"], r["total"]) for r in rows}
    assert got[("meeting_standing_committee", "2023")] == (1, 8)
    assert got[("meeting_standing_committee", "2022")] == (1, 7)
    assert got[("inspection", "2023")] == (1, 0)  # an activity without a count adds nothing
    assert {r["label"] for r in rows} == {"青州市临河区人大常委会"}


def test_compare_years_side_by_side(sample_store):
    rows = plain_rows(run_template(sample_store, "compare_years", {"year_a": 2022, "year_b": 2023, "body": "常委会"}))
    hearing = next(r for r in rows if r["type"] == "hearing_report")
    assert (hearing["total_a"], hearing["total_b"], hearing["year_a"], hearing["year_b"]) == (15, 18, 2022, 2023)


def test_posts_of_person_across_reports(sample_store):
    rows = plain_rows(run_template(sample_store, "posts_of_person", {"person": "陈立"}))
    assert [(r["post"], r["period"], r["body_label"]) for r in rows] == [
        ("副区长", "2022", "青州市临河区政府"),
        ("区长", "2023", "青州市临河区政府"),
    ]


def test_laws_by_body_filters_by_year_and_action(sample_store):
    rows = plain_rows(run_template(sample_store, "laws_by_body", {"body": "临河区人大常委会", "year": 2022}))
    assert {(r["title"], r["action_name"]) for r in rows} == {
        ("江南省湿地保护条例", "inspected"),
        ("关于加强柳岸古村保护的决定", "passed"),
    }
    rows = plain_rows(run_template(sample_store, "laws_by_body", {"body": "临河区人大常委会", "action": "revised"}))
    assert [r["title"] for r in rows] == ["江南省河道管理条例"]
    assert rows[0]["action"] == rdf.KIND + "action/revised" and rows[0]["quote"]


def test_places_and_projects_inside_a_place(sample_store):
    rows = plain_rows(run_template(sample_store, "places_in_place", {"place": "青州市临河区"}))
    assert {(r["label"], r["level"]) for r in rows} == {("青州市临河区白沙镇", "town"), ("青州市临河区白沙镇柳岸村", "community")}
    rows = plain_rows(run_template(sample_store, "projects_in_place", {"place": "江南省"}))
    assert {r["label"] for r in rows} == {"临河滨江绿道工程", "柳岸村污水治理项目", "青州东站综合枢纽"}


def test_posts_of_person_without_a_body_matches_no_label(tmp_path):
    """A post with no body leaves body and body_label empty: an OPTIONAL label on a ?body left
    unbound matched every label in the store (a million rows on 664 reports)."""
    from etl.store import OxigraphStore

    g, person, m = rdf.ID + "report/r1", rdf.ID + "person/p1", rdf.ID + "membership/m1"
    triples = [
        (person, rdf.RDF + "type", f"<{rdf.FOAF}Person>"),
        (person, rdf.RDFS + "label", '"林晓雯"'),
        (m, rdf.ORG + "member", f"<{person}>"),
        (m, rdf.LH + "postTitle", '"副主任"'),
        (rdf.ID + "body/b1", rdf.RDFS + "label", '"青州市临河区政府"'),
        (rdf.ID + "body/b2", rdf.RDFS + "label", '"青州市临河区人民法院"'),
    ]
    data = {g: "".join(f"<{s}> <{p}> {o} <{g}> .\n" for s, p, o in triples)}
    for store in (OxigraphStore(tmp_path / "store"), MemoryStore()):
        store.publish(data)
        rows = plain_rows(run_template(store, "posts_of_person", {"person": "林晓雯"}))
        assert [(r["post"], r["body"], r["body_label"], r["report"]) for r in rows] == [("副主任", None, None, g)]


def test_evidence_for_a_fact_by_iri(sample_store):
    membership = plain_rows(run_template(sample_store, "posts_of_person", {"person": "林晓雯"}))[0]["membership"]
    rows = plain_rows(run_template(sample_store, "evidence", {"subject": membership}))
    assert [r["quote"] for r in rows] == ["常委会开展《中华人民共和国大气污染防治法》贯彻实施情况执法检查，副主任林晓雯带队。"]
    assert rows[0]["start"] == 300 and rows[0]["end"] == 300 + len(rows[0]["quote"])


# --------------------------------------------------------------------------- header parsing


def write(tmp_path, text: str, name: str = "q.rq"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_parses_into_query_spec(tmp_path):
    t = parse_template(write(tmp_path, """# a comment before the header is fine
#+ summary: Laws a body acted on
#+ description: longer text
#+ params:
#+   - name: body        # label or alias
#+     type: entity
#+     kind: body
#+     description: the body
#+   - name: year
#+     type: integer
#+     required: false
#+     default: 2023
#+ returns: [body, year, law]
#+ example: {body: 长春市人大常委会}
SELECT ?body ?year ?law WHERE { ?law <http://x/p> ?body FILTER(COALESCE(?year > 0, true)) }
"""))
    assert t.name == "q"
    assert t.spec.summary == "Laws a body acted on"
    body, year = t.spec.params
    assert (body.name, body.type, body.kind, body.required) == ("body", "entity", "body", True)
    assert (year.type, year.required, year.default) == ("integer", False, 2023)
    assert t.spec.returns == ("body", "year", "law")
    assert t.spec.example == {"body": "长春市人大常委会"}
    assert t.example_command() == "lianghui query run q -p 'body=长春市人大常委会'"


BAD_HEADERS = [
    ("SELECT * WHERE { ?s ?p ?o }\n", 1, "no `#+` header"),
    ("#+ summary: x\n#+ returns: [a, b\n#+ example: {}\nSELECT ?a ?b WHERE {}\n", 3, "not valid YAML"),
    ("#+ summary: x\n#+ sumary: y\n#+ returns: [a]\nSELECT ?a WHERE {}\n", 2, "sumary"),
    ("#+ returns: [a]\nSELECT ?a WHERE {}\n", 1, "summary"),
    (
        "#+ summary: x\n#+ params:\n#+   - name: a\n#+     type: float\n#+ returns: [a]\n#+ example: {a: 1}\n"
        "SELECT ?a WHERE {}\n",
        4,
        "params.0.type",
    ),
    (
        "#+ summary: x\n#+ params:\n#+   - name: a\n#+   - name: b\n#+     kind: body\n#+ returns: [a, b]\n"
        "#+ example: {a: 1, b: 2}\nSELECT ?a ?b WHERE {}\n",
        4,
        "kind needs type entity",
    ),
    (
        "#+ summary: x\n#+ params:\n#+   - name: a\n#+ returns: [b]\n#+ example: {a: 1}\nSELECT ?b WHERE { ?a ?p ?b }\n",
        3,
        "must be in returns",
    ),
    (
        "#+ summary: x\n#+ params:\n#+   - name: a\n#+ returns: [a]\n#+ example: {a: 1}\nSELECT ?b WHERE { ?c ?p ?b }\n",
        3,
        "not used as ?a",
    ),
    ("#+ summary: x\n#+ returns: [a]\n#+ example: {z: 1}\nSELECT ?a WHERE {}\n", 3, "'z', which is not a parameter"),
    (
        "#+ summary: x\n#+ params:\n#+   - name: a\n#+ returns: [a]\n#+ example: {}\nSELECT ?a WHERE {}\n",
        5,
        "required parameter 'a'",
    ),
    ("#+ summary: x\n#+ returns: [a]\nSELECT ?a WHERE {}\n#+ example: {}\n", 4, "after the query started"),
    ("#+ summary: x\n#+ returns: [a]\n", 2, "no query"),
    ("#+ - just\n#+ - a list\nSELECT ?a WHERE {}\n", 1, "must be a mapping"),
    (
        "#+ summary: x\n#+ params:\n#+   - name: format\n#+ returns: [format]\n#+ example: {format: 1}\n"
        "SELECT ?format WHERE {}\n",
        3,
        "reserved",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BAD_HEADERS)
def test_bad_header_names_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(TemplateError) as e:
        parse_template(path)
    assert f"{path}:{line}:" in str(e.value)
    assert fragment in str(e.value)
    assert e.value.exit_code == 1


def test_load_templates_reports_the_broken_file(tmp_path, monkeypatch):
    write(tmp_path, ECHO, "echo.rq")
    write(tmp_path, "#+ summary: [unclosed\nSELECT * {}\n", "broken.rq")
    monkeypatch.setenv("LIANGHUI_QUERIES", str(tmp_path))
    with pytest.raises(TemplateError, match="broken.rq:1"):
        load_templates()
    (tmp_path / "broken.rq").unlink()
    assert set(load_templates()) == {"echo"}


def test_missing_queries_dir(tmp_path):
    with pytest.raises(TemplateError, match="LIANGHUI_QUERIES"):
        load_templates(tmp_path / "nowhere")


# --------------------------------------------------------------------------- binding


def test_entity_param_accepts_iri_label_alias_and_prefixed_name(sample_store):
    iri = rdf.entity_iri("body", "青州市临河区人大常委会")
    short = "body:" + iri.value.rsplit("/", 1)[1]
    for value in ("青州市临河区人大常委会", "区人大常委会", " 临河区人大常委会 ", iri.value, f"<{iri.value}>", short):
        assert resolve_entity(sample_store, value, "body") == iri, value
    law = rdf.entity_iri("law", "中华人民共和国大气污染防治法")
    assert resolve_entity(sample_store, "《中华人民共和国大气污染防治法》") == law


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"body": "没有这个机构"}, "no body entity is labelled '没有这个机构'"),
        ({"body": "陈立"}, "no body entity is labelled"),  # a person, not a body
        ({"body": "https://w3id.org/lianghui/id/body/0000"}, "no body entity"),
        ({}, "missing required parameter 'body'"),
        ({"body": "区政府", "colour": "red"}, "unknown parameter colour"),
        ({"body": "区政府", "year": "二〇二三"}, "must be an integer"),
        ({"body": "区政府", "year": "2023.5"}, "must be an integer"),
        ({"body": "区政府", "action": "not an iri!"}, "is not one of: amended"),
        ({"body": "区政府", "action": "http://x> } DROP ALL {<"}, "is not one of"),
    ],
)
def test_bad_parameters_are_usage_errors(sample_store, params, fragment):
    with pytest.raises(ParameterError) as e:
        run_template(sample_store, "laws_by_body", params)
    assert fragment in str(e.value)
    assert e.value.exit_code == 2


def test_ambiguous_label_lists_the_candidates():
    store = MemoryStore()
    store.publish({"http://g/1": (
        '<http://e/a> <http://www.w3.org/2004/02/skos/core#altLabel> "区法院" <http://g/1> .\n'
        '<http://e/b> <http://www.w3.org/2004/02/skos/core#altLabel> "区法院" <http://g/1> .\n'
        '<http://e/c> <http://www.w3.org/2000/01/rdf-schema#label> "区政府" <http://g/1> .\n'
        '<http://e/d> <http://www.w3.org/2004/02/skos/core#altLabel> "区政府" <http://g/1> .\n'
    )})
    with pytest.raises(ParameterError, match=r"names 2 entities \(http://e/a, http://e/b\)"):
        resolve_entity(store, "区法院")
    assert resolve_entity(store, "区政府") == ox.NamedNode("http://e/c")  # a label beats an alias


def test_types_and_defaults_become_rdf_terms(sample_store):
    spec = load_templates()["laws_by_body"].spec
    bound = bind_params(sample_store, spec, {"body": "区人大常委会", "year": " 2023", "action": "passed"})
    assert bound["year"] == ox.Literal("2023", datatype=ox.NamedNode(rdf.XSD + "integer"))
    assert bound["action"] == rdf.concept("action", "passed")
    assert bind_params(sample_store, spec, {"body": "区人大常委会", "year": ""}).keys() == {"body"}


def test_unknown_template_is_a_usage_error(sample_store):
    with pytest.raises(UsageError, match="query list"):
        run_template(sample_store, "no_such_template", {})


# --------------------------------------------------------------------------- injection


@pytest.fixture
def echo_templates(tmp_path):
    write(tmp_path, ECHO, "echo.rq")
    return load_templates(tmp_path)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:30])
def test_hostile_values_are_plain_literals(value, sample_store, sample_memory_store, echo_templates):
    for store in (sample_store, sample_memory_store):
        before = (len(store), store.graph_iris())
        result = run_template(store, "echo", {"text": value}, templates=echo_templates)
        assert result.rows == ((ox.Literal(value), ox.Literal(str(len(value)), datatype=ox.NamedNode(rdf.XSD + "integer"))),)
        assert run_template(store, "label_search", {"text": value}).rows == ()
        with pytest.raises(ParameterError):
            run_template(store, "people_of_body", {"body": value})
        assert (len(store), store.graph_iris()) == before


# --------------------------------------------------------------------------- run_sparql and output


def test_run_sparql_from_text_and_file(sample_store, tmp_path):
    q = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/lianghui/ontology#Report> }"
    assert run_sparql(sample_store, q).rows[0][0].value == "3"
    path = write(tmp_path, q, "count.sparql")
    assert run_sparql(sample_store, path).rows[0][0].value == "3"
    assert run_sparql(sample_store, str(load_templates()["reports"].path)).columns[0] == "report"
    with pytest.raises(InputError, match="no such query file"):
        run_sparql(sample_store, tmp_path / "missing.rq")


@pytest.mark.parametrize("store_fixture", ["sample_store", "sample_memory_store"])
def test_bad_sparql_is_a_store_error(store_fixture, request):
    store = request.getfixturevalue(store_fixture)
    with pytest.raises(StoreError):
        run_sparql(store, "SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(StoreError):
        run_sparql(store, "DROP ALL")


def sample_result() -> QueryResult:
    integer = ox.NamedNode(rdf.XSD + "integer")
    return QueryResult(
        columns=("body", "label", "n"),
        rows=(
            (ox.NamedNode(rdf.ID + "body/abc"), ox.Literal("青州市临河区人大常委会"), ox.Literal("8", datatype=integer)),
            (ox.NamedNode("http://example.org/x"), ox.Literal('a "quoted",\nvalue'), None),
        ),
    )


def test_format_csv_starts_with_a_header_row():
    out = io.StringIO()
    format_result(sample_result(), "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["body", "label", "n"],
        [rdf.ID + "body/abc", "青州市临河区人大常委会", "8"],
        ["http://example.org/x", 'a "quoted",\nvalue', ""],
    ]


def test_format_json_is_plain_objects():
    out = io.StringIO()
    format_result(sample_result(), "json", out)
    assert json.loads(out.getvalue()) == [
        {"body": rdf.ID + "body/abc", "label": "青州市临河区人大常委会", "n": 8},
        {"body": "http://example.org/x", "label": 'a "quoted",\nvalue', "n": None},
    ]


def test_format_table_aligns_chinese_text():
    out = io.StringIO()
    format_result(sample_result(), "table", out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["body", "label", "n"]
    assert "body:abc" in lines[2]  # IRIs compacted for reading
    start = [cell_len(line[: line.index(word)]) for line, word in zip(lines[2:], ("青州", "a \"quoted\""))]
    assert start[0] == start[1]  # the label column starts at the same display cell


def test_format_ask_construct_and_unknown():
    out = io.StringIO()
    format_result(QueryResult(boolean=True), "json", out)
    assert json.loads(out.getvalue()) == [{"boolean": "true"}]
    triple = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))
    out = io.StringIO()
    format_result(QueryResult(triples=(triple,)), "csv", out)
    assert out.getvalue().splitlines() == ["subject,predicate,object", "http://e/s,http://e/p,o"]
    with pytest.raises(UsageError):
        format_result(QueryResult(), "xml", io.StringIO())


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def cli():
    return CliRunner()


def test_cli_query_list_and_show(cli):
    done = cli.invoke(app, ["query", "list"])
    assert done.exit_code == 0
    assert all(name in done.stdout for name in REQUIRED)
    done = cli.invoke(app, ["query", "show", "laws_by_body"])
    assert done.exit_code == 0
    assert done.stdout.startswith("# ") and "#+ summary:" in done.stdout
    assert "SELECT" in done.stdout and "WHERE" in done.stdout, "show prints the SPARQL, not only the header"
    assert "lianghui query run laws_by_body -p 'body=湖州市南浔区人大常委会' -p year=2023" in done.stdout
    done = cli.invoke(app, ["query", "list", "--format", "json"])
    assert {t["name"] for t in json.loads(done.stdout)} >= REQUIRED


def test_cli_query_run_csv(cli, sample_store):
    done = cli.invoke(
        app,
        ["query", "run", "people_of_body", "-p", "body=区人大常委会", "--format", "csv", "--store", sample_store.location],
    )
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == list(load_templates()["people_of_body"].spec.returns)
    assert sorted(r[2] for r in rows[1:]) == ["周明远", "周明远", "林晓雯"]


def test_cli_query_run_errors(cli, sample_store):
    args = ["--store", sample_store.location]
    done = cli.invoke(app, ["query", "run", "people_of_body", "-p", "body=没有", *args])
    assert done.exit_code == 2 and "error[LH301]" in done.stderr and not done.stdout
    done = cli.invoke(app, ["query", "run", "people_of_body", "-p", "body", *args])
    assert done.exit_code == 2 and "KEY=VALUE" in done.stderr
    done = cli.invoke(app, ["query", "run", "nope", *args])
    assert done.exit_code == 2 and "query list" in done.stderr
    done = cli.invoke(app, ["query", "run", "reports", "--format", "xml", *args])
    assert done.exit_code == 2


def test_cli_sparql(cli, sample_store, tmp_path):
    q = "SELECT ?title WHERE { ?r <http://purl.org/dc/terms/title> ?title } ORDER BY ?title"
    done = cli.invoke(app, ["sparql", q, "--format", "json", "--store", sample_store.location])
    assert done.exit_code == 0, done.output
    assert len(json.loads(done.stdout)) == 3
    done = cli.invoke(app, ["sparql", "SELECT ?x WHERE {", "--store", sample_store.location])
    assert done.exit_code == 1 and "error[LH400]" in done.stderr


# --------------------------------------------------------------------------- as a person meets it


@pytest.mark.parametrize("value", ["inspected", "执法检查", "enforcement inspected", "Enforcement Inspected",
                                   "actionkind:inspected"])
def test_concept_parameter_takes_notation_chinese_or_english_label(value, example_store):
    rows = run_template(example_store, "laws_by_body", {"body": "湖州市南浔区人大常委会", "action": value}).rows
    assert rows and {r[1].value for r in rows} == {"https://w3id.org/lianghui/kind/action/inspected"}


def test_unknown_concept_lists_the_choices(example_store):
    with pytest.raises(ParameterError) as e:
        run_template(example_store, "laws_by_body", {"body": "湖州市南浔区人大常委会", "action": "foo"})
    message = str(e.value)
    assert "'foo' is not one of" in message and "enacted (制定)" in message and "inspected" in message


def test_table_hides_unset_optional_parameters_but_csv_keeps_every_column(cli, example_store):
    args = ["query", "run", "laws_by_body", "-p", "body=湖州市南浔区人大常委会", "--store", example_store.location]
    table = cli.invoke(app, args)
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[0].split()
    assert "year" not in header and "action" in header and "period" in header  # action is bound per row
    csv_out = cli.invoke(app, [*args, "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].split(",")[:3] == ["body", "action", "year"]
    given = cli.invoke(app, [*args, "-p", "year=2023"])
    assert "year" in given.stdout.splitlines()[0].split()


def test_table_cells_join_hard_wraps_inside_chinese_words():
    from etl.queries import one_line

    assert one_line("审议通过《湖州市\n  南浔区条例》") == "审议通过《湖州市南浔区条例》"
    assert one_line("report of\n  the year 2023") == "report of the year 2023"
    assert one_line("第十二次\r\n会议 2023\n年") == "第十二次会议 2023年"
    assert one_line("办理1\n2000余件") == "办理12000余件"  # a wrap inside a number
    assert one_line("in 2023\nand 2024") == "in 2023 and 2024"
