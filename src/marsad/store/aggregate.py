"""Counts per period and the dyadic tension index. Both count incidents, never mentions.

Tension between A and B in a period = the sum, over the incidents of that period
whose actor side matches one of A/B and whose recipient side matches the other,
of  −score × modality weight.  PLOVER scores are negative for conflict, so
conflict raises the index and cooperation lowers it. Weights: asserted 1.0,
alleged 0.5, threatened 0.3, planned 0.2, conditional 0.15, hypothetical 0.1,
demanded 0.1, negated/denied 0. Each incident counts once however many articles
report it.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.normalize import normalize
from .mentions import MODALITY_WEIGHT, actor_label
from .query import Filters, incidents

PERIODS = ("day", "week", "month")


# -- periods -------------------------------------------------------------------

def period_start(day: str, by: str) -> str:
    d = dt.date.fromisoformat(day[:10])
    if by == "day":
        return d.isoformat()
    if by == "week":
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    if by == "month":
        return d.replace(day=1).isoformat()
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")


def next_period(start: str, by: str) -> str:
    d = dt.date.fromisoformat(start)
    if by == "day":
        return (d + dt.timedelta(days=1)).isoformat()
    if by == "week":
        return (d + dt.timedelta(days=7)).isoformat()
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1).isoformat()


def period_label(start: str, by: str) -> str:
    d = dt.date.fromisoformat(start)
    if by == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if by == "month":
        return start[:7]
    return start


def all_periods(first: str, last: str, by: str) -> list[str]:
    out, p = [], period_start(first, by)
    end = period_start(last, by)
    while p <= end:
        out.append(p)
        p = next_period(p, by)
    return out


# -- matching actors -----------------------------------------------------------

@lru_cache(maxsize=1)
def _kb():
    try:
        from ..knowledge.base import load

        return load()
    except Exception:  # the knowledge base is optional for the store
        return None


def _split(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).replace(",", "|").split("|") if v.strip()]


@lru_cache(maxsize=20000)
def relations(actor_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(parent chain, aligned_with) of an actor id from the knowledge base."""
    kb = _kb()
    parents: list[str] = []
    aligned: list[str] = []
    if kb is None or not actor_id:
        return (), ()
    seen = {actor_id}
    entry = kb.get(actor_id)
    if entry is not None:
        aligned += _split(getattr(entry, "aligned_with", ""))
    while entry is not None and getattr(entry, "parent", ""):
        pid = entry.parent
        if pid in seen:
            break
        seen.add(pid)
        parents.append(pid)
        entry = kb.get(pid)
        if entry is not None:
            aligned += _split(getattr(entry, "aligned_with", ""))
    return tuple(parents), tuple(dict.fromkeys(aligned))


class ActorSpec:
    """A or B of `marsad tension`: an actor id, an ISO3 country, or a name (English or Arabic).

    An actor matches when its id equals the spec, its parent chain contains it, its
    country equals it, its aligned_with contains it, or its name is the spec.
    """

    def __init__(self, spec: str, use_kb: bool = True):
        self.spec = spec.strip()
        self.upper = self.spec.upper()
        self.lower = self.spec.lower()
        self.norm = normalize(self.spec).strip()
        self.use_kb = use_kb

    def why(self, a: dict) -> str | None:
        aid = str(a.get("id") or "")
        if aid and aid.upper() == self.upper:
            return f"id {aid}"
        parents = [p.upper() for p in _split(a.get("parent"))]
        aligned = [p.upper() for p in _split(a.get("aligned_with"))]
        if self.use_kb and aid:
            kp, ka = relations(aid)
            parents += [p.upper() for p in kp]
            aligned += [p.upper() for p in ka]
        if self.upper in parents:
            return f"{aid} is part of {self.spec}"
        if (a.get("country") or "").upper() == self.upper:
            return f"country {a['country']}"
        if self.upper in aligned:
            return f"{aid} is aligned with {self.spec}"
        name = (a.get("name_en") or "").strip().lower()
        if name and name == self.lower:
            return f"name {a['name_en']}"
        if self.norm and normalize(a.get("text") or "").strip() == self.norm:
            return f"name {a.get('text')}"
        return None

    def matches(self, a: dict) -> bool:
        return self.why(a) is not None


