"""Incidents: event mentions across articles that describe one real-world event.

The rule (docs/store.md has the reader's version) is conservative and every
decision is written down as reasons:

Two mentions are *compatible* when all of these hold
  1. the same PLOVER type;
  2. the same modality class (occurred = asserted/alleged; negated = negated/denied;
     intended = threatened/planned/demanded; hypothetical = conditional/hypothetical);
  3. actors compatible and recipients compatible, each side: an actor of one equals an
     actor of the other by entity id, or by country + sector, or a bare country (no sector)
     and a body of that country, or by the same unresolved name; or one report leaves that
     side unknown;
  4. dates compatible: both day-precise (or dated by the article) and at most one day
     apart, or the coarser one (week, month) contains the other; year-only dates never merge;
  5. places compatible: the same place id; or both points within 50 km; or a point lying
     in a province-level place (same admin1) or within the extent of an area (a sea, a
     region: the gazetteer's `extent_km`); or one report knows only the country and it
     is the same; a report without any place (not even a country) merges with a placed
     one only when an actor side matches positively; two reports without any specific
     place merge only when both actor sides match positively (not merely "unknown"). A place the extractor took from the article's
     context (dateline, lead, paragraph) rather than the event's sentence is weak evidence
     (a dateline is often the outlet's desk): when it clashes with the other report's place,
     it is set aside if an actor side matches positively (both sides when both places are
     from context).

For symmetric types (meetings, agreements, cooperation) who is "actor" and who is
"recipient" depends on the report's wording ("Jordan and Iraq signed" / "Iraq signed with
Jordan"), so when the sides disagree the participants are compared as one set: compatible
when one report's participants are a subset of the other's.

A new mention joins an incident only when it is compatible with *every* mention
already in it (complete linkage: no chaining A~B~C when A and C disagree); among
several such incidents it joins the best-matching one. Near-duplicate copies of an
article (same story) are the exception: a copy's event joins the incident of the
original's event of the same type, modality class and compatible actors, because
it is the same report, not a second witness.
"""
from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.normalize import normalize
from .mentions import (
    CONTEXT_BASES, DATE_RANK, MODALITY_ORDER, PRECISION_RANK, Mention, actor_key, actor_label, haversine_km, shift,
)
from .schema import now

MAX_KM = 50.0
SYMMETRIC_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
_CONTEXT_SQL = "(" + ", ".join(f"'{b}'" for b in sorted(CONTEXT_BASES)) + ")"
FINE_DATES = {"day", "published"}
CLASS_LABEL = {
    "occurred": "occurred (asserted/alleged)", "negated": "negated (negated/denied)",
    "intended": "intended (threatened/planned/demanded)", "hypothetical": "hypothetical (conditional/hypothetical)",
}


@dataclass
class Check:
    ok: bool
    reason: str
    strength: float = 0.0
    positive: bool = False  # matched on evidence (not merely "unknown")
    sides: int = 1  # actor sides it vouches for when positive (2: a symmetric event's participants all match)


@dataclass
class Verdict:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    failed: str | None = None
    strength: float = 0.0


# -- the rules -----------------------------------------------------------------

def _resolved(a: dict) -> bool:
    # a country the extractor only inferred from the event's place (country_basis) is no evidence
    # for or against a merge: such an actor counts by its words, like an unresolved one
    return bool(a.get("id") or (a.get("country") and not a.get("country_basis")))


def _named(a: dict) -> bool:
    """An unresolved actor whose words can identify it across reports: a name, not a common group
    noun (people, gunmen, protesters: every report of every attack has them)."""
    return a.get("type") != "GROUP"


def _side(m: Mention | None, xs: list[dict], role: str) -> tuple[list[dict], set[str]]:
    """(resolved actors, normalized unresolved names) of one side, memoized on the mention."""
    memo = getattr(m, "_sides", None) if m is not None else None
    if memo is not None and role in memo:
        return memo[role]
    resolved = [a for a in xs if _resolved(a)]
    texts = {normalize(a.get("text") or "").strip() for a in xs if not _resolved(a) and _named(a)} - {""}
    if m is not None:
        if memo is None:
            memo = m._sides = {}
        memo[role] = (resolved, texts)
    return resolved, texts


