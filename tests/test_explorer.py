"""The explorer in `lianghui serve`: pages over HTTP, and in headless Chromium (search, an
entity page with its graph and highlighted evidence, a report's text, a template form with its
table and chart). Labels written to attack the page (a <script> in a name) show as text.

The server is a `lianghui serve` process on a free 127.0.0.1 port, started by a fixture and
stopped by its PID. Browser tests skip without Debian's ``chromium``. Screenshots go to a
temporary folder, or to ``$LIANGHUI_SCREENSHOTS`` (``LIANGHUI_SCREENSHOTS=docs pytest
tests/test_explorer.py`` refreshes the README's images).
"""

from __future__ import annotations

import importlib.util
import os
import urllib.parse
from pathlib import Path

import pytest

from etl import identity
from etl.models import Body, Evidence, Law, Metadata, ReportExtraction
from etl.pipeline import build
from etl.serve.explorer_chart import bar_chart, year_counts
from etl.serve.explorer_data import marked, text_pieces
from etl.store import OxigraphStore

from test_export_browser import CHROMIUM, Chromium
from test_serve import OPENER, Endpoint

ROOT = Path(__file__).resolve().parent.parent
EVIL = "<script>window.pwned=1</script>恶意机构"
EVIL_LAW = '<img src=x onerror="window.pwned=2">恶意条例'


