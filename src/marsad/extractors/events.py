"""PLOVER events: triggers (verbs and verbal nouns), modality, actors, place, date, size.

Per sentence: find triggers; check each trigger's context rule; decide modality
from cues around it (denial, negation, condition, threat, plan, hypothesis,
demand, allegation); pick actor and recipient from the entities around it by
Arabic word order; attach place, date, quantities and the quote that reports it.
A violent act in the future tense or under a threat cue is recorded as THREATEN,
never as the act itself.
"""
from __future__ import annotations

from functools import lru_cache

from ..document import Document
from ..knowledge.lexicon import Lexicon, load_table, word_set
from .views import FieldView, views

VIOLENT = {"ASSAULT", "COERCE"}
ACTOR_TYPES = {"PERSON", "ORG", "NORP"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}
# When several cues apply, the first in this order wins.
MODALITY_ORDER = ["denied", "negated", "conditional", "threatened", "planned", "hypothetical", "demanded", "alleged"]
_WINDOW_BEFORE = {"negated": 3, "denied": 14, "conditional": 40, "threatened": 8, "planned": 6,
                  "hypothetical": 4, "demanded": 6, "alleged": 8}
_COMPLEMENTIZERS = {"ان", "فان", "انه", "انها", "لكن", "ولكن"}
_PASSIVE_CUES = {"تعرض", "تعرضت", "تعرضوا", "يتعرض", "تتعرض", "تم", "جرى"}
_CLAUSE_BREAKS = {"،", ",", "؛", ";", ":", "."}


@lru_cache(maxsize=1)
def triggers() -> Lexicon:
    return load_table("events/triggers.tsv", "forms_ar")


@lru_cache(maxsize=1)
def modality_cues() -> Lexicon:
    return load_table("events/modality_cues.tsv", "cue_ar")


@lru_cache(maxsize=1)
def trigger_objects() -> Lexicon:
    return load_table("events/trigger_objects.tsv")


def _sport_context(words) -> bool:
    strong = weak = 0
    lex = load_table_cached("lexicon/sport_context.tsv")
    for m in lex.find(words, clitics=True):
        if m.payloads[0].get("strength") == "strong":
            strong += 1
        else:
            weak += 1
    return strong > 0 or weak > 1


@lru_cache(maxsize=None)
def load_table_cached(path: str) -> Lexicon:
    return load_table(path)


def extract_events(doc: Document) -> None:
    events = []
    for name, view in views(doc).items():
        ents = [e for e in doc.entities if e["field"] == name]
        for s_start, s_end in view.sentences:
            words = [w for w in view.words if s_start <= w.start < s_end]
            events += _sentence_events(doc, view, words, ents, s_start, s_end)
    doc.events = events


def _imperfect(norm: str) -> bool:
    return len(norm) > 2 and (norm[0] in "ين" or (norm[0] == "ت" and not norm.endswith(("ت", "وا"))))


def _context_ok(rule: str, words, i: int, j: int, ents, sport: bool) -> bool:
    if not rule:
        return True
    objects = trigger_objects()
    window = words[j:j + 3]
    kinds = {p["kind"] for m in objects.find(window, clitics=True) for p in m.payloads}
    ent_after = [e for e in ents if window and window[0].start <= e["start"] <= window[-1].end]
    for part in rule.split("|"):
        if part == "not_sport" and sport:
            return False
        if part == "military_context" and not (kinds & {"military", "weapon"} or any(e["type"] == "WEAPON" or e.get("sector") == "MIL" for e in ent_after)):
            return False
        if part == "with_weapon" and not ("weapon" in kinds or any(e["type"] == "WEAPON" for e in ent_after)):
            return False
        if part == "object_human" and not any(e["type"] in ACTOR_TYPES | {"GPE"} for e in ent_after):
            return False
    return True


def _modality(words, i: int, j: int, cue_matches, future: bool) -> tuple[str, dict | None]:
    found: dict[str, dict] = {}
    for m in cue_matches:
        row = m.payloads[0]
        mod = row.get("modality", "")
        scope = row.get("scope", "either") or "either"
        if m.start_token < i and scope in ("before", "either"):
            if i - m.end_token <= _WINDOW_BEFORE.get(mod, 6):
                if row.get("cue_ar", "").strip() in ("قد",) and (m.end_token >= len(words) or not _imperfect(words[m.end_token].norm)):
                    continue  # قد + past is emphasis, not possibility
                found.setdefault(mod, {"text": " ".join(w.text for w in words[m.start_token:m.end_token]),
                                       "start": words[m.start_token].start, "end": words[m.end_token - 1].end})
        elif m.start_token >= j and scope in ("after", "either") and m.start_token - j <= 4:
            found.setdefault(mod, {"text": " ".join(w.text for w in words[m.start_token:m.end_token]),
                                   "start": words[m.start_token].start, "end": words[m.end_token - 1].end})
    if future and "threatened" not in found:
        found["planned"] = {"text": words[i].text, "start": words[i].start, "end": words[i].end}
    for mod in MODALITY_ORDER:
        if mod in found:
            return mod, found[mod]
    return "asserted", None


