"""Reading a person's name word by word: given names, particles, ordinals, and the shapes of words that end a name.

Language data lives in knowledge/data/names/ and lexicon/; this module holds the tests on words."""
from __future__ import annotations

from functools import lru_cache

from ...knowledge.base import KnowledgeBase
from ...knowledge.lexicon import PhraseMatch, table, word_set
from ...text.tokens import Token, original_prefix_length
from ..views import FieldView

from .common import PLACE_TYPES, function_words, is_name_token, nationality, starts_with_role


def conjunction_len(w: Token) -> int:
    """Length of a leading conjunction و/ف glued to a given name (وكوفي), 0 when the word is the name."""
    names = table("names/given_names.tsv")
    if (w.norm,) in names.forms:
        return 0
    return original_prefix_length(w, 1) if w.norm[:1] in "وف" else 0


def name_after(view: FieldView, idx: int, max_tokens: int = 3) -> tuple[int, int] | None:
    """Token range [idx, j) of a plausible name starting at word index idx."""
    j = idx
    words = view.words
    while j < len(words) and j - idx < max_tokens and is_name_token(words[j]):
        if j > idx and words[j].start - words[j - 1].end > 1:
            break
        j += 1
    return (idx, j) if j > idx else None


DESCRIPTORS = {"السابق", "الاسبق", "الجديد", "الحالي", "المقبل", "الراحل", "الشهير", "المعروف", "الشاب",
                "الكبير", "الاول", "الثاني", "العام", "المساعد", "الدولي", "المخضرم", "الشهيره", "الراحله", "السابقه",
                "المفدي", "الجليل", "الاكبر", "الراحلين", "المغفور"}


def skip_descriptors(kb: KnowledgeBase, words: list[Token], k: int, limit: int = 2) -> int:
    """Past the adjectives that may stand between a title and the name: a nationality or another
    definite nisba (الرئيس الفرنسي X، الخبير الاقتصادي X، السناتور الجمهوري X) or a word like
    السابق / الراحل (الرئيس الأمريكي السابق X)."""
    j = k
    while j < len(words) and j - k < limit and words[j].start - words[j - 1].end <= 1:
        w = words[j].norm
        if not w.startswith("ال") or len(w) < 5:
            break
        if not (w in DESCRIPTORS or nationality(kb, w) or w.endswith(("ي", "يه")) and not starts_with_role(kb, [words[j]])):
            break
        j += 1
    return j


AFTER_SPEAKER = {"ان", "انه", "انها", "بان", "بانه", "الي", "الى", ":", "،", ",", "خلال", "امس", "اليوم", "في",
                  "«", '"', "“", "عن", "علي", "على", "من", "الذي", "التي"}


AMBIGUOUS_TITLES = {"الفريق", "للفريق", "والفريق"}  # Lieutenant General, and 'the team'


PAUSE_WORDS = {"ان", "انه", "انها", "«", "»", '"', "الذي", "التي", "في", "من", "على", "علي", "الى", "الي", "عن", "مع",
                "خلال", "قد", "لم", "لن", "كان", "كانت", "قال", "قالت", "و"}


def surname_shape(w: Token) -> bool:
    """An unknown word with a typical transliterated-surname ending (names/surname_endings.tsv):
    ـوف، ـسكي، ـفيتش، ـيني ... Only a supporting cue: ordinary words end so too."""
    endings = _surname_endings()
    n = w.norm
    return len(n) >= 5 and any(n.endswith(e) and len(n) - len(e) >= 2 for e in endings)


@lru_cache(maxsize=None)
def _surname_endings() -> tuple[str, ...]:
    return tuple(sorted({f[0] for f in word_set("names/surname_endings.tsv", "ending_ar")}, key=len, reverse=True))


