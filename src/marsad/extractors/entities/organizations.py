"""Organisations: known bodies' spans (heads, nationality adjectives, name cores), unknown ones after a
head noun (org_heads.tsv), clubs in sport sentences."""
from __future__ import annotations

import re

from ...document import Document
from ...knowledge.base import Entry, KnowledgeBase
from ...knowledge.lexicon import table, word_set
from ...knowledge.matcher import Mention
from ...text.tokens import original_prefix_length
from ..sport import sport_words
from ..views import FieldView, views

from .common import (
    NAME_STOP, PLACE_TYPES, QUOTES, function_words, generic_national, is_name_token, make_entity,
    nationality, overlaps, starts_with_role,
)


def org_without_nationality(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry, end: int) -> int:
    """A known organisation matched with a nationality adjective after its name (حزب الله اللبناني،
    بوردو الفرنسي، سكاي نيوز البريطانية) ends before the adjective when the same organisation is
    known without it: the adjective describes the name, it is not part of it."""
    if len(m.form) < 2 or not nationality(kb, m.form[-1]) or generic_national(kb, m.form):
        return end  # "الجيش اللبناني" stays whole: a description of the actor, marked nominal
    # only where the shorter form names it on its own: in "وزارة الكهرباء العراقية" the adjective is what
    # says whose ministry it is (the bare form is only a short form of each country's ministry)
    bare = kb.forms.get(m.form[:-1], ())
    if any(kb.entries[h.entry].id == entry.id and h.kind == "full" for h in bare):
        return view.words[m.token_end - 2].end
    if any(kb.entries[h.entry].id == entry.id for h in bare) and entry.sector in ("MED", "CVL", "BUS") \
            and all(kb.entries[h.entry].kind == "organization" for h in bare):
        # an outlet's, club's or company's short form that several share (سكاي نيوز: the British and
        # the Arabic channel): the adjective says which one, the name is the bare form. Not a state
        # body (وزارة الكهرباء العراقية: there the adjective says whose ministry it is)
        return view.words[m.token_end - 2].end
    orgs = {kb.entries[h.entry].id for h in bare if kb.entries[h.entry].type == "ORG"}
    if orgs == {entry.id} and any(kb.entries[h.entry].type in PLACE_TYPES for h in bare):
        # a short form of this body alone (ميلان الإيطالي، برشلونة الإسباني: the bare name is also
        # a city): the adjective says which reading is meant, the name is the bare form
        return view.words[m.token_end - 2].end
    return end


def org_without_head(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry, start: int) -> int:
    """A known organisation matched with a describing head noun before its name (صحيفة نيويورك تايمز،
    وكالة فرانس برس، قناة الجزيرة، صحيفة « الشرق الأوسط »): the name alone is the organisation when
    the rest is a form of the same body, or when it stands in quotes after the head."""
    words, text = view.words, view.text
    i = m.token_start
    if m.token_end - i < 2:
        return start
    quoted = any(q in text[words[i].end:words[i + 1].start] for q in QUOTES)
    if quoted:
        return words[i + 1].start
    head = table("lexicon/org_heads.tsv").find(words[i:i + 1], clitics=True)
    if not head or head[0].payloads[0].get("kind") != "desc":
        return start
    rest = m.form[1:]
    if any(kb.entries[h.entry].id == entry.id for h in kb.forms.get(rest, ())):
        return words[i + 1].start
    return start


def org_name(kb: KnowledgeBase, view: FieldView, m: Mention, entry: Entry) -> tuple[int, int] | None:
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


def descriptive_org(kb: KnowledgeBase, view: FieldView, m: Mention, end: int) -> bool:
    """An organisation named by a description rather than a name: a definite common noun + a
    nationality (الجيش اللبناني، الحكومة السودانية), a common noun phrase + a nationality that
    the name cannot do without (مجلس النواب اللبناني، وزارة الخارجية الأمريكية، وكالة الأنباء
    القطرية), or a person's role standing for the body (وزير الخارجية الروسي، وزيرة الدفاع
    الفرنسية): a nominal mention, an actor for events but no named entity."""
    if generic_national(kb, m.form):
        return True
    words = view.words
    if starts_with_role(kb, words[m.token_start:m.token_end]):
        return True
    if len(m.form) >= 2 and end == m.end and nationality(kb, m.form[-1]):
        return True  # the adjective was kept: the bare phrase is no name of this body on its own
    return False


