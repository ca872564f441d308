"""The store: ingest (idempotent, resumable, failures), near-duplicates, incidents, tension, exports."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.pipeline import Pipeline, sentence_splitter
from marsad.store import Store, build_demo_db, demo_corpus_path, ingest_paths, retry_failed, store_document
from marsad.store import aggregate, export, incidents
from marsad.store.dedup import is_near_duplicate, shingles
from marsad.store.query import Filters
from marsad.store.schema import LATEST, SchemaError
from marsad.store.show import format_incident, incident_detail
from marsad.store_cli import main as store_main

REPO = Path(__file__).resolve().parents[1]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SPLIT_ONLY = Pipeline([sentence_splitter])  # fast: the store's behaviour does not depend on the extractors


# -- helpers -------------------------------------------------------------------

def vocab(seed: int, n: int = 400) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(LETTERS) for _ in range(rnd.randint(3, 7))) for _ in range(n)]


WORDS = vocab(7)


def article(seed: int, n_words: int = 120) -> str:
    """A made-up Arabic-letter article: sentences of random words, paragraphs of a few sentences."""
    rnd = random.Random(seed)
    words = [rnd.choice(WORDS) for _ in range(n_words)]
    sentences, i = [], 0
    while i < len(words):
        k = rnd.randint(8, 14)
        sentences.append(" ".join(words[i:i + k]) + ".")
        i += k
    paras = [" ".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
    return "\n\n".join(paras)


def light_edit(text: str, seed: int) -> str:
    """A wire copy: a few words changed, a clause dropped, a closing paragraph added."""
    rnd = random.Random(seed)
    words = text.split(" ")
    for _ in range(4):
        words[rnd.randrange(len(words))] = rnd.choice(WORDS)
    cut = rnd.randrange(10, len(words) - 10)
    del words[cut:cut + 5]
    return " ".join(words) + "\n\n" + " ".join(rnd.choice(WORDS) for _ in range(10)) + "."


def actor(id_, country, sector="", name=None):
    return {"text": name or id_, "id": id_, "name_en": name or id_, "country": country, "sector": sector}


PLACES = {
    "ain_asad": {"text": "عين الأسد", "id": "P_AIN_ASAD", "name_en": "Ain al-Asad", "lat": 33.80, "lon": 42.44,
                 "country": "IRQ", "admin1": "Anbar", "precision": "point"},
    "baghdadi": {"text": "البغدادي", "id": "P_BAGHDADI", "name_en": "al-Baghdadi", "lat": 33.87, "lon": 42.55,
                 "country": "IRQ", "admin1": "Anbar", "precision": "city"},  # ~13 km from Ain al-Asad
    "baghdad": {"text": "بغداد", "id": "P_BAGHDAD", "name_en": "Baghdad", "lat": 33.31, "lon": 44.37,
                "country": "IRQ", "admin1": "Baghdad", "precision": "city"},
    "anbar": {"text": "الأنبار", "id": "P_ANBAR", "name_en": "Anbar", "lat": 33.0, "lon": 42.0,
              "country": "IRQ", "admin1": "Anbar", "precision": "province"},
    "iraq": {"text": "العراق", "id": "IRQ", "name_en": "Iraq", "lat": 33.0, "lon": 44.0, "country": "IRQ",
             "precision": "country"},
    "syria": {"text": "سوريا", "id": "SYR", "name_en": "Syria", "lat": 35.0, "lon": 38.0, "country": "SYR",
              "precision": "country"},
}
PLACES.update({
    "red_sea": {"text": "البحر الأحمر", "id": "P_RED_SEA", "name_en": "Red Sea", "lat": 20.0, "lon": 38.5,
                "country": None, "precision": "region", "extent_km": 1200},
    "hodeidah": {"text": "الحديدة", "id": "P_HODEIDAH", "name_en": "Hodeidah", "lat": 14.80, "lon": 42.95,
                 "country": "YEM", "admin1": "Al Hudaydah", "precision": "city"},
    "dead_sea": {"text": "البحر الميت", "id": "P_DEAD_SEA", "name_en": "Dead Sea", "lat": 31.5, "lon": 35.5,
                 "country": None, "precision": "region", "extent_km": 50},
    "southern_turkey": {"text": "جنوب تركيا", "id": "P_S_TURKEY", "name_en": "Southern Turkey", "lat": 37.0,
                        "lon": 37.0, "country": "TUR", "precision": "region", "extent_km": 400},
    "zabadani": {"text": "الزبداني", "id": "P_ZABADANI", "name_en": "Zabadani", "lat": 33.72, "lon": 36.10,
                 "country": "SYR", "precision": "city"},
    "amman": {"text": "عمان", "id": "P_AMMAN", "name_en": "Amman", "lat": 31.95, "lon": 35.93,
              "country": "JOR", "precision": "city"},
    "cairo_dateline": {"text": "القاهرة", "id": "P_CAIRO", "name_en": "Cairo", "lat": 30.04, "lon": 31.24,
                       "country": "EGY", "precision": "city", "basis": "dateline"},
    "baghdad_dateline": {"text": "بغداد", "id": "P_BAGHDAD", "name_en": "Baghdad", "lat": 33.31, "lon": 44.37,
                         "country": "IRQ", "admin1": "Baghdad", "precision": "city", "basis": "dateline"},
})
KH = dict(actor("IRQ_KATAIB_HEZBOLLAH", "IRQ", "PRM", "Kataib Hezbollah"), parent="IRQ_PMF")
NUJABA = actor("IRQ_NUJABA", "IRQ", "PRM", "Harakat al-Nujaba")
US_FORCES = actor("USA_MIL", "USA", "MIL", "United States armed forces")
US_TROOPS = {"text": "القوات الأمريكية", "country": "USA", "sector": "MIL"}  # no id: same country+sector
IRQ_GOV = actor("IRQ_GOV", "IRQ", "GOV", "Iraq government")


def event(type_="ASSAULT", *, actors=(KH,), recipients=(US_FORCES,), place="ain_asad", date="2025-01-28",
          precision="day", modality="asserted", score=-9.5, quad=4, mode="drone", dead=None, sentence=(0, 20)):
    return {
        "type": type_, "mode": mode, "cameo": "195", "score": score, "quad": quad,
        "trigger": {"text": "استهداف", "start": 0, "end": 7}, "field": "text",
        "actor": list(actors), "recipient": list(recipients),
        "location": PLACES[place] if place else None,
        "date": {"value": date, "precision": precision} if date else None,
        "size": {"dead": dead}, "modality": modality, "reported_by": None,
        "sentence": {"start": sentence[0], "end": sentence[1]}, "confidence": 0.8,
    }


def doc(seed: int, events=(), published="2025-01-28", outlet="outlet-a.example", text=None) -> tuple[Document, dict]:
    text = text or article(seed)
    d = Document(text=text, url=f"https://{outlet}/{seed}", title=f"title {seed}", published=published,
                 input=f"<test {seed}>", events=list(events))
    sentence_splitter(d)
    return d, {"outlet": outlet}


def put(store: Store, seed: int, *events, **kw) -> str:
    d, meta = doc(seed, events, **kw)
    status, _ = store_document(store, d, meta)
    assert status in ("stored", "near-duplicate")
    return d.id


def incident_of(store: Store, doc_id: str, idx: int = 0) -> int:
    return store.execute("SELECT incident_id FROM events WHERE doc_id = ? AND idx = ?", (doc_id, idx)).fetchone()[0]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


# -- database ------------------------------------------------------------------

def test_schema_is_versioned_and_wal(tmp_path):
    path = tmp_path / "v.db"
    with Store(path) as s:
        assert s.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        rows = s.execute("SELECT version, name FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == list(range(1, LATEST + 1))
    with Store(path) as s:  # reopening applies nothing twice
        assert s.count("schema_migrations") == LATEST
        s.execute(f"INSERT INTO schema_migrations VALUES ({LATEST + 1}, 'future', 'x')")
    with pytest.raises(SchemaError):
        Store(path)


def test_migration_3_indexes_the_actors_of_existing_incidents(tmp_path):
    """A database written before the incident_actors index gets its keys from the stored actor lists."""
    from marsad.store import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for version, name, sql in schema.MIGRATIONS[:2]:
        for statement in schema._statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'x')", (version, name))
    actor1 = [{"text": "كتائب حزب الله", "id": "IRQ_KH", "country": "IRQ", "mentions": 2}]
    actor2 = [{"text": "القوات الأمريكية", "country": "USA"}, {"text": "مسلحون", "type": "GROUP"}]
    conn.execute("INSERT INTO incidents(type, mclass, modality, created_at, updated_at, actor1, actor2) "
                 "VALUES ('ASSAULT', 'real', 'asserted', 'x', 'x', ?, ?)",
                 (json.dumps(actor1, ensure_ascii=False), json.dumps(actor2, ensure_ascii=False)))
    assert schema.migrate(conn) == LATEST
    keys = {k for (k,) in conn.execute("SELECT key FROM incident_actors")}
    assert keys == {"id:IRQ_KH", "country:IRQ", "text:كتائب حزب الله", "country:USA", "text:القوات الأمريكية",
                    "text:مسلحون"}
    assert keys == incidents.actor_keys(actor1 + actor2)  # the same keys the store writes for new incidents
    conn.close()


def test_incident_actor_index_follows_the_incident(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("بغداد - قصفت طائرات أمريكية مواقع لكتائب حزب الله في القائم أمس الأحد .\n\n"
                                  "وقال المتحدث باسم الكتائب إن الضربات قتلت ثلاثة من عناصرها .", encoding="utf-8")
    (folder / "b.txt").write_text("أربيل - تظاهر مئات من أنصار الحشد الشعبي أمام السفارة الأمريكية في بغداد .",
                                  encoding="utf-8")
    ingest_paths(store, sorted(folder.iterdir()))
    for inc_id, actor1, actor2 in store.execute("SELECT id, actor1, actor2 FROM incidents").fetchall():
        stored = {k for (k,) in store.execute("SELECT key FROM incident_actors WHERE incident_id = ?", (inc_id,))}
        assert stored == incidents.actor_keys(json.loads(actor1 or "[]") + json.loads(actor2 or "[]"))
    assert store.count("incident_actors") > 0
    incidents.rebuild(store.conn)
    orphans = store.execute("SELECT COUNT(*) FROM incident_actors WHERE incident_id NOT IN (SELECT id FROM incidents)")
    assert orphans.fetchone()[0] == 0


# -- ingest --------------------------------------------------------------------

def write_articles(folder: Path, seeds) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in seeds:
        p = folder / f"a{s}.txt"
        p.write_text(article(s), encoding="utf-8")
        paths.append(p)
    return paths


def test_ingest_twice_stores_once(tmp_path):
    folder = tmp_path / "in"
    write_articles(folder, range(5))
    with Store(tmp_path / "db.sqlite") as s:
        first = ingest_paths(s, [str(folder)], "2025-01-10", pipeline=SPLIT_ONLY, progress=False)
        assert (first.stored, first.duplicates, first.failed) == (5, 0, 0)
        before = {t: s.count(t) for t in ("documents", "sentences", "stories", "minhashes", "inputs")}
        again = ingest_paths(s, [str(folder)], "2025-01-10", pipeline=SPLIT_ONLY, progress=False)
        assert (again.stored, again.duplicates, again.failed) == (0, 5, 0)
        # the same content under another name is a no-op too (content hash = Document.id)
        (tmp_path / "copy.txt").write_text(article(3), encoding="utf-8")
        third = ingest_paths(s, [str(tmp_path / "copy.txt")], pipeline=SPLIT_ONLY, progress=False)
        assert (third.stored, third.duplicates) == (0, 1)
        after = {t: s.count(t) for t in ("documents", "sentences", "stories", "minhashes")}
        assert after == {k: v for k, v in before.items() if k != "inputs"}
        row = s.execute("SELECT text, original, published, published_from FROM documents LIMIT 1").fetchone()
        assert row["original"] and row["text"] and row["published"] == "2025-01-10" and row["published_from"] == "default"


KILL_SCRIPT = """
import sys
from marsad.pipeline import Pipeline, sentence_splitter
from marsad.store import Store, ingest_paths
with Store(sys.argv[2]) as s:
    summary = ingest_paths(s, [sys.argv[1]], pipeline=Pipeline([sentence_splitter]), progress=False)
