"""Marsad: Arabic news → source-traced political event data."""
from __future__ import annotations

__version__ = "0.1.0"

from .document import Document
from .pipeline import Pipeline, extract



def open(db=None):  # noqa: A001 - mirrors the CLI's --db; `marsad.open(path)` in notebooks
    """Open an event store for notebooks: `.events()`, `.incidents()`, `.tension(a, b, by=...)`
    return pandas DataFrames with the export columns."""
    from .store.api import open_store

    return open_store(db)


__all__ = ["Document", "Pipeline", "extract", "open", "__version__"]
