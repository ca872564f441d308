"""Shared pieces of the entity extractors: entity records, overlap tests, word classes every rule uses."""
from __future__ import annotations

from ...document import Document
from ...knowledge.base import Entry, KnowledgeBase
from ...knowledge.lexicon import word_set
from ...text.tokens import Token


PLACE_TYPES = {"GPE", "LOC", "FAC"}


NAME_STOP = {"،", ",", ".", ":", "؛", "(", ")", "[", "]", "/", "-", "؟", "?", "!"}


def entry_fields(e: Entry) -> dict:
    return {
        "type": e.type, "id": e.id, "name_en": e.name_en, "country": e.country or None,
        "sector": e.sector or None, "lat": e.lat, "lon": e.lon,
    }


def function_words() -> frozenset:
    return word_set("lexicon/function_words.tsv")


def is_name_token(tok: Token) -> bool:
    if not tok.is_word or tok.norm in NAME_STOP or tok.norm[:1].isdigit():
        return False
    return (tok.norm,) not in function_words() and not tok.norm.isascii()


QUOTES = ("«", "»", '"', "“", "”")


def nationality(kb: KnowledgeBase, norm: str) -> bool:
    """A nationality adjective, bare or definite (لبناني، اللبناني، الفرنسية)."""
    forms = [norm] + ([norm[2:]] if norm.startswith("ال") else [])
    return any(kb.entries[h.entry].kind == "nationality" for f in forms for h in kb.forms.get((f,), ()))


def generic_national(kb: KnowledgeBase, form: tuple[str, ...]) -> bool:
    """A definite common noun + a nationality adjective (الجيش اللبناني، الحكومة السودانية)."""
    return len(form) == 2 and form[0].startswith("ال") and nationality(kb, form[1])


def make_entity(doc: Document, fname: str, start: int, end: int, text: str, entry: Entry | None, source: str,
            confidence: float, **extra) -> dict:
    ent = {"text": text[start:end], "start": start, "end": end, "field": fname}
    if entry is not None:
        ent.update(entry_fields(entry))
        if entry.type in PLACE_TYPES:
            ent["feature"] = entry.feature or None
            ent["precision"] = entry.precision or None
            ent["admin1"] = entry.admin1 or None
            if entry.extra.get("extent_km"):
                ent["extent_km"] = entry.extra["extent_km"]
            if entry.capital_of:
                ent["capital_of"] = entry.capital_of
        if entry.type == "PERSON":
            role = entry.role_at(doc.published)
            if role:
                ent["role"] = role["role_en"]
                ent["sector"] = role["sector"] or ent["sector"]
                if role.get("organization"):
                    ent["affiliation"] = {"id": role["organization"]}
                ent["country"] = role.get("country") or ent["country"]
        if entry.type == "ORG" and entry.parent:
            ent["parent"] = entry.parent
        if entry.aligned_with:
            ent["aligned_with"] = entry.aligned_with.split("|")
    else:
        ent.update({"type": extra.pop("type"), "id": None, "name_en": None, "country": extra.pop("country", None),
                    "sector": extra.pop("sector", None), "lat": None, "lon": None})
    ent["source"] = source
    ent["confidence"] = confidence
    if entry is not None and entry.kind == "institution":
        # a generated institution ("الحكومة العراقية", "وزير الخارجية الأمريكي") is a nominal
        # mention: an actor for events, not a name (named-entity scores leave it out)
        ent["nominal"] = True
    ent.update(extra)
    return ent


def overlaps(found: list[dict], fname: str, start: int, end: int) -> bool:
    return any(e["field"] == fname and e["start"] < end and start < e["end"] for e in found)


def starts_with_role(kb: KnowledgeBase, toks) -> bool:
    from ...text.tokens import clitic_variants

    first = toks[0].norm
    return any((w,) in kb.role_nouns or (w, toks[1].norm if len(toks) > 1 else "") in kb.role_nouns
               for _, w in clitic_variants(first))