print(summary.line(), file=sys.stderr)
"""


def test_sigkill_mid_run_loses_nothing_and_duplicates_nothing(tmp_path):
    n = 1500
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"g{i}", "published": "2025-02-01", "text": article(10_000 + i, 60)},
                                ensure_ascii=False) + "\n")
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-c", KILL_SCRIPT, str(big), str(db)]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.time() + 120
    try:
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.02)
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                        stored = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                except sqlite3.Error:
                    continue
                if stored >= 40:
                    break
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as c:
        killed_at = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 40 <= killed_at < n
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{n - killed_at} stored" in rerun.stderr and f"{killed_at} duplicates" in rerun.stderr, rerun.stderr
    with Store(db) as s:
        assert s.count("documents") == n
        assert s.count("stories") == n  # unrelated articles: one story each
        assert s.count("minhashes") == n
        assert s.execute("SELECT COUNT(DISTINCT input_id) FROM documents").fetchone()[0] == n
        # every document is whole: its sentences and signature were written with it
        assert s.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                         "(SELECT 1 FROM sentences x WHERE x.doc_id = d.id)").fetchone()[0] == 0
        assert s.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_corrupt_input_is_recorded_and_retried(tmp_path):
    folder = tmp_path / "in"
    write_articles(folder, [1, 2])
    bad = folder / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    lines = folder / "records.jsonl"
    good_rec = json.dumps({"id": "r1", "text": article(3)}, ensure_ascii=False)
    lines.write_text(good_rec + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "f.db"
    code = store_main(["ingest", str(folder), "--db", str(db), "--date", "2025-01-05", "--no-progress", "-q"])
    assert code == 1
    with Store(db) as s:
        assert s.count("documents") == 3
        fails = {r["source"]: dict(r) for r in s.execute("SELECT * FROM failures")}
        assert set(fails) == {str(bad), f"{lines}:2"}
        assert "binary" in fails[str(bad)]["reason"] and "invalid JSON" in fails[f"{lines}:2"]["reason"]
        assert all(f["retries"] == 0 and f["time"] and f["resolved_at"] is None for f in fails.values())
        # retrying before the fix fails again and counts the retry
        s1 = retry_failed(s, pipeline=SPLIT_ONLY, progress=False)
        assert (s1.retried, s1.resolved, s1.failed) == (2, 0, 2)
        assert {r[0] for r in s.execute("SELECT retries FROM failures")} == {1}
    bad.write_text(article(4), encoding="utf-8")
    lines.write_text(good_rec + "\n" + json.dumps({"id": "r2", "text": article(5)}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    code = store_main(["ingest", "--retry-failed", "--db", str(db), "--no-progress", "-q"])
    assert code == 0
    with Store(db) as s:
        assert s.count("documents") == 5
        assert s.execute("SELECT COUNT(*) FROM failures WHERE resolved_at IS NULL").fetchone()[0] == 0
        assert s.execute("SELECT published FROM documents WHERE input = ?", (str(bad),)).fetchone()[0] == "2025-01-05"
        nothing = retry_failed(s, pipeline=SPLIT_ONLY, progress=False)
        assert nothing.retried == 0


# -- near-duplicates -----------------------------------------------------------

def test_near_duplicates_join_one_story(store):
    base = article(100, 200)
    copies = [light_edit(base, s) for s in (1, 2)]
    other = article(101, 200)
    same_words_other_order = " ".join(sorted(base.split(" ")))
    for c in copies:
        ok, j, _ = is_near_duplicate(shingles(base), shingles(c))
        assert ok and j >= 0.5
    ids = [put(store, i, text=t, published=p) for i, (t, p) in
           enumerate([(base, "2025-01-28"), (copies[0], "2025-01-28"), (copies[1], "2025-01-29"),
                      (other, "2025-01-28"), (same_words_other_order, "2025-01-28")])]
    story = {i: store.execute("SELECT story_id FROM documents WHERE id = ?", (i,)).fetchone()[0] for i in ids}
    assert story[ids[0]] == story[ids[1]] == story[ids[2]]
    assert len({story[ids[0]], story[ids[3]], story[ids[4]]}) == 3
    row = store.execute("SELECT duplicate_of, similarity FROM documents WHERE id = ?", (ids[1],)).fetchone()
    assert row[0] == ids[0] and row[1] >= 0.5
    # a copy published months later is a new story (templated texts recur; wire copies do not)
    late = put(store, 9, text=light_edit(base, 3), published="2025-06-01")
    assert store.execute("SELECT story_id FROM documents WHERE id = ?", (late,)).fetchone()[0] != story[ids[0]]


def test_demo_corpus_planted_groups(tmp_path):
    corpus = demo_corpus_path()
    expected = corpus.with_name("expected.json")
    if not corpus.exists() or not expected.exists():
        pytest.skip("demo corpus not present")
    groups = json.loads(expected.read_text(encoding="utf-8"))["near_duplicate_groups"]
    db = tmp_path / "demo.db"
    summary = build_demo_db(db, pipeline=SPLIT_ONLY)
    assert summary.failed == 0 and summary.stored == summary.inputs
    with Store(db) as s:
        stories: dict[int, set[str]] = {}
        for input_id, story_id in s.execute("SELECT input_id, story_id FROM documents"):
            stories.setdefault(story_id, set()).add(input_id)
    found = sorted(sorted(m) for m in stories.values() if len(m) > 1)
    assert found == sorted(sorted(g) for g in groups)  # every planted duplicate found, nothing else merged


# -- incidents -----------------------------------------------------------------

def test_reports_of_one_attack_merge_with_reasons(store):
    a = put(store, 1, event(date="2025-01-28"))
    b = put(store, 2, event(actors=(KH,), recipients=(US_TROOPS,), place="baghdadi", date="2025-01-29"),
            published="2025-01-29", outlet="outlet-b.example")
    c = put(store, 3, event(actors=(), recipients=(US_FORCES,), place="ain_asad", date="2025-01-28", modality="alleged"),
            outlet="outlet-c.example")
    inc = incident_of(store, a)
    assert incident_of(store, b) == inc == incident_of(store, c)
    detail = incident_detail(store.conn, inc)
    assert detail["n_mentions"] == 3 and detail["n_sources"] == 3 and detail["modality"] == "asserted"
    reasons = detail["mentions"][1]["merge_reasons"]
    text = "\n".join(reasons)
    assert "same type ASSAULT" in text and "same entity IRQ_KATAIB_HEZBOLLAH" in text
    assert "same country+sector USA/MIL" in text and "km apart" in text and "±1 day" in text
    assert "actor unknown in one report" in "\n".join(detail["mentions"][2]["merge_reasons"])
    shown = format_incident(detail)
    assert "merged with mention" in shown and "outlet-b.example" in shown and "km apart" in shown


def test_threats_denials_and_asserted_attacks_never_merge(store):
    attack = put(store, 1, event())
    threat = put(store, 2, event(modality="threatened"))
    denial = put(store, 3, event(modality="denied"))
    planned = put(store, 4, event(modality="planned"))
    assert len({incident_of(store, x) for x in (attack, threat, denial)}) == 3
    assert incident_of(store, planned) == incident_of(store, threat)  # both "intended"
    modalities = {r[0]: r[1] for r in store.execute("SELECT id, modality FROM incidents")}
    assert modalities[incident_of(store, attack)] == "asserted"
    assert modalities[incident_of(store, threat)] == "threatened"
    alleged_only = put(store, 5, event(modality="alleged", date="2025-03-01"), published="2025-03-01")
    assert modalities.get(incident_of(store, alleged_only)) is None
    assert store.execute("SELECT modality FROM incidents WHERE id = ?",
                         (incident_of(store, alleged_only),)).fetchone()[0] == "alleged"


@pytest.mark.parametrize("change, merges", [
    ({"place": "baghdad"}, False),                         # ~180 km away
    ({"place": "anbar"}, True),                            # Ain al-Asad lies in Anbar
    ({"place": "iraq"}, True),                             # only the country known, same country
    ({"place": "syria"}, False),                           # another country
    ({"place": None}, True),                               # place unknown, not even the country: the actors vouch
    ({"place": None, "actors": (), "recipients": ()}, False),  # ...and nothing vouches
    ({"date": "2025-01-31"}, False),                       # three days later
    ({"date": "2025-01-27"}, True),                        # one day earlier
    ({"date": "2025-01", "precision": "month"}, True),     # the month contains the day
    ({"date": "2025-02", "precision": "month"}, False),
    ({"date": "2025", "precision": "year"}, False),        # too vague
    ({"actors": (NUJABA,)}, True),                         # another faction of the same country+sector (IRQ/PRM)
    ({"actors": (IRQ_GOV,)}, False),                       # another sector
    ({"actors": (actor("IRQ", "IRQ", "", "Iraq"),)}, True),  # a bare country and one of its bodies
    ({"actors": (actor("SYR", "SYR", "", "Syria"),)}, False),  # another country
    ({"recipients": ()}, True),                            # recipient unknown in one report
    ({"type_": "PROTEST"}, False),
])
def test_merge_rules(store, change, merges):
    first = put(store, 1, event())
    second = put(store, 2, event(**change), outlet="outlet-b.example")
    assert (incident_of(store, first) == incident_of(store, second)) is merges


def test_place_from_the_dateline_and_placeless_reports(store):
    """A mention without a place takes its article's dateline country; vague places need both actor sides."""
    def dated(seed, ev, outlet):
        d, meta = doc(seed, [ev], outlet=outlet)
        d.text = "بغداد - " + d.text
        d.dateline = {"text": "بغداد -", "place": "بغداد", "credit": None, "start": 0, "end": 7}
        # the body names Iraq too: the dateline is the scene's country, not a far desk
        d.entities = [dict(PLACES["baghdad"], start=0, end=5, type="GPE", field="text"),
                      dict(PLACES["iraq"], start=8, end=12, type="GPE", field="text")]
        status, _ = store_document(store, d, meta)
        assert status == "stored"
        return d.id

    located = put(store, 1, event(place="baghdad"))
    placeless = dated(2, event(place=None), "b.example")
    assert incident_of(store, placeless) == incident_of(store, located)
    reasons = json.loads(store.execute("SELECT merge_reasons FROM events WHERE doc_id = ?", (placeless,)).fetchone()[0])
    assert any("from its dateline" in r for r in reasons)
    # two reports with no specific place and unknown actors stay apart
    vague1 = dated(3, event("COERCE", actors=(), place=None, date="2025-02-03"), "c.example")
    vague2 = dated(4, event("COERCE", actors=(), place=None, date="2025-02-03"), "d.example")
    assert incident_of(store, vague1) != incident_of(store, vague2)
    # ...and merge when both actor sides match
    sure1 = dated(5, event("COERCE", place=None, date="2025-02-20"), "e.example")
    sure2 = dated(6, event("COERCE", place=None, date="2025-02-20"), "f.example")
    assert incident_of(store, sure1) == incident_of(store, sure2)