def _evil_report() -> ReportExtraction:
    quote = f"{EVIL}制定《{EVIL_LAW}》。"
    ev = Evidence(start=10, end=10 + len(quote), quote=quote, rule="fixture")
    return ReportExtraction(
        document="evil", sha256="e1" * 32, path="evil.txt",
        metadata=Metadata(title="<b>报告</b>", period="2023"),
        bodies=(Body(name=EVIL, kind="other", aliases=("<i>恶意</i>",), evidence=(ev,)),),
        laws=(Law(name=EVIL_LAW, kind="regulation", evidence=(ev,)),),
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """examples/reports built (with the build manifest that names their files)."""
    store = OxigraphStore(tmp_path_factory.mktemp("explorer") / "store")
    build([ROOT / "examples" / "reports"], store, workers=1)
    endpoint = Endpoint(store.location, tmp_path_factory.mktemp("log") / "serve.log", "--quiet", "--workers", "2")
    endpoint.store = store.location
    yield endpoint
    endpoint.stop()


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """One report graph whose names and quotes are markup, published without a build (so no
    manifest names its source file)."""
    store = OxigraphStore(tmp_path_factory.mktemp("evil") / "store")
    report = _evil_report()
    store.publish({f"https://w3id.org/lianghui/id/report/{report.sha256[:16]}": identity.emit(report)})
    endpoint = Endpoint(store.location, tmp_path_factory.mktemp("log") / "serve.log", "--quiet", "--workers", "1")
    yield endpoint
    endpoint.stop()


def get(srv, path: str) -> tuple[int, str, dict]:
    import urllib.error

    try:
        with OPENER.open(srv.url + path, timeout=60) as resp:
            return resp.status, resp.read().decode("utf-8"), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8"), dict(e.headers)


# --------------------------------------------------------------------------- over HTTP


def test_pages_render_and_forbid_inline_script(server):
    for path in ("/explore", "/explore/templates", "/explore/templates/compare_years", "/explore/search?q=人大"):
        status, body, headers = get(server, urllib.parse.quote(path, safe="/?=&"))
        assert status == 200, (path, body[:300])
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "<script>" not in body  # scripts come from /explore/assets only


def test_a_browser_opening_the_root_is_sent_to_the_explorer(server):
    import urllib.request

    req = urllib.request.Request(server.url + "/", headers={"Accept": "text/html"})
    with OPENER.open(req, timeout=30) as resp:
        assert resp.url.endswith("/explore")


def test_markup_in_names_and_quotes_is_escaped(evil):
    status, body, _ = get(evil, "/explore/search?q=" + urllib.parse.quote("恶意"))
    assert status == 200
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;恶意机构" in body
    assert "<script>window" not in body and "<img" not in body
    link = body.split('href="/explore/entity?iri=', 1)[1].split('"', 1)[0]
    status, page, _ = get(evil, "/explore/entity?iri=" + link.replace("&amp;", "&"))
    assert status == 200
    assert "<script>window" not in page and "<img src=x" not in page and "<i>恶意" not in page
    assert "&lt;script&gt;" in page


def test_a_report_without_its_source_file_lists_its_evidence_sentences(evil):
    status, body, _ = get(evil, "/explore/report/" + "e1" * 8 + "?start=10&end=20")
    assert status == 200 and 'class="sentences"' in body and 'class="ev focus"' in body
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in body and "<script>window" not in body


def test_a_report_page_shows_the_source_file_the_build_read(server):
    status, body, _ = get(server, "/explore")
    keys = {part.split('"', 1)[0] for part in body.split('href="/explore/report/')[1:]}
    assert keys
    for key in sorted(keys):
        status, page, _ = get(server, "/explore/report/" + key)
        assert status == 200 and 'id="text" class="text"' in page


def test_bad_entity_and_report_get_an_error_page(server):
    assert get(server, "/explore/entity?iri=http://example.org/x")[0] == 400
    assert get(server, "/explore/entity?iri=https://w3id.org/lianghui/id/body/0000000000000000")[0] == 404
    assert get(server, "/explore/report/zzz")[0] == 404
    status, body, _ = get(server, "/explore/templates/compare_years?run=1&year_a=abc&year_b=2023")
    assert status == 400 and 'id="error"' in body and 'id="template-form"' in body  # the form again


def test_template_page_runs_shows_sparql_chart_and_downloads(server):
    status, body, _ = get(server, "/explore/templates/compare_years?run=1&year_a=2022&year_b=2023")
    assert status == 200
    assert 'id="rows"' in body and "<svg" in body and "SELECT" in body
    assert "/templates/compare_years?year_a=2022&amp;year_b=2023&amp;format=csv" in body
    status, csv_text, headers = get(server, "/templates/compare_years?year_a=2022&year_b=2023&format=csv")
    assert status == 200 and csv_text.startswith("body,")


def test_an_entity_page_links_the_templates_it_can_run(server):
    status, body, _ = get(server, "/explore/search?q=" + urllib.parse.quote("南浔区人大常委会") + "&kind=body")
    link = body.split('href="/explore/entity?iri=', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    status, page, _ = get(server, "/explore/entity?iri=" + link)
    assert status == 200 and 'id="chart"' in page and "<svg" in page  # its activities by year
    url = page.split('href="/explore/templates/activity_counts?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    status, counts, _ = get(server, "/explore/templates/activity_counts?" + url)
    assert status == 200 and 'id="rows"' in counts and "<svg" in counts  # counts by year, charted


def test_pages_say_when_the_row_limit_cut_a_result(server, tmp_path):
    small = Endpoint(server.store, tmp_path / "serve.log", "--quiet", "--workers", "1", "--max-rows", "3")
    try:
        status, body, _ = get(small, "/explore/templates/top_entities?run=1")
        assert status == 200 and "3 rows (the first ones" in body
    finally:
        small.stop()


def test_concept_parameters_are_a_choice(server):
    status, body, _ = get(server, "/explore/templates/bodies_by_kind")
    assert status == 200 and "<select" in body and "standing_committee" in body


# --------------------------------------------------------------------------- pieces


def test_marked_cuts_the_names_out_of_a_sentence():
    assert marked("甲乙区人大常委会开会", ["区人大常委会", "人大"]) == [("甲乙", False), ("区人大常委会", True), ("开会", False)]
    assert marked("abc", []) == [("abc", False)]


def test_text_pieces_mark_evidence_and_the_focus_once():
    pieces = text_pieces("一二三四五六七八", [(2, 4, "x"), (3, 6, "y")], (3, 6))
    assert "".join(p.text for p in pieces) == "一二三四五六七八"
    assert [p.cls for p in pieces] == ["", "ev", "ev focus", "ev focus", ""]
    assert sum(p.anchor for p in pieces) == 1


def test_readable_text_maps_source_offsets_past_what_clean_up_left_out():
    from etl.serve.explorer_data import ReadableText, readable_pieces

    source = "甲乙\n丙丁。戊己"  # the line break is a hard wrap: left out
    text = ReadableText("甲乙丙丁。戊己", ((0, 0, 2), (2, 3, 5)))
    assert [text.at(x) for x in (0, 1, 2, 3, 5, 8)] == [0, 1, 2, 2, 4, 7]
    pieces = readable_pieces(text, [(0, 6, "s")], (0, 6))
    assert pieces[0].text == "甲乙丙丁。" and pieces[0].cls == "ev focus" and source[3] == "丙"


def test_year_counts_read_long_and_side_by_side_results():
    what, data = year_counts(["period", "type", "activities"],
                             [{"period": "2022", "type": "a", "activities": "3"},
                              {"period": "2023年", "type": "a", "activities": "4"}], {})
    assert what == "activities" and data == {"2022": {"a": 3}, "2023": {"a": 4}}
    what, data = year_counts(["type", "activities_a", "activities_b"],
                             [{"type": "b", "activities_a": "1", "activities_b": "2"}], {"year_a": "2022", "year_b": "2023"})
    assert data == {"2022": {"b": 1}, "2023": {"b": 2}}
    assert year_counts(["label"], [{"label": "x"}], {}) == ("", {})
    svg = bar_chart("<x>", {"2022": {"<s>": 1}})
    assert svg.startswith("<svg") and "<s>" not in svg and "&lt;s&gt;" in svg


# --------------------------------------------------------------------------- in Chromium

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package chromium)")
needs_pyvis = pytest.mark.skipif(importlib.util.find_spec("pyvis") is None,
                                 reason="pyvis (which ships vis-network) is not installed")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("LIANGHUI_SCREENSHOTS")
    return Path(where) if where else tmp_path_factory.mktemp("shots")


@pytest.fixture
def browser():
    b = Chromium(1280, 860)
    yield b
    b.close()


def open_page(browser, url: str) -> None:
    browser.call("Page.navigate", session=True, url=url)
    browser.wait_for("document.readyState === 'complete' && document.querySelector('main') !== null")


def local_only(browser, srv) -> None:
    assert all(u.startswith((srv.url, "data:", "about:")) for u in browser.requests()), browser.requests()


@needs_chromium
@needs_pyvis
def test_search_then_entity_then_report(server, browser, shots):
    open_page(browser, server.url + "/explore")
    assert browser.evaluate("document.querySelectorAll('#top tbody tr').length") > 0
    browser.screenshot(shots / "explorer-home.png")
    browser.evaluate("""(() => { const q = document.getElementById('q'); q.value = '人大常委会';
        q.form.requestSubmit(); })()""")
    hits = browser.wait_for("location.pathname === '/explore/search' && document.querySelectorAll('#hits li').length")
    assert hits > 0
    browser.screenshot(shots / "explorer-search.png")
    browser.evaluate("document.querySelector('#hits li a').click()")
    browser.wait_for("location.pathname === '/explore/entity' && window.lhExplorerReady === true", timeout=90)
    assert browser.evaluate("window.lhNetwork.body.nodeIndices.length") > 1
    assert browser.evaluate("document.querySelectorAll('blockquote.quote mark').length") > 0
    assert "人大常委会" in browser.evaluate("document.getElementById('label').textContent")
    open_page(browser, server.url + "/explore")  # the most-mentioned entity: the fullest page
    browser.evaluate("""[...document.querySelectorAll('#top tbody tr')]
        .find(tr => tr.cells[1].textContent === 'body').querySelector('a').click()""")
    browser.wait_for("location.pathname === '/explore/entity' && window.lhExplorerReady === true", timeout=90)
    browser.evaluate("new Promise(done => setTimeout(done, 300))")
    browser.screenshot(shots / "explorer-entity.png")
    browser.evaluate("(document.getElementById('chart') || document.getElementById('facts')).scrollIntoView()")
    browser.screenshot(shots / "explorer-facts.png")
    browser.evaluate("document.querySelector('blockquote.quote cite a').click()")
    browser.wait_for("location.pathname.startsWith('/explore/report/') && document.querySelector('.focus') !== null")
    assert browser.evaluate("document.querySelectorAll('#text .ev').length") > 1
    browser.screenshot(shots / "explorer-report.png")
    local_only(browser, server)


@needs_chromium
def test_template_form_runs_and_draws_a_chart(server, browser, shots):
    open_page(browser, server.url + "/explore/templates/compare_years")
    browser.evaluate("""(() => { document.getElementById('p-year_a').value = '2022';
        document.getElementById('p-year_b').value = '2023'; document.getElementById('run').click(); })()""")
    rows = browser.wait_for("document.querySelectorAll('#rows tbody tr').length")
    assert rows > 0
    assert browser.evaluate("document.querySelectorAll('#chart svg rect').length") > 1
    assert browser.evaluate("document.getElementById('csv').href").endswith("format=csv")
    browser.screenshot(shots / "explorer-template.png")
    local_only(browser, server)


@needs_chromium
@needs_pyvis
def test_markup_in_a_label_shows_as_text_in_the_browser(evil, browser):
    open_page(browser, evil.url + "/explore/search?q=" + urllib.parse.quote("恶意"))
    assert EVIL in browser.evaluate("document.getElementById('hits').textContent")
    browser.evaluate("document.querySelector('#hits li a').click()")
    browser.wait_for("location.pathname === '/explore/entity' && window.lhExplorerReady === true", timeout=90)
    assert EVIL in browser.evaluate("document.getElementById('label').textContent")
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('main script:not([type=\"application/json\"]), main img').length") == 0


def measure(url: str) -> dict:
    """Seconds to a usable page in headless Chromium for the explorer at ``url``: the home page,
    a search, the most-mentioned body (until its graph is laid out), a report, a template run."""
    import time

    browser = Chromium(1280, 860)
    out = {}

    def timed(name: str, action, ready: str, timeout: float = 120) -> None:
        t0 = time.monotonic()
        action()
        browser.wait_for(ready, timeout)
        out[name] = round(time.monotonic() - t0, 3)

    def go(path):
        return lambda: browser.call("Page.navigate", session=True, url=url + path)

    try:
        loaded = "document.readyState === 'complete' && document.querySelector('footer') !== null"
        timed("home_s", go("/explore"), loaded + " && location.pathname === '/explore'")
        timed("search_s", go("/explore/search?q=" + urllib.parse.quote("人大")), loaded + " && location.pathname === '/explore/search'")
        body = browser.evaluate("""[...document.querySelectorAll('#hits li')].length""")
        browser.call("Page.navigate", session=True, url=url + "/explore")
        browser.wait_for(loaded + " && location.pathname === '/explore'")
        hub = browser.evaluate("""[...document.querySelectorAll('#top tbody tr')]
            .find(tr => tr.cells[1].textContent === 'body').querySelector('a').href""")
        timed("entity_graph_s", lambda: browser.call("Page.navigate", session=True, url=hub),
              "location.pathname === '/explore/entity' && window.lhExplorerReady === true")
        out["entity_nodes"] = browser.evaluate("window.lhNetwork.body.nodeIndices.length")
        out["entity_facts"] = browser.evaluate("document.querySelectorAll('#facts tbody tr').length")
        report = browser.evaluate("document.querySelector('blockquote.quote cite a').href")
        timed("report_s", lambda: browser.call("Page.navigate", session=True, url=report),
              loaded + " && document.querySelector('.focus') !== null")
        timed("compare_years_s", go("/explore/templates/compare_years?run=1&year_a=2025&year_b=2026"),
              loaded + " && document.getElementById('rows') !== null")
        out["search_hits"] = body
    finally:
        browser.close()
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(sys.argv[1].rstrip("/")), ensure_ascii=False, indent=1))
