"""The store's SQLite schema, as numbered migrations.

Each migration runs once, in order, inside a transaction, and is recorded in
`schema_migrations` (PRAGMA user_version mirrors the latest number). A database
written by a newer Marsad (a higher version than this code knows) is refused
rather than guessed at.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,              -- Document.id: SHA-256 (16 hex) of the cleaned text
    input TEXT,                       -- where it came from (path, path:line, <stdin>)
    input_id TEXT,                    -- the id the input gave it (JSON Lines "id")
    url TEXT,
    outlet TEXT,                      -- publishing site: the input's "outlet" field, else the URL host
    title TEXT,
    section TEXT,                     -- JSON list
    source TEXT,                      -- credited agency (AFP, Reuters, ...)
    published TEXT,
    published_from TEXT,
    dateline TEXT,                    -- JSON object or null
    text TEXT NOT NULL,
    original TEXT,                    -- the input as read (HTML or plain text)
    captions TEXT,                    -- JSON list
    dates TEXT,                       -- JSON list (Document.dates)
    quantities TEXT,                  -- JSON list (Document.quantities)
    warnings TEXT,                    -- JSON list
    story_id INTEGER NOT NULL,
    duplicate_of TEXT,                -- the stored document this one near-duplicates, if any
    similarity REAL,                  -- Jaccard similarity to duplicate_of (word 3-grams)
    containment REAL,                 -- share of the smaller text's 3-grams found in the other
    marsad_version TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_story ON documents(story_id);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE inputs (
    source TEXT NOT NULL,
    raw_hash TEXT NOT NULL,           -- SHA-256 of the raw input and its metadata
    doc_id TEXT,
    status TEXT NOT NULL,             -- stored | duplicate
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source, raw_hash)
);
CREATE INDEX inputs_doc ON inputs(doc_id);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    first_doc TEXT NOT NULL,
    title TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE minhashes (
    doc_id TEXT PRIMARY KEY,
    n_shingles INTEGER NOT NULL,
    sig BLOB                          -- 128 uint64 MinHash values, little-endian; NULL when too short
);

CREATE TABLE sentences (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    field TEXT,
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    type TEXT,
    entity_id TEXT,
    name_en TEXT,
    country TEXT,
    sector TEXT,
    lat REAL,
    lon REAL,
    data TEXT NOT NULL,               -- the whole item as extracted (JSON)
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX entities_entity ON entities(entity_id);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    field TEXT,
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    direct INTEGER,
    speaker_text TEXT,
    speaker_id TEXT,
    speaker_name TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    mclass TEXT NOT NULL,             -- modality class: occurred | negated | intended | hypothetical
    modality TEXT NOT NULL,
    mode TEXT, cameo TEXT, score REAL, quad INTEGER,
    date_value TEXT, date_precision TEXT, date_start TEXT, date_end TEXT,
    span_start TEXT, span_end TEXT,   -- union of the mentions' date intervals
    loc_id TEXT, loc_name TEXT, lat REAL, lon REAL, country TEXT, admin1 TEXT, geo_precision TEXT,
    actor1 TEXT, actor2 TEXT,         -- JSON lists of distinct actors, most mentioned first
    dead INTEGER, injured INTEGER, arrested INTEGER, quantity INTEGER,
    n_mentions INTEGER, n_documents INTEGER, n_stories INTEGER, n_sources INTEGER,
    confidence REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX incidents_lookup ON incidents(type, mclass, span_start, span_end);
CREATE INDEX incidents_date ON incidents(date_start);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,             -- position in Document.events
    story_id INTEGER NOT NULL,
    type TEXT NOT NULL, mode TEXT, cameo TEXT, score REAL, quad INTEGER,
    modality TEXT NOT NULL, mclass TEXT NOT NULL,
    field TEXT, trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
    sentence_start INTEGER, sentence_end INTEGER,
    actor TEXT, recipient TEXT,       -- JSON lists as extracted
    location TEXT,                    -- JSON object or null
    loc_id TEXT, loc_name TEXT, lat REAL, lon REAL, country TEXT, admin1 TEXT, geo_precision TEXT,
    place_from TEXT,                  -- event | dateline (no place of its own: the dateline's country stood in)
    date_value TEXT, date_precision TEXT, date_start TEXT, date_end TEXT,
    date_from TEXT,                   -- event | published (the article's date stood in)
    dead INTEGER, injured INTEGER, arrested INTEGER, quantity INTEGER,
    reported_by INTEGER, confidence REAL,
    data TEXT NOT NULL,               -- the whole event as extracted (JSON)
    incident_id INTEGER REFERENCES incidents(id),  -- null only while incidents are rebuilt
    merged_with INTEGER,              -- the mention whose match justified joining (null: first mention)
    merge_reasons TEXT,               -- JSON list of reasons (null for the first mention)
    UNIQUE (doc_id, idx)
);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_story ON events(story_id, type);

CREATE TABLE failures (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    time TEXT NOT NULL,               -- last failure (UTC)
    first_time TEXT NOT NULL,
    retries INTEGER NOT NULL DEFAULT 0,
    default_date TEXT,                -- --date in force, reused by --retry-failed
    resolved_at TEXT,                 -- set when a later run stored it
    doc_id TEXT
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    command TEXT,
    stored INTEGER, near_duplicates INTEGER, duplicates INTEGER, failed INTEGER
);
"""),
    (2, "incident place basis and extent", """
-- where the incident's place came from (sentence | paragraph | lead | dateline: the article's
-- context, not the event's own sentence) and the radius an area place covers (km), so that
-- candidate incidents for a new mention can be narrowed soundly
ALTER TABLE incidents ADD COLUMN place_basis TEXT;
ALTER TABLE incidents ADD COLUMN extent_km REAL;
"""),
    (3, "indexed incident actor keys", """
-- one row per key an incident's actors carry ("id:IRQ_PMF", "country:IRQ", "text:..."), so that
-- the candidates sharing an actor with a new mention are found by index, not by LIKE over JSON
CREATE TABLE incident_actors (
    key TEXT NOT NULL,
    incident_id INTEGER NOT NULL,
    PRIMARY KEY (key, incident_id)
) WITHOUT ROWID;
CREATE INDEX incident_actors_incident ON incident_actors(incident_id);
INSERT OR IGNORE INTO incident_actors(key, incident_id)
    SELECT k.key, k.incident_id FROM (
        SELECT i.id AS incident_id, 'id:' || json_extract(a.value, '$.id') AS key
            FROM incidents i, json_each(COALESCE(i.actor1, '[]')) a
        UNION ALL SELECT i.id, 'id:' || json_extract(a.value, '$.id') FROM incidents i, json_each(COALESCE(i.actor2, '[]')) a
        UNION ALL SELECT i.id, 'country:' || json_extract(a.value, '$.country')
            FROM incidents i, json_each(COALESCE(i.actor1, '[]')) a
        UNION ALL SELECT i.id, 'country:' || json_extract(a.value, '$.country')
            FROM incidents i, json_each(COALESCE(i.actor2, '[]')) a
        UNION ALL SELECT i.id, 'text:' || json_extract(a.value, '$.text') FROM incidents i, json_each(COALESCE(i.actor1, '[]')) a
        UNION ALL SELECT i.id, 'text:' || json_extract(a.value, '$.text') FROM incidents i, json_each(COALESCE(i.actor2, '[]')) a
    ) k WHERE k.key IS NOT NULL;
"""),
]

LATEST = MIGRATIONS[-1][0]


class SchemaError(RuntimeError):
    pass


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to the latest schema; return its version."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    if applied and max(applied) > LATEST:
        raise SchemaError(f"database schema version {max(applied)} is newer than this Marsad knows ({LATEST}); "
                          "upgrade Marsad to read it")
    for version, name, sql in MIGRATIONS:
        if version in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-check inside the write lock: another process may have migrated meanwhile
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                         (version, name, now()))
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return LATEST


def _statements(sql: str) -> list[str]:
    lines = [ln.split("--", 1)[0] for ln in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