HOUTHIS = actor("YEM_HOUTHIS", "YEM", "REB", "Houthis")
SHIP = {"text": "سفينة تجارية", "sector": "BUS"}
JORDAN, IRAQ = actor("JOR", "JOR", "", "Jordan"), actor("IRQ", "IRQ", "", "Iraq")


@pytest.mark.parametrize("first, second, merges", [
    # a point lies within an area's extent (a sea): one ship attack "in the Red Sea" and "off Hodeidah"
    ({"place": "red_sea"}, {"place": "hodeidah"}, True),
    ({"place": "dead_sea"}, {"place": "hodeidah"}, False),        # outside the small sea's extent
    ({"place": "southern_turkey"}, {"place": "zabadani"}, False),  # within the circle, but in another country
    # a place taken from the dateline (the desk) is set aside when an actor side matches...
    ({"place": "cairo_dateline"}, {"place": "ain_asad"}, True),
    # ...but not when neither side matches positively
    ({"place": "cairo_dateline", "actors": ()}, {"place": "ain_asad", "recipients": ()}, False),
    # both from context: both sides must match
    ({"place": "cairo_dateline"}, {"place": "baghdad_dateline"}, True),
    ({"place": "cairo_dateline", "recipients": ()}, {"place": "baghdad_dateline"}, False),
])
def test_area_extents_and_context_places(store, first, second, merges):
    a = put(store, 1, event(**{"actors": (HOUTHIS,), "recipients": (SHIP,), **first}))
    b = put(store, 2, event(**{"actors": (HOUTHIS,), "recipients": (SHIP,), **second}), outlet="outlet-b.example")
    assert (incident_of(store, a) == incident_of(store, b)) is merges
    if merges:
        reasons = json.loads(store.execute("SELECT merge_reasons FROM events WHERE doc_id = ?", (b,)).fetchone()[0])
        assert any("lies within" in r or "set aside" in r for r in reasons), reasons


