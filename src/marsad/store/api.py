"""The Python API for notebooks: `open_store(db)` → DataFrames.

    from marsad.store import open_store
    s = open_store("marsad.db")
    s.incidents(type="ASSAULT", country="IRQ", since="2025-01-01")          # export columns (PLOVER)
    s.incidents(schema="acled")                                             # ACLED-like columns
    s.events(modality="asserted")                                           # one row per mention
    s.tension("IRQ_PMF", "USA", by="week")                                  # index per period
    s.counts(by="month", group="type")

Filters are the CLI's: type, country, since, until, modality (and actor).
pandas is needed for the DataFrames; everything else is the standard library.
"""
from __future__ import annotations

import json
import os

from .aggregate import counts as _counts
from .aggregate import tension as _tension
from .db import Store, default_db_path
from .export import columns, pandas_dtypes, rows
from .query import Filters, mentions
from .show import incident_detail

EVENT_COLUMNS = [
    "event_id", "incident_id", "doc_id", "story_id", "near_duplicate_of", "published", "outlet", "agency", "url", "title",
    "event_type", "event_mode", "cameo", "score", "quad_code", "modality", "modality_class",
    "actor", "actor_id", "actor_country", "recipient", "recipient_id", "recipient_country",
    "placename", "location_id", "admin1", "country", "latitude", "longitude", "geo_precision",
    "event_date", "date_end", "date_precision", "date_from", "dead", "injured", "arrested", "quantity",
    "trigger", "field", "trigger_start", "trigger_end", "sentence_start", "sentence_end", "confidence",
]


def _first(side_json: str | None) -> dict:
    side = json.loads(side_json or "[]")
    return side[0] if side else {}


def _label(a: dict) -> str | None:
    return a.get("name_en") or a.get("id") or a.get("text") if a else None


class StoreView:
    """Read access to a Marsad database as pandas DataFrames."""

    def __init__(self, db: str | os.PathLike[str] | None = None):
        self.store = Store(db or default_db_path(), create=False)
        self.conn = self.store.conn

    # -- tables ------------------------------------------------------------
    def incidents(self, schema: str = "plover", **filters):
        """One row per incident with the export columns of `schema` (plover, acled, gdelt)."""
        import pandas as pd

        recs = rows(self.conn, schema, Filters.make(**filters))
        df = pd.DataFrame.from_records(recs, columns=[c.name for c in columns(schema)])
        return df.astype(pandas_dtypes(schema))

    def events(self, **filters):
        """One row per event mention (every article's report), with its incident and provenance."""
        import pandas as pd

        out = []
        for r in mentions(self.conn, Filters.make(**filters)):
            a, b = _first(r["actor"]), _first(r["recipient"])
            out.append({
                "event_id": r["id"], "incident_id": r["incident_id"], "doc_id": r["doc_id"], "story_id": r["story_id"],
                "near_duplicate_of": r["duplicate_of"], "published": r["published"], "outlet": r["outlet"],
                "agency": r["agency"], "url": r["url"], "title": r["title"],
                "event_type": r["type"], "event_mode": r["mode"], "cameo": r["cameo"], "score": r["score"],
                "quad_code": r["quad"], "modality": r["modality"], "modality_class": r["mclass"],
                "actor": _label(a), "actor_id": a.get("id"), "actor_country": a.get("country"),
                "recipient": _label(b), "recipient_id": b.get("id"), "recipient_country": b.get("country"),
                "placename": r["loc_name"] or r["loc_id"], "location_id": r["loc_id"], "admin1": r["admin1"],
                "country": r["country"], "latitude": r["lat"], "longitude": r["lon"], "geo_precision": r["geo_precision"],
                "event_date": r["date_start"], "date_end": r["date_end"], "date_precision": r["date_precision"],
                "date_from": r["date_from"], "dead": r["dead"], "injured": r["injured"], "arrested": r["arrested"],
                "quantity": r["quantity"], "trigger": r["trigger_text"], "field": r["field"],
                "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"],
                "sentence_start": r["sentence_start"], "sentence_end": r["sentence_end"], "confidence": r["confidence"],
            })
        df = pd.DataFrame.from_records(out, columns=EVENT_COLUMNS)
        ints = ["event_id", "incident_id", "story_id", "quad_code", "dead", "injured", "arrested", "quantity",
                "trigger_start", "trigger_end", "sentence_start", "sentence_end"]
        floats = ["score", "latitude", "longitude", "confidence"]
        return df.astype({c: ("Int64" if c in ints else "Float64" if c in floats else "string") for c in EVENT_COLUMNS})

    def tension(self, a: str, b: str, by: str = "week", **filters):
        """Tension index between A and B per period (gaps filled with 0), with the incidents that moved it."""
        import pandas as pd

        recs = []
        for p in _tension(self.conn, a, b, by, Filters.make(**filters)):
            recs.append({
                "period": pd.Timestamp(p.start), "label": p.label, "index": p.index, "conflict": p.conflict,
                "cooperation": p.cooperation, "incidents": len(p.contributions),
                "incident_ids": [c.incident["id"] for c in p.contributions],
                "top_incident": p.contributions[0].incident["id"] if p.contributions else None,
                "top_contribution": p.contributions[0].value if p.contributions else 0.0,
            })
        cols = ["period", "label", "index", "conflict", "cooperation", "incidents", "incident_ids", "top_incident",
                "top_contribution"]
        df = pd.DataFrame.from_records(recs, columns=cols)
        return df.astype({"incidents": "int64", "top_incident": "Int64", "index": "float64",
                          "conflict": "float64", "cooperation": "float64", "top_contribution": "float64"})

    def counts(self, by: str = "week", group: str = "type", **filters):
        """Incidents per period and group (type, place, actor, modality, country or none)."""
        import pandas as pd

        recs = _counts(self.conn, by, group, Filters.make(**filters))
        df = pd.DataFrame.from_records(recs, columns=["period", "label", "group", "count", "fatalities"])
        df["period"] = pd.to_datetime(df["period"])
        return df

    def incident(self, incident_id: int) -> dict | None:
        """One incident with its mentions and the reasons for each merge (a dict)."""
        return incident_detail(self.conn, int(incident_id))

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    # -- lifetime ----------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "StoreView":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<marsad store {self.store.path}: {self.stats()}>"


def open_store(db: str | os.PathLike[str] | None = None) -> StoreView:
    """Open an existing Marsad database (default ./marsad.db or $MARSAD_DB) for reading into DataFrames."""
    return StoreView(db)
