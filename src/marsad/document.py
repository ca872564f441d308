"""The Document: one article with its cleaned text and every item found in it.

Like a spaCy Doc, one object flows through small pipeline components; each
component fills one list. All offsets are Python string indices into the field
named by the item's `field` ("text" or "captions[i]").
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_id(text: str) -> str:
    """Stable id of a document: a hash of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    text: str
    original: str = ""
    url: str | None = None
    title: str | None = None
    section: list[str] = field(default_factory=list)
    source: str | None = None
    published: str | None = None
    published_from: str | None = None  # "page", "input" (JSONL field) or "default" (--date)
    captions: list[str] = field(default_factory=list)
    dateline: dict | None = None
    input: str | None = None  # where the document came from (file path, path:line, "<stdin>")
    input_id: str | None = None  # the id the input gave it (JSON Lines "id")
    sentences: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # per-run views for components

    @property
    def id(self) -> str:
        return content_id(self.text)

    def field_text(self, name: str) -> str:
        """The string an item's `field` refers to: "text" or "captions[i]"."""
        if name == "text":
            return self.text
        if name.startswith("captions[") and name.endswith("]"):
            return self.captions[int(name[9:-1])]
        raise KeyError(name)

    def fields(self) -> list[tuple[str, str]]:
        """(field name, string) for the body and every caption, in order."""
        return [("text", self.text)] + [(f"captions[{i}]", c) for i, c in enumerate(self.captions)]

    def to_dict(self, include_original: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "input_id": self.input_id,
            "url": self.url,
            "title": self.title,
            "section": list(self.section),
            "source": self.source,
            "published": self.published,
            "published_from": self.published_from,
            "dateline": self.dateline,
            "text": self.text,
            "captions": list(self.captions),
            "sentences": self.sentences,
            "entities": self.entities,
            "dates": self.dates,
            "quantities": self.quantities,
            "quotes": self.quotes,
            "events": self.events,
            "warnings": list(self.warnings),
        }
        if include_original:
            out["original"] = self.original
        return out


def dateline_places(dateline: Any, entities: list) -> list[dict]:
    """Places named in the article's dateline (بغداد - ...) that can stand for where its events
    happened: a dateline whose country the body never names is the outlet's desk (an Iraq story
    filed from القاهرة), not the scene, and gives none."""
    if not isinstance(dateline, dict) or dateline.get("start") is None or dateline.get("end") is None:
        return []
    start, end = dateline["start"], dateline["end"]
    body = [e for e in entities if isinstance(e, dict) and (e.get("field") or "text") == "text"
            and e.get("start") is not None]
    inside = [e for e in body if start <= e["start"] < end and e.get("type") in ("GPE", "LOC", "FAC") and e.get("country")]
    named_elsewhere = {e.get("country") for e in body if not (start <= e["start"] < end) and e.get("country")}
    return [e for e in inside if e["country"] in named_elsewhere]

