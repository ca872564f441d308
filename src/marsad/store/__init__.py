"""The store: an embedded SQLite database of documents, mentions, stories and incidents.

`marsad ingest` writes it (resumable, deduplicated); `marsad incident`, `tension`
and `export` read it; `open_store()` gives DataFrames for notebooks. See docs/store.md.
"""
from __future__ import annotations

from .db import DEFAULT_DB, Store, StoreNotFound, default_db_path
from .demo import build_demo_db, demo_corpus_path
from .ingest import IngestSummary, ingest_paths, retry_failed, store_document


def open_store(db=None):
    """Open an existing database for reading into pandas DataFrames (see store.api)."""
    from .api import open_store as _open

    return _open(db)


__all__ = ["DEFAULT_DB", "IngestSummary", "Store", "StoreNotFound", "build_demo_db", "default_db_path",
           "demo_corpus_path", "ingest_paths", "open_store", "retry_failed", "store_document"]
