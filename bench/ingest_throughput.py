"""Ingest throughput: N SaudiNewsNet articles → a fresh temporary database.

    python bench/ingest_throughput.py -n 2000 [--data ../shared/data/saudinewsnet] [--keep DB]

Reads the first N articles in file-name order (benchmark use only: the corpus is
CC BY-NC-SA and is never shipped), writes them as JSON Lines to a temp folder,
then times `marsad.store.ingest_paths` (the same code `marsad ingest` runs:
extraction, near-duplicate detection, incidents, one commit per document) and
reports documents/second, the split between extraction and storing, and the
process's peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"


def read_articles(data: Path, n: int) -> list[dict]:
    out: list[dict] = []
    for zpath in sorted((data / "dataset").glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in sorted(m for m in zf.namelist() if m.endswith(".json")):
                for rec in json.loads(zf.read(name).decode("utf-8")):
                    content = (rec.get("content") or "").strip()
                    if not content:
                        continue
                    out.append({
                        "id": f"snn-{len(out)}", "url": rec.get("url") or None, "title": rec.get("title") or None,
                        "published": (rec.get("date_extracted") or "")[:10] or None,
                        "outlet": rec.get("source") or None, "text": content,
                    })
                    if len(out) >= n:
                        return out
    return out


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--keep", metavar="DB", help="keep the database at this path")
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args()
    if not (args.data / "dataset").is_dir():
        print(f"bench: {args.data}/dataset not found (SaudiNewsNet is in ../shared)", file=sys.stderr)
        return 2

    sys.path.insert(0, str(ROOT / "src"))
    from marsad.pipeline import default_pipeline
    from marsad.store import Store, ingest_paths

    articles = read_articles(args.data, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        db = Path(args.keep) if args.keep else Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        pipe = default_pipeline()
        from marsad.ingest.readers import RawInput

        pipe.process_raw(RawInput("<warm-up>", "تمهيد. " * 20, False, {}))  # load dictionaries outside the timing
        warm = time.perf_counter() - t0
        with Store(db) as store:
            s = ingest_paths(store, [str(src)], pipeline=pipe, progress=args.progress or None)
            stats = store.stats()
        size_mb = sum(os.path.getsize(p) for p in (db, Path(str(db) + "-wal")) if p.exists()) / 1e6
    chars = sum(len(a["text"]) for a in articles)
    print(f"articles: {s.inputs} ({chars / 1e6:.1f} M characters) from {args.data.name}")
    print(f"stored {s.stored} (near-duplicates {s.near_duplicates}), duplicates {s.duplicates}, failed {s.failed}; "
          f"{stats['events']} event mentions, {stats['incidents']} incidents, {stats['stories']} stories")
    print(f"time: {s.seconds:.1f} s → {s.inputs / s.seconds:.1f} docs/s "
          f"(extraction {s.extract_seconds:.1f} s, storing {s.store_seconds:.1f} s; warm-up {warm:.1f} s not counted)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB; database {size_mb:.1f} MB")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