def side_check(xs: list[dict], ys: list[dict], role: str, mx: Mention | None = None, my: Mention | None = None) -> Check:
    rx, tx = _side(mx, xs, role)
    ry, ty = _side(my, ys, role)
    if rx and ry:
        for a in rx:
            for b in ry:
                if a.get("id") and a.get("id") == b.get("id"):
                    return Check(True, f"{role}s {actor_label(a)} ~ {actor_label(b)}: same entity {a['id']}", 2.0, True)
        for a in rx:
            for b in ry:
                if a.get("country") and a.get("country") == b.get("country") and (a.get("sector") or "") == (b.get("sector") or ""):
                    cs = f"{a['country']}/{a.get('sector') or '-'}"
                    return Check(True, f"{role}s {actor_label(a)} ~ {actor_label(b)}: same country+sector {cs}", 1.0, True)
        for a in rx:
            for b in ry:
                if _country_and_part(a, b):
                    return Check(True, f"{role}s {actor_label(a)} ~ {actor_label(b)}: the country {a['country']} "
                                       f"and one of its bodies", 0.5, True)
        return Check(False, f"{role}s differ: {', '.join(map(actor_label, rx))} vs {', '.join(map(actor_label, ry))}")
    if not rx and not ry and tx & ty:
        return Check(True, f"{role}s: same unresolved name {sorted(tx & ty)[0]!r}", 1.0, True)
    which = "both reports" if not rx and not ry else "one report"
    return Check(True, f"{role} unknown in {which}", 0.0, False)


def participants_check(a: Mention, b: Mention) -> Check:
    """Symmetric types: actors and recipients of each report as one set; every participant of one
    report must match a participant of the other (by id, or country + sector, as in side_check)."""
    (ra, ta), (rb, tb) = (_side(m, m.actors + m.recipients, "participant") for m in (a, b))
    if ra and rb:
        small, large = (ra, rb) if len(ra) <= len(rb) else (rb, ra)
        if all(any(_same_actor(x, y) for y in large) for x in small):
            same = len(ra) == len(rb) > 1
            return Check(True, f"participants of a {a.type} (either side): {', '.join(map(actor_label, ra))} ~ "
                               f"{', '.join(map(actor_label, rb))}; "
                               + ("the same" if same else "one report's are among the other's"),
                         2.0 if same else 1.0, True, 2 if same else 1)
        return Check(False, f"participants differ: {', '.join(map(actor_label, ra))} vs {', '.join(map(actor_label, rb))}")
    if not ra and not rb and ta and tb and (ta <= tb or tb <= ta):
        return Check(True, f"participants: same unresolved names {', '.join(sorted(ta & tb))}", 1.0, True)
    which = "both reports" if not (ra or ta) and not (rb or tb) else "one report"
    return Check(True, f"participants unknown in {which}", 0.0, False)


def _same_actor(x: dict, y: dict) -> bool:
    if x.get("id") and x.get("id") == y.get("id"):
        return True
    return bool(x.get("country")) and x.get("country") == y.get("country") and \
        ((x.get("sector") or "") == (y.get("sector") or "") or not x.get("sector") or not y.get("sector"))


def _country_and_part(a: dict, b: dict) -> bool:
    """A bare country (no sector: "Iraq", "Iraqi") and a body of that country ("the Iraqi government"):
    news names a state by its country as often as by its government."""
    return bool(a.get("country")) and a.get("country") == b.get("country") and \
        (not a.get("sector")) != (not b.get("sector"))


