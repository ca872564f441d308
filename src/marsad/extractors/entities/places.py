"""Places: doubtful GeoNames readings, and the proper name inside a place expression (جنوب لبنان → لبنان)."""
from __future__ import annotations

from functools import lru_cache

from ...knowledge.base import Entry, KnowledgeBase
from ...knowledge.lexicon import table, word_set
from ...knowledge.matcher import Mention
from ..views import FieldView

from .common import PLACE_TYPES, is_name_token


def doubtful_geonames(kb: KnowledgeBase, view: FieldView, m: Mention, hits) -> bool:
    """A place only GeoNames knows, spelled like an ordinary word: a feminine or definite form
    (الكبرى، سلالة، الحديثة، مشاركة) or a small place, with no locative cue (في، ب، قرب ...)
    before it. GeoNames' Arabic names include many adjectives and verbal nouns."""
    from ...knowledge.matcher import LOCATIVE_CUES

    entries = [kb.entries[h.entry] for h in hits]
    if not entries or any(e.kind != "geonames" for e in entries):
        return False
    text = m.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
    common_shape = text.endswith(("ة", "ى", "ية")) or text.startswith("ال")
    if m.token_end - m.token_start > 1:
        return common_shape and not text.startswith("ال")
    words = view.words
    prev = words[m.token_start - 1].norm if m.token_start else ""
    cue = prev in LOCATIVE_CUES or "ب" in m.clitic
    big = max(e.population for e in entries) > 100_000
    if cue:
        return not big and text.endswith(("ة", "ى", "ية"))
    if common_shape and not text.startswith("ال") and max(e.population for e in entries) >= 1_000_000:
        # a city of a million or more spelled with ة (مكة، بلنسية): a place unless a noun follows
        # it that makes it a construct (بورصة عمان 'the Amman exchange')
        nxt = words[m.token_end] if m.token_end < len(words) else None
        return nxt is not None and nxt.start - words[m.token_end - 1].end <= 1 and is_name_token(nxt) \
            and nxt.norm[:1] not in "وف" and (nxt.norm,) not in word_set("names/not_name_after_given.tsv")
    return common_shape or not big


@lru_cache(maxsize=None)
def _place_head_kinds() -> dict[tuple[str, ...], frozenset[str]]:
    return {f: frozenset(r.get("kind") for r in rows) for f, rows in table("lexicon/place_heads.tsv").forms.items()}


def place_name(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry) -> tuple[int, int] | None:
    """The proper name inside a place expression, where it is shorter than the expression: after
    directions (not in a country's or province's own name: جنوب السودان) and generic heads
    (lexicon/place_heads.tsv: جنوب لبنان → لبنان، مدينة مشهد → مشهد، مطار بغداد الدولي → بغداد), the
    longest run of words that is itself a known place; before a compass adjective, the other place it
    qualifies (أوروبا الغربية → أوروبا). None when the expression is the name (البحر الأحمر، بلاد
    الرافدين، الولايات المتحدة الأمريكية)."""
    kinds = _place_head_kinds()
    heads = {f for f, ks in kinds.items() if ks - {"direction-after"}}
    words, form = view.words, m.form
    if entry.kind in ("country", "admin1") and "direction" in kinds.get(form[:1], ()):
        return None  # official names keep their directions: جنوب أفريقيا، جنوب السودان، شمال سيناء
    if len(form) >= 2 and "direction-after" in kinds.get(form[-1:], ()) and any(
            kb.entries[h.entry].type in PLACE_TYPES and h.kind == "full" and kb.entries[h.entry].id != entry.id
            for h in kb.forms.get(form[:-1], ())):
        return m.start, words[m.token_end - 2].end  # "أوروبا الغربية" → أوروبا (الضفة الغربية is one name)
    k = 0
    while k < len(form) - 1 and (form[k],) in heads:
        k += 1
    if k:
        for length in range(len(form) - k, 0, -1):
            part = form[k:k + length]
            if any(kb.entries[h.entry].type in PLACE_TYPES for h in kb.forms.get(part, ())):
                first, last = m.token_start + k, m.token_start + k + length - 1
                return words[first].start, words[last].end
        return None
    return None
