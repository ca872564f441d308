"""People: known people's spans, and the rules that find unknown ones (titles, speech verbs, given names,
nationality nouns), short forms with a cue, family names."""
from __future__ import annotations

import bisect

from ...document import Document
from ...knowledge.base import KnowledgeBase
from ...knowledge.lexicon import PhraseMatch, table, word_set
from ...knowledge.matcher import Mention
from ...text.tokens import Token, original_prefix_length, tokenize
from ..speech import speech_verbs
from ..views import FieldView, views

from .common import (
    NAME_STOP, function_words, is_name_token, make_entity, nationality, overlaps, starts_with_role,
)
from .names import (
    AFTER_SPEAKER, AMBIGUOUS_TITLES, DESCRIPTORS, PAUSE_WORDS, accusative_shape, ali_spelling,
    common_word_shape, conjunction_len, ends_name, extend_name, given_name_at, hyphen_part, is_given,
    kunya_before, marked_given_at, marked_given_name, name_after, nisba_surname, ordinal_at, plain_given,
    ordinary_word, skip_descriptors, spelled_ali, spelled_as_name, surname_shape,
)


def person_bounds(kb: KnowledgeBase, view: FieldView, m: Mention, lo: int = 0) -> tuple[int, int]:
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
            start = words[k].start + conjunction_len(words[k])
    j = m.token_end
    if j < len(words) and words[j].start - words[j - 1].end <= 1:
        o = ordinal_at(words, j)
        particles = word_set("names/name_particles.tsv")
        if o is not None:
            j = o
        else:
            while (j + 1 < len(words) and (words[j].norm,) in particles and is_name_token(words[j + 1])
                   and not ends_name(kb, words[j + 1])
                   and (words[j].norm not in ("ابن", "بنت") or given_name_at(words, j + 1) is not None)):
                j += 2  # "... بن راشد", not "صدام حسين ابن عمه"
    return start, words[j - 1].end if j > m.token_end else m.end


def son_of(view: FieldView, m: Mention, start: int) -> bool:
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
                    kb is not None and is_name_token(w2) and not w2.norm.startswith(("ال", "و")) and not ends_name(kb, w2)):
                # "أحمد بن | محمد بن راشد"، "مكتوم بن | محمد بن راشد آل مكتوم": a son named after his father
                k -= 2
                continue
            break
        ms = [x for x in names.find([w], clitics=True) if x.start_token == 0 and x.end_token == 1]
        if not ms or ms[0].clitic_len not in (0, 1) or w.norm[:ms[0].clitic_len] not in ("", "و"):
            break
        if k - 1 < lo or not spelled_as_name(w, ms[0]) or ali_spelling(w, ms[0]) and not spelled_ali(w):
            break  # "عرض على سولانا": the preposition, not the name علي
        if ms[0].clitic_len and k < i:
            k -= 1
            break  # "وكوفي": the conjunction opens the name, nothing before it belongs to it
        k -= 1
        if ms[0].clitic_len:
            break
    return k