def date_check(a: Mention, b: Mention) -> Check:
    if not a.has_date or not b.has_date:
        return Check(False, "no date in one report")
    pa, pb = a.date_precision or "day", b.date_precision or "day"
    if "year" in (pa, pb):
        return Check(False, "a year-only date is too vague to merge")
    fine_a = pa in FINE_DATES or (pa == "range" and a.d1 - a.d0 <= 3)
    fine_b = pb in FINE_DATES or (pb == "range" and b.d1 - b.d0 <= 3)
    if fine_a and fine_b:
        gap = max(0, a.d0 - b.d1, b.d0 - a.d1)
        if gap > 1:
            return Check(False, f"dates {_show(a)} and {_show(b)} are {gap} days apart (> 1)")
        if pa == pb == "day" and a.d0 == b.d0:
            return Check(True, f"same day {a.date_start}", 2.0, True)
        return Check(True, f"dates overlap within ±1 day ({_show(a)} / {_show(b)})", 1.5, True)
    # a coarse date (week, month, long range) must contain the other one
    for outer, inner in ((a, b), (b, a)):
        if outer.d0 <= inner.d0 and inner.d1 <= outer.d1:
            if outer.d0 == inner.d0 and outer.d1 == inner.d1:
                return Check(True, f"same {outer.date_precision} {_show(outer)}", 1.0, True)
            return Check(True, f"{_show(inner)} lies in {outer.date_precision} {_show(outer)}", 1.0, True)
    return Check(False, f"dates {_show(a)} and {_show(b)} do not overlap")


def _show(m: Mention) -> str:
    p = m.date_precision
    if p == "month":
        return m.date_start[:7]
    if p in ("week", "range") and m.date_start != m.date_end:
        return f"{m.date_start}..{m.date_end}"
    if p == "published":
        return f"{m.date_end} (article date)"
    return m.date_start


def place_check(a: Mention, b: Mention, positive_sides: int) -> Check:
    """Places compatible? `positive_sides`: how many actor sides (0-2) matched on evidence."""
    strict = _place_check(a, b, positive_sides)
    if strict.ok:
        return strict
    context = [p for p in (a.place, b.place) if p.from_context and p.level != "none"]
    if context and positive_sides >= len(context):
        if len(context) == 2:
            why = "both places come only from the articles' context"
        else:
            other = b.place if context[0] is a.place else a.place
            why = (f"the place {context[0].label} comes only from one article's {context[0].basis}; "
                   f"the other report names {other.label}")
        sides = "both actor sides match" if positive_sides == 2 else "an actor side matches"
        return Check(True, f"{why} ({strict.reason}); set aside because {sides}", 0.1, False)
    return strict


def _place_check(a: Mention, b: Mention, positive_sides: int) -> Check:
    pa, pb = a.place, b.place
    la, lb = pa.level, pb.level
    actors_positive = positive_sides >= 2
    if (la == "none") != (lb == "none"):
        # one report says nothing of the place (not even a country): the actors must vouch
        known = pb if la == "none" else pa
        if positive_sides >= 1:
            return Check(True, f"place unknown in one report; the other names {known.label}; an actor side matches",
                         0.1, False)
        return Check(False, "place unknown in one report (not even its country) and no actor side matches")
    if pa.id and pa.id == pb.id and la in ("point", "area"):
        return Check(True, f"same place {pa.label} ({pa.id})", 2.0, True)
    if la in ("point", "area") and lb in ("point", "area"):
        km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)
        if km <= MAX_KM:
            return Check(True, f"places {pa.label} ~ {pb.label}: {km:.1f} km apart", 1.5 if km <= 10 else 1.0, True)
        for area, point in ((pa, pb), (pb, pa)):
            if area.level == "area" and point.level == "point" and _same_admin1(area, point):
                return Check(True, f"{point.label} lies in {area.label}", 1.0, True)
        wide = max((p for p in (pa, pb) if p.level == "area" and p.extent_km), key=lambda p: p.extent_km, default=None)
        other = pb if wide is pa else pa
        # the circle is rough: a country's region never reaches into a neighbour (southern Turkey ≠ Syria)
        inside = wide is not None and km <= wide.extent_km and not (wide.country and other.country and wide.country != other.country)
        if inside:
            return Check(True, f"{other.label} lies within {wide.label} ({km:.0f} km from its centre; "
                               f"it covers about {wide.extent_km:.0f} km)", 0.8, True)
        return Check(False, f"places {pa.label} and {pb.label} are {km:.0f} km apart (> {MAX_KM:.0f} km)")
    if la in ("none", "country") and lb in ("none", "country"):
        if pa.country and pb.country and pa.country != pb.country:
            return Check(False, f"countries differ: {pa.country} vs {pb.country}")
        if actors_positive:
            where = f" (country {pa.country or pb.country})" if (pa.country or pb.country) else ""
            return Check(True, f"no specific place in either report{where}; both actor sides match", 0.2, False)
        return Check(False, "no specific place in either report and the actors do not both match")
    coarse, fine = (pa, pb) if la in ("none", "country") else (pb, pa)
    if coarse.country and coarse.country == fine.country:
        via = " (from its dateline)" if coarse.source == "dateline" else ""
        return Check(True, f"place known only as the country {coarse.country} in one report{via}; "
                           f"{fine.label} is in it", 0.5, False)
    if not coarse.country:
        return Check(False, "place unknown in one report (not even its country)")
    return Check(False, f"countries differ: {coarse.country} vs {fine.country or '?'}")


