"""Entities: knowledge-base mentions, rule-found people and organisations, short-form links."""
from __future__ import annotations

from functools import lru_cache

from ..document import Document
from ..knowledge.base import Entry, KnowledgeBase, load
from ..knowledge.lexicon import PhraseMatch, table, word_set
from ..knowledge.matcher import Mention, article_countries, find_mentions_in_context
from ..text.tokens import Token, original_prefix_length, tokenize
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
    prev_end: dict[str, int] = {}
    for name, view, m in mentions:
        lo = prev_end.get(name, 0)  # a name read back from a known surname stops at the mention before
        prev_end[name] = m.token_end
        full = [h for h in m.hits if h.kind in ("full", "alias", "weak")]
        if full and kb.entries[full[0].entry].kind == "country":
            # a weak or short place reading can win by article context: keep it as a candidate
            full += [h for h in m.hits if h.kind == "short" and kb.entries[h.entry].type in PLACE_TYPES]
        if not full:
            pending_short.append((name, view, m))
            continue
        if _doubtful_geonames(kb, view, m, full):
            continue
        entry = Mention(m.start, m.end, m.text, m.form, m.clitic, full, m.token_start, m.token_end).best_in(kb, countries)
        if entry.type in PLACE_TYPES:
            club = _club_reading(kb, view, m)
            if club is not None:
                entry = club  # "لاعب مانشستر"، "اقترب برشلونة من ..." in a sentence about sport
        start, end = m.start, m.end
        if entry is _SEVERAL_CLUBS:
            found.append(_entity(doc, name, start, end, view.text, None, "context:sport", 0.4, type="ORG", sector="CVL"))
            continue
        if entry.type == "PERSON":
            start, end = _person_bounds(kb, view, m, lo)
            if _son_of(view, m, start):  # "أحمد بن محمد بن راشد" is the son, not the known father
                found.append(_entity(doc, name, start, end, view.text, None, "rule:son-of", 0.6, type="PERSON", sector=None))
                continue
        elif entry.type == "ORG":
            end = _org_without_nationality(kb, view, m, entry, end)
            start = _org_without_head(kb, view, m, entry, start)
        ent = _entity(doc, name, start, end, view.text, entry, "knowledge", 0.9 if len(m.hits) == 1 else 0.75)
        core = _place_name(kb, view, m, entry) if entry.type in PLACE_TYPES else \
            _org_name(kb, view, m, entry) if entry.type == "ORG" and start == m.start else None
        if core is not None:  # the proper name inside the expression: جنوب لبنان → لبنان، حركة حماس → حماس
            ent["name"] = {"text": view.text[core[0]:core[1]], "start": core[0], "end": core[1]}
        if entry.type == "ORG" and _descriptive_org(kb, view, m, end):
            ent["nominal"] = True  # "الجيش اللبناني", "وزير الخارجية الروسي": a description, not a name
        found.append(ent)
    _rule_people(doc, kb, found)
    _rule_organizations(doc, found)
    _link_short_forms(doc, kb, found, pending_short)
    found.sort(key=lambda e: (e["field"] != "text", e["field"], e["start"]))
    doc.entities = found


def _person_bounds(kb: KnowledgeBase, view: FieldView, m: Mention, lo: int = 0) -> tuple[int, int]:
    """A known person's span without a leading title (الشيخ محمد بن راشد → محمد بن راشد) and
    with the name parts that follow the known form (... آل مكتوم، عبد الله الثاني)."""
    words = view.words
    start, i = m.start, m.token_start
    tm = table("lexicon/person_titles.tsv").find(words[i:m.token_end], clitics=True)
    if tm and tm[0].start_token == 0 and i + tm[0].end_token < m.token_end:
        i += tm[0].end_token
        start = words[i].start
    elif not m.clitic:  # "وكوفي أنان": a conjunction opens the name, nothing before it belongs to it
        k = _given_names_before(words, i, lo, kb)
        if k < i:
            start = words[k].start + _conjunction_len(words[k])
    j = m.token_end
    if j < len(words) and words[j].start - words[j - 1].end <= 1:
        o = _ordinal_at(words, j)
        particles = word_set("names/name_particles.tsv")
        if o is not None:
            j = o
        else:
            while (j + 1 < len(words) and (words[j].norm,) in particles and _is_name_token(words[j + 1])
                   and not _ends_name(kb, words[j + 1])
                   and (words[j].norm not in ("ابن", "بنت") or _given_name_at(words, j + 1) is not None)):
                j += 2  # "... بن راشد", not "صدام حسين ابن عمه"
    return start, words[j - 1].end if j > m.token_end else m.end


def _son_of(view: FieldView, m: Mention, start: int) -> bool:
    """True when the name read back from a known person goes over بن/ابن/بنت: it names a child."""
    return any(w.norm in ("بن", "ابن", "بنت") for w in view.words_between(start, m.start))


def _given_names_before(words: list[Token], i: int, lo: int = 0, kb: KnowledgeBase | None = None) -> int:
    """First word of the given names (and بن links) written right before a known surname
    (جان دافيد | ليفيت، هانس | بليكس، أحمد بن | محمد بن راشد): the known form is the end of the name."""
    names = table("names/given_names.tsv")
    particles = ("بن", "ابن", "بنت")
    k = i
    while k > 0 and i - k < 4 and words[k].start - words[k - 1].end <= 1:
        w = words[k - 1]
        if w.norm in particles and k - 2 >= lo and k < len(words) and words[k - 1].start - words[k - 2].end <= 1:
            w2 = words[k - 2]
            if any(x.start_token == 0 and x.end_token == 1 and x.clitic_len in (0, 1) and w2.norm[:x.clitic_len] in ("", "و")
                   for x in names.find([w2], clitics=True)) or (
                    kb is not None and _is_name_token(w2) and not w2.norm.startswith(("ال", "و")) and not _ends_name(kb, w2)):
                # "أحمد بن | محمد بن راشد"، "مكتوم بن | محمد بن راشد آل مكتوم": a son named after his father
                k -= 2
                continue
            break
        ms = [x for x in names.find([w], clitics=True) if x.start_token == 0 and x.end_token == 1]
        if not ms or ms[0].clitic_len not in (0, 1) or w.norm[:ms[0].clitic_len] not in ("", "و"):
            break
        if k - 1 < lo or not _spelled_as_name(w, ms[0]) or _ali_spelling(w, ms[0]) and not _spelled_ali(w):
            break  # "عرض على سولانا": the preposition, not the name علي
        if ms[0].clitic_len and k < i:
            k -= 1
            break  # "وكوفي": the conjunction opens the name, nothing before it belongs to it
        k -= 1
        if ms[0].clitic_len:
            break
    return k


def _conjunction_len(w: Token) -> int:
    """Length of a leading conjunction و/ف glued to a given name (وكوفي), 0 when the word is the name."""
    names = table("names/given_names.tsv")
    if (w.norm,) in names.forms:
        return 0
    return original_prefix_length(w, 1) if w.norm[:1] in "وف" else 0


def _doubtful_geonames(kb: KnowledgeBase, view: FieldView, m: Mention, hits) -> bool:
    """A place only GeoNames knows, spelled like an ordinary word: a feminine or definite form
    (الكبرى، سلالة، الحديثة، مشاركة) or a small place, with no locative cue (في، ب، قرب ...)
    before it. GeoNames' Arabic names include many adjectives and verbal nouns."""
    from ..knowledge.matcher import LOCATIVE_CUES

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
        return nxt is not None and nxt.start - words[m.token_end - 1].end <= 1 and _is_name_token(nxt) \
            and nxt.norm[:1] not in "وف" and (nxt.norm,) not in word_set("names/not_name_after_given.tsv")
    return common_shape or not big


def _org_without_nationality(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry, end: int) -> int:
    """A known organisation matched with a nationality adjective after its name (حزب الله اللبناني،
    بوردو الفرنسي، سكاي نيوز البريطانية) ends before the adjective when the same organisation is
    known without it: the adjective describes the name, it is not part of it."""
    if len(m.form) < 2 or not _nationality(kb, m.form[-1]) or _generic_national(kb, m.form):
        return end  # "الجيش اللبناني" stays whole: a description of the actor, marked nominal
    # only where the shorter form names it on its own: in "وزارة الكهرباء العراقية" the adjective is what
    # says whose ministry it is (the bare form is only a short form of each country's ministry)
    bare = kb.forms.get(m.form[:-1], ())
    if any(kb.entries[h.entry].id == entry.id and h.kind == "full" for h in bare):
        return view.words[m.token_end - 2].end
    orgs = {kb.entries[h.entry].id for h in bare if kb.entries[h.entry].type == "ORG"}
    if orgs == {entry.id} and any(kb.entries[h.entry].type in PLACE_TYPES for h in bare):
        # a short form of this body alone (ميلان الإيطالي، برشلونة الإسباني: the bare name is also
        # a city): the adjective says which reading is meant, the name is the bare form
        return view.words[m.token_end - 2].end
    return end


