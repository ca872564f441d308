"""Actors, recipients and their countries in events: one test per attachment rule
(sentences written for these tests; see knowledge/data/events/README.md, "Actors and their
countries")."""
from __future__ import annotations

import pytest

import marsad


def _events(text: str, typ: str) -> list[dict]:
    doc = marsad.extract(text, published="2024-05-10")
    for e in doc.events:
        for part in e["actor"] + e["recipient"]:
            assert doc.text[part["start"]:part["end"]] == part["text"]
    return [e for e in doc.events if e["type"] == typ and e["modality"] == "asserted"]


def _one(text: str, typ: str) -> dict:
    found = _events(text, typ)
    assert found, f"no asserted {typ} in {text!r}"
    return found[0]


def _countries(parts: list[dict]) -> set:
    return {p.get("country") for p in parts}


def test_nationality_after_a_group_is_its_own_country():
    ev = _one("هاجم مسلحون صوماليون ثكنة عسكرية.", "ASSAULT")
    assert [(a["text"], a["type"], a["country"]) for a in ev["actor"]] == [("مسلحون صوماليون", "GROUP", "SOM")]
    assert "country_basis" not in ev["actor"][0]


def test_participant_trigger_is_its_own_actor():
    ev = _one("رفع متظاهرون فلسطينيون الأعلام في رام الله.", "PROTEST")
    assert [(a["text"], a["country"]) for a in ev["actor"]] == [("متظاهرون فلسطينيون", "PSE")]


def test_context_country_is_marked_and_lowers_confidence():
    ctx = _one("أغلق المحتجون الطريق الرئيسي في بيروت.", "PROTEST")
    own = _one("أغلق محتجون لبنانيون الطريق الرئيسي في بيروت.", "PROTEST")
    assert ctx["actor"][0]["text"] == "المحتجون"
    assert ctx["actor"][0]["country"] == "LBN" and ctx["actor"][0]["country_basis"] == "location"
    assert own["actor"][0]["country"] == "LBN" and "country_basis" not in own["actor"][0]
    assert ctx["confidence"] == pytest.approx(own["confidence"] - 0.05)


def test_single_country_named_in_the_sentence():
    ev = _one("قال مسؤول مصري إن مسلحين هاجموا حافلة.", "ASSAULT")
    assert ev["actor"][0]["country"] == "EGY" and ev["actor"][0]["country_basis"] == "sentence"


def test_the_other_party_country_is_not_given_to_a_group():
    ev = _one("قتلت القوات الأمريكية خمسة مسلحين.", "ASSAULT")
    assert _countries(ev["actor"]) == {"USA"}
    assert ev["recipient"] and ev["recipient"][0]["country"] is None


def test_genitive_of_assassination_is_the_victim():
    ev = _one("أثار اغتيال قاسم سليماني غضبا واسعا.", "ASSAULT")
    assert ev["actor"] == []
    assert _countries(ev["recipient"]) == {"IRN"}


def test_agent_marker_after_a_noun_names_the_doer():
    ev = _one("قتل أربعة جنود في هجوم شنه مسلحون في الموصل.", "ASSAULT")
    assert [a["text"] for a in ev["actor"]] == ["مسلحون"]
    assert [r["text"] for r in ev["recipient"]] == ["جنود"]


def test_agent_marker_after_a_passive():
    ev = _one("تعرض مسؤول محلي للخطف على أيدي مسلحين في بغداد.", "ASSAULT")
    assert [(a["text"], a["country"]) for a in ev["actor"]] == [("مسلحين", "IRQ")]


def test_protest_target_after_a_cue():
    ev = _one("تظاهر آلاف الطلاب في أنقرة احتجاجا على سياسات الحكومة التركية.", "PROTEST")
    assert [a["text"] for a in ev["actor"]] == ["الطلاب"]
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("الحكومة التركية", "TUR")]