def rule_people(doc: Document, kb: KnowledgeBase, found: list[dict]) -> None:
    """Unknown people: 'قال NAME، وهو ROLE', 'TITLE NAME', and photographers in credits."""
    titles = table("lexicon/person_titles.tsv")
    verbs = speech_verbs()
    for fname, view in views(doc).items():
        words = view.words
        # speech verb followed by a 2-3 token name and an apposition or إن/أن
        for m in verbs.find(words, clitics=True):
            span = name_after(view, m.end_token, 3)
            if span and span[1] - span[0] >= 2:
                stop = next((t for t in range(span[0] + 1, span[1]) if ends_name(kb, words[t])
                             and not starts_with_role(kb, [words[t]])), None)
                if stop is not None:  # "وقال المتحدث | للجزيرة إن": a لل-phrase is no name part
                    span = (span[0], stop)
                cut = next((t for t in range(span[0] + 1, span[1]) if starts_with_role(kb, [words[t]])), None)
                if cut is not None:  # "وقال البدري مدير الكرة": the role after the name is an apposition
                    span = (span[0], cut)
                    if cut - span[0] == 1 and nisba_surname(kb, words[span[0]]):
                        _add_person(doc, found, view, span, "rule:speaker", 0.55)
                        continue
            if span and span[1] - span[0] >= 2 and words[span[0]].norm.startswith("ال") \
                    and not is_given(words, span[0]):
                continue  # "وقال المتحدث العسكري": a definite noun phrase, not a name
            if span and span[1] - span[0] == 1 or span and _one_word_speaker(kb, words, span[0]):
                k = span[0]
                if _one_word_speaker(kb, words, k):
                    _add_person(doc, found, view, (k, k + 1), "rule:speaker", 0.5)
                continue
            if not span or span[1] - span[0] < 2:
                continue
            if starts_with_role(kb, words[span[0]:span[1]]):
                continue  # "قال دبلوماسي غربي إن": a role, not a name
            nxt = words[span[1]] if span[1] < len(words) else None
            apposition = nxt is not None and span[1] - span[0] == 2 and starts_with_role(kb, [nxt]) and not any(
                w.norm.startswith("ال") or ends_name(kb, w) or common_word_shape(kb, w) for w in words[span[0]:span[1]])
            if (nxt is None or nxt.norm not in ("،", ",", "ان", "انه", "انها")) and not apposition:
                if not (span[1] - span[0] == 2 and surname_shape(words[span[1] - 1])
                        and not ends_name(kb, words[span[0]])):
                    continue
                # "وقال X Yوف ...": a foreign surname shape closes a two-word name
            _add_person(doc, found, view, span, "rule:speaker", 0.7)
        titled: set[int] = set()  # word indices right after a title: a given name there needs no other cue
        person_titled: set[int] = set()  # of those, the ones after a person title (not a nationality)
        for m in titles.find(words, clitics=True):
            k = skip_descriptors(kb, words, m.end_token)
            titled.add(k)
            person_titled.add(k)
            if k < len(words) and given_name_at(words, k) is not None:
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
            if w.norm.startswith(("ال", "وال")) and nationality(kb, w.norm[1:] if w.norm.startswith("و") else w.norm) \
                    and w.norm.endswith(("ي", "يه")) and not (k >= 2 and words[k - 2].norm.startswith("ال")):
                # a singular adjective used as a noun (تغلب على الألماني X Y), not one after a
                # definite noun (الاقتصاد الإسرائيلي ...), which only describes that noun
                titled.add(k)  # "الألماني X Y": a nationality adjective before a name works as a title
                if given_name_at(words, k) is None:
                    span = _title_name(kb, view, k) or _title_one_word(kb, view, k)
                    if span:  # "والبرازيلي إيمرسون :" — one surname after the nationality noun
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
                if 2 <= len(name.split()) <= 4 and not overlaps(found, fname, start, end):
                    found.append(make_entity(doc, fname, start, start + len(name), text, None, "rule:photo-credit", 0.7,
                                         type="PERSON", role="Photographer", sector="MED"))


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
    if not n.startswith("ال") or len(n) < 5 or n in DESCRIPTORS or nationality(kb, n):
        return None
    if not (n.endswith("ي") and n not in ("الذي", "التي") or n in _IMAM_EPITHETS):
        return None
    if (n,) in word_set("names/not_name_after_given.tsv") or starts_with_role(kb, [w]) or (n,) in function_words():
        return None
    if k + 1 < len(words) and words[k + 1].start - w.end <= 1:
        nxt = words[k + 1]
        if given_name_at(words, k + 1) is not None or (
                is_name_token(nxt) and not ends_name(kb, nxt) and not nxt.norm.startswith("ال")
                and not common_word_shape(kb, nxt) and nxt.norm not in PAUSE_WORDS):
            return None  # "الشيخ الكويتي X Y": the name comes after
    return (k, k + 1)


