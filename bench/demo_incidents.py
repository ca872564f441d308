"""How well the demo corpus's planted structure comes out of the store.

    python bench/demo_incidents.py [--db PATH] [-v]

Builds the demo database (unless --db names an existing one), then reports, against
src/marsad/demo/corpus/expected.json: each planted multi-outlet incident found as one
incident holding all its articles (or not), suspicious merges (one incident holding the
primary reports of two planted incidents of its type, beyond their known later mentions), asserted ASSAULT mentions in threat and
false-claim articles, and the militias–US weekly tension next to the written curve.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

EXPECTED = Path(__file__).resolve().parents[1] / "src" / "marsad" / "demo" / "corpus" / "expected.json"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("-v", action="store_true", help="list the mentions of each missed incident")
    args = ap.parse_args()
    db = args.db
    if not db or not Path(db).exists():
        from marsad.store.demo import build_demo_db

        db = db or str(Path(tempfile.mkdtemp()) / "demo.db")
        build_demo_db(db)
    exp = json.loads(EXPECTED.read_text(encoding="utf-8"))
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row

    found = 0
    for inc in exp["incidents"]:
        arts = inc["articles"]
        rows = con.execute(
            f"SELECT e.incident_id inc, d.input_id art, e.modality, e.trigger_text, e.loc_name, e.date_value "
            f"FROM events e JOIN documents d ON d.id = e.doc_id "
            f"WHERE d.input_id IN ({','.join('?' * len(arts))}) AND e.type = ?", (*arts, inc["type"])).fetchall()
        by_inc: dict = {}
        for r in rows:
            by_inc.setdefault(r["inc"], set()).add(r["art"])
        ok = any(set(arts) <= a for a in by_inc.values())
        found += ok
        print(f"{'one incident ' if ok else 'split        '} {inc['id']:<40} {inc['type']:<8} {len(arts)} reports")
        if args.v and not ok:
            for r in rows:
                print(f"      {r['art']} incident {r['inc']} {r['modality']} «{r['trigger_text']}» @ {r['loc_name']} {r['date_value']}")
    print(f"planted multi-outlet incidents merged into one incident: {found} / {len(exp['incidents'])}")

    # a false merge: one incident holding the primary reports of two planted incidents of its type,
    # unless every article in it is a report or a known later mention of one of them
    suspicious = 0
    for row in con.execute("SELECT e.incident_id inc, group_concat(DISTINCT d.input_id) arts, e.type FROM events e "
                           "JOIN documents d ON d.id = e.doc_id GROUP BY e.incident_id"):
        arts = set(row["arts"].split(","))
        planted = [p for p in exp["incidents"] if p["type"] == row["type"] and arts & set(p["articles"])]
        if len(planted) > 1 and not any(arts <= set(p["articles"]) | set(p.get("mentioned_in", [])) for p in planted):
            suspicious += 1
            if args.v:
                print(f"  suspicious merge: incident {row['inc']} {row['type']} {sorted(arts)}")
    print(f"incidents holding the primary reports of two planted incidents: {suspicious}")

    bad = 0
    checks = exp["threats_not_carried_out"] + [d for d in exp["denials"] if not d.get("event_occurred", True)]
    for t in checks:
        n = con.execute("SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id WHERE d.input_id = ? "
                        "AND e.type = 'ASSAULT' AND e.modality = 'asserted'", (t["article"],)).fetchone()[0]
        bad += n
        if n:
            print(f"  {t['article']}: {n} asserted ASSAULT mention(s) (threat or false claim article; may be background)")
    print(f"asserted ASSAULT mentions in threat / false-claim articles: {bad}")

    from marsad.store.api import open_store

    with open_store(db) as store:
        series = store.tension("IRQ_PMF", "USA", by="week")
    written = exp["tension_militias_us"]["by_week"]
    print("week       written    measured")
    measured = {str(r.get("label") or r.get("period")): r for r in series.to_dict("records")}
    for week, level in written.items():
        row = next((r for k, r in measured.items() if week in k), None)
        value = row.get("index", row.get("tension")) if row else 0.0
        print(f"{week}  {level:<9}  {value if value is not None else 0:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
