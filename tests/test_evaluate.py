"""Scorers of `marsad evaluate`: hand-made gold/prediction checks, then one quick
run per real gold set (skipped when ../shared is absent)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from marsad import evaluate_cli
from marsad.evaluate import common, events, ner, places
from marsad.evaluate.common import PRF, haversine_km, replace_section

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (../shared is absent: a clone without the shared gold data)")
    return path


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="marsad")
    sub = p.add_subparsers(dest="command", required=True)
    evaluate_cli.register(sub)
    return p


# -- arithmetic ---------------------------------------------------------------
def test_prf_arithmetic():
    s = PRF(pred_correct=2, pred_total=4, gold_found=2, gold_total=5)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.4)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert PRF(0, 3, 0, 2).f1 == 0.0
    empty = PRF(0, 0, 0, 4)
    assert empty.precision is None and empty.f1 is None and empty.recall == 0.0
    total = PRF(1, 2, 1, 3) + PRF(3, 3, 3, 4)  # micro: counts add, rates do not average
    assert (total.precision, total.recall) == (pytest.approx(4 / 5), pytest.approx(4 / 7))


def test_haversine():
    assert haversine_km(33.3, 44.4, 33.3, 44.4) == 0.0
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)  # one degree of latitude
    paris, london = (48.8566, 2.3522), (51.5074, -0.1278)
    assert haversine_km(*paris, *london) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(*paris, *london) == pytest.approx(haversine_km(*london, *paris))
    assert haversine_km(0, 0, 0, 180) == pytest.approx(3.14159 * 6371.0088, rel=1e-4)


# -- NER ------------------------------------------------------------------------
def test_bio_spans_mapping_and_conlleval_convention():
    tags = ["B-PERS", "I-PERS", "O", "B-LOC", "I-MISC", "B-ORG", "I-ORG", "I-LOC", "B-MISC", "I-MISC"]
    assert ner.bio_spans(tags) == [(0, 1, "PER"), (3, 3, "LOC"), (5, 6, "ORG"), (7, 7, "LOC")]


TOKENS = ["زار", "محمد", "علي", "وبغداد", "ثم", "كابول؛", "عبدالله", "للعراق"]
#          0      1       2      3         4     5         6          7


def span(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def test_align_exact_clitic_and_punctuation():
    text, offs = ner.layout(TOKENS)
    assert text == " ".join(TOKENS)
    assert ner.align(*span(text, "محمد علي"), text, offs) == (1, 2)
    assert ner.align(*span(text, "وبغداد"), text, offs) == (3, 3)
    assert ner.align(*span(text, "بغداد"), text, offs) == (3, 3)  # و+ب stripped: same token
    assert ner.align(*span(text, "كابول"), text, offs) == (5, 5)  # before glued ؛
    assert ner.align(*span(text, "كابول؛"), text, offs) == (5, 5)
    assert ner.align(*span(text, "لعراق"), text, offs) == (7, 7)  # ل + (ا)ل: the matcher keeps the article's ل
    assert ner.align(*span(text, "عراق"), text, offs) == (7, 7)
    assert ner.align(*span(text, "الله"), text, offs) is None  # not a clitic prefix: عبد
    assert ner.align(*span(text, "محمد"), text, offs) == (1, 1)
    assert ner.align(*span(text, "بغدا"), text, offs) is None  # ends inside the token
    s, e = span(text, "محمد")
    assert ner.align(s - 1, e, text, offs) is None  # starts on the space
    assert ner.overlap(s - 1, e, offs) == (1, 1)


def test_score_sentence_exact_and_partial():
    tags = ["O", "B-PERS", "I-PERS", "B-LOC", "O", "B-LOC", "B-PERS", "B-LOC"]
    text, _ = ner.layout(TOKENS)
    preds = [
        (*span(text, "محمد"), "PERSON"),  # PER: only part of محمد علي → wrong exactly, right by overlap
        (*span(text, "بغداد"), "GPE"),  # LOC via the clitic convention
        (*span(text, "بغداد"), "GPE"),  # duplicate: counted once
        (*span(text, "كابول"), "FAC"),  # LOC (FAC → LOC)
        (*span(text, "زار"), "ORG"),  # ORG where gold has nothing
        (*span(text, "عراق"), "NORP"),  # NORP is not scored at all
        (*span(text, "الله"), "PERSON"),  # cannot align: wrong exactly, overlaps gold PER عبدالله
    ]
    exact, partial = ner.score_sentence(TOKENS, tags, preds)
    assert (exact["PER"].pred_correct, exact["PER"].pred_total, exact["PER"].gold_total) == (0, 2, 2)
    assert (exact["LOC"].pred_correct, exact["LOC"].pred_total, exact["LOC"].gold_total) == (2, 2, 3)
    assert (exact["ORG"].pred_correct, exact["ORG"].pred_total, exact["ORG"].gold_total) == (0, 1, 0)
    assert exact["LOC"].recall == pytest.approx(2 / 3) and exact["LOC"].precision == 1.0
    assert exact["ORG"].recall is None and exact["ORG"].f1 is None
    assert (partial["PER"].pred_correct, partial["PER"].pred_total) == (2, 2)
    assert (partial["PER"].gold_found, partial["PER"].gold_total) == (2, 2)
    micro = sum(exact.values(), PRF())
    assert (micro.pred_correct, micro.pred_total, micro.gold_total) == (2, 5, 5)
    assert micro.f1 == pytest.approx(0.4)


def test_predictions_by_name_and_by_whole_expression():
    """An entity carrying a proper name (جنوب لبنان → لبنان) is scored by the name; the whole expression
    is kept as the second reading; nominal mentions are in neither."""
    from marsad.document import Document

    texts = ["قصف جنوب لبنان", "قال الجيش اللبناني"]
    joined = "\n\n".join(texts)

    def runner(text):
        assert text == joined
        a = joined.index("جنوب")
        b = joined.index("لبنان")
        c = joined.index("الجيش")
        return Document(text=text, entities=[
            {"text": "جنوب لبنان", "start": a, "end": b + 5, "type": "LOC",
             "name": {"text": "لبنان", "start": b, "end": b + 5}},
            {"text": "الجيش اللبناني", "start": c, "end": c + 14, "type": "ORG", "nominal": True},
        ])

    by_name, by_expression = ner._predictions(runner, texts)
    assert by_name == [[(9, 14, "LOC")], []]
    assert by_expression == [[(4, 14, "LOC")], []]


def test_read_conll(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("أ B-PERS\nب I-PERS\n. O\n\nج O\n", encoding="utf-8")
    sents = ner.read_conll(path)
    assert [s.tokens for s in sents] == [["أ", "ب", "."], ["ج"]]
    assert sents[0].tags == ["B-PERS", "I-PERS", "O"]


# -- events ---------------------------------------------------------------------
def test_gold_country():
    assert events.gold_country("IRQ MIL") == "IRQ"
    assert events.gold_country("PSE REB") == "PSE"
    assert events.gold_country("USAGOV") == "USA"
    for code in ("None UAF", "None None", "", None, "IGO", "IMG MIL", "INT", "KUR", "NGO"):
        assert events.gold_country(code) is None, code


def ev(typ, modality="asserted", actor=(), recipient=()):
    return {"type": typ, "modality": modality, "actor": [{"country": c} for c in actor],
            "recipient": [{"country": c} for c in recipient]}


def test_event_score_sentence():
    gold = [{"plover": "ASSAULT", "sourcecode": "IRQ MIL", "targetcode": "USA MIL"}]
    got = events.score_sentence(gold, [ev("ASSAULT", actor=["IRQ"], recipient=[None]), ev("PROTEST")])
    c = got["ASSAULT"]
    assert (c.gold, c.found_asserted, c.found_any) == (1, 1, 1)
    assert (c.src_gold, c.src_scored, c.src_agree) == (1, 1, 1)
    assert (c.tgt_gold, c.tgt_scored, c.tgt_agree) == (1, 1, 0)
    # Roles are not swapped: the right country in the wrong role does not agree.
    c = events.score_sentence(gold, [ev("ASSAULT", actor=["USA"], recipient=["IRQ"])])["ASSAULT"]
    assert (c.src_agree, c.tgt_agree) == (0, 0)
    # Found only under another modality: recall (any) yes, recall (asserted) no, countries not scored.
    gold = [{"plover": "PROTEST", "sourcecode": "TUN None", "targetcode": "None None"}]
    c = events.score_sentence(gold, [ev("PROTEST", modality="negated", actor=["TUN"])])["PROTEST"]
    assert (c.found_asserted, c.found_any, c.src_gold, c.src_scored, c.tgt_gold) == (0, 1, 1, 0, 0)
    # Nothing found.
    c = events.score_sentence(gold, [])["PROTEST"]
    assert (c.gold, c.found_any, c.src_scored) == (1, 0, 0)


class FakeRunner:
    """Stands in for the pipeline: returns prepared events per sentence text."""

    errors = 0

    def __init__(self, by_text):
        self.by_text = by_text

    def __call__(self, text, published=None):
        from marsad.document import Document

        return Document(text=text, published=published, events=self.by_text.get(text, []))


def test_events_report_end_to_end(tmp_path):
    folder = tmp_path / "petrarch-arabic-gsr-events"
    folder.mkdir()
    rows = [  # hand-written sentences, not from the gold set
        {"id": "1", "category": "ASSAULT", "date": "20080101", "text": "هاجم مسلحون دورية عراقية",
         "events": [{"plover": "ASSAULT", "sourcecode": "None UAF", "targetcode": "IRQ MIL"}]},
        {"id": "2", "category": "ASSAULT", "date": "20080102", "text": "قصفت طائرات أمريكية قرية",
         "events": [{"plover": "ASSAULT", "sourcecode": "USA MIL", "targetcode": "None CVL"}]},
        {"id": "3", "category": "PROTEST", "date": "20080103", "text": "تظاهر طلاب في القاهرة",
         "events": [{"plover": "PROTEST", "sourcecode": "EGY EDU", "targetcode": "None None"}]},
    ]
    (folder / "x.events.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                          encoding="utf-8")
    runner = FakeRunner({
        rows[0]["text"]: [ev("ASSAULT", recipient=["IRQ"])],
        rows[1]["text"]: [ev("ASSAULT", modality="alleged", actor=["USA"])],
        rows[2]["text"]: [ev("PROTEST", actor=["SAU"]), ev("ASSAULT")],
    })
    report = events.evaluate(tmp_path, sample=0, runner=runner)
    a, p = report.data["totals"]["ASSAULT"], report.data["totals"]["PROTEST"]
    assert (a.gold, a.found_asserted, a.found_any) == (2, 1, 2)
    assert (a.tgt_scored, a.tgt_agree, a.src_gold, a.src_scored) == (1, 1, 1, 0)
    assert (p.gold, p.found_asserted, p.src_scored, p.src_agree) == (1, 1, 1, 0)
    assert p.predicted == {"PROTEST": 1, "ASSAULT": 1}
    met = {t.what: t.met for t in report.targets}
    assert met["ASSAULT recall (asserted)"] is False and met["ASSAULT country agreement (found events)"] is True
    assert met["PROTEST recall (asserted)"] is True and met["PROTEST country agreement (found events)"] is False
    text = common.render_text(report)
    assert rows[0]["text"] not in text and "0.500" in text and report.verdict() == "not met"
    # halves of each category file, in line order: the ASSAULT file's first sentence, then its second
    first = events.evaluate(tmp_path, sample=0, runner=runner, half="first")
    second = events.evaluate(tmp_path, sample=0, runner=runner, half="second")
    assert first.data["totals"]["ASSAULT"].found_asserted == 1 and first.limited
    assert second.data["totals"]["ASSAULT"].found_asserted == 0
    assert second.data["totals"]["PROTEST"].gold == 1 and "PROTEST" not in {
        t for t, c in first.data["totals"].items() if c.gold}


# -- places ---------------------------------------------------------------------
def test_place_score_tweet():
    gold = [
        {"type": "Country", "start_offset": 0, "end_offset": 5, "osm_json": {"lat": "33.0", "lon": "44.0"}},
        {"type": "City/town", "start_offset": 10, "end_offset": 15, "osm_json": {"lat": "33.0", "lon": "44.0"}},
        {"type": "Province", "start_offset": 20, "end_offset": 25, "osm_json": {"lat": "33.0", "lon": "44.0"}},
        {"type": "District", "start_offset": 30, "end_offset": 35, "osm_json": {"lat": "33.0", "lon": "44.0"}},
        {"type": "Road/street", "start_offset": 40, "end_offset": 45, "osm_json": {"lat": "33.0", "lon": "44.0"}},
    ]
    preds = [
        (1, 5, 36.0, 44.0),  # country, ~334 km off: near under the 500 km country rule
        (9, 11, 33.0, 44.0),  # small overlap with the city ...
        (11, 16, 35.0, 44.0),  # ... larger overlap wins: ~222 km → not near
        (25, 30, 33.0, 44.0),  # touches neither 20–25 nor 30–35 (end exclusive)
        (30, 35, None, None),  # district recalled, no coordinates
    ]
    got = places.score_tweet(gold, preds)
    assert got == [("Country", True, True, True), ("City/town", True, True, False),
                   ("Province/State", False, False, False), ("District", True, False, False),
                   ("Road/street", False, False, False)]


# -- docs -----------------------------------------------------------------------
def test_replace_section_keeps_the_others():
    text = "# Quality\n\nintro\n\n## NER (ANERcorp test)\n\nold ner\n\n## Places (IDRISI LMD dev)\n\nold places\n"
    out = replace_section(text, "NER (ANERcorp test)", "new ner")
    assert "new ner" in out and "old ner" not in out and "old places" in out and out.startswith("# Quality\n\nintro")
    out = replace_section(out, "Events (PETRARCH GSR)", "events body")  # missing: inserted in order
    assert out.index("## NER") < out.index("## Events") < out.index("## Places")
    again = replace_section(out, "Events (PETRARCH GSR)", "events body")
    assert again == out  # idempotent
    assert replace_section("", "Places (IDRISI LMD dev)", "x").strip() == "## Places (IDRISI LMD dev)\n\nx"


def test_render_report():
    report = common.Report("NER (ANERcorp test)", "marsad evaluate ner",
                           [common.Table("t", ["type", "F1"], [["PER", "0.500"], ["LOC", "–"]])],
                           [common.Target("micro-F1", "≥ 0.70", "0.500", False)])
    text = common.render_text(report)
    assert "NOT met" in text and "Verdict: not met" in text
    md = common.render_markdown(report, date="2025-01-01")
    assert "| PER | 0.500 |" in md and "Date: 2025-01-01" in md and "|---|---:|" in md


# -- CLI ------------------------------------------------------------------------
def test_cli_parsing_and_missing_data(tmp_path, capsys):
    args = parser().parse_args(["evaluate", "events", "--data", str(tmp_path), "--limit", "3", "--sample", "0"])
    assert (args.scorer, args.limit, args.sample, args.write_docs) == ("events", 3, 0, False)
    assert args.func(args) == 2
    assert "not found" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser().parse_args(["evaluate", "ner", "--limit", "0"])
    with pytest.raises(SystemExit):
        parser().parse_args(["evaluate"])


# -- real data, quick -------------------------------------------------------------
def run_cli(argv, capsys) -> str:
    args = parser().parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_ner_smoke(capsys):
    need(DATA / "anercorp")
    out = run_cli(["evaluate", "ner", "--data", str(DATA), "--limit", "5"], capsys)
    assert "micro (PER+LOC+ORG)" in out and "Verdict:" in out
    report = ner.evaluate(DATA, limit=5)
    assert report.data["sentences"] == 5 and report.data["micro"].gold_total > 0


def test_events_smoke(capsys):
    folder = need(DATA / "petrarch-arabic-gsr-events")
    out = run_cli(["evaluate", "events", "--data", str(DATA), "--limit", "3", "--sample", "3"], capsys)
    assert "ASSAULT" in out and "PROTEST" in out and "Firing rate" in out
    # Licence: the report never carries the gold sentences.
    first = json.loads((folder / "arabic_assault_gsr_validation.events.jsonl").open(encoding="utf-8").readline())
    assert first["text"][:30] not in out
    report = events.evaluate(DATA, limit=3, sample=0)
    assert report.data["totals"]["ASSAULT"].gold == 3 and report.data["totals"]["PROTEST"].gold == 3


def test_places_smoke_and_write_docs(tmp_path, capsys):
    need(DATA / "idrisi-arabic-locations")
    docs = tmp_path / "quality.md"
    docs.write_text("# Quality\n\nkept\n\n## NER (ANERcorp test)\n\nner stays\n", encoding="utf-8")
    out = run_cli(["evaluate", "places", "--data", str(DATA), "--limit", "4", "--write-docs",
                   "--docs-file", str(docs)], capsys)
    assert "Country" in out and "four targeted types" in out
    written = docs.read_text(encoding="utf-8")
    assert "ner stays" in written and "kept" in written
    assert "## Places (IDRISI LMD dev)" in written and "`marsad evaluate places --limit 4`" in written
    assert "Partial run" in written
    report = places.evaluate(DATA, limit=4)
    assert report.data["tweets"] == 4 * len(report.data["per_set"])
