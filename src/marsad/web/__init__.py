"""The web layer: `marsad serve` (a FastAPI app) with the JSON API and the dashboard.

The dashboard's JavaScript and CSS are built from frontend/ (npm) into static/ and
committed, so installing Marsad needs no Node. See docs/dashboard.md.
"""
from __future__ import annotations


def create_app(*args, **kwargs):
    from .app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
