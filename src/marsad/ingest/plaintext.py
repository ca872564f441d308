"""Find the article in plain text scraped from a news page.

Scraped text keeps the page around the article: section labels and the headline
above it, a credit line, the photo caption (often twice), and feedback, comment
and share widgets below. This module separates them. Each line of scraped text
is one paragraph candidate.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.normalize import normalize
from .resources import agency_in, agency_of, chrome_patterns

_SENTENCE_END = tuple(".!?؟…:»\"”)")
_PHOTO_CREDIT_RE = re.compile(r"\[[^\[\]]{2,80}\]\s*$|\((?:صورة|الصورة|تصوير)[^()]{0,60}\)\s*$|^(?:صورة|الصورة|صورة أرشيفية)\s*[:：]")
_DATELINE_RE = re.compile(
    r"^(?P<place>[\w\u0600-\u06ff]{2,20}(?: [\w\u0600-\u06ff]{2,20}){0,2})\s*"
    r"(?:[-–—]\s*)?(?:\((?P<credit>[^()]{1,40})\)\s*)?[-–—:]\s+"
)
_ISO_DATE_RE = re.compile(r"\b(20\d\d|19\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DMY_DATE_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](20\d\d|19\d\d)\b")


@dataclass
class CleanArticle:
    paragraphs: list[str]
    title: str | None = None
    section: list[str] = field(default_factory=list)
    source: str | None = None
    credit: str | None = None
    captions: list[str] = field(default_factory=list)
    dateline: dict | None = None
    published: str | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) removed as chrome


def _collapse(line: str) -> str:
    return " ".join(line.split())


def chrome_kind(line: str) -> str | None:
    if len(line) > 300:  # widgets are short lines; a long line is body text
        return None
    for pattern, kind in chrome_patterns():
        if pattern.search(line):
            return kind
    return None


def _is_sentence(line: str) -> bool:
    return line.endswith(_SENTENCE_END) or len(line.split()) > 30


def _is_caption(line: str) -> bool:
    return bool(_PHOTO_CREDIT_RE.search(line))


def parse_date(text: str) -> str | None:
    """An ISO date from a numeric date in `text` (2020-04-20, 20/04/2020), else None."""
    for rx, order in ((_ISO_DATE_RE, (0, 1, 2)), (_DMY_DATE_RE, (2, 1, 0))):
        m = rx.search(normalize(text))
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def clean_plain_text(raw: str) -> CleanArticle:
    lines = [_collapse(ln) for ln in raw.split("\n")]
    lines = [ln for ln in lines if ln]
    art = CleanArticle(paragraphs=[])

    kept = []
    for ln in lines:
        kind = chrome_kind(ln)
        if kind:
            art.dropped.append((kind, ln))
        else:
            kept.append(ln)

    # A line printed more than once is a caption (image caption repeated by the page
    # template), as is a line ending in a photo credit "[name/agency]".
    counts = Counter(kept)
    body: list[str] = []
    for ln in kept:
        if counts[ln] > 1 or _is_caption(ln):
            if ln not in art.captions:
                art.captions.append(ln)
        else:
            body.append(ln)

    _take_header(body, art)

    if art.source is None:
        for cap in art.captions:
            credit = re.search(r"\[([^\[\]]+)\]\s*$", cap)
            if credit and (name := agency_in(credit.group(1))):
                art.source = name
                break

    if body:
        m = _DATELINE_RE.match(body[0])
        if m and len(m.group("place").split()) <= 3:
            credit = m.group("credit")
            art.dateline = {"text": m.group(0).strip(), "place": m.group("place"), "credit": credit,
                            "start": 0, "end": len(m.group(0).rstrip())}
            if credit and art.source is None:
                art.source = agency_of(credit) or agency_in(credit)
    art.paragraphs = body
    return art


def _take_header(body: list[str], art: CleanArticle) -> None:
    """Remove section labels, headline, credit and date lines above the first sentence."""
    header_len = 0
    while header_len < len(body) and not _is_sentence(body[header_len]) and header_len < 8:
        header_len += 1
    if header_len == 0 or header_len == len(body):
        return
    header = body[:header_len]
    rest = []
    title_at = None
    for i, ln in enumerate(header):
        name = agency_of(ln)
        if name:
            art.source, art.credit = name, ln
            continue
        date = parse_date(ln)
        if date and len(ln.split()) <= 6:
            art.published = art.published or date
            continue
        if title_at is None and len(ln.split()) >= 4:
            title_at = i
            art.title = ln
            art.section = [h for h in header[:i] if not agency_of(h) and len(h.split()) <= 4]
            continue
        if title_at is None:
            continue  # a short label before the headline: part of the section path
        rest.append(ln)  # sub-title or byline after the headline: keep as body
    if title_at is None:
        return  # no headline found: leave the header as body rather than guess
    body[:header_len] = rest