def test_symmetric_events_compare_participants(store):
    """"Jordan and Iraq signed" and "Iraq signed with Jordan" are one agreement; a third party is not."""
    both = put(store, 1, event("AGREE", actors=(JORDAN, IRAQ), recipients=(), place="amman", date="2025-03-11"))
    one = put(store, 2, event("AGREE", actors=(), recipients=(JORDAN,), place="baghdad_dateline",
                              date="2025-03-11"), outlet="outlet-b.example")
    other = put(store, 3, event("AGREE", actors=(JORDAN,), recipients=(actor("SYR", "SYR", "", "Syria"),),
                                place="amman", date="2025-03-11"), outlet="outlet-c.example")
    assert incident_of(store, both) == incident_of(store, one) != incident_of(store, other)
    reasons = json.loads(store.execute("SELECT merge_reasons FROM events WHERE doc_id = ?", (one,)).fetchone()[0])
    assert any(r.startswith("participants of a AGREE") for r in reasons), reasons
    # an asymmetric type keeps its sides: an attack by Jordan on Iraq is not one by Iraq on Jordan
    x = put(store, 4, event(actors=(JORDAN,), recipients=(IRAQ,), place="amman", date="2025-03-20"))
    y = put(store, 5, event(actors=(IRAQ,), recipients=(JORDAN,), place="amman", date="2025-03-20"),
            outlet="outlet-b.example")
    assert incident_of(store, x) != incident_of(store, y)


