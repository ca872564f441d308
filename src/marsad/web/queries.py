"""Read-only queries for the web API, on top of the store's own (store.query, store.aggregate).

The store filters incidents by type, country, since/until, modality and actor
(`store.query.Filters`). The dashboard adds mode, recipient, place, a bounding
box and a text query; `WebFilters` holds both and `find_incidents` applies them:
the store's SQL first, then the extra conditions (SQL where they can be, always
with bound parameters), then the store's own `Filters.keep` for country and actor.

Text search uses an SQLite FTS5 index of every document's normalized text
(`marsad.text.normalize`), built lazily in tables named `web_search*` of the same
database (in memory when the database is read-only). Each word is indexed three
ways: as written (normalized), with its proclitics removed (و ف ب ل ك ال لل) and
as a consonant skeleton (long vowels and hamza dropped), so that "الامريكية"
finds "الأميركية" and "العراق" finds "بالعراق"; matches on the written form rank first.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sqlite3
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..store.aggregate import ActorSpec, PERIODS, all_periods, period_label, tally_counts
from ..store.aggregate import tension as store_tension
from ..store.db import Store
from ..store.mentions import MODALITY_CLASS, MODALITY_CLASSES, actor_label
from ..store.query import FilterError, Filters
from ..text.normalize import normalize
from ..text.tokens import clitic_variants, tokenize

# PLOVER event types, cooperation first (quad class 1-2), then conflict (3-4).
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "REQUEST", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = tuple(MODALITY_CLASS)
GROUPS = ("type", "place", "actor", "modality", "country", "none")
SORTS = ("-date", "date", "-mentions", "-dead")
MAX_SEARCH_HITS = 20000

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BadRequest(ValueError):
    """A parameter the client got wrong; the message says which and why."""


# -- filters -------------------------------------------------------------------

def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def check_date(value: str | None, what: str) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY, and a real date; None when empty."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise BadRequest(f"{what} must be YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
        elif len(text) == 7:
            dt.date(int(text[:4]), int(text[5:7]), 1)
        elif int(text) < 1:
            raise ValueError
    except ValueError:
        raise BadRequest(f"{what} is not a valid date: {value!r}") from None
    return text


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or not str(value).strip():
        return None
    parts = [p.strip() for p in str(value).split(",")]
    if len(parts) != 4:
        raise BadRequest("bbox must be minlon,minlat,maxlon,maxlat (four numbers)")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        raise BadRequest(f"bbox must be four numbers, got {value!r}") from None
    if not all(math.isfinite(n) for n in nums):
        raise BadRequest("bbox numbers must be finite")
    minlon, minlat, maxlon, maxlat = nums
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180):
        raise BadRequest("bbox longitudes must be between -180 and 180")
    if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise BadRequest("bbox latitudes must be between -90 and 90")
    if minlat > maxlat:
        raise BadRequest("bbox minlat must not exceed maxlat")
    return minlon, minlat, maxlon, maxlat


@dataclass
class WebFilters:
    """The store's filters plus the dashboard's own."""

    base: Filters = field(default_factory=Filters)
    modes: list[str] = field(default_factory=list)
    recipient: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None

    @classmethod
    def make(cls, type=None, mode=None, modality=None, actor=None, recipient=None, country=None, place=None,
             bbox=None, since=None, until=None, q=None) -> "WebFilters":
        types = [t.upper() for t in _as_list(type)]
        unknown = [t for t in types if t not in PLOVER_TYPES]
        if unknown:
            raise BadRequest(f"unknown event type {', '.join(unknown)}; use one of {', '.join(PLOVER_TYPES)}")
        since, until = check_date(since, "since"), check_date(until, "until")
        if since and until and since > until and len(since) == len(until):
            raise BadRequest("since is after until")
        for c in _as_list(country):
            if not re.fullmatch(r"[A-Za-z]{2,3}", c):
                raise BadRequest(f"country must be an ISO3 code such as IRQ, got {c!r}")
        try:
            base = Filters.make(type=types or None, country=country or None, since=since, until=until,
                                modality=modality or None, actor=(actor or "").strip() or None)
        except FilterError as exc:
            raise BadRequest(str(exc)) from None
        except ValueError as exc:  # e.g. a month that does not exist
            raise BadRequest(f"bad filter value: {exc}") from None
        q = (q or "").strip() or None
        if q and not query_terms(q):
            raise BadRequest("q has no word to search for")
        return cls(base=base, modes=[m.lower() for m in _as_list(mode)], recipient=(recipient or "").strip() or None,
                   place=(place or "").strip() or None, bbox=parse_bbox(bbox), q=q)

    def incident_level(self) -> bool:
        """Any filter about incidents (not dates, not text)?"""
        b = self.base
        return bool(b.types or b.countries or b.modalities or b.classes or b.actor or self.modes
                    or self.recipient or self.place or self.bbox)


# -- connections ---------------------------------------------------------------

class Database:
    """One store connection per thread (sqlite3 connections stay in their thread), read-only use."""

    def __init__(self, path: str):
        self.path = str(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._writer: Store | None = None
        self.search = SearchIndex(self)
        self._cache: OrderedDict[str, tuple[tuple, list[dict]]] = OrderedDict()
        self._cache_lock = threading.Lock()
        first = self.store()  # fails early: no database, or a schema newer than this Marsad
        self.schema_version = first.schema_version

    def store(self) -> Store:
        s = getattr(self._local, "store", None)
        if s is None:
            s = Store(self.path, create=False)
            prepare(s.conn)
            self._local.store = s
        return s

    def conn(self) -> sqlite3.Connection:
        return self.store().conn

    def fingerprint(self) -> tuple:
        """Changes whenever a transaction commits (WAL mode writes the -wal file; a checkpoint the db)."""
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.path + suffix)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def cached(self, key: str, compute):
        """compute() once per key while the database is unchanged (a few recent keys are kept)."""
        fp = self.fingerprint()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == fp:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute()
        with self._cache_lock:
            self._cache[key] = (fp, value)
            self._cache.move_to_end(key)
            while len(self._cache) > 16:
                self._cache.popitem(last=False)
        return value

    def write(self, fn):
        """Run fn(store) with the one writer connection (HTTP ingest)."""
        with self._write_lock:
            if self._writer is None:
                self._writer = Store(self.path, create=False)
                prepare(self._writer.conn)
            return fn(self._writer)


def _norm_sql(value):
    return normalize(value) if isinstance(value, str) else value


def prepare(conn: sqlite3.Connection) -> None:
    conn.create_function("web_norm", 1, _norm_sql, deterministic=True)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _j(value: str | None, default):
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


# -- incidents -----------------------------------------------------------------

def _actor_brief(a: dict) -> dict:
    return {"id": a.get("id"), "label": actor_label(a), "text": a.get("text"), "country": a.get("country"),
            "sector": a.get("sector"), "mentions": a.get("mentions", 1)}


def incident_summary(inc: dict) -> dict:
    a1, a2 = inc.get("actor1") or [], inc.get("actor2") or []
    return {
        "id": inc["id"], "type": inc["type"], "mode": inc.get("mode"), "modality": inc["modality"],
        "modality_class": inc["mclass"], "cameo": inc.get("cameo"), "score": inc.get("score"), "quad": inc.get("quad"),
        "date": inc.get("date_start"), "date_end": inc.get("date_end"), "date_precision": inc.get("date_precision"),
        "place": inc.get("loc_name") or inc.get("loc_id"), "location_id": inc.get("loc_id"),
        "admin1": inc.get("admin1"), "country": inc.get("country"), "lat": inc.get("lat"), "lon": inc.get("lon"),
        "geo_precision": inc.get("geo_precision"),
        "actor": actor_label(a1[0]) if a1 else None, "actor_id": a1[0].get("id") if a1 else None,
        "recipient": actor_label(a2[0]) if a2 else None, "recipient_id": a2[0].get("id") if a2 else None,
        "actors": [_actor_brief(a) for a in a1], "recipients": [_actor_brief(a) for a in a2],
        "dead": inc.get("dead"), "injured": inc.get("injured"), "arrested": inc.get("arrested"),
        "quantity": inc.get("quantity"), "confidence": inc.get("confidence"),
        "n_mentions": inc.get("n_mentions") or 0, "n_documents": inc.get("n_documents") or 0,
        "n_stories": inc.get("n_stories") or 0, "n_sources": inc.get("n_sources") or 0,
    }


def find_incidents(db: Database, wf: WebFilters, sort: str = "-date") -> list[dict]:
    """Incident rows (dicts, actors decoded) passing every filter, sorted. Treat them as read-only:
    the same dicts are shared by the requests that ask for the same filters until the data change."""
    rows = db.cached(f"incidents:{wf!r}", lambda: _find_incidents(db, wf))
    return sort_incidents(list(rows), sort)


def _find_incidents(db: Database, wf: WebFilters) -> list[dict]:
    conn = db.conn()
    where, params = wf.base.sql("i")
    extra: list[str] = []
    if wf.modes:
        extra.append(f"lower(COALESCE(i.mode, '')) IN ({','.join('?' * len(wf.modes))})")
        params += wf.modes
    if wf.bbox:
        minlon, minlat, maxlon, maxlat = wf.bbox
        extra.append("i.lat BETWEEN ? AND ?")
        params += [minlat, maxlat]
        if minlon <= maxlon:
            extra.append("i.lon BETWEEN ? AND ?")
            params += [minlon, maxlon]
        else:  # the box crosses the antimeridian
            extra.append("(i.lon >= ? OR i.lon <= ?)")
            params += [minlon, maxlon]
    if wf.place:
        p, pn = wf.place, normalize(wf.place).strip()
        extra.append("(i.loc_id = ? COLLATE NOCASE OR i.loc_name = ? COLLATE NOCASE OR i.admin1 = ? COLLATE NOCASE"
                     " OR i.id IN (SELECT e.incident_id FROM events e WHERE e.loc_id = ? COLLATE NOCASE"
                     " OR e.loc_name = ? COLLATE NOCASE OR web_norm(json_extract(e.location, '$.text')) = ?))")
        params += [p, p, p, p, p, pn]
    if wf.q:
        rowids = db.search.match(wf.q)
        extra.append("i.id IN (SELECT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id"
                     " WHERE d.rowid IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(rowids))
    sql = f"SELECT i.* FROM incidents i WHERE {where}" + "".join(f" AND {c}" for c in extra)
    matcher = ActorSpec(wf.base.actor) if wf.base.actor else None
    rspec = ActorSpec(wf.recipient) if wf.recipient else None
    out = []
    for r in conn.execute(sql, params):
        inc = dict(r)
        inc["actor1"] = _j(inc["actor1"], [])
        inc["actor2"] = _j(inc["actor2"], [])
        if not wf.base.keep(inc, matcher):
            continue
        if rspec is not None and not any(rspec.matches(a) for a in inc["actor2"]):
            continue
        out.append(inc)
    return out


def sort_incidents(incs: list[dict], sort: str) -> list[dict]:
    if sort == "date":
        incs.sort(key=lambda i: (i["date_start"] is None, i["date_start"] or "", i["id"]))
    elif sort == "-mentions":
        incs.sort(key=lambda i: (-(i["n_mentions"] or 0), -(i["id"])))
    elif sort == "-dead":
        incs.sort(key=lambda i: (-(i["dead"] or 0), -(i["id"])))
    else:
        incs.sort(key=lambda i: (i["date_start"] or "", i["id"]), reverse=True)
        incs.sort(key=lambda i: i["date_start"] is None)
    return incs


def headlines(db: Database, ids: list[int]) -> dict[int, dict]:
    """The earliest report's title, outlet and date for each incident id."""
    if not ids:
        return {}
    out: dict[int, dict] = {}
    for r in db.conn().execute(
            """SELECT e.incident_id, d.id AS doc_id, d.title, d.outlet, d.published FROM events e
               JOIN documents d ON d.id = e.doc_id WHERE e.incident_id IN (SELECT value FROM json_each(?))
               ORDER BY d.published IS NULL, d.published, e.id""", (json.dumps(ids),)):
        out.setdefault(r["incident_id"], {"doc_id": r["doc_id"], "title": r["title"], "outlet": r["outlet"],
                                          "published": r["published"]})
    return out