def _title_one_word(kb: KnowledgeBase, view: FieldView, k: int) -> tuple[int, int] | None:
    """One name word after a title where the sentence clearly goes on after it (الرئيس X الذي ...،
    السفير X ، ...): a surname used alone. Not definite, not an adverb (أيضا)."""
    words = view.words
    if k >= len(words) or k == 0 or words[k].start - words[k - 1].end > 1:
        return None
    w = words[k]
    if words[k - 1].norm in AMBIGUOUS_TITLES:
        return None
    if ends_name(kb, w) or w.norm.startswith(("ال", "لل")) or w.text.endswith(("ا", "اً", "ًا")):
        return None
    if not surname_shape(w):
        n = w.norm
        if len(n) <= 4 or n.endswith(("ه", "ها", "هم", "ات", "ون", "ين")) or n.startswith(("سي", "ست", "سن")):
            return None  # a verb (سعى، أطلق، سيلعب), a feminine or plural noun, a possessive (قوله)
        if n[:1] in "يتبلك" and len(n) <= 6:
            return None  # an imperfect verb (يحتاج، تجاوز) or a preposition (بنفسه، لدى)
    if k + 1 < len(words) and words[k + 1].start - w.end <= 1:
        nxt = words[k + 1]
        if not (nxt.norm in NAME_STOP or nxt.norm in PAUSE_WORDS or (nxt.norm,) in word_set("names/not_name_after_given.tsv")):
            return None
    return (k, k + 1)


def _one_word_speaker(kb: KnowledgeBase, words: list[Token], k: int) -> bool:
    """"وأضاف X أن": one indefinite name-like word between a speech verb and أن/إن is a surname
    (a role or a body would take the article: وأضاف المتحدث، وقال البيان)."""
    if k + 1 >= len(words):
        return False
    w = words[k]
    nxt = words[k + 1]
    quoted = nxt.start - w.end > 1  # a quotation opens after the word (وقال X " ...): words skip the marks
    if not (nxt.norm in AFTER_SPEAKER or quoted or nxt.norm.startswith("لل") and len(nxt.norm) >= 5):
        return False  # "وقال X للصحفيين" goes on like a pause
    if spelled_ali(nxt) and not quoted:
        return False  # "وقال محمد علي حسن": the name علي, not the preposition على
    if nxt.norm not in ("ان", "انه", "انها") and not surname_shape(w) and (
            len(w.norm) < 4 or w.norm.endswith(("ه", "ات", "ون", "ين"))):
        return False  # a weaker pause after the word: a short or common-noun shape is no surname
    if ends_name(kb, w) or w.norm.startswith(("ال", "لل")) or len(w.norm) < 3:
        return False
    if k == 0 or w.start - words[k - 1].end > 1 or w.text.endswith(("ا", "اً", "ًا")):
        return False  # a quotation mark between (قال " نعتقد أن) or an adverb (خصوصا)
    if w.norm[:1] in "يتنا" and len(w.norm) <= 5 and not (w.norm,) in kb.forms:
        return False  # an imperfect verb (يجب أن، نعتقد أن)
    return (w.norm,) not in kb.forms or all(kb.entries[h.entry].type == "PERSON" for h in kb.forms[(w.norm,)])


