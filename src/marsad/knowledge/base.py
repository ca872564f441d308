"""The knowledge base: every actor, person, place and weapon Marsad knows, by surface form.

Entries come from reviewed data files (see data/README.md). Each surface form is
normalized and tokenized; a form that two entries share is decided by the
priority of their kinds (PRIORITY below), then by the gazetteer's ranking — so
every lookup has one answer and `explain()` says why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from ..text.normalize import normalize
from ..text.tokens import tokenize
from .tsv import DATA_DIR

CACHE_VERSION = 3

# Places of one kind that share a name in two countries (الجوف in Saudi Arabia and
# Yemen) are decided at extraction time by the countries the article names, then by
# the ranking below; actors of one kind never share a full form (a data test checks).
PLACE_KINDS = {"capital", "admin1", "curated_place", "region", "geonames", "user"}

# Lower number wins when two entries share a form. Curated actors beat places,
# curated places beat GeoNames; short forms (safe only in context) lose to all.
PRIORITY = {
    "person": 10, "organization": 11, "institution": 12, "country": 13, "nationality": 14,
    "weapon": 15, "capital": 20, "admin1": 21, "curated_place": 22, "region": 23,
    "user": 35, "geonames": 40, "role": 50, "short": 60,
}


@dataclass
class Entry:
    id: str
    type: str  # PERSON, ORG, GPE, LOC, FAC, NORP, WEAPON, ROLE
    name_en: str
    kind: str  # key of PRIORITY: where the entry comes from
    country: str = ""
    sector: str = ""
    parent: str = ""
    aligned_with: str = ""
    qid: str = ""
    lat: float | None = None
    lon: float | None = None
    feature: str = ""
    admin1: str = ""
    precision: str = ""
    population: int = 0
    capital_of: str = ""  # ISO3 when this place is a capital (usable for its government)
    roles: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def role_at(self, date: str | None) -> dict | None:
        """The role this person held on `date` (ISO), the latest-starting if several."""
        if not self.roles:
            return None
        if not date:
            return max(self.roles, key=lambda r: r.get("start") or "")
        held = [r for r in self.roles if (r.get("start") or "0000") <= date < (r.get("end") or "9999")]
        return max(held, key=lambda r: r.get("start") or "") if held else None


@dataclass
class FormHit:
    entry: int  # index into KnowledgeBase.entries
    kind: str  # "full", "alias" (safe short form), "weak" (a place only after a locative cue), "short" (needs the full name)
    form: str
    prio: int = 30  # priority of the source that added this form (PRIORITY), lower wins


class KnowledgeBase:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.by_id: dict[str, int] = {}
        self.forms: dict[tuple[str, ...], list[FormHit]] = {}
        self.max_len: dict[str, int] = {}  # first token → longest form length in tokens
        self.blocklist: set[str] = set()
        self.role_nouns: dict[tuple[str, ...], dict] = {}
        # short forms marked '+' in people/*.tsv: family names (جنبلاط، لاريجاني) that name a person
        # even where the article does not say which one
        self.family_names: set[tuple[str, ...]] = set()
        self.sources: list[str] = []

    # -- building -------------------------------------------------------------
    def add(self, entry: Entry, forms: list[str], short_forms: list[str] = ()) -> int:
        if entry.id in self.by_id:
            idx = self.by_id[entry.id]
            known = self.entries[idx]
            # A hand-written organisation row that names a generated institution (GBR_GOV)
            # takes it over: its forms are deliberate, the template's are generic.
            if PRIORITY.get(entry.kind, 30) < PRIORITY.get(known.kind, 30):
                known.kind = entry.kind
        else:
            idx = len(self.entries)
            self.entries.append(entry)
            self.by_id[entry.id] = idx
        for form in forms:
            self._add_form(form, idx, "full")
        for form in short_forms:
            self._add_form(form, idx, "short")
        return idx

    def add_form(self, form: str, idx: int, kind: str) -> None:
        """Add one form: kind "full", "alias" (a safe short form) or "short" (needs context)."""
        self._add_form(form, idx, kind)

    def _add_form(self, form: str, idx: int, kind: str) -> None:
        key = form_key(form)
        if not key or (len(key) == 1 and key[0] in self.blocklist and self.entries[idx].kind == "geonames"):
            return
        hits = self.forms.setdefault(key, [])
        if any(h.entry == idx for h in hits):
            return
        entry = self.entries[idx]
        prio = PRIORITY["short"] if kind == "short" else PRIORITY.get(entry.kind, 30) + {"alias": 5, "weak": 20}.get(kind, 0)
        hits.append(FormHit(idx, kind, form, prio))
        if self.max_len.get(key[0], 0) < len(key):
            self.max_len[key[0]] = len(key)

    def finish(self) -> None:
        """Order each form's candidates by priority so that the first one decides."""
        for key, hits in self.forms.items():
            hits.sort(key=self._rank)

    def _rank(self, hit: FormHit) -> tuple:
        e = self.entries[hit.entry]
        mena = 0 if e.country in MENA_ISO3 else 1
        return (hit.prio, mena, -e.population, e.id)

    # -- lookup ---------------------------------------------------------------
    def lookup(self, text: str) -> list[tuple[Entry, FormHit]]:
        key = form_key(text)
        return [(self.entries[h.entry], h) for h in self.forms.get(key, [])]

    def get(self, entry_id: str) -> Entry | None:
        idx = self.by_id.get(entry_id)
        return None if idx is None else self.entries[idx]

    def explain(self, text: str) -> list[str]:
        """Human-readable account of how `text` resolves, best candidate first."""
        from .matcher import find_mentions

        lines = []
        mentions = find_mentions(self, text)
        if not mentions:
            return [f"{text!r}: no known form (normalized: {normalize(text)!r})"]
        for m in mentions:
            lines.append(f"{text[m.start:m.end]!r} [{m.start}:{m.end}] via form {m.form!r}"
                         + (f" after clitic {m.clitic!r}" if m.clitic else ""))
            for rank, (e, hit) in enumerate(m.candidates(self)):
                verdict = "→ chosen" if rank == 0 else "  also"
                where = f" ({e.lat:.4f}, {e.lon:.4f})" if e.lat is not None else ""
                lines.append(f"  {verdict} {e.id} {e.type} {e.name_en!r} kind={e.kind}"
                             f"{' (short form: needs the full name in the article)' if hit.kind == 'short' else ''}"
                             f" country={e.country or '-'} sector={e.sector or '-'}{where}")
        return lines

    def stats(self) -> dict[str, int]:
        from collections import Counter

        kinds = Counter(e.kind for e in self.entries)
        types = Counter(e.type for e in self.entries)
        actor_types = {"PERSON", "ORG", "NORP"}
        actor_forms = sum(
            1 for key, hits in self.forms.items()
            if any(self.entries[h.entry].type in actor_types or self.entries[h.entry].kind in ("country", "capital") for h in hits)
        )
        places = sum(1 for e in self.entries if e.type in ("GPE", "LOC", "FAC"))
        return {
            "entries": len(self.entries),
            "surface_forms": len(self.forms),
            "actors (countries, organisations, institutions, people)": sum(
                kinds[k] for k in ("country", "organization", "institution", "person")),
            "actor_surface_forms": actor_forms,
            "countries": kinds["country"],
            "organizations": kinds["organization"],
            "institutions (generated)": kinds["institution"],
            "people": kinds["person"],
            "people_roles": sum(len(e.roles) for e in self.entries if e.kind == "person"),
            "nationality_entries": kinds["nationality"],
            "role_nouns": len(self.role_nouns),
            "places": places,
            "places_geonames": kinds["geonames"],
            "places_curated": kinds["curated_place"] + kinds["admin1"] + kinds["region"] + kinds["capital"],
            "admin1": kinds["admin1"],
            "weapons": kinds["weapon"],
            "PERSON": types["PERSON"], "ORG": types["ORG"], "GPE": types["GPE"], "LOC": types["LOC"],
            "FAC": types["FAC"], "NORP": types["NORP"],
        }


