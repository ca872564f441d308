"""Reading incidents and mentions back, with the filters the CLI and the API share.

Filters (all optional): type (PLOVER type or a list), country (ISO3 of the place;
for an incident without a place, of any actor or recipient), since / until (ISO
dates, inclusive, on the incident's date), modality (a modality such as
"asserted", or a class such as "occurred"; or a list), actor (an actor id, ISO3
country or name, matched like `marsad tension` does).
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

from .mentions import MODALITY_CLASS, MODALITY_CLASSES

FILTER_KEYS = ("type", "country", "since", "until", "modality", "actor")


class FilterError(ValueError):
    pass


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _iso(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01").isoformat()
        if len(text) == 4:
            return f"{int(text):04d}-01-01"
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise FilterError(f"{what} must be YYYY-MM-DD, got {value!r}") from None


def _until(value: Any) -> str | None:
    """An inclusive end: a month (YYYY-MM) or year means its last day."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if len(text) == 7:
        import calendar

        y, m = int(text[:4]), int(text[5:7])
        return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    if len(text) == 4 and text.isdigit():
        return f"{text}-12-31"
    return _iso(value, "until")


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    modalities: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    actor: str | None = None

    @classmethod
    def make(cls, type=None, country=None, since=None, until=None, modality=None, actor=None, **extra) -> "Filters":
        unknown = [k for k, v in extra.items() if v is not None]
        if unknown:
            raise FilterError(f"unknown filter(s): {', '.join(unknown)}; use {', '.join(FILTER_KEYS)}")
        f = cls(types=[t.upper() for t in _as_list(type)], countries=[c.upper() for c in _as_list(country)],
                since=_iso(since, "since"), until=_until(until), actor=actor or None)
        for m in _as_list(modality):
            m = m.lower()
            if m in MODALITY_CLASSES:
                f.classes.append(m)
            elif m in MODALITY_CLASS:
                f.modalities.append(m)
            else:
                raise FilterError(f"unknown modality {m!r}; use one of {', '.join(MODALITY_CLASS)} "
                                  f"or a class ({', '.join(MODALITY_CLASSES)})")
        return f

    def sql(self, alias: str = "i") -> tuple[str, list]:
        where, params = [], []
        if self.types:
            where.append(f"{alias}.type IN ({','.join('?' * len(self.types))})")
            params += self.types
        if self.since:
            where.append(f"COALESCE({alias}.date_end, {alias}.date_start) >= ?")
            params.append(self.since)
        if self.until:
            where.append(f"{alias}.date_start <= ?")
            params.append(self.until)
        if self.modalities or self.classes:
            parts = []
            if self.modalities:
                parts.append(f"{alias}.modality IN ({','.join('?' * len(self.modalities))})")
                params += self.modalities
            if self.classes:
                parts.append(f"{alias}.mclass IN ({','.join('?' * len(self.classes))})")
                params += self.classes
            where.append("(" + " OR ".join(parts) + ")")
        return (" AND ".join(where) or "1"), params

    def keep(self, inc: dict, matcher=None) -> bool:
        """The filters SQL cannot express (country fallback, actor)."""
        if self.countries:
            if inc.get("country"):
                if inc["country"] not in self.countries:
                    return False
            elif not any((a.get("country") or "").upper() in self.countries for a in inc["actor1"] + inc["actor2"]):
                return False
        if self.actor:
            if matcher is None:
                from .aggregate import ActorSpec

                matcher = ActorSpec(self.actor)
            if not any(matcher.matches(a) for a in inc["actor1"] + inc["actor2"]):
                return False
        return True


def incidents(conn: sqlite3.Connection, filters: Filters | None = None, ids: Iterable[int] | None = None,
              with_mentions: bool = True) -> list[dict]:
    """Incident rows (dicts, actor lists decoded) in date order, with their mentions' provenance."""
    filters = filters or Filters()
    where, params = filters.sql("i")
    if ids is not None:
        ids = list(ids)
        where += f" AND i.id IN ({','.join('?' * len(ids))})" if ids else " AND 0"
        params += ids
    rows = conn.execute(f"SELECT i.* FROM incidents i WHERE {where} ORDER BY i.date_start IS NULL, i.date_start, i.id",
                        params).fetchall()
    matcher = None
    if filters.actor:
        from .aggregate import ActorSpec

        matcher = ActorSpec(filters.actor)
    out = []
    for r in rows:
        inc = dict(r)
        inc["actor1"] = json.loads(inc["actor1"] or "[]")
        inc["actor2"] = json.loads(inc["actor2"] or "[]")
        if filters.keep(inc, matcher):
            out.append(inc)
    if with_mentions and out:
        _attach_mentions(conn, out)
    return out


def _attach_mentions(conn: sqlite3.Connection, incs: list[dict]) -> None:
    by_id = {i["id"]: i for i in incs}
    for i in incs:
        i["mentions"] = []
    ids = list(by_id)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        for r in conn.execute(
                f"""SELECT e.id, e.incident_id, e.doc_id, e.story_id, e.modality, e.field, e.trigger_text,
                    e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end, e.dead, e.merged_with,
                    e.merge_reasons, d.url, d.outlet, d.source AS agency, d.title, d.published, d.duplicate_of
                    FROM events e JOIN documents d ON d.id = e.doc_id
                    WHERE e.incident_id IN ({','.join('?' * len(part))})
                    ORDER BY d.published IS NULL, d.published, e.id""", part):
            by_id[r["incident_id"]]["mentions"].append(dict(r))


def sentence_text(conn: sqlite3.Connection, mention: dict) -> str:
    """The sentence (or caption) a mention was found in."""
    row = conn.execute("SELECT text, captions FROM documents WHERE id = ?", (mention["doc_id"],)).fetchone()
    if row is None:
        return ""
    field_name = mention.get("field") or "text"
    text = row["text"]
    if field_name.startswith("captions["):
        try:
            return json.loads(row["captions"])[int(field_name[9:-1])]
        except (ValueError, IndexError, TypeError):
            return ""
    s, e = mention.get("sentence_start"), mention.get("sentence_end")
    if s is None or e is None:
        ts, te = mention.get("trigger_start"), mention.get("trigger_end")
        if ts is None:
            return ""
        row_s = conn.execute('SELECT start, "end" FROM sentences WHERE doc_id = ? AND start <= ? AND "end" >= ? LIMIT 1',
                             (mention["doc_id"], ts, te or ts)).fetchone()
        if row_s is None:
            return text[max(0, ts - 80):(te or ts) + 80]
        s, e = row_s
    return text[s:e]


def mentions(conn: sqlite3.Connection, filters: Filters | None = None) -> list[dict]:
    """Event mentions (one row per extracted event) whose incident passes the filters."""
    incs = incidents(conn, filters, with_mentions=False)
    ids = [i["id"] for i in incs]
    out: list[dict] = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        out += [dict(r) for r in conn.execute(
            f"""SELECT e.*, d.url, d.outlet, d.source AS agency, d.title, d.published, d.duplicate_of
                FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident_id IN ({','.join('?' * len(part))})
                ORDER BY e.id""", part)]
    out.sort(key=lambda r: r["id"])
    return out
