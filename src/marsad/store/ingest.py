"""`marsad ingest`: inputs → pipeline → one committed transaction per document.

Resumable by construction: each document (with its sentences, entities, quotes,
signature, events and incident links) is written in one transaction, so a run
killed at any moment leaves whole documents only. Re-running skips inputs already
seen (same source and raw content) before extracting them, and a document whose
content is already stored (same Document.id) is a no-op. Failed inputs go to the
`failures` table and `retry_failed` tries them again.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from ..document import Document
from ..ingest.errors import InputError
from ..ingest.readers import JSONL_SUFFIXES, RawInput, iter_inputs
from . import incidents as inc
from .db import Store
from .dedup import shingles, signature, to_blob
from .mentions import Mention, dateline_country, event_row
from .schema import now


@dataclass
class IngestSummary:
    inputs: int = 0
    stored: int = 0
    near_duplicates: int = 0     # stored, and linked to an existing story
    duplicates: int = 0          # content already stored (or input already ingested): nothing written
    failed: int = 0
    events: int = 0
    retried: int = 0
    resolved: int = 0
    not_retryable: int = 0
    seconds: float = 0.0
    extract_seconds: float = 0.0
    store_seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.inputs / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        parts = [f"{self.stored} stored"]
        if self.near_duplicates:
            parts[0] += f" ({self.near_duplicates} near-duplicate{'s' if self.near_duplicates != 1 else ''} linked to stories)"
        parts += [f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''}", f"{self.failed} failed"]
        if self.retried:
            parts.append(f"{self.resolved} of {self.retried} retried failure(s) resolved")
        if self.not_retryable:
            parts.append(f"{self.not_retryable} cannot be retried")
        return ", ".join(parts) + f"; {self.events} event mention(s) in {self.seconds:.1f}s"


# -- counting inputs for the progress bar ---------------------------------------

def count_inputs(paths: Iterable[str]) -> int | None:
    """How many documents the paths hold (JSON Lines: non-blank lines); None if unknowable (stdin)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        files = ([c for c in sorted(p.rglob("*")) if c.is_file()
                  and not any(part.startswith(".") for part in c.relative_to(p).parts)] if p.is_dir() else [p])
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


# -- storing one document ------------------------------------------------------

