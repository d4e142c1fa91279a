"""The corpus report in a real browser: headless Chromium over the DevTools pipe (see test_browser.py).

The page is loaded at a phone's width. The test fails on any console message of level warning
or error (a script refused by the Content-Security-Policy is one), an uncaught exception, a
network request, a broken in-page link or horizontal overflow; it presses the sort buttons of
two tables and types into a filter and checks the rows that result; and it reads the figures
off the page and compares them with the JSON output.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from test_browser import CHROMIUM, DevTools
from test_corpus import PEOPLE, PERIODS, batch

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium; .ci/run installs it)"
)

PAGE = r"""
(() => {
  const links = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'));
  const rows = id => [...document.querySelectorAll('#' + id + ' tbody tr')];
  const img = [...document.querySelectorAll('figure img')].map(i => i.naturalWidth);
  return {
    broken: links.filter(h => !document.getElementById(decodeURIComponent(h.slice(1)))),
    links: links.length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    images: img,
    han: (document.body.innerText.match(/[\u4e00-\u9fff]/g) || []).length,
    periods: rows('periods-table').map(r => [r.cells[0].textContent, +r.cells[1].dataset.v, +r.cells[2].dataset.v,
      [...r.cells].slice(3).map(c => [+c.dataset.count, c.dataset.v === '' ? null : +c.dataset.v])]),
    people: rows('people-table').map(r => [r.cells[1].textContent, +r.cells[3].dataset.v, +r.cells[4].dataset.v]),
    heat: rows('person-theme-table').map(r => [...r.cells].slice(1).map(c => +c.dataset.v)),
    articles: rows('articles-table').map(r => r.cells[1].dataset.v),
  };
})()
"""

SORT = r"""
(() => {
  const click = (table, col) => document.querySelector('#' + table + ' thead th:nth-child(' + col + ') button').click();
  const dates = () => [...document.querySelectorAll('#articles-table tbody tr')].map(r => r.cells[1].dataset.v);
  const chars = () => [...document.querySelectorAll('#people-table tbody tr')].map(r => +r.cells[4].dataset.v);
  click('articles-table', 2); const down = dates();
  click('articles-table', 2); const up = dates();
  click('people-table', 5); const charsDown = chars();
  click('people-table', 5); const charsUp = chars();
  const input = document.querySelector('input[data-filter="people-table"]');
  input.value = '王强'; input.dispatchEvent(new Event('input'));
  const shown = [...document.querySelectorAll('#people-table tbody tr')].filter(r => !r.hidden)
                .map(r => r.cells[1].textContent);
  return {down, up, charsDown, charsUp, shown,
          sorted: document.querySelector('#articles-table th:nth-child(2)').getAttribute('aria-sort')};
})()
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from summarizer.analyze import Analyzer
    from summarizer.corpus import corpus, write_corpus_html

    folder = tmp_path_factory.mktemp("corpus-browser")
    analyzer = Analyzer("extractive")
    results = [batch(analyzer, folder, PERIODS, "periods.jsonl"), batch(analyzer, folder, PEOPLE, "people.jsonl")]
    c = corpus(results)
    return write_corpus_html(c, folder / "corpus.html"), c


def _problems(events) -> list:
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append(("console", p["type"], [a.get("value") for a in p.get("args", [])]))
        elif m == "Runtime.exceptionThrown":
            out.append(("exception", p["exceptionDetails"].get("text")))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append(("log", p["entry"]["level"], p["entry"]["text"]))
        elif m == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file:", "data:")):
            out.append(("network", p["request"]["url"]))
    return out


def test_corpus_report_in_headless_chromium(report, tmp_path):
    path, c = report
    cdp = DevTools(tmp_path / "profile")
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.send(f"{domain}.enable", session=session)
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}, session=session)
        cdp.send("Page.navigate", {"url": path.as_uri()}, session=session)
        cdp.wait_event("Page.loadEventFired")
        page = cdp.send("Runtime.evaluate", {"expression": PAGE, "returnByValue": True}, session=session)
        page = page["result"]["value"]
        sort = cdp.send("Runtime.evaluate", {"expression": SORT, "returnByValue": True}, session=session)
        sort = sort["result"]["value"]
        time.sleep(0.2)  # let late console messages arrive before judging
        cdp.send("Runtime.evaluate", {"expression": "1"}, session=session)
    finally:
        cdp.close()

    assert _problems(cdp.events) == []
    assert page["broken"] == [] and page["links"] > 30
    assert page["overflow"] <= 0, "the page is wider than a phone screen"
    assert page["han"] > 500
    from summarizer.errors import FontError
    from summarizer.plot import find_cjk_font

    try:
        find_cjk_font()
        assert len(page["images"]) == 2 and all(w > 0 for w in page["images"])  # both figures decoded
    except FontError:
        assert page["images"] == []

    # The figures on the page are those of the JSON output.
    d = json.loads(json.dumps(c.to_dict(), ensure_ascii=False))
    assert page["periods"] == [[r["period"], r["articles"], r["remark_sentences"],
                                [[r["counts"][t], r["per_100_sentences"][t]] for t in d["themes"]]]
                               for r in d["themes_by_period"]]
    assert page["people"] == [[p["label"], len(p["articles"]), p["remark_chars"]] for p in d["people"]]
    assert page["heat"] == d["theme_by_person"]["counts"]
    assert page["articles"] == [a["date"] or "" for a in d["articles"]]

    # Sorting and filtering work.
    dated = sorted(a["date"] for a in d["articles"] if a["date"])
    assert sort["down"][: len(dated)] == dated[::-1] and sort["up"][-len(dated):] == dated
    assert sort["charsDown"] == sorted(sort["charsDown"], reverse=True) != sort["charsUp"]
    assert sort["charsUp"] == sorted(sort["charsUp"])
    assert sort["shown"] == ["王强"] and sort["sorted"] == "ascending"

    keep = os.environ.get("SUMMARIZER_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
