"""The dashboard in a real browser: Playwright drives Debian's Chromium against `marsad serve`
on the demo database. Screenshots go to test-artifacts/ (gitignored).

Needs: `apt-get install -y chromium` and `pip install playwright` (no `playwright install`:
the system Chromium is used). Skips with a message when either is missing.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytest.importorskip("uvicorn", reason="the web extra (fastapi, uvicorn) is not installed")
pytest.importorskip("fastapi", reason="the web extra (fastapi, uvicorn) is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from marsad.store import build_demo_db

    db = tmp_path_factory.mktemp("browser") / "demo.db"
    build_demo_db(db)
    reference = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "000_1035176a5ae2b0d4.txt"
    reference_id = None
    if reference.exists():  # the AFP reference article, read at test time (never stored in the repo)
        from marsad.store.db import Store
        from marsad.store.ingest import ingest_paths

        with Store(db) as store:
            ingest_paths(store, [str(reference)], "2020-04-20", progress=False)
        import sqlite3

        with sqlite3.connect(db) as c:
            reference_id = c.execute("SELECT id FROM documents WHERE input = ?", (str(reference),)).fetchone()[0]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_API_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "marsad.web_cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            proc.kill()
            pytest.fail(f"the server did not start:\n{out}")
        time.sleep(0.2)
    yield {"base": base, "db": db, "reference": reference_id}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
    pg = ctx.new_page()
    pg.errors = []
    pg.foreign = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)

    def only_local(route):  # the network is "off": anything not on this server is refused and recorded
        url = route.request.url
        if url.startswith(server["base"]) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            pg.foreign.append(url)
            route.abort()

    pg.route("**/*", only_local)
    pg.base = server["base"]
    yield pg
    assert not pg.foreign, f"the page tried to reach the network: {pg.foreign[:5]}"
    assert not pg.errors, f"errors in the page: {pg.errors[:5]}"
    ctx.close()


def shot(pg, name):
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def total_of(pg, selector) -> int:
    return int(pg.locator(selector).get_attribute("data-total"))


def test_map_shows_markers_rtl(page):
    page.goto(page.base + "/")
    page.wait_for_selector(".inc-marker, .inc-cluster")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    page.wait_for_selector("#incident-list .inc")
    assert page.locator(".inc-marker, .inc-cluster").count() > 0
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1, "the offline basemap is drawn"
    assert page.locator("#legend .legend-row").count() > 0
    page.wait_for_timeout(300)
    shot(page, "map-ar")


def test_filter_narrows_list_and_url(page):
    page.goto(page.base + "/")
    page.wait_for_selector("#incident-total")
    before = total_of(page, "#incident-total")
    page.select_option("#f-type", "ASSAULT")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    page.wait_for_function("(before) => { const el = document.querySelector('#incident-total');"
                           " return el && +el.dataset.total < before; }", arg=before)
    after = total_of(page, "#incident-total")
    assert 0 < after < before
    badges = page.locator("#incident-list .inc .badge")
    assert badges.count() > 0
    assert all("t-ASSAULT" in (badges.nth(i).get_attribute("class") or "") for i in range(badges.count()))
    # the URL alone restores the view
    url = page.url
    assert parse_qs(urlsplit(url).query)["type"] == ["ASSAULT"]
    page.goto(url)
    page.wait_for_selector("#incident-total")
    assert total_of(page, "#incident-total") == after
    assert page.input_value("#f-type") == "ASSAULT"
    # and the other views keep the filter
    page.click("nav a[data-nav=timeline]")
    page.wait_for_url(re.compile(r"/timeline\?.*type=ASSAULT"))
    page.wait_for_selector("#timeline-total")
    assert page.locator("#timeline-chart").bounding_box()["height"] > 100
    shot(page, "timeline-assault-ar")


def test_tension_chart_and_contributions(page):
    page.goto(page.base + "/tension?a=USA&b=IRQ_KATAIB_HEZBOLLAH&by=month")
    page.wait_for_selector("#contributions .inc")
    box = page.locator("#tension-chart").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    painted = page.evaluate("""() => {
        const c = document.getElementById('tension-chart');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n; }""")
    assert painted > 1000, "the chart has drawn something"
    assert page.locator("#contributions .inc a[href^='/incidents/']").count() > 0
    shot(page, "tension-ar")


def _reader_doc(server) -> str:
    import sqlite3

    with sqlite3.connect(server["db"]) as c:
        return c.execute("""SELECT d.id FROM documents d WHERE d.id IS NOT ? AND EXISTS (SELECT 1 FROM quotes q WHERE q.doc_id = d.id)
                            AND EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id)
                            ORDER BY (SELECT COUNT(*) FROM entities n WHERE n.doc_id = d.id) DESC LIMIT 1""",
                         (server["reference"],)).fetchone()[0]


def test_reader_highlights_and_opens_records(page, server):
    doc = _reader_doc(server)
    page.goto(page.base + f"/documents/{doc}")
    page.wait_for_selector("#reader-text .hl")
    for kind in ("entity", "quote", "event"):
        assert page.locator(f"#reader-text .hl-{kind}").count() > 0, kind
    # highlights sit on exactly the characters of their records
    ent = page.locator("#reader-text mark.hl-entity").first
    ent.click()
    page.wait_for_selector("#record .record-body[data-kind=entity]")
    assert page.locator("#record .record-text").inner_text().strip() == ent.inner_text().strip()
    assert "sel=entity" in page.url
    quote = page.locator("#reader-text .hl-quote").first
    quote.click(position={"x": 5, "y": 5})
    page.wait_for_selector("#record .record-body[data-kind=quote]")
    shot(page, "reader-ar")
    page.locator("#reader-text mark.hl-event").first.click()
    page.wait_for_selector("#record .record-body[data-kind=event]")
    link = page.locator("#record a.open-incident")
    href = link.get_attribute("href")
    assert re.match(r"^/incidents/\d+", href)
    link.click()
    page.wait_for_url(re.compile(r"/incidents/\d+"))
    page.wait_for_selector("#incident #mentions .mention")
    assert page.locator("#mentions .mention .why").count() >= 1
    shot(page, "incident-ar")


def test_reader_highlights_the_reference_article(page, server):
    if not server["reference"]:
        pytest.skip("needs ../shared/samples/000_1035176a5ae2b0d4.txt (../shared is absent)")
    page.goto(page.base + f"/documents/{server['reference']}")
    page.wait_for_selector("#reader-text .hl")
    entities = [t.strip() for t in page.locator("#reader-text mark.hl-entity").all_inner_texts()]
    for name in ("فيليب سميث", "كتائب حزب الله", "البنتاغون", "مصطفى الكاظمي"):
        assert name in entities, (name, entities[:40])
    quotes = " ".join(page.locator("#reader-text .hl-quote").all_inner_texts())
    assert "واشنطن أبلغتنا" in quotes and "لن يحدث موت" in quotes
    page.locator("#reader-text mark.hl-entity", has_text="فيليب سميث").first.click()
    page.wait_for_selector("#record .record-body[data-kind=entity]")
    assert "فيليب سميث" in page.locator("#record .record-text").inner_text()
    shot(page, "reader-reference-ar")


def test_english_toggle(page, server):
    page.goto(page.base + "/")
    page.wait_for_selector("#incident-list .inc")
    page.click("#lang-toggle")
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("nav a[data-nav=map]").inner_text() == "Map"
    page.wait_for_selector("#incident-list .inc")
    page.wait_for_selector(".inc-marker, .inc-cluster")
    page.wait_for_timeout(300)
    shot(page, "map-en")
    page.goto(page.base + f"/documents/{_reader_doc(server)}")
    page.wait_for_selector("#reader-text .hl")
    assert page.evaluate("document.documentElement.dir") == "ltr"  # the choice is remembered
    assert page.locator("#reader-text").get_attribute("dir") == "rtl"  # Arabic text stays right to left
    shot(page, "reader-en")
    page.click("#lang-toggle")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")


def test_search_marks_matches(page):
    page.goto(page.base + "/search?q=الامريكية")
    page.wait_for_selector("#search-results .doc")
    assert total_of(page, "#search-total") > 0
    assert page.locator("#search-results mark.match").count() > 0
    shot(page, "search-ar")


def test_quotes_view(page):
    page.goto(page.base + "/quotes")
    page.wait_for_selector("#speakers li a")
    page.locator("#speakers li a").first.click()
    page.wait_for_url(re.compile(r"speaker="))
    page.wait_for_selector("#quotes .quote")
    shot(page, "quotes-ar")
