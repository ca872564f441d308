"""The demo database: the bundled demo corpus ingested into a fresh store."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .db import Store
from .ingest import IngestSummary, ingest_paths


def demo_corpus_path() -> Path:
    return Path(str(resources.files("marsad.demo").joinpath("corpus", "articles.jsonl")))


def remove_db(path: str | os.PathLike[str]) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()


def build_demo_db(path: str | os.PathLike[str], *, fresh: bool = True, progress: bool | None = False,
                  pipeline=None, on_error=None) -> IngestSummary:
    """Ingest the demo corpus into `path` (replaced when `fresh`); returns the ingest summary."""
    corpus = demo_corpus_path()
    if not corpus.exists():
        raise FileNotFoundError(f"demo corpus missing: {corpus}")
    if fresh:
        remove_db(path)
    with Store(path) as store:
        return ingest_paths(store, [str(corpus)], pipeline=pipeline, progress=progress, on_error=on_error)