def _org_without_head(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry, start: int) -> int:
    """A known organisation matched with a describing head noun before its name (صحيفة نيويورك تايمز،
    وكالة فرانس برس، قناة الجزيرة، صحيفة « الشرق الأوسط »): the name alone is the organisation when
    the rest is a form of the same body, or when it stands in quotes after the head."""
    words, text = view.words, view.text
    i = m.token_start
    if m.token_end - i < 2:
        return start
    quoted = any(q in text[words[i].end:words[i + 1].start] for q in _QUOTES)
    if quoted:
        return words[i + 1].start
    head = table("lexicon/org_heads.tsv").find(words[i:i + 1], clitics=True)
    if not head or head[0].payloads[0].get("kind") != "desc":
        return start
    rest = m.form[1:]
    if any(kb.entries[h.entry].id == entry.id for h in kb.forms.get(rest, ())):
        return words[i + 1].start
    return start


_QUOTES = ("«", "»", '"', "“", "”")


@lru_cache(maxsize=None)
def _place_head_kinds() -> dict[tuple[str, ...], frozenset[str]]:
    return {f: frozenset(r.get("kind") for r in rows) for f, rows in table("lexicon/place_heads.tsv").forms.items()}


def _place_name(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry) -> tuple[int, int] | None:
    """The proper name inside a place expression, where it is shorter than the expression:
    after directions (not in a country's or province's own name: جنوب السودان) and generic heads (lexicon/place_heads.tsv: جنوب لبنان → لبنان، مدينة مشهد →
    مشهد، مطار بغداد الدولي → بغداد), the longest run of words that is itself a known place; or,
    with no head, a shorter full form of the same place before a describing adjective (الصين
    الشعبية → الصين). None when the expression is the name (البحر الأحمر، بلاد الرافدين)."""
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
    for length in range(len(form) - 1, 0, -1):
        rest = form[length:]
        if not all(w.startswith("ال") for w in rest):
            continue  # only describing adjectives may follow the name (الصين الشعبية), not a second name
        if any(kb.entries[h.entry].id == entry.id and h.kind == "full" for h in kb.forms.get(form[:length], ())):
            return m.start, words[m.token_start + length - 1].end
    return None


def _org_name(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry) -> tuple[int, int] | None:
    """The proper name inside "generic head + name" (a `bare` head of lexicon/org_heads.tsv) when the name
    alone is a form of the same body (حركة حماس → حماس، نادي الجزيرة → الجزيرة); the entity keeps the whole
    expression. Not when the rest is only part of a longer name (حركة المقاومة الإسلامية)."""
    if m.token_end - m.token_start != 2:
        return None
    head = table("lexicon/org_heads.tsv").find(view.words[m.token_start:m.token_start + 1], clitics=True)
    if not head or head[0].payloads[0].get("bare") != "yes":
        return None  # جامعة كامبريدج، حزب الليكود: the head is part of the name
    rest = m.form[1:]
    if any(kb.entries[h.entry].id == entry.id for h in kb.forms.get(rest, ())):
        w = view.words[m.token_end - 1]
        return w.start, w.end
    return None


def _descriptive_org(kb: KnowledgeBase, view: FieldView, m: Mention, end: int) -> bool:
    """An organisation named by a description rather than a name: a definite common noun + a
    nationality (الجيش اللبناني، الحكومة السودانية), a common noun phrase + a nationality that
    the name cannot do without (مجلس النواب اللبناني، وزارة الخارجية الأمريكية، وكالة الأنباء
    القطرية), or a person's role standing for the body (وزير الخارجية الروسي، وزيرة الدفاع
    الفرنسية): a nominal mention, an actor for events but no named entity."""
    if _generic_national(kb, m.form):
        return True
    words = view.words
    if _starts_with_role(kb, words[m.token_start:m.token_end]):
        return True
    if len(m.form) >= 2 and end == m.end and _nationality(kb, m.form[-1]):
        return True  # the adjective was kept: the bare phrase is no name of this body on its own
    return False


def _nationality(kb: KnowledgeBase, norm: str) -> bool:
    """A nationality adjective, bare or definite (لبناني، اللبناني، الفرنسية)."""
    forms = [norm] + ([norm[2:]] if norm.startswith("ال") else [])
    return any(kb.entries[h.entry].kind == "nationality" for f in forms for h in kb.forms.get((f,), ()))


def _generic_national(kb: KnowledgeBase, form: tuple[str, ...]) -> bool:
    """A definite common noun + a nationality adjective (الجيش اللبناني، الحكومة السودانية)."""
    return len(form) == 2 and form[0].startswith("ال") and _nationality(kb, form[1])