def _actor_fields(e: dict) -> dict:
    out = {k: e.get(k) for k in ("text", "start", "end", "id", "name_en", "type", "country", "sector")}
    if e.get("capital_of"):  # واشنطن أبلغتنا: a capital acting is its government
        out.update({"id": f"{e['capital_of']}_GOV", "country": e["capital_of"], "sector": "GOV", "type": "ORG",
                    "name_en": f"government ({e.get('name_en')})"})
    if e.get("role"):
        out["role"] = e["role"]
    return out


def _is_actorlike(e: dict) -> bool:
    return e["type"] in ACTOR_TYPES or bool(e.get("capital_of")) or e.get("feature") == "COUNTRY"


def _clause_bounds(words, i: int, j: int) -> tuple[int, int]:
    a = i
    while a > 0 and words[a - 1].norm not in _CLAUSE_BREAKS:
        a -= 1
    b = j
    while b < len(words) and words[b].norm not in _CLAUSE_BREAKS:
        b += 1
    return a, b


def _sentence_events(doc, view: FieldView, words, ents, s_start, s_end) -> list[dict]:
    if not words:
        return []
    sport = _sport_context(words)
    cue_matches = modality_cues().find(words, clitics=True)
    sent_ents = [e for e in ents if s_start <= e["start"] < s_end]
    out = []
    matches = triggers().find(words, clitics=True, future=True)
    threat_in_sentence = any(p.get("plover") == "THREATEN" for m in matches for p in m.payloads)
    for m in matches:
        i, j = m.start_token, m.end_token
        row = next((p for p in m.payloads if _context_ok(p.get("context_required", ""), words, i, j, sent_ents, sport)), None)
        if row is None:
            continue
        plover = row["plover"]
        if plover in VIOLENT and sport:
            continue  # هاجم المدرب الحكم: criticism, not an assault
        modality, cue = _modality(words, i, j, cue_matches, m.future)
        mode = row.get("mode") or None
        threatened_action = None
        if plover in VIOLENT and modality in ("threatened", "planned") and m.future or (plover in VIOLENT and modality == "threatened"):
            if threat_in_sentence:
                continue  # the THREATEN trigger of this sentence carries it
            threatened_action, plover, mode = row["plover"], "THREATEN", row.get("mode") or None
            modality = "threatened"
            for mod in ("conditional",):
                if any(p.payloads[0].get("modality") == mod and p.start_token < i for p in cue_matches):
                    modality = mod
        trig_start, trig_end = words[i].start + _clitic_chars(words[i], m.clitic_len), words[j - 1].end
        ca, cb = _clause_bounds(words, i, j)
        before = [e for e in sent_ents if e["end"] <= trig_start and _is_actorlike(e)]
        after = [e for e in sent_ents if e["start"] >= trig_end and _is_actorlike(e) and e["start"] < (words[cb].start if cb < len(words) else s_end)]
        passive = any(w.norm in _PASSIVE_CUES for w in words[max(0, i - 3):i]) or (i > 0 and words[i - 1].norm in ("ل",))
        actor, recipients = _roles(words, i, before, after, passive, doc, view)
        event = {
            "type": plover, "mode": mode, "cameo": row.get("cameo") or None, "score": _score(row, plover),
            "quad": QUAD.get(plover),
            "trigger": {"text": view.text[trig_start:trig_end], "start": trig_start, "end": trig_end},
            "field": view.name,
            "actor": [_actor_fields(e) for e in actor],
            "recipient": [_actor_fields(e) for e in recipients],
            "location": _location(sent_ents, trig_start, actor + recipients),
            "date": _date(doc, view.name, s_start, s_end, trig_start),
            "size": _size(doc, view.name, s_start, s_end, trig_start, trig_end),
            "modality": modality,
            "modality_cue": cue,
            "reported_by": _reported_by(doc, view.name, trig_start),
            "sentence": {"start": s_start, "end": s_end},
            "confidence": 0.0,
        }
        if threatened_action:
            event["threatened_action"] = threatened_action
        event["confidence"] = round(0.5 + 0.15 * bool(event["actor"]) + 0.15 * bool(event["recipient"])
                                    + 0.1 * bool(event["location"]) - 0.1 * (row.get("pos") == "noun"), 2)
        out.append(event)
    return out


def _clitic_chars(tok, norm_len: int) -> int:
    from ..text.normalize import normalize_with_map

    if not norm_len:
        return 0
    nt = normalize_with_map(tok.text)
    return nt.index[min(norm_len, len(nt.norm))]


def _score(row: dict, plover: str) -> float | None:
    try:
        return float(row.get("score")) if plover == row.get("plover") else {"THREATEN": -3.5}.get(plover)
    except (TypeError, ValueError):
        return None


