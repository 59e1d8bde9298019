"""What an adversarial client tries against `lianghui serve` and `lianghui sparql` (issue 19).

Federation (SERVICE) in any spelling, LOAD and updates, query text read as a path, deep
nesting, a cartesian product, memory, HTTP framing (chunked bodies, bad Content-Length),
clients that leave or never finish, and a fuzz run of random and mutated queries. Servers
are `lianghui serve` processes on free 127.0.0.1 ports, stopped by PID; a small "victim"
server on 127.0.0.1 counts any request the endpoint would make on a client's behalf.
"""

from __future__ import annotations

import http.client
import http.server
import importlib.util
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from etl.serve.guard import Refused, check_query
from etl.store import OxigraphStore

from test_serve import ROOT, Endpoint, call, module_store, q  # noqa: F401 (a fixture)

SECRET = "VICTIM-SECRET-4242"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


class Victim(http.server.ThreadingHTTPServer):
    """A loopback server that answers every request with a secret and counts requests."""

    daemon_threads = True
    hits = 0

    def __init__(self) -> None:
        victim = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                victim.hits += 1
                body = f'{{"head":{{"vars":["x"]}},"results":{{"bindings":[{{"x":{{"type":"literal","value":"{SECRET}"}}}}]}}}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/sparql"


@pytest.fixture(scope="module")
def victim():
    srv = Victim()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def store(module_store) -> OxigraphStore:
    return module_store


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    """Short limits, so a hostile query is stopped quickly."""
    endpoint = Endpoint(store.location, tmp_path_factory.mktemp("log") / "serve.log", "--timeout", "3")
    yield endpoint
    endpoint.stop()


def post(srv, query: str, media: str = "application/sparql-query"):
    body = query.encode() if media == "application/sparql-query" else urllib.parse.urlencode({"query": query}).encode()
    return call(srv, "/sparql", body, {"Content-Type": media})


def one_line(body: bytes) -> bool:
    return body.endswith(b"\n") and body.count(b"\n") == 1


def log_of(srv) -> str:
    return Path(srv.log).read_text(errors="replace")


# --------------------------------------------------------------------------- federation


SERVICE = [
    "SELECT * WHERE { ?s ?p ?o SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o #x\rSERVICE <{url}> { ?a ?b ?c } }",  # a comment ended by a CR
    "SELECT * WHERE { ?s ?p ?o #x\r\nSERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o . \\u0053ERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o . \\U00000053\\u0045RVICE <{url}> { ?a ?b ?c } }",
    "select * where { ?s ?p ?o . sErViCe <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?a ?b ?c } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?a ?b ?c } } } }",
    "PREFIX v: <{url}#> SELECT * WHERE { SERVICE v:x { ?a ?b ?c } }",
    "PREFIX v: <{url}> SELECT * WHERE { SERVICE v: { ?a ?b ?c } }",
    "ASK { SERVICE <{url}> { ?a ?b ?c } }",
    "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { VALUES ?svc { <{url}> } SERVICE ?svc { ?a ?b ?c } }",
]


@pytest.mark.parametrize("template", SERVICE)
def test_federation_is_refused_however_it_is_spelled(template, server, victim):
    query = template.replace("{url}", victim.url)
    for status, _, body in (call(server, q(query)), post(server, query), post(server, query, "application/x-www-form-urlencoded")):
        assert status in (400, 403) and one_line(body) and SECRET.encode() not in body, body
    assert victim.hits == 0


@pytest.mark.parametrize("template", SERVICE)
def test_guard_refuses_federation_on_the_parsed_query(template):
    with pytest.raises(Refused) as refused:
        check_query(template.replace("{url}", "http://127.0.0.1:1/"))
    assert refused.value.status in (400, 403)  # 400: rdflib could not parse it, which refuses it too


def test_a_label_or_iri_that_says_service_is_not_refused(server):
    status, _, _ = call(server, q(f'SELECT ?s WHERE {{ ?s {LABEL} ?l FILTER(?l != "SERVICE <http://x/>") }} LIMIT 1'))
    assert status == 200
    assert call(server, q("ASK { <http://example.org/service> ?p ?o } # SERVICE <http://x/> {}"))[0] == 200


