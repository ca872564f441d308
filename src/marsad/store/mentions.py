"""Event mentions as the store sees them: modality classes, date intervals, places, actors.

An event dict from the extractors (see docs/store.md) is flattened into a row of
the `events` table; `Mention` is the in-memory view of such a row that the
incident rules compare.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..text.normalize import normalize
from ..document import dateline_places

# Modality → class. Only mentions of the same class can become one incident.
MODALITY_CLASS = {
    "asserted": "occurred", "alleged": "occurred",
    "negated": "negated", "denied": "negated",
    "threatened": "intended", "planned": "intended", "demanded": "intended",
    "conditional": "hypothetical", "hypothetical": "hypothetical",
}
# Within a class, the incident takes the first modality of this order that any mention has:
# an incident is "asserted" only if at least one mention asserts it.
MODALITY_ORDER = ["asserted", "alleged", "denied", "negated", "threatened", "planned", "demanded",
                  "conditional", "hypothetical"]
MODALITY_WEIGHT = {
    "asserted": 1.0, "alleged": 0.5, "threatened": 0.3, "planned": 0.2, "conditional": 0.15,
    "hypothetical": 0.1, "demanded": 0.1, "negated": 0.0, "denied": 0.0,
}
MODALITY_CLASSES = sorted(set(MODALITY_CLASS.values()))

AREA_PRECISIONS = {"province", "admin1", "governorate", "state", "region"}
COUNTRY_PRECISIONS = {"country"}
CONTEXT_BASES = {"paragraph", "lead", "dateline"}  # event location `basis` values that are not the sentence
PRECISION_RANK = {"point": 0, "city": 1, "district": 2, "province": 3, "admin1": 3, "governorate": 3,
                  "state": 3, "region": 4, "country": 5, "": 6}
DATE_RANK = {"day": 0, "published": 1, "range": 2, "week": 3, "month": 4, "year": 5}


def modality_of(value: Any) -> str:
    text = str(value or "asserted").strip().lower()
    return text or "asserted"


def modality_class(modality: str) -> str:
    return MODALITY_CLASS.get(modality, modality)


# -- dates ---------------------------------------------------------------------

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})$")


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def date_interval(value: Any, precision: Any) -> tuple[str, str, str] | None:
    """(start, end, precision) ISO dates for an event date; None when unreadable."""
    if not value:
        return None
    text = str(value).strip()
    prec = str(precision or "").strip().lower()
    try:
        if "/" in text:
            a, b = text.split("/", 1)
            sa, sb = date_interval(a, "day"), date_interval(b, "day")
            if not sa or not sb:
                return None
            return (min(sa[0], sb[0]), max(sa[1], sb[1]), "range")
        m = _WEEK_RE.match(text)
        if m:
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return (start.isoformat(), (start + dt.timedelta(days=6)).isoformat(), "week")
        parts = text[:10].split("-")
        if len(parts) == 1:
            year = int(parts[0])
            return (f"{year:04d}-01-01", f"{year:04d}-12-31", "year")
        if len(parts) == 2 or prec == "month":
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1]
            return (f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month")
        day = _d(text[:10])
        if prec == "week":
            start = day - dt.timedelta(days=day.weekday())
            return (start.isoformat(), (start + dt.timedelta(days=6)).isoformat(), "week")
        if prec == "year":
            return (f"{day.year:04d}-01-01", f"{day.year:04d}-12-31", "year")
        return (day.isoformat(), day.isoformat(), "day")
    except (ValueError, IndexError):
        return None


def days_between(a: str, b: str) -> int:
    return abs((_d(a) - _d(b)).days)


def shift(day: str, days: int) -> str:
    return (_d(day) + dt.timedelta(days=days)).isoformat()


# -- places --------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(round(float(value)))
    except (TypeError, ValueError):
        return None


@dataclass
class Place:
    id: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: str = ""
    source: str = "event"  # "dateline": no place in the event, the article's dateline country stands in
    basis: str = "sentence"  # where the extractor found it: the event's sentence, or context (CONTEXT_BASES)
    extent_km: float | None = None  # radius an area covers (a sea, a region), from the gazetteer

    @property
    def from_context(self) -> bool:
        """Named only around the event (the dateline, the lead, the paragraph), not in its own sentence."""
        return self.basis in CONTEXT_BASES

    @property
    def level(self) -> str:
        """none | country | area | point — how much of the place is known."""
        if not (self.id or self.name or self.country):
            return "none"
        if self.precision in COUNTRY_PRECISIONS:
            return "country"
        if self.lat is None or self.lon is None:
            return "country" if self.country else "none"
        if self.precision in AREA_PRECISIONS:
            return "area"
        return "point"

    @property
    def label(self) -> str:
        return self.name or self.id or self.country or "?"

    @classmethod
    def from_location(cls, loc: Any) -> "Place":
        if not isinstance(loc, dict):
            return cls()
        return cls(id=loc.get("id") or None, name=loc.get("name_en") or loc.get("text") or None,
                   lat=_float(loc.get("lat")), lon=_float(loc.get("lon")),
                   country=loc.get("country") or None, admin1=loc.get("admin1") or None,
                   precision=str(loc.get("precision") or "").lower(),
                   basis=str(loc.get("basis") or "sentence"), extent_km=_float(loc.get("extent_km")))


# -- actors --------------------------------------------------------------------

def clean_actor(a: Any) -> dict | None:
    if isinstance(a, str):
        a = {"text": a}
    if not isinstance(a, dict):
        return None
    out = {k: a.get(k) for k in ("text", "id", "name_en", "country", "sector", "parent", "aligned_with", "start", "end", "country_basis", "type") if a.get(k) not in (None, "")}
    return out or None


def actor_list(value: Any) -> list[dict]:
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    return [c for c in (clean_actor(a) for a in value) if c]


def actor_key(a: dict) -> str:
    """What identifies an actor across mentions: its id, else country/sector, else its text."""
    if a.get("id"):
        return str(a["id"])
    if a.get("country"):
        return f"{a['country']}/{a.get('sector') or ''}"
    return "text:" + normalize(a.get("text") or "").strip()


def actor_label(a: dict) -> str:
    return a.get("name_en") or a.get("id") or a.get("text") or "?"


def is_known(a: dict) -> bool:
    return bool(a.get("id") or a.get("country") or (a.get("text") or "").strip())


# -- the mention ---------------------------------------------------------------

@dataclass
class Mention:
    id: int | None
    doc_id: str
    story_id: int | None
    type: str
    modality: str
    mclass: str
    actors: list[dict] = field(default_factory=list)
    recipients: list[dict] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    date_value: str | None = None
    date_from: str | None = None
    incident_id: int | None = None
    field: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    trigger_text: str | None = None

    def __post_init__(self) -> None:
        # day numbers for fast comparisons (None without a date)
        self.d0 = _d(self.date_start).toordinal() if self.date_start else None
        self.d1 = _d(self.date_end).toordinal() if self.date_end else None

    @property
    def has_date(self) -> bool:
        return self.d0 is not None and self.d1 is not None

    @classmethod
    def from_row(cls, row: Any) -> "Mention":
        loc = json.loads(row["location"]) if row["location"] else None
        place = Place.from_location(loc)
        if loc is None and row["country"]:
            place = Place(country=row["country"], precision="country", source=row["place_from"] or "dateline")
        return cls(
            id=row["id"], doc_id=row["doc_id"], story_id=row["story_id"], type=row["type"],
            modality=row["modality"], mclass=row["mclass"],
            actors=json.loads(row["actor"] or "[]"), recipients=json.loads(row["recipient"] or "[]"),
            place=place, date_start=row["date_start"], date_end=row["date_end"],
            date_precision=row["date_precision"], date_value=row["date_value"], date_from=row["date_from"],
            incident_id=row["incident_id"], field=row["field"], sentence_start=row["sentence_start"],
            sentence_end=row["sentence_end"], trigger_text=row["trigger_text"],
        )


def dateline_country(dateline: Any, entities: list) -> str | None:
    """Country of the place named in the article's dateline (بغداد - ...), unless it is only the desk."""
    places = dateline_places(dateline, entities)
    return str(places[0]["country"]) if places else None


