"""Reading the knowledge base's TSV data files."""
from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header; '#' lines are comments; cells are stripped."""
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def split_forms(cell: str) -> list[str]:
    return [f.strip() for f in (cell or "").split("|") if f.strip()]


def to_float(cell: str) -> float | None:
    try:
        return float(cell) if cell not in ("", None) else None
    except ValueError:
        return None
