"""Entities: knowledge-base mentions, rule-found people and organisations, short-form links."""
from __future__ import annotations

from ..document import Document
from ..knowledge.base import Entry, KnowledgeBase, load
from ..knowledge.lexicon import table, word_set
from ..knowledge.matcher import Mention, article_countries, find_mentions_in_context
from ..text.tokens import Token, original_prefix_length
from .speech import speech_verbs
from .views import FieldView, views

PLACE_TYPES = {"GPE", "LOC", "FAC"}
_NAME_STOP = {"،", ",", ".", ":", "؛", "(", ")", "[", "]", "/", "-", "؟", "?", "!"}


def entry_fields(e: Entry) -> dict:
    return {
        "type": e.type, "id": e.id, "name_en": e.name_en, "country": e.country or None,
        "sector": e.sector or None, "lat": e.lat, "lon": e.lon,
    }


def _function_words() -> frozenset:
    return word_set("lexicon/function_words.tsv")


def _is_name_token(tok: Token) -> bool:
    if not tok.is_word or tok.norm in _NAME_STOP or tok.norm[:1].isdigit():
        return False
    return (tok.norm,) not in _function_words() and not tok.norm.isascii()


def extract_entities(doc: Document) -> None:
    kb = load()
    found: list[dict] = []
    pending_short: list[tuple[str, FieldView, Mention]] = []
    fields = list(views(doc).items())
    per_field = find_mentions_in_context(kb, [(view.text, view.words) for _, view in fields])
    mentions = [(name, view, m) for (name, view), ms in zip(fields, per_field) for m in ms]
    countries = article_countries(kb, [m for _, _, m in mentions])
    for name, view, m in mentions:
        full = [h for h in m.hits if h.kind in ("full", "alias", "weak")]
        if full and kb.entries[full[0].entry].kind == "country":
            # a weak or short place reading can win by article context: keep it as a candidate
            full += [h for h in m.hits if h.kind == "short" and kb.entries[h.entry].type in PLACE_TYPES]
        if not full:
            pending_short.append((name, view, m))
            continue
        entry = Mention(m.start, m.end, m.text, m.form, m.clitic, full, m.token_start, m.token_end).best_in(kb, countries)
        found.append(_entity(doc, name, m.start, m.end, view.text, entry, "knowledge", 0.9 if len(m.hits) == 1 else 0.75))
    _rule_people(doc, kb, found)
    _rule_organizations(doc, found)
    _link_short_forms(doc, kb, found, pending_short)
    found.sort(key=lambda e: (e["field"] != "text", e["field"], e["start"]))
    doc.entities = found


def _entity(doc: Document, fname: str, start: int, end: int, text: str, entry: Entry | None, source: str,
            confidence: float, **extra) -> dict:
    ent = {"text": text[start:end], "start": start, "end": end, "field": fname}
    if entry is not None:
        ent.update(entry_fields(entry))
        if entry.type in PLACE_TYPES:
            ent["feature"] = entry.feature or None
            ent["precision"] = entry.precision or None
            ent["admin1"] = entry.admin1 or None
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


def _overlaps(found: list[dict], fname: str, start: int, end: int) -> bool:
    return any(e["field"] == fname and e["start"] < end and start < e["end"] for e in found)


def _name_after(view: FieldView, idx: int, max_tokens: int = 3) -> tuple[int, int] | None:
    """Token range [idx, j) of a plausible name starting at word index idx."""
    j = idx
    words = view.words
    while j < len(words) and j - idx < max_tokens and _is_name_token(words[j]):
        if j > idx and words[j].start - words[j - 1].end > 1:
            break
        j += 1
    return (idx, j) if j > idx else None