def event_row(ev: dict, doc_id: str, idx: int, story_id: int, published: str | None,
              dateline_country: str | None = None) -> dict:
    """The `events` table row for one extracted event (before its incident is known)."""
    modality = modality_of(ev.get("modality"))
    loc = ev.get("location") if isinstance(ev.get("location"), dict) else None
    place = Place.from_location(loc)
    place_from = "event" if loc else None
    if loc is None and dateline_country:
        place = Place(country=dateline_country, precision="country", source="dateline")
        place_from = "dateline"
    date = ev.get("date") if isinstance(ev.get("date"), dict) else None
    interval = date_interval(date.get("value"), date.get("precision")) if date else None
    date_from = "event"
    if interval is None and published:
        # no date of its own: the event happened on or shortly before the article's date
        interval = (shift(published, -1), published, "published")
        date_from = "published"
    if interval is None:
        date_from = None
    trig = ev.get("trigger") if isinstance(ev.get("trigger"), dict) else {}
    sent = ev.get("sentence") if isinstance(ev.get("sentence"), dict) else {}
    size = ev.get("size") if isinstance(ev.get("size"), dict) else {}
    return {
        "doc_id": doc_id, "idx": idx, "story_id": story_id,
        "type": str(ev.get("type") or "UNKNOWN").upper(), "mode": ev.get("mode") or None,
        "cameo": str(ev["cameo"]) if ev.get("cameo") not in (None, "") else None,
        "score": _float(ev.get("score")), "quad": _int(ev.get("quad")),
        "modality": modality, "mclass": modality_class(modality),
        "field": ev.get("field") or "text",
        "trigger_text": trig.get("text"), "trigger_start": _int(trig.get("start")), "trigger_end": _int(trig.get("end")),
        "sentence_start": _int(sent.get("start")), "sentence_end": _int(sent.get("end")),
        "actor": json.dumps(actor_list(ev.get("actor")), ensure_ascii=False),
        "recipient": json.dumps(actor_list(ev.get("recipient")), ensure_ascii=False),
        "location": json.dumps(loc, ensure_ascii=False) if loc else None,
        "loc_id": place.id, "loc_name": place.name, "lat": place.lat, "lon": place.lon,
        "country": place.country, "admin1": place.admin1, "geo_precision": place.precision or None,
        "place_from": place_from,
        "date_value": (date or {}).get("value") if date_from == "event" else published,
        "date_precision": interval[2] if interval else None,
        "date_start": interval[0] if interval else None, "date_end": interval[1] if interval else None,
        "date_from": date_from,
        "dead": _int(size.get("dead")), "injured": _int(size.get("injured")),
        "arrested": _int(size.get("arrested")), "quantity": _int(size.get("quantity")),
        "reported_by": _int(ev.get("reported_by")), "confidence": _float(ev.get("confidence")),
        "data": json.dumps(ev, ensure_ascii=False, default=str),
    }