def _same_admin1(area, point) -> bool:
    if not point.admin1:
        return False
    names = {_folded(x) for x in (area.admin1, area.name, area.id) if x}
    return _folded(point.admin1) in names


@lru_cache(maxsize=50_000)
def _folded(name: str) -> str:
    return normalize(name).strip().lower()


def compare(a: Mention, b: Mention) -> Verdict:
    """Whether two mentions may be one incident, with the reasons either way."""
    if a.type != b.type:
        return Verdict(False, failed=f"types differ: {a.type} vs {b.type}")
    if a.mclass != b.mclass:
        return Verdict(False, failed=f"modalities differ in class: {a.modality} vs {b.modality}")
    dat = date_check(a, b)
    if not dat.ok:
        return Verdict(False, failed=dat.reason)
    sides = actor_sides(a, b)
    if isinstance(sides, Check):
        return Verdict(False, failed=sides.reason)
    plc = place_check(a, b, positive_sides(sides))
    if not plc.ok:
        return Verdict(False, failed=plc.reason)
    reasons = [f"same type {a.type}",
               f"same modality class {CLASS_LABEL.get(a.mclass, a.mclass)}: {a.modality} / {b.modality}",
               *(c.reason for c in sides), dat.reason, plc.reason]
    return Verdict(True, reasons, strength=sum(c.strength for c in sides) + dat.strength + plc.strength)


def actor_sides(a: Mention, b: Mention) -> list[Check] | Check:
    """The passing checks of the actor and recipient sides (or of the participants of a symmetric
    type), else the failing check."""
    if a.type in SYMMETRIC_TYPES:
        return _checked([participants_check(a, b)])
    act = side_check(a.actors, b.actors, "actor", a, b)
    rec = side_check(a.recipients, b.recipients, "recipient", a, b)
    return _checked([act, rec])


def positive_sides(checks: list[Check]) -> int:
    return sum(c.sides for c in checks if c.positive)


def _checked(checks: list[Check]) -> list[Check] | Check:
    for c in checks:
        if not c.ok:
            return c
    return checks


# -- assignment ----------------------------------------------------------------

def _mentions(conn: sqlite3.Connection, where: str, params: tuple) -> list[Mention]:
    return [Mention.from_row(r) for r in conn.execute(f"SELECT * FROM events WHERE {where}", params)]


