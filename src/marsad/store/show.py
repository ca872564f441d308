"""`marsad incident show` / `list`: an incident, its mentions and why each one was merged."""
from __future__ import annotations

import json
import sqlite3

from .mentions import actor_label
from .query import Filters, incidents, sentence_text


def incident_detail(conn: sqlite3.Connection, incident_id: int) -> dict | None:
    found = incidents(conn, ids=[incident_id], with_mentions=False)
    if not found:
        return None
    inc = found[0]
    ms = []
    for r in conn.execute(
            """SELECT e.*, d.url, d.outlet, d.source AS agency, d.title, d.published, d.duplicate_of, d.similarity
               FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = ? ORDER BY e.id""",
            (incident_id,)):
        m = dict(r)
        m["actor"] = json.loads(m["actor"] or "[]")
        m["recipient"] = json.loads(m["recipient"] or "[]")
        m["merge_reasons"] = json.loads(m["merge_reasons"]) if m["merge_reasons"] else None
        m["sentence"] = " ".join(sentence_text(conn, m).split())
        m.pop("data", None)
        ms.append(m)
    inc["mentions"] = ms
    return inc


def _place(inc: dict) -> str:
    name = inc.get("loc_name") or inc.get("loc_id")
    if not (name or inc.get("country")):
        return "unknown"
    parts = [name or "(country only)"]
    extra = ", ".join(x for x in (inc.get("admin1"), inc.get("country")) if x)
    if extra:
        parts.append(f"({extra})")
    if inc.get("lat") is not None:
        parts.append(f"{inc['lat']:.4f}, {inc['lon']:.4f}")
    if inc.get("geo_precision"):
        parts.append(f"[{inc['geo_precision']}]")
    return " ".join(parts)


def _side(side: list[dict]) -> str:
    if not side:
        return "unknown"
    return "; ".join(f"{actor_label(a)}" + (f" ({a['id']})" if a.get("id") and a.get("id") != actor_label(a) else "")
                     + (f" ×{a['mentions']}" if a.get("mentions", 1) > 1 else "") for a in side)


def _date(inc: dict) -> str:
    if not inc.get("date_start"):
        return "unknown date"
    d = inc["date_start"] if inc["date_start"] == inc["date_end"] else f"{inc['date_start']}..{inc['date_end']}"
    return f"{d} ({inc.get('date_precision') or 'day'})"


def format_incident(inc: dict) -> str:
    head = f"Incident {inc['id']}: {inc['type']}" + (f" ({inc['mode']})" if inc.get("mode") else "") + f", {inc['modality']}"
    lines = [head, f"  date:      {_date(inc)}", f"  place:     {_place(inc)}",
             f"  actor:     {_side(inc['actor1'])}", f"  recipient: {_side(inc['actor2'])}"]
    size = ", ".join(f"{k} {inc[k]}" for k in ("dead", "injured", "arrested", "quantity") if inc.get(k) is not None)
    if size:
        lines.append(f"  size:      {size} (highest figure reported)")
    if inc.get("score") is not None:
        lines.append(f"  score:     {inc['score']:+.1f} (quad {inc.get('quad')}), cameo {inc.get('cameo') or '-'}")
    lines.append(f"  reported:  {inc['n_mentions']} mention(s) in {inc['n_documents']} article(s), "
                 f"{inc['n_stories']} story(ies), {inc['n_sources']} outlet(s)")
    lines.append("")
    lines.append("Mentions")
    for m in inc["mentions"]:
        outlet = m.get("outlet") or "?"
        if m.get("agency"):
            outlet += f" / {m['agency']}"
        lines.append(f"  [mention {m['id']}] {m.get('published') or '????-??-??'}  {outlet}  document {m['doc_id']}"
                     + (f"  «{m['title']}»" if m.get("title") else ""))
        if m.get("url"):
            lines.append(f"      url: {m['url']}")
        if m.get("duplicate_of"):
            lines.append(f"      near-duplicate of document {m['duplicate_of']} (Jaccard {m.get('similarity') or 0:.2f})")
        trig = m.get("trigger_text") or "?"
        lines.append(f"      {m['type']}, {m['modality']}; trigger «{trig}» [{m.get('field') or 'text'} "
                     f"{m.get('trigger_start')}:{m.get('trigger_end')}]; date {m.get('date_start') or '?'}"
                     + (" (article date)" if m.get("date_from") == "published" else "")
                     + f"; place {m.get('loc_name') or m.get('loc_id') or m.get('country') or '?'}"
                     + (" (country of the dateline)" if m.get("place_from") == "dateline" else ""))
        lines.append(f"      actor {_side(m['actor'])} → recipient {_side(m['recipient'])}")
        if m.get("sentence"):
            lines.append(f"      sentence: {m['sentence']}")
        if m.get("merge_reasons"):
            lines.append(f"      merged with mention {m['merged_with']} because:")
            lines += [f"        - {r}" for r in m["merge_reasons"]]
        else:
            lines.append("      first mention of this incident")
    return "\n".join(lines)


def list_lines(conn: sqlite3.Connection, filters: Filters | None = None, limit: int | None = None) -> list[str]:
    out = []
    for inc in incidents(conn, filters, with_mentions=False)[: limit or None]:
        a1 = actor_label(inc["actor1"][0]) if inc["actor1"] else "?"
        a2 = actor_label(inc["actor2"][0]) if inc["actor2"] else "?"
        place = inc.get("loc_name") or inc.get("loc_id") or inc.get("country") or "?"
        out.append(f"{inc['id']:>6}  {inc.get('date_start') or '????-??-??'}  {inc['type']:<9} {inc['modality']:<12} "
                   f"{a1} → {a2} @ {place}  ({inc['n_mentions']} mention(s), {inc['n_sources']} outlet(s))")
    return out
