"""Opening the SQLite database: WAL journal, migrations, short write transactions."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .schema import migrate

DEFAULT_DB = "marsad.db"


def default_db_path() -> str:
    """./marsad.db, or $MARSAD_DB when set."""
    return os.environ.get("MARSAD_DB") or DEFAULT_DB


class StoreNotFound(FileNotFoundError):
    pass


class Store:
    """One connection to a Marsad database (one writer at a time; readers never block)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, create: bool = True):
        self.path = str(path or default_db_path())
        if not create and not Path(self.path).exists():
            raise StoreNotFound(f"no database at {self.path} (run `marsad ingest` first, or pass --db)")
        if create:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60.0)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 60000")
        self.schema_version = migrate(self.conn)
        self._dedup = None
        self._in_tx = False
        from .incidents import IncidentCache

        self.incident_cache = IncidentCache()
        self._data_version: int | None = None

    @property
    def dedup(self):
        if self._dedup is None:
            from .dedup import Deduper

            self._dedup = Deduper(self.conn)
        return self._dedup

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; everything inside lands together or not at all."""
        if self._in_tx:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        self.sync()
        try:
            yield self.conn
        except BaseException:
            self._in_tx = False
            self.incident_cache.clear()  # it may hold mentions of the rolled-back transaction
            self.conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        self.conn.execute("COMMIT")
        self._data_version = self.conn.execute("PRAGMA data_version").fetchone()[0]

    def sync(self) -> None:
        """Drop in-memory caches when another connection has committed since our last commit."""
        dv = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._data_version is not None and dv != self._data_version:
            self.incident_cache.clear()
            if self._dedup is not None:
                self._dedup.lsh = None  # rebuilt from the stored signatures on next use
        self._data_version = dv

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def stats(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("documents", "stories", "events", "incidents", "entities", "quotes")} | {
            "failures_open": self.conn.execute("SELECT COUNT(*) FROM failures WHERE resolved_at IS NULL").fetchone()[0]}

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
