"""Shared pieces of the scorers: counts and P/R/F1, distances, data location,
a one-sentence pipeline runner, report rendering and docs/quality.md updates.

Nothing here reads gold data itself; the scorers do. Nothing prints gold text.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


# -- arithmetic ---------------------------------------------------------------
@dataclass
class PRF:
    """Precision, recall and F1 from four counts.

    Precision = correct predictions / predictions, recall = gold items found /
    gold items. For exact matching both numerators are the true positives; for
    partial (overlap) matching they differ: one gold span may be touched by two
    predictions and the other way round, so the two sides are counted apart.
    A rate with an empty denominator is None (shown as "–"), never 0 or 1.
    """

    pred_correct: int = 0
    pred_total: int = 0
    gold_found: int = 0
    gold_total: int = 0

    @property
    def precision(self) -> float | None:
        return self.pred_correct / self.pred_total if self.pred_total else None

    @property
    def recall(self) -> float | None:
        return self.gold_found / self.gold_total if self.gold_total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.pred_correct + other.pred_correct, self.pred_total + other.pred_total,
                   self.gold_found + other.gold_found, self.gold_total + other.gold_total)

    def add(self, other: "PRF") -> None:
        self.pred_correct += other.pred_correct
        self.pred_total += other.pred_total
        self.gold_found += other.gold_found
        self.gold_total += other.gold_total


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points (spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# -- where things are ---------------------------------------------------------
def repo_root() -> Path | None:
    """The source checkout this package runs from, or None when installed elsewhere."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").exists() and (root / "src" / "marsad").is_dir() else None


def default_data_dir() -> Path:
    """../shared/data from the current directory, then beside the repository checkout."""
    candidates = [Path.cwd() / ".." / "shared" / "data"]
    root = repo_root()
    if root is not None:
        candidates.append(root.parent / "shared" / "data")
    for cand in candidates:
        if cand.is_dir():
            return cand.resolve()
    return candidates[-1]


def quality_doc_path() -> Path | None:
    root = repo_root()
    return None if root is None else root / "docs" / "quality.md"


class DataMissing(Exception):
    """A gold set is not where it should be; the message says where we looked."""


def need_dir(path: Path, what: str) -> Path:
    if not path.is_dir():
        raise DataMissing(f"{what} not found at {path} (pass --data DIR pointing at shared/data)")
    return path


# -- running the pipeline on one gold sentence -------------------------------
class SentenceRunner:
    """Runs Marsad's extractors on a text that is one sentence (the gold unit).

    The sentence splitter is left out and the whole text is declared one
    sentence, so that gold and prediction are aligned on the same unit and no
    text cleaning moves offsets. A component that raises is counted, never
    fatal: the sentence then has no predictions.
    """

    def __init__(self) -> None:
        from ..pipeline import Pipeline, default_components, sentence_splitter

        self.pipeline = Pipeline([c for c in default_components() if c is not sentence_splitter])
        self.errors = 0

    def __call__(self, text: str, published: str | None = None):
        from ..document import Document

        doc = Document(text=text, published=published)
        doc.sentences = [{"start": 0, "end": len(text)}] if text else []
        try:
            return self.pipeline(doc)
        except Exception:
            self.errors += 1
            return Document(text=text, published=published, sentences=doc.sentences)


# -- reports ------------------------------------------------------------------
@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Target:
    what: str  # e.g. "NER micro-F1 (PER/LOC/ORG, exact)"
    goal: str  # e.g. "≥ 0.70"
    value: str  # the measured value, formatted
    met: bool | None  # None: not measurable here


@dataclass
class Report:
    section: str  # the docs/quality.md section title
    command: str  # the command that produced it
    tables: list[Table] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # method notes, shown under the tables
    warnings: list[str] = field(default_factory=list)  # what makes this run doubtful: shown everywhere
    data: dict = field(default_factory=dict)  # raw numbers, for tests and tooling
    limited: bool = False  # a --limit run: not the full measurement

    def verdict(self) -> str:
        states = [t.met for t in self.targets]
        if not states:
            return "no targets"
        if any(s is False for s in states):
            return "not met"
        if all(s is True for s in states):
            return "met"
        return "partly measurable"


def _widths(headers: list[str], rows: list[list[str]]) -> list[int]:
    return [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]


_NUMERIC = re.compile(r"^[\d–.\-]")