def form_key(form: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(form) if t.norm not in ("'", '"', "«", "»", "(", ")"))


MENA_ISO3 = {
    "IRQ", "SYR", "LBN", "JOR", "PSE", "ISR", "SAU", "YEM", "OMN", "ARE", "QAT", "BHR", "KWT", "EGY", "LBY",
    "TUN", "DZA", "MAR", "MRT", "SDN", "SOM", "DJI", "COM", "IRN", "TUR", "ESH",
}


# -- loading -------------------------------------------------------------------

def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*.tsv"))


def _fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    # the code that builds the cache is part of its key, so a code change never reads a stale pickle
    for src in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(src.read_bytes())
    for src in sorted((Path(__file__).resolve().parents[1] / "text").glob("*.py")):
        h.update(src.read_bytes())
    for root in (data_dir, user_dir()):
        for p in data_files(root) if root.exists() else []:
            st = p.stat()
            h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    try:
        from . import gazetteer

        h.update(gazetteer.cache_key().encode())
    except Exception:  # gazetteer not available: curated data only
        pass
    return h.hexdigest()[:20]


def cache_dir() -> Path:
    return Path(os.environ.get("MARSAD_CACHE") or Path.home() / ".cache" / "marsad")


def user_dir() -> Path:
    """Where `marsad dictionary import` puts a user's own dictionaries."""
    return cache_dir() / "user"


_KB: KnowledgeBase | None = None


def load(data_dir: Path = DATA_DIR, use_cache: bool = True) -> KnowledgeBase:
    """The compiled knowledge base, from the on-disk cache when the data is unchanged."""
    global _KB
    if _KB is not None and data_dir == DATA_DIR and use_cache:
        return _KB
    kb = None
    path = cache_dir() / f"kb-{_fingerprint(data_dir)}.pickle"
    if use_cache and path.exists():
        try:
            with open(path, "rb") as fh:
                kb = pickle.load(fh)
        except Exception:
            kb = None
    if kb is None:
        kb = build(data_dir)
        if use_cache:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                with open(tmp, "wb") as fh:
                    pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
                for old in path.parent.glob("kb-*.pickle"):  # caches of older data or code
                    if old != path:
                        old.unlink(missing_ok=True)
            except OSError:
                pass  # a read-only home still works, just slower to start
    if data_dir == DATA_DIR and use_cache:
        _KB = kb
    return kb


def build(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    from . import loaders

    kb = KnowledgeBase()
    loaders.load_all(kb, data_dir)
    kb.finish()
    return kb


def iso_date(value: str) -> str:
    """Normalize a partial date (YYYY, YYYY-MM, YYYY-MM-DD) to a comparable ISO string."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]):04d}-01-01"
    if len(parts) == 2:
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-01"
    return dt.date.fromisoformat(value).isoformat()