def test_a_country_inferred_from_the_place_is_no_evidence(store):
    """An agent noun whose country the extractor only inferred from the place (country_basis)
    neither blocks a merge with a named actor of another country nor vouches for one."""
    guessed = {"text": "الحكومة", "country": "OMN", "sector": "GOV", "country_basis": "location"}
    yemen_gov = actor("YEM_GOV", "YEM", "GOV", "Yemen government")
    a = put(store, 1, event("COERCE", actors=(yemen_gov,), recipients=(), date="2025-02-26"))
    b = put(store, 2, event("COERCE", actors=(guessed,), recipients=(), date="2025-02-26"), outlet="outlet-b.example")
    assert incident_of(store, a) == incident_of(store, b)
    reasons = json.loads(store.execute("SELECT merge_reasons FROM events WHERE doc_id = ?", (b,)).fetchone()[0])
    assert "actor unknown in one report" in reasons


def test_a_desk_dateline_stands_for_no_place():
    """An Iraq story filed from Cairo: the dateline is the outlet's desk, so its country is not
    the events' country; a dateline whose country the body names is."""
    from marsad.store.mentions import dateline_country

    dateline = {"text": "القاهرة -", "start": 0, "end": 9}
    cairo = {"text": "القاهرة", "start": 0, "end": 7, "type": "GPE", "country": "EGY", "field": "text"}
    iraq = {"text": "العراق", "start": 40, "end": 46, "type": "GPE", "country": "IRQ", "field": "text"}
    egypt = {"text": "المصرية", "start": 60, "end": 67, "type": "NORP", "country": "EGY", "field": "text"}
    assert dateline_country(dateline, [cairo, iraq]) is None
    assert dateline_country(dateline, [cairo, iraq, egypt]) == "EGY"


