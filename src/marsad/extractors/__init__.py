"""Extraction components: each fills one list of a Document. Pure: no I/O beyond
reading packaged data, no database, no network."""
from __future__ import annotations


def default_extractors():
    from .dates import extract_dates
    from .entities import extract_entities
    from .events import extract_events
    from .quantities import extract_quantities
    from .quotes import extract_quotes

    return [extract_entities, extract_dates, extract_quantities, extract_quotes, extract_events]
