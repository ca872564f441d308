"""Are incident candidates narrowed soundly? The same articles grouped with and without narrowing.

    python bench/incident_narrowing.py [-n 300] [--data ../shared/data/saudinewsnet]

Ingests the first N SaudiNewsNet articles (benchmark use only, never shipped) into a temporary
database, then rebuilds the incidents twice: with the store's candidate narrowing (place, or a
shared actor where a place may be set aside) and with none (every incident of the same type,
modality class and dates). Sound narrowing gives the same partition of mentions; the times show
what it saves. Lists any mention grouped differently.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_throughput import DEFAULT_DATA, read_articles  # noqa: E402


def partition(conn) -> list[list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for event_id, incident_id in conn.execute("SELECT id, incident_id FROM events ORDER BY id"):
        groups[incident_id].append(event_id)
    return sorted(groups.values())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    from marsad.store import Store, ingest_paths
    from marsad.store import incidents

    tmp = Path(tempfile.mkdtemp())
    src = tmp / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in read_articles(args.data, args.n)),
                   encoding="utf-8")
    store = Store(str(tmp / "bench.db"))
    ingest_paths(store, [str(src)], progress=False)
    n_events = store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    t = time.perf_counter()
    incidents.rebuild(store.conn)
    narrowed, t_narrowed = partition(store.conn), time.perf_counter() - t

    def unnarrowed(conn, m):
        lo, hi = incidents.shift(m.date_start, -1), incidents.shift(m.date_end, 1)
        return conn.execute(
            "SELECT id, loc_id, loc_name, lat, lon, country, admin1, geo_precision, place_basis, extent_km, "
            "date_start, date_end, date_precision FROM incidents "
            "WHERE type = ? AND mclass = ? AND span_start <= ? AND span_end >= ? ORDER BY id",
            (m.type, m.mclass, hi, lo)).fetchall()

    incidents._candidate_rows = unnarrowed
    t = time.perf_counter()
    incidents.rebuild(store.conn)
    loose, t_loose = partition(store.conn), time.perf_counter() - t

    print(f"{args.n} articles, {n_events} event mentions")
    print(f"narrowed:   {len(narrowed)} incidents, rebuilt in {t_narrowed:.1f} s")
    print(f"unnarrowed: {len(loose)} incidents, rebuilt in {t_loose:.1f} s")
    same = narrowed == loose
    print("same grouping" if same else "DIFFERENT grouping")
    if not same:
        where = {e: k for k, group in enumerate(narrowed) for e in group}
        for group in loose:
            if len({where[e] for e in group}) > 1:
                print("  grouped together only without narrowing:", group)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
