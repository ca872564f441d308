"""Load each data file kind into the KnowledgeBase. One function per file kind."""
from __future__ import annotations

import itertools
import logging
from pathlib import Path

from .base import Entry, KnowledgeBase, MENA_ISO3, form_key, iso_date
from .tsv import read_rows, split_forms, to_float

log = logging.getLogger(__name__)
MAJOR_POWERS = {"USA", "GBR", "FRA", "RUS", "CHN", "DEU", "TUR", "IRN"}

PLACE_FEATURE_TYPES = {
    "ADM1": ("GPE", "admin1"), "REGION": ("LOC", "region"), "WATER": ("LOC", "curated_place"),
    "DISTRICT": ("GPE", "curated_place"), "NEIGHBORHOOD": ("GPE", "curated_place"), "CITY": ("GPE", "curated_place"),
    "CAMP": ("GPE", "curated_place"),
}


def load_all(kb: KnowledgeBase, data_dir: Path) -> None:
    kb.blocklist = load_blocklist(data_dir)
    countries = load_countries(kb, data_dir)
    load_institutions(kb, data_dir, countries)
    load_organizations(kb, data_dir)
    load_people(kb, data_dir)
    load_role_nouns(kb, data_dir)
    load_weapons(kb, data_dir)
    load_places(kb, data_dir)
    load_user_layer(kb)


def load_user_layer(kb: KnowledgeBase) -> None:
    """Dictionaries the user imported (PETRARCH and others): lower priority than ours."""
    from .base import form_key, user_dir

    root = user_dir()
    for path in sorted((root / "organizations").glob("*.tsv")) if (root / "organizations").exists() else []:
        for r in read_rows(path):
            kb.add(Entry(r["id"], "ORG" if r.get("sector") not in ("", "GOV") or not r.get("country") else "ORG",
                         r.get("name_en", ""), "user", country=r.get("country", ""), sector=r.get("sector", ""),
                         extra={"file": str(path), "note": r.get("note", "")}),
                   split_forms(r.get("forms_ar")))
    for path in sorted((root / "role_nouns").glob("*.tsv")) if (root / "role_nouns").exists() else []:
        for r in read_rows(path):
            key = form_key(r.get("form_ar", ""))
            if key and key not in kb.role_nouns:
                kb.role_nouns[key] = {"role": r.get("role_en", ""), "sector": r.get("sector", ""),
                                      "anonymous": False, "number": ""}


def load_blocklist(data_dir: Path) -> set[str]:
    from ..text.normalize import normalize

    path = data_dir / "places" / "blocklist.tsv"
    if not path.exists():
        return set()
    return {normalize(r["form_ar"]).strip() for r in read_rows(path) if r.get("form_ar")}


def load_countries(kb: KnowledgeBase, data_dir: Path) -> list[dict]:
    path = data_dir / "countries.tsv"
    if not path.exists():
        log.warning("knowledge: %s missing", path)
        return []
    rows = read_rows(path)
    for r in rows:
        iso3 = r["iso3"]
        kb.add(Entry(iso3, "GPE", r["name_en"], "country", country=iso3, sector="", qid=r.get("qid", ""),
                     lat=to_float(r.get("lat")), lon=to_float(r.get("lon")), feature="COUNTRY", precision="country",
                     extra={"bbox": r.get("bbox", ""), "iso2": r.get("iso2", ""), "region": r.get("region", "")}),
               *split_marked(r["names_ar"]))
        adj = [split_marked(r.get(col, "")) for col in ("adj_m", "adj_f", "adj_pl")]
        kb.add(Entry(f"NORP_{iso3}", "NORP", f"{r['name_en']} (nationality)", "nationality", country=iso3),
               [f for safe, _ in adj for f in safe], [f for _, amb in adj for f in amb])
        if r.get("capital_ar"):
            kb.add(Entry(f"{iso3}_CAPITAL", "GPE", r.get("capital_en", ""), "capital", country=iso3,
                         lat=to_float(r.get("capital_lat")), lon=to_float(r.get("capital_lon")),
                         feature="CAPITAL", precision="city", capital_of=iso3),
                   *split_marked(r["capital_ar"]))
    return rows