def test_place_after_a_target_preposition_is_the_recipient():
    ev = _one("أطلق مسلحون صواريخ على عسقلان.", "ASSAULT")
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("عسقلان", "ISR")]
    assert ev["location"]["text"] == "عسقلان"


def test_passive_subject_after_a_complementizer():
    ev = _one("قال مسؤول أمريكي إن القوات الأمريكية تعرضت لهجوم في الرمادي.", "ASSAULT")
    assert ev["actor"] == []
    assert [r["text"] for r in ev["recipient"]] == ["القوات الأمريكية"]


def test_kana_subject_before_qad():
    ev = _one("وكانت حركة حماس، التي تسيطر على غزة، قد أطلقت صواريخ على إسرائيل.", "ASSAULT")
    assert _countries(ev["actor"]) == {"PSE"}
    assert _countries(ev["recipient"]) == {"ISR"}


def test_counted_people_before_kill_are_victims():
    ev = _one("قال مصدر أمني إن 12 شخصا قتلوا في انفجار سيارة مفخخة ببغداد.", "ASSAULT")
    assert ev["actor"] == []
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("شخصا", "IRQ")]


def test_killed_in_an_attack_is_passive():
    ev = _one("وكانت بي نظير بوتو قد قتلت في هجوم انتحاري.", "ASSAULT")
    assert ev["actor"] == []
    assert _countries(ev["recipient"]) == {"PAK"}


def test_second_naming_in_the_clause_gives_the_doer():
    ev = _one("قتل 150 مدنيا في الضربات الجوية الأمريكية.", "ASSAULT")
    assert _countries(ev["actor"]) == {"USA"}
    assert [r["text"] for r in ev["recipient"]] == ["مدنيا"]


def test_force_nouns_need_a_nationality():
    ev = _one("اغتالت قوة إسرائيلية خاصة ناشطا في جنين.", "ASSAULT")
    assert [(a["text"], a["country"]) for a in ev["actor"]] == [("قوة إسرائيلية", "ISR")]
    plain = _one("استهدفت طائرة مسيرة قاعدة عسكرية.", "ASSAULT")
    assert plain["actor"] == []  # طائرة alone is not a group


def test_victim_cue_names_the_recipient():
    ev = _one("تبنت حركة طالبان الهجوم الذي أودى بحياة سبعة جنود أمريكيين.", "ASSAULT")
    assert _countries(ev["actor"]) == {"AFG"}
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("جنود أمريكيين", "USA")]


def test_crowd_named_with_a_protest_is_its_actor():
    ev = _one("ألقى قادة التظاهرة كلمة أمام المتظاهرين في القاهرة.", "PROTEST")
    assert [(a["text"], a["country"]) for a in ev["actor"]] == [("المتظاهرين", "EGY")]
    assert ev["recipient"] == []


def test_glued_conjunction_stays_outside_a_group():
    ev = _one("اشتبكت الشرطة والمتظاهرون في الخرطوم.", "ASSAULT")
    assert [a["text"] for a in ev["actor"]] == ["الشرطة", "المتظاهرون"]
    protest = _one("اشتبكت الشرطة والمتظاهرون في الخرطوم.", "PROTEST")
    assert [a["text"] for a in protest["actor"]] == ["المتظاهرون"]


def test_nationality_after_an_attack_phrase_is_the_doer():
    ev = _one("قتل ثلاثة من عناصر الحرس مساء الثلاثاء في ضربات جوية أمريكية.", "ASSAULT")
    assert _countries(ev["actor"]) == {"USA"}
    assert "USA" not in _countries(ev["recipient"])


def test_counted_subject_before_kill_and_injury_is_the_victim():
    ev = _one("قال مصدر إن ثلاثة جنود أميركيين قتلوا وأصيب 11 آخرون بجروح بانفجار عبوة ناسفة في بغداد.", "ASSAULT")
    assert ev["actor"] == []
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("جنود أميركيين", "USA")]