def rule_organizations(doc: Document, found: list[dict]) -> None:
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
            name = None  # the proper name inside the expression, where the head only describes it
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
                if any(q in view.text[head_tok.end:words[span[0]].start] for q in QUOTES):
                    start = words[span[0]].start  # جامعة « نورث كارولاينا »: the quoted name alone
                elif row.get("bare") == "yes":
                    name = (words[span[0]].start, words[span[1] - 1].end)  # نادي الوحدة: the name is الوحدة
                end = words[span[1] - 1].end
            if overlaps(found, fname, start, end):
                continue
            ent = make_entity(doc, fname, start, end, view.text, None, "rule:organization", 0.5, type="ORG",
                              sector=row["sector"])
            if name is not None:
                ent["name"] = {"text": view.text[name[0]:name[1]], "start": name[0], "end": name[1]}
            found.append(ent)


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
        if w.start - words[j - 1].end > 1 or not is_name_token(w) or not w.norm.startswith("ال") or w.norm in _ORDINALS:
            break
        if (w.norm,) in word_set("names/not_name_after_given.tsv"):
            return None
        j += 1
    if j == k or j >= len(words):
        return None
    w = words[j]
    if w.start - words[j - 1].end > 1 or not is_name_token(w) or not w.norm.startswith("ل") or len(w.norm) < 4 \
            or (w.norm[1:],) in function_words() or (w.norm,) in function_words():
        return None
    noun = w.norm[2:] if w.norm.startswith("لل") else w.norm[1:]
    if len(noun) == 5 and noun[0] == "ت" and noun[3] == "ي":
        return None  # "لتحقيق النجاح": a purpose clause (a verbal noun after ل)
    if w.norm[2:] in _head_forms() or w.norm[1:] in _head_forms():
        return None  # "الجمعية العمومية للبنك": the body of another organisation
    if not w.norm.startswith("لل") and not (j + 1 < len(words) and words[j + 1].norm.startswith("ال")
                                           and words[j + 1].start - w.end <= 1 and is_name_token(words[j + 1])):
        return None  # "لتحقيق خططه": a purpose clause; "لصناعة النفط" names what the body is for
    j += 1
    n = 0
    while j < len(words) and n < 3:
        w = words[j]
        if w.start - words[j - 1].end > 1 or not is_name_token(w) or not w.norm.startswith("ال"):
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


def _name_opening(view: FieldView, k: int, limit: int) -> tuple[int, int] | bool:
    """How a name after a head noun starts: the quoted name's span (or False when the quotes hold no
    name), False when nothing adjacent follows the head, True when the caller should read the
    words from k on (_proper_name_after, _definite_chain)."""
    words = view.words
    if k >= len(words) or k == 0:
        return False
    q = _quoted(view, k, limit)
    if q:
        return q if all(is_name_token(w) for w in words[q[0]:q[1]]) else False
    return words[k].start - words[k - 1].end <= 1


def _proper_name_after(view: FieldView, k: int, limit: int) -> tuple[int, int] | None:
    """A proper name right after a descriptive head (شركة X، صحيفة X Y): quoted, or one to
    `limit` words that are not definite, not adjectives (شركة سياحية، شركة مدرجة) and end
    where the sentence goes on."""
    words = view.words
    opening = _name_opening(view, k, limit)
    if opening is not True:
        return opening or None
    j = k
    while j < len(words) and j - k < limit:
        w = words[j]
        if j > k and w.start - words[j - 1].end > 1:
            break  # a line break: another phrase
        if not is_name_token(w) or w.norm.startswith(("ال", "لل", "بال")) or (w.norm[:1] in "وف" and j > k):
            break
        if w.norm[:1] in "وف" and (w.norm[1:],) in function_words():
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
        if nxt.is_word and nxt.norm not in NAME_STOP and not nxt.norm.startswith("ال"):
            j = k + 1  # "شركة X زيادة ...": the sentence goes on after the first word
    return (k, j)