def _numeric_columns(table: Table) -> list[bool]:
    """A column is right-aligned when every cell in it reads as a number ("–" included)."""
    return [bool(table.rows) and all(_NUMERIC.match(str(r[i])) for r in table.rows) for i in range(len(table.headers))]


def render_table_text(table: Table) -> str:
    widths = _widths(table.headers, table.rows)
    numeric = _numeric_columns(table)

    def line(cells):
        return "  ".join(str(c).rjust(w) if num else str(c).ljust(w)
                         for c, w, num in zip(cells, widths, numeric)).rstrip()

    out = [table.caption, line(table.headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in table.rows]
    return "\n".join(out)


def render_table_markdown(table: Table) -> str:
    out = [f"**{table.caption}**", "", "| " + " | ".join(table.headers) + " |",
           "|" + "|".join("---:" if num else "---" for num in _numeric_columns(table)) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in table.rows]
    return "\n".join(out)


def _met(t: Target) -> str:
    return {True: "met", False: "NOT met", None: "not measurable"}[t.met]


def render_text(report: Report) -> str:
    parts = [f"== {report.section} ==" + ("  (partial run: --limit)" if report.limited else "")]
    parts += [render_table_text(t) for t in report.tables]
    if report.targets:
        parts.append("Targets:\n" + "\n".join(f"  {t.what}: {t.value} (target {t.goal}) → {_met(t)}"
                                              for t in report.targets))
        parts.append(f"Verdict: {report.verdict()}")
    if report.warnings:
        parts.append("\n".join(f"Warning: {w}" for w in report.warnings))
    return "\n\n".join(parts)


def render_markdown(report: Report, date: str | None = None) -> str:
    date = date or dt.date.today().isoformat()
    from .. import __version__

    head = f"Command: `{report.command}`  \nDate: {date} (marsad {__version__})"
    if report.limited:
        head += "  \n**Partial run (--limit): not the full measurement.**"
    parts = [head]
    parts += [render_table_markdown(t) for t in report.tables]
    if report.targets:
        rows = [[t.what, t.goal, t.value, _met(t)] for t in report.targets]
        parts.append(render_table_markdown(Table("Targets", ["target", "goal", "measured", "verdict"], rows)))
        parts.append(f"**Verdict: {report.verdict()}.**")
    if report.warnings:
        parts.append("\n".join(f"**Warning:** {w}  " for w in report.warnings).rstrip())
    if report.notes:
        parts.append("\n".join(f"- {n}" for n in report.notes))
    return "\n\n".join(parts)


# -- docs/quality.md ------------------------------------------------------------
SECTION_ORDER = ["NER (ANERcorp test)", "Events (PETRARCH GSR)", "Places (IDRISI LMD dev)"]

DOC_HEADER = """# Quality

Measured by `marsad evaluate ner|events|places` on the public gold sets in `../shared/data`
(see each section). Each section is rewritten by `marsad evaluate <scorer> --write-docs`;
the text above the first section is kept.
"""


def replace_section(text: str, title: str, body: str) -> str:
    """`text` with the level-2 section `## title` replaced by `body` (added if absent).

    A section runs from its heading to the next level-2 heading or the end of the
    file. A missing section is inserted in SECTION_ORDER, other sections untouched.
    """
    lines = text.splitlines()
    heading = f"## {title}"
    new = [heading, "", *body.strip("\n").splitlines(), ""]

    def h2(line: str) -> bool:
        return line.startswith("## ")

    if heading in [ln.rstrip() for ln in lines]:
        i = [ln.rstrip() for ln in lines].index(heading)
        j = next((k for k in range(i + 1, len(lines)) if h2(lines[k])), len(lines))
        out = lines[:i] + new + lines[j:]
    else:
        later = SECTION_ORDER[SECTION_ORDER.index(title) + 1:] if title in SECTION_ORDER else []
        at = next((k for k, ln in enumerate(lines) if h2(ln) and ln[3:].rstrip() in later), None)
        if at is None:
            while lines and not lines[-1].strip():
                lines.pop()
            out = lines + [""] + new
        else:
            out = lines[:at] + new + lines[at:]
    return "\n".join(out).rstrip("\n") + "\n"


def write_section(path: Path, title: str, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else DOC_HEADER
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(replace_section(text, title, body), encoding="utf-8")
    tmp.replace(path)


def take(items: Iterable, limit: int | None):
    for n, item in enumerate(items):
        if limit is not None and n >= limit:
            return
        yield item
