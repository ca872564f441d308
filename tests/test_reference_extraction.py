"""Issue 4's acceptance on the reference article: entities, dates, quotes, events."""
from __future__ import annotations

import pytest

import marsad


@pytest.fixture(scope="module")
def doc():
    from conftest import REFERENCE, need_shared

    return marsad.extract(need_shared(REFERENCE).read_text(encoding="utf-8"), published="2020-04-20")


def _ents(doc, **where):
    return [e for e in doc.entities if all(e.get(k) == v for k, v in where.items())]


def _texts(doc, etype):
    return {e["text"] for e in doc.entities if e["type"] == etype}


def test_people(doc):
    people = _texts(doc, "PERSON")
    for name in ("فيليب سميث", "قاسم سليماني", "مصطفى الكاظمي", "أحمد الربيعي"):
        assert name in people, (name, people)
    [smith] = [e for e in doc.entities if e["text"] == "فيليب سميث"]
    assert smith["affiliation"]["text"].endswith("معهد واشنطن لسياسات الشرق الأدنى")
    kadhimi = [e for e in doc.entities if e["text"] == "الكاظمي"]
    assert kadhimi and all(e["id"] == _ents(doc, text="مصطفى الكاظمي")[0]["id"] for e in kadhimi)
    [photographer] = [e for e in doc.entities if e["text"] == "أحمد الربيعي"]
    assert photographer["field"] == "captions[0]"


def test_organizations(doc):
    orgs = {(e["text"], e["id"]) for e in doc.entities if e["type"] == "ORG"}
    texts = {t for t, _ in orgs}
    for name in ("كتائب حزب الله", "البنتاغون", "التحالف الدولي", "داعش", "معهد واشنطن لسياسات الشرق الأدنى"):
        assert any(name in t for t in texts), (name, texts)
    assert any(t.startswith("تنظيم") and "الدولة الإسلامية" in t or t == "الدولة الإسلامية" for t in texts) or \
        any("الدولة الإسلامية" in t for t in texts)
    pentagon = _ents(doc, text="البنتاغون")[0]
    assert pentagon["id"] and pentagon["country"] == "USA"
    isis = {e["id"] for e in doc.entities if e["text"] in ("داعش",) or "الدولة الإسلامية" in e["text"]}
    assert len(isis) == 1 and None not in isis


def test_places_with_coordinates(doc):
    places = {e["text"]: e for e in doc.entities if e["type"] in ("GPE", "LOC", "FAC")}
    for name in ("كركوك", "بغداد", "عين الأسد", "K1", "غرب العراق"):
        hit = [p for t, p in places.items() if name in t]
        assert hit, (name, sorted(places))
        assert hit[0]["lat"] is not None and hit[0]["lon"] is not None, hit[0]
    kirkuk = next(p for t, p in places.items() if t == "كركوك")
    assert 35.0 < kirkuk["lat"] < 36.0 and 43.8 < kirkuk["lon"] < 44.9


def test_dates(doc):
    by_text = {}
    for d in doc.dates:
        by_text.setdefault(d["text"], d)
    march = next(d for t, d in by_text.items() if t.startswith("27 آذار"))
    assert (march["value"], march["precision"]) == ("2020-03-27", "day")
    jan = next(d for t, d in by_text.items() if t.startswith("كانون الثاني"))
    assert (jan["value"], jan["precision"]) == ("2020-01", "month")
    last_month = by_text["الشهر الماضي"]
    assert (last_month["value"], last_month["precision"]) == ("2020-03", "month")


def _quotes_by(doc, pred):
    return [q for q in doc.quotes if q["speaker"] and pred(q["speaker"])]


def test_quotes_and_speakers(doc):
    smith = _quotes_by(doc, lambda s: "سميث" in s["text"] or (s.get("inherited") and "سميث" in s["text"]))
    assert len(smith) >= 3 and any(q["speaker"].get("inherited") for q in smith)
    official = _quotes_by(doc, lambda s: s.get("anonymous") and s.get("country") == "IRQ")
    assert official and "واشنطن أبلغتنا" in official[0]["text"]
    diplomats = _quotes_by(doc, lambda s: "دبلوماسيين" in s["text"])
    assert diplomats
    militia = _quotes_by(doc, lambda s: s.get("name_en") and "Kata" in (s.get("name_en") or ""))
    assert any("لن يحدث موت" in q["text"] for q in militia)
    coalition_officials = _quotes_by(doc, lambda s: "مسؤولين اثنين" in s["text"])
    assert sum(q["direct"] for q in coalition_officials) == 2  # two quoted phrases inside reported speech
    assert all(q["speaker"]["anonymous"] and q["speaker"]["affiliation"]["id"] for q in coalition_officials)
    western = _quotes_by(doc, lambda s: "دبلوماسي غربي" in s["text"])
    assert western and western[0]["speaker"]["anonymous"]