def nisba_surname(kb: KnowledgeBase, w: Token) -> bool:
    """A definite word in ـي that reads as a family name (البدري، الزبيدي): not a nationality,
    not a role, not a describing word."""
    n = w.norm
    return n.startswith("ال") and n.endswith("ي") and len(n) >= 5 and not nationality(kb, n) \
        and n not in DESCRIPTORS and not starts_with_role(kb, [w]) and (n,) not in function_words() \
        and (n,) not in word_set("names/not_name_after_given.tsv")


def given_name_at(words: list[Token], i: int):
    """The given-name match starting at word i, else None. Its token indices are relative to i."""
    names = table("names/given_names.tsv")
    for m in names.find(words[i:i + 4], clitics=True):
        if m.start_token == 0:
            return m
        break
    return None


def marked_given_at(words: list[Token], i: int) -> PhraseMatch | None:
    """A one-word '~' given name at word i (سعيد، أمين) as a match in absolute indices, else None."""
    from ...text.tokens import clitic_variants

    names = table("names/given_names.tsv")
    for plen, w in clitic_variants(words[i].norm):
        if ("~", w) in names.forms:
            return PhraseMatch(i, i + 1, plen, False, names.forms[("~", w)])
    return None


def marked_given_name(tok: Token) -> bool:
    """A '~' given name (أمل، صالح): a name only with a cue before it."""
    from ...text.tokens import clitic_variants

    names = table("names/given_names.tsv")
    return any(("~", w) in names.forms for _, w in clitic_variants(tok.norm))


_ROLE_NOTES = ("secretary", "assistant", "star", "king", "owner", "deputy", "envoy", "leader", "chief", "prince")


def _role_marked_name(tok: Token) -> bool:
    """A '~' given name whose common meaning (the note in given_names.tsv) is a role noun: أمين
    'secretary', مساعد 'assistant', نجم 'star', ملك 'king'. Before a noun it heads an apposition."""
    names = table("names/given_names.tsv")
    rows = names.forms.get(("~", tok.norm)) or ()
    return any(k in (r.get("note") or "").lower() for r in rows for k in _ROLE_NOTES)


def plain_given(words: list[Token], j: int) -> bool:
    """A given name at word j that is not marked '~' (not also a common word)."""
    names = table("names/given_names.tsv")
    return any(m.start_token == 0 for m in names.find(words[j:j + 1], clitics=False))


def is_given(words: list[Token], j: int) -> bool:
    names = table("names/given_names.tsv")
    return any(m.start_token == 0 for m in names.find(words[j:j + 1], clitics=False)) or marked_given_name(words[j])


def ordinal_at(words: list[Token], j: int) -> int | None:
    """End (exclusive) of a regnal ordinal (الثاني، السادس عشر) starting at word j, else None."""
    ordinals = table("names/regnal_ordinals.tsv")
    for m in ordinals.find(words[j:j + 3], clitics=False):
        return j + m.end_token if m.start_token == 0 else None
    return None


def ends_name(kb: KnowledgeBase, w: Token) -> bool:
    """A word that cannot go on a name: not name-like, a stop word, a role noun, or a word that
    starts a new phrase with a conjunction or preposition + article (وقال، بالعراق)."""
    stops = word_set("names/not_name_after_given.tsv")
    if not is_name_token(w) or (w.norm,) in stops or starts_with_role(kb, [w]):
        return True
    if ordinary_word(w) and not is_given([w], 0):
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
    if (rest,) in function_words() or (rest,) in word_set("names/not_name_after_given.tsv") or rest.startswith("ال"):
        return False
    return not (rest[:1] in "يتنا" and len(rest) <= 5)


def _name_with_waw_fa(kb: KnowledgeBase, w: Token) -> bool:
    """A word starting with و or ف that is itself a name, not a conjunction + word: a given name
    (فتحي، فاضل، وليد، وجدي) or a known person's form (فرحات)."""
    names = table("names/given_names.tsv")
    if (w.norm,) in names.forms or ("~", w.norm) in names.forms:
        return not ((w.norm[1:],) in names.forms and w.norm[0] == "و")  # "ومحمد" is و + محمد
    return any(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((w.norm,), ()))