class IncidentCache:
    """Mentions and representative rows of incidents, kept in memory during a run.

    Only read through `members` / `rep`; `link` keeps it current. Cleared whenever a
    transaction rolls back, so it never holds anything the database does not.
    """

    def __init__(self) -> None:
        self.members_by_id: dict[int, list[Mention]] = {}
        self.reps: dict[int, Mention] = {}

    def clear(self) -> None:
        self.members_by_id.clear()
        self.reps.clear()

    def members(self, conn: sqlite3.Connection, incident_id: int) -> list[Mention]:
        got = self.members_by_id.get(incident_id)
        if got is None:
            got = self.members_by_id[incident_id] = _mentions(conn, "incident_id = ? ORDER BY id", (incident_id,))
        return got

    def rep(self, row: sqlite3.Row, m: Mention) -> Mention:
        got = self.reps.get(row["id"])
        if got is None:
            from .mentions import Place

            got = self.reps[row["id"]] = Mention(
                None, "", None, m.type, m.modality, m.mclass,
                place=Place(id=row["loc_id"], name=row["loc_name"], lat=row["lat"], lon=row["lon"],
                            country=row["country"], admin1=row["admin1"], precision=row["geo_precision"] or "",
                            basis=row["place_basis"] or "sentence", extent_km=row["extent_km"]),
                date_start=row["date_start"], date_end=row["date_end"], date_precision=row["date_precision"])
        return got

    def joined(self, incident_id: int, m: Mention) -> None:
        if incident_id in self.members_by_id:
            self.members_by_id[incident_id].append(m)
        self.reps.pop(incident_id, None)


def _cache(cache: IncidentCache | None) -> IncidentCache:
    return cache if cache is not None else IncidentCache()


def _candidate_rows(conn: sqlite3.Connection, m: Mention) -> list[sqlite3.Row]:
    """Incidents of the same type and modality class whose dates reach the mention's, narrowed by place
    and, where a place may be set aside (see place_check), by a shared actor.

    The narrowing is sound: an incident's place is one of its mentions' places, its actor lists hold
    all its mentions' actors, and a new mention must be compatible with every mention. (Unresolved
    names are looked up by their exact text, the one approximation: compare() folds spelling.)
    """
    lo, hi = shift(m.date_start, -1), shift(m.date_end, 1)
    sql = ("SELECT id, loc_id, loc_name, lat, lon, country, admin1, geo_precision, place_basis, extent_km, "
           "date_start, date_end, date_precision "
           "FROM incidents WHERE type = ? AND mclass = ? AND span_start <= ? AND span_end >= ?")
    params: list = [m.type, m.mclass, hi, lo]
    p = m.place
    level = p.level
    area = "('province', 'admin1', 'governorate', 'state', 'region')"
    strict, sparams = "0", []
    if level in ("point", "area"):
        reach = max(MAX_KM, p.extent_km or 0)
        dlat = reach / 111.0 + 0.01
        dlon = reach / (111.0 * max(0.1, math.cos(math.radians(p.lat)))) + 0.01
        strict = (f"(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?) OR (country = ? AND "
                  f"(lat IS NULL OR geo_precision IN {area} OR geo_precision = 'country')) OR extent_km IS NOT NULL "
                  f"OR loc_id = ?" + (" OR country = ?" if level == "area" else ""))  # an area holds its country's points
        sparams = [p.lat - dlat, p.lat + dlat, p.lon - dlon, p.lon + dlon, p.country or "", p.id or ""] + \
            ([p.country or ""] if level == "area" else [])
    elif level == "country":
        strict = "country = ? OR country IS NULL"
        sparams = [p.country or ""]
    actors, aparams = _actor_clause(m)
    weak_here = p.from_context or level == "none"
    weak_there = f"place_basis IN {_CONTEXT_SQL} OR (lat IS NULL AND country IS NULL)"
    if weak_here:
        sql += f" AND (({strict}) OR ({actors}))"
        params += sparams + aparams
    else:
        sql += f" AND (({strict}) OR (({actors}) AND ({weak_there})))"
        params += sparams + aparams
    return conn.execute(sql + " ORDER BY id", params).fetchall()


def _actor_clause(m: Mention) -> tuple[str, list]:
    """SQL true for incidents that may share an actor (or, for symmetric types, a participant) with
    the mention: a weak place is set aside only when an actor side matches (place_check). Looked up
    in the incident_actors index (see actor_keys)."""
    keys: list[str] = []
    for a in m.actors + m.recipients:
        if a.get("id"):
            keys.append(f"id:{a['id']}")
        if a.get("country") and not a.get("country_basis"):
            keys.append(f"country:{a['country']}")
        elif a.get("text") and _named(a):
            keys.append(f"text:{a['text']}")
    if not keys:
        return "0", []
    keys = sorted(set(keys))
    return (f"id IN (SELECT incident_id FROM incident_actors WHERE key IN ({', '.join('?' * len(keys))}))", keys)