def test_no_chaining_through_an_unknown_actor(store):
    a = put(store, 1, event(actors=(KH,)))
    b = put(store, 2, event(actors=()))                      # compatible with a
    c = put(store, 3, event(actors=(IRQ_GOV,)))              # compatible with b, not with a
    assert incident_of(store, a) == incident_of(store, b) != incident_of(store, c)
    verdict = incidents.compare(*(incidents.Mention.from_row(r) for r in store.execute(
        "SELECT * FROM events WHERE doc_id IN (?, ?) ORDER BY id", (a, c))))
    assert not verdict.ok and "actors differ" in verdict.failed


def test_near_duplicate_copies_join_through_their_story(store):
    base = article(300, 200)
    a = put(store, 1, event(), text=base)
    # the copy's extraction lost the place and dated the event from its own publication day
    b = put(store, 2, event(place=None, date=None), text=light_edit(base, 1), published="2025-01-30",
            outlet="outlet-b.example")
    assert incident_of(store, a) == incident_of(store, b)
    reasons = json.loads(store.execute("SELECT merge_reasons FROM events WHERE doc_id = ?", (b,)).fetchone()[0])
    assert reasons[0].startswith("same story") and "Jaccard" in reasons[0]
    inc = store.execute("SELECT n_mentions, n_stories, n_documents FROM incidents WHERE id = ?",
                        (incident_of(store, a),)).fetchone()
    assert tuple(inc) == (2, 1, 2)


def test_rebuild_gives_the_same_incidents(store):
    put(store, 1, event())
    put(store, 2, event(date="2025-01-29", place="baghdadi"))
    put(store, 3, event(modality="threatened"))
    put(store, 4, event(type_="PROTEST", actors=(), recipients=(IRQ_GOV,), place="baghdad", score=-6.5, quad=3))
    def partition():
        groups: dict[int, set] = {}
        for doc_id, inc in store.execute("SELECT doc_id, incident_id FROM events"):
            groups.setdefault(inc, set()).add(doc_id)
        return sorted(sorted(g) for g in groups.values())
    before = partition()
    with store.transaction():
        assert incidents.rebuild(store.conn) == 3
    assert partition() == before


# -- aggregation ---------------------------------------------------------------