def incident_page(db: Database, incs: list[dict]) -> list[dict]:
    heads = headlines(db, [i["id"] for i in incs])
    out = []
    for inc in incs:
        s = incident_summary(inc)
        s["headline"] = heads.get(inc["id"])
        out.append(s)
    return out


def map_points(incs: Iterable[dict], limit: int) -> tuple[int, list[dict]]:
    pts = []
    n = 0
    for inc in incs:
        if inc.get("lat") is None or inc.get("lon") is None:
            continue
        n += 1
        if len(pts) < limit:
            a1, a2 = inc["actor1"], inc["actor2"]
            pts.append({"id": inc["id"], "type": inc["type"], "lat": inc["lat"], "lon": inc["lon"],
                        "date": inc["date_start"], "place": inc["loc_name"] or inc["loc_id"],
                        "modality": inc["modality"], "n_mentions": inc["n_mentions"] or 0, "dead": inc["dead"],
                        "actor": actor_label(a1[0]) if a1 else None, "recipient": actor_label(a2[0]) if a2 else None})
    return n, pts


def incident_detail(db: Database, incident_id: int) -> dict | None:
    from ..store.show import incident_detail as store_detail

    inc = store_detail(db.conn(), incident_id)
    if inc is None:
        return None
    out = incident_summary(inc)
    out["created_at"], out["updated_at"] = inc.get("created_at"), inc.get("updated_at")
    out["span_start"], out["span_end"] = inc.get("span_start"), inc.get("span_end")
    mentions = []
    for m in inc["mentions"]:
        loc = _j(m.get("location"), None) if isinstance(m.get("location"), str) else m.get("location")
        mentions.append({
            "id": m["id"], "doc_id": m["doc_id"], "story_id": m["story_id"], "title": m.get("title"),
            "url": m.get("url"), "outlet": m.get("outlet"), "agency": m.get("agency"), "published": m.get("published"),
            "duplicate_of": m.get("duplicate_of"), "similarity": m.get("similarity"),
            "type": m["type"], "mode": m.get("mode"), "modality": m["modality"], "score": m.get("score"),
            "field": m.get("field"), "trigger": m.get("trigger_text"), "trigger_start": m.get("trigger_start"),
            "trigger_end": m.get("trigger_end"), "sentence_start": m.get("sentence_start"),
            "sentence_end": m.get("sentence_end"), "sentence": m.get("sentence"),
            "date": m.get("date_start"), "date_end": m.get("date_end"), "date_precision": m.get("date_precision"),
            "date_from": m.get("date_from"), "place": m.get("loc_name") or m.get("loc_id"), "location": loc,
            "country": m.get("country"), "lat": m.get("lat"), "lon": m.get("lon"),
            "actors": [_actor_brief(a) for a in m.get("actor") or []],
            "recipients": [_actor_brief(a) for a in m.get("recipient") or []],
            "dead": m.get("dead"), "injured": m.get("injured"), "arrested": m.get("arrested"),
            "quantity": m.get("quantity"), "confidence": m.get("confidence"),
            "merged_with": m.get("merged_with"), "merge_reasons": m.get("merge_reasons"),
        })
    out["mentions"] = mentions
    return out