# -- counts --------------------------------------------------------------------

GROUPS = ("type", "place", "actor", "modality", "country", "none")


def counts(conn: sqlite3.Connection, by: str = "week", group: str = "type",
           filters: Filters | None = None) -> list[dict]:
    """Incidents per period and group value: [{period, label, group, count, fatalities}]."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {', '.join(GROUPS)}")
    return tally_counts(incidents(conn, filters, with_mentions=False), by, group)[0]


def tally_counts(incs: Iterable[dict], by: str, group: str) -> tuple[list[dict], Counter]:
    """Rows [{period, label, group, count, fatalities}] of incidents per period and group value,
    and the incidents per group value over all periods (in the order first met)."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    totals: Counter = Counter()
    for inc in incs:
        if not inc["date_start"]:
            continue
        p = period_start(inc["date_start"], by)
        for k in group_keys(inc, group):
            tally[(p, k)][0] += 1
            tally[(p, k)][1] += inc["dead"] or 0
            totals[k] += 1
    rows = [{"period": p, "label": period_label(p, by), "group": k, "count": n, "fatalities": dead}
            for (p, k), (n, dead) in sorted(tally.items())]
    return rows, totals


def group_keys(inc: dict, group: str) -> list[str]:
    """The keys an incident counts under for `group` (type, modality, country, place, actor, none)."""
    if group == "type":
        return [inc["type"]]
    if group == "modality":
        return [inc["modality"]]
    if group == "country":
        return [inc["country"] or ""]
    if group == "place":
        return [inc["loc_name"] or inc["loc_id"] or inc["country"] or ""]
    if group == "actor":  # an incident counts once for each distinct actor on its actor side
        return sorted({actor_label(a) for a in inc["actor1"]}) or [""]
    return ["all"]


# -- tension -------------------------------------------------------------------

@dataclass
class Contribution:
    incident: dict
    value: float
    direction: str  # "A→B" or "B→A"
    why_a: str
    why_b: str


@dataclass
class Period:
    start: str
    label: str
    index: float = 0.0
    conflict: float = 0.0
    cooperation: float = 0.0
    contributions: list[Contribution] = field(default_factory=list)


def _side_match(spec: ActorSpec, side: list[dict]) -> str | None:
    for a in side:
        why = spec.why(a)
        if why:
            return f"{actor_label(a)} ({why})"
    return None


def tension(conn: sqlite3.Connection, a: str, b: str, by: str = "week", filters: Filters | None = None,
            fill: bool = True) -> list[Period]:
    """Tension index per period between A and B (either direction), most recent last."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    sa, sb = ActorSpec(a), ActorSpec(b)
    periods: dict[str, Period] = {}
    for inc in incidents(conn, filters, with_mentions=True):
        if not inc["date_start"] or inc["score"] is None:
            continue
        direction = None
        wa, wb = _side_match(sa, inc["actor1"]), _side_match(sb, inc["actor2"])
        if wa and wb:
            direction = "A→B"
        else:
            wa2, wb2 = _side_match(sa, inc["actor2"]), _side_match(sb, inc["actor1"])
            if wa2 and wb2:
                direction, wa, wb = "B→A", wa2, wb2
        if direction is None:
            continue
        value = -float(inc["score"]) * MODALITY_WEIGHT.get(inc["modality"], 0.0)
        p = period_start(inc["date_start"], by)
        per = periods.setdefault(p, Period(p, period_label(p, by)))
        per.index += value
        if value > 0:
            per.conflict += value
        elif value < 0:
            per.cooperation += -value
        per.contributions.append(Contribution(inc, value, direction, wa, wb))
    if fill and periods:
        for p in all_periods(min(periods), max(periods), by):
            periods.setdefault(p, Period(p, period_label(p, by)))
    out = [periods[k] for k in sorted(periods)]
    for per in out:
        per.index = round(per.index, 4)
        per.conflict = round(per.conflict, 4)
        per.cooperation = round(per.cooperation, 4)
        per.contributions.sort(key=lambda c: (-abs(c.value), c.incident["id"]))
    return out