def common_word_shape(kb: KnowledgeBase, w: Token) -> bool:
    """A word after a name part whose shape is an ordinary word's, not a name's: an imperfect verb
    (يكتب، تشعر), a form VII/VIII perfect verb (اعتزل، انتخب), a noun with a possessive pronoun
    (حديثه، زوجته، حولها), a definite plural (الإجراءات), a preposition + feminine or plural noun
    (بمشاركة، لتدريبات، باتصالين) or an accusative with tanween (حالياً). Known names are never one."""
    if any(kb.entries[h.entry].type == "PERSON" for h in kb.forms.get((w.norm,), ())) or surname_shape(w):
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
        words.update(f[0] for f in table(path, column).forms if len(f) == 1 and f[0] != "~")
    return frozenset(w for w in words if (w,) not in names and ("~", w) not in names)


def ordinary_word(w: Token) -> bool:
    """A word of Marsad's lexicons, bare or after clitics (اقتحام، بيان، الاستضافة، لشرح)."""
    from ...text.tokens import clitic_variants

    vocab = _vocabulary()
    return any(rest in vocab or rest.startswith("ال") and rest[2:] in vocab for _, rest in clitic_variants(w.norm))


def accusative_shape(w: Token) -> bool:
    """A word that may be an indefinite accusative written without its tanween (اجتماعا، مؤتمرا،
    طارئا، صحفيا). Foreign names end so too (سيلفا، باريرا), so the person rule takes it for an
    accusative only when a second one follows: a noun and its adjective (اجتماعا طارئا)."""
    text = "".join(ch for ch in w.text if not ("\u064b" <= ch <= "\u065f"))
    return text.endswith("ا") and len(w.norm) >= 4 and w.norm[-2] not in "اوى" and not w.norm.startswith("ال")


def extend_name(kb: KnowledgeBase, words: list[Token], j: int, lead_given: bool, taken_max: int = 2) -> int:
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
        o = ordinal_at(words, j)
        if o is not None:
            return o if taken == 0 else j  # "عبد الله الثاني"; "توماس برديتش | الثاني عشر" is a seeding
        w = words[j]
        if (w.norm,) in particles:
            if w.norm == "ام" and taken == 0:
                break  # "محمد أم أحمد": the conjunction 'or' between two names
            if j + 1 < n and words[j + 1].start - w.end <= 1 and (
                    (is_name_token(words[j + 1]) and not ends_name(kb, words[j + 1]))
                    or (w.norm in ("بن", "ابن", "بنت") and spelled_ali(words[j + 1]))):
                j += 2  # "الحسن بن علي": علي after a connector is the name, not the preposition
                linked = linked or w.norm in ("بن", "ابن", "بنت", "ولد")
                if _surname_prefix(w):
                    taken += 1  # "روبن فان بيرسي | كرة": van + word is the surname
                continue
            break  # a particle with no name after it is no part of the name (جان مارك | دو لا ...)
        if ends_name(kb, w) and not _ali_before_surname(kb, words, j):
            break
        given = is_given(words, j)
        if not given and (common_word_shape(kb, w) or ordinary_word(w)):
            break  # "حمدان | الإجراءات"، "زيدان | اعتزل"، "عبده | بغطاء"، "جمال | اقتحام"
        if not given and accusative_shape(w) and j + 1 < n and words[j + 1].start - w.end <= 1 \
                and accusative_shape(words[j + 1]) and not surname_shape(w):
            break  # "ترأس X | اجتماعا طارئا"، "عقدت X | مؤتمرا صحفيا": a verb's object and its adjective

        if taken == 1 and not (second_given or given) and not (linked and nisba_surname(kb, w)):
            break  # (but "محمد بن حمد سيف | الرمحي": after a بن chain a family nisba closes the name)
        if taken == 1 and not second_given and given and _role_marked_name(w) and not plain_given(words, j) \
                and j + 1 < n and words[j + 1].start - w.end <= 1 and is_name_token(words[j + 1]) \
                and not ((m := given_name_at(words, j)) and m.end_token > 1):
            break  # "ديفد فرانكلين | أمين المتحف"، "سمير عوض | مساعد وزير": a '~' word heading a phrase
        if taken == 0:
            second_given = given and not marked_given_name(w)  # "محمد فاضل | مصادفة": a '~' name does not open a third word
        j += 1
        taken += 1
    return j


