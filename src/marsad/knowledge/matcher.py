"""Find known forms in text: longest match first, clitic-aware, with original offsets.

Matching is over tokens of the normalized text: the first token of a form may
carry proclitics (و ف ب ل ك ال لل: وبغداد، لكتائب حزب الله، بالعراق); the form's
dictionary key is a tuple of normalized tokens, so a lookup is a few dict probes
per token — the same complexity as an Aho-Corasick automaton, without building one.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.normalize import normalized_set
from ..text.tokens import Token, clitic_variants, original_prefix_length, tokenize
from .base import Entry, FormHit, KnowledgeBase



@dataclass
class Mention:
    start: int
    end: int
    text: str
    form: tuple[str, ...]
    clitic: str  # the proclitics stripped from the first token, in original spelling
    hits: list[FormHit]
    token_start: int
    token_end: int

    def candidates(self, kb: KnowledgeBase) -> list[tuple[Entry, FormHit]]:
        return [(kb.entries[h.entry], h) for h in self.hits]

    def best(self, kb: KnowledgeBase) -> Entry:
        return kb.entries[self.hits[0].entry]

    def best_in(self, kb: KnowledgeBase, countries: frozenset[str] | set[str]) -> Entry:
        """The first candidate, except that a place in one of `countries` beats a place
        elsewhere (الجوف in a Yemen story, عمان in a story about Jordanians)."""

        first = kb.entries[self.hits[0].entry]
        if first.type in ("GPE", "LOC", "FAC") and first.country not in countries:
            for h in self.hits[1:]:
                e = kb.entries[h.entry]
                if e.type in ("GPE", "LOC", "FAC") and e.country in countries:
                    return e
        return first




def find_mentions(kb: KnowledgeBase, text: str, tokens: list[Token] | None = None,
                  context_countries: frozenset[str] = frozenset()) -> list[Mention]:
    """Known forms in `text`. `context_countries` (ISO3 codes the article is about) lets a
    place name that is also a common word count without a locative cue when the place is in
    one of them (الزرقاء in a story about Jordan)."""
    tokens = tokenize(text) if tokens is None else tokens
    norms = [t.norm for t in tokens]
    out: list[Mention] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if not tok.is_word:
            i += 1
            continue
        best: tuple[int, int, tuple[str, ...], list[FormHit]] | None = None  # (ntok, plen, key, hits)
        for plen, first in clitic_variants(tok.norm):
            max_len = kb.max_len.get(first)
            if not max_len:
                continue
            key = [first]
            j = i + 1
            found = None
            if (first,) in kb.forms:
                found = (1, (first,))
            while len(key) < max_len and j < n:
                key.append(norms[j])
                j += 1
                if tuple(key) in kb.forms and tokens[j - 1].is_word:
                    found = (j - i, tuple(key))
            if found and (best is None or found[0] > best[0]):
                best = (found[0], plen, found[1], kb.forms[found[1]])
        if best is None:
            best = _accusative_nationality(kb, tok.norm)
        if best is None:
            i += 1
            continue
        ntok, plen, key, hits = best
        if i and norms[i - 1] in CAPITAL_CUES and any(kb.entries[h.entry].kind == "capital" for h in hits):
            # "العاصمة عمان" is Amman, not Oman: after العاصمة the capital reading comes first
            # (the capital's name is a short form where it is also a country's: it counts in full here)
            hits = [FormHit(h.entry, "full", h.form, h.prio) for h in hits if kb.entries[h.entry].kind == "capital"] \
                + [h for h in hits if kb.entries[h.entry].kind != "capital"]
        if any(h.kind == "context" for h in hits):
            # a context-bound form (قوات الاحتلال: Israel's army in an article about Israel,
            # Palestine, Lebanon or Syria; US forces in an Iraqi militia's statement) names its
            # body only when the article's countries include one of the row's context countries
            hits = [h if h.kind != "context" else FormHit(h.entry, "full", h.form, h.prio) for h in hits
                    if h.kind != "context" or kb.entries[h.entry].extra.get("context_countries", frozenset()) & context_countries]
            if not hits:
                i += ntok
                continue
        if any(h.kind == "short" for h in hits):
            hits = _cued_short_forms(kb, hits, tokens, i, ntok, plen, text)
        if ntok == 1:
            hits = _filter_weak(kb, key[0], hits, tok.norm[:plen], norms[i - 1] if i else "", tok.norm,
                                context_countries)
            if not hits:
                i += 1
                continue
        # The article belongs to the mention (الإيرانية), conjunctions and prepositions do not.
        if plen >= 2 and tok.norm[plen - 2:plen] == "ال":
            plen -= 2
        start = tok.start + original_prefix_length(tok, plen)
        end = tokens[i + ntok - 1].end
        out.append(Mention(start, end, text[start:end], key, text[tok.start:start], hits, i, i + ntok))
        i += ntok
    return out


#: Words after which a news outlet's short name (الجزيرة، الراية، قنا) is the outlet: its kind
#: of medium, its staff, or the verbs that credit it.
MEDIA_CUES = normalized_set({"قناة", "قناه", "فضائية", "الفضائية", "شبكة", "تلفزيون", "إذاعة", "صحيفة", "جريدة", "مجلة",
                             "يومية", "وكالة", "موقع", "مراسل", "مراسلة", "مراسلو", "لمراسل", "لمراسلة", "مذيع", "مذيعة",
                             "بثته", "بثتها", "نشرته", "نشرتها", "أوردته", "أوردتها", "بحسب", "حسب", "وفق", "وفقا"})
#: "قال للجزيرة": a speech verb, then the outlet with the preposition ل.
SPEECH_VERBS = normalized_set({"قال", "وقال", "قالت", "وقالت", "أكد", "وأكد", "أكدت", "وأكدت", "صرح", "وصرح", "صرحت",
                               "أضاف", "وأضاف", "أوضح", "وأوضح", "ذكر", "وذكر", "كشف", "وكشف", "أعلن", "وأعلن", "تحدث",
                               "وتحدث", "أفاد", "وأفاد", "نقل", "ونقل"})
#: "مجلس الأمن التابع للأمم المتحدة": the body's own name, then whose it is.
ATTACHED = normalized_set({"التابع", "التابعة", "التابعين", "التابعتين"})
_DASHES = {"-", "–", "—", "ـ", "(", ")", ":", "/"}
_QUOTE_MARKS = {"«", "»", '"', "“", "”"}


def _in_quotes(text: str, tokens: list[Token], i: int, ntok: int) -> bool:
    """Tokens i..i+ntok stand alone between quotation marks (the marks may be tokens or, where the
    caller's tokens leave them out, the text between tokens)."""
    a, b = tokens[i].start, tokens[i + ntok - 1].end
    before = text[tokens[i - 1].start if i else 0:a]
    after = text[b:tokens[i + ntok].end if i + ntok < len(tokens) else len(text)]
    return any(q in before for q in _QUOTE_MARKS) and any(q in after for q in _QUOTE_MARKS)


def _cued_short_forms(kb: KnowledgeBase, hits: list[FormHit], tokens: list[Token], i: int, ntok: int,
                      plen: int, text: str) -> list[FormHit]:
    """A short form counts in full where its phrase says what it names: a body's own name followed
    by التابع ل... (whose body it is), a news outlet's name after a word for its medium or its staff
    (قناة الجزيرة، مراسل الجزيرة), as ل + outlet after a speech verb (قال للجزيرة), as a credit
    between dashes or brackets (عمان - الراية :), or alone in quotation marks (لـ « الشرق الأوسط »)."""
    nxt = tokens[i + ntok] if i + ntok < len(tokens) else None
    attached = nxt is not None and nxt.norm in ATTACHED
    prev = tokens[i - 1] if i else None
    prefix = tokens[i].norm[:plen]
    media = prev is not None and prev.norm in MEDIA_CUES and not prefix.strip("وف")
    media = media or (prev is not None and "ل" in prefix and prev.norm in SPEECH_VERBS)
    if not media and ntok == 1 and prev is not None and nxt is not None and not prefix:
        media = prev.text in _DASHES and nxt.text in _DASHES
    if not media and not prefix:
        media = _in_quotes(text, tokens, i, ntok)  # قال لـ « الشرق الأوسط »
    if not (attached or media):
        return hits
    cued, rest = [], []
    for h in hits:
        e = kb.entries[h.entry]
        if h.kind == "short" and e.type == "ORG" and (attached or e.sector == "MED"):
            cued.append(FormHit(h.entry, "full", h.form, h.prio))
        else:
            rest.append(h)
    return cued + rest


CAPITAL_CUES = normalized_set({"العاصمة", "والعاصمة", "بالعاصمة", "العاصمتين"})


def _accusative_nationality(kb: KnowledgeBase, norm: str):
    """'مصورا فرنسيا'، 'جنديا أمريكيا': a nationality adjective with the accusative ending ـًا
    (تنوين الفتح, written ا) is the listed masculine form plus ا."""
    for plen, first in clitic_variants(norm):
        if len(first) > 4 and first.endswith("يا"):
            hits = [h for h in kb.forms.get((first[:-1],), ()) if kb.entries[h.entry].kind == "nationality"
                    and h.kind == "full"]
            if hits:
                return 1, plen, (first[:-1],), hits
    return None


# A single word that only GeoNames knows counts as a place after a locative cue or
# when the place is large: GeoNames' Arabic names include many ordinary words.


LOCATIVE_CUES = normalized_set({"في", "ب", "من", "الى", "قرب", "مدينه", "بلده", "قريه", "محافظه", "منطقه", "بلدة", "شمال",
                 "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "حي", "ناحيه", "قضاء", "مخيم"})
MIN_BARE_POPULATION = 20_000
#: A name of three letters that GeoNames alone knows counts after a proclitic (وحلب، بتعز، وعدن)
#: only for a city this large: short words with a clitic are too often something else.
MIN_SHORT_CLITIC_POPULATION = 300_000


def find_mentions_in_context(kb: KnowledgeBase, texts: list[tuple[str, list[Token] | None]]) -> list[list[Mention]]:
    """find_mentions over the texts of one article (body and captions) in two passes: the first
    finds the countries the article names (by name, nationality or a reviewed place), the second lets place
    names that are also common words count when they lie in one of those countries."""
    first = [find_mentions(kb, text, tokens) for text, tokens in texts]
    countries = article_countries(kb, [m for ms in first for m in ms])
    if not countries:
        return first
    return [find_mentions(kb, text, tokens, countries) for text, tokens in texts]


#: Entries whose country an article is about when it names them outright: countries and
#: nationalities, and the reviewed places (capitals, provinces, regions, curated sites: الضفة
#: الغربية puts an article in Palestine); GeoNames names are too often common words for this.
CONTEXT_KINDS = frozenset({"country", "nationality", "capital", "admin1", "region", "curated_place"})


def article_countries(kb: KnowledgeBase, mentions: list[Mention]) -> frozenset[str]:
    """Countries an article names outright, by name or nationality adjective or a reviewed place."""
    # a name that is also another place (عمان: Oman, or Amman) does not set the context itself
    out = set()
    for m in mentions:
        top = kb.entries[m.hits[0].entry]
        if m.hits[0].kind != "full" or top.kind not in CONTEXT_KINDS or not top.country:
            continue
        if any(kb.entries[h.entry].country not in ("", top.country) for h in m.hits[1:]):
            continue
        out.add(top.country)
    return frozenset(out)


def _filter_weak(kb: KnowledgeBase, word: str, hits: list[FormHit], prefix: str, previous: str = "",
                 whole: str = "", context_countries: frozenset[str] = frozenset()) -> list[FormHit]:
    """Drop readings of a single word that are too weak to stand: GeoNames-only names that
    are common words, very short, or small places without a locative cue (في، قرب، ب...)."""
    out = []
    for h in hits:
        e = kb.entries[h.entry]
        if h.kind == "weak":
            in_context = e.country in context_countries
            common = word in kb.blocklist or "ال" + word in kb.blocklist or whole in kb.blocklist
            if common and not in_context:
                continue  # "في بيان" is "in a statement" unless the article is about Kuwait
            if not in_context and previous not in LOCATIVE_CUES and "ب" not in prefix:
                continue
        if e.kind == "geonames":
            blocked = word in kb.blocklist or "ال" + word in kb.blocklist or whole in kb.blocklist
            if blocked or len(word) < 3:
                continue
            if prefix and len(word) < 4 and (e.population < MIN_SHORT_CLITIC_POPULATION or "ال" in prefix):
                continue  # "وحلب"، "بحمص" are the cities; "ومنى" is not Mina
            if "ك" in prefix and previous not in LOCATIVE_CUES:
                continue  # "كبيرا" is ك + بيرا (Beira) only on paper: "like Beira" is rare
            if e.population < MIN_BARE_POPULATION and previous not in LOCATIVE_CUES and "ب" not in prefix \
                    and e.country not in context_countries:
                continue
        if h.kind == "short" and len(word) < 3:
            continue
        if prefix.endswith("ال") and word.endswith("يه") and e.type in ("GPE", "LOC", "FAC"):
            continue  # "الدول الأفريقية": ال + an old ـية spelling of a place (أفريقية، سورية) is an adjective
        out.append(h)
    return out