def actor_keys(actors: list[dict]) -> set[str]:
    """The index keys of an incident's actors (both sides): every id, country and text they carry."""
    keys: set[str] = set()
    for a in actors:
        for field in ("id", "country", "text"):
            if a.get(field):
                keys.add(f"{field}:{a[field]}")
    return keys


def assign(conn: sqlite3.Connection, m: Mention, cache: IncidentCache | None = None
           ) -> tuple[int, int | None, list[str] | None]:
    """The incident for a new mention: (incident id, mention it matched, reasons). Creates one if needed."""
    cache = _cache(cache)
    story = _story_match(conn, m)
    if story is not None:
        return story
    best: tuple[float, int, Mention, Verdict] | None = None
    if m.has_date:
        for row in _candidate_rows(conn, m):
            if _ruled_out(m, cache.rep(row, m)):
                continue
            members = cache.members(conn, row["id"])
            if not members:
                continue
            top: tuple[Verdict, Mention] | None = None
            for x in members:
                v = compare(m, x)
                if not v.ok:
                    top = None
                    break
                if top is None or v.strength > top[0].strength:
                    top = (v, x)
            if top is None:
                continue
            v, x = top
            if best is None or v.strength > best[0]:
                best = (v.strength, row["id"], x, v)
    if best is not None:
        _, inc_id, x, v = best
        n = len(cache.members(conn, inc_id))
        reasons = v.reasons + ([f"compatible with all {n} mentions already in the incident"] if n > 1 else [])
        return inc_id, x.id, reasons
    ts = now()
    cur = conn.execute("INSERT INTO incidents(type, mclass, modality, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       (m.type, m.mclass, m.modality, ts, ts))
    cache.members_by_id[cur.lastrowid] = []
    return cur.lastrowid, None, None


def _sentence_words(conn: sqlite3.Connection, m: Mention) -> set[str]:
    from .dedup import words

    row = conn.execute("SELECT text, captions FROM documents WHERE id = ?", (m.doc_id,)).fetchone()
    if row is None:
        return set()
    text = row["text"]
    if m.field and m.field.startswith("captions["):
        try:
            text = json.loads(row["captions"])[int(m.field[9:-1])]
        except (ValueError, IndexError, TypeError):
            return set()
        return set(words(text))
    if m.sentence_start is None or m.sentence_end is None:
        return set()
    return set(words(text[m.sentence_start:m.sentence_end]))


def _ruled_out(m: Mention, rep: Mention) -> bool:
    """A quick, sound rejection: the incident's own place and date are those of one of its mentions,
    and the new mention must be compatible with every mention, so a clash with them rules it out."""
    if rep.has_date and not date_check(m, rep).ok:
        return True
    # place: decided without actors unless both places are vague (then the actors decide)
    if m.place.level in ("none", "country") and rep.place.level in ("none", "country"):
        return bool(m.place.country and rep.place.country and m.place.country != rep.place.country)
    return not place_check(m, rep, 2).ok


def _story_match(conn: sqlite3.Connection, m: Mention):
    """A copy's mention joins the incident of the matching mention in the article it copies.

    Match: same type and modality class, compatible actors and recipients; the best by
    sentence likeness (word overlap), then by actor, place and date agreement. Place and date
    may differ (a copy may lose the place, or resolve "yesterday" from its own publication
    day) only when the sentences are alike (word Jaccard >= 0.5).
    """
    if m.story_id is None:
        return None
    candidates = _mentions(conn, "story_id = ? AND doc_id != ? AND type = ? AND mclass = ? AND incident_id IS NOT NULL "
                                 "ORDER BY id", (m.story_id, m.doc_id, m.type, m.mclass))
    if not candidates:
        return None
    mine = _sentence_words(conn, m)
    best = None
    for x in candidates:
        sides = actor_sides(m, x)
        if isinstance(sides, Check):
            continue
        theirs = _sentence_words(conn, x)
        sim = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
        plc = place_check(m, x, positive_sides(sides))
        dat = date_check(m, x)
        if sim < 0.5:
            if not plc.ok and m.place.level != "none" and x.place.level != "none":
                continue
            if not dat.ok and m.date_from == "event" and x.date_from == "event":
                continue
        score = 3 * sim + sum(c.strength for c in sides) + (plc.strength if plc.ok else 0) + (dat.strength if dat.ok else 0)
        if best is None or score > best[0]:
            best = (score, x, sides, sim)
    if best is None:
        return None
    _, x, sides, sim = best
    doc = conn.execute("SELECT duplicate_of, similarity, containment FROM documents WHERE id = ?", (m.doc_id,)).fetchone()
    how = ""
    if doc is not None and doc["duplicate_of"]:
        how = f" (near-duplicate of {doc['duplicate_of']}: 3-gram Jaccard {doc['similarity']:.2f}, containment {doc['containment']:.2f})"
    reasons = [f"same story #{m.story_id}: document {m.doc_id} and {x.doc_id} are copies of one article{how}",
               f"same type {m.type}", f"same modality class {CLASS_LABEL.get(m.mclass, m.mclass)}: {m.modality} / {x.modality}",
               *(c.reason for c in sides), f"sentences {sim:.0%} alike (word overlap)"]
    return x.incident_id, x.id, reasons


# -- the incident's own fields -------------------------------------------------

def refresh(conn: sqlite3.Connection, incident_id: int) -> None:
    """Recompute an incident's summary fields from its mentions."""
    rows = conn.execute(
        "SELECT e.*, d.outlet AS d_outlet, d.url AS d_url, d.published AS d_published "
        "FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = ? ORDER BY e.id",
        (incident_id,)).fetchall()
    if not rows:
        conn.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
        conn.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))
        return
    modalities = {r["modality"] for r in rows}
    modality = next((x for x in MODALITY_ORDER if x in modalities), sorted(modalities)[0])

    dated = [r for r in rows if r["date_start"]]
    if dated:
        finest = min(DATE_RANK.get(r["date_precision"] or "day", 9) for r in dated)
        cands = [r for r in dated if DATE_RANK.get(r["date_precision"] or "day", 9) == finest]
        counts = Counter((r["date_start"], r["date_end"], r["date_precision"], r["date_value"]) for r in cands)
        (d_start, d_end, d_prec, d_value), _ = min(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
        span = (min(r["date_start"] for r in dated), max(r["date_end"] for r in dated))
    else:
        d_start = d_end = d_prec = d_value = None
        span = (None, None)

    located = [r for r in rows if r["loc_id"] or r["loc_name"] or r["country"]]
    loc = dict.fromkeys(("loc_id", "loc_name", "lat", "lon", "country", "admin1", "geo_precision", "place_basis", "extent_km"))
    if located:
        def rank(r):
            # a place named in the event's own sentence beats one taken from the article's context
            level = PRECISION_RANK.get(r["geo_precision"] or "", 6) if r["lat"] is not None else 5
            return (_basis(r) in CONTEXT_BASES, level)
        finest = min(rank(r) for r in located)
        cands = [r for r in located if rank(r) == finest]
        counts = Counter(r["loc_id"] or r["loc_name"] for r in cands)
        key = min(counts, key=lambda k: (-counts[k], str(k)))
        chosen = next(r for r in cands if (r["loc_id"] or r["loc_name"]) == key)
        loc = {k: chosen[k] for k in loc if k not in ("place_basis", "extent_km")}
        place = Mention.from_row(chosen).place
        loc["place_basis"], loc["extent_km"] = place.basis if place.level != "none" else None, place.extent_km

    def side(col: str) -> list[dict]:
        tally: Counter = Counter()
        first: dict[str, dict] = {}
        for r in rows:
            for a in json.loads(r[col] or "[]"):
                k = actor_key(a)
                tally[k] += 1
                first.setdefault(k, a)
        order = sorted(tally, key=lambda k: (-tally[k], 0 if first[k].get("id") else 1, k))
        return [{**first[k], "mentions": tally[k]} for k in order]

    def most(col: str):
        vals = [r[col] for r in rows if r[col] not in (None, "")]
        if not vals:
            return None
        c = Counter(vals)
        return min(c, key=lambda v: (-c[v], str(v)))

    def top(col: str):
        vals = [r[col] for r in rows if r[col] is not None and r["mclass"] == rows[0]["mclass"]]
        return max(vals) if vals else None

    scores = [r["score"] for r in rows if r["score"] is not None]
    confs = [r["confidence"] for r in rows if r["confidence"] is not None]
    sources = {r["d_outlet"] or r["d_url"] or r["doc_id"] for r in rows}
    conn.execute(
        """UPDATE incidents SET modality = ?, mode = ?, cameo = ?, score = ?, quad = ?,
           date_value = ?, date_precision = ?, date_start = ?, date_end = ?, span_start = ?, span_end = ?,
           loc_id = ?, loc_name = ?, lat = ?, lon = ?, country = ?, admin1 = ?, geo_precision = ?,
           place_basis = ?, extent_km = ?,
           actor1 = ?, actor2 = ?, dead = ?, injured = ?, arrested = ?, quantity = ?,
           n_mentions = ?, n_documents = ?, n_stories = ?, n_sources = ?, confidence = ?, updated_at = ?
           WHERE id = ?""",
        (modality, most("mode"), most("cameo"), round(sum(scores) / len(scores), 3) if scores else None, most("quad"),
         d_value, d_prec, d_start, d_end, span[0], span[1],
         loc["loc_id"], loc["loc_name"], loc["lat"], loc["lon"], loc["country"], loc["admin1"], loc["geo_precision"],
         loc["place_basis"], loc["extent_km"],
         json.dumps(side("actor"), ensure_ascii=False), json.dumps(side("recipient"), ensure_ascii=False),
         top("dead"), top("injured"), top("arrested"), top("quantity"),
         len(rows), len({r["doc_id"] for r in rows}), len({r["story_id"] for r in rows}), len(sources),
         max(confs) if confs else None, now(), incident_id))
    conn.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))
    conn.executemany("INSERT INTO incident_actors(key, incident_id) VALUES (?, ?)",
                     [(k, incident_id) for k in sorted(actor_keys(side("actor") + side("recipient")))])