def _definite_chain(view: FieldView, k: int, limit: int) -> tuple[int, int] | None:
    """A definite genitive chain after a head (الجهاد الإسلامي، التعاون الخليجي، الإصلاح
    الديمقراطي): definite words, or the name in quotes; an indefinite word ends it."""
    words = view.words
    opening = _name_opening(view, k, limit)
    if opening is not True:
        return opening or None
    j = k
    while j < len(words) and j - k < limit:
        w = words[j]
        if j > k and w.start - words[j - 1].end > 1:
            break  # a line break: another phrase
        if not is_name_token(w) or not w.norm.startswith(("ال", "لل")):
            break
        if j > k and (w.norm,) in word_set("names/not_name_after_given.tsv"):
            break  # a time word or the like after the name (مجلس الأمن الأسبوع المقبل)
        j += 1
    return (k, j) if j > k else None


def club_in_sport_context(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> bool:
    """A club's short form (الأهلي، العربي، النصر، بورتو) in a sentence about sport (one strong or
    two weak words of lexicon/sport_context.tsv: مباراة، الدوري، المدرب ...) is the club. The id is
    kept only when one club has that short form; otherwise an organisation with no id."""
    clubs = _club_hits(kb, view, m)
    if not clubs or overlaps(found, view.name, m.start, m.end) or not _sport_sentence(view, m.start):
        return False
    start = m.start
    if m.token_end - m.token_start > 1 and m.form[0] in ("نادي", "النادي"):
        start = view.words[m.token_start + 1].start  # "النادي الأهلي": the club's name alone
    if len({c.id for c in clubs}) == 1:
        ent = make_entity(doc, view.name, start, m.end, view.text, clubs[0], "context:sport", 0.5)
    else:
        ent = make_entity(doc, view.name, start, m.end, view.text, None, "context:sport", 0.4, type="ORG", sector="CVL")
    found.append(ent)
    return True


def _club_hits(kb: KnowledgeBase, view: FieldView, m: Mention) -> list[Entry]:
    """Clubs (organizations/world_sport.tsv) a short form may name; none when a definite word follows
    it, which makes it the head of a longer name (الاتحاد الدولي للشرطة، النصر المؤزر)."""
    words = view.words
    if m.token_end < len(words) and words[m.token_end].start - words[m.token_end - 1].end <= 1 \
            and words[m.token_end].norm.startswith(("ال", "لل")) and is_name_token(words[m.token_end]):
        return []
    return [kb.entries[h.entry] for h in m.hits if h.kind == "short" and kb.entries[h.entry].type == "ORG"
            and kb.entries[h.entry].extra.get("file") == "world_sport.tsv"]


SEVERAL_CLUBS = Entry("", "ORG", "", "club", sector="CVL")  # a city name that several clubs share


def club_reading(kb: KnowledgeBase, view: FieldView, m: Mention) -> Entry | None:
    """The club a city name stands for (برشلونة، بورتو) in a sentence about sport; SEVERAL_CLUBS
    when more clubs than one bear it (مانشستر: United or City): an organisation, which one unknown."""
    clubs = _club_hits(kb, view, m)
    if not clubs or not _sport_sentence(view, m.start):
        return None
    prev = view.words[m.token_start - 1].norm if m.token_start else ""
    if prev in LOCATIVE_PREPS or "ب" in m.clitic or "ف" in m.clitic[-1:]:
        return None  # "في برشلونة", "ببرشلونة": the city
    return clubs[0] if len({c.id for c in clubs}) == 1 else SEVERAL_CLUBS


LOCATIVE_PREPS = {"في", "الي", "الى", "من", "قرب", "مدينه", "مدينة", "داخل", "عاصمه"}


# A match score (2 - 1، صفر - 3): small numbers on both sides, so a year range (2005 - 2006) is none.
_SCORE = re.compile(r"(?<![\d.])(?:[0-9٠-٩]{1,2}|صفر)\s*[-–]\s*(?:[0-9٠-٩]{1,2}|صفر)(?![\d.])")


def _sport_sentence(view: FieldView, offset: int) -> bool:
    a, b = view.sentence_of(offset)
    if _SCORE.search(view.text, a, b):
        return True  # "سلتيك ( اسكتلندا ) - كوبنهاغن ( الدنمارك ) 1 - صفر"
    return sport_words(view.words_between(a, b))


def anaphoric_noun(form: tuple[str, ...]) -> bool:
    """A short form that is only a common noun referring back to an organisation (الحزب،
    الحركة، المقاومة، الجيش): lexicon/org_heads_anaphoric.tsv, with or without the article."""
    nouns = word_set("lexicon/org_heads_anaphoric.tsv")
    return form in nouns or (form[0].startswith("ال") and (form[0][2:],) + form[1:] in nouns)