def _entity(doc: Document, fname: str, start: int, end: int, text: str, entry: Entry | None, source: str,
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
            if span and span[1] - span[0] >= 2:
                cut = next((t for t in range(span[0] + 1, span[1]) if _starts_with_role(kb, [words[t]])), None)
                if cut is not None:  # "وقال البدري مدير الكرة": the role after the name is an apposition
                    span = (span[0], cut)
                    if cut - span[0] == 1 and _nisba_surname(kb, words[span[0]]):
                        _add_person(doc, found, view, span, "rule:speaker", 0.55)
                        continue
            if span and span[1] - span[0] == 1 or span and _one_word_speaker(kb, words, span[0]):
                k = span[0]
                if _one_word_speaker(kb, words, k):
                    _add_person(doc, found, view, (k, k + 1), "rule:speaker", 0.5)
                continue
            if not span or span[1] - span[0] < 2:
                continue
            if _starts_with_role(kb, words[span[0]:span[1]]):
                continue  # "قال دبلوماسي غربي إن": a role, not a name
            nxt = words[span[1]] if span[1] < len(words) else None
            if nxt is None or nxt.norm not in ("،", ",", "ان", "انه", "انها"):
                if not (span[1] - span[0] == 2 and _surname_shape(words[span[1] - 1])
                        and not _ends_name(kb, words[span[0]])):
                    continue
                # "وقال X Yوف ...": a foreign surname shape closes a two-word name
            _add_person(doc, found, view, span, "rule:speaker", 0.7)
        titled: set[int] = set()  # word indices right after a title: a given name there needs no other cue
        person_titled: set[int] = set()  # of those, the ones after a person title (not a nationality)
        for m in titles.find(words, clitics=True):
            k = _skip_descriptors(kb, words, m.end_token)
            titled.add(k)
            person_titled.add(k)
            if k < len(words) and _given_name_at(words, k) is not None:
                continue  # the given-name rule below reads the name (and knows where it ends)
            span = _title_name(kb, view, k) or _title_one_word(kb, view, k)
            role = m.payloads[0]
            if not span and role.get("role_en") in _RANK_TITLES:
                span = _title_nisba(kb, words, m.end_token)
                if span and role.get("role_en") == "Ayatollah":
                    span = (m.start_token, span[1])  # "آية الله الطبسي": the title is part of the name
            if span:
                _add_person(doc, found, view, span, "rule:title", 0.6, role=role["role_en"], sector=role["sector"])
        for k in range(1, len(words)):
            w = words[k - 1]
            if w.norm.startswith(("ال", "وال")) and _nationality(kb, w.norm[1:] if w.norm.startswith("و") else w.norm) \
                    and w.norm.endswith(("ي", "يه")) and not (k >= 2 and words[k - 2].norm.startswith("ال")):
                # a singular adjective used as a noun (تغلب على الألماني X Y), not one after a
                # definite noun (الاقتصاد الإسرائيلي ...), which only describes that noun
                titled.add(k)  # "الألماني X Y": a nationality adjective before a name works as a title
                if _given_name_at(words, k) is None:
                    span = _title_name(kb, view, k)
                    if span:
                        _add_person(doc, found, view, span, "rule:nationality", 0.55)
        _given_name_people(doc, kb, view, found, titled, person_titled)
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


_DESCRIPTORS = {"السابق", "الاسبق", "الجديد", "الحالي", "المقبل", "الراحل", "الشهير", "المعروف", "الشاب",
                "الكبير", "الاول", "الثاني", "العام", "المساعد", "الدولي", "المخضرم", "الشهيره", "الراحله", "السابقه",
                "المفدي", "الجليل", "الاكبر", "الراحلين", "المغفور"}


def _skip_descriptors(kb: KnowledgeBase, words: list[Token], k: int, limit: int = 2) -> int:
    """Past the adjectives that may stand between a title and the name: a nationality or another
    definite nisba (الرئيس الفرنسي X، الخبير الاقتصادي X، السناتور الجمهوري X) or a word like
    السابق / الراحل (الرئيس الأمريكي السابق X)."""
    j = k
    while j < len(words) and j - k < limit and words[j].start - words[j - 1].end <= 1:
        w = words[j].norm
        if not w.startswith("ال") or len(w) < 5:
            break
        if not (w in _DESCRIPTORS or _nationality(kb, w) or w.endswith(("ي", "يه")) and not _starts_with_role(kb, [words[j]])):
            break
        j += 1
    return j


_RANK_TITLES = {"Imam", "Sheikh", "Prince", "Sayyid", "Ayatollah", "Marja"}
_IMAM_EPITHETS = {"الرضا", "الصادق", "الباقر", "الكاظم", "الهادي", "الجواد", "العسكري", "المهدي", "السجاد"}


def _title_nisba(kb: KnowledgeBase, words: list[Token], k: int) -> tuple[int, int] | None:
    """A title of rank followed by one definite word that is the name (الإمام الخميني، الشيخ
    الخراساني، الإمام الرضا): a nisba in ـي / ـاني / ـوي or an imam's epithet, not a nationality,
    not a describing word (الراحل، الأول), not a role noun, and no name after it (الشيخ
    الكويتي X is a description of X, and a nationality is skipped as one)."""
    if k >= len(words) or k == 0 or words[k].start - words[k - 1].end > 1:
        return None
    w = words[k]
    n = w.norm
    if not n.startswith("ال") or len(n) < 5 or n in _DESCRIPTORS or _nationality(kb, n):
        return None
    if not (n.endswith("ي") and n not in ("الذي", "التي") or n in _IMAM_EPITHETS):
        return None
    if (n,) in word_set("names/not_name_after_given.tsv") or _starts_with_role(kb, [w]) or (n,) in _function_words():
        return None
    if k + 1 < len(words) and words[k + 1].start - w.end <= 1:
        nxt = words[k + 1]
        if _given_name_at(words, k + 1) is not None or (
                _is_name_token(nxt) and not _ends_name(kb, nxt) and not nxt.norm.startswith("ال")
                and not _common_word_shape(kb, nxt) and nxt.norm not in _PAUSE_WORDS):
            return None  # "الشيخ الكويتي X Y": the name comes after
    return (k, k + 1)


def _title_one_word(kb: KnowledgeBase, view: FieldView, k: int) -> tuple[int, int] | None:
    """One name word after a title where the sentence clearly goes on after it (الرئيس X الذي ...،
    السفير X ، ...): a surname used alone. Not definite, not an adverb (أيضا)."""
    words = view.words
    if k >= len(words) or k == 0 or words[k].start - words[k - 1].end > 1:
        return None
    w = words[k]
    if words[k - 1].norm in _AMBIGUOUS_TITLES:
        return None
    if _ends_name(kb, w) or w.norm.startswith(("ال", "لل")) or w.text.endswith(("ا", "اً", "ًا")):
        return None
    if not _surname_shape(w):
        n = w.norm
        if len(n) <= 4 or n.endswith(("ه", "ها", "هم", "ات", "ون", "ين")) or n.startswith(("سي", "ست", "سن")):
            return None  # a verb (سعى، أطلق، سيلعب), a feminine or plural noun, a possessive (قوله)
        if n[:1] in "يتبلك" and len(n) <= 6:
            return None  # an imperfect verb (يحتاج، تجاوز) or a preposition (بنفسه، لدى)
    if k + 1 < len(words) and words[k + 1].start - w.end <= 1:
        nxt = words[k + 1]
        if not (nxt.norm in _NAME_STOP or nxt.norm in _PAUSE_WORDS or (nxt.norm,) in word_set("names/not_name_after_given.tsv")):
            return None
    return (k, k + 1)


_AFTER_SPEAKER = {"ان", "انه", "انها", "بان", "بانه", "الي", "الى", ":", "،", ",", "خلال", "امس", "اليوم", "في",
                  "«", '"', "“", "عن", "علي", "على", "من", "الذي", "التي"}
_AMBIGUOUS_TITLES = {"الفريق", "للفريق", "والفريق"}  # Lieutenant General, and 'the team'
_PAUSE_WORDS = {"ان", "انه", "انها", "«", "»", '"', "الذي", "التي", "في", "من", "على", "علي", "الى", "الي", "عن", "مع",
                "خلال", "قد", "لم", "لن", "كان", "كانت", "قال", "قالت", "و"}


def _surname_shape(w: Token) -> bool:
    """An unknown word with a typical transliterated-surname ending (names/surname_endings.tsv):
    ـوف، ـسكي، ـفيتش، ـيني ... Only a supporting cue: ordinary words end so too."""
    endings = _surname_endings()
    n = w.norm
    return len(n) >= 5 and any(n.endswith(e) and len(n) - len(e) >= 2 for e in endings)


@lru_cache(maxsize=None)
def _surname_endings() -> tuple[str, ...]:
    return tuple(sorted({f[0] for f in word_set("names/surname_endings.tsv", "ending_ar")}, key=len, reverse=True))


def _one_word_speaker(kb: KnowledgeBase, words: list[Token], k: int) -> bool:
    """"وأضاف X أن": one indefinite name-like word between a speech verb and أن/إن is a surname
    (a role or a body would take the article: وأضاف المتحدث، وقال البيان)."""
    if k + 1 >= len(words):
        return False
    w = words[k]
    nxt = words[k + 1]
    quoted = nxt.start - w.end > 1  # a quotation opens after the word (وقال X " ...): words skip the marks
    if not (nxt.norm in _AFTER_SPEAKER or quoted or nxt.norm.startswith("لل") and len(nxt.norm) >= 5):
        return False  # "وقال X للصحفيين" goes on like a pause
    if nxt.norm not in ("ان", "انه", "انها") and not _surname_shape(w) and (
            len(w.norm) < 4 or w.norm.endswith(("ه", "ات", "ون", "ين"))):
        return False  # a weaker pause after the word: a short or common-noun shape is no surname
    if _ends_name(kb, w) or w.norm.startswith(("ال", "لل")) or len(w.norm) < 3:
        return False
    if k == 0 or w.start - words[k - 1].end > 1 or w.text.endswith(("ا", "اً", "ًا")):
        return False  # a quotation mark between (قال " نعتقد أن) or an adverb (خصوصا)
    if w.norm[:1] in "يتنا" and len(w.norm) <= 5 and not (w.norm,) in kb.forms:
        return False  # an imperfect verb (يجب أن، نعتقد أن)
    return (w.norm,) not in kb.forms or all(kb.entries[h.entry].type == "PERSON" for h in kb.forms[(w.norm,)])


def _nisba_surname(kb: KnowledgeBase, w: Token) -> bool:
    """A definite word in ـي that reads as a family name (البدري، الزبيدي): not a nationality,
    not a role, not a describing word."""
    n = w.norm
    return n.startswith("ال") and n.endswith("ي") and len(n) >= 5 and not _nationality(kb, n) \
        and n not in _DESCRIPTORS and not _starts_with_role(kb, [w]) and (n,) not in _function_words() \
        and (n,) not in word_set("names/not_name_after_given.tsv")


def _starts_with_role(kb: KnowledgeBase, toks) -> bool:
    from ..text.tokens import clitic_variants

    first = toks[0].norm
    return any((w,) in kb.role_nouns or (w, toks[1].norm if len(toks) > 1 else "") in kb.role_nouns
               for _, w in clitic_variants(first))


def _given_name_at(words: list[Token], i: int):
    """The given-name match starting at word i, else None. Its token indices are relative to i."""
    names = table("names/given_names.tsv")
    for m in names.find(words[i:i + 4], clitics=True):
        if m.start_token == 0:
            return m
        break
    return None


def _marked_given_at(words: list[Token], i: int) -> PhraseMatch | None:
    """A one-word '~' given name at word i (سعيد، أمين) as a match in absolute indices, else None."""
    from ..text.tokens import clitic_variants

    names = table("names/given_names.tsv")
    for plen, w in clitic_variants(words[i].norm):
        if ("~", w) in names.forms:
            return PhraseMatch(i, i + 1, plen, False, names.forms[("~", w)])
    return None


def _marked_given_name(tok: Token) -> bool:
    """A '~' given name (أمل، صالح): a name only with a cue before it."""
    from ..text.tokens import clitic_variants

    names = table("names/given_names.tsv")
    return any(("~", w) in names.forms for _, w in clitic_variants(tok.norm))


_ROLE_NOTES = ("secretary", "assistant", "star", "king", "owner", "deputy", "envoy", "leader", "chief", "prince")


def _role_marked_name(tok: Token) -> bool:
    """A '~' given name whose common meaning (the note in given_names.tsv) is a role noun: أمين
    'secretary', مساعد 'assistant', نجم 'star', ملك 'king'. Before a noun it heads an apposition."""
    names = table("names/given_names.tsv")
    rows = names.forms.get(("~", tok.norm)) or ()
    return any(k in (r.get("note") or "").lower() for r in rows for k in _ROLE_NOTES)


def _plain_given(words: list[Token], j: int) -> bool:
    """A given name at word j that is not marked '~' (not also a common word)."""
    names = table("names/given_names.tsv")
    return any(m.start_token == 0 for m in names.find(words[j:j + 1], clitics=False))


def _is_given(words: list[Token], j: int) -> bool:
    names = table("names/given_names.tsv")
    return any(m.start_token == 0 for m in names.find(words[j:j + 1], clitics=False)) or _marked_given_name(words[j])


def _ordinal_at(words: list[Token], j: int) -> int | None:
    """End (exclusive) of a regnal ordinal (الثاني، السادس عشر) starting at word j, else None."""
    ordinals = table("names/regnal_ordinals.tsv")
    for m in ordinals.find(words[j:j + 3], clitics=False):
        return j + m.end_token if m.start_token == 0 else None
    return None


def _ends_name(kb: KnowledgeBase, w: Token) -> bool:
    """A word that cannot go on a name: not name-like, a stop word, a role noun, or a word that
    starts a new phrase with a conjunction or preposition + article (وقال، بالعراق)."""
    stops = word_set("names/not_name_after_given.tsv")
    if not _is_name_token(w) or (w.norm,) in stops or _starts_with_role(kb, [w]):
        return True
    if _ordinary_word(w) and not _is_given([w], 0):
        return True  # a word of Marsad's own lexicons (اقتحام، بيان): the sentence goes on
    if (w.norm[:1] in "وف" and len(w.norm) > 3 and not _name_with_waw_fa(kb, w) and not _fa_surname(w)) \
            or w.norm.startswith(("لل", "بال", "كال")):
        return True
    if w.norm[:1] in "بل" and len(w.norm) >= 5 and w.text.rstrip("ًٌٍَُِّْ").endswith(("ه", "ها", "هما", "هم")):
        return True  # a preposition + verbal noun + pronoun (بفوزه، لدعمهما): the sentence goes on
    return False


def _fa_surname(w: Token) -> bool:
    """A word starting with ف that reads as a foreign surname (فريست، فيلتمان، فريدمان), not the
    conjunction ف + a word: five letters at least, and what follows ف is no function word, no
    stop word, no definite word and no short imperfect verb (فيقول، فتقول)."""
    n = w.norm
    if n[:1] != "ف" or len(n) < 5:
        return False
    rest = n[1:]
    if (rest,) in _function_words() or (rest,) in word_set("names/not_name_after_given.tsv") or rest.startswith("ال"):
        return False
    return not (rest[:1] in "يتنا" and len(rest) <= 5)


def _name_with_waw_fa(kb: KnowledgeBase, w: Token) -> bool:
    """A word starting with و or ف that is itself a name, not a conjunction + word: a given name
    (فتحي، فاضل، وليد، وجدي) or a known person's form (فرحات)."""
    names = table("names/given_names.tsv")
    if (w.norm,) in names.forms or ("~", w.norm) in names.forms:
        return not ((w.norm[1:],) in names.forms and w.norm[0] == "و")  # "ومحمد" is و + محمد
    return any(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((w.norm,), ()))


def _common_word_shape(kb: KnowledgeBase, w: Token) -> bool:
    """A word after a name part whose shape is an ordinary word's, not a name's: an imperfect verb
    (يكتب، تشعر), a form VII/VIII perfect verb (اعتزل، انتخب), a noun with a possessive pronoun
    (حديثه، زوجته، حولها), a definite plural (الإجراءات), a preposition + feminine or plural noun
    (بمشاركة، لتدريبات، باتصالين) or an accusative with tanween (حالياً). Known names are never one."""
    if any(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((w.norm,), ())) or _surname_shape(w):
        return False
    text = "".join(ch for ch in w.text if not ("\u064b" <= ch <= "\u065f"))
    n = w.norm
    if w.text.endswith(("اً", "ًا")):
        return True
    if n.startswith("ال"):
        return n.endswith("ات") and len(n) >= 6
    if n[:1] in "يت" and 3 <= len(n) <= 5 and n[1:2] not in ("ا", "و", "ي"):
        return True
    if len(n) == 5 and n[0] == "ا" and (n[2] == "ت" or n[1] == "ن"):
        return True
    for suffix in ("هما", "هم", "ها", "ه"):
        if text.endswith(suffix):
            stem = text[:-len(suffix)]
            if len(stem) >= 3 and "ا" not in stem[1:2] and not text.endswith(("يه", "اه", "الله")):
                return True  # حديثه، زوجته، حولها (not ساها، تريزيغيه)
            break
    if n[:1] in "بل" and not n.startswith(("بو", "بن", "بل", "لو")) and (
            text.endswith("ة") and len(n) >= 5 or text.endswith(("ات", "ين")) and len(n) >= 7):
        return True
    if n[:1] in "بل" and len(n) >= 5 and (text.endswith("ى") or any(
            kb.entries[h.entry].type in PLACE_TYPES for h in kb.forms.get((n[1:],), ()))):
        return True  # a preposition + a noun in ـى (بدعوى، لمستوى) or + a known place (بمكة، لبغداد)
    return False


# Lexicon tables whose single-word forms are ordinary Arabic vocabulary (verbs, verbal nouns, common
# nouns): a word Marsad already knows as a word is no surname after a given name (جمال | الورود is
# not, but جمال | اقتحام، علي | بيان، حسن | الاستضافة are caught this way).
_VOCABULARY_TABLES = (("events/triggers.tsv", "forms_ar"), ("events/trigger_objects.tsv", "form_ar"),
                      ("lexicon/non_events.tsv", "form_ar"), ("lexicon/group_nouns.tsv", "form_ar"),
                      ("lexicon/agent_nouns.tsv", "form_ar"), ("lexicon/sport_context.tsv", "form_ar"),
                      ("events/speech_verbs.tsv", "form_ar"), ("lexicon/announcing_verbs.tsv", "form_ar"),
                      ("lexicon/named_after_place.tsv", "form_ar"), ("events/victim_cues.tsv", "form_ar"))


@lru_cache(maxsize=None)
def _vocabulary() -> frozenset[str]:
    """Single words of Marsad's own lexicons (see _VOCABULARY_TABLES), less any that are given names."""
    names = table("names/given_names.tsv").forms
    words: set[str] = set()
    for path, column in _VOCABULARY_TABLES:
        try:
            forms = table(path, column).forms
        except (FileNotFoundError, KeyError):
            continue
        words.update(f[0] for f in forms if len(f) == 1 and f[0] != "~")
    return frozenset(w for w in words if (w,) not in names and ("~", w) not in names)


def _ordinary_word(w: Token) -> bool:
    """A word of Marsad's lexicons, bare or after clitics (اقتحام، بيان، الاستضافة، لشرح)."""
    from ..text.tokens import clitic_variants

    vocab = _vocabulary()
    return any(rest in vocab or rest.startswith("ال") and rest[2:] in vocab for _, rest in clitic_variants(w.norm))


def _accusative_shape(w: Token) -> bool:
    """A word that may be an indefinite accusative written without its tanween (اجتماعا، مؤتمرا،
    طارئا، صحفيا). Foreign names end so too (سيلفا، باريرا), so the person rule takes it for an
    accusative only when a second one follows: a noun and its adjective (اجتماعا طارئا)."""
    text = "".join(ch for ch in w.text if not ("\u064b" <= ch <= "\u065f"))
    return text.endswith("ا") and len(w.norm) >= 4 and w.norm[-2] not in "اوى" and not w.norm.startswith("ال")


def _extend_name(kb: KnowledgeBase, words: list[Token], j: int, lead_given: bool, taken_max: int = 2) -> int:
    """End (exclusive) of a name whose first part ends before word j.

    Particles (بن، آل، أبو) keep a name going without counting; a regnal ordinal
    (الثاني) closes it. A third name word is taken only when the second or the third
    is itself a given name (محمد حسني مبارك، عثمان محمد X): "given name + surname" is
    the usual shape, and a further plain word is mostly the verb or noun after the name."""
    particles = word_set("names/name_particles.tsv")
    n = len(words)
    taken = 0
    second_given = False
    linked = False  # a بن link was read: an Arab full name, which may end in a family nisba
    while j < n and taken < taken_max:
        if words[j].start - words[j - 1].end > 1:
            break  # a line break or a gap: another phrase
        o = _ordinal_at(words, j)
        if o is not None:
            return o if taken == 0 else j  # "عبد الله الثاني"; "توماس برديتش | الثاني عشر" is a seeding
        w = words[j]
        if (w.norm,) in particles:
            if w.norm == "ام" and taken == 0:
                break  # "محمد أم أحمد": the conjunction 'or' between two names
            if j + 1 < n and words[j + 1].start - w.end <= 1 and (
                    (_is_name_token(words[j + 1]) and not _ends_name(kb, words[j + 1]))
                    or (w.norm in ("بن", "ابن", "بنت") and _spelled_ali(words[j + 1]))):
                j += 2  # "الحسن بن علي": علي after a connector is the name, not the preposition
                linked = linked or w.norm in ("بن", "ابن", "بنت", "ولد")
                if _surname_prefix(w):
                    taken += 1  # "روبن فان بيرسي | كرة": van + word is the surname
                continue
            break  # a particle with no name after it is no part of the name (جان مارك | دو لا ...)
        if _ends_name(kb, w):
            break
        given = _is_given(words, j)
        if not given and (_common_word_shape(kb, w) or _ordinary_word(w)):
            break  # "حمدان | الإجراءات"، "زيدان | اعتزل"، "عبده | بغطاء"، "جمال | اقتحام"
        if not given and _accusative_shape(w) and j + 1 < n and words[j + 1].start - w.end <= 1 \
                and _accusative_shape(words[j + 1]) and not _surname_shape(w):
            break  # "ترأس X | اجتماعا طارئا"، "عقدت X | مؤتمرا صحفيا": a verb's object and its adjective

        if taken == 1 and not (second_given or given) and not (linked and _nisba_surname(kb, w)):
            break  # (but "محمد بن حمد سيف | الرمحي": after a بن chain a family nisba closes the name)
        if taken == 1 and not second_given and given and _role_marked_name(w) and not _plain_given(words, j) \
                and j + 1 < n and words[j + 1].start - w.end <= 1 and _is_name_token(words[j + 1]) \
                and not ((m := _given_name_at(words, j)) and m.end_token > 1):
            break  # "ديفد فرانكلين | أمين المتحف"، "سمير عوض | مساعد وزير": a '~' word heading a phrase
        if taken == 0:
            second_given = given and not _marked_given_name(w)  # "محمد فاضل | مصادفة": a '~' name does not open a third word
        j += 1
        taken += 1
    return j


def _surname_prefix(w: Token) -> bool:
    """A particle that opens a foreign surname (فان، دي، فون): it and its word are one name part."""
    return any(r.get("kind") == "surname-prefix" for r in table("names/name_particles.tsv").forms.get((w.norm,), ()))


def _title_name(kb: KnowledgeBase, view: FieldView, k: int) -> tuple[int, int] | None:
    """A two-word name after a title whose first word is not a known given name
    (الجنرال X Y): not a definite word (المتحدث باسم الجيش ...), not a role noun."""
    words = view.words
    if k >= len(words) or k == 0 or words[k].start - words[k - 1].end > 1:
        return None
    w = words[k]
    if _ends_name(kb, w) or w.norm.startswith("ال") or w.norm.startswith("لل"):
        return None
    j = _extend_name(kb, words, k + 1, False, taken_max=1)
    if j - k < 2:
        return None
    if j < len(words) and words[j].start - words[j - 1].end <= 1:
        nxt = words[j]
        if not (nxt.norm in _NAME_STOP or nxt.norm in ("ان", "انه", "انها", "«", "»", '"') or nxt.norm[:1].isdigit()
                or _starts_with_role(kb, [nxt]) or _ordinal_at(words, j) or _surname_shape(words[j - 1])):
            return None  # "الوزير X Y ..." goes on as a sentence: X Y is more often a verb and its object
    return (k, j)


def _given_name_people(doc: Document, kb: KnowledgeBase, view: FieldView, found: list[dict],
                       titled: set[int] = frozenset(), person_titled: set[int] = frozenset()) -> None:
    """A known given name followed by name-like words is a person (جورج بوش، محمد بن سلمان).
    Particles (بن، أبو، عبد) keep a name going; verbs and function words end it. A given
    name marked '~' in the data (أمل، نور) is also a common word and needs a title before it."""
    names = table("names/given_names.tsv")
    words = view.words
    n = len(words)
    starts = {m.start_token: m for m in names.find(words, clitics=True)}
    i = 0
    while i < n:
        m = starts.get(i)
        if m is None and i in person_titled and not words[i].norm.startswith("ال") \
                and not any(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((words[i].norm,), ())):
            m = _marked_given_at(words, i)  # "الدكتور سعيد راتب": after a person title a '~' name opens the name
        if m is None or not _spelled_as_name(words[i], m) or words[i].norm[:m.clitic_len].endswith("ال"):
            if m is not None and m.end_token - m.start_token > 1 and i + 1 not in starts:
                # "السيد أحمد" is no ال + سيد أحمد: the title, then the name أحمد
                nxt = [x for x in names.find(words[i + 1:i + 5], clitics=True) if x.start_token == 0]
                if nxt:
                    starts[i + 1] = PhraseMatch(i + 1, i + 1 + nxt[0].end_token, nxt[0].clitic_len, nxt[0].future,
                                                nxt[0].payloads)
            i += 1  # "التقى" is not ال + تقي: a given name never takes the article
            continue
        if m.clitic_len and words[i].norm[:m.clitic_len] not in ("و", "ف") and i not in titled:
            i += 1  # "لدينا" is not ل + دينا: only a conjunction is common before a bare name
            continue
        if (_ali_spelling(words[i], m) and i not in titled
                and not (m.end_token < n and (_is_given(words, m.end_token)
                                              or (words[m.end_token].norm,) in word_set("names/name_particles.tsv")))):
            i += 1  # "علي" as the common spelling of the preposition على: a name only before another name
            continue
        j = _extend_name(kb, words, m.end_token, True)
        if j - i >= 2:
            j = _hyphen_part(kb, words, j)
        kunya = _kunya_before(words, i)
        lead = _marked_name_before(view, i, m, found) if kunya is None else None
        if j - i >= 2 or kunya is not None or lead is not None:
            start = words[i].start + original_prefix_length(words[i], m.clitic_len)
            if kunya is not None:
                start = kunya  # "أبو عبد الله"، "أبي زكريا الحفصي": the kunya is part of the name
            elif lead is not None:
                start = lead  # "سالم | مسعود"، "منى | عبد الغني": a '~' given name opens the name
            end = words[j - 1].end
            clash = [e for e in found if e["field"] == view.name and e["start"] < end and start < e["end"]]
            if clash and j - i >= 2 and _plain_given(words, i) \
                    and all(_yields_to_name(kb, e, start, end, view.text) for e in clash):
                found[:] = [e for e in found if not any(e is c for c in clash)]  # "كلاوس بيكارد"، "غوران إريكسون"
                clash = []
            if not clash:
                found.append(_entity(doc, view.name, start, end, view.text, None, "rule:given-name", 0.6,
                                     type="PERSON", sector=None))
        elif j == m.end_token == i + 1 and _bare_given_name(kb, view, i, m, found):
            start = words[i].start + original_prefix_length(words[i], m.clitic_len)
            found.append(_entity(doc, view.name, start, words[i].end, view.text, None, "rule:given-name-alone", 0.4,
                                 type="PERSON", sector=None))
        i = max(j, i + 1)


def _yields_to_name(kb: KnowledgeBase, ent: dict, start: int, end: int, text: str) -> bool:
    """A one-word knowledge mention inside a given name + surname that gives way to the person: a
    GeoNames place (صوفيا), a company named after its founder (إريكسون، فورد), or a name read after
    stripping a letter the given name begins with (كلاوس is no ك + لاوس 'like Laos')."""
    if ent["source"] != "knowledge" or not ent["id"] or " " in ent["text"] or ent["end"] > end or ent["start"] < start:
        return False
    if start < ent["start"] <= start + 2 and text[ent["start"] - 1].isalpha():
        return True  # the mention starts inside the given name's own word
    entry = kb.get(ent["id"])
    return entry is not None and (entry.kind == "geonames" or entry.extra.get("file") == "world_companies.tsv")


def _hyphen_part(kb: KnowledgeBase, words: list[Token], j: int) -> int:
    """End of a name of two words or more that goes on after a hyphen with one more part (كيم جونغ - إيل،
    ميشال أليو - ماري): the part is a given name or a short syllable (four letters at most), not
    definite, and the name ends after it (punctuation, a stop word, a verb or the end)."""
    n = len(words)
    if j + 1 >= n or words[j].norm != "-" or words[j].start - words[j - 1].end > 1 or words[j + 1].start - words[j].end > 1:
        return j
    w = words[j + 1]
    if not _is_name_token(w) or _ends_name(kb, w) or w.norm.startswith("ال") or w.norm[:1] in "وف":
        return j
    if not (len(w.norm) <= 4 or _is_given(words, j + 1)):
        return j
    if j + 2 < n and words[j + 2].start - w.end <= 1 and _is_name_token(words[j + 2]) and not _ends_name(kb, words[j + 2]) \
            and not _common_word_shape(kb, words[j + 2]):
        return j  # "X Y - Z W": a list or a clause after the dash, not one more part
    return j + 2


def _marked_name_before(view: FieldView, i: int, m, found: list[dict]) -> int | None:
    """Start offset of a '~' given name (سالم، منى، نبيل) written right before the given name at
    word i, which then is the second part of one name (سالم مسعود، منى عبد الغني), else None.
    The '~' word may carry the conjunction و; a name already found or a gap ends the look-back."""
    words = view.words
    if i == 0 or m.clitic_len or words[i].start - words[i - 1].end > 1:
        return None
    w = words[i - 1]
    names = table("names/given_names.tsv")
    plen = 0 if ("~", w.norm) in names.forms else 1 if w.norm[:1] == "و" and ("~", w.norm[1:]) in names.forms else None
    if plen is None or _overlaps(found, view.name, w.start, w.end):
        return None
    bare = w.norm[plen:]
    note = (names.forms[("~", bare)][0].get("note") or "").lower()
    if (bare,) in _function_words() or bare.startswith("ال") or len(bare) < 3 or any(
            k in note for k in ("verb", "title", "month", "article", "fold", "pronoun", "preposition", "imam", "prince")):
        return None  # "أن زيدان" (آن)، "هاجر محمد"، "سعادة محمد"، "رمضان علاء الدين": a word, not a name
    if i >= 2 and words[i - 1].start - words[i - 2].end <= 1 and _is_given(words, i - 2) and not plen:
        return None  # "محمد ~X Y": the earlier name took what it could; don't glue across
    return w.start + (original_prefix_length(w, 1) if plen else 0)


def _bare_given_name(kb: KnowledgeBase, view: FieldView, i: int, m, found: list[dict]) -> bool:
    """A given name standing alone (زيدان اعتزل، وطلب موسى ...) is a person when the word after it
    clearly ends the name (punctuation, a stop word, a verb or common-noun shape: _extend_name took
    nothing) and the name word is nothing else the knowledge base knows (a place: جورجيا، شارلوت).
    Not the spelling علي (also the preposition), not a word with a preposition glued to it."""
    words = view.words
    w = words[i]
    bare = w.norm[m.clitic_len:]
    if _ali_spelling(w, m) or len(bare) < 3 or (bare,) in _function_words():
        return False
    if m.clitic_len and w.norm[:m.clitic_len] not in ("و", "ف"):
        return False
    note = m.payloads[0].get("note") or ""
    if bare.startswith("ال") or note.startswith(("also", "fold")) or "'" in note:
        return False  # a homograph the data notes (عمر 'age', جمال 'beauty', الحسن 'the good')
    if any(kb.entries[h.entry].type != "PERSON" for f in {bare, w.norm} for h in kb.forms.get((f,), ())):
        return False  # a place or an organisation of that name: the matcher decides
    if _overlaps(found, view.name, w.start, w.end):
        return False
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is not None and _overlaps(found, view.name, nxt.start, nxt.end) and nxt.start - w.end <= 1:
        return False  # "جون كندي" read as a nationality: the name goes on into another mention
    return True


_KUNYA = {"ابو", "ابي", "ابا", "ام"}


def _kunya_before(words: list[Token], i: int) -> int | None:
    """Start offset of a kunya particle (أبو، أبي، أبا، أم) right before the given name at word i,
    after any conjunction or preposition glued to it (وأبو، لأبي), else None."""
    if i == 0 or words[i].start - words[i - 1].end > 1:
        return None
    w = words[i - 1]
    for plen in (0, 1, 2):
        if w.norm[plen:] in _KUNYA and (plen == 0 or w.norm[:plen] in ("و", "ف", "ل", "ب", "ول", "وب", "فل")):
            if w.norm[plen:] == "ام" and plen == 0 and i >= 2 and _is_given(words, i - 2):
                return None  # "محمد أم أحمد": 'or' between two names
            return w.start + original_prefix_length(w, plen)
    return None


def _spelled_ali(tok: Token) -> bool:
    """The token علي spelled with final ي (the name), not على."""
    spelled = "".join(ch for ch in tok.text if not ("\u064b" <= ch <= "\u065f"))
    return spelled == "علي"


def _ali_spelling(tok: Token, m) -> bool:
    """The given name علي, which many texts also write for the preposition على."""
    return m.end_token - m.start_token == 1 and tok.norm[m.clitic_len:] == "علي"


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
    """Unknown organisations after a head noun (org_heads.tsv). A head that is part of the name
    (حركة، مجلس، حزب) takes a definite genitive chain (حركة الجهاد الإسلامي); a head that only
    describes (شركة، صحيفة) is followed by the proper name itself, which alone is the organisation."""
    heads = table("lexicon/org_heads.tsv")
    for fname, view in views(doc).items():
        words = view.words
        for m in heads.find(words, clitics=True):
            head_tok = words[m.start_token]
            row = m.payloads[0]
            clitic = head_tok.norm[:m.clitic_len]
            definite = clitic.endswith(("ال", "لل"))
            if definite and row.get("definite") != "yes":
                continue  # "القوات الأفريقية", "للفريق": a definite head takes adjectives, not a name
            limit = int(row.get("max_tokens") or 3)
            if definite:
                span = _definite_institution(view, m.end_token)
                if not span:
                    continue
                start = head_tok.start + original_prefix_length(head_tok, m.clitic_len - 2)
                end = words[span[1] - 1].end
                found[:] = [e for e in found if not (e["field"] == fname and e["type"] == "NORP"
                                                     and start <= e["start"] and e["end"] <= end)]
            elif row.get("kind") == "desc":
                span = _proper_name_after(view, m.end_token, min(limit, 3))
                if not span:
                    continue
                start, end = words[span[0]].start, words[span[1] - 1].end
            else:
                span = _definite_chain(view, m.end_token, limit)
                if not span or span[1] - span[0] < int(row.get("min_tokens") or 1):
                    continue
                start = head_tok.start + original_prefix_length(head_tok, m.clitic_len)
                if any(q in view.text[head_tok.end:words[span[0]].start] for q in _QUOTES) or row.get("bare") == "yes":
                    start = words[span[0]].start  # جامعة « نورث كارولاينا »، نادي الوحدة: the name alone
                end = words[span[1] - 1].end
            if _overlaps(found, fname, start, end):
                continue
            found.append(_entity(doc, fname, start, end, view.text, None, "rule:organization", 0.5,
                                 type="ORG", sector=row["sector"]))


def _head_forms() -> frozenset[str]:
    return frozenset(f[0] for f in word_set("lexicon/org_heads.tsv"))


_ORDINALS = {"الاول", "الثاني", "الثالث", "الرابع", "الخامس", "الاخير", "الاولي", "الثانيه", "الثالثه", "الاخيره",
             "نفسه", "نفسها", "ذاته", "ذاتها", "الجديد", "الجديده", "السابق", "السابقه", "الحالي", "الحاليه"}


def _definite_institution(view: FieldView, k: int) -> tuple[int, int] | None:
    """After a definite head (الاتحاد، الهيئة، اللجنة): one or two definite adjectives and a
    ل-phrase that says what the body is for (الاتحاد الدولي للشرطة، الهيئة العامة للتأمين الصحي،
    الرابطة الألمانية لصناعة النفط، اللجنة الألمانية المنظمة لكأس العالم). Without the ل-phrase
    the head + adjective is a description (المنظمة الدولية، اللجنة الفنية)."""
    words = view.words
    j = k
    while j < len(words) and j - k < 2:
        w = words[j]
        if w.start - words[j - 1].end > 1 or not _is_name_token(w) or not w.norm.startswith("ال") or w.norm in _ORDINALS:
            break
        if (w.norm,) in word_set("names/not_name_after_given.tsv"):
            return None
        j += 1
    if j == k or j >= len(words):
        return None
    w = words[j]
    if w.start - words[j - 1].end > 1 or not _is_name_token(w) or not w.norm.startswith("ل") or len(w.norm) < 4 \
            or (w.norm[1:],) in _function_words() or (w.norm,) in _function_words():
        return None
    noun = w.norm[2:] if w.norm.startswith("لل") else w.norm[1:]
    if len(noun) == 5 and noun[0] == "ت" and noun[3] == "ي":
        return None  # "لتحقيق النجاح": a purpose clause (a verbal noun after ل)
    if w.norm[2:] in _head_forms() or w.norm[1:] in _head_forms():
        return None  # "الجمعية العمومية للبنك": the body of another organisation
    if not w.norm.startswith("لل") and not (j + 1 < len(words) and words[j + 1].norm.startswith("ال")
                                           and words[j + 1].start - w.end <= 1 and _is_name_token(words[j + 1])):
        return None  # "لتحقيق خططه": a purpose clause; "لصناعة النفط" names what the body is for
    j += 1
    n = 0
    while j < len(words) and n < 3:
        w = words[j]
        if w.start - words[j - 1].end > 1 or not _is_name_token(w) or not w.norm.startswith("ال"):
            break
        if (w.norm,) in word_set("names/not_name_after_given.tsv") or w.norm in _ORDINALS:
            break
        j += 1
        n += 1
    return (k, j)


def _quoted(view: FieldView, k: int, limit: int) -> tuple[int, int] | None:
    """Words k.. up to a closing quotation mark when word k follows an opening one (« X Y »)."""
    words, text = view.words, view.text
    before = text[words[k - 1].end:words[k].start] if k else ""
    if not any(q in before for q in ("«", '"')):
        return None
    j = k
    while j < len(words) and j - k < limit + 1:
        after = text[words[j].end:words[j + 1].start] if j + 1 < len(words) else text[words[j].end:]
        j += 1
        if any(q in after for q in ("»", '"')):
            return (k, j)
    return None


def _proper_name_after(view: FieldView, k: int, limit: int) -> tuple[int, int] | None:
    """A proper name right after a descriptive head (شركة X، صحيفة X Y): quoted, or one to
    `limit` words that are not definite, not adjectives (شركة سياحية، شركة مدرجة) and end
    where the sentence goes on."""
    words = view.words
    if k >= len(words) or k == 0:
        return None
    q = _quoted(view, k, limit)
    if q:
        return q if all(_is_name_token(w) for w in words[q[0]:q[1]]) else None
    if words[k].start - words[k - 1].end > 1:
        return None
    j = k
    while j < len(words) and j - k < limit:
        w = words[j]
        if j > k and w.start - words[j - 1].end > 1:
            break
        if not _is_name_token(w) or w.norm.startswith(("ال", "لل", "بال")) or (w.norm[:1] in "وف" and j > k):
            break
        if w.norm[:1] in "وف" and (w.norm[1:],) in _function_words():
            break  # "وأن", "فقد": a conjunction + function word starts the next clause
        if w.text.endswith(("ة", "ية", "ي", "ين", "ون", "ات", "ه", "ها")) or (w.norm,) in word_set("names/not_name_after_given.tsv"):
            break  # adjectives, nisbas, plurals, a possessive pronoun: a common noun phrase
        if len(w.norm) == 5 and w.norm[0] == "ت" and w.norm[3] == "ي":
            break  # a verbal noun (تسويق، تطوير): "شركة تسويق" is a kind of company
        if len(w.norm) == 5 and w.norm[0] == "ا" and w.norm[3] == "ا":
            break  # a verbal noun or broken plural (إنتاج، إعلام، أبحاث): "شركة إنتاج" is a kind of company
        if any(c.isdigit() for c in w.norm):
            break  # "فريق من12 محاميا"
        j += 1
    if j == k:
        return None
    if j < len(words) and words[j].start - words[j - 1].end <= 1 and j - k > 1:
        nxt = words[j]
        if nxt.is_word and nxt.norm not in _NAME_STOP and not nxt.norm.startswith("ال"):
            j = k + 1  # "شركة X زيادة ...": the sentence goes on after the first word
    return (k, j)


def _definite_chain(view: FieldView, k: int, limit: int) -> tuple[int, int] | None:
    """A definite genitive chain after a head (الجهاد الإسلامي، التعاون الخليجي، الإصلاح
    الديمقراطي): definite words, or the name in quotes; an indefinite word ends it."""
    words = view.words
    if k >= len(words) or k == 0:
        return None
    q = _quoted(view, k, limit)
    if q:
        return q if all(_is_name_token(w) for w in words[q[0]:q[1]]) else None
    if words[k].start - words[k - 1].end > 1:
        return None
    j = k
    while j < len(words) and j - k < limit:
        w = words[j]
        if j > k and w.start - words[j - 1].end > 1:
            break
        if not _is_name_token(w) or not w.norm.startswith(("ال", "لل")):
            break
        if j > k and (w.norm,) in word_set("names/not_name_after_given.tsv"):
            break  # a time word or the like after the name (مجلس الأمن الأسبوع المقبل)
        j += 1
    return (k, j) if j > k else None


def _club_in_sport_context(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> bool:
    """A club's short form (الأهلي، العربي، النصر، بورتو) in a sentence about sport (one strong or
    two weak words of lexicon/sport_context.tsv: مباراة، الدوري، المدرب ...) is the club. The id is
    kept only when one club has that short form; otherwise an organisation with no id."""
    clubs = _club_hits(kb, view, m)
    if not clubs or _overlaps(found, view.name, m.start, m.end) or not _sport_sentence(view, m.start):
        return False
    start = m.start
    if m.token_end - m.token_start > 1 and m.form[0] in ("نادي", "النادي"):
        start = view.words[m.token_start + 1].start  # "النادي الأهلي": the club's name alone
    if len({c.id for c in clubs}) == 1:
        ent = _entity(doc, view.name, start, m.end, view.text, clubs[0], "context:sport", 0.5)
    else:
        ent = _entity(doc, view.name, start, m.end, view.text, None, "context:sport", 0.4, type="ORG", sector="CVL")
    found.append(ent)
    return True


def _club_hits(kb: KnowledgeBase, view: FieldView, m: Mention) -> list[Entry]:
    """Clubs (organizations/world_sport.tsv) a short form may name; none when a definite word follows
    it, which makes it the head of a longer name (الاتحاد الدولي للشرطة، النصر المؤزر)."""
    words = view.words
    if m.token_end < len(words) and words[m.token_end].start - words[m.token_end - 1].end <= 1 \
            and words[m.token_end].norm.startswith(("ال", "لل")) and _is_name_token(words[m.token_end]):
        return []
    return [kb.entries[h.entry] for h in m.hits if h.kind == "short" and kb.entries[h.entry].type == "ORG"
            and kb.entries[h.entry].extra.get("file") == "world_sport.tsv"]


_SEVERAL_CLUBS = Entry("", "ORG", "", "club", sector="CVL")  # a city name that several clubs share


def _club_reading(kb: KnowledgeBase, view: FieldView, m: Mention) -> Entry | None:
    """The club a city name stands for (برشلونة، بورتو) in a sentence about sport; _SEVERAL_CLUBS
    when more clubs than one bear it (مانشستر: United or City): an organisation, which one unknown."""
    clubs = _club_hits(kb, view, m)
    if not clubs or not _sport_sentence(view, m.start):
        return None
    prev = view.words[m.token_start - 1].norm if m.token_start else ""
    if prev in LOCATIVE_PREPS or "ب" in m.clitic or "ف" in m.clitic[-1:]:
        return None  # "في برشلونة", "ببرشلونة": the city
    return clubs[0] if len({c.id for c in clubs}) == 1 else _SEVERAL_CLUBS


LOCATIVE_PREPS = {"في", "الي", "الى", "من", "قرب", "مدينه", "مدينة", "داخل", "عاصمه"}


def _sport_sentence(view: FieldView, offset: int) -> bool:
    a, b = view.sentence_of(offset)
    words = [w for w in view.words if a <= w.start < b]
    strong = weak = 0
    for mt in table("lexicon/sport_context.tsv").find(words, clitics=True):
        if mt.payloads[0].get("kind") != "sport":
            continue
        if mt.payloads[0].get("strength") == "strong":
            strong += 1
        else:
            weak += 1
    return strong >= 1 or weak >= 2


def _cued_short_person(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> bool:
    """A known person's short form (مبارك، خاتمي، المالكي) with no full form in the article is still
    that person right after a person title (الرئيس مبارك، الرئيس العراقي طالباني، الإمام الخميني) or
    between a speech verb and a pause (قال نجاد إن). One PERSON reading links to it; several
    (الأسد: Bashar, Hafez) give an unlinked person."""
    people = [h for h in m.hits if kb.entries[h.entry].type == "PERSON"]
    words = view.words
    k = m.token_start
    if not people or k == 0 or _overlaps(found, view.name, m.start, m.end) or words[k].start - words[k - 1].end > 1:
        return False
    titles = table("lexicon/person_titles.tsv")
    cued = False
    for back in (1, 2, 3):
        t = k - back
        if t < 0 or (back > 1 and _skip_descriptors(kb, words, t + 1, back - 1) != k):
            break
        if any(x.start_token == 0 and x.end_token == 1 for x in titles.find(words[t:t + 1], clitics=True)) \
                and words[t].norm not in _AMBIGUOUS_TITLES:
            cued = True
            break
    if not cued and any(x.end_token == 1 for x in speech_verbs().find(words[k - 1:k], clitics=True)):
        nxt = words[m.token_end] if m.token_end < len(words) else None
        cued = nxt is not None and (nxt.norm in _AFTER_SPEAKER or nxt.norm in _NAME_STOP)
    if not cued or m.form[-1] in _DESCRIPTORS or (m.form[-1],) in word_set("names/name_particles.tsv"):
        return False  # "الكاتب الكبير"، "الشيخ أبي ...": a describing word or a particle, no surname
    nxt = words[m.token_end] if m.token_end < len(words) and words[m.token_end].start - m.end <= 1 else None
    if nxt is not None and not _ends_name(kb, nxt) and nxt.norm not in _PAUSE_WORDS and (
            _is_given(words, m.token_end) or _overlaps(found, view.name, nxt.start, nxt.end)):
        return False  # "الرئيس العراقي الأسير صدام حسين": the name is what follows
    if nxt is not None and len(m.form) == 1 and m.form[0].startswith("ال") and m.form[0].endswith("ي") \
            and nxt.norm.startswith("ال") and len(nxt.norm) >= 5 and not _ends_name(kb, nxt) \
            and nxt.norm not in _DESCRIPTORS and not _nationality(kb, nxt.norm) and not _common_word_shape(kb, nxt):
        return False  # "الخليفة العباسي المأمون": a dynasty nisba describing the name that follows
    gm = _given_name_at(words, k) if len(m.form) == 1 else None
    if gm is None and len(m.form) == 1 and _marked_given_name(words[k]) and not words[k].norm.startswith("ال") \
            and nxt is not None and not nxt.norm.endswith(("ت", "ه")) and not nxt.norm.startswith("ال"):
        gm = PhraseMatch(0, 1, 0, False, [])  # a '~' given name (سعيد، أمين) may open a name just as well
    if nxt is not None and gm is not None and not words[k].norm[:gm.clitic_len].endswith("ال") and not (
            nxt.norm in _NAME_STOP or nxt.norm in _PAUSE_WORDS or _ends_name(kb, nxt) or _common_word_shape(kb, nxt)):
        return False  # "الدكتور سعيد راتب": a given name that a surname may follow
    entry = kb.entries[people[0].entry] if len({h.entry for h in people}) == 1 else None
    found.append(_entity(doc, view.name, m.start, m.end, view.text, entry, "rule:titled-short", 0.6,
                         **({} if entry else {"type": "PERSON", "sector": None})))
    return True


def _family_name(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> None:
    """A family name marked '+' in the people data (جنبلاط، لاريجاني، طالباني) with no full name in the
    article and no title before it: a person, though not which one (several people share it)."""
    if m.form not in kb.family_names or _overlaps(found, view.name, m.start, m.end):
        return
    found.append(_entity(doc, view.name, m.start, m.end, view.text, None, "rule:family-name", 0.5,
                         type="PERSON", sector=None))


def _linkable_surname(kb: KnowledgeBase, last: str) -> bool:
    """A rule-found person's last word that may stand for them alone later in the article: not a
    particle, not a definite word other than a family nisba (الورود، المجمع are ordinary words a
    wrong boundary swept in; الرمحي، الزبيدي are family names), not an ordinary word's shape."""
    tok = next((t for t in tokenize(last) if t.is_word), None)
    if tok is None or len(tok.norm) < 3 or (tok.norm,) in word_set("names/name_particles.tsv"):
        return False
    if tok.norm.startswith("ال") and not _nisba_surname(kb, tok):
        return False
    return not _common_word_shape(kb, tok) and not _accusative_shape(tok)


def _anaphoric_noun(form: tuple[str, ...]) -> bool:
    """A short form that is only a common noun referring back to an organisation (الحزب،
    الحركة، المقاومة، الجيش): lexicon/org_heads_anaphoric.tsv, with or without the article."""
    nouns = word_set("lexicon/org_heads_anaphoric.tsv")
    return form in nouns or (form[0].startswith("ال") and (form[0][2:],) + form[1:] in nouns)


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
                if entry.type == "ORG" and _anaphoric_noun(m.form):
                    ent["nominal"] = True  # "الحزب" for حزب الله: a reference back, not a name
                ent["linked_to"] = {"field": full["field"], "start": full["start"], "end": full["end"]}
                found.append(ent)
                break
        else:
            if not _cued_short_person(doc, kb, view, m, found) and not _club_in_sport_context(doc, kb, view, m, found):
                _family_name(doc, kb, view, m, found)
    people = [e for e in found if e["type"] == "PERSON" and e["id"] is None and len(e["text"].split()) >= 2]
    names = table("names/given_names.tsv")
    for p in people:
        last = p["text"].split()[-1]
        if any(m.start_token > 0 for m in names.find(tokenize(p["text"]), clitics=True)
               if m.end_token == len(p["text"].split()) and m.end_token - m.start_token > 1) or last == "الله":
            continue  # "أبو عبد الله": the last word is half of a compound given name, no surname
        if not _linkable_surname(kb, last):
            continue
        for fname, view in views(doc).items():
            for w in view.words:
                if w.text in (last, "و" + last, "ل" + last) and not _overlaps(found, fname, w.start, w.end):
                    start = w.end - len(last)
                    ent = {k: v for k, v in p.items() if k not in ("start", "end", "text", "field", "linked_to")}
                    ent.update({"text": view.text[start:w.end], "start": start, "end": w.end, "field": fname,
                                "source": "link", "linked_to": {"field": p["field"], "start": p["start"], "end": p["end"]}})
                    found.append(ent)
