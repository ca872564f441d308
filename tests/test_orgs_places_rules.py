"""Organisation and place rules of the matcher and data: cued short forms, big cities
shaped like common words, blocklisted common words."""
from marsad.knowledge.base import load
from marsad.knowledge.matcher import find_mentions


def _found(text):
    kb = load()
    return {(m.text, kb.entries[m.hits[0].entry].id, m.hits[0].kind) for m in find_mentions(kb, text)}


def test_body_name_before_tabi_is_full_and_parent_is_separate():
    found = _found("اجتمع مجلس الأمن التابع للأمم المتحدة أمس")
    assert ("مجلس الأمن", "INT_UNSC", "full") in found
    assert any(eid == "INT_UN" for _, eid, _ in found)
    found = _found("صادقت الجمعية العامة التابعة للأمم المتحدة على القرار")
    assert ("الجمعية العامة", "INT_UNGA", "full") in found


def test_outlet_short_name_after_media_cue():
    assert ("الجزيرة", "QAT_ALJAZEERA", "full") in _found("قال مراسل الجزيرة إن القصف استمر")
    assert any(eid == "QAT_ALJAZEERA" and kind == "full" for _, eid, kind in _found("وقال للجزيرة إن"))
    assert not any(eid == "QAT_ALJAZEERA" and kind == "full" for _, eid, kind in _found("في شبه الجزيرة العربية"))


def test_big_cities_shaped_like_common_words_are_reviewed_places():
    kb = load()
    for text, eid in [("وكانت مكة مركزا", "SAU_CITY_MAKKAH"), ("وقعت الإسكندرية", "EGY_CITY_ALEXANDRIA"),
                      ("البصرة", "IRQ_CITY_BASRA")]:
        ms = find_mentions(kb, text)
        assert any(kb.entries[m.hits[0].entry].id == eid for m in ms), text


def test_common_words_are_not_places():
    kb = load()
    for text in ["لاقى استحسانا كبيرا", "خلال فترة وجيزة", "دمر المبنى بالكامل", "حصل على بطاقة صفراء",
                 "قدم ورقة عمل"]:
        ms = find_mentions(kb, text)
        assert not any(kb.entries[h.entry].type in ("GPE", "LOC", "FAC") for m in ms for h in m.hits[:1]), text
