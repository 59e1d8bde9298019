"""The HTML view in headless Chromium: it renders the graph, requests nothing from the network,
and its filters and search work. Skips without Debian's ``chromium``.

Run as a script to measure a page and screenshot it (what the README's bench figures come from):

    python tests/test_export_browser.py graphs/bench.html docs/bench-graph.png

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``): no
extra package and no port.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
)


class Chromium:
    """A headless Chromium and one page, driven over the DevTools protocol on fds 3 and 4."""

    def __init__(self, width: int = 1400, height: int = 900):
        self.profile = tempfile.mkdtemp(prefix="lh-chromium-")
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def wire():  # the child reads commands on fd 3 and answers on fd 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            preexec_fn=wire,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        target = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def evaluate(self, expression: str, timeout: float = 60):
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, awaitPromise=True, returnByValue=True,
            timeout=int(timeout * 1000),
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"page error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(expression)

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: Path, scale: float = 1.0) -> None:
        import base64

        params = {"format": "png"}
        if scale != 1.0:
            size = self.evaluate("[window.innerWidth, window.innerHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": scale}
        data = self.call("Page.captureScreenshot", session=True, **params)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._cmd_w)
        os.close(self._res_r)
        shutil.rmtree(self.profile, ignore_errors=True)


#: Frame times while the view zooms in and out and pans (vis-network animations), in the page.
FRAMES_JS = """new Promise(done => {
  const net = window.lhNetwork, times = [];
  let last = performance.now(), step = 0;
  const moves = [{scale: 2.5}, {scale: 0.6}, {scale: 1.4, position: {x: 300, y: -200}}, {scale: 1}];
  function move() {
    if (step < moves.length) net.moveTo({...moves[step++], animation: {duration: 700, easingFunction: "linear"}});
  }
  net.on("animationFinished", move);
  move();
  function frame(now) {
    times.push(now - last); last = now;
    if (step < moves.length || times.length < 30) requestAnimationFrame(frame);
    else {
      const s = times.slice(1).sort((a, b) => a - b), q = p => s[Math.min(s.length - 1, Math.floor(p * s.length))];
      done({frames: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1]});
    }
  }
  requestAnimationFrame(frame);
})"""

#: Time from a filter change to the next drawn frame (unchecking and re-checking a type).
FILTER_JS = """new Promise(done => {
  const box = document.querySelector("#types input"), t0 = performance.now();
  box.click();
  window.lhNetwork.once("afterDrawing", () => {
    const t1 = performance.now();
    box.click();
    done(t1 - t0);
  });
  window.lhNetwork.redraw();
})"""


def measure(html: Path, png: Path | None = None, scale: float = 1.0) -> dict:
    """Load ``html`` in headless Chromium: load/draw/layout times, frame times, requests."""
    browser = Chromium()
    try:
        t0 = time.monotonic()
        browser.call("Page.navigate", session=True, url=html.resolve().as_uri())
        browser.wait_for("document.readyState === 'complete'")
        loaded = time.monotonic() - t0
        timing = browser.wait_for("window.lhTiming && window.lhTiming.stabilized && window.lhTiming", timeout=120)
        ready = time.monotonic() - t0
        shown = browser.evaluate("window.lhNetwork.body.nodeIndices.length")
        labels = browser.evaluate("document.getElementById('kval').textContent")
        frames = browser.evaluate(FRAMES_JS)
        filter_ms = browser.evaluate(FILTER_JS)
        browser.evaluate("new Promise(d => { window.lhNetwork.fit(); setTimeout(d, 300); })")
        if png is not None:
            browser.screenshot(png, scale)
        return {
            "load_s": round(loaded, 3),
            "ready_s": round(ready, 3),
            "page_ms": {k: round(v, 1) for k, v in timing.items()},
            "nodes_shown": shown,
            "shown": labels,
            "frame_ms": {k: round(v, 1) for k, v in frames.items()},
            "filter_ms": round(filter_ms, 1),
            "requests": browser.requests(),
        }
    finally:
        browser.close()


# --------------------------------------------------------------------------- tests

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package chromium)"),
    pytest.mark.skipif(importlib.util.find_spec("pyvis") is None, reason="pyvis (which ships vis-network) is not installed"),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from etl.export import export
    from etl.pipeline import build
    from etl.store import OxigraphStore

    root = Path(__file__).resolve().parent.parent
    tmp = tmp_path_factory.mktemp("browser")
    st = OxigraphStore(tmp / "store")
    build([root / "examples" / "reports"], st, workers=1)
    out = tmp / "view.html"
    export(st, "html", out)
    return out


def test_html_view_draws_offline_and_interactively(page, tmp_path):
    m = measure(page, tmp_path / "shot.png")
    assert all(u.startswith(("file:", "data:", "about:")) for u in m["requests"]), m["requests"]
    assert m["nodes_shown"] > 0
    assert m["frame_ms"]["frames"] > 10
    assert (tmp_path / "shot.png").stat().st_size > 10_000  # a drawn graph, not a blank page


def test_search_adds_and_focuses_a_node(page):
    browser = Chromium()
    try:
        browser.call("Page.navigate", session=True, url=page.resolve().as_uri())
        browser.wait_for("window.lhTiming && window.lhTiming.stabilized")
        browser.evaluate("""(() => { const s = document.getElementById('search');
            s.value = '人大'; s.dispatchEvent(new Event('input')); })()""")
        hits = browser.evaluate("document.querySelectorAll('#matches div').length")
        assert hits > 0
        browser.evaluate("document.querySelector('#matches div').click()")
        info = browser.wait_for("document.getElementById('info').textContent")
        assert "人大" in info
    finally:
        browser.close()


if __name__ == "__main__":
    html_path = Path(sys.argv[1])
    png_path = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    zoom = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0  # a smaller PNG for the README
    print(json.dumps(measure(html_path, png_path, zoom), ensure_ascii=False, indent=1))


def test_filters_by_type_report_and_year_redraw_the_view(page):
    browser = Chromium()
    try:
        browser.call("Page.navigate", session=True, url=page.resolve().as_uri())
        browser.wait_for("window.lhTiming && window.lhTiming.stabilized")
        shown = "window.lhNetwork.body.nodeIndices.length"
        everything = browser.evaluate(shown)
        browser.evaluate("""(() => { const s = document.getElementById('year');
            s.value = s.options[1].value; s.dispatchEvent(new Event('change')); })()""")
        by_year = browser.evaluate(shown)
        assert 0 < by_year <= everything
        browser.evaluate("""(() => { const s = document.getElementById('year'); s.value = '0';
            s.dispatchEvent(new Event('change')); const r = document.getElementById('report');
            r.value = r.options[1].value; r.dispatchEvent(new Event('change')); })()""")
        assert 0 < browser.evaluate(shown) < everything  # one report of several
        browser.evaluate("""(() => { const r = document.getElementById('report'); r.value = '-1';
            r.dispatchEvent(new Event('change'));
            document.querySelectorAll('#types input').forEach((box, i) => { if (i > 0) box.click(); }); })()""")
        types = browser.evaluate(
            "[...new Set(window.lhNetwork.body.nodeIndices.map(i => window.lhNetwork.body.nodes[i].options.color.background))]"
        )
        assert len(types) == 1  # only the first type is left
    finally:
        browser.close()
