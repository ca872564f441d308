"""The bundled demo corpus: well formed, and its threats and false claims never become attacks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import marsad

CORPUS = Path(marsad.__file__).parent / "demo" / "corpus"
ARTICLES = [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
BY_ID = {a["id"]: a for a in ARTICLES}


def test_corpus_is_well_formed():
    assert len(ARTICLES) >= 60
    assert len({a["id"] for a in ARTICLES}) == len(ARTICLES)
    dates = sorted(a["published"] for a in ARTICLES)
    assert dates[0] >= "2025-01-01" and dates[-1] <= "2025-03-31"
    for inc in EXPECTED["incidents"]:
        assert all(a in BY_ID for a in inc["articles"]), inc["id"]


def _doc(article_id):
    a = BY_ID[article_id]
    return marsad.extract(a["text"], published=a["published"])


@pytest.mark.parametrize("threat", EXPECTED["threats_not_carried_out"], ids=lambda t: t["article"])
def test_threats_are_never_asserted_attacks(threat):
    doc = _doc(threat["article"])
    target_words = [w for w in threat["target"].split() if len(w) > 3][:2]
    for e in doc.events:
        sentence = doc.text[e["sentence"]["start"]:e["sentence"]["end"]]
        if all(w in sentence for w in target_words):
            assert not (e["type"] == "ASSAULT" and e["modality"] == "asserted"), (e["trigger"], sentence)
    assert any(e["type"] == "THREATEN" for e in doc.events), "the threat itself is recorded"


@pytest.mark.parametrize("denial", [d for d in EXPECTED["denials"] if not d.get("event_occurred", True)],
                         ids=lambda d: d["article"])
def test_denied_claims_are_never_asserted_attacks(denial):
    doc = _doc(denial["article"])
    assert not [e for e in doc.events if e["type"] == "ASSAULT" and e["modality"] == "asserted"]
    assert any(e["modality"] == "denied" for e in doc.events)


@pytest.mark.parametrize("article", EXPECTED["non_events"])
def test_control_articles_have_no_violence_or_protest(article):
    doc = _doc(article)
    bad = [(e["type"], e["trigger"]["text"]) for e in doc.events if e["type"] in ("ASSAULT", "PROTEST") and e["modality"] == "asserted"]
    assert not bad


LEVEL = {"calm": 0, "low": 1, "elevated": 2, "high": 3}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from marsad.store.demo import build_demo_db

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_db(db)
    return db


@pytest.fixture(scope="module")
def demo_store(demo_db):
    from marsad.store.api import open_store

    with open_store(demo_db) as store:
        yield store


@pytest.mark.parametrize("planted", EXPECTED["incidents"], ids=lambda inc: inc["id"])
def test_each_multi_outlet_incident_is_one_incident(demo_db, planted):
    """Every article written about a planted incident has a mention of its type in one and the
    same incident, which lists them all as its sources."""
    import sqlite3

    arts = planted["articles"]
    with sqlite3.connect(demo_db) as con:
        rows = con.execute(
            f"SELECT e.incident_id, d.input_id FROM events e JOIN documents d ON d.id = e.doc_id "
            f"WHERE d.input_id IN ({','.join('?' * len(arts))}) AND e.type = ?", (*arts, planted["type"])).fetchall()
        by_incident: dict[int, set[str]] = {}
        for inc, art in rows:
            by_incident.setdefault(inc, set()).add(art)
        whole = [inc for inc, got in by_incident.items() if set(arts) <= got]
        assert whole, f"{planted['id']}: the reports are split over incidents {by_incident}"
        n_documents = con.execute("SELECT n_documents FROM incidents WHERE id = ?", (whole[0],)).fetchone()[0]
    assert n_documents >= len(arts)


def test_militia_us_tension_follows_the_written_curve(demo_store):
    """Weeks written as elevated or high carry more militia–US tension than calm or low
    weeks, and the highest week is one written as high."""
    written = EXPECTED["tension_militias_us"]["by_week"]
    series = demo_store.tension("IRQ_PMF", "USA", by="week")
    measured = {}
    for row in series.to_dict("records"):
        label = str(row.get("label") or row.get("period"))
        week = next((w for w in written if w in label), None)
        if week:
            measured[week] = float(row.get("index", row.get("tension")) or 0.0)
    hot = [measured.get(w, 0.0) for w, lvl in written.items() if LEVEL[lvl] >= 2]
    cold = [measured.get(w, 0.0) for w, lvl in written.items() if LEVEL[lvl] <= 1]
    assert sum(hot) / len(hot) > 3 * (sum(cold) / len(cold)), (measured, written)
    peak = max(measured, key=measured.get)
    assert written[peak] == "high", (peak, measured)
    calm_start = [measured.get(w, 0.0) for w in ("2025-W01", "2025-W02", "2025-W03")]
    assert max(calm_start) == 0.0  # statements and talks only
