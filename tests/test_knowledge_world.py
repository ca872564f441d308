"""World organisations (clubs, companies, media, universities, international bodies), world people and
foreign given names: the new data files load, resolve, and keep the ambiguity rules."""
from __future__ import annotations

import collections

import pytest

from marsad.knowledge.base import form_key, load
from marsad.knowledge.matcher import find_mentions
from marsad.knowledge.tsv import DATA_DIR, read_rows, split_forms

WORLD_ORG_FILES = ["world_sport.tsv", "world_companies.tsv", "world_media.tsv", "world_universities.tsv",
                   "world_bodies.tsv"]


@pytest.fixture(scope="module")
def kb():
    return load()


def _best(kb, text):
    ms = [m for m in find_mentions(kb, text) if m.text == text or m.start == 0]
    return ms[0].best(kb) if ms else None


@pytest.mark.parametrize("text, entry_id", [
    ("مانشستر يونايتد", "GBR_MAN_UTD"), ("ريال مدريد", "ESP_REAL_MADRID"), ("الزمالك", "EGY_ZAMALEK"),
    ("الرجاء البيضاوي", "MAR_RAJA"), ("مايكروسوفت", "USA_MICROSOFT"), ("فولكس فاغن", "DEU_VOLKSWAGEN"),
    ("طيران الإمارات", "ARE_EMIRATES"), ("جامعة هارفارد", "USA_HARVARD"), ("الويبو", "INT_WIPO"),
    ("البنك الأهلي المصري", "EGY_NBE"), ("وكالة كيودو", "JPN_KYODO"),
])
def test_world_organisations_resolve(kb, text, entry_id):
    e = _best(kb, text)
    assert e is not None and e.id == entry_id and e.type == "ORG", (text, e and e.id)


@pytest.mark.parametrize("text", ["السلم الأهلي", "مدينة برشلونة", "غابات الأمازون", "في شهر نيسان"])
def test_common_words_and_cities_are_not_full_forms_of_clubs_or_companies(kb, text):
    """Bare الأهلي (civil), برشلونة (the city), أمازون (the river), نيسان (April) are short forms only."""
    for m in find_mentions(kb, text):
        full = [h for h in m.hits if h.kind in ("full", "alias")]
        ids = {kb.entries[h.entry].id for h in full}
        assert not ids & {"EGY_AL_AHLY", "SAU_AL_AHLI", "ESP_BARCELONA", "USA_AMAZON", "JPN_NISSAN"}, (text, ids)


def test_world_org_files_are_well_formed():
    ids = set()
    for name in WORLD_ORG_FILES:
        rows = read_rows(DATA_DIR / "organizations" / name)
        assert len(rows) >= 50, name
        for r in rows:
            assert r["id"] not in ids
            ids.add(r["id"])
            assert split_forms(r["forms_ar"]), r["id"]
            assert r["sector"] in {"BUS", "MED", "EDU", "IGO", "NGO", "CVL", "JUD", "GOV"}, r["id"]


def test_world_people_file_is_consistent_with_people_tsv():
    """No id and no full form of a people/world_*.tsv file is in people.tsv or another world file; a shared
    short form is marked (* or +) everywhere."""
    folder = DATA_DIR / "people"
    base_rows = read_rows(folder / "people.tsv")
    world_rows = [r for path in sorted(folder.glob("world_*.tsv")) for r in read_rows(path)]
    assert len(read_rows(folder / "world_people.tsv")) >= 200
    base_ids = {r["id"] for r in base_rows}
    world_ids = collections.Counter(r["id"] for r in world_rows)
    assert not [i for i, n in world_ids.items() if n > 1]
    full = collections.Counter(form_key(f) for r in base_rows + world_rows for f in split_forms(r["forms_ar"]))
    shorts = collections.defaultdict(list)
    for r in base_rows + world_rows:
        for s in split_forms(r["short_forms_ar"]):
            shorts[form_key(s.lstrip("*+"))].append(s[:1] in "*+")
    for r in world_rows:
        assert r["id"] not in base_ids, r["id"]
        assert r["gender"] in ("m", "f"), r["id"]
        for f in split_forms(r["forms_ar"]):
            assert full[form_key(f)] == 1, (r["id"], f)
        for s in split_forms(r["short_forms_ar"]):
            marks = shorts[form_key(s.lstrip("*+"))]
            assert len(marks) == 1 or all(marks), (r["id"], s)


def test_world_people_resolve(kb):
    """people/world_*.tsv files are read with people.tsv."""
    assert kb.get("P_ALBERT_EINSTEIN") is not None
    assert _best(kb, "أينشتاين").id == "P_ALBERT_EINSTEIN"
    assert _best(kb, "جمال عبد الناصر").id == "P_GAMAL_ABDEL_NASSER"


def test_foreign_given_names_are_listed():
    rows = read_rows(DATA_DIR / "names" / "given_names.tsv")
    forms = {r["form_ar"] for r in rows}
    for name in ("ليوناردو", "زلاتان", "نوفاك", "سيغموند", "~رود", "~يوان"):
        assert name in forms, name


def test_unmarked_short_forms_of_people_are_no_ordinary_words():
    """A short form that resolves anywhere (no * or +) must not be a word Marsad's lexicons know, a
    speech verb or a function word: واكد would otherwise read every وأكد 'and he stressed' as a person."""
    from marsad.extractors.entities.common import function_words
    from marsad.extractors.entities.names import ordinary_word
    from marsad.extractors.speech import speech_verbs
    from marsad.text.tokens import tokenize

    verbs = speech_verbs()
    bad = []
    for path in sorted((DATA_DIR / "people").glob("*people*.tsv")) + sorted((DATA_DIR / "people").glob("world_*.tsv")):
        for r in read_rows(path):
            for s in split_forms(r.get("short_forms_ar", "")):
                words = [t for t in tokenize(s) if t.is_word]
                if s[:1] in "*+" or len(words) != 1:
                    continue
                w = words[0]
                if ordinary_word(w) or (w.norm,) in function_words() or verbs.find([w], clitics=True):
                    bad.append((r["id"], s))
    assert not bad
