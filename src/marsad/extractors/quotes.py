"""Quotes with speakers: direct quotes in quotation marks and reported speech (قال إن ...).

Speaker order follows Arabic syntax: verb-first ("وقال مسؤول عراقي إن") puts the
speaker after the verb; subject-first ("لكن دبلوماسيين قالوا إن") before it. A
continuation verb with no speaker (وأضاف أن) keeps the previous speaker.
"""
from __future__ import annotations

import re

from ..document import Document
from ..knowledge.base import load
from ..knowledge.lexicon import table
from ..text.normalize import normalized_set
from .speech import speech_verbs
from .views import FieldView, views



_COMPLEMENTIZERS = normalized_set({"ان", "انه", "انها", "انهم", "انهما", "انهن", ":"})
_LEADING = normalized_set({"لكن", "ولكن", "حيث", "ثم", "كما", "و", "ف", "بينما", "فيما", "في", "من", "جهته", "جهتها", "،"})
_QUOTE_RE = re.compile(r"«([^«»]+)»|\"([^\"]+)\"|“([^“”]+)”|'([^'\n]+)'")
_TIME_TAIL = normalized_set({"هذا", "الشهر", "الاسبوع", "اليوم", "امس", "الماضي", "الجاري", "العام", "مؤخرا", "ايضا"})


