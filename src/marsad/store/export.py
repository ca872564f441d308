"""Exports: one row per incident in a PLOVER-, ACLED- or GDELT-like layout; CSV, Parquet or JSON Lines.

The column lists below are the contract (docs/export-columns.md documents each
one; a test checks that the two agree). Types are Arrow types: "string",
"int64", "float64"; a column marked nullable may be empty. CSV and JSON Lines
need nothing beyond the standard library; Parquet needs pyarrow.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .mentions import actor_label
from .query import Filters, incidents, sentence_text

FORMATS = ("csv", "parquet", "jsonl")
SCHEMAS = ("plover", "acled", "gdelt")
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | int64 | float64
    nullable: bool
    doc: str


def _c(name, type_, nullable, doc):
    return Column(name, type_, nullable, doc)


COLUMNS: dict[str, list[Column]] = {
    "plover": [
        _c("event_id", "int64", False, "incident id in this database (`marsad incident show ID`)"),
        _c("event_date", "string", True, "incident date, YYYY-MM-DD (first day when less precise than a day)"),
        _c("date_end", "string", True, "last day of the date interval (= event_date for day precision)"),
        _c("date_precision", "string", True, "day | published (article date stood in) | range | week | month | year"),
        _c("event_type", "string", False, "PLOVER event type (ASSAULT, PROTEST, COERCE, AGREE, ...)"),
        _c("event_mode", "string", True, "PLOVER mode (aerial, drone, firearms, ...), the most frequent among mentions"),
        _c("cameo", "string", True, "CAMEO event code, the most frequent among mentions"),
        _c("score", "float64", True, "PLOVER/Goldstein-like intensity, mean over mentions (negative = conflict)"),
        _c("quad_code", "int64", True, "PLOVER quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
        _c("modality", "string", False, "asserted, alleged, negated, denied, threatened, planned, demanded, conditional or hypothetical"),
        _c("modality_class", "string", False, "occurred | negated | intended | hypothetical"),
        _c("actor", "string", True, "main actor (English name, else id, else Arabic text)"),
        _c("actor_id", "string", True, "knowledge-base id of the main actor"),
        _c("actor_country", "string", True, "ISO3 country of the main actor"),
        _c("actor_sector", "string", True, "sector code of the main actor (GOV, MIL, PRM, UAF, ...)"),
        _c("actors", "string", True, "every actor named by any mention, `|`-separated, most mentioned first"),
        _c("recipient", "string", True, "main recipient (target)"),
        _c("recipient_id", "string", True, "knowledge-base id of the main recipient"),
        _c("recipient_country", "string", True, "ISO3 country of the main recipient"),
        _c("recipient_sector", "string", True, "sector code of the main recipient"),
        _c("recipients", "string", True, "every recipient named by any mention, `|`-separated"),
        _c("placename", "string", True, "place (English name, else id or Arabic text)"),
        _c("location_id", "string", True, "knowledge-base id of the place"),
        _c("admin1", "string", True, "province (first-level division) of the place"),
        _c("country", "string", True, "ISO3 country of the place"),
        _c("latitude", "float64", True, "WGS84 latitude of the place"),
        _c("longitude", "float64", True, "WGS84 longitude of the place"),
        _c("geo_precision", "string", True, "point | city | district | province | region | country"),
        _c("dead", "int64", True, "people killed: the highest figure any report gives"),
        _c("injured", "int64", True, "people injured: the highest figure any report gives"),
        _c("arrested", "int64", True, "people arrested: the highest figure any report gives"),
        _c("quantity", "int64", True, "other counted size (participants, projectiles), the highest figure"),
        _c("confidence", "float64", True, "extraction confidence 0..1, the best mention's"),
        _c("num_mentions", "int64", False, "event mentions merged into this incident"),
        _c("num_documents", "int64", False, "articles that report it"),
        _c("num_stories", "int64", False, "distinct stories (near-duplicate copies count once)"),
        _c("num_sources", "int64", False, "distinct outlets"),
        _c("sources", "string", True, "outlets, `|`-separated, earliest report first"),
        _c("urls", "string", True, "article URLs, `|`-separated, earliest report first"),
        _c("doc_ids", "string", False, "document ids (content hashes), `|`-separated"),
        _c("first_published", "string", True, "publication date of the earliest report"),
        _c("headline", "string", True, "title of the earliest report"),
        _c("event_text", "string", True, "the sentence of the earliest mention"),
    ],
    "acled": [
        _c("event_id_cnty", "string", False, "`MRS` + incident id"),
        _c("event_date", "string", True, "YYYY-MM-DD (first day when less precise than a day)"),
        _c("time_precision", "int64", False, "1 day (or the article date), 2 week or a few days, 3 month or vaguer"),
        _c("event_type", "string", False, "Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic developments"),
        _c("sub_event_type", "string", False, "ACLED-like sub-event type, from the PLOVER type and mode (store/data/acled_types.tsv)"),
        _c("actor1", "string", True, "main actor name"),
        _c("inter1", "int64", False, "interaction code of actor1 (0 unknown, 1 state, 2 rebels, 3 political militia, 4 identity militia, 5 rioters, 6 protesters, 7 civilians, 8 external/other)"),
        _c("actor2", "string", True, "main recipient name"),
        _c("inter2", "int64", False, "interaction code of actor2 (0 when none)"),
        _c("country", "string", True, "ISO3 country of the place"),
        _c("admin1", "string", True, "province of the place"),
        _c("location", "string", True, "place name"),
        _c("latitude", "float64", True, "WGS84 latitude"),
        _c("longitude", "float64", True, "WGS84 longitude"),
        _c("geo_precision", "int64", True, "1 town or point, 2 district or near a town, 3 province, region or country; empty without a place"),
        _c("source", "string", True, "outlets (and credited agencies), `; `-separated"),
        _c("notes", "string", True, "PLOVER type, modality and the sentence of the earliest report"),
        _c("fatalities", "int64", False, "people killed (0 when no report gives a figure)"),
    ],
    "gdelt": [
        _c("GLOBALEVENTID", "int64", False, "incident id"),
        _c("SQLDATE", "int64", True, "incident date as YYYYMMDD"),
        _c("Actor1Code", "string", True, "CAMEO-style code: ISO3 country + role (e.g. IRQUAF, USAMIL)"),
        _c("Actor1Name", "string", True, "main actor name"),
        _c("Actor2Code", "string", True, "CAMEO-style code of the main recipient"),
        _c("Actor2Name", "string", True, "main recipient name"),
        _c("EventCode", "string", True, "CAMEO event code (a string: codes keep leading zeros)"),
        _c("GoldsteinScale", "float64", True, "PLOVER score (-10..10, negative = conflict)"),
        _c("QuadClass", "int64", True, "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
        _c("NumMentions", "int64", False, "event mentions merged into the incident"),
        _c("NumSources", "int64", False, "distinct outlets"),
        _c("ActionGeo_FullName", "string", True, "place name"),
        _c("ActionGeo_Lat", "float64", True, "WGS84 latitude"),
        _c("ActionGeo_Long", "float64", True, "WGS84 longitude"),
        _c("SOURCEURL", "string", True, "URL of the earliest report"),
    ],
}


def columns(schema: str) -> list[Column]:
    if schema not in COLUMNS:
        raise ValueError(f"schema must be one of {', '.join(SCHEMAS)}")
    return COLUMNS[schema]


# -- mappings ------------------------------------------------------------------

def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, (c.strip() for c in ln.split("\t")))) for ln in lines[1:]]


@lru_cache(maxsize=1)
def acled_types() -> list[dict[str, str]]:
    return _tsv("acled_types.tsv")


@lru_cache(maxsize=1)
def sectors() -> dict[str, dict[str, str]]:
    return {r["sector"]: r for r in _tsv("sectors.tsv")}


def acled_type(plover: str, mode: str | None) -> tuple[str, str]:
    mode = (mode or "").lower()
    for r in acled_types():
        if r["plover_type"] in (plover, "*") and (r["mode"] == mode or r["mode"] == "*"):
            return r["event_type"], r["sub_event_type"]
    return "Strategic developments", "Other"


def inter_code(actor: dict | None, place_country: str | None) -> int:
    if not actor:
        return 0
    code = int((sectors().get((actor.get("sector") or "").upper()) or {}).get("acled_inter") or 0)
    if code == 0 and actor.get("id") and actor.get("id") == actor.get("country"):
        code = 1  # the country itself acting: its state
    if code == 1 and place_country and actor.get("country") and actor["country"] != place_country:
        code = 8  # a state's forces acting outside their country
    return code


def cameo_actor_code(actor: dict | None) -> str | None:
    if not actor:
        return None
    country = (actor.get("country") or "").upper()
    role = (sectors().get((actor.get("sector") or "").upper()) or {}).get("cameo_role", "")
    code = country + role
    return code or None


# -- rows ----------------------------------------------------------------------

def _main(side: list[dict]) -> dict | None:
    return side[0] if side else None


def _names(side: list[dict]) -> str | None:
    return "|".join(dict.fromkeys(actor_label(a) for a in side)) or None


def _join(values: Iterable[Any], sep: str = "|") -> str | None:
    vals = [str(v) for v in dict.fromkeys(v for v in values if v)]
    return sep.join(vals) or None


def _time_precision(p: str | None, start: str | None, end: str | None) -> int:
    if p in ("day", "published", None):
        return 1
    if p in ("week", "range"):
        return 2
    return 3


def _geo_precision(p: str | None, has_place: bool) -> int | None:
    if not has_place:
        return None
    if p in ("point", "city", "", None):
        return 1
    if p == "district":
        return 2
    return 3


def plover_row(conn, inc: dict) -> dict:
    a, r = _main(inc["actor1"]), _main(inc["actor2"])
    ms = inc.get("mentions", [])
    first = ms[0] if ms else None
    return {
        "event_id": inc["id"], "event_date": inc["date_start"], "date_end": inc["date_end"],
        "date_precision": inc["date_precision"], "event_type": inc["type"], "event_mode": inc["mode"],
        "cameo": inc["cameo"], "score": inc["score"], "quad_code": inc["quad"],
        "modality": inc["modality"], "modality_class": inc["mclass"],
        "actor": actor_label(a) if a else None, "actor_id": (a or {}).get("id"),
        "actor_country": (a or {}).get("country"), "actor_sector": (a or {}).get("sector"), "actors": _names(inc["actor1"]),
        "recipient": actor_label(r) if r else None, "recipient_id": (r or {}).get("id"),
        "recipient_country": (r or {}).get("country"), "recipient_sector": (r or {}).get("sector"),
        "recipients": _names(inc["actor2"]),
        "placename": inc["loc_name"] or inc["loc_id"], "location_id": inc["loc_id"], "admin1": inc["admin1"],
        "country": inc["country"], "latitude": inc["lat"], "longitude": inc["lon"], "geo_precision": inc["geo_precision"],
        "dead": inc["dead"], "injured": inc["injured"], "arrested": inc["arrested"], "quantity": inc["quantity"],
        "confidence": inc["confidence"], "num_mentions": inc["n_mentions"] or 0, "num_documents": inc["n_documents"] or 0,
        "num_stories": inc["n_stories"] or 0, "num_sources": inc["n_sources"] or 0,
        "sources": _join(m["outlet"] for m in ms), "urls": _join(m["url"] for m in ms),
        "doc_ids": _join(m["doc_id"] for m in ms) or "",
        "first_published": first["published"] if first else None, "headline": first["title"] if first else None,
        "event_text": _sentence(conn, first),
    }


def _sentence(conn, mention: dict | None) -> str | None:
    if not mention:
        return None
    return " ".join(sentence_text(conn, mention).split()) or None


def acled_row(conn, inc: dict) -> dict:
    a, r = _main(inc["actor1"]), _main(inc["actor2"])
    etype, sub = acled_type(inc["type"], inc["mode"])
    inter1, inter2 = inter_code(a, inc["country"]), inter_code(r, inc["country"])
    if etype == "Battles" and inter2 == 7:
        etype, sub = "Violence against civilians", "Attack"
    if etype == "Protests" and inter1 in (0, 7):
        inter1 = 6
    if etype == "Riots" and inter1 in (0, 6, 7):
        inter1 = 5
    if r is None:
        inter2 = 0
    ms = inc.get("mentions", [])
    sentence = _sentence(conn, ms[0] if ms else None)
    note = f"PLOVER {inc['type']}" + (f" ({inc['mode']})" if inc["mode"] else "") + f", {inc['modality']}"
    if sentence:
        note += f": {sentence[:400]}"
    srcs = _join([m["outlet"] or m["url"] for m in ms] + [m.get("agency") for m in ms], "; ")
    has_place = bool(inc["loc_id"] or inc["loc_name"] or inc["country"])
    return {
        "event_id_cnty": f"MRS{inc['id']}", "event_date": inc["date_start"],
        "time_precision": _time_precision(inc["date_precision"], inc["date_start"], inc["date_end"]),
        "event_type": etype, "sub_event_type": sub,
        "actor1": actor_label(a) if a else None, "inter1": inter1,
        "actor2": actor_label(r) if r else None, "inter2": inter2,
        "country": inc["country"], "admin1": inc["admin1"], "location": inc["loc_name"] or inc["loc_id"],
        "latitude": inc["lat"], "longitude": inc["lon"],
        "geo_precision": _geo_precision(inc["geo_precision"] if inc["lat"] is not None else "country", has_place),
        "source": srcs, "notes": note, "fatalities": inc["dead"] or 0,
    }


def gdelt_row(conn, inc: dict) -> dict:
    a, r = _main(inc["actor1"]), _main(inc["actor2"])
    ms = inc.get("mentions", [])
    return {
        "GLOBALEVENTID": inc["id"],
        "SQLDATE": int(inc["date_start"].replace("-", "")) if inc["date_start"] else None,
        "Actor1Code": cameo_actor_code(a), "Actor1Name": actor_label(a) if a else None,
        "Actor2Code": cameo_actor_code(r), "Actor2Name": actor_label(r) if r else None,
        "EventCode": inc["cameo"], "GoldsteinScale": inc["score"], "QuadClass": inc["quad"],
        "NumMentions": inc["n_mentions"] or 0, "NumSources": inc["n_sources"] or 0,
        "ActionGeo_FullName": inc["loc_name"] or inc["loc_id"], "ActionGeo_Lat": inc["lat"], "ActionGeo_Long": inc["lon"],
        "SOURCEURL": next((m["url"] for m in ms if m["url"]), None),
    }


ROW = {"plover": plover_row, "acled": acled_row, "gdelt": gdelt_row}


def rows(conn: sqlite3.Connection, schema: str = "plover", filters: Filters | None = None) -> list[dict]:
    """Export rows (dicts with exactly the schema's columns, typed) for the incidents passing the filters."""
    cols = columns(schema)
    out = []
    for inc in incidents(conn, filters):
        row = ROW[schema](conn, inc)
        out.append({c.name: typed_value(row.get(c.name), c) for c in cols})
    return out


def typed_value(value: Any, col: Column) -> Any:
    """A value as its export column's type (empty → None, or the type's zero when not nullable)."""
    if value is None or value == "":
        if not col.nullable:
            return "" if col.type == "string" else 0
        return None
    if col.type == "int64":
        return int(value)
    if col.type == "float64":
        return float(value)
    return str(value)


# -- writing -------------------------------------------------------------------

def arrow_schema(schema: str):
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([pa.field(c.name, types[c.type], nullable=c.nullable) for c in columns(schema)])


def pandas_dtypes(schema: str) -> dict[str, str]:
    """dtypes for pandas.read_csv that give the documented types (nullable Int64/Float64, string)."""
    m = {"string": "string", "int64": "Int64", "float64": "Float64"}
    return {c.name: m[c.type] for c in columns(schema)}


def write(records: list[dict], schema: str, fmt: str, out: str | Path | None) -> int:
    """Write rows to `out` (a path; None or "-" = stdout). Returns the number of rows."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    names = [c.name for c in columns(schema)]
    to_stdout = out in (None, "-")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(records, schema=arrow_schema(schema))
        if to_stdout:
            buf = io.BytesIO()
            pq.write_table(table, buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.buffer.flush()
        else:
            pq.write_table(table, str(out))
        return len(records)
    fh = sys.stdout if to_stdout else open(out, "w", encoding="utf-8", newline="")
    try:
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
            w.writeheader()
            for r in records:
                w.writerow({k: ("" if v is None else v) for k, v in r.items()})
        else:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if not to_stdout:
            fh.close()
        else:
            fh.flush()
    return len(records)


def export(conn: sqlite3.Connection, schema: str, fmt: str, out: str | Path | None,
           filters: Filters | None = None) -> int:
    return write(rows(conn, schema, filters), schema, fmt, out)


def read_export(path: str | Path, schema: str, fmt: str | None = None):
    """Read an export back into a pandas DataFrame with the documented dtypes."""
    import pandas as pd

    fmt = fmt or Path(path).suffix.lstrip(".").lower()
    dtypes = pandas_dtypes(schema)
    if fmt == "parquet":
        return pd.read_parquet(path, dtype_backend="numpy_nullable").astype(dtypes)
    if fmt == "csv":
        return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    if fmt in ("jsonl", "json"):
        with open(path, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        return pd.DataFrame.from_records(records, columns=list(dtypes)).astype(dtypes)
    raise ValueError(f"unknown format {fmt!r}")