def tension_store(store) -> dict[str, int]:
    """W04 calm cooperation, W05 two attacks (one reported three times), W06 a threat, W07 a denial."""
    ids = {}
    pmf = actor("IRQ_PMF", "IRQ", "PRM", "Popular Mobilization Forces")
    ids["talks"] = put(store, 1, event("CONSULT", actors=(pmf,), recipients=(US_FORCES,), place="baghdad",
                                       date="2025-01-21", score=1.0, quad=1, mode=None), published="2025-01-21")
    for i, outlet in enumerate(("a.example", "b.example", "c.example")):
        ids[f"attack{i}"] = put(store, 10 + i, event(date="2025-01-28", dead=2 + i), outlet=outlet)
    ids["attack_b"] = put(store, 20, event(actors=(NUJABA,), place="baghdad", date="2025-01-30", mode="rockets"),
                          published="2025-01-30")
    ids["threat"] = put(store, 30, event("THREATEN", place="baghdad", date="2025-02-05", modality="threatened",
                                         score=-4.0, quad=3), published="2025-02-05")
    ids["denial"] = put(store, 40, event(date="2025-02-12", modality="denied"), published="2025-02-12")
    ids["other_dyad"] = put(store, 50, event(actors=(IRQ_GOV,), recipients=(actor("SYR_MIL", "SYR", "MIL"),),
                                             place="syria", date="2025-01-29"), published="2025-01-29")
    return ids


def test_tension_rises_and_falls_as_built(store):
    tension_store(store)
    periods = aggregate.tension(store.conn, "IRQ_PMF", "USA", by="week")
    by = {p.label: p for p in periods}
    assert list(by) == ["2025-W04", "2025-W05", "2025-W06", "2025-W07"]
    assert by["2025-W04"].index == pytest.approx(-1.0)          # cooperation lowers tension
    assert by["2025-W05"].index == pytest.approx(2 * 9.5)       # two incidents, the first reported three times
    assert by["2025-W06"].index == pytest.approx(4.0 * 0.3)     # a threat weighs 0.3
    assert by["2025-W07"].index == pytest.approx(0.0) and len(by["2025-W07"].contributions) == 1  # denied: 0
    assert by["2025-W04"].index < by["2025-W07"].index < by["2025-W06"].index < by["2025-W05"].index
    top = by["2025-W05"].contributions[0]
    assert "part of IRQ_PMF" in top.why_a and top.direction == "A→B"
    # names and countries work too; the IRQ–SYR incident is not in the IRQ_PMF–USA dyad
    assert aggregate.tension(store.conn, "Kataib Hezbollah", "USA_MIL", by="month")[0].index == pytest.approx(9.5)
    assert sum(p.index for p in aggregate.tension(store.conn, "IRQ", "SYR", by="month")) == pytest.approx(9.5)


def test_actor_matching_uses_the_knowledge_base():
    parents, aligned = aggregate.relations("IRQ_NUJABA")
    if not parents:
        pytest.skip("knowledge base without IRQ_NUJABA")
    spec = aggregate.ActorSpec("IRQ_PMF")
    assert "part of IRQ_PMF" in spec.why({"id": "IRQ_NUJABA", "country": "IRQ"})
    assert aggregate.ActorSpec("IRN").why({"id": "IRQ_NUJABA", "country": "IRQ"}) == "IRQ_NUJABA is aligned with IRN"
    assert aggregate.ActorSpec("USA").why({"id": "USA_MIL", "country": "USA"}) == "country USA"
    assert aggregate.ActorSpec("IRQ_PMF").why({"id": "USA_MIL", "country": "USA"}) is None


def test_counts_count_incidents_once(store):
    tension_store(store)
    recs = aggregate.counts(store.conn, "week", "type", Filters.make(modality="occurred"))
    w05 = {r["group"]: r["count"] for r in recs if r["label"] == "2025-W05"}
    assert w05 == {"ASSAULT": 3}  # the thrice-reported attack, the Nujaba attack, the IRQ–SYR one
    fatal = {r["label"]: r["fatalities"] for r in aggregate.counts(store.conn, "week", "none", Filters.make(type="ASSAULT"))}
    assert fatal["2025-W05"] == 4  # highest reported toll of the one incident, not 2+3+4


def test_tension_cli(tmp_path, capsys):
    with Store(tmp_path / "t.db") as s:
        tension_store(s)
    code = store_main(["tension", "IRQ_PMF", "USA", "--by", "week", "--db", str(tmp_path / "t.db")])
    out = capsys.readouterr().out
    assert code == 0 and "2025-W05" in out and "+19.00" in out and "ASSAULT asserted" in out


# -- exports -------------------------------------------------------------------

def documented_columns() -> dict[str, list[str]]:
    doc = (REPO / "docs" / "export-columns.md").read_text(encoding="utf-8")
    out, schema = {}, None
    for line in doc.splitlines():
        if line.startswith("## "):
            schema = line[3:].split()[0].lower()
            out[schema] = []
        elif schema and line.startswith("| `"):
            out[schema].append(line.split("`")[1])
    return out