def _rule_people(doc: Document, kb: KnowledgeBase, found: list[dict]) -> None:
    """Unknown people: 'قال NAME، وهو ROLE', 'TITLE NAME', and photographers in credits."""
    titles = table("lexicon/person_titles.tsv")
    verbs = speech_verbs()
    for fname, view in views(doc).items():
        words = view.words
        # speech verb followed by a 2-3 token name and an apposition or إن/أن
        for m in verbs.find(words, clitics=True):
            span = _name_after(view, m.end_token, 3)
            if not span or span[1] - span[0] < 2:
                continue
            if _starts_with_role(kb, words[span[0]:span[1]]):
                continue  # "قال دبلوماسي غربي إن": a role, not a name
            nxt = words[span[1]] if span[1] < len(words) else None
            if nxt is None or nxt.norm not in ("،", ",", "ان", "انه", "انها"):
                continue
            _add_person(doc, found, view, span, "rule:speaker", 0.7)
        for m in titles.find(words, clitics=True):
            span = _name_after(view, m.end_token, 3)
            if span and span[1] - span[0] >= 2:
                role = m.payloads[0]
                _add_person(doc, found, view, span, "rule:title", 0.6, role=role["role_en"], sector=role["sector"])
        _given_name_people(doc, kb, view, found)
        if fname.startswith("captions"):
            # photo credit: [NAME/AGENCY]
            text = view.text
            lb = text.rfind("[")
            slash = text.find("/", lb)
            if lb != -1 and slash != -1 and text.endswith("]"):
                start, end = lb + 1, slash
                name = text[start:end].strip()
                if 2 <= len(name.split()) <= 4 and not _overlaps(found, fname, start, end):
                    found.append(_entity(doc, fname, start, start + len(name), text, None, "rule:photo-credit", 0.7,
                                         type="PERSON", role="Photographer", sector="MED"))


def _starts_with_role(kb: KnowledgeBase, toks) -> bool:
    from ..text.tokens import clitic_variants

    first = toks[0].norm
    return any((w,) in kb.role_nouns or (w, toks[1].norm if len(toks) > 1 else "") in kb.role_nouns
               for _, w in clitic_variants(first))


def _given_name_people(doc: Document, kb: KnowledgeBase, view: FieldView, found: list[dict]) -> None:
    """A known given name followed by name-like words is a person (جورج بوش، محمد بن سلمان).
    Particles (بن، أبو، عبد) keep a name going; verbs and function words end it. A given
    name marked '~' in the data (أمل، نور) is also a common word and needs a title before it."""
    names = table("names/given_names.tsv")
    particles = word_set("names/name_particles.tsv")
    stops = word_set("names/not_name_after_given.tsv")
    words = view.words
    n = len(words)
    starts = {m.start_token: m for m in names.find(words, clitics=True)}
    i = 0
    while i < n:
        m = starts.get(i)
        if m is None or not _spelled_as_name(words[i], m) or words[i].norm[:m.clitic_len].endswith("ال"):
            i += 1  # "التقى" is not ال + تقي: a given name never takes the article
            continue
        j = m.end_token
        taken = 0  # name words after the given name; particles let one more in
        while j < n and taken < 2:
            w = words[j]
            if (w.norm,) in particles and j + 1 < n and _is_name_token(words[j + 1]):
                j += 2
                continue
            if not _is_name_token(w) or (w.norm,) in stops or _starts_with_role(kb, [w]):
                break
            if (w.norm[:1] in "وف" and len(w.norm) > 3) or w.norm.startswith(("لل", "بال", "كال")):
                break  # a conjunction or preposition+article (وقال، بالعراق) starts a new phrase
            j += 1
            taken += 1
        if j - i >= 2:
            start = words[i].start + original_prefix_length(words[i], m.clitic_len)
            end = words[j - 1].end
            if not _overlaps(found, view.name, start, end):
                found.append(_entity(doc, view.name, start, end, view.text, None, "rule:given-name", 0.6,
                                     type="PERSON", sector=None))
        i = max(j, i + 1)


def _spelled_as_name(tok: Token, m) -> bool:
    """A given name that normalizes to a function word (علي = على) counts only when the
    text spells it as the name: the preposition على is never Ali."""
    if (tok.norm,) not in _function_words():
        return True
    from ..text.normalize import normalize

    spelled = "".join(ch for ch in tok.text if not ("\u064b" <= ch <= "\u065f"))
    return spelled.endswith("ي") and normalize(spelled) == tok.norm


