"""Turn a raw input (plain text or HTML) into a Document with clean text."""
from __future__ import annotations

import datetime as dt

from ..document import Document
from .errors import InputError
from .plaintext import clean_plain_text, parse_date
from .readers import RawInput, looks_like_html
from .resources import agency_of, agency_in


def check_iso_date(value: str | None, what: str = "date") -> str | None:
    """Return an ISO date string, or raise ValueError naming the problem."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{what} must be YYYY-MM-DD, got {value!r}") from None


def build_document(raw: RawInput, default_published: str | None = None) -> Document:
    if raw.is_html:
        from .html import extract_article  # lxml/trafilatura load only when HTML comes

        art = extract_article(raw.content, url=raw.meta.get("url"))
        paragraphs, captions = art.paragraphs, art.captions
        title, section, published = art.title, art.section, art.published
        source = agency_of(art.source) or agency_in(art.source) if art.source else None
        url, dateline = art.url, None
        if paragraphs:  # HTML extractors leave scraped chrome in plain paragraphs sometimes
            cleaned = clean_plain_text("\n".join(paragraphs))
            paragraphs, dateline = cleaned.paragraphs, cleaned.dateline
            captions = captions + [c for c in cleaned.captions if c not in captions]
            source = source or cleaned.source
    else:
        art = clean_plain_text(raw.content)
        paragraphs, captions = art.paragraphs, art.captions
        title, section, published, source = art.title, art.section, art.published, art.source
        url, dateline = None, art.dateline

    text = "\n\n".join(paragraphs)
    if not text.strip():
        raise InputError(raw.source, "no article text found")

    meta = raw.meta
    published_from = "page" if published else None
    warnings = list(raw.warnings)
    if meta.get("published"):
        try:
            published = check_iso_date(meta["published"], "published")
            published_from = "input"
        except ValueError:
            parsed = parse_date(str(meta["published"]))
            if parsed:
                published, published_from = parsed, "input"
            else:
                warnings.append(f"unreadable published value {meta['published']!r}; ignored")
    if not published and default_published:
        published, published_from = default_published, "default"
    if not published:
        warnings.append("no publication date: relative dates cannot be resolved")

    return Document(
        text=text,
        original=raw.content,
        url=meta.get("url") or url,
        title=meta.get("title") or title,
        section=section,
        source=source or (agency_of(meta["source"]) or meta["source"] if meta.get("source") else None),
        published=published,
        published_from=published_from,
        captions=captions,
        dateline=dateline,
        input=raw.source,
        input_id=meta.get("id"),
        warnings=warnings,
    )


def raw_from_string(text_or_html: str, source: str = "<string>") -> RawInput:
    text = text_or_html.replace("\r\n", "\n")
    return RawInput(source, text, looks_like_html(text), {})
