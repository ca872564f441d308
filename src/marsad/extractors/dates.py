"""Dates: month names of every calendar Arabic news uses, paired forms, numeric dates,
weekdays and relative expressions, resolved against the publication date."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from ..document import Document
from ..knowledge.lexicon import Lexicon, table
from .views import FieldView, views

_NUMERIC_RE = re.compile(r"\b(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))\b")


def months() -> Lexicon:
    return table("time/months.tsv")


def weekdays() -> Lexicon:
    return table("time/weekdays.tsv")


def relatives() -> Lexicon:
    return table("time/relative.tsv")


def _pub(doc: Document) -> dt.date | None:
    try:
        return dt.date.fromisoformat(doc.published) if doc.published else None
    except ValueError:
        return None


def _int(tok) -> int | None:
    return int(tok.norm) if tok is not None and tok.norm.isdigit() else None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Tabular (arithmetic) Islamic calendar; within a day or two of Umm al-Qura."""
    jd = day + int(29.5 * (month - 1) + 0.99) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439 - 1
    return dt.date.fromordinal(jd - 1721425 + 1)


def extract_dates(doc: Document) -> None:
    pub = _pub(doc)
    out = []
    for name, view in views(doc).items():
        taken: set[int] = set()
        out += _month_dates(view, pub, taken)
        out += _numeric_dates(view, taken)
        out += _relative_dates(view, pub, taken)
    doc.dates = sorted(out, key=lambda d: (d["field"] != "text", d["field"], d["start"]))


def _item(view: FieldView, start: int, end: int, value, precision, kind, **extra) -> dict:
    d = {"text": view.text[start:end], "start": start, "end": end, "field": view.name,
         "value": value, "precision": precision, "kind": kind}
    d.update(extra)
    return d


def _month_dates(view: FieldView, pub: dt.date | None, taken: set[int]) -> list[dict]:
    words = view.words
    out = []
    matches = months().find(words, clitics=True)
    used = set()
    for k, m in enumerate(matches):
        if k in used:
            continue
        row = m.payloads[0]
        month, cal = int(row["month"]), row.get("calendar", "gregorian")
        a, b = m.start_token, m.end_token
        # paired form: آذار/مارس, يونيو/حزيران (the second name must agree)
        if b + 1 < len(words) and words[b].norm == "/" and k + 1 < len(matches) and matches[k + 1].start_token == b + 1:
            if int(matches[k + 1].payloads[0]["month"]) == month:
                used.add(k + 1)
                b = matches[k + 1].end_token
        day = _int(words[a - 1]) if a > 0 else None
        if day is not None and 1 <= day <= 31:
            a -= 1
        else:
            day = None
        year = _int(words[b]) if b < len(words) else None
        if year is not None and (1300 <= year <= 2100):
            b += 1
        else:
            year = None
        start, end = words[a].start, words[b - 1].end
        if any(i in taken for i in range(a, b)):
            continue
        taken.update(range(a, b))
        precision = "day" if day else "month"
        if cal == "hijri":
            if year is None:
                continue  # a Hijri month without a year is too ambiguous to place
            g = hijri_to_gregorian(year, month, day or 1)
            value = g.isoformat() if day else g.isoformat()[:7]
            out.append(_item(view, start, end, value, precision, "approximate", calendar="hijri"))
            continue
        kind = "exact"
        inferred = year is None
        if year is None:
            if pub is None:
                out.append(_item(view, start, end, None, precision, "relative", note="no year and no publication date"))
                continue
            year = pub.year
            last = calendar.monthrange(year, month)[1]
            if (dt.date(year, month, min(day or 1, last)) > pub):
                year -= 1
        if day:
            last = calendar.monthrange(year, month)[1]
            if day > last:
                continue
            value = dt.date(year, month, day).isoformat()
        else:
            value = f"{year:04d}-{month:02d}"
        extra = {"year_inferred": True} if inferred else {}
        out.append(_item(view, start, end, value, precision, kind, **extra))
    return out


def _numeric_dates(view: FieldView, taken: set[int]) -> list[dict]:
    out = []
    for m in _NUMERIC_RE.finditer(view.text):
        try:
            if m.group(1):
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                d = dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        except ValueError:
            continue
        out.append(_item(view, m.start(), m.end(), d.isoformat(), "day", "exact"))
    return out


def _shift(pub: dt.date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "day":
        return (pub + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "week":
        d = pub + dt.timedelta(weeks=offset)
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}", "week"
    if unit == "month":
        y, mth = pub.year, pub.month + offset
        while mth < 1:
            y, mth = y - 1, mth + 12
        while mth > 12:
            y, mth = y + 1, mth - 12
        return f"{y:04d}-{mth:02d}", "month"
    if unit == "year":
        return f"{pub.year + offset:04d}", "year"
    raise ValueError(unit)


def _relative_dates(view: FieldView, pub: dt.date | None, taken: set[int]) -> list[dict]:
    words = view.words
    out = []
    for m in relatives().find(words, clitics=True):
        if any(i in taken for i in range(m.start_token, m.end_token)):
            continue
        row = m.payloads[0]
        start, end = words[m.start_token].start, words[m.end_token - 1].end
        kind = row.get("kind") or "relative"
        if kind == "blocker":  # a phrase that only looks relative (اليوم التالي)
            taken.update(range(m.start_token, m.end_token))
            continue
        if pub is None:
            out.append(_item(view, start, end, None, row.get("precision") or row["unit"], kind,
                             note="relative date without a publication date"))
            continue
        try:
            value, precision = _shift(pub, row["unit"], int(row.get("offset") or 0))
        except (ValueError, KeyError):
            continue
        taken.update(range(m.start_token, m.end_token))
        out.append(_item(view, start, end, value, row.get("precision") or precision, kind))
    for m in weekdays().find(words, clitics=True):
        if any(i in taken for i in range(m.start_token, m.end_token)):
            continue
        if m.start_token > 0 and words[m.start_token - 1].norm in ("صلاه", "خطبه"):
            continue  # Friday prayers, not a date
        start, end = words[m.start_token].start, words[m.end_token - 1].end
        if pub is None:
            continue
        wd = int(m.payloads[0]["weekday"])
        back = (pub.weekday() - wd) % 7
        out.append(_item(view, start, end, (pub - dt.timedelta(days=back)).isoformat(), "day", "relative"))
    return out
