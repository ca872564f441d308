"""Small helpers shared by the command modules (cli.py and the per-layer *_cli.py)."""
from __future__ import annotations

import argparse


def date_arg(value: str) -> str:
    """argparse type for --date: an ISO date, or a usage error naming the format."""
    from .ingest.build import check_iso_date

    try:
        return check_iso_date(value, "--date")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