def _surname_prefix(w: Token) -> bool:
    """A particle that opens a foreign surname (فان، دي، فون): it and its word are one name part."""
    return any(r.get("kind") == "surname-prefix" for r in table("names/name_particles.tsv").forms.get((w.norm,), ()))


def hyphen_part(kb: KnowledgeBase, words: list[Token], j: int) -> int:
    """End of a name of two words or more that goes on after a hyphen with one more part (كيم جونغ - إيل،
    ميشال أليو - ماري): the part is a given name or a short syllable (four letters at most), not
    definite, and the name ends after it (punctuation, a stop word, a verb or the end)."""
    n = len(words)
    if j + 1 >= n or words[j].norm != "-" or words[j].start - words[j - 1].end > 1 or words[j + 1].start - words[j].end > 1:
        return j
    w = words[j + 1]
    if not is_name_token(w) or ends_name(kb, w) or w.norm.startswith("ال") or w.norm[:1] in "وف":
        return j
    if not (len(w.norm) <= 4 or is_given(words, j + 1)):
        return j
    if j + 2 < n and words[j + 2].start - w.end <= 1 and is_name_token(words[j + 2]) and not ends_name(kb, words[j + 2]) \
            and not common_word_shape(kb, words[j + 2]):
        return j  # "X Y - Z W": a list or a clause after the dash, not one more part
    return j + 2


_KUNYA = {"ابو", "ابي", "ابا", "ام"}


def kunya_before(words: list[Token], i: int) -> int | None:
    """Start offset of a kunya particle (أبو، أبي، أبا، أم) right before the given name at word i,
    after any conjunction or preposition glued to it (وأبو، لأبي), else None."""
    if i == 0 or words[i].start - words[i - 1].end > 1:
        return None
    w = words[i - 1]
    for plen in (0, 1, 2):
        if w.norm[plen:] in _KUNYA and (plen == 0 or w.norm[:plen] in ("و", "ف", "ل", "ب", "ول", "وب", "فل")):
            if w.norm[plen:] == "ام" and plen == 0 and i >= 2 and is_given(words, i - 2):
                return None  # "محمد أم أحمد": 'or' between two names
            return w.start + original_prefix_length(w, plen)
    return None


def _ali_before_surname(kb: KnowledgeBase, words: list[Token], j: int) -> bool:
    """"محمد علي العظمي": علي spelled with ي inside a name, before a given name or a family nisba;
    "حصل محمد علي الجائزة" (على typed علي) has a common noun after it."""
    if not spelled_ali(words[j]) or j + 1 >= len(words) or words[j + 1].start - words[j].end > 1:
        return False
    nxt = words[j + 1]
    return is_given(words, j + 1) or nisba_surname(kb, nxt) or surname_shape(nxt)


def spelled_ali(tok: Token) -> bool:
    """The token علي spelled with final ي (the name), not على."""
    spelled = "".join(ch for ch in tok.text if not ("\u064b" <= ch <= "\u065f"))
    return spelled == "علي"


def ali_spelling(tok: Token, m) -> bool:
    """The given name علي, which many texts also write for the preposition على."""
    return m.end_token - m.start_token == 1 and tok.norm[m.clitic_len:] == "علي"


def spelled_as_name(tok: Token, m) -> bool:
    """A given name that normalizes to a function word (علي = على) counts only when the
    text spells it as the name: the preposition على is never Ali."""
    if (tok.norm,) not in function_words():
        return True
    from ...text.normalize import normalize

    spelled = "".join(ch for ch in tok.text if not ("\u064b" <= ch <= "\u065f"))
    return spelled.endswith("ي") and normalize(spelled) == tok.norm