# -- events (mentions) ---------------------------------------------------------

def find_events(db: Database, wf: WebFilters, doc_id: str | None = None) -> list[dict]:
    conn = db.conn()
    if doc_id is not None and not (wf.incident_level() or wf.base.since or wf.base.until or wf.q):
        rows = conn.execute("""SELECT e.*, d.title, d.outlet, d.published, d.url FROM events e
                               JOIN documents d ON d.id = e.doc_id WHERE e.doc_id = ? ORDER BY e.idx""", (doc_id,))
        return [event_record(dict(r)) for r in rows]
    ids = [i["id"] for i in find_incidents(db, wf)]
    sql = """SELECT e.*, d.title, d.outlet, d.published, d.url FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE e.incident_id IN (SELECT value FROM json_each(?))"""
    params: list = [json.dumps(ids)]
    if doc_id is not None:
        sql += " AND e.doc_id = ?"
        params.append(doc_id)
    sql += " ORDER BY d.published IS NULL, d.published DESC, e.id"
    return [event_record(dict(r)) for r in conn.execute(sql, params)]


def event_record(r: dict) -> dict:
    actors, recipients = _j(r.get("actor"), []), _j(r.get("recipient"), [])
    return {
        "id": r["id"], "incident_id": r["incident_id"], "doc_id": r["doc_id"], "idx": r["idx"],
        "story_id": r["story_id"], "title": r.get("title"), "outlet": r.get("outlet"), "published": r.get("published"),
        "url": r.get("url"), "type": r["type"], "mode": r["mode"], "cameo": r["cameo"], "score": r["score"],
        "quad": r["quad"], "modality": r["modality"], "modality_class": r["mclass"], "field": r["field"],
        "trigger": r["trigger_text"], "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"],
        "sentence_start": r["sentence_start"], "sentence_end": r["sentence_end"],
        "actors": [_actor_brief(a) for a in actors], "recipients": [_actor_brief(a) for a in recipients],
        "location": _j(r.get("location"), None), "place": r["loc_name"] or r["loc_id"], "country": r["country"],
        "lat": r["lat"], "lon": r["lon"], "date": r["date_start"], "date_end": r["date_end"],
        "date_precision": r["date_precision"], "date_from": r["date_from"], "dead": r["dead"],
        "injured": r["injured"], "arrested": r["arrested"], "quantity": r["quantity"],
        "confidence": r["confidence"], "merged_with": r["merged_with"], "merge_reasons": _j(r.get("merge_reasons"), None),
    }