def test_a_worker_has_no_network_where_the_kernel_allows_it(victim):
    """The second wall: even a SERVICE the parser missed could not leave the worker."""
    port = victim.server_address[1]
    code = ("import socket, sys\nfrom etl.serve.worker import _leave_network\n"
            "if not _leave_network(): sys.exit(3)\n"
            f"socket.create_connection(('127.0.0.1', {port}), timeout=2)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if done.returncode == 3:
        pytest.skip("this kernel gives no network namespace to this user")
    assert done.returncode == 1 and "unreachable" in done.stderr.lower() and victim.hits == 0


def test_escapes_that_spell_escapes_are_refused():
    with pytest.raises(Refused):
        check_query("SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }")


# --------------------------------------------------------------------------- LOAD and updates


UPDATES = [
    "LOAD <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <http://e/g>",
    "#x\rLOAD <{url}>",
    "\\u004COAD <{url}>",
    "load <{url}>",
    "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP ALL",
    "CREATE GRAPH <http://e/g>",
    "ADD DEFAULT TO <http://e/g>",
    "PREFIX e: <http://e/> INSERT { ?s e:p e:o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]


@pytest.mark.parametrize("template", UPDATES)
def test_load_and_updates_are_refused(template, server, store, victim):
    update = template.replace("{url}", victim.url)
    before = (len(store), store.graph_iris())
    for status, _, body in (call(server, q(update)), post(server, update)):
        assert status in (400, 403) and one_line(body), body
    assert call(server, "/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert call(server, "/sparql?" + urllib.parse.urlencode({"update": update}))[0] == 403
    assert victim.hits == 0 and (len(store), store.graph_iris()) == before


# --------------------------------------------------------------------------- a query is never a path


PATHS = ["/etc/passwd", "/etc/shadow", "/root/.bashrc", "/nonexistent/x.rq", "queries/reports.rq",
         str(ROOT / "queries" / "reports.rq"), "select/../queries/reports.rq", "../../../../etc/passwd"]
LONG_QUERY = f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l FILTER(STRLEN(?l) > 0 && !CONTAINS(?l, \"{'x' * 160}\")) }} LIMIT 5"


@pytest.mark.parametrize("path", PATHS)
def test_a_query_parameter_is_never_read_as_a_path(path, server):
    for status, _, body in (call(server, q(path)), post(server, path)):
        assert status == 400 and one_line(body), body
        text = body.decode().lower()
        assert not any(w in text for w in ("exists", "lines", "no such file", "permission", "root:", "head"))


def test_templates_are_addressed_by_name_only(server):
    for path in ("/templates/..%2F..%2Fetc%2Fpasswd", "/templates/%2Fetc%2Fpasswd", "/templates/..",
                 "/templates/reports.rq", "/templates/..%2Fqueries%2Freports"):
        status, _, body = call(server, path)
        assert status == 404 and b"passwd" not in body, path


def test_a_long_one_line_query_is_a_query(server):
    assert len(LONG_QUERY.encode()) >= 280 and "\n" not in LONG_QUERY
    assert call(server, q(LONG_QUERY))[0] == 200


def sparql_cli(store, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "etl.cli", "sparql", *args, "--store", store.location]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_cli_sparql_reads_a_path_only_when_it_is_a_query_file(store, tmp_path):
    done = sparql_cli(store, LONG_QUERY, "--format", "csv")
    assert done.returncode == 0, done.stderr
    for path in ("/etc/passwd", "/root/.bashrc", "/etc/shadow"):
        done = sparql_cli(store, path)
        assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
        assert not any(w in done.stderr.lower() for w in ("exist", "line ", "lines", "root:", "permission"))
    query_file = tmp_path / "count.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    done = sparql_cli(store, str(query_file), "--format", "csv")
    assert done.returncode == 0 and done.stdout.splitlines()[0] == "n"


# --------------------------------------------------------------------------- nesting


DEEP = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


def test_deep_nesting_is_refused_before_parsing(server):
    for status, _, body in (call(server, q(DEEP)), post(server, DEEP)):
        assert status == 400 and b"nests" in body and one_line(body)
    braces = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    assert call(server, q(braces))[0] == 400
    shallow = "ASK { ?s ?p ?o FILTER(" + "(" * 40 + "true" + ")" * 40 + ") }"
    assert call(server, q(shallow))[0] == 200
    assert server.alive()


def test_cli_sparql_refuses_deep_nesting_without_crashing(store):
    done = sparql_cli(store, DEEP)
    assert done.returncode == 1 and "nests" in done.stderr and done.stderr.count("\n") == 1


# --------------------------------------------------------------------------- time, rows and memory


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_a_cartesian_product_hits_the_time_limit_and_the_server_keeps_serving(server):
    results: list = []

    def hostile() -> None:
        started = time.monotonic()
        results.append((call(server, q(CARTESIAN), timeout=60), time.monotonic() - started))

    threads = [threading.Thread(target=hostile) for _ in range(3)]  # more than the two workers
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for (status, _, body), seconds in results:
        assert status == 503 and b"time limit" in body and one_line(body) and seconds < 15
    deadline = time.monotonic() + 30
    while call(server, q("ASK { ?s ?p ?o }"))[0] != 200:  # workers are restarting
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert server.alive()


def test_a_query_over_the_memory_limit_ends_its_worker_not_the_server(store, tmp_path):
    endpoint = Endpoint(store.location, tmp_path / "serve.log", "--memory-mb", "768", "--timeout", "30", "--workers", "1")
    try:
        hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?c ?f ?i ?l"
        status, _, body = call(endpoint, q(hungry), timeout=60)
        assert status == 503 and b"memory limit" in body and one_line(body)
        deadline = time.monotonic() + 30
        while call(endpoint, q("ASK { ?s ?p ?o }"))[0] != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        log = log_of(endpoint)
        assert "Traceback" not in log and "backtrace" not in log and "memory allocation" not in log
    finally:
        endpoint.stop()


# --------------------------------------------------------------------------- HTTP framing


def raw(srv, data: bytes, wait: float = 10) -> bytes:
    """Send raw bytes, read until the server closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=wait) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):  # the server answered and closed early
            pass
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return out


def test_a_chunked_body_is_read_as_a_body(server):
    query = b"ASK { ?s ?p ?o }"
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(query[i:i + 5]), query[i:i + 5]) for i in range(0, len(query), 5))
    request = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" + chunked + b"0\r\n\r\n")
    follow = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    out = raw(server, request + follow)
    assert out.count(b"HTTP/1.1 200") == 2 and out.count(b'"boolean":true') == 2


@pytest.mark.parametrize("length", [b"-5", b"abc", b"1, 2", b"99999999999999999999999"])
def test_a_bad_content_length_is_400_and_the_body_is_not_a_request(server, length):
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    request = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
               b"Content-Length: " + length + b"\r\n\r\n" + smuggled)
    out = raw(server, request)
    assert out.startswith((b"HTTP/1.1 400", b"HTTP/1.1 413")) and out.count(b"HTTP/1.1 ") == 1, out[:200]


def test_oversized_bodies_and_heads_are_refused(server):
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    out = raw(server, head + b"Content-Length: %d\r\n\r\nASK {}" % (2 << 20))  # refused before reading it
    assert out.startswith(b"HTTP/1.1 413") and out.count(b"HTTP/1.1 ") == 1
    chunk = b"#" + b"x" * 65535
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20))  # 1.3 MB, no length given
    out = raw(server, head + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 413")
    out = raw(server, b"GET /sparql?query=" + b"A" * (128 << 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 4")
    assert server.alive()


def test_half_sent_requests_do_not_stop_other_clients(server):
    idle = []
    try:
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")  # never finished
            idle.append(s)
        started = time.monotonic()
        assert call(server, q("ASK { ?s ?p ?o }"))[0] == 200
        assert time.monotonic() - started < 5
    finally:
        for s in idle:
            s.close()


# --------------------------------------------------------------------------- clients that leave


def children(pid: int) -> set[int]:
    """PIDs of the processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_a_client_that_leaves_stops_its_query_and_leaves_no_traceback(server):
    before = children(server.proc.pid)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(f"GET {q(CARTESIAN)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(0.5)
    deadline = time.monotonic() + 10
    while children(server.proc.pid) >= before:  # the worker running it is killed
        assert time.monotonic() < deadline, "the query ran on after its client left"
        time.sleep(0.1)
    for _ in range(5):  # and a client that leaves while its answer is written
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
            s.sendall(f"GET {q('SELECT * WHERE { ?s ?p ?o }')} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            s.recv(10)
    time.sleep(1)
    assert server.alive()
    assert "Traceback" not in log_of(server) and "Error" not in log_of(server)


# --------------------------------------------------------------------------- fuzz


SEEDS = [
    f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }} ORDER BY ?l LIMIT 20",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT * WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, "人大")) }',
    "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } FILTER(?p != ?q) } LIMIT 10",
]
PIECES = ["SERVICE <{url}> { ?a ?b ?c }", "#", "\r", "\n", "\\u0053ERVICE", "\\u0053", "LOAD <{url}>", "(", ")",
          "{", "}", '"', "'", "<", ">", "\\", "\x00", "FILTER(", "OPTIONAL {", "UNION", "VALUES ?x { 1 }",
          "BIND(1 AS ?z)", "?s", ";", ".", "*", "\U0001f600", "人大", "DROP ALL", "(" * 70, ")" * 70, "{" * 30,
          "SELECT * WHERE", "GRAPH ?g", "?a ?b ?c .", "LIMIT 1000000", '"""', "'''", "\\U0010FFFF", "\udcff"]


def mutate(rng: random.Random, text: str, url: str) -> str:
    for _ in range(rng.randint(1, 2)):
        i = rng.randint(0, len(text))
        j = min(len(text), i + rng.randint(0, 12))
        op = rng.randrange(6)
        if op == 0:
            text = text[:i] + rng.choice(PIECES).replace("{url}", url) + text[i:]
        elif op == 1:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:j] + text[i:j] + text[j:]
        elif op == 3:
            text = text[:i] + text[i:j].swapcase() + text[j:]
        elif op == 4:
            text = text[:i] + chr(rng.choice([rng.randint(1, 127), rng.randint(128, 0x2FFFF)])) + text[j:]
        else:
            text = text[:i]
    return text


def random_query(rng: random.Random) -> str:
    alphabet = "SELECT*WHERE{}()?<>\"'#\\.;: \r\n\tabcxyz0123456789人大SERVICELOAD"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))


def test_fuzz_random_and_mutated_queries_never_crash_the_endpoint(store, victim, tmp_path):
    endpoint = Endpoint(store.location, tmp_path / "serve.log", "--quiet", "--timeout", "2", "--max-rows", "200")
    rng = random.Random(19)
    statuses: dict[int, int] = {}
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
        for n in range(300):
            text = random_query(rng) if n % 3 == 0 else mutate(rng, rng.choice(SEEDS), victim.url)
            data = text.encode("utf-8", "surrogatepass")
            if n % 2:
                conn.request("POST", "/sparql", data, {"Content-Type": "application/sparql-query"})
            else:
                conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": data}))
            response = conn.getresponse()
            body = response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            assert response.status in (200, 400, 403, 413, 503), (text, body)
            assert SECRET.encode() not in body
            if response.status != 200:
                assert one_line(body), (text, body)
            if response.getheader("Connection") == "close":
                conn.close()
        elapsed = time.monotonic() - started
        print(f"fuzz: 300 queries in {elapsed:.1f} s, statuses {dict(sorted(statuses.items()))}")
        assert elapsed < 120 and victim.hits == 0
        assert endpoint.alive() and endpoint.proc.poll() is None
        assert "Traceback" not in log_of(endpoint)
    finally:
        endpoint.stop()


# --------------------------------------------------------------------------- load (bench/load_endpoint.py, lighter)


@pytest.mark.slow
def test_200_clients_and_1000_idle_connections(example_store):
    spec = importlib.util.spec_from_file_location("load_endpoint", ROOT / "bench" / "load_endpoint.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    report = bench.measure(example_store.location, clients=200, queries=3, idle=1000)
    load, idle = report["load"], report["idle"]
    print(f"load: {load['requests']} requests, {load['errors']} errors, p95 {load['p95_ms']} ms; "
          f"with 1000 idle: {idle['requests']} requests, {idle['errors']} errors, p95 {idle['p95_ms']} ms")
    assert load["requests"] == 600 and load["errors"] == 0, load["error_examples"]
    assert idle["requests"] == 200 and idle["errors"] == 0 and idle["p95_ms"] < 10_000
    assert idle["closed_by_server"] == 1000 and report["server_alive_after"]