@pytest.mark.parametrize("schema", export.SCHEMAS)
def test_exports_open_with_documented_columns_and_round_trip(tmp_path, schema):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    db = tmp_path / "e.db"
    with Store(db) as s:
        tension_store(s)
        n_incidents = s.count("incidents")
        ids = {r[0] for r in s.execute("SELECT id FROM incidents")}
    names = [c.name for c in export.columns(schema)]
    assert documented_columns()[schema] == names
    id_col = {"plover": "event_id", "acled": "event_id_cnty", "gdelt": "GLOBALEVENTID"}[schema]
    for fmt in export.FORMATS:
        out = tmp_path / f"x.{fmt}"
        assert store_main(["export", "--format", fmt, "--schema", schema, "-o", str(out), "--db", str(db)]) == 0
        df = export.read_export(out, schema)
        assert list(df.columns) == names and len(df) == n_incidents
        got = {int(str(v).removeprefix("MRS")) for v in df[id_col]}
        assert got == ids  # every incident survives the round trip
        for c in export.columns(schema):
            assert str(df[c.name].dtype) == {"string": "string", "int64": "Int64", "float64": "Float64"}[c.type]
            if not c.nullable:
                assert not df[c.name].isna().any(), c.name
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.schema.equals(export.arrow_schema(schema), check_metadata=False)
    plain = pd.read_parquet(tmp_path / "x.parquet")
    assert len(plain) == n_incidents
    plain_csv = pd.read_csv(tmp_path / "x.csv")
    assert list(plain_csv.columns) == names


def test_export_filters(tmp_path):
    pytest.importorskip("pandas")
    db = tmp_path / "e.db"
    with Store(db) as s:
        tension_store(s)
        rows = export.rows(s.conn, "acled", Filters.make(type="ASSAULT", country="IRQ", modality="asserted",
                                                         since="2025-01-28", until="2025-01-31"))
        assert {r["event_date"] for r in rows} == {"2025-01-28", "2025-01-30"}
        acled = {r["event_date"]: r for r in rows}["2025-01-28"]
        assert acled["event_type"] == "Explosions/Remote violence" and acled["sub_event_type"] == "Air/drone strike"
        assert acled["inter1"] == 3 and acled["inter2"] == 8 and acled["fatalities"] == 4
        assert "a.example" in acled["source"] and acled["time_precision"] == 1
        g = export.rows(s.conn, "gdelt", Filters.make(type="ASSAULT", since="2025-01-28", until="2025-01-28"))
        assert g[0]["SQLDATE"] == 20250128 and g[0]["Actor1Code"] == "IRQUAF" and g[0]["Actor2Code"] == "USAMIL"
    from marsad.store import open_store

    with open_store(db) as view:
        assert len(view.incidents(type="ASSAULT")) == 4
        ev = view.events(type="ASSAULT", since="2025-01-28", until="2025-01-28")
        assert len(ev) == 3 and ev["incident_id"].nunique() == 1
        t = view.tension("IRQ_PMF", "USA", by="week")
        assert list(t["label"]) == ["2025-W04", "2025-W05", "2025-W06", "2025-W07"]
        assert t.loc[t["label"] == "2025-W05", "index"].item() == pytest.approx(19.0)
        assert set(view.counts(by="month", group="modality")["group"]) >= {"asserted", "threatened", "denied"}


def test_incident_cli(tmp_path, capsys):
    db = tmp_path / "c.db"
    with Store(db) as s:
        a = put(s, 1, event())
        put(s, 2, event(place="baghdadi"), outlet="second.example")
        inc = incident_of(s, a)
    assert store_main(["incident", "show", str(inc), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Incident {inc}: ASSAULT (drone), asserted" in out and "second.example" in out and "km apart" in out
    assert store_main(["incident", "list", "--db", str(db), "--type", "ASSAULT"]) == 0
    assert "ASSAULT" in capsys.readouterr().out
    assert store_main(["incident", "show", "999", "--db", str(db)]) == 1
    assert store_main(["export", "--db", str(tmp_path / "missing.db")]) == 1
    assert store_main(["incident", "list", "--db", str(db), "--modality", "sure"]) == 2


def test_demo_database_invariants(tmp_path):
    """The demo corpus through the full pipeline: whatever the extractors find, the store stays consistent."""
    if not demo_corpus_path().exists():
        pytest.skip("demo corpus not present")
    db = tmp_path / "demo.db"
    summary = build_demo_db(db)
    assert summary.failed == 0 and summary.stored == summary.inputs > 0
    with Store(db) as s:
        c = s.conn
        assert c.execute("SELECT COUNT(*) FROM events WHERE incident_id IS NULL").fetchone()[0] == 0
        bad = c.execute("""SELECT i.id FROM incidents i WHERE n_mentions != (SELECT COUNT(*) FROM events e WHERE e.incident_id = i.id)
                           OR EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id AND (e.type != i.type OR e.mclass != i.mclass))""").fetchall()
        assert not bad
        for inc_id, modality in c.execute("SELECT id, modality FROM incidents").fetchall():
            mods = {r[0] for r in c.execute("SELECT modality FROM events WHERE incident_id = ?", (inc_id,))}
            assert (modality == "asserted") == ("asserted" in mods)
            firsts = c.execute("SELECT COUNT(*) FROM events WHERE incident_id = ? AND merge_reasons IS NULL",
                               (inc_id,)).fetchone()[0]
            assert firsts == 1  # one opening mention; every other one says why it joined
            assert format_incident(incident_detail(c, inc_id)).startswith(f"Incident {inc_id}:")
        assert len(export.rows(c, "plover")) == s.count("incidents")
