"""The HTML report of the seed article in a real browser: headless Chromium over DevTools.

Chromium is driven through ``--remote-debugging-pipe`` (NUL-separated JSON on fds 3 and 4),
so no websocket client or browser download is needed: only Debian's ``chromium`` package,
which ``.ci/run`` installs. The page is loaded at a phone's width; the test fails on any
console error, uncaught exception, network request or horizontal overflow, checks that the
Chinese text is in the DOM and that every in-page link resolves, looks at the print
layout, and saves full-page screenshots (also into ``$SUMMARIZER_SCREENSHOT_DIR`` if set).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and os.path.isfile(p)), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium; .ci/run installs it)"
)


class DevTools:
    """The smallest DevTools-protocol client: commands by id, events kept in a list."""

    def __init__(self, user_data_dir: Path):
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()

        def fds():  # in the child: the pipe ends chromium expects on fds 3 and 4
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--user-data-dir={user_data_dir}", "about:blank"],
            # Python's own descriptors are not inherited (PEP 446); the two dup2 copies are.
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(cmd_r)
        os.close(out_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for m in self._read(deadline):
                if m.get("id") == self._id:
                    if "error" in m:
                        raise RuntimeError(f"{method}: {m['error']}")
                    return m.get("result", {})
                self.events.append(m)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if e.get("method") == method:
                    return e
            self.events += self._read(deadline)

    def _read(self, deadline: float) -> list[dict]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._out_r], [], [], left)
            if ready:
                chunk = os.read(self._out_r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
        *msgs, self._buf = self._buf.split(b"\0")
        return [json.loads(m) for m in msgs]

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._out_r)


CHECKS = r"""
(() => {
  const text = document.body.innerText;
  const links = [...document.querySelectorAll('a[href^="#"]')];
  const broken = links.map(a => a.getAttribute('href'))
                      .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))));
  const speakerLinks = [...document.querySelectorAll('#speakers a[href^="#s"], mark sup a')].length;
  const img = document.querySelector('figure img');
  return {
    han: (text.match(/[\u4e00-\u9fff]/g) || []).length,
    headline: document.querySelector('h1').innerText,
    links: links.length, broken, speakerLinks,
    marks: document.querySelectorAll('mark').length,
    speakers: document.querySelectorAll('[id^="speaker-"]').length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    image: img ? img.naturalWidth : -1,
    scripts: document.scripts.length,
  };
})()
"""


def _screenshot(cdp: DevTools, session: str, path: Path) -> None:
    metrics = cdp.send("Page.getLayoutMetrics", session=session)
    size = metrics["cssContentSize"]
    shot = cdp.send("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1},
    }, session=session)
    path.write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, seed_text) -> tuple[Path, object]:
    from summarizer.analyze import analyze
    from summarizer.htmlreport import write_html

    analysis = analyze(seed_text, name="seeds/000_f82fa1c4dfe540c7.txt", method="extractive")
    path = tmp_path_factory.mktemp("report") / "seed-report.html"
    write_html(analysis, path)
    return path, analysis


def test_report_in_headless_chromium(report_file, tmp_path):
    path, analysis = report_file
    cdp = DevTools(tmp_path / "profile")
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.send(f"{domain}.enable", session=session)
        # A phone: 390 CSS pixels wide.
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}, session=session)
        cdp.send("Page.navigate", {"url": path.as_uri()}, session=session)
        cdp.wait_event("Page.loadEventFired")
        result = cdp.send("Runtime.evaluate", {"expression": CHECKS, "returnByValue": True}, session=session)
        page = result["result"]["value"]
        phone = tmp_path / "report-phone.png"
        _screenshot(cdp, session, phone)

        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        desktop = tmp_path / "report-desktop.png"
        _screenshot(cdp, session, desktop)

        cdp.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        printed = cdp.send("Runtime.evaluate", {"expression": (
            "({nav: getComputedStyle(document.querySelector('nav')).display,"
            " mark: getComputedStyle(document.querySelector('mark')).backgroundColor})"),
            "returnByValue": True}, session=session)["result"]["value"]
        pdf = base64.b64decode(cdp.send("Page.printToPDF", {"printBackground": True}, session=session)["data"])
        time.sleep(0.2)  # let late console messages arrive before judging
        cdp.send("Runtime.evaluate", {"expression": "1"}, session=session)
    finally:
        cdp.close()

    problems = []
    for e in cdp.events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            problems.append(("console", p["type"], [a.get("value") for a in p.get("args", [])]))
        elif m == "Runtime.exceptionThrown":
            problems.append(("exception", p["exceptionDetails"].get("text")))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            problems.append(("log", p["entry"]["level"], p["entry"]["text"]))
        elif m == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file:", "data:")):
            problems.append(("network", p["request"]["url"]))
    assert problems == []

    seg = analysis.segmentation
    assert page["headline"] == seg.article.headline
    assert page["han"] > 2000  # the article itself, not just headings
    assert page["broken"] == [] and page["links"] >= 20
    assert page["speakers"] == len(seg.speakers) == 20
    assert page["marks"] == sum(len(s.remarks) for s in seg.speakers) == 9
    assert page["overflow"] <= 0, "the page is wider than a phone screen"
    assert page["image"] > 0  # the embedded figure decoded
    assert page["scripts"] == 0
    assert printed["nav"] == "none" and printed["mark"] != "rgba(0, 0, 0, 0)"
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    for shot in (phone, desktop):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    keep = os.environ.get("SUMMARIZER_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for f in (phone, desktop, path):
            shutil.copy(f, Path(keep) / f.name)
