"""Time to first view of the dashboard on the demo database.

Starts `marsad serve` on a free local port, then measures, N times, what the first view (the
map with its incident list) costs a browser:

  http   the page, its CSS and JavaScript (with the map's chunks), the basemap and the API calls
         of the first view (/api/meta, /api/map, /api/incidents), fetched as a browser does:
         the page first, then the assets and /api/meta in parallel, then the two data calls
         in parallel. gzip accepted. Each run is a cold client (no cache).
  browser  (--browser, needs playwright and /usr/bin/chromium) from navigation start to the
         moment the first marker and the first row of the incident list are in the page, read
         from the page's own clock (performance.now()), in headless Chromium, each run in a fresh
         browser context (cold cache).

Prints the median (and min/max) in milliseconds.

    python bench/dashboard_load.py                 # builds the demo db in a temp folder
    python bench/dashboard_load.py --runs 20 --browser
    python bench/dashboard_load.py --db marsad.db  # any database
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Accept": "*/*"})
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        body = gzip.decompress(raw) if r.headers.get("Content-Encoding") == "gzip" else raw
        return len(raw), body


def first_view_http(base: str, pool: ThreadPoolExecutor) -> tuple[float, int]:
    t0 = time.perf_counter()
    wire, html = fetch(base + "/")
    page = html.decode("utf-8")
    assets = [m for m in re.findall(r'(?:href|src|content)="(/static/[^"]+)"', page)]
    js = next(a for a in assets if "/app.js" in a)
    futures = [pool.submit(fetch, base + a) for a in assets if a != js]
    futures.append(pool.submit(fetch, base + "/api/meta"))
    wire_js, app_js = fetch(base + js)
    # the chunks app.js imports, and the map view's chunk it loads for "/"
    chunks = set(re.findall(r'"\./(chunks/[\w.-]+\.js)"', app_js.decode("utf-8")))
    chunk_bodies = list(pool.map(lambda c: fetch(f"{base}/static/{c}"), sorted(c for c in chunks if "/map-" in c
                                                                             or "/chunk-" in c)))
    wire += wire_js + sum(w for w, _ in chunk_bodies)
    data = [pool.submit(fetch, base + "/api/map"),
            pool.submit(fetch, base + "/api/incidents?limit=50&offset=0&sort=-date")]
    for f in futures + data:
        w, _ = f.result()
        wire += w
    return (time.perf_counter() - t0) * 1000, wire


WATCH = """
new MutationObserver((_, obs) => {
  if (document.querySelector('#incident-list .inc') && document.querySelector('.inc-marker, .inc-cluster')) {
    window.__firstView = performance.now();
    obs.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def first_view_browser(base: str, runs: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    first, basemap = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        for _ in range(runs):
            ctx = b.new_context(viewport={"width": 1400, "height": 900})
            ctx.add_init_script(WATCH)
            pg = ctx.new_page()
            pg.goto(base + "/")
            pg.wait_for_selector("#incident-list .inc", timeout=30000)
            pg.wait_for_selector(".leaflet-overlay-pane canvas", timeout=30000)
            first.append(pg.evaluate("() => window.__firstView"))
            basemap.append(pg.evaluate("() => performance.now()"))
            ctx.close()
        b.close()
    return first, basemap


def summary(label: str, xs: list[float]) -> str:
    return f"{label}: median {statistics.median(xs):.0f} ms (min {min(xs):.0f}, max {max(xs):.0f}, n={len(xs)})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database to serve (default: the demo corpus, built in a temp folder)")
    ap.add_argument("--runs", type=int, default=15, help="measured runs (default 15)")
    ap.add_argument("--browser", action="store_true", help="also measure in headless Chromium (playwright)")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    db = args.db
    if not db:
        from marsad.store import build_demo_db

        db = str(Path(tmp.name) / "demo.db")
        t = time.perf_counter()
        build_demo_db(db)
        print(f"demo database built in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_API_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "marsad.web_cli", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/api/health")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print(proc.stderr.read().decode(errors="replace") if proc.stderr else "", file=sys.stderr)
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=6) as pool:
            first_view_http(base, pool)  # warm-up: the first search-index build, imports, caches
            times, wire = [], 0
            for _ in range(args.runs):
                ms, wire = first_view_http(base, pool)
                times.append(ms)
        print(summary("first view over HTTP (page + assets + first API calls)", times)
              + f"; {wire / 1024:.0f} KiB on the wire")
        if args.browser:
            first_view_browser(base, 1)  # warm-up
            first, basemap = first_view_browser(base, args.runs)
            print(summary("first view in headless Chromium (navigation start to first marker and list row)", first))
            print(summary("  ... and the basemap drawn too (upper bound)", basemap))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