def _events(doc, etype, **where):
    out = []
    for e in doc.events:
        if e["type"] != etype:
            continue
        if all(v(e) if callable(v) else e.get(k) == v for k, v in where.items()):
            out.append(e)
    return out


def _countries(side):
    return {a.get("country") for a in side}


def test_rocket_campaign_assault_on_us_forces(doc):
    hits = _events(doc, "ASSAULT", modality="asserted",
                   r=lambda e: "USA" in _countries(e["recipient"]) or any("التحالف" in a["text"] for a in e["recipient"]))
    assert any((e["size"].get("quantity") or 0) >= 20 for e in hits), hits


def test_soleimani_killing_and_iran_response(doc):
    us = _events(doc, "ASSAULT", modality="asserted", r=lambda e: any("سليماني" in a["text"] for a in e["recipient"]))
    assert us and "USA" in _countries(us[0]["actor"])
    assert us[0]["location"]["text"] == "بغداد" and us[0]["date"]["value"] == "2020-01"
    iran = _events(doc, "ASSAULT", modality="asserted", r=lambda e: "IRN" in _countries(e["actor"]))
    assert iran and "USA" in _countries(iran[0]["recipient"])
    assert "غرب العراق" in iran[0]["location"]["text"] and iran[0]["date"]["value"] == "2020-01"


def test_threat_of_122_targets_is_never_asserted(doc):
    threats = _events(doc, "THREATEN", r=lambda e: "122" in doc.text[e["sentence"]["start"]:e["sentence"]["end"]])
    assert threats and all(t["modality"] in ("conditional", "threatened") for t in threats)
    assert "USA" in _countries(threats[0]["actor"])
    in_sentence = [e for e in doc.events if "122" in doc.text[e["sentence"]["start"]:e["sentence"]["end"]]]
    assert not [e for e in in_sentence if e["type"] == "ASSAULT" and e["modality"] == "asserted"]


def test_mobilize_retreat_sanction(doc):
    mob = _events(doc, "MOBILIZE", r=lambda e: "USA" in _countries(e["actor"]))
    assert mob and mob[0]["location"] and mob[0]["location"]["country"] == "IRQ"
    ret = _events(doc, "RETREAT", r=lambda e: any("التحالف" in a["text"] for a in e["actor"]) or "USA" in _countries(e["actor"]))
    assert ret
    sanc = _events(doc, "SANCTION")
    assert sanc and sanc[0]["modality"] == "conditional" and "USA" in _countries(sanc[0]["actor"])
    assert "IRQ" in _countries(sanc[0]["recipient"])


def test_factions_threaten_ambassadors(doc):
    thr = _events(doc, "THREATEN", modality="asserted", r=lambda e: {"USA", "GBR"} <= _countries(e["recipient"]))
    assert thr and thr[0]["actor"]


def test_no_asserted_assault_from_we_have_not_seen_attacks(doc):
    sent = [e for e in doc.events if "لم نشهد" in doc.text[e["sentence"]["start"]:e["sentence"]["end"]]
            and e["trigger"]["start"] > doc.text.index("لم نشهد") and e["trigger"]["start"] < doc.text.index("لم نشهد") + 25]
    assert sent and all(e["modality"] != "asserted" for e in sent if e["type"] == "ASSAULT")


def test_all_items_carry_field_and_offsets(doc):
    for key in ("entities", "dates", "quotes", "quantities"):
        for item in getattr(doc, key):
            assert doc.field_text(item["field"])[item["start"]:item["end"]] == item["text"], (key, item)
    for e in doc.events:
        t = e["trigger"]
        assert doc.field_text(e["field"])[t["start"]:t["end"]] == t["text"]