def raw_hash(raw: RawInput) -> str:
    h = hashlib.sha256()
    h.update(raw.content.encode("utf-8", "surrogatepass"))
    h.update(b"\0" + json.dumps(raw.meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()[:32]


def outlet_of(doc: Document, meta: dict) -> str | None:
    if meta.get("outlet"):
        return str(meta["outlet"])
    if doc.url:
        try:
            host = urlsplit(doc.url).hostname or ""
        except ValueError:
            host = ""
        host = host.lower()
        return host[4:] if host.startswith("www.") else (host or None)
    return None


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _int(v):
    try:
        return int(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def store_document(store: Store, doc: Document, meta: dict | None = None, rhash: str | None = None,
                   source: str | None = None) -> tuple[str, int]:
    """Write one document and everything found in it. Returns (status, events stored).

    status: "stored", "near-duplicate" (stored, joined an existing story) or "duplicate" (no-op).
    """
    meta = meta or {}
    source = source or doc.input
    conn = store.conn
    store.sync()
    if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
        with store.transaction():
            _record_input(conn, source, rhash, doc.id, "duplicate")
            _resolve_failure(conn, source, doc.id)
        return "duplicate", 0
    sh = shingles(doc.text)
    mh = signature(sh)
    match = store.dedup.find(doc.text, doc.published, sh, mh, exclude=doc.id)
    n_events = 0
    with store.transaction():
        if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():  # a concurrent writer won
            _record_input(conn, source, rhash, doc.id, "duplicate")
            return "duplicate", 0
        ts = now()
        if match is not None:
            story_id = match.story_id
        else:
            story_id = conn.execute("INSERT INTO stories(first_doc, title, created_at) VALUES (?, ?, ?)",
                                    (doc.id, doc.title, ts)).lastrowid
        from .. import __version__

        conn.execute(
            """INSERT INTO documents(id, input, input_id, url, outlet, title, section, source, published, published_from,
               dateline, text, original, captions, dates, quantities, warnings, story_id, duplicate_of, similarity,
               containment, marsad_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (doc.id, source, doc.input_id, doc.url, outlet_of(doc, meta), doc.title, _j(doc.section), doc.source,
             doc.published, doc.published_from, _j(doc.dateline) if doc.dateline else None, doc.text, doc.original,
             _j(doc.captions), _j(doc.dates), _j(doc.quantities), _j(doc.warnings), story_id,
             match.doc_id if match else None, round(match.jaccard, 4) if match else None,
             round(match.containment, 4) if match else None, __version__, ts))
        conn.executemany('INSERT INTO sentences(doc_id, idx, start, "end") VALUES (?,?,?,?)',
                         [(doc.id, i, s.get("start"), s.get("end")) for i, s in enumerate(doc.sentences)])
        conn.executemany(
            'INSERT INTO entities(doc_id, idx, field, start, "end", text, type, entity_id, name_en, country, sector, '
            'lat, lon, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [(doc.id, i, e.get("field"), _int(e.get("start")), _int(e.get("end")), e.get("text"), e.get("type"),
              e.get("id"), e.get("name_en"), e.get("country"), e.get("sector"), e.get("lat"), e.get("lon"), _j(e))
             for i, e in enumerate(doc.entities) if isinstance(e, dict)])
        qrows = []
        for i, q in enumerate(doc.quotes):
            if not isinstance(q, dict):
                continue
            sp = q.get("speaker") if isinstance(q.get("speaker"), dict) else {}
            qrows.append((doc.id, i, q.get("field"), _int(q.get("start")), _int(q.get("end")), q.get("text"),
                          None if q.get("direct") is None else int(bool(q.get("direct"))),
                          sp.get("text"), sp.get("id"), sp.get("name_en"), _j(q)))
        conn.executemany('INSERT INTO quotes(doc_id, idx, field, start, "end", text, direct, speaker_text, speaker_id, '
                         'speaker_name, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)', qrows)
        conn.execute("INSERT INTO minhashes(doc_id, n_shingles, sig) VALUES (?,?,?)", (doc.id, len(sh), to_blob(mh)))
        home = dateline_country(doc.dateline, doc.entities)
        for idx, ev in enumerate(doc.events):
            if not isinstance(ev, dict):
                continue
            row = event_row(ev, doc.id, idx, story_id, doc.published, home)
            cols = ", ".join(row)
            eid = conn.execute(f"INSERT INTO events({cols}) VALUES ({', '.join('?' * len(row))})",
                               tuple(row.values())).lastrowid
            m = Mention.from_row(conn.execute("SELECT * FROM events WHERE id = ?", (eid,)).fetchone())
            incident_id, merged_with, reasons = inc.assign(conn, m, store.incident_cache)
            inc.link(conn, eid, incident_id, merged_with, reasons, m, store.incident_cache)
            n_events += 1
        _record_input(conn, source, rhash, doc.id, "stored")
        _resolve_failure(conn, source, doc.id)
    store.dedup.add(doc.id, mh)
    return ("near-duplicate" if match is not None else "stored"), n_events


def _record_input(conn, source: str | None, rhash: str | None, doc_id: str, status: str) -> None:
    if source and rhash:
        conn.execute("INSERT OR IGNORE INTO inputs(source, raw_hash, doc_id, status, seen_at) VALUES (?,?,?,?,?)",
                     (source, rhash, doc_id, status, now()))


def _resolve_failure(conn, source: str | None, doc_id: str) -> None:
    if source:
        conn.execute("UPDATE failures SET resolved_at = ?, doc_id = ? WHERE source = ? AND resolved_at IS NULL",
                     (now(), doc_id, source))


def record_failure(store: Store, source: str, reason: str, default_date: str | None) -> None:
    ts = now()
    with store.transaction() as conn:
        conn.execute(
            """INSERT INTO failures(source, reason, time, first_time, retries, default_date) VALUES (?,?,?,?,0,?)
               ON CONFLICT(source) DO UPDATE SET reason = excluded.reason, time = excluded.time,
               retries = failures.retries + 1, default_date = COALESCE(excluded.default_date, failures.default_date),
               resolved_at = NULL, doc_id = NULL""",
            (source, reason, ts, ts, default_date))


# -- the loop ------------------------------------------------------------------

class _Progress:
    def __init__(self, total: int | None, enabled: bool | None, desc: str):
        self.bar = None
        if enabled is False:
            return
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", desc=desc, file=sys.stderr, dynamic_ncols=True,
                        disable=None if enabled is None else False, smoothing=0.1)

    def update(self, summary: IngestSummary) -> None:
        if self.bar is not None:
            self.bar.set_postfix(stored=summary.stored, dup=summary.duplicates, failed=summary.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _process(store: Store, items: Iterator[RawInput | InputError], summary: IngestSummary,
             default_date: str | None, pipeline, progress: _Progress,
             on_error: Callable[[str, str], None] | None, failed_sources: set[str] | None = None) -> None:
    conn = store.conn
    for item in items:
        summary.inputs += 1
        if isinstance(item, InputError):
            _fail(store, summary, item.source, item.reason, default_date, on_error, failed_sources)
            progress.update(summary)
            continue
        rhash = raw_hash(item)
        seen = conn.execute("SELECT doc_id FROM inputs WHERE raw_hash = ? LIMIT 1", (rhash,)).fetchone()
        if seen is not None:  # this very input was ingested before: skip the extraction
            summary.duplicates += 1
            if conn.execute("SELECT 1 FROM failures WHERE source = ? AND resolved_at IS NULL", (item.source,)).fetchone() \
                    or not conn.execute("SELECT 1 FROM inputs WHERE source = ? AND raw_hash = ?", (item.source, rhash)).fetchone():
                with store.transaction():
                    _record_input(conn, item.source, rhash, seen[0], "duplicate")
                    _resolve_failure(conn, item.source, seen[0])
            progress.update(summary)
            continue
        t0 = time.perf_counter()
        try:
            doc = pipeline.process_raw(item, default_date)
        except InputError as exc:
            _fail(store, summary, exc.source or item.source, exc.reason, default_date, on_error, failed_sources)
            progress.update(summary)
            continue
        except Exception as exc:  # one bad document never stops a batch
            _fail(store, summary, item.source, f"internal error while processing: {type(exc).__name__}: {exc}",
                  default_date, on_error, failed_sources)
            progress.update(summary)
            continue
        t1 = time.perf_counter()
        summary.extract_seconds += t1 - t0
        try:
            status, n_events = store_document(store, doc, item.meta, rhash, item.source)
        except Exception as exc:  # rolled back: the document is not half-stored; record and go on
            if isinstance(exc, sqlite3.OperationalError) and "locked" not in str(exc) and "busy" not in str(exc):
                raise  # disk full, read-only database...: stop rather than fail every document
            _fail(store, summary, item.source, f"internal error while storing: {type(exc).__name__}: {exc}",
                  default_date, on_error, failed_sources)
            progress.update(summary)
            continue
        summary.store_seconds += time.perf_counter() - t1
        if status == "duplicate":
            summary.duplicates += 1
        else:
            summary.stored += 1
            summary.events += n_events
            if status == "near-duplicate":
                summary.near_duplicates += 1
        progress.update(summary)


def _fail(store, summary, source, reason, default_date, on_error, failed_sources) -> None:
    summary.failed += 1
    summary.failures.append((source, reason))
    record_failure(store, source, reason, default_date)
    if failed_sources is not None:
        failed_sources.add(source)
    if on_error is not None:
        on_error(source, reason)


def _pipeline(pipeline):
    if pipeline is not None:
        return pipeline
    from ..pipeline import default_pipeline

    return default_pipeline()


def _start_run(store: Store, command: str) -> int:
    with store.transaction() as conn:
        return conn.execute("INSERT INTO runs(started_at, command) VALUES (?, ?)", (now(), command)).lastrowid


def _finish_run(store: Store, run_id: int, s: IngestSummary) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE runs SET finished_at = ?, stored = ?, near_duplicates = ?, duplicates = ?, failed = ? "
                     "WHERE id = ?", (now(), s.stored, s.near_duplicates, s.duplicates, s.failed, run_id))


def ingest_paths(store: Store, paths: list[str], default_date: str | None = None, *, pipeline=None,
                 progress: bool | None = None, on_error: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Ingest every input under `paths` into `store`. Never raises for bad input."""
    summary = IngestSummary()
    pipe = _pipeline(pipeline)
    start = time.perf_counter()
    run_id = _start_run(store, "ingest " + " ".join(map(str, paths)))
    bar = _Progress(count_inputs(paths), progress, "ingest")
    try:
        _process(store, iter_inputs([os.fspath(p) for p in paths]), summary, default_date, pipe, bar, on_error)
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - start
    _finish_run(store, run_id, summary)
    return summary


_LINE_SOURCE = re.compile(r"^(.*):(\d+)$")


def retry_failed(store: Store, *, pipeline=None, progress: bool | None = None,
                 on_error: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Try every unresolved failure again (its file, or its line of a JSON Lines file)."""
    summary = IngestSummary()
    pipe = _pipeline(pipeline)
    start = time.perf_counter()
    rows = store.conn.execute("SELECT source, default_date FROM failures WHERE resolved_at IS NULL ORDER BY rowid").fetchall()
    run_id = _start_run(store, "ingest --retry-failed")
    bar = _Progress(len(rows), progress, "retry")
    try:
        for row in rows:
            source, default_date = row["source"], row["default_date"]
            summary.retried += 1
            path, want = _retry_target(source)
            if path is None:  # stays recorded as it was; nothing to read again
                summary.not_retryable += 1
                if on_error is not None:
                    on_error(source, _not_retryable_reason(source))
                bar.update(summary)
                continue
            items = (it for it in iter_inputs([path]) if want is None or it.source == want)
            failed_now: set[str] = set()
            before = summary.inputs
            _process(store, items, summary, default_date, pipe, _Progress(None, False, ""), on_error, failed_now)
            if summary.inputs == before:  # the record is gone (line now blank)
                _fail(store, summary, source, "the record is no longer in the file", default_date, on_error, failed_now)
            if source not in failed_now:
                with store.transaction() as conn:  # e.g. a whole file that failed now yields good records
                    conn.execute("UPDATE failures SET resolved_at = ? WHERE source = ? AND resolved_at IS NULL",
                                 (now(), source))
                summary.resolved += 1
            bar.update(summary)
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - start
    _finish_run(store, run_id, summary)
    return summary


def _retry_target(source: str) -> tuple[str | None, str | None]:
    if source.startswith("<"):
        return None, None
    if Path(source).exists():
        return source, None
    m = _LINE_SOURCE.match(source)
    if m and Path(m.group(1)).is_file():
        return m.group(1), source
    return None, None


def _not_retryable_reason(source: str) -> str:
    if source.startswith("<"):
        return f"cannot retry {source}: it was not a file"
    return "cannot retry: no such file or directory"


def open_failures(store: Store) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT source, reason, time, first_time, retries FROM failures WHERE resolved_at IS NULL ORDER BY rowid")]