def test_agent_and_object_before_the_cause_stay_active():
    ev = _one("قتلت القوات الأمريكية خمسة مسلحين في غارة.", "ASSAULT")
    assert _countries(ev["actor"]) == {"USA"}


def test_subject_of_announcing_verb_does_the_announced_act():
    found = [e for e in marsad.extract("أعلنت وزارة الكهرباء العراقية، اليوم الثلاثاء، توقيع اتفاق مع المملكة الأردنية.",
                                       published="2024-05-10").events if e["type"] == "AGREE"]
    assert found and _countries(found[0]["actor"]) == {"IRQ"}
    assert _countries(found[0]["recipient"]) == {"JOR"}


def test_noun_subject_of_a_future_verb_is_not_asserted():
    doc = marsad.extract("وقال دبلوماسي إن الهدنة جاءت بعد رسائل واضحة بأن الضربات ستتوسع.", published="2024-05-10")
    assert not [e for e in doc.events if e["type"] == "ASSAULT" and e["modality"] == "asserted"]


def test_date_in_a_quotation_does_not_date_the_event_outside_it():
    text = ("استهدف مسلحون مساء الاثنين قاعدة عسكرية في الأنبار.\n\n"
            "وقال مصدر إن الهجوم انطلق من موقعين، وهو ما يشير إلى \"تنسيق أعلى مما شهدناه الشهر الماضي\".")
    doc = marsad.extract(text, published="2024-05-08")
    later = [e for e in doc.events if e["type"] == "ASSAULT" and e["trigger"]["text"] == "هجوم"]
    assert later and later[0]["date"]["value"] == "2024-05-06"
    assert later[0]["date"]["basis"] == "anaphora"


def test_first_person_act_in_a_statement_is_the_speakers():
    """«نعلن تعليق العمليات» in a group's statement: the group suspends; a third party's act
    reported in the same quote is not the speaker's."""
    doc = marsad.extract('وجاء في بيان لكتائب حزب الله: "نعلن تعليق العمليات العسكرية ضد القوات الأمريكية".',
                         published="2025-02-17")
    retreat = [e for e in doc.events if e["type"] == "RETREAT"]
    assert retreat and [a.get("id") for a in retreat[0]["actor"]] == ["IRQ_KATAIB_HEZBOLLAH"]
    assert retreat[0]["actor"][0]["via"] == "quote speaker"
    other = marsad.extract('وجاء في بيان لكتائب حزب الله: "قصفت الطائرات الأمريكية مواقعنا".', published="2025-02-17")
    assert not [a for e in other.events for a in e["actor"] if a.get("id") == "IRQ_KATAIB_HEZBOLLAH"]


def test_announced_death_names_a_victim_not_the_announcer():
    ev = _one("أعلن الجيش الأمريكي مقتل أحد جنوده في انفجار عبوة ناسفة.", "ASSAULT")
    assert ev["actor"] == []
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("الجيش الأمريكي", "USA")]
    ev = _one("أعلن الجيش الأمريكي مقتل جنديين أمريكيين في بغداد.", "ASSAULT")
    assert ev["actor"] == [] and _countries(ev["recipient"]) == {"USA"}
    # the announcer's own members hit in an attack: the attack's adjective still names its doer
    ev = _one("أعلنت حركة حماس مقتل اثنين من عناصرها في غارة إسرائيلية.", "ASSAULT")
    assert _countries(ev["actor"]) == {"ISR"} and _countries(ev["recipient"]) == {"PSE"}
    # an announced arrest is still the announcer's own act
    ev = _one("أعلنت الشرطة العراقية اعتقال خمسة مسلحين في الموصل.", "COERCE")
    assert [a["text"] for a in ev["actor"]] == ["الشرطة العراقية"]


def test_accusative_nationality_adjective():
    ev = _one("خطف مجهولون مصورا فرنسيا في بوساسو.", "ASSAULT")
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("مصورا فرنسيا", "FRA")]
    assert _countries(ev["actor"]) != {"FRA"}