def _definite(adjective: str) -> str:
    """ال + adjective; a multi-word nisba (كوري شمالي) takes the article on every word
    (الكوري الشمالي), a compound with a noun first (جنوب أفريقي) only on the first."""
    words = adjective.split()
    if len(words) > 1 and words[0].endswith(("ي", "ية")):
        return " ".join("ال" + w for w in words)
    return "ال" + adjective


def _expand(template: str, country: dict) -> list[str]:
    """All forms of an institution template for one country's names and adjectives."""
    slots = {
        "adj_m": split_forms(country.get("adj_m")),
        "adj_f": split_forms(country.get("adj_f")),
        "name": split_forms(country.get("names_ar")),
    }
    used = [k for k in slots if "{" + k + "}" in template]
    if any(not slots[k] for k in used):
        return []
    out = []
    for combo in itertools.product(*(slots[k] for k in used)):
        form = template
        ambiguous = form.startswith("~")
        for k, v in zip(used, combo):
            ambiguous = ambiguous or v.startswith("~")
            v = v.lstrip("~")
            form = form.replace("ال{" + k + "}", _definite(v)).replace("{" + k + "}", v)
        form = form.lstrip("~").replace("الال", "ال")  # names that carry the article (ال + العراق)
        out.append("~" + form if ambiguous else form)
    return out


def split_marked(cell: str) -> tuple[list[str], list[str]]:
    """Forms of a cell, split into (safe, ambiguous): '~' marks a form that is also an
    ordinary word (مالي 'financial'); it counts only in context, like a short form."""
    forms = split_forms(cell)
    return [f for f in forms if not f.startswith("~")], [f[1:] for f in forms if f.startswith("~")]


def load_institutions(kb: KnowledgeBase, data_dir: Path, countries: list[dict]) -> None:
    path = data_dir / "institutions.tsv"
    if not path.exists():
        return
    for t in read_rows(path):
        for c in countries:
            iso3 = c["iso3"]
            if t.get("scope", "all") != "all" and iso3 not in MENA_ISO3 | MAJOR_POWERS:
                continue
            forms = [f for tpl in split_forms(t["forms_ar"]) for f in _expand(tpl, c)]
            if forms:
                kb.add(Entry(f"{iso3}_{t['key']}", "ORG", t["name_en"].replace("{name}", c["name_en"]),
                             "institution", country=iso3, sector=t["sector"]),
                       [f for f in forms if not f.startswith("~")], [f[1:] for f in forms if f.startswith("~")])


def load_organizations(kb: KnowledgeBase, data_dir: Path) -> None:
    folder = data_dir / "organizations"
    for path in sorted(folder.glob("*.tsv")) if folder.exists() else []:
        for r in read_rows(path):
            if not r.get("id"):
                continue
            # '^قوات الاحتلال': a form that names this body only in an article about one of the
            # row's context_countries (else the matcher leaves it unresolved); see matcher.py
            cell = r.get("forms_ar", "")
            bound = [f[1:] for f in split_forms(cell) if f.startswith("^")]
            cell = "|".join(f for f in split_forms(cell) if not f.startswith("^"))
            extra = {"file": path.name}
            if bound:
                extra["context_countries"] = frozenset(split_forms(r.get("context_countries")) or [r.get("country", "")])
            idx = kb.add(Entry(r["id"], "ORG", r.get("name_en", ""), "organization", country=r.get("country", ""),
                               sector=r.get("sector", ""), parent=r.get("parent", ""),
                               aligned_with=r.get("aligned_with", ""), qid=r.get("qid", ""),
                               extra=extra),
                         split_marked(cell)[0],
                         split_forms(r.get("short_forms_ar")) + split_marked(cell)[1])
            for form in bound:
                kb.add_form(form, idx, "context")


