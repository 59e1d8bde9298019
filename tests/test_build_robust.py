"""A real folder of reports always gives a graph: identity keeps labels, validation judges one
graph at a time the same way at build time and in `lianghui validate`, a bad report is left
out and named, and the store survives two builds at once, a foreign folder, a killed build, a
damaged generation and a damaged cache."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from etl import identity, pipeline, rdf
from etl.cli import app
from etl.errors import StoreError
from etl.lexicon import SCHEMA_DIR, load_lexicon
from etl.store import MARKER, OxigraphStore
from etl.validate import store_graphs, validate_graphs

from conftest import example_corpus, sorted_nquads

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
BENCH = ROOT.parent / "shared" / "corpus" / "bench"
TYPE, LABEL = ox.NamedNode(rdf.RDF + "type"), ox.NamedNode(rdf.RDFS + "label")
ENTITY = tuple(f"{rdf.ID}{k}/" for k in ("body", "person", "law", "project", "place", "meeting"))

needs_bench = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/corpus/bench is absent")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def described_without_label_or_type(store: OxigraphStore) -> list[tuple[str, str]]:
    """(graph, entity) for every entity a report graph describes without its label or type."""
    bad = []
    for graph in sorted(store.graph_iris() - {identity.RESOLUTION_GRAPH}):
        quads = list(store.quads(graph))
        subjects = {q.subject.value for q in quads if q.subject.value.startswith(ENTITY)}
        has = {(q.subject.value, q.predicate) for q in quads}
        bad += [(graph, s) for s in sorted(subjects) if (s, LABEL) not in has or (s, TYPE) not in has]
    return bad


# --------------------------------------------------------------------------- 1. identity keeps labels


@needs_bench
def test_qinghai_and_xizang_build_with_validation_and_keep_every_label(tmp_path):
    files = [BENCH / "provincial-2026" / "qinghai.txt", BENCH / "provincial-2026" / "xizang.txt"]
    store = OxigraphStore(tmp_path / "store")
    report = pipeline.build(files, store, workers=1)
    assert report.failed == [] and report.reports == 2
    law = rdf.entity_iri("law", "中华人民共和国青藏高原生态保护法").value
    holding = [g for g in store.graph_iris() if any(True for _ in store.db().quads_for_pattern(
        ox.NamedNode(law), None, None, ox.NamedNode(g)))]
    assert len(holding) == 2  # the merged law is in both report graphs …
    for g in holding:  # … and each holds its label and type
        labels = {q.object.value for q in store.db().quads_for_pattern(ox.NamedNode(law), LABEL, None, ox.NamedNode(g))}
        assert labels == {"中华人民共和国青藏高原生态保护法"}
    assert described_without_label_or_type(store) == []
    db, graphs = store_graphs(store)
    assert validate_graphs(db, graphs) == {}


@needs_bench
@pytest.mark.slow
def test_the_whole_bench_corpus_builds_with_validation_and_no_failure(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    report = pipeline.build([BENCH], store, workers=2)
    assert report.failed == [], report.failed[:5]
    assert report.reports == pipeline.store_stats(store)["reports"] >= 80
    assert described_without_label_or_type(store) == []


# --------------------------------------------------------------------------- 2. one verdict


def _break_one_report(monkeypatch, name: str) -> None:
    """The graph of report ``name`` loses every law's and body's rdfs:label (on terms)."""
    real = identity.emit

    def emit(ex):
        text = real(ex)
        if Path(ex.path).name != name:
            return text
        quads = [q for q in ox.parse(text.encode(), ox.RdfFormat.N_QUADS)
                 if not (q.predicate == LABEL and q.subject.value.startswith((rdf.ID + "law/", rdf.ID + "body/")))]
        return rdf.quads_to_nquads(quads)

    monkeypatch.setattr(identity, "emit", emit)
    monkeypatch.setattr(pipeline, "rule_version", lambda lex: "broken-" + name)  # its own cache


def _verdict(found: dict) -> set[tuple[str, str, str | None, str]]:
    return {(g, v.focus, v.path, v.message) for g, vs in found.items() for v in vs}


def test_build_and_validate_judge_the_same_graph_alike(tmp_path, monkeypatch):
    runner = CliRunner()
    corpus = example_corpus(tmp_path)
    location = str(tmp_path / "store")
    assert runner.invoke(app, ["build", str(corpus), "--store", location, "--no-validate", "--workers", "1"]).exit_code == 0
    ok = runner.invoke(app, ["validate", "--store", location])
    assert ok.exit_code == 0, ok.output

    _break_one_report(monkeypatch, "renda_2023.txt")
    built = runner.invoke(app, ["build", str(corpus), "--store", location, "--no-validate", "--workers", "1"])
    assert built.exit_code == 0
    store = OxigraphStore(location)
    db, graphs = store_graphs(store)
    by_validate = _verdict(validate_graphs(db, graphs))
    listed = runner.invoke(app, ["validate", "--store", location])
    assert listed.exit_code == 1 and by_validate and len(listed.stdout.splitlines()) == len(by_validate)
    broken = rdf.report_iri(pipeline._file_sha(corpus / "renda_2023.txt")).value
    assert {g for g, *_ in by_validate} == {broken}

    # the same store, now built with validation: the same graph refused for the same reasons
    report = pipeline.build([corpus], store, workers=1)
    assert len(report.failed) >= 1 and all("renda_2023.txt" in line for line in report.failed)
    rows = Path(report.violations_file).read_text(encoding="utf-8").splitlines()[1:]
    by_build = {(g, focus, path or None, message) for _f, g, focus, _label, path, message in
                (row.split("\t") for row in rows)}
    assert by_build == by_validate
    assert broken not in store.graph_iris() and pipeline.store_stats(store)["reports"] == report.reports == 2
    assert runner.invoke(app, ["validate", "--store", location]).exit_code == 0  # what is published is valid


# --------------------------------------------------------------------------- 3. one report never blocks the others


def test_a_bad_report_is_left_out_and_named_and_the_others_published(tmp_path, monkeypatch):
    corpus = example_corpus(tmp_path)
    _break_one_report(monkeypatch, "renda_2023.txt")
    real = pipeline.extract_report

    def failing(path, lex=None):
        if Path(path).name == "zhengxie_2023.txt":
            raise RuntimeError("a rule crashed")
        return real(path, lex)

    monkeypatch.setattr(pipeline, "extract_report", failing)
    location = str(tmp_path / "store")
    result = CliRunner().invoke(app, ["build", str(corpus), "--store", location, "--workers", "1"])
    assert result.exit_code == 1
    err = result.stderr
    left_out = [line for line in err.splitlines() if "renda_2023.txt" in line and "violates the shapes" in line]
    assert left_out and all("an entity has a label" in line and "rdfs:label" in line for line in left_out)
    law_or_body = [line for line in left_out if "<" + rdf.ID in line]
    assert law_or_body  # the focus node is named
    assert any("zhengxie_2023.txt" in line and "a rule crashed" in line for line in err.splitlines())
    violations = Path(location) / "cache" / pipeline.VIOLATIONS
    assert str(violations) in err and "renda_2023.txt" in violations.read_text(encoding="utf-8")
    # the advice works as written: the file lists each violation with file, focus, label, path, message
    header = violations.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == ["file", "graph", "focus", "label", "path", "message"]
    stats = pipeline.store_stats(OxigraphStore(location))
    assert stats["reports"] == 1  # fayuan_2023 is published
    assert "1 reports" in err.splitlines()[-1]


def test_build_exits_1_through_the_real_cli_when_a_report_cannot_be_read(tmp_path):
    corpus = example_corpus(tmp_path)
    (corpus / "broken.txt").write_bytes(b"")  # an empty report: its extraction fails
    done = cli("build", str(corpus), "--store", str(tmp_path / "store"), "--workers", "2")
    assert done.returncode == 1 and "broken.txt" in done.stderr
    assert "3 reports" in done.stderr.splitlines()[-1]
    assert pipeline.store_stats(OxigraphStore(tmp_path / "store"))["reports"] == 3


# --------------------------------------------------------------------------- 5. two builds at once


def test_a_second_build_waits_for_the_first(tmp_path):
    location = tmp_path / "store"
    assert cli("build", str(EXAMPLES), "--store", str(location), "--no-validate").returncode == 0
    store = OxigraphStore(location)
    with store.build_lock():  # this process is building: the next one must wait
        proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "build", str(EXAMPLES), "--store", str(location),
                                 "--no-validate"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert proc.poll() is None  # still waiting
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "another build is writing to" in err and "waiting" in err


def test_two_builds_at_once_both_finish_and_leave_one_whole_graph(tmp_path):
    location = tmp_path / "store"
    corpus = example_corpus(tmp_path)
    cmd = [sys.executable, "-m", "etl.cli", "build", str(corpus), "--store", str(location), "--workers", "2"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in results]
    fresh = OxigraphStore(tmp_path / "fresh")
    pipeline.build([corpus], fresh, workers=1)
    assert sorted_nquads(OxigraphStore(location)) == sorted_nquads(fresh)


# --------------------------------------------------------------------------- 6. a folder that is not a store


def test_a_folder_that_is_not_a_store_is_refused_and_nothing_is_deleted(tmp_path):
    folder = tmp_path / "mine"
    (folder / "gen-000001").mkdir(parents=True)
    (folder / "gen-000001" / "thesis.tex").write_text("mine", encoding="utf-8")
    (folder / "gen-notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    done = cli("build", str(EXAMPLES), "--store", str(folder))
    assert done.returncode == 1 and "not a lianghui store" in done.stderr
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_a_store_deletes_only_what_builds_made(tmp_path):
    corpus = example_corpus(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    pipeline.build([corpus], store, workers=1, validate=False)
    assert (store.root / MARKER).is_file()
    keep = [store.root / "gen-notes.txt", store.root / "gen-old-backup"]
    keep[0].write_text("mine", encoding="utf-8")
    keep[1].mkdir()
    for i in range(3):  # generations come and go
        (corpus / "fayuan_2023.txt").write_text((corpus / "fayuan_2023.txt").read_text(encoding="utf-8") + f"\n第{i}稿\n",
                                               encoding="utf-8")
        assert pipeline.build([corpus], store, workers=1, validate=False).failed == []
    assert all(p.exists() for p in keep)
    gens = sorted(p.name for p in store.root.iterdir() if p.is_dir() and p.name.startswith("gen-0"))
    assert len(gens) <= 2


def test_an_empty_or_new_folder_becomes_a_store(tmp_path):
    (tmp_path / "empty").mkdir()
    for name in ("empty", "new"):
        report = pipeline.build([EXAMPLES], OxigraphStore(tmp_path / name), workers=1, validate=False)
        assert report.failed == [] and (tmp_path / name / MARKER).is_file()


# --------------------------------------------------------------------------- 7. workers die with their build


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_build(tmp_path, sig):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):  # enough work to be killed in the middle of it
        for f in sorted(EXAMPLES.glob("*.txt")):
            (corpus / f"{f.stem}_{i:02d}.txt").write_text(f.read_text(encoding="utf-8") + f"\n（第{i}份）\n",
                                                         encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "build", str(corpus), "--store", str(tmp_path / "s"),
                             "--workers", "2", "--no-validate"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = [c for c in _children(proc.pid) if _alive(c)]
            time.sleep(0.05)
        assert len(workers) >= 2, "the build never started its workers"
        time.sleep(0.5)  # they are working now
        os.kill(proc.pid, sig)
        proc.wait(30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "a worker outlived its build"
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _children(proc.pid):
            os.kill(pid, signal.SIGKILL)


# --------------------------------------------------------------------------- 8. a damaged generation


def test_a_missing_table_file_fails_clearly_and_the_next_build_repairs(tmp_path):
    location = tmp_path / "store"
    assert cli("build", str(EXAMPLES), "--store", str(location), "--no-validate").returncode == 0
    store = OxigraphStore(location)
    tables = sorted((location / store.current_generation()).glob("*.sst"))
    assert tables
    tables[0].unlink()
    t = time.monotonic()
    done = cli("stats", "--store", str(location))
    assert done.returncode == 1 and "damaged" in done.stderr and tables[0].name in done.stderr
    assert time.monotonic() - t < 60
    with pytest.raises(StoreError, match="damaged"):
        OxigraphStore(location).counts()
    again = cli("build", str(EXAMPLES), "--store", str(location), "--no-validate")
    assert again.returncode == 0, again.stderr
    assert pipeline.store_stats(OxigraphStore(location))["reports"] == 3


# --------------------------------------------------------------------------- 9. a damaged cache


def test_a_cache_entry_deleted_for_a_report_outside_the_input(tmp_path):
    corpus = example_corpus(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    extra = other / "renda_copy.txt"
    extra.write_text((corpus / "renda_2023.txt").read_text(encoding="utf-8") + "\n（另一稿）\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    pipeline.build([corpus], store, workers=1, validate=False)
    pipeline.build([extra], store, workers=1, validate=False)
    sha = pipeline._file_sha(extra)
    for p in store.cache_dir.glob(f"{sha[:32]}-*.nq"):
        p.unlink()

    again = pipeline.build([corpus], store, workers=1, validate=False)  # the file is there: built again
    assert again.failed == [] and any("cache entry was missing: built again" in n for n in again.notes)
    assert again.reports == 4 == pipeline.store_stats(store)["reports"]

    for p in store.cache_dir.glob(f"{sha[:32]}-*.nq"):
        p.unlink()
    extra.unlink()
    dropped = pipeline.build([corpus], store, workers=1, validate=False)  # the file is gone: dropped
    assert dropped.failed == [] and any("the file is gone" in n for n in dropped.notes)
    assert dropped.reports == 3 == pipeline.store_stats(store)["reports"]
    assert pipeline.build([corpus], store, workers=1, validate=False).notes == []  # and said once


# --------------------------------------------------------------------------- 10. the cache key


def test_the_extraction_modules_are_found_by_their_imports():
    found = {p.relative_to(ROOT / "etl").as_posix() for p in pipeline.extraction_modules()}
    for package in ("recognize", "resolve", "relate"):
        assert {p.relative_to(ROOT / "etl").as_posix() for p in (ROOT / "etl" / package).glob("*.py")} <= found
    assert {"lexicon.py", "gazetteer.py", "clean.py", "segment.py", "rdf.py", "identity.py", "ingest.py"} <= found
    assert not {"store.py", "validate.py", "cli.py", "queries.py"} & found


def test_touching_the_lexicon_or_a_recognize_module_invalidates_the_cache(tmp_path):
    base = pipeline.rule_version(load_lexicon(SCHEMA_DIR / "lexicon.yaml"))
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text((SCHEMA_DIR / "lexicon.yaml").read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    assert pipeline.rule_version(load_lexicon(lexicon)) != base

    copy = tmp_path / "src"  # the package copied, one recognize module touched
    shutil.copytree(ROOT / "etl", copy / "etl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schema", copy / "schema")
    code = "from etl import pipeline; from etl.lexicon import default_lexicon; print(pipeline.rule_version(default_lexicon()))"

    def version() -> str:
        env = {**os.environ, "PYTHONPATH": str(copy)}
        done = subprocess.run([sys.executable, "-c", code], cwd=copy, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    before = version()
    module = sorted((copy / "etl" / "recognize").glob("*.py"))[-1]
    module.write_text(module.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    assert version() != before


# --------------------------------------------------------------------------- 11. duplicates


def test_two_identical_files_are_one_report_in_the_summary_and_in_stats(tmp_path):
    corpus = example_corpus(tmp_path)
    shutil.copy(corpus / "renda_2023.txt", corpus / "renda_2023_copy.txt")
    store = OxigraphStore(tmp_path / "store")
    report = pipeline.build([corpus], store, workers=1, validate=False)
    assert report.reports == 3 == pipeline.store_stats(store)["reports"] and report.built == 3
    assert any("renda_2023_copy.txt" in n and "duplicate of" in n and "renda_2023.txt" in n for n in report.notes)
    again = pipeline.build([corpus], store, workers=1, validate=False)
    assert again.reports == 3 and again.built == 0
    (corpus / "renda_2023.txt").unlink()  # the copy is the report now, and no report was removed
    after = pipeline.build([corpus], store, workers=1, validate=False)
    assert (after.reports, after.removed, after.notes, after.built) == (3, 0, [], 0)
    assert pipeline.store_stats(store)["reports"] == 3


# --------------------------------------------------------------------------- 13. one publisher interface


def test_every_store_publishes_through_one_interface(tmp_path, monkeypatch):
    """The memory store takes the same build: validation per graph, a bad report left out."""
    import inspect

    from etl.store import MemoryStore

    assert "Oxigraph" not in inspect.getsource(pipeline)  # the build never asks which store it has
    monkeypatch.chdir(tmp_path)  # its cache goes under graphs/cache here
    corpus = example_corpus(tmp_path)
    _break_one_report(monkeypatch, "renda_2023.txt")
    mem = MemoryStore()
    report = pipeline.build([corpus], mem, workers=1)
    assert report.failed and all("renda_2023.txt" in line for line in report.failed)
    assert pipeline.store_stats(mem)["reports"] == report.reports == 2
    db, graphs = store_graphs(mem)
    assert validate_graphs(db, graphs) == {}