def test_nationality_inside_a_participant_is_not_the_sentence_country():
    ev = _one("قتل مسلحون جنديا أمريكيا.", "ASSAULT")
    assert _countries(ev["recipient"]) == {"USA"}
    assert ev["actor"] and ev["actor"][0]["country"] is None


def test_two_nationality_adjectives_are_two_doers():
    ev = _one("شنت ضربات أمريكية بريطانية على مواقع الحوثيين.", "ASSAULT")
    assert _countries(ev["actor"]) == {"USA", "GBR"}
    assert _countries(ev["recipient"]) == {"YEM"}


def test_passive_subject_stays_the_victim_when_an_agent_is_named():
    ev = _one("تعرض قيادي في حركة حماس، الثلاثاء، للخطف على أيدي مسلحين في رام الله.", "ASSAULT")
    assert [a["text"] for a in ev["actor"]] == ["مسلحين"]
    assert [r["text"] for r in ev["recipient"]] == ["حركة حماس"]


def test_injured_before_the_cause_are_the_victims():
    ev = _one("أصيب ثلاثة من عناصر الشرطة العراقية في انفجار عبوة ناسفة في الموصل.", "ASSAULT")
    assert [(r["text"], r["country"]) for r in ev["recipient"]] == [("الشرطة العراقية", "IRQ")]


def test_a_date_between_commas_does_not_end_the_clause():
    ev = _one("استهدف هجوم انتحاري، أمس، موكبا للسفارة الأمريكية في كابل.", "ASSAULT")
    assert _countries(ev["recipient"]) == {"USA"}


def test_event_places_from_the_gazetteer_fixes():
    ev = _one("هاجم مسلحون موكبا في العاصمة عمان.", "ASSAULT")  # Amman, not Oman; and a place here
    assert ev["location"]["country"] == "JOR" and ev["recipient"] == []
    ev = _one("قتل مسلحون ثلاثة جنود في هجوم شمال شرق بغداد.", "ASSAULT")  # شرق is the direction
    assert ev["location"]["country"] == "IRQ"
    ev = _one("قتل مسلحون جنديين في هجوم قرب قندهار.", "ASSAULT")
    assert ev["location"]["country"] == "AFG"
    ev = _one("قال الوزير في كلمة إن مسلحين قتلوا جنديين.", "ASSAULT")  # كلمة: a speech
    assert ev["location"] is None


def test_a_place_naming_a_conference_is_not_where_a_protest_is():
    """«احتجاجا على مؤتمر أنابوليس»: Annapolis names the conference; the protest is not there and
    its protesters take no American country from it. The conference itself keeps its place."""
    doc = marsad.extract("خرج متظاهرون احتجاجا على مؤتمر أنابوليس للسلام.", published="2007-11-27")
    protest = next(e for e in doc.events if e["type"] == "PROTEST")
    assert protest["location"] is None
    assert all(a.get("country") is None for a in protest["actor"])
    conference = next(e for e in doc.events if e["trigger"]["text"] == "مؤتمر")
    assert conference["location"]["name_en"] == "Annapolis"


def test_a_protest_at_a_partys_seat_targets_that_party():
    # the crowd marches to the seat of a party the text names: that party is the target
    ev = _one("وسار المحتجون، بحسب المنظمين، الى مقر رئيس الوزراء البريطاني في لندن.", "PROTEST")
    assert "GBR" in _countries(ev["recipient"])
    # a building with no party named is no target
    ev = _one("وتظاهر الطلاب أمام مبنى في وسط بغداد.", "PROTEST")
    assert ev["recipient"] == []


def test_a_group_coming_from_a_place_takes_its_country():
    ev = _one("واحتشد مئات المتظاهرين القادمين من مدن عراقية عدة في الساحة.", "PROTEST")
    assert "IRQ" in _countries(ev["actor"])