def _roles(words, i, before, after, passive, doc, view):
    """Actor before the trigger (subject position preferred), recipient after it.
    Passive or agentless triggers leave the actor empty rather than guessing."""
    def subject_rank(e):
        idx = next((k for k, w in enumerate(words) if w.start <= e["start"] < w.end + 1), 0)
        prev = words[idx - 1].norm if idx > 0 else ""
        return (0 if prev in _COMPLEMENTIZERS or idx == 0 else 1, -e["start"])

    recipients = _distinct(_prefer_specific(after))[:3]
    actor: list[dict] = []
    if passive:
        subject = before[:1] or _coreferent_subject(doc, view, words, i)
        if not recipients and subject:
            recipients = subject
        return [], recipients
    if before:
        best = sorted(before, key=subject_rank)[0]
        actor = [best]
        if not recipients:
            rest = [e for e in before if e is not best and e["start"] > best["end"] and e["id"] != best["id"]]
            recipients = _prefer_specific(rest)[:1]
    return actor, recipients


def _prefer_specific(ents: list[dict]) -> list[dict]:
    """A NORP adjective directly before a person is that person's attribute (الجنرال الإيراني قاسم سليماني)."""
    out = []
    for k, e in enumerate(ents):
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if e["type"] == "NORP" and nxt and nxt["type"] == "PERSON" and nxt["start"] - e["end"] < 12:
            continue
        out.append(e)
    return out


def _distinct(ents: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in ents:
        key = e["id"] or e["text"]
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _coreferent_subject(doc, view, words, i) -> list[dict]:
    """'وكانت هذه القوات ... قد تعرضت' → the last military force named earlier."""
    from ..knowledge.lexicon import table

    coref = table("lexicon/coreference.tsv")
    for w in words[:i]:
        rows = coref.forms.get((w.norm,), [])
        for row in rows:
            sectors = set(row["refers_to_sectors"].split("|"))
            prior = [e for e in doc.entities if e["field"] == view.name and e["end"] <= words[0].start
                     and e["type"] in ("ORG",) and e.get("sector") in sectors]
            if prior:
                return [prior[-1]]
    return []


_PRECISION_RANK = {"point": 0, "city": 1, "district": 2, "province": 3, "region": 4, "country": 5}


def _location(sent_ents, trig_start: int, used: list[dict]) -> dict | None:
    used_spans = {(e["start"], e["end"]) for e in used}
    places = [e for e in sent_ents if e["type"] in PLACE_TYPES and e.get("lat") is not None
              and (e["start"], e["end"]) not in used_spans]
    if not places:
        return None
    after = [e for e in places if e["start"] >= trig_start]
    pick = after[0] if after else places[-1]
    return {"text": pick["text"], "start": pick["start"], "end": pick["end"], "id": pick["id"],
            "name_en": pick["name_en"], "lat": pick["lat"], "lon": pick["lon"], "country": pick.get("country"),
            "admin1": pick.get("admin1"), "precision": pick.get("precision"), "feature": pick.get("feature")}


def _date(doc, fname, s_start, s_end, trig_start) -> dict | None:
    cands = [d for d in doc.dates if d["field"] == fname and s_start <= d["start"] < s_end and d.get("value")]
    if cands:
        d = min(cands, key=lambda d: abs(d["start"] - trig_start))
        return {"value": d["value"], "precision": d["precision"], "basis": "text", "text": d["text"]}
    if doc.published:
        return {"value": doc.published, "precision": "day", "basis": "publication"}
    return None


_DEAD = {"قتيل", "قتيلا", "قتلى", "قتلي", "مقتل", "شهيد", "شهيدا", "شهداء", "جثث", "جثه"}
_INJURED = {"جريح", "جريحا", "جرحي", "جرحى", "مصاب", "مصابا", "مصابين", "اصابه", "اصابات"}
_ARRESTED = {"معتقل", "معتقلا", "معتقلين", "موقوف", "موقوفا", "شخصا", "مشتبها", "مشتبه"}


def _size(doc, fname, s_start, s_end, trig_start, trig_end) -> dict:
    from ..text.normalize import normalize

    size = {"dead": None, "injured": None, "arrested": None, "quantity": None}
    for q in doc.quantities:
        if q["field"] != fname or not (s_start <= q["start"] < s_end):
            continue
        unit = normalize(q.get("unit") or "")
        value = q["value"] if q.get("min") is None else q["min"]
        if value is None:
            continue
        value = int(value) if float(value).is_integer() else value
        if unit in _DEAD:
            size["dead"] = value
        elif unit in _INJURED:
            size["injured"] = value
        elif unit in _ARRESTED and size["arrested"] is None:
            size["arrested"] = value
        elif q["end"] <= trig_end and trig_start - q["end"] <= 2 or q["start"] >= trig_start and q["start"] - trig_end <= 1:
            size["quantity"] = value
            if q.get("max") is None and q.get("min") is not None:
                size["quantity_qualifier"] = "more_than"
    return size


def _reported_by(doc, fname, offset) -> int | None:
    for k, q in enumerate(doc.quotes):
        if q["field"] == fname and q["start"] <= offset < q["end"]:
            return k
    return None