def _title_name(kb: KnowledgeBase, view: FieldView, k: int) -> tuple[int, int] | None:
    """A two-word name after a title whose first word is not a known given name
    (الجنرال X Y): not a definite word (المتحدث باسم الجيش ...), not a role noun."""
    words = view.words
    if k >= len(words) or k == 0 or words[k].start - words[k - 1].end > 1:
        return None
    w = words[k]
    if ends_name(kb, w) or w.norm.startswith("ال") or w.norm.startswith("لل"):
        return None
    j = extend_name(kb, words, k + 1, False, taken_max=1)
    if j - k < 2:
        return None
    if j < len(words) and words[j].start - words[j - 1].end <= 1:
        nxt = words[j]
        if not (nxt.norm in NAME_STOP or nxt.norm in ("ان", "انه", "انها", "«", "»", '"') or nxt.norm[:1].isdigit()
                or starts_with_role(kb, [nxt]) or ordinal_at(words, j) or surname_shape(words[j - 1])):
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
            m = marked_given_at(words, i)  # "الدكتور سعيد راتب": after a person title a '~' name opens the name
        if m is None or not spelled_as_name(words[i], m) or words[i].norm[:m.clitic_len].endswith("ال"):
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
        if (ali_spelling(words[i], m) and i not in titled
                and not (m.end_token < n and (is_given(words, m.end_token)
                                              or (words[m.end_token].norm,) in word_set("names/name_particles.tsv")))):
            i += 1  # "علي" as the common spelling of the preposition على: a name only before another name
            continue
        j = extend_name(kb, words, m.end_token, True)
        if j - i >= 2:
            j = hyphen_part(kb, words, j)
        kunya = kunya_before(words, i)
        lead = _marked_name_before(view, i, m, found) if kunya is None else None
        if j - i >= 2 or kunya is not None or lead is not None:
            start = words[i].start + original_prefix_length(words[i], m.clitic_len)
            if kunya is not None:
                start = kunya  # "أبو عبد الله"، "أبي زكريا الحفصي": the kunya is part of the name
            elif lead is not None:
                start = lead  # "سالم | مسعود"، "منى | عبد الغني": a '~' given name opens the name
            end = words[j - 1].end
            clash = [e for e in found if e["field"] == view.name and e["start"] < end and start < e["end"]]
            if clash and j - i >= 2 and plain_given(words, i) \
                    and all(_yields_to_name(kb, e, start, end, view.text) for e in clash):
                found[:] = [e for e in found if not any(e is c for c in clash)]  # "كلاوس بيكارد"، "غوران إريكسون"
                clash = []
            if not clash:
                found.append(make_entity(doc, view.name, start, end, view.text, None, "rule:given-name", 0.6,
                                     type="PERSON", sector=None))
        elif j == m.end_token == i + 1 and _bare_given_name(kb, view, i, m, found):
            start = words[i].start + original_prefix_length(words[i], m.clitic_len)
            found.append(make_entity(doc, view.name, start, words[i].end, view.text, None, "rule:given-name-alone", 0.4,
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
    if plen is None or overlaps(found, view.name, w.start, w.end):
        return None
    bare = w.norm[plen:]
    note = (names.forms[("~", bare)][0].get("note") or "").lower()
    if (bare,) in function_words() or bare.startswith("ال") or len(bare) < 3 or any(
            k in note for k in ("verb", "title", "month", "article", "fold", "pronoun", "preposition", "imam", "prince")):
        return None  # "أن زيدان" (آن)، "هاجر محمد"، "سعادة محمد"، "رمضان علاء الدين": a word, not a name
    if i >= 2 and words[i - 1].start - words[i - 2].end <= 1 and is_given(words, i - 2) and not plen:
        return None  # "محمد ~X Y": the earlier name took what it could; don't glue across
    return w.start + (original_prefix_length(w, 1) if plen else 0)


def _bare_given_name(kb: KnowledgeBase, view: FieldView, i: int, m, found: list[dict]) -> bool:
    """A given name standing alone (زيدان اعتزل، وطلب موسى ...) is a person when the word after it
    clearly ends the name (punctuation, a stop word, a verb or common-noun shape: extend_name took
    nothing) and the name word is nothing else the knowledge base knows (a place: جورجيا، شارلوت).
    Not the spelling علي (also the preposition), not a word with a preposition glued to it."""
    words = view.words
    w = words[i]
    bare = w.norm[m.clitic_len:]
    if ali_spelling(w, m) or len(bare) < 3 or (bare,) in function_words():
        return False
    if m.clitic_len and w.norm[:m.clitic_len] not in ("و", "ف"):
        return False
    note = m.payloads[0].get("note") or ""
    if bare.startswith("ال") or note.startswith(("also", "fold")) or "'" in note:
        return False  # a homograph the data notes (عمر 'age', جمال 'beauty', الحسن 'the good')
    if any(kb.entries[h.entry].type != "PERSON" for f in {bare, w.norm} for h in kb.forms.get((f,), ())):
        return False  # a place or an organisation of that name: the matcher decides
    if overlaps(found, view.name, w.start, w.end):
        return False
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is not None and overlaps(found, view.name, nxt.start, nxt.end) and nxt.start - w.end <= 1:
        return False  # "جون كندي" read as a nationality: the name goes on into another mention
    return True


def _add_person(doc, found, view: FieldView, span, source, confidence, **extra) -> None:
    start, end = view.words[span[0]].start, view.words[span[1] - 1].end
    if overlaps(found, view.name, start, end):
        return
    ent = make_entity(doc, view.name, start, end, view.text, None, source, confidence, type="PERSON",
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


def cued_short_person(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> bool:
    """A known person's short form (مبارك، خاتمي، المالكي) with no full form in the article is still
    that person right after a person title (الرئيس مبارك، الرئيس العراقي طالباني، الإمام الخميني) or
    between a speech verb and a pause (قال نجاد إن). One PERSON reading links to it; several
    (الأسد: Bashar, Hafez) give an unlinked person."""
    people = [h for h in m.hits if kb.entries[h.entry].type == "PERSON"]
    words = view.words
    k = m.token_start
    if not people or k == 0 or overlaps(found, view.name, m.start, m.end) or words[k].start - words[k - 1].end > 1:
        return False
    titles = table("lexicon/person_titles.tsv")
    cued = False
    for back in (1, 2, 3):
        t = k - back
        if t < 0 or (back > 1 and skip_descriptors(kb, words, t + 1, back - 1) != k):
            break
        if any(x.start_token == 0 and x.end_token == 1 for x in titles.find(words[t:t + 1], clitics=True)) \
                and words[t].norm not in AMBIGUOUS_TITLES:
            cued = True
            break
    if not cued and any(x.end_token == 1 for x in speech_verbs().find(words[k - 1:k], clitics=True)):
        nxt = words[m.token_end] if m.token_end < len(words) else None
        cued = nxt is not None and (nxt.norm in AFTER_SPEAKER or nxt.norm in NAME_STOP)
    if not cued or m.form[-1] in DESCRIPTORS or (m.form[-1],) in word_set("names/name_particles.tsv"):
        return False  # "الكاتب الكبير"، "الشيخ أبي ...": a describing word or a particle, no surname
    nxt = words[m.token_end] if m.token_end < len(words) and words[m.token_end].start - m.end <= 1 else None
    if nxt is not None and not ends_name(kb, nxt) and nxt.norm not in PAUSE_WORDS and (
            is_given(words, m.token_end) or overlaps(found, view.name, nxt.start, nxt.end)):
        return False  # "الرئيس العراقي الأسير صدام حسين": the name is what follows
    if nxt is not None and len(m.form) == 1 and m.form[0].startswith("ال") and m.form[0].endswith("ي") \
            and nxt.norm.startswith("ال") and len(nxt.norm) >= 5 and not ends_name(kb, nxt) \
            and nxt.norm not in DESCRIPTORS and not nationality(kb, nxt.norm) and not common_word_shape(kb, nxt):
        return False  # "الخليفة العباسي المأمون": a dynasty nisba describing the name that follows
    gm = given_name_at(words, k) if len(m.form) == 1 else None
    if gm is None and len(m.form) == 1 and marked_given_name(words[k]) and not words[k].norm.startswith("ال") \
            and nxt is not None and not nxt.norm.endswith(("ت", "ه")) and not nxt.norm.startswith("ال"):
        gm = PhraseMatch(0, 1, 0, False, [])  # a '~' given name (سعيد، أمين) may open a name just as well
    if nxt is not None and gm is not None and not words[k].norm[:gm.clitic_len].endswith("ال") and not (
            nxt.norm in NAME_STOP or nxt.norm in PAUSE_WORDS or ends_name(kb, nxt) or common_word_shape(kb, nxt)):
        return False  # "الدكتور سعيد راتب": a given name that a surname may follow
    entry = kb.entries[people[0].entry] if len({h.entry for h in people}) == 1 else None
    found.append(make_entity(doc, view.name, m.start, m.end, view.text, entry, "rule:titled-short", 0.6,
                         **({} if entry else {"type": "PERSON", "sector": None})))
    return True


def family_name(doc: Document, kb: KnowledgeBase, view: FieldView, m: Mention, found: list[dict]) -> None:
    """A family name marked '+' in the people data (جنبلاط، لاريجاني، طالباني) with no full name in the
    article and no title before it: a person, though not which one (several people share it)."""
    if m.form not in kb.family_names or overlaps(found, view.name, m.start, m.end):
        return
    found.append(make_entity(doc, view.name, m.start, m.end, view.text, None, "rule:family-name", 0.5,
                         type="PERSON", sector=None))


def linkable_surname(kb: KnowledgeBase, last: str) -> bool:
    """A rule-found person's last word that may stand for them alone later in the article: not a
    particle, not a definite word other than a family nisba (الورود، المجمع are ordinary words a
    wrong boundary swept in; الرمحي، الزبيدي are family names), not an ordinary word's shape."""
    tok = next((t for t in tokenize(last) if t.is_word), None)
    if tok is None or len(tok.norm) < 3 or (tok.norm,) in word_set("names/name_particles.tsv"):
        return False
    if tok.norm.startswith("ال") and not nisba_surname(kb, tok):
        return False
    return not common_word_shape(kb, tok) and not accusative_shape(tok)


def coordinated_people(doc: Document, kb: KnowledgeBase, found: list[dict]) -> None:
    """A name joined by و right after a person's name is another person's (صبري وعنان، شافيز
    ولوكاشنكو، بوش وشارون وبلير): one or two name words that no rule knew, closed by a pause or by the
    next و. A word that is vocabulary, a place, a body, a role, a nationality or a definite common
    noun is not taken (عباس والوفد، بوش وزوجته، شيراك وفرنسا)."""
    for fname, view in views(doc).items():
        words = view.words
        starts = [w.start for w in words]
        grew = True
        while grew:
            grew = False
            for e in [x for x in found if x["field"] == fname and x["type"] == "PERSON" and not x.get("nominal")]:
                k = bisect.bisect_left(starts, e["end"])
                if k >= len(words) or words[k].start - e["end"] > 1 or not words[k].norm.startswith("و"):
                    continue
                first = Token(words[k].text[1:], words[k].start + 1, words[k].end, words[k].norm[1:])
                if not _conjunct_name_word(kb, first):
                    continue
                span = None
                for length in (2, 1):
                    last = k + length - 1
                    if last >= len(words) or length == 2 and (
                            words[last].start - words[k].end > 1 or not _conjunct_name_word(kb, words[last])):
                        continue
                    if _pause_after(words, last):
                        span = (first.start, words[last].end)
                        break
                if span and not overlaps(found, fname, *span):
                    found.append(make_entity(doc, fname, span[0], span[1], view.text, None, "rule:coordinated", 0.5,
                                             type="PERSON", sector=None))
                    grew = True


def _conjunct_name_word(kb: KnowledgeBase, w: Token) -> bool:
    n = w.norm
    if len(n) < 3 or not is_name_token(w) or ends_name(kb, w) or ordinary_word(w) or common_word_shape(kb, w):
        return False
    if n.startswith("ال") and not nisba_surname(kb, w) or nationality(kb, n) or accusative_shape(w):
        return False
    if n.endswith(("ات", "يه", "يين", "ون")) or n.endswith("ه") and w.text.endswith("ة"):
        return False  # plurals and feminine adjectives (فعاليات، ماركسية): a noun phrase, no name
    return all(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((n,), ()))


def _pause_after(words: list[Token], j: int) -> bool:
    """Word j closes a phrase: the sentence ends, or punctuation, a و-word, or a pause word follows."""
    if j + 1 >= len(words) or words[j + 1].start - words[j].end > 1:
        return True
    nxt = words[j + 1].norm
    return nxt in NAME_STOP or nxt in PAUSE_WORDS or nxt in AFTER_SPEAKER or nxt.startswith("و") and len(nxt) > 2

