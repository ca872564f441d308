"""Extraction throughput on the SaudiNewsNet corpus (benchmark only: CC BY-NC-SA, research use).

    python bench/extract_throughput.py [--limit N] [--data ../shared/data/saudinewsnet]

Prints documents/s, characters/s, peak memory, start-up time of the knowledge base,
and how often each event type fires on ordinary news.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path


def articles(folder: Path, limit: int):
    n = 0
    for z in sorted((folder / "dataset").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                for art in json.loads(zf.read(name).decode("utf-8")):
                    if n >= limit:
                        return
                    n += 1
                    yield art


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"))
    args = ap.parse_args()
    folder = Path(args.data)
    if not folder.exists():
        print(f"needs {folder}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    from marsad.knowledge.base import load
    from marsad.pipeline import default_pipeline
    from marsad.ingest.readers import RawInput

    load()
    pipeline = default_pipeline()
    startup = time.perf_counter() - t0

    docs = chars = failed = 0
    types: Counter[str] = Counter()
    modalities: Counter[str] = Counter()
    t1 = time.perf_counter()
    for art in articles(folder, args.limit):
        text = (art.get("title") or "") + "\n\n" + (art.get("content") or "")
        raw = RawInput(art.get("url") or "?", text, False, {"published": (art.get("date_extracted") or "")[:10]})
        try:
            doc = pipeline.process_raw(raw)
        except Exception:
            failed += 1
            continue
        docs += 1
        chars += len(doc.text)
        types.update(e["type"] for e in doc.events)
        modalities.update(e["modality"] for e in doc.events)
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"knowledge base + pipeline start-up: {startup:.2f} s")
    print(f"documents: {docs} (failed {failed}) in {elapsed:.1f} s → {docs / elapsed:.1f} docs/s, "
          f"{chars / elapsed / 1000:.0f} k chars/s")
    print(f"peak RSS: {peak_mb:.0f} MB")
    print("events per 100 documents by type: " + ", ".join(f"{t} {100 * c / max(docs, 1):.1f}" for t, c in types.most_common()))
    print("by modality: " + ", ".join(f"{m} {c}" for m, c in modalities.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
