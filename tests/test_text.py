"""The Arabic text layer: normalization with offsets, tokens and clitics, sentences."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

import marsad
from marsad.text.normalize import normalize, normalize_with_map
from marsad.text.sentences import split_sentences
from marsad.text.tokens import clitic_variants, tokenize


def test_normalize_folds_what_the_issue_lists():
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("ایران کرکوک") == "ايران كركوك"
    assert normalize("٢٠٢٠ ۱۲۳") == "2020 123"
    assert normalize("الْعِرَاقُ") == "العراق"
    assert normalize("الـــعراق") == "العراق"
    assert normalize("بغ\u200fداد\u200b") == "بغداد"
    assert normalize("مسؤول") == normalize("مسئول")
    assert normalize("K1") == "k1"


def test_presentation_forms_fold_without_recursion():
    assert normalize("\ufefb") == "لا"  # lam-alef ligature
    assert normalize("\ufbb2") == "\ufbb2"  # a mark NFKC leaves unchanged


def test_normalized_offsets_map_back():
    text = "قال الْمُتَحَدِّث: ٢٠ صاروخاً"
    nt = normalize_with_map(text)
    i = nt.norm.index("المتحدث")
    start, end = nt.to_original(i, i + len("المتحدث"))
    assert text[start:end] == "الْمُتَحَدِّث"
    i = nt.norm.index("20")
    assert text[slice(*nt.to_original(i, i + 2))] == "٢٠"


def test_tokens_carry_offsets_and_clitics_split():
    text = "وبالعراق، لكتائب حزب الله وللعراق"
    toks = [t for t in tokenize(text) if t.is_word]
    for t in toks:
        assert text[t.start:t.end] == t.text
    assert dict((w, p) for p, w in clitic_variants("وبالعراق"))["العراق"] == 2
    assert "كتائب" in [w for _, w in clitic_variants("لكتائب")]
    assert "العراق" in [w for _, w in clitic_variants("وللعراق")]
    assert clitic_variants("بغداد")[0] == (0, "بغداد")  # the whole word is always tried first
    assert [w for _, w in clitic_variants("من")] == ["من"]  # too short to strip


def test_sentences_respect_quotes_and_arabic_question_mark():
    text = "قال «هذا أمر. وذاك آخر» ثم مضى. هل انتهى؟ نعم 3.5 مليون.\n\nفقرة ثانية بلا نقطة"
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert got == ["قال «هذا أمر. وذاك آخر» ثم مضى.", "هل انتهى؟", "نعم 3.5 مليون.", "فقرة ثانية بلا نقطة"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_raises_offsets_slice_and_is_deterministic(text):
    a = marsad.extract(text, published="2021-01-01")
    b = marsad.extract(text, published="2021-01-01")
    assert a.to_dict() == b.to_dict()
    d = a.to_dict()
    for s in d["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(d["text"])
        assert d["text"][s["start"]:s["end"]].strip()
    for key in ("entities", "dates", "quotes", "quantities"):
        for item in d[key]:
            field = a.field_text(item.get("field", "text"))
            assert field[item["start"]:item["end"]] == item["text"]
    for event in d["events"]:
        trig = event["trigger"]
        assert a.field_text(event["field"])[trig["start"]:trig["end"]] == trig["text"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآىة،؛؟.«»\"\n ٠١٢ًٌٍَُِّْـ")), max_size=300))
def test_arabic_like_text_offsets(text):
    doc = marsad.extract(text)
    for s in doc.sentences:
        assert doc.text[s["start"]:s["end"]].strip()
    nt = normalize_with_map(doc.text)
    assert len(nt.index) == len(nt.norm) + 1