def load_people(kb: KnowledgeBase, data_dir: Path) -> None:
    folder = data_dir / "people"
    if not (folder / "people.tsv").exists():
        return
    roles: dict[str, list[dict]] = {}
    if (folder / "roles.tsv").exists():
        for r in read_rows(folder / "roles.tsv"):
            try:
                start, end = iso_date(r.get("start", "")), iso_date(r.get("end", ""))
            except ValueError:
                log.warning("people/roles.tsv: bad date in %s", r)
                continue
            roles.setdefault(r["person_id"], []).append({
                "role_en": r.get("role_en", ""), "role_ar": r.get("role_ar", ""), "sector": r.get("sector", ""),
                "organization": r.get("organization", ""), "country": r.get("country", ""),
                "start": start, "end": end,
            })
    rows = [r for path in [folder / "people.tsv", *sorted(folder.glob("world_*.tsv"))] for r in read_rows(path)]
    for r in rows:
        # Short forms: '*الأسد' needs the full name earlier in the article; '+جنبلاط' too, but it
        # is a family name, so alone it is still a person (which one unknown); an unmarked short
        # form (ترامب, نتنياهو) names the person on its own.
        shorts = split_forms(r.get("short_forms_ar"))
        idx = kb.add(Entry(r["id"], "PERSON", r.get("name_en", ""), "person", country=r.get("country", ""),
                           qid=r.get("qid", ""), roles=roles.get(r["id"], [])),
                     split_marked(r.get("forms_ar", ""))[0],
                     [f[1:] for f in shorts if f[:1] in "*+"] + split_marked(r.get("forms_ar", ""))[1])
        for form in shorts:
            if form.startswith("+"):
                kb.family_names.add(form_key(form[1:]))
            elif not form.startswith("*"):
                kb.add_form(form, idx, "alias")


def load_role_nouns(kb: KnowledgeBase, data_dir: Path) -> None:
    from .base import form_key

    path = data_dir / "people" / "role_nouns.tsv"
    if not path.exists():
        return
    for r in read_rows(path):
        key = form_key(r["form_ar"])
        if key:
            kb.role_nouns[key] = {"role": r.get("role_en", ""), "sector": r.get("sector", ""),
                                  "anonymous": r.get("anonymous", "").lower() == "yes",
                                  "number": r.get("number", "")}


def load_weapons(kb: KnowledgeBase, data_dir: Path) -> None:
    path = data_dir / "events" / "weapons.tsv"
    if not path.exists():
        return
    for r in read_rows(path):
        kb.add(Entry(f"W_{r['id']}", "WEAPON", r.get("name_en", ""), "weapon",
                     extra={"category": r.get("category", ""), "plover_mode": r.get("plover_mode", "")}),
               split_forms(r.get("forms_ar")))


def load_places(kb: KnowledgeBase, data_dir: Path) -> None:
    try:
        from . import gazetteer
    except ImportError:
        return
    try:
        places = gazetteer.load_gazetteer()
    except Exception as exc:  # keep actors usable even if the gazetteer cannot load
        log.warning("knowledge: gazetteer unavailable: %s", exc)
        return
    for p in places:
        feature = (p.feature or "").upper()
        if feature in ("COUNTRY", "CAPITAL"):
            continue  # loaded from countries.tsv
        if p.source == "geonames" or p.source.startswith("user"):
            etype, kind = "GPE", "geonames"
        else:
            etype, kind = PLACE_FEATURE_TYPES.get(feature, ("FAC", "curated_place"))
        idx = kb.add(Entry(p.id, etype, p.name_en, kind, country=_iso3(p.country), lat=p.lat, lon=p.lon,
                           feature=feature, admin1=p.admin1, precision=p.precision, population=p.population or 0,
                           extra={"geonameid": p.geonameid, "source": p.source,
                                  **({"extent_km": p.extent_km} if getattr(p, "extent_km", None) else {})}),
                     list(p.forms_ar))
        for form in p.forms_ar:
            words = form.split()
            if len(words) == 2 and words[1].startswith("ال") and len(form) >= 8:
                kb.add_form(words[0] + words[1], idx, "full")  # hashtags join names: #حفرالباطن
        for form in getattr(p, "weak_forms", ()) or ():
            kb.add_form(form, idx, "weak")  # also a common word (صور): a place only after في، ب، قرب


_ISO2_TO_3: dict[str, str] = {}


def _iso3(code: str) -> str:
    if len(code or "") != 2:
        return code or ""
    if not _ISO2_TO_3:
        import pycountry

        for c in pycountry.countries:
            _ISO2_TO_3[c.alpha_2] = c.alpha_3
        _ISO2_TO_3["XK"] = "XKX"
    return _ISO2_TO_3.get(code.upper(), code)