def _add_person(doc, found, view: FieldView, span, source, confidence, **extra) -> None:
    start, end = view.words[span[0]].start, view.words[span[1] - 1].end
    if _overlaps(found, view.name, start, end):
        return
    ent = _entity(doc, view.name, start, end, view.text, None, source, confidence, type="PERSON",
                  sector=extra.pop("sector", None), **extra)
    _attach_affiliation(view, span[1], ent, found)
    found.append(ent)


def _attach_affiliation(view: FieldView, after: int, ent: dict, found: list[dict]) -> None:
    """'NAME، وهو باحث ... بمعهد واشنطن' → affiliation: the first organisation in the apposition."""
    words = view.words
    if after + 1 >= len(words) or words[after].norm not in ("،", ","):
        return
    if words[after + 1].norm not in ("وهو", "وهي", "هو", "هي"):
        return
    clause_end = next((w.start for w in words[after + 2:] if w.norm in ("،", ",", ".", "ان", "انه", "انها")), len(view.text))
    for e in found:
        if e["field"] == view.name and e["type"] == "ORG" and words[after].end <= e["start"] < clause_end:
            ent["affiliation"] = {"id": e["id"], "name_en": e["name_en"], "text": e["text"]}
            ent["role_text"] = view.text[words[after + 2].start:e["start"]].strip()
            return


def _rule_organizations(doc: Document, found: list[dict]) -> None:
    heads = table("lexicon/org_heads.tsv")
    for fname, view in views(doc).items():
        words = view.words
        for m in heads.find(words, clitics=True):
            head_tok = words[m.start_token]
            row = m.payloads[0]
            if "ال" in head_tok.norm[:m.clitic_len + 1][-3:] and m.clitic_len >= 2:
                continue  # "القوات الأفريقية": a definite head takes adjectives, not a name
            span = _name_after(view, m.end_token, int(row.get("max_tokens") or 3))
            if not span:
                continue
            start = head_tok.start + original_prefix_length(head_tok, m.clitic_len)
            end = words[span[1] - 1].end
            if _overlaps(found, fname, start, end):
                continue
            found.append(_entity(doc, fname, start, end, view.text, None, "rule:organization", 0.5,
                                 type="ORG", sector=row["sector"]))




def _link_short_forms(doc: Document, kb: KnowledgeBase, found: list[dict], pending) -> None:
    """Short forms count only when their full form is in the article (الكاظمي → مصطفى الكاظمي);
    last names of rule-found people link back to them too (سميث → فيليب سميث)."""
    seen_ids = {e["id"]: e for e in found if e["id"]}
    for fname, view, m in pending:
        for hit in m.hits:
            entry = kb.entries[hit.entry]
            if entry.id in seen_ids and not _overlaps(found, fname, m.start, m.end):
                full = seen_ids[entry.id]
                ent = _entity(doc, fname, m.start, m.end, view.text, entry, "link", 0.8)
                ent["linked_to"] = {"field": full["field"], "start": full["start"], "end": full["end"]}
                found.append(ent)
                break
    people = [e for e in found if e["type"] == "PERSON" and e["id"] is None and len(e["text"].split()) >= 2]
    for p in people:
        last = p["text"].split()[-1]
        for fname, view in views(doc).items():
            for w in view.words:
                if w.text in (last, "و" + last, "ل" + last) and not _overlaps(found, fname, w.start, w.end):
                    start = w.end - len(last)
                    ent = {k: v for k, v in p.items() if k not in ("start", "end", "text", "field", "linked_to")}
                    ent.update({"text": view.text[start:w.end], "start": start, "end": w.end, "field": fname,
                                "source": "link", "linked_to": {"field": p["field"], "start": p["start"], "end": p["end"]}})
                    found.append(ent)