def _basis(row) -> str:
    loc = json.loads(row["location"]) if row["location"] else None
    return str(loc.get("basis") or "sentence") if isinstance(loc, dict) else "sentence"


def rebuild(conn: sqlite3.Connection, cache: IncidentCache | None = None) -> int:
    """Re-derive every incident from the stored mentions (after a rule change). Returns the count.

    Pass the store's cache (`store.incident_cache`) when the same Store keeps ingesting afterwards."""
    conn.execute("UPDATE events SET incident_id = NULL, merged_with = NULL, merge_reasons = NULL")
    conn.execute("DELETE FROM incidents")
    conn.execute("DELETE FROM incident_actors")
    order = conn.execute(
        "SELECT e.id FROM events e JOIN documents d ON d.id = e.doc_id "
        "ORDER BY d.ingested_at, d.rowid, e.idx").fetchall()
    cache = cache if cache is not None else IncidentCache()
    cache.clear()
    for (eid,) in order:
        m = Mention.from_row(conn.execute("SELECT * FROM events WHERE id = ?", (eid,)).fetchone())
        inc, merged_with, reasons = assign(conn, m, cache)
        link(conn, eid, inc, merged_with, reasons, m, cache)
    return conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]


def link(conn: sqlite3.Connection, event_id: int, incident_id: int, merged_with: int | None,
         reasons: list[str] | None, mention: Mention | None = None, cache: IncidentCache | None = None) -> None:
    conn.execute("UPDATE events SET incident_id = ?, merged_with = ?, merge_reasons = ? WHERE id = ?",
                 (incident_id, merged_with, json.dumps(reasons, ensure_ascii=False) if reasons else None, event_id))
    if cache is not None:
        if mention is not None:
            mention.incident_id = incident_id
            cache.joined(incident_id, mention)
        else:
            cache.clear()
    refresh(conn, incident_id)