# -- documents -----------------------------------------------------------------

def find_documents(db: Database, wf: WebFilters, outlet: str | None = None, sort: str = "-date",
                   limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    conn = db.conn()
    where, params = ["1"], []
    if wf.base.since:
        where.append("d.published >= ?")
        params.append(wf.base.since)
    if wf.base.until:
        where.append("d.published <= ?")
        params.append(_until_day(wf.base.until))
    if outlet:
        where.append("(d.outlet = ? COLLATE NOCASE OR d.source = ? COLLATE NOCASE)")
        params += [outlet, outlet]
    if wf.incident_level():
        ids = [i["id"] for i in find_incidents(db, replace(wf, base=replace(wf.base, since=None, until=None), q=None))]
        where.append("d.id IN (SELECT e.doc_id FROM events e WHERE e.incident_id IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(ids))
    rank: dict[int, int] = {}
    if wf.q:
        rowids = db.search.match(wf.q)
        rank = {r: n for n, r in enumerate(rowids)}
        where.append("d.rowid IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(rowids))
    rows = conn.execute(f"SELECT d.rowid AS rid, d.id, d.published FROM documents d WHERE {' AND '.join(where)}",
                        params).fetchall()
    if wf.q and sort == "relevance":
        rows.sort(key=lambda r: rank.get(r["rid"], 1 << 30))
    elif sort == "date":
        rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["rid"]))
    else:
        rows.sort(key=lambda r: (r["published"] or "", r["rid"]), reverse=True)
        rows.sort(key=lambda r: r["published"] is None)
    total = len(rows)
    page = [r["id"] for r in rows[offset:offset + limit]]
    return total, document_briefs(db, page, wf.q)


def _until_day(until: str) -> str:
    return until if len(until) == 10 else until + "-99"  # "2025-01" covers every day of the month


def document_briefs(db: Database, ids: list[str], q: str | None = None) -> list[dict]:
    if not ids:
        return []
    conn = db.conn()
    found = {}
    for r in conn.execute(
            """SELECT d.id, d.title, d.url, d.outlet, d.source, d.published, d.story_id, d.duplicate_of, d.similarity,
                      length(d.text) AS chars, d.text,
                      (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id) AS n_events,
                      (SELECT COUNT(*) FROM entities n WHERE n.doc_id = d.id) AS n_entities,
                      (SELECT COUNT(*) FROM quotes q WHERE q.doc_id = d.id) AS n_quotes
               FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))""", (json.dumps(ids),)):
        rec = dict(r)
        text = rec.pop("text")
        rec["agency"] = rec.pop("source")
        rec["snippet"] = snippet(text, q) if q else {"text": _lead(text), "marks": []}
        found[rec["id"]] = rec
    return [found[i] for i in ids if i in found]


def _lead(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def document_detail(db: Database, doc_id: str) -> dict | None:
    conn = db.conn()
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    d = dict(row)
    out = {
        "id": d["id"], "input_id": d["input_id"], "url": d["url"], "outlet": d["outlet"], "title": d["title"],
        "section": _j(d["section"], []), "agency": d["source"], "published": d["published"],
        "published_from": d["published_from"], "dateline": _j(d["dateline"], None), "text": d["text"],
        "captions": _j(d["captions"], []), "dates": _j(d["dates"], []), "quantities": _j(d["quantities"], []),
        "warnings": _j(d["warnings"], []), "story_id": d["story_id"], "duplicate_of": d["duplicate_of"],
        "similarity": d["similarity"], "containment": d["containment"], "ingested_at": d["ingested_at"],
        "marsad_version": d["marsad_version"],
    }
    out["sentences"] = [{"start": r["start"], "end": r["end"]} for r in conn.execute(
        'SELECT start, "end" FROM sentences WHERE doc_id = ? ORDER BY idx', (doc_id,))]
    ents = []
    for r in conn.execute("SELECT idx, data FROM entities WHERE doc_id = ? ORDER BY idx", (doc_id,)):
        e = _j(r["data"], {})
        e["idx"] = r["idx"]
        ents.append(e)
    out["entities"] = ents
    quotes = []
    for r in conn.execute("SELECT idx, data FROM quotes WHERE doc_id = ? ORDER BY idx", (doc_id,)):
        q = _j(r["data"], {})
        q["idx"] = r["idx"]
        quotes.append(q)
    out["quotes"] = quotes
    out["events"] = [event_record(dict(r)) for r in conn.execute(
        """SELECT e.*, d.title, d.outlet, d.published, d.url FROM events e JOIN documents d ON d.id = e.doc_id
           WHERE e.doc_id = ? ORDER BY e.idx""", (doc_id,))]
    out["story"] = [dict(r) for r in conn.execute(
        """SELECT id, title, outlet, published, duplicate_of, similarity FROM documents
           WHERE story_id = ? AND id != ? ORDER BY published, id""", (d["story_id"], doc_id))]
    return out


# -- quotes, speakers, entities, actors ------------------------------------------

def _speaker_sql(speaker: str) -> tuple[str, list]:
    return ("(q.speaker_id = ? COLLATE NOCASE OR q.speaker_name = ? COLLATE NOCASE"
            " OR web_norm(q.speaker_text) LIKE ? ESCAPE '\\')",
            [speaker, speaker, _like(normalize(speaker).strip())])


def _quote_where(speaker, doc_id, q, direct, since, until) -> tuple[str, list]:
    where, params = ["1"], []
    if speaker:
        s, p = _speaker_sql(speaker)
        where.append(s)
        params += p
    if doc_id:
        where.append("q.doc_id = ?")
        params.append(doc_id)
    if q:
        where.append("web_norm(q.text) LIKE ? ESCAPE '\\'")
        params.append(_like(normalize(q).strip()))
    if direct is not None:
        where.append("q.direct = ?")
        params.append(1 if direct else 0)
    if since:
        where.append("d.published >= ?")
        params.append(since)
    if until:
        where.append("d.published <= ?")
        params.append(_until_day(until))
    return " AND ".join(where), params


def find_quotes(db: Database, speaker=None, doc_id=None, q=None, direct=None, since=None, until=None,
                limit=50, offset=0) -> tuple[int, list[dict]]:
    conn = db.conn()
    where, params = _quote_where(speaker, doc_id, q, direct, since, until)
    base = f"FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {where}"
    total = conn.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
    items = []
    for r in conn.execute(f"""SELECT q.*, d.title, d.outlet, d.published {base}
                              ORDER BY d.published IS NULL, d.published DESC, q.doc_id, q.idx LIMIT ? OFFSET ?""",
                          params + [limit, offset]):
        data = _j(r["data"], {})
        sp = data.get("speaker") if isinstance(data.get("speaker"), dict) else {}
        items.append({
            "doc_id": r["doc_id"], "idx": r["idx"], "field": r["field"], "start": r["start"], "end": r["end"],
            "text": r["text"], "direct": None if r["direct"] is None else bool(r["direct"]),
            "speaker": {"text": r["speaker_text"], "id": r["speaker_id"], "name_en": r["speaker_name"],
                        "role": sp.get("role"), "country": sp.get("country"), "affiliation": sp.get("affiliation"),
                        "anonymous": sp.get("anonymous")} if (r["speaker_text"] or r["speaker_id"]) else None,
            "verb": (data.get("verb") or {}).get("text") if isinstance(data.get("verb"), dict) else None,
            "title": r["title"], "outlet": r["outlet"], "published": r["published"],
        })
    return total, items


def find_speakers(db: Database, q=None, since=None, until=None, limit=50, offset=0) -> tuple[int, list[dict]]:
    conn = db.conn()
    where, params = _quote_where(None, None, None, None, since, until)
    where += " AND (q.speaker_id IS NOT NULL OR q.speaker_text IS NOT NULL)"
    if q:
        where += (" AND (q.speaker_id LIKE ? ESCAPE '\\' OR q.speaker_name LIKE ? ESCAPE '\\'"
                  " OR web_norm(q.speaker_text) LIKE ? ESCAPE '\\')")
        params += [_like(q.strip()), _like(q.strip()), _like(normalize(q).strip())]
    grouped = f"""SELECT COALESCE(q.speaker_id, web_norm(q.speaker_text)) AS k, MAX(q.speaker_id) AS id,
                         MAX(q.speaker_name) AS name_en, COUNT(*) AS quotes, COUNT(DISTINCT q.doc_id) AS documents,
                         MAX(d.published) AS last
                  FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {where} GROUP BY k"""
    total = conn.execute(f"SELECT COUNT(*) FROM ({grouped})", params).fetchone()[0]
    rows = conn.execute(f"{grouped} ORDER BY quotes DESC, k LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    items = []
    for r in rows:
        texts = Counter(t for (t,) in conn.execute(
            "SELECT speaker_text FROM quotes WHERE COALESCE(speaker_id, web_norm(speaker_text)) = ? "
            "AND speaker_text IS NOT NULL", (r["k"],)))
        text = texts.most_common(1)[0][0] if texts else None
        items.append({"key": r["id"] or text or r["k"], "id": r["id"], "name_en": r["name_en"], "text": text,
                      "quotes": r["quotes"], "documents": r["documents"], "last": r["last"]})
    return total, items


def find_entities(db: Database, type=None, q=None, country=None, doc_id=None, limit=50, offset=0) -> tuple[int, list[dict]]:
    conn = db.conn()
    where, params = ["1"], []
    types = [t.upper() for t in _as_list(type)]
    if types:
        where.append(f"n.type IN ({','.join('?' * len(types))})")
        params += types
    if country:
        where.append("n.country = ? COLLATE NOCASE")
        params.append(country.strip())
    if doc_id:
        where.append("n.doc_id = ?")
        params.append(doc_id)
    if q:
        where.append("(n.entity_id LIKE ? ESCAPE '\\' OR n.name_en LIKE ? ESCAPE '\\' OR web_norm(n.text) LIKE ? ESCAPE '\\')")
        params += [_like(q.strip()), _like(q.strip()), _like(normalize(q).strip())]
    grouped = f"""SELECT COALESCE(n.entity_id, web_norm(n.text)) AS k, MAX(n.entity_id) AS id, MAX(n.name_en) AS name_en,
                         MAX(n.type) AS type, MAX(n.country) AS country, COUNT(*) AS mentions,
                         COUNT(DISTINCT n.doc_id) AS documents
                  FROM entities n WHERE {' AND '.join(where)} GROUP BY k"""
    total = conn.execute(f"SELECT COUNT(*) FROM ({grouped})", params).fetchone()[0]
    rows = conn.execute(f"{grouped} ORDER BY mentions DESC, k LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    items = []
    for r in rows:
        forms = Counter(t for (t,) in conn.execute(
            "SELECT text FROM entities WHERE COALESCE(entity_id, web_norm(text)) = ? AND text IS NOT NULL", (r["k"],)))
        items.append({"key": r["k"], "id": r["id"], "name_en": r["name_en"], "type": r["type"], "country": r["country"],
                      "text": forms.most_common(1)[0][0] if forms else None,
                      "forms": [f for f, _ in forms.most_common(5)], "mentions": r["mentions"],
                      "documents": r["documents"]})
    return total, items


def find_actors(db: Database, q: str | None = None, limit: int = 50) -> list[dict]:
    """Actors and recipients named by incidents, most frequent first (for the tension picker)."""
    tally: dict[str, dict] = {}
    qn = normalize(q).strip().lower() if q else None
    for r in db.conn().execute("SELECT actor1, actor2 FROM incidents"):
        seen = set()
        for a in _j(r["actor1"], []) + _j(r["actor2"], []):
            key = a.get("id") or a.get("name_en") or normalize(a.get("text") or "").strip()
            if not key or key in seen:
                continue
            seen.add(key)
            t = tally.setdefault(key, {"key": key, "id": a.get("id"), "label": actor_label(a), "text": a.get("text"),
                                       "country": a.get("country"), "incidents": 0})
            t["incidents"] += 1
    items = list(tally.values())
    if qn:
        items = [a for a in items if any(qn in normalize(str(v)).lower() for v in (a["id"], a["label"], a["text"]) if v)]
    items.sort(key=lambda a: (-a["incidents"], a["key"]))
    return items[:limit]


def find_dyads(db: Database, wf: WebFilters, limit: int = 20) -> list[dict]:
    """Pairs (main actor, main recipient) that incidents link most often, either direction."""
    tally: dict[tuple[str, str], dict] = {}
    for inc in find_incidents(db, wf):
        if not inc["actor1"] or not inc["actor2"]:
            continue
        a, b = inc["actor1"][0], inc["actor2"][0]
        ka, kb = a.get("id") or actor_label(a), b.get("id") or actor_label(b)
        if ka == kb:
            continue
        key = tuple(sorted((ka, kb)))
        d = tally.setdefault(key, {"a": {"key": ka, "label": actor_label(a)}, "b": {"key": kb, "label": actor_label(b)},
                                   "incidents": 0})
        d["incidents"] += 1
    items = sorted(tally.values(), key=lambda d: (-d["incidents"], d["a"]["key"], d["b"]["key"]))
    return items[:limit]


# -- aggregates ----------------------------------------------------------------

def counts(incs: list[dict], by: str, group: str) -> dict:
    """Incidents per period and group, like store.aggregate.counts, over an already filtered list."""
    if by not in PERIODS:
        raise BadRequest(f"by must be one of {', '.join(PERIODS)}")
    if group not in GROUPS:
        raise BadRequest(f"group must be one of {', '.join(GROUPS)}")
    rows, totals = tally_counts(incs, by, group)
    starts = sorted({r["period"] for r in rows})
    periods = [{"period": p, "label": period_label(p, by)} for p in all_periods(starts[0], starts[-1], by)] if starts else []
    return {"by": by, "group": group, "periods": periods, "rows": rows,
            "groups": [{"group": k, "count": n} for k, n in totals.most_common()]}


def tension(db: Database, a: str, b: str, by: str, wf: WebFilters) -> dict:
    if by not in PERIODS:
        raise BadRequest(f"by must be one of {', '.join(PERIODS)}")
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        raise BadRequest("tension needs two actors: a and b")
    restrict = None
    if wf.modes or wf.recipient or wf.place or wf.bbox or wf.q:
        restrict = {i["id"] for i in find_incidents(db, wf)}
    periods = store_tension(db.conn(), a, b, by, wf.base, fill=True)
    out = []
    for p in periods:
        contribs = [c for c in p.contributions if restrict is None or c.incident["id"] in restrict]
        if restrict is not None:
            index = sum(c.value for c in contribs)
            conflict = sum(c.value for c in contribs if c.value > 0)
            coop = sum(-c.value for c in contribs if c.value < 0)
        else:
            index, conflict, coop = p.index, p.conflict, p.cooperation
        out.append({"period": p.start, "label": p.label, "index": round(index, 4), "conflict": round(conflict, 4),
                    "cooperation": round(coop, 4),
                    "contributions": [{"incident": incident_summary(c.incident), "value": round(c.value, 4),
                                       "direction": c.direction, "why_a": c.why_a, "why_b": c.why_b}
                                      for c in contribs]})
    if restrict is not None:  # trim empty periods at both ends again
        while out and not out[0]["contributions"]:
            out.pop(0)
        while out and not out[-1]["contributions"]:
            out.pop()
    return {"a": a, "b": b, "by": by, "periods": out,
            "incidents": sum(len(p["contributions"]) for p in out)}


def meta(db: Database) -> dict:
    conn = db.conn()
    stats = db.store().stats()
    types = {r[0]: r[1] for r in conn.execute("SELECT type, COUNT(*) FROM incidents GROUP BY type")}
    modes = [{"mode": r[0], "count": r[1]} for r in conn.execute(
        "SELECT mode, COUNT(*) FROM incidents WHERE mode IS NOT NULL AND mode != '' GROUP BY mode ORDER BY 2 DESC, 1")]
    countries = [{"country": r[0], "count": r[1]} for r in conn.execute(
        "SELECT country, COUNT(*) FROM incidents WHERE country IS NOT NULL AND country != '' GROUP BY country "
        "ORDER BY 2 DESC, 1")]
    modalities = {r[0]: r[1] for r in conn.execute("SELECT modality, COUNT(*) FROM incidents GROUP BY modality")}
    span = conn.execute("SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM incidents").fetchone()
    pub = conn.execute("SELECT MIN(published), MAX(published) FROM documents").fetchone()
    outlets = [{"outlet": r[0], "documents": r[1]} for r in conn.execute(
        "SELECT outlet, COUNT(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1")]
    return {
        "stats": stats,
        "types": [{"type": t, "count": types.get(t, 0)} for t in PLOVER_TYPES]
                 + [{"type": t, "count": n} for t, n in sorted(types.items()) if t not in PLOVER_TYPES],
        "modalities": [{"modality": m, "class": MODALITY_CLASS[m], "count": modalities.get(m, 0)} for m in MODALITIES],
        "modality_classes": MODALITY_CLASSES, "modes": modes, "countries": countries, "outlets": outlets,
        "incident_dates": {"first": span[0], "last": span[1]},
        "published": {"first": pub[0], "last": pub[1]},
        "periods": list(PERIODS), "groups": list(GROUPS),
        "located": conn.execute("SELECT COUNT(*) FROM incidents WHERE lat IS NOT NULL").fetchone()[0],
    }


# -- search --------------------------------------------------------------------

_SKEL_DROP = str.maketrans("", "", "اويء")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
INDEX_VERSION = "1"


def skeleton(word: str) -> str:
    return word.translate(_SKEL_DROP)


def word_keys(norm: str) -> tuple[str, list[str], list[str]]:
    """(written form, clitic-stripped forms, skeletons) of one normalized word."""
    variants = [v for _, v in clitic_variants(norm)]
    skels = []
    if _ARABIC.search(norm):
        for v in variants:
            s = skeleton(v)
            if len(s) >= 3 and s not in skels:
                skels.append(s)
    return norm, variants, skels


def index_columns(text: str) -> tuple[str, str, str]:
    exact, stems, skels = [], [], []
    for tok in tokenize(text):
        if not tok.is_word:
            continue
        w, vs, ss = word_keys(tok.norm)
        exact.append(w)
        stems.extend(vs)
        skels.extend(ss)
    return " ".join(exact), " ".join(stems), " ".join(skels)


@dataclass
class Term:
    exact: str
    stem: str           # the shortest clitic-stripped form
    skel: str | None
    prefix: bool = False
    phrase: list[str] | None = None


def query_terms(q: str) -> list[Term]:
    terms: list[Term] = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', q):
        if m.group(1) is not None:
            words = [t.norm for t in tokenize(m.group(1)) if t.is_word]
            if len(words) > 1:
                terms.append(Term(words[0], words[0], None, phrase=words))
                continue
            chunk = " ".join(words)
        else:
            chunk = m.group(2)
        prefix = chunk.endswith("*")
        for t in tokenize(chunk.rstrip("*")):
            if not t.is_word:
                continue
            w, vs, ss = word_keys(t.norm)
            stem = min(vs, key=len)
            skel = skeleton(stem) if _ARABIC.search(stem) else None
            terms.append(Term(w, stem, skel if skel and len(skel) >= 4 else None, prefix=prefix))
    return terms[:32]


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def fts_query(terms: list[Term]) -> str:
    parts = []
    for t in terms:
        if t.phrase:
            parts.append("exact : " + _quote(" ".join(t.phrase)))
            continue
        star = " *" if t.prefix else ""
        alts = [f"exact : {_quote(t.exact)}{star}", f"stem : {_quote(t.stem)}{star}"]
        if t.skel and not t.prefix:
            alts.append(f"skel : {_quote(t.skel)}")
        parts.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(parts)


def token_matches(term: Term, norm: str) -> bool:
    if term.phrase:
        return norm in term.phrase
    w, vs, ss = word_keys(norm)
    if term.prefix:
        return any(v.startswith(term.exact) or v.startswith(term.stem) for v in vs)
    if w == term.exact or term.stem in vs:
        return True
    return bool(term.skel and term.skel in ss)


def snippet(text: str, q: str, width: int = 110) -> dict:
    """A window of `text` around the first match of `q`, with the matched words' offsets in it."""
    terms = query_terms(q)
    hits = [(t.start, t.end) for t in tokenize(text) if t.is_word and any(token_matches(x, t.norm) for x in terms)]
    if not hits:
        return {"text": _lead(text), "marks": []}
    s0 = hits[0][0]
    start = max(0, s0 - width // 2)
    if start:
        sp = text.rfind(" ", 0, start)
        start = sp + 1 if sp >= 0 and start - sp < 20 else start
    end = min(len(text), start + width * 2)
    sp = text.find(" ", end)
    end = sp if 0 <= sp - end < 20 else end
    piece = text[start:end]
    marks = [[s - start, e - start] for s, e in hits if s >= start and e <= end]
    # the newlines of the body become spaces one for one, so offsets stay valid
    piece = piece.replace("\n", " ")
    return {"text": ("… " if start else "") + piece + (" …" if end < len(text) else ""),
            "marks": [[s + (2 if start else 0), e + (2 if start else 0)] for s, e in marks]}


class SearchIndex:
    """FTS5 index of the documents' normalized text, kept in step with the documents table."""

    def __init__(self, db: Database):
        self.db = db
        self._lock = threading.Lock()
        self._checked = 0.0
        self._memory: sqlite3.Connection | None = None
        self.mode = "unbuilt"  # database | memory

    # the connection that holds the index
    def _conn(self) -> sqlite3.Connection:
        return self._memory if self._memory is not None else self.db.conn()

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS web_search USING fts5(exact, stem, skel, content='', "
                     "tokenize='unicode61 remove_diacritics 0')")
        conn.execute("CREATE TABLE IF NOT EXISTS web_search_state (key TEXT PRIMARY KEY, value TEXT)")

    def _state(self, conn) -> dict[str, str]:
        return {k: v for k, v in conn.execute("SELECT key, value FROM web_search_state")}

    def ensure(self, force: bool = False) -> None:
        """Index documents added since the last call (at most one check a second unless forced)."""
        now = time.monotonic()
        if not force and now - self._checked < 1.0:
            return
        with self._lock:
            if not force and now - self._checked < 1.0:
                return
            src = self.db.conn()
            if self.mode == "unbuilt":
                try:
                    self._create(src)
                    self.mode = "database"
                except sqlite3.OperationalError:  # read-only database: keep the index in memory
                    self._memory = sqlite3.connect(":memory:", check_same_thread=False)
                    self._create(self._memory)
                    self.mode = "memory"
            idx = self._conn()
            state = self._state(idx)
            max_rowid, n_docs = src.execute("SELECT COALESCE(MAX(rowid), 0), COUNT(*) FROM documents").fetchone()
            last = int(state.get("last_rowid", 0))
            indexed = int(state.get("documents", 0))
            if state.get("version") != INDEX_VERSION or n_docs < indexed or (max_rowid <= last and n_docs != indexed):
                self._rebuild(idx)
                last, indexed = 0, 0
            if max_rowid > last:
                self._add(src, idx, last, indexed)
            self._checked = time.monotonic()

    def _rebuild(self, idx) -> None:
        idx.execute("BEGIN IMMEDIATE")
        try:
            idx.execute("DELETE FROM web_search_state")
            idx.execute("INSERT INTO web_search(web_search) VALUES ('delete-all')")
            idx.execute("INSERT INTO web_search_state VALUES ('version', ?)", (INDEX_VERSION,))
            idx.execute("COMMIT")
        except BaseException:
            idx.execute("ROLLBACK")
            raise

    def _add(self, src, idx, last: int, indexed: int) -> None:
        while True:
            rows = src.execute("SELECT rowid, title, text, captions FROM documents WHERE rowid > ? ORDER BY rowid "
                               "LIMIT 500", (last,)).fetchall()
            if not rows:
                break
            batch = []
            for r in rows:
                caps = " ".join(_j(r["captions"], []) or [])
                batch.append((r["rowid"], *index_columns("\n".join(x for x in (r["title"], r["text"], caps) if x))))
            idx.execute("BEGIN IMMEDIATE")
            try:
                idx.executemany("INSERT INTO web_search(rowid, exact, stem, skel) VALUES (?, ?, ?, ?)", batch)
                last = rows[-1]["rowid"]
                indexed += len(rows)
                idx.execute("INSERT OR REPLACE INTO web_search_state VALUES ('last_rowid', ?), ('documents', ?), "
                            "('version', ?)", (str(last), str(indexed), INDEX_VERSION))
                idx.execute("COMMIT")
            except BaseException:
                idx.execute("ROLLBACK")
                raise

    def match(self, q: str, limit: int = MAX_SEARCH_HITS) -> list[int]:
        """Document rowids matching q, best first."""
        terms = query_terms(q)
        if not terms:
            return []
        self.ensure()
        query = fts_query(terms)
        conn = self._conn()
        lock = self._lock if self._memory is not None else _NoLock()
        with lock:
            try:
                return [r[0] for r in conn.execute(
                    "SELECT rowid FROM web_search WHERE web_search MATCH ? "
                    "ORDER BY bm25(web_search, 10.0, 3.0, 1.0), rowid LIMIT ?", (query, limit))]
            except sqlite3.OperationalError as exc:  # a query FTS5 cannot parse
                raise BadRequest(f"cannot search for {q!r}: {exc}") from None


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
