"""Marsad: Arabic news → source-traced political event data."""
from __future__ import annotations

__version__ = "0.1.0"

from .document import Document
from .pipeline import Pipeline, extract

__all__ = ["Document", "Pipeline", "extract", "__version__"]