def quotation_spans(text: str, start: int, end: int, single: bool = True) -> list[tuple[int, int]]:
    """Inner spans of paired quotation marks («...»، "..."، “...”، and '...' unless single=False)
    in text[start:end]."""
    out = []
    for m in _QUOTE_RE.finditer(text, start, end):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        if g == 4 and not single:
            continue
        out.append((m.start(g), m.end(g)))
    return out


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations long enough to be speech (three words or more)."""
    return [(a, b) for a, b in quotation_spans(text, start, end) if len(text[a:b].split()) >= 3]


def extract_quotes(doc: Document) -> None:
    quotes: list[dict] = []
    for name, view in views(doc).items():
        previous = None
        for s_start, s_end in view.sentences:
            words = view.words_between(s_start, s_end)
            found = _sentence_quotes(doc, view, words, s_start, s_end, previous)
            for q in found:
                if q["speaker"] is not None:
                    previous = q["speaker"]
            quotes += found
    doc.quotes = quotes


def _sentence_quotes(doc, view: FieldView, words, s_start, s_end, previous) -> list[dict]:
    text = view.text
    quoted = _quoted_spans(text, s_start, s_end)
    verbs = speech_verbs().find(words, clitics=True)
    out = []
    for m in verbs[:1]:  # the first speech verb of a sentence governs it
        row = m.payloads[0]
        kind = row.get("kind", "say")
        vi, vj = m.start_token, m.end_token
        after = words[vj] if vj < len(words) else None
        verb = {"text": text[words[vi].start:words[vj - 1].end], "start": words[vi].start, "end": words[vj - 1].end}
        if kind == "source":  # بحسب / وفق: the source follows, the content precedes
            sp_words = words[vj:_until(words, vj, {"،", ",", "."})]
            content = (s_start, words[vi].start)
        elif after is not None and (after.norm in _COMPLEMENTIZERS or after.start in {q[0] - 1 for q in quoted}):
            lead = 0
            while lead < vi and words[lead].norm in _LEADING:
                lead += 1
            sp_words = words[lead:vi]
            content = (after.end if after.norm in _COMPLEMENTIZERS else after.start, s_end)
        else:
            stop = _until(words, vj, _COMPLEMENTIZERS)
            sp_words = words[vj:stop]
            content = (words[stop].end if stop < len(words) else s_end, s_end)
        speaker = _speaker(doc, view, sp_words) if sp_words else None
        if speaker is None and (row.get("continuation") == "yes" or not sp_words):
            speaker = dict(previous, inherited=True) if previous else None
        if speaker is None and kind != "source":
            continue
        inside = [q for q in quoted if q[0] >= content[0] - 1 and q[1] <= s_end]
        whole = _trim(text, *content)
        # A quotation that opens the reported clause is the quote; quotation marks later in
        # the clause mark words quoted inside reported speech: both are kept.
        if inside and inside[0][0] - whole[0] <= 2:
            spans = [(q, True) for q in inside]
        else:
            spans = [(whole, False)] + [(q, True) for q in inside]
        for (a, b), direct in spans:
            if b - a < 3:
                continue
            out.append({"text": text[a:b], "start": a, "end": b, "field": view.name, "direct": direct,
                        "speaker": speaker, "verb": verb, "sentence": {"start": s_start, "end": s_end}})
    if not verbs:
        for a, b in quoted:
            if len(text[a:b].split()) >= 4:
                out.append({"text": text[a:b], "start": a, "end": b, "field": view.name, "direct": True,
                            "speaker": None, "verb": None, "sentence": {"start": s_start, "end": s_end}})
    return out


def _until(words, i, stops) -> int:
    j = i
    while j < len(words) and words[j].norm not in stops and j - i < 14:
        j += 1
    return j


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "،,:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".،,"):
        b -= 1
    return a, b


def _speaker(doc: Document, view: FieldView, sp_words) -> dict | None:
    """Resolve the speaker phrase: a person, then an organisation, then a role noun."""
    while sp_words and sp_words[-1].norm in _TIME_TAIL | {"،", ","}:
        sp_words = sp_words[:-1]
    if not sp_words:
        return None
    a, b = sp_words[0].start, sp_words[-1].end
    ents = [e for e in doc.entities if e["field"] == view.name and a <= e["start"] < b]
    sp = {"text": view.text[a:b], "start": a, "end": b, "id": None, "name_en": None, "type": None,
          "role": None, "affiliation": None, "country": None, "sector": None, "anonymous": False}
    person = next((e for e in ents if e["type"] == "PERSON"), None)
    org = next((e for e in ents if e["type"] in ("ORG",) or e.get("capital_of")), None)
    norp = next((e for e in ents if e["type"] == "NORP"), None)
    if person:
        sp.update(_from_entity(person))
        sp.update({"text": person["text"], "start": person["start"], "end": person["end"]})
        if person.get("affiliation"):
            sp["affiliation"] = person["affiliation"]
        if not sp.get("role") and person.get("role_text"):
            role = _role_noun([w for w in view.words if person["end"] <= w.start < b])
            if role:
                sp["role"] = role["role"]
        return sp
    role = _role_noun(sp_words)
    if role:
        sp.update({"role": role["role"], "sector": role["sector"] or None, "anonymous": role["anonymous"]})
        if norp:
            sp["country"] = norp["country"]
        if org:
            sp["affiliation"] = {"id": org["id"], "name_en": org["name_en"], "text": org["text"]}
            sp["country"] = sp["country"] or org.get("country")
        return sp
    if org:
        sp.update(_from_entity(org))
        return sp
    ref = _coreference(doc, view, sp_words)
    if ref:
        sp.update(_from_entity(ref))
        sp["coreference"] = {"start": ref["start"], "end": ref["end"], "field": ref["field"]}
        return sp
    if norp:
        sp.update({"country": norp["country"], "type": "NORP"})
        return sp
    return None


def _from_entity(e: dict) -> dict:
    return {"id": e["id"], "name_en": e["name_en"], "type": e["type"], "country": e.get("country"),
            "sector": e.get("sector"), "role": e.get("role")}


def _role_noun(sp_words) -> dict | None:
    kb = load()
    for i in range(len(sp_words)):
        for n in (3, 2, 1):
            key = tuple(w.norm for w in sp_words[i:i + n])
            for k in (key, tuple([key[0][1:]] + list(key[1:])) if key and key[0][:1] in "وفل" else None):
                if k and k in kb.role_nouns:
                    return kb.role_nouns[k]
    return None


def _coreference(doc: Document, view: FieldView, sp_words) -> dict | None:
    """'الميليشيا الموالية لإيران' → the last armed group named before it."""
    coref = table("lexicon/coreference.tsv")
    for w in sp_words:
        for row in coref.get(w.text) or coref.forms.get((w.norm,), []):
            sectors = set(row["refers_to_sectors"].split("|"))
            before = [e for e in doc.entities if e["field"] == view.name and e["end"] <= w.start
                      and e["type"] == "ORG" and (e.get("sector") in sectors)]
            if before:
                return before[-1]
    return None
