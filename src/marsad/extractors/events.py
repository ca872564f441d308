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

from ..document import Document, dateline_places
from ..knowledge.lexicon import Lexicon, load_table, table, word_set
from ..text.normalize import normalize, normalized_set
from ..text.tokens import original_prefix_length
from .quotes import quotation_spans
from .sport import sport_words
from .views import FieldView, views

VIOLENT = {"ASSAULT", "COERCE"}
ACTOR_TYPES = {"PERSON", "ORG", "NORP"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}
# When several cues apply, the first in this order wins.
MODALITY_ORDER = ["denied", "negated", "conditional", "threatened", "planned", "hypothetical", "demanded", "alleged"]
_WINDOW_BEFORE = {"negated": 3, "denied": 60, "conditional": 40, "threatened": 8, "planned": 6,
                  "hypothetical": 4, "demanded": 6, "alleged": 8}


_COMPLEMENTIZERS = normalized_set({"ان", "فان", "انه", "انها", "لكن", "ولكن"})
_PASSIVE_CUES = normalized_set({"تعرض", "تعرضت", "تعرضوا", "يتعرض", "تتعرض", "تم", "جرى"})
_UNDERGO = ("تعرض", "يتعرض", "تتعرض")  # تعرض X لـ: X underwent it
_CLAUSE_BREAKS = {"،", ",", "؛", ";", ":", "."}


def triggers() -> Lexicon:
    return table("events/triggers.tsv", "forms_ar")


@lru_cache(maxsize=1)
def gapped_triggers() -> dict[str, list[tuple[tuple[str, ...], dict]]]:
    """Multi-word triggers by first word, for matching with the subject in between
    (قطعت البحرين علاقاتها، وقع العراق والأردن اتفاقية)."""
    index: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
    for key, rows in triggers().forms.items():
        if len(key) >= 2:
            for row in rows:
                index.setdefault(key[0], []).append((key[1:], row))
    return index


_SUFFIXES = ("هما", "هم", "ها", "ه", "نا", "كم")


def _stems(norm: str) -> list[str]:
    """The word and its forms without an attached pronoun (علاقاتها → علاقات، علاقة)."""
    out = [norm]
    for suf in _SUFFIXES:
        if norm.endswith(suf) and len(norm) - len(suf) >= 2:
            stem = norm[: -len(suf)]
            out.append(stem)
            if stem.endswith("ت"):
                out.append(stem[:-1] + "ه")
    return out


def _word_matches(norm: str, want: str) -> bool:
    """Equal, or equal after an attached object/possessive pronoun (علاقاتها → علاقات)."""
    return want in _stems(norm)


@lru_cache(maxsize=1)
def single_triggers() -> dict[str, list[dict]]:
    return {key[0]: rows for key, rows in triggers().forms.items() if len(key) == 1}


_GAP_WORDS = frozenset({"في", "،", ",", "و", "ب"})


def _gapped_matches(words, taken: set[int], ents, dates=()) -> list:
    """Multi-word triggers split by the subject (entities only) or carrying a pronoun suffix."""
    from ..knowledge.lexicon import PhraseMatch
    from ..text.tokens import clitic_variants, strip_future_prefix

    spans = [(e["start"], e["end"]) for e in ents] + [(d["start"], d["end"]) for d in dates]
    index = gapped_triggers()
    singles = single_triggers()
    out = []
    for i, w in enumerate(words):
        if i in taken or not w.is_word:
            continue
        variants = clitic_variants(w.norm)
        bare = strip_future_prefix(w.norm)
        if bare:
            variants = variants + ((-1, bare),)
        found = None
        for plen, first in variants:
            for rest, row in index.get(first, []):
                for gap in range(0, 13):
                    gap_words = words[i + 1:i + 1 + gap]
                    if any(g.norm not in _GAP_WORDS and not any(a < g.end and g.start < b for a, b in spans)
                           for g in gap_words):
                        break
                    tail = words[i + 1 + gap:i + 1 + gap + len(rest)]
                    if len(tail) == len(rest) and all(_word_matches(t.norm, r) for t, r in zip(tail, rest)) \
                            and (gap or tail[-1].norm != rest[-1]):
                        found = PhraseMatch(i, i + 1, max(plen, 0), plen == -1, [row])
                        break
                if found:
                    break
            if found:
                break
        if found is None:  # one-word trigger with an attached pronoun: محادثاتهما، دعمها
            for plen, first in variants:
                for suf in _SUFFIXES:
                    if first.endswith(suf) and len(first) - len(suf) >= 3:
                        stem = first[: -len(suf)]
                        rows = singles.get(stem) or singles.get(stem[:-1] + "ه" if stem.endswith("ت") else "")
                        # possessed violent nouns (هجماتها) mostly point back at known attacks: not reports
                        if rows and rows[0].get("pos") == "noun" and rows[0].get("plover") not in VIOLENT:
                            found = PhraseMatch(i, i + 1, max(plen, 0), False, rows)
                            break
                if found:
                    break
        if found:
            out.append(found)
    return out


def modality_cues() -> Lexicon:
    return table("events/modality_cues.tsv", "cue_ar")


def trigger_objects() -> Lexicon:
    return table("events/trigger_objects.tsv")


def extract_events(doc: Document) -> None:
    events = []
    dl = doc.dateline or {}
    for name, view in views(doc).items():
        # the dateline ("أربيل (أ ف ب) -") names where and who reported, not who acted
        # ... and a desk far from the story (an Iraq story filed from القاهرة) is no place for its events
        in_dateline = [e for e in dateline_places(dl, doc.entities) if name == "text"
                       and e["type"] in PLACE_TYPES and e.get("lat") is not None]
        ents = [e for e in doc.entities if e["field"] == name
                and not (name == "text" and dl and e["start"] < dl.get("end", 0))]
        # «مؤتمر أنابوليس»: a place that names a conference or an agreement says nothing of where
        # the article's other events happen, nor whose they are
        scene = [e for e in ents if not (e["type"] in PLACE_TYPES
                                         and _names_a_thing(view.words, e, -1, view.word_index(e["start"])))]
        for s_start, s_end in view.sentences:
            words = view.words_between(s_start, s_end)
            found = _sentence_events(doc, view, words, ents, s_start, s_end)
            sent_ents = [e for e in ents if s_start <= e["start"] < s_end]
            for ev in found:
                if ev.pop("_definite", False) and (ev["date"] or {}).get("basis") == "publication":
                    # "فإن الهجوم انطلق ...": a definite verbal noun with no date of its own refers
                    # back to the same kind of event told earlier in the article, the lead's first: its date
                    prior = next((p for p in events if p["type"] == ev["type"] and p["field"] == ev["field"]
                                  and p["modality"] == "asserted" and (p["date"] or {}).get("basis") == "text"), None)
                    if prior is not None:
                        ev["date"] = {**prior["date"], "basis": "anaphora"}
                if ev["location"] is None:
                    ev["location"] = _context_location(view.text, scene, s_start, in_dateline)
                _infer_context_countries(ev, _sentence_countries([e for e in sent_ents if e in scene], ev))
            events += found
    doc.events = events


def _context_location(text: str, ents: list[dict], s_start: int, in_dateline: list[dict]) -> dict | None:
    """No place in the sentence: the last place named earlier in the same paragraph, else the
    dateline's city. Marked with `basis` so a reader knows it came from context."""
    para_start = text.rfind("\n\n", 0, s_start)
    para_start = 0 if para_start < 0 else para_start + 2
    def placeish(e):
        return e["type"] in PLACE_TYPES and e.get("lat") is not None and e.get("feature") != "COUNTRY" \
            and not e.get("capital_of")

    earlier = [e for e in ents if para_start <= e["start"] < s_start and placeish(e)]
    lead_end = text.find("\n\n")
    lead = [e for e in ents if e["start"] < (lead_end if lead_end >= 0 else len(text)) and placeish(e)]
    # a wire's dateline is where the desk files (دبي), so the lead's place comes first
    if earlier:
        pick, basis = earlier[-1], "paragraph"
    elif lead:
        pick, basis = lead[0], "lead"
    elif in_dateline:
        pick, basis = in_dateline[0], "dateline"
    else:
        return None
    loc = _place_fields(pick)
    loc["basis"] = basis
    return loc


def _determiner(words, i: int) -> str | None:
    if i == 0:
        return None
    rows = table("lexicon/determiners.tsv").forms.get((words[i - 1].norm,))
    return rows[0]["effect"] if rows else None


def _imperfect(norm: str) -> bool:
    return len(norm) > 2 and (norm[0] in "ين" or (norm[0] == "ت" and not norm.endswith(("ت", "وا"))))


@lru_cache(maxsize=1)
def _object_words() -> dict[str, list[dict]]:
    return {key[0]: rows for key, rows in trigger_objects().forms.items() if len(key) == 1}


def _context_ok(rule: str, words, i: int, j: int, ents, sport: bool) -> bool:
    if not rule:
        return True
    objects = trigger_objects()
    # The object follows the trigger, after the subject when the verb comes first
    # (نشرت الولايات المتحدة بطاريات): skip tokens inside entities, then take two.
    spans = [(e["start"], e["end"]) for e in ents if e["type"] != "WEAPON"]
    skipped = [w for w in words[j:j + 6] if not any(a <= w.start < b for a, b in spans)][:2]
    window = words[i + 1:j] + words[j:j + 2] + [w for w in skipped if w not in words[j:j + 2]]
    kinds = {p["kind"] for m in objects.find(window, clitics=True) for p in m.payloads}
    objects_by_word = _object_words()
    kinds |= {p["kind"] for w in window for stem in _stems(w.norm) for p in objects_by_word.get(stem, ())}
    near = words[j:j + 4]
    ent_after = [e for e in ents if near and near[0].start <= e["start"] <= near[-1].end]
    for part in rule.split("|"):
        if part == "not_sport" and sport:
            return False
        in_window = [e for e in ents if any(w.start <= e["start"] < w.end for w in window)]
        if part == "military_context" and not (kinds & {"military", "weapon"} or any(e["type"] == "WEAPON" or e.get("sector") == "MIL" for e in in_window)):
            return False
        if part == "with_weapon" and not ("weapon" in kinds or any(e["type"] == "WEAPON" for e in ent_after)):
            return False
        if part == "object_human" and not (kinds & {"military", "target"} or any(e["type"] in ACTOR_TYPES | {"GPE", "FAC"} for e in ent_after)):
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
                if normalize(row.get("cue_ar", "")).strip() in ("قد", "وقد", "فقد", "لقد") and (m.end_token >= len(words) or not _imperfect(words[m.end_token].norm)):
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
    if e.get("feature") == "EMBASSY":  # "السفارة الأمريكية في بغداد" stands for the US, not for Iraq
        owner = _embassy_owner(e["text"])
        out.update({"country": owner, "sector": "GOV", "type": "ORG", "host_country": e.get("country")})
    if e.get("capital_of"):  # واشنطن أبلغتنا: a capital acting is its government
        out.update({"id": f"{e['capital_of']}_GOV", "country": e["capital_of"], "sector": "GOV", "type": "ORG",
                    "name_en": f"government ({e.get('name_en')})"})
    if e.get("role"):
        out["role"] = e["role"]
    if e.get("via"):  # "quote speaker": the doer is the speaker of the quote the act is told in
        out["via"] = e["via"]
    return out


@lru_cache(maxsize=256)
def _embassy_owner(text: str) -> str | None:
    """The country whose mission it is, from the nationality adjective in its name."""
    from ..knowledge.base import load
    from ..knowledge.matcher import find_mentions

    kb = load()
    for m in find_mentions(kb, text):
        e = m.best(kb)
        if e.kind in ("nationality", "country", "capital"):
            return e.country
    return None


def _is_actorlike(e: dict) -> bool:
    return e["type"] in ACTOR_TYPES or bool(e.get("capital_of")) or e.get("feature") == "COUNTRY" \
        or e.get("feature") == "EMBASSY"


def _clause_bounds(words, i: int, j: int) -> tuple[int, int]:
    a = i
    while a > 0 and words[a - 1].norm not in _CLAUSE_BREAKS:
        a -= 1
    b = j
    while b < len(words) and words[b].norm not in _CLAUSE_BREAKS:
        b += 1
    return a, b


def _past_date_aside(words, b: int, dates: list[dict]) -> int:
    """'استهدف هجوم انتحاري، امس، موكبا ...': a clause break that opens a comma-set aside holding only
    a date does not end the clause; the index where the clause really ends."""
    while b < len(words) and words[b].norm in ("،", ","):
        close = next((k for k in range(b + 1, min(len(words), b + 6)) if words[k].norm in ("،", ",")), None)
        if close is None or close == b + 1 or not all(any(d["start"] <= w.start < d["end"] for d in dates)
                                                      for w in words[b + 1:close]):
            break
        b = close + 1
        while b < len(words) and words[b].norm not in _CLAUSE_BREAKS:
            b += 1
    return b


def _sentence_events(doc, view: FieldView, words, ents, s_start, s_end) -> list[dict]:
    if not words:
        return []
    sport = sport_words(words)
    cue_matches = modality_cues().find(words, clitics=True)
    sent_ents = [e for e in ents if s_start <= e["start"] < s_end]
    out = []
    # phrases that contain a trigger word but report no event (طلب عدم الكشف عن هويته)
    shielded = {k for m in table("lexicon/non_events.tsv").find(words, clitics=True)
                for k in range(m.start_token, m.end_token)}
    matches = [m for m in triggers().find(words, clitics=True, future=True) if m.start_token not in shielded]
    taken = {k for m in matches for k in range(m.start_token, m.end_token)} | shielded
    sent_dates = [d for d in doc.dates if d["field"] == view.name and s_start <= d["start"] < s_end]
    matches = sorted(matches + _gapped_matches(words, taken, [e for e in sent_ents if _is_actorlike(e) or e["type"] in PLACE_TYPES],
                                               sent_dates),
                     key=lambda m: m.start_token)
    threat_in_sentence = any(p.get("plover") == "THREATEN" for m in matches for p in m.payloads)
    trigger_spans = [(words[m.start_token].start + original_prefix_length(words[m.start_token], m.clitic_len),
                      words[m.end_token - 1].end) for m in matches]
    clauses: dict[tuple[str, str, int], dict] = {}
    governing: list[tuple[int, str]] = []  # (token, modality) set by a preceding request/threat/denial verb
    for m in matches:
        i, j = m.start_token, m.end_token
        determiner = _determiner(words, i)
        if determiner == "anaphoric":
            continue  # "هذا القصف", "هذه الهجمات": refers back to an event already counted
        row = next((p for p in m.payloads if _context_ok(p.get("context_required", ""), words, i, j, sent_ents, sport)), None)
        if row is None:
            continue
        plover = row["plover"]
        if plover in VIOLENT and sport:
            continue  # هاجم المدرب الحكم: criticism, not an assault
        modality, cue = _modality(words, i, j, cue_matches, m.future)
        if determiner == "hypothetical" and modality == "asserted":
            modality, cue = "hypothetical", {"text": words[i - 1].text, "start": words[i - 1].start, "end": words[i - 1].end}
        ca, cb = _clause_bounds(words, i, j)
        under = row.get("pos") != "verb" or (i > 0 and words[i - 1].norm in ("ان", "الي", "ب")) \
            or words[i].norm[:m.clitic_len] in ("ب", "وب")
        if modality == "asserted" and under:
            # دعت الفصائل إلى شن هجمات / هددت الجماعة باستهداف: demanded or threatened, not done
            for tok, mod in reversed(governing):
                if ca <= tok < i or i - tok <= 12:
                    modality, cue = mod, {"text": words[tok].text, "start": words[tok].start, "end": words[tok].end}
                    break
        future_subject = None
        # (not a participant noun: المتظاهرون سيعتصمون names people already protesting)
        if modality == "asserted" and (row.get("pos") != "verb" or "ال" in words[i].norm[:m.clitic_len]) \
                and not group_nouns().find(words[i:j], clitics=True):
            # "بأن الضربات ستتوسع": a verbal noun that is the subject of a future verb is
            # planned or threatened, not done
            future_subject = _future_verb_after(words, j, sent_ents)
            if future_subject is not None:
                modality, cue = "planned", {"text": words[future_subject].text, "start": words[future_subject].start,
                                            "end": words[future_subject].end}
        if plover in ("REQUEST", "THREATEN"):
            governing.append((i, "demanded" if plover == "REQUEST" else "threatened"))
        mode = row.get("mode") or None
        threatened_action = None
        if plover in VIOLENT and modality in ("threatened", "planned") and (m.future or future_subject is not None) \
                or (plover in VIOLENT and modality == "threatened"):
            if threat_in_sentence:
                continue  # the THREATEN trigger of this sentence carries it
            threatened_action, plover, mode = row["plover"], "THREATEN", row.get("mode") or None
            modality = "threatened"
            for mod in ("conditional",):
                if any(p.payloads[0].get("modality") == mod and p.start_token < i for p in cue_matches):
                    modality = mod
        trig_start, trig_end = words[i].start + original_prefix_length(words[i], m.clitic_len), words[j - 1].end
        clause_start = words[ca].start
        cb_after = _past_date_aside(words, cb, sent_dates)
        clause_end = words[cb_after].start if cb_after < len(words) else s_end
        actorlike = [e for e in sent_ents if _is_actorlike(e) and not (e["type"] in PLACE_TYPES and is_locative(words, e))]
        groups = [g for g in _group_actors(words, sent_ents, view.text)
                  if not any(a < g["start"] < b for a, b in trigger_spans)]
        # a nationality adjective taken into a group (جنود أميركيون) is not another party
        actorlike = [e for e in actorlike if not any(g["start"] <= e["start"] and e["end"] <= g["end"] for g in groups)]
        actorlike += groups
        actorlike.sort(key=lambda e: e["start"])
        # "حركة النجباء العراقية": a nationality right after a name describes it, it is not another party
        actorlike = [e for k, e in enumerate(actorlike)
                     if not (e["type"] == "NORP" and k and actorlike[k - 1]["type"] in ("ORG", "PERSON", "GROUP")
                             and 0 <= e["start"] - actorlike[k - 1]["end"] <= 1)]
        # "مدينة الحديدة اليمنية": nor does one right after a place name
        actorlike = [e for e in actorlike
                     if not (e["type"] == "NORP" and any(p["type"] in PLACE_TYPES and 0 <= e["start"] - p["end"] <= 1
                                                         for p in sent_ents))]
        quote = _quote_around(doc, view.name, trig_start)
        if quote is not None:  # inside a quotation the speaker is not the doer: look only inside it
            actorlike = [e for e in actorlike if quote[0] <= e["start"] < quote[1]]
        # an entity glued to ل (موالية لإيران) is an attribute or an object, never the subject
        before_sentence = [e for e in actorlike if e["end"] <= trig_start
                           and _previous_word(words, e)[0] not in ("ل", "ول", "فل")]
        before_clause = [e for e in before_sentence if e["start"] >= clause_start]
        after = [e for e in actorlike if trig_end <= e["start"] < clause_end]
        passive = any(w.norm in _PASSIVE_CUES or w.norm.startswith(_UNDERGO) for w in words[max(0, i - 5):i]) \
            or _undergone(words, i, m.clitic_len) is not None \
            or bool(table("lexicon/passive_forms.tsv").find(words[i:j], clitics=True)) \
            or _killed_in_attack(words, j, row)
        shape = None if passive else _passive_shape(words, i, j, row, [e for e in actorlike if e["start"] >= trig_end] + groups)
        passive = passive or shape is not None
        actor, recipients = _roles(words, i, j, row, before_clause, before_sentence, after, passive, doc, view)
        nominal = row.get("pos") == "noun" or row.get("pos") == "phrase" and _nominal_phrase(words, i)
        if shape == "pre" and before_clause:
            # "ثلاثة جنود أميركيين قتلوا وأصيب آخرون": the noun before the passive verb was killed
            victim = max(before_clause, key=lambda e: e["start"])
            recipients = _distinct([victim] + [e for e in recipients if e is not victim])[:3]
        if not actor and not passive and row.get("pos") in ("noun", "phrase"):
            # "أعلنت وزارة الكهرباء، اليوم، توقيع اتفاق": the verbal noun right after an
            # announcing verb and its subject is that subject's own act
            announcer = _announced_by(words, i, before_clause or before_sentence, sent_dates)
            if announcer is not None:
                actor = [announcer]
                recipients = [e for e in recipients if e is not announcer]
        if not actor and not passive and quote is not None:
            # «نعلن تعليق العمليات»، «استهدفنا القاعدة» in a statement: the speaker's own act
            speaker = _speaker_as_doer(doc, view.name, words, i, trig_start)
            if speaker is not None:
                actor = [speaker]
                recipients = [e for e in recipients if e.get("id") is None or e.get("id") != speaker.get("id")]
        if plover in VIOLENT and not passive:
            # "أعلن الجيش الأمريكي مقتل أحد جنوده": an announced loss; the announcer is not the doer
            actor, recipients = _announced_loss(words, i, j, row, actor, recipients, before_sentence, sent_dates)
        agent = _marked_agent(words, j, actorlike)
        if agent is not None and not actor:
            # "هجوم شنه مسلحون"، "تعرض للخطف على أيدي مسلحين": the text names the doer
            actor = [agent]
            recipients = [e for e in recipients if e is not agent]
            if passive and not recipients:
                # the one named after the agent marker was the only name after the trigger: the
                # victim is then the passive's subject (تعرض قيادي في حماس للخطف على أيدي مسلحين)
                recipients = _roles(words, i, j, row, before_clause, before_sentence,
                                    [e for e in after if e is not agent], True, doc, view)[1]
        if plover == "ASSAULT" and not recipients and nominal:
            # "أصيب ثلاثة من عناصر القوة في انفجار عبوة": those hurt by an injury verb before the cause
            recipients = _injured_before(words, i, m.clitic_len, actorlike, actor)
        # a doer named by a marker or as the noun's genitive/adjective (الضربات الأميركية)
        strong_actor = agent is not None and actor == [agent] or \
            bool(nominal and actor and actor[0]["start"] >= trig_end)
        own = next((g for g in groups if g["start"] <= trig_start < g["end"]), None)
        if own is not None and not passive and not any(a.get("id") and a["end"] <= trig_start for a in actor):
            # the trigger names its own doers (متظاهرون، محتجون، انتحاري): they are the actor
            actor = [own]
            recipients = [e for e in recipients if e is not own and not (own["start"] <= e["start"] < own["end"])]
        if plover == "THREATEN" and not recipients:
            # "هددت حركة النجباء، اليوم، باستهداف السفارة الأميركية": the target follows the
            # threatened act, past the commas of the clause
            later = [e for e in actorlike if e["start"] >= trig_end and e not in actor]
            recipients = _prefer_specific(later)[:1]
        if plover == "ASSAULT" and not recipients:
            recipients = _cued_party(victim_cues(), words, j, actorlike, actor, reach=12)
        if plover in VIOLENT and not recipients:
            recipients = _target_place(words, j, sent_ents, actor)
        if plover == "PROTEST" and not actor:
            # "قادة التظاهرة أمام المتظاهرين": a crowd named with a protest is its actor, not its target
            crowd = next((e for e in recipients if e.get("type") == "GROUP" and e.get("sector") in ("CVL", "LAB", "EDU")), None)
            if crowd is not None:
                actor, recipients = [crowd], [e for e in recipients if e is not crowd]
        if plover == "PROTEST" and not recipients:
            recipients = _cued_party(protest_target_cues(), words, j, actorlike, actor, skip_people=True)
        if plover == "PROTEST" and not recipients:
            # "توجهوا الى مقر رئيس الوزراء البريطاني": the party whose seat the crowd goes to
            recipients = _protest_site(words, j, actorlike, actor)
        if plover in _NON_MATERIAL and row.get("pos") == "noun" and not actor:
            continue  # "التهديد" with nobody threatening: a topic, not an event
        if modality == "alleged" and not actor and cue:
            # "كتائب حزب الله، التي يُلقى باللائمة عليها في الهجمات": the blamed party
            blamed = [e for e in before_sentence if e["end"] <= cue["start"]]
            actor = blamed[-1:]
        event = {
            "type": plover, "mode": mode, "cameo": row.get("cameo") or None, "score": _score(row, plover),
            "quad": QUAD.get(plover),
            "trigger": {"text": view.text[trig_start:trig_end], "start": trig_start, "end": trig_end},
            "field": view.name,
            "actor": [_actor_fields(e) for e in actor],
            "recipient": [_actor_fields(e) for e in recipients],
            "location": _location(words, sent_ents, trig_start, actor + recipients),
            "date": _date(doc, view.name, s_start, s_end, trig_start),
            "size": _size(doc, view.name, s_start, s_end, trig_start, trig_end, plover),
            "modality": modality,
            "modality_cue": cue,
            "reported_by": _reported_by(doc, view.name, trig_start),
            "sentence": {"start": s_start, "end": s_end},
            "confidence": 0.0,
        }
        if threatened_action:
            event["threatened_action"] = threatened_action
        if nominal and words[i].norm[:m.clitic_len] in ("ال", "وال", "فال") and quote is None \
                and not any(a <= trig_start < b for a, b in quotation_spans(view.text, s_start, s_end, single=False)):
            # a definite subject noun in the narrative (فإن الهجوم انطلق), not one after a preposition
            # (بالهجمات على قواتنا) nor one inside a quotation
            event["_definite"] = True  # removed in extract_events
        event["confidence"] = round(0.5 + 0.15 * bool(event["actor"]) + 0.15 * bool(event["recipient"])
                                    + 0.1 * bool(event["location"]) - 0.1 * (row.get("pos") == "noun"), 2)
        key = (event["type"], event["modality"], ca)
        if key in clauses:
            # the same act named twice in one clause (يزور ... لإجراء مباحثات; قتل ... في هجوم
            # شنه مسلحون): one event, with the parties the second naming adds
            _merge_parties(clauses[key], event, strong=strong_actor)
            continue
        clauses[key] = event
        out.append(event)
    return out





CONTEXT_SIDES = ("actor", "recipient")
CONTEXT_TYPES = {"ASSAULT", "COERCE", "PROTEST"}
_STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD"}


def _sentence_countries(sent_ents: list[dict], event: dict) -> set[str]:
    """Countries of what the sentence names (places, institutions, people, nationalities),
    leaving out the event's own participants (a named attacker's country is not its victims')."""
    used = {(p["start"], p["end"]) for side in CONTEXT_SIDES for p in event[side]}
    out = set()
    for e in sent_ents:
        if (e["start"], e["end"]) in used or not e.get("country") or e["type"] == "WEAPON":
            continue
        if any(a <= e["start"] and e["end"] <= b for a, b in used):
            continue  # the nationality inside a participant (مسلحون قتلوا جنديا أمريكيا) is that participant's
        out.add(e["country"])
    return out


def _infer_context_countries(event: dict, sentence_countries: set[str] | None = None) -> None:
    """Unnamed groups (مسلحون، الشرطة، متظاهرون، مدنيين) and unknown people carry no country of
    their own; for violence, coercion and protest coders give them the country where the event
    happens, else the one country the sentence names. Marsad does the same but says so:
    `country_basis` is `location` (a place in the sentence, else from the paragraph, lead or
    dateline) or `sentence`, and the event's confidence drops by 0.05. A group with its own
    nationality (جنود أميركيون) keeps it; meetings and agreements abroad get nothing (the host
    country is not the parties')."""
    if event["type"] not in CONTEXT_TYPES:
        return
    loc = event.get("location") or {}
    if loc.get("feature") in ("WATER", "PORT"):
        return  # at sea the people's nationality is not the water's
    country = basis = None
    if loc.get("country") and loc.get("basis") == "sentence":
        country, basis = loc["country"], "location"
    elif sentence_countries is not None and len(sentence_countries) == 1:
        country, basis = next(iter(sentence_countries)), "sentence"
    elif loc.get("country"):
        country, basis = loc["country"], "location"
    if not country:
        return
    filled = False
    for side in CONTEXT_SIDES:
        for r in event.get(side, []):
            if (r.get("type") == "GROUP" or r.get("type") == "PERSON" and not r.get("id")) and not r.get("country"):
                r["country"] = country
                r["country_basis"] = basis
                filled = True
    if filled and event.get("confidence"):
        event["confidence"] = round(event["confidence"] - 0.05, 2)


def _merge_parties(kept: dict, dup: dict, strong: bool = False) -> None:
    """Fill the kept event's missing actor or recipient (and place) from a second naming of it."""
    def spans(parts):
        return {(p["start"], p["end"]) for p in parts}

    before = (bool(kept["actor"]), bool(kept["recipient"]), bool(kept["location"]))
    if not kept["actor"] and dup["actor"] and not spans(dup["actor"]) & spans(kept["recipient"]) \
            or not kept["actor"] and dup["actor"] and strong:
        # the second naming says who did it (قتل X في هجوم شنه Y، في الضربات الأميركية): Y is
        # the doer even where the first naming listed it among those acted on
        kept["actor"] = dup["actor"]
        kept["recipient"] = [r for r in kept["recipient"] if (r["start"], r["end"]) not in spans(dup["actor"])]
    taken = spans(kept["actor"]) | spans(kept["recipient"])
    if not kept["recipient"]:
        kept["recipient"] = [r for r in dup["recipient"] if (r["start"], r["end"]) not in taken][:3]
    if kept["location"] is None and dup["location"] is not None:
        kept["location"] = dup["location"]
    after = (bool(kept["actor"]), bool(kept["recipient"]), bool(kept["location"]))
    gain = sum(w * (b - a) for w, a, b in zip((0.15, 0.15, 0.1), before, after))
    kept["confidence"] = round(kept["confidence"] + gain, 2)


def _score(row: dict, plover: str) -> float | None:
    try:
        return float(row.get("score")) if plover == row.get("plover") else {"THREATEN": -3.5}.get(plover)
    except (TypeError, ValueError):
        return None


_PREPOSITIONS = normalized_set({"على", "ضد", "في", "من", "الى", "مع", "عن", "بين", "نحو", "قرب", "داخل"})
_LOCATIVE = normalized_set({"في", "قرب", "داخل", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "الى",
             "من", "حول", "عند", "ضواحي", "مدينه", "محافظه"})
_LIGHT_VERBS = normalized_set({"شن", "شنت", "شنوا", "يشن", "تشن", "نفذ", "نفذت", "نفذوا", "ينفذ", "تنفذ", "قام", "قامت", "قاموا",
                "يقوم", "تقوم", "تبنى", "تبنت", "اعلن", "اعلنت", "اطلق", "اطلقت", "اطلقوا", "اجري", "اجرت", "فرض", "فرضت",
                "نظم", "نظمت", "نظموا", "خرج", "خرجت", "قدم", "قدمت", "ارسل", "ارسلت", "عقد", "عقدت", "عقدوا",
                "يعقد", "تعقد", "عقدا", "استانف", "استانفت", "استانفوا", "وقع", "وقعت", "وقعا", "وقعوا", "اجرى", "اجروا"})
_CAPITAL_WORDS = normalized_set({"العاصمة", "بالعاصمة", "والعاصمة"})
_PRONOMINAL_COMPLEMENTIZERS = normalized_set({"انها", "انه", "انهم", "انهما", "بانها", "بانه", "بانهم"})
_NON_MATERIAL = {"THREATEN", "ACCUSE", "REJECT", "REQUEST", "SUPPORT", "AGREE", "CONSULT", "CONCEDE"}


def _word_index(words, offset: int) -> int:
    for k, w in enumerate(words):
        if w.start <= offset < w.end:
            return k
    return -1


def _previous_word(words, e) -> tuple[str, str]:
    """(proclitic glued to the entity's word, previous word) in normalized form."""
    k = _word_index(words, e["start"])
    if k < 0:
        return "", ""
    w = words[k]
    glued = w.norm[: max(0, len(w.norm) - len(w.text[e["start"] - w.start:]))] if e["start"] > w.start else ""
    return glued, (words[k - 1].norm if k > 0 else "")


def is_locative(words, e) -> bool:
    """'في بغداد', 'ببغداد', 'شمال كركوك': the entity is a place here, not an actor."""
    glued, prev = _previous_word(words, e)
    if prev in _CAPITAL_WORDS:
        # "في العاصمة عمان": the capital named after العاصمة is as locative as العاصمة itself
        k = _word_index(words, e["start"])
        head = words[k - 1].norm if k > 0 else ""
        return head.startswith("بال") or (k > 1 and words[k - 2].norm in _LOCATIVE)
    return "ب" in glued or prev in _LOCATIVE


def _roles(words, i, j, row, before_clause, before_sentence, after, passive, doc, view):
    """Who did it (actor) and to whom (recipient), by Arabic word order.

    Verbs: subject in the clause before the verb (SVO), else right after the verb (VSO);
    recipient after the verb. Verbal nouns: the actor is the genitive right after the noun
    (هجوم داعش، الانسحاب المخطط للقوات الأميركية) or the subject of a light verb (شنت X هجمات);
    otherwise it stays empty. Passives (تعرضت لهجوم، تم استهداف) never get an actor."""
    recipients = _distinct(_prefer_specific(after))
    if passive:
        # the one who suffered it: after a complementizer (قال ... إن القوات تعرضت) the subject
        # of that clause, else the first name in the sentence
        comp = max((k for k in range(i) if words[k].norm in _COMPLEMENTIZERS | _PRONOMINAL_COMPLEMENTIZERS
                    or words[k].norm in ("بان", "بانه", "بانها")), default=None)
        embedded = [e for e in before_sentence if comp is not None and e["start"] >= words[comp].end]
        # (a name before the complementizer belongs to the reporting clause: أعلنت الهيئة أن سفينة تعرضت)
        # "تعرض قيادي في حماس ... للخطف": the name right after تعرض underwent it
        cue = max((k for k in range(max(0, i - 12), i) if _is_undergo(words[k].norm)), default=None)
        undergoer = [e for e in before_sentence if cue is not None and e["start"] >= words[cue].end]
        subject = _coreferent_subject(doc, view, words, i) or undergoer[:1] \
            or (embedded[:1] if comp is not None else before_sentence[:1])
        return [], (recipients or subject)[:3]
    pos = row.get("pos", "")
    if pos == "phrase" and _nominal_phrase(words, i):
        pos = "noun"  # "في هجوم انتحاري": a noun phrase has no subject before it
    if row.get("id") in patient_genitive_triggers():
        # اغتيال X، مقتل X، اعتقال X: the genitive is the one acted on; the doer is the
        # subject of a light verb before (نفذ X عملية اغتيال) or an agent phrase after
        genitive = [e for e in after if e["start"] - words[j - 1].end <= 12 and _word_index(words, e["start"]) - j <= 1]
        recipients = _distinct(genitive + [e for e in recipients if e not in genitive])
        light = next((k for k in range(i - 1, max(-1, i - 8), -1) if any(st in _LIGHT_VERBS for st in _stems(words[k].norm))), None)
        actor = []
        if light is not None:
            subj = [e for e in before_sentence if e["end"] <= words[light].start and e["start"] >= words[max(0, light - 6)].start]
            vso = [e for e in before_sentence if e["start"] >= words[light].end]
            actor = _light_verb_subject(words, light, subj, vso)
        return actor, [e for e in recipients if e not in actor][:3]
    if pos == "noun":
        light = next((k for k in range(i - 1, max(-1, i - 21), -1) if words[k].norm in _LIGHT_VERBS), None)
        if light is not None and i > 0 and words[i - 1].norm in _NOUN_GOVERNORS and _announcing(words[light].norm):
            light = None  # "أعلنت X مقتل اثنين من عناصرها في غارة إسرائيلية": what was announced is not the غارة
        if light is not None:
            # the light verb's own clause may end before the noun (وقع العراق، أمس، اتفاقاً)
            subj = [e for e in before_sentence if e["end"] <= words[light].start and e["start"] >= words[max(0, light - 6)].start]
            vso = [e for e in before_sentence if e["start"] >= words[light].end]
            actor = _light_verb_subject(words, light, subj, vso)
            return actor, [e for e in recipients if e not in actor][:3]
        # (a name after a preposition is an object, not the genitive: إطلاق نار على الجنود)
        genitive = [e for e in after if e["start"] - words[j - 1].end <= 12 and _word_index(words, e["start"]) - j <= 1
                    and _previous_word(words, e)[1] not in _PREPOSITIONS]
        if genitive:
            actor = genitive[:1] + _coordinated(words, genitive[:1], after)
            return actor, [e for e in recipients if e not in actor][:3]
        return [], recipients[:3]
    subject = sorted(before_clause, key=lambda e: (0 if _previous_word(words, e)[1] in _COMPLEMENTIZERS else 1, -e["start"]))
    pronoun = next((k for k in range(i - 1, max(-1, i - 4), -1) if words[k].norm in _PRONOMINAL_COMPLEMENTIZERS), None)
    if pronoun is not None and not any(e["start"] > words[pronoun].start for e in subject) and before_sentence:
        # "واشنطن أبلغت بغداد أنها ستسحب": the pronoun in أنها is the main clause's subject,
        # the entity in subject position (after إن/أن, or first) before it
        cands = [e for e in before_sentence if e["start"] < words[pronoun].start]
        after_comp = [e for e in cands if _previous_word(words, e)[1] in _COMPLEMENTIZERS]
        subject = after_comp[-1:] or cands[:1]
    if subject and subject[0].get("type") == "GROUP" and row.get("plover") in VIOLENT and subject[0].get("sector") == "CVL" \
            and _counted(words, subject[0]) and not after:
        # "28 شخصا قتلوا": counted people before the verb are its victims (قُتلوا)
        return [], _distinct(subject[:1] + recipients)[:3]
    if not subject and i > 0 and words[i - 1].norm in _QAD:
        # "وكانت X، الجناح العسكري لـ Y، قد أطلقت": كان + subject ... قد + verb
        kana = next((k for k in range(i - 2, -1, -1) if _stems(words[k].norm)[0] in _KANA), None)
        if kana is not None:
            named = [e for e in before_sentence if e["start"] >= words[kana].end
                     and _word_index(words, e["start"]) - kana <= 2]
            subject = named[:1]
    if subject:
        actor = subject[:1]
    else:
        vso = [e for e in after if _word_index(words, e["start"]) - j <= 2 and _previous_word(words, e)[1] not in _PREPOSITIONS]
        if vso and vso[0].get("type") == "GROUP" and row.get("plover") in VIOLENT \
                and (_counted(words, vso[0]) or vso[0].get("sector") == "CVL"):
            # "قتل ثلاثة جنود": a counted group (or civilians) after the verb are its victims (قُتل)
            return [], _distinct([vso[0]] + [e for e in recipients if e is not vso[0]])[:3]
        actor = vso[:1]  # no subject in this clause: leave it empty rather than guess
    if not actor and pos == "phrase" and any(w.text.endswith(("ها", "هم", "هما", "ه")) for w in words[i + 1:j]):
        # a verbal-noun phrase whose pronoun points back to the governing verb's subject
        # (أعلنت X، الاثنين، تعليق عملياتها): the doer is that subject
        light = next((k for k in range(i - 1, max(-1, i - 13), -1) if words[k].norm in _LIGHT_VERBS), None)
        if light is not None:
            subj = [e for e in before_sentence if e["end"] <= words[light].start and e["start"] >= words[max(0, light - 6)].start]
            vso = [e for e in before_sentence if e["start"] >= words[light].end]
            actor = _light_verb_subject(words, light, subj, vso)
    actor = actor + _coordinated(words, actor, after + before_sentence)
    recipients = [e for e in recipients if e not in actor]
    if not recipients and actor:
        rest = [e for e in before_sentence if e not in actor and e["start"] > actor[0]["end"] and e["id"] != actor[0]["id"]]
        recipients = _prefer_specific(rest)[:1]
    return actor, recipients[:3]


_QAD = normalized_set({"قد", "وقد"})
_KANA = normalized_set({"كان", "كانت", "وكان", "وكانت", "كانوا", "وكانوا", "فكان", "فكانت"})
_NOUN_GOVERNORS = normalized_set({"في", "جراء", "اثر", "إثر", "خلال", "عقب", "بعد", "من", "عن", "لدى", "ضحية", "ضحايا"})


def _nominal_phrase(words, i: int) -> bool:
    """A phrase trigger used as a noun: it opens with a noun trigger (هجوم انتحاري، إطلاق النار)
    or follows a preposition (في سيارة مفخخة، بعبوة ناسفة)."""
    from ..text.tokens import clitic_variants

    singles = single_triggers()
    variants = clitic_variants(words[i].norm)
    if any(r.get("pos") == "noun" for _, w in variants for r in singles.get(w, ())):
        return True
    if i > 0 and words[i - 1].norm in _NOUN_GOVERNORS:
        return True
    if i > 0 and any(r.get("pos") == "noun" for _, w in clitic_variants(words[i - 1].norm) for r in singles.get(w, ())):
        return True  # the genitive of a noun trigger (تفجير سيارة مفخخة)
    return words[i].norm[:1] == "ب" and any(plen == 1 and w in gapped_triggers() for plen, w in variants)


@lru_cache(maxsize=1)
def _shape_words() -> dict[str, frozenset]:
    """lexicon/passive_shapes.tsv by kind: injury_verb, cause, count."""
    out: dict[str, set] = {}
    for key, rows in table("lexicon/passive_shapes.tsv").forms.items():
        for row in rows:
            out.setdefault(row["kind"], set()).add(" ".join(key))
    return {k: frozenset(v) for k, v in out.items()}


def _violent_noun(norm: str) -> bool:
    singles = single_triggers()
    return any(r.get("pos") in ("noun", "phrase") and r.get("plover") == "ASSAULT"
               for r in [*singles.get(norm, ()), *(r for _, r in gapped_triggers().get(norm, ()))])


def _cause_at(words, k: int) -> bool:
    """'في هجوم'، 'جراء القصف'، 'بانفجار'، 'برصاص': what caused it starts at word k."""
    from ..text.tokens import clitic_variants

    if k >= len(words):
        return False
    w = words[k].norm
    if w in _shape_words().get("cause", ()) and k + 1 < len(words):
        return any(_violent_noun(v) for _, v in clitic_variants(words[k + 1].norm))
    return w[:1] == "ب" and (_violent_noun(w[1:]) or _violent_noun(w[1:].removeprefix("ال")))


def _injury_at(words, k: int) -> int | None:
    """'وأصيب سبعة آخرون بجروح': a coordinated injury clause at word k; the index after it
    (at the cause, a clause break or six words on), else None."""
    if k >= len(words) or not words[k].norm.startswith("و") or words[k].norm[1:] not in _shape_words().get("injury_verb", ()):
        return None
    m = k + 1
    while m < len(words) and m - k <= 6 and words[m].norm not in _CLAUSE_BREAKS and not _cause_at(words, m):
        m += 1
    return m


def _passive_shape(words, i: int, j: int, row: dict, ents: list[dict]) -> str | None:
    """A violent verb read as a passive from the shape of its clause (the passive of قتل، اعتقل،
    خطف is spelled like the active and has no overt subject):

    * 'pre': nothing of its own after the verb — it is followed at once by a coordinated
      injury clause or by the cause (ثلاثة جنود قتلوا وأصيب آخرون بانفجار، قتلت في هجوم): the
      noun before it is the one killed;
    * 'post': one noun phrase after the verb, then an injury clause or the cause (قتل ثلاثة من
      عناصر الحشد وأصيب سبعة، جرح الوزير في تفجير): that noun is the one killed. An agent and an
      object (قتلت القوات خمسة مسلحين في غارة) are two phrases and stay active."""
    if row.get("pos") != "verb" or row.get("plover") not in VIOLENT or j >= len(words):
        return None
    if _injury_at(words, j) is not None or _cause_at(words, j):
        return "pre"
    # one noun phrase: words covered by a single actor-like name or group, after count words
    k = j
    counts = _shape_words().get("count", ())
    quantities = table("events/quantities.tsv").forms
    while k < len(words) and k - j < 4 and (words[k].norm[:1].isdigit() or (words[k].norm,) in quantities
                                            or words[k].norm in counts or words[k].norm == "من"):
        k += 1
    if k >= len(words):
        return None
    np = next((e for e in ents if words[k].start <= e["start"] < words[k].end), None)
    if np is None:
        return None
    m = k
    while m < len(words) and words[m].start < np["end"]:
        m += 1
    if m >= len(words):
        return None
    if _injury_at(words, m) is not None or _cause_at(words, m):
        return "post"
    return None


def _future_verb_after(words, j: int, ents: list[dict]) -> int | None:
    """The index of a future verb (سـ + imperfect: ستتوسع، سيستمر; or سوف + verb) at most one word
    after the trigger's end (one adjective may come between: الضربات الأمريكية ستتوسع), else None.
    Nouns that begin with سي/ست/سن (سيارة، سياسي، سنوات) end in ة/ات/ي and are not taken."""
    for k in range(j, min(len(words), j + 2)):
        w = words[k].norm
        if w in _CLAUSE_BREAKS or any(e["start"] <= words[k].start < e["end"] and e["type"] != "NORP" for e in ents):
            return None
        w = w[1:] if w[:1] in "وف" and len(w) > 4 else w
        if w == "سوف" and k + 1 < len(words):
            return k
        if len(w) > 3 and w[0] == "س" and w[1] in "يتن" and not w.endswith(("ه", "ات", "ي", "ين")):
            return k
    return None


def _announced_by(words, i: int, before: list[dict], dates: list[dict]) -> dict | None:
    """The subject of an announcing verb (lexicon/announcing_verbs.tsv) whose object is the
    trigger at word i: verb + subject + trigger, with only commas and a date between the subject
    and the trigger (أعلنت الوزارة، اليوم الثلاثاء، توقيع اتفاق)."""
    k = i - 1
    while k >= 0 and any(d["start"] <= words[k].start < d["end"] for d in dates):
        k -= 1
    if k >= 0 and words[k].norm in ("،", ","):
        # "، اليوم الثلاثاء،": a parenthetical between commas that holds a date
        m = next((m for m in range(k - 1, max(-1, k - 6), -1) if words[m].norm in ("،", ",")), None)
        if m is None or not any(words[m].end <= d["start"] < words[k].start for d in dates):
            return None
        k = m - 1
    if k < 0:
        return None
    subject = next((e for e in before if e["start"] <= words[k].start < e["end"]), None)
    if subject is None:
        return None
    v = _word_index(words, subject["start"])
    glued = words[v].norm[: max(0, len(words[v].norm) - len(words[v].text[subject["start"] - words[v].start:]))]
    if glued or v < 1:
        return None
    from ..text.tokens import clitic_variants
    verbs = word_set("lexicon/announcing_verbs.tsv")
    return subject if any((w,) in verbs for _, w in clitic_variants(words[v - 1].norm)) else None


def _speaker_as_doer(doc, fname: str, words, i: int, trig_start: int) -> dict | None:
    """The known speaker of the direct quote around a trigger that is the speaker's own act: the
    trigger is, or comes right after, a first-person verb (lexicon/first_person_verbs.tsv)."""
    k = _reported_by(doc, fname, trig_start)
    if k is None or not doc.quotes[k].get("direct"):
        return None
    speaker = doc.quotes[k].get("speaker") or {}
    if not (speaker.get("id") or speaker.get("country")) or speaker.get("anonymous"):
        return None
    start = max(0, i - 1)  # the verb right before the trigger, or the trigger itself
    verbs = table("lexicon/first_person_verbs.tsv")
    if not any(start + m.start_token in (i - 1, i) for m in verbs.find(words[start:i + 2], clitics=True)):
        return None
    return {"text": speaker.get("text"), "start": speaker.get("start"), "end": speaker.get("end"),
            "id": speaker.get("id"), "name_en": speaker.get("name_en"), "type": speaker.get("type"),
            "country": speaker.get("country"), "sector": speaker.get("sector"), "via": "quote speaker"}


def _is_undergo(norm: str) -> bool:
    """تعرض، وتعرضت، يتعرض ...: the verb of undergoing (تعرض X لهجوم)."""
    return norm.startswith(_UNDERGO) or (norm[:1] in "وف" and norm[1:].startswith(_UNDERGO))


def _undergone(words, i: int, clitic_len: int) -> int | None:
    """'تعرض قيادي في حماس، الثلاثاء، للخطف': a verbal noun glued to ل whose clause opens with تعرض
    (up to twelve words before) is undergone by that verb's subject; the index of تعرض, else None."""
    if "ل" not in words[i].norm[:clitic_len]:
        return None
    return max((k for k in range(max(0, i - 12), i) if _is_undergo(words[k].norm)), default=None)


@lru_cache(maxsize=1)
def undergoer_triggers() -> frozenset[str]:
    """Trigger ids that name what befell their genitive (مقتل X), never an act of the one who
    announces it: genitive = undergoer in events/genitive_roles.tsv."""
    from ..knowledge.tsv import DATA_DIR, read_rows

    path = DATA_DIR / "events" / "genitive_roles.tsv"
    return frozenset(r["trigger_id"] for r in read_rows(path) if r.get("genitive") == "undergoer") \
        if path.exists() else frozenset()


def _own_members(words, a: int, b: int) -> bool:
    """A member noun with a pronoun pointing back (جنوده، عناصرها، قواتهم) among words[a:b]
    (lexicon/member_nouns.tsv)."""
    members = word_set("lexicon/member_nouns.tsv")
    return any((stem,) in members for w in words[a:b] for stem in _stems(w.norm)[1:])


def _announcing(norm: str) -> bool:
    from ..text.tokens import clitic_variants

    verbs = word_set("lexicon/announcing_verbs.tsv")
    return any((w,) in verbs for _, w in clitic_variants(norm))


def _announced_loss(words, i: int, j: int, row: dict, actor: list[dict], recipients: list[dict],
                    before_sentence: list[dict], dates: list[dict]) -> tuple[list[dict], list[dict]]:
    """The subject of an announcing verb (lexicon/announcing_verbs.tsv) up to twelve words before a
    violent trigger reports a loss, it does not inflict it, when the trigger names what befell someone
    (مقتل X: genitive = undergoer in genitive_roles.tsv) or a verbal noun is followed by the
    announcer's own members (مقتل أحد جنوده، اعتقال اثنين من عناصرها), or is the cause of their loss
    (إصابة جنديين من قواتها في هجوم). The announcer is then not the doer; where its own members were hit
    it is the one acted on."""
    ann = next((k for k in range(i - 1, max(-1, i - 13), -1) if _announcing(words[k].norm)), None)
    if ann is None:
        return actor, recipients
    subj = [e for e in before_sentence if e["end"] <= words[ann].start and e["start"] >= words[max(0, ann - 6)].start]
    vso = [e for e in before_sentence if words[ann].end <= e["start"] < words[i].start]
    announcer = _light_verb_subject(words, ann, subj, vso)[:1]
    if not announcer:
        return actor, recipients
    nominal = row.get("pos") != "verb"
    cause = i > 0 and (words[i - 1].norm in _shape_words().get("cause", ()))
    own = nominal and (_own_members(words, j, min(len(words), j + 4))
                       or cause and _own_members(words, ann + 1, i))
    if not own and row.get("id") not in undergoer_triggers():
        return actor, recipients
    who = announcer[0]
    actor = [a for a in actor if a is not who]
    if own:
        recipients = _distinct([who] + [r for r in recipients if r is not who])[:3]
    return actor, recipients


def _injured_before(words, i: int, clitic_len: int, actorlike: list[dict], actor: list[dict]) -> list[dict]:
    """'أصيب ثلاثة من عناصر القوة التنفيذية ... في انفجار عبوة'، 'أصيب مدير مكتبه ... إثر إطلاق نار': a
    violent noun introduced by a cause word (lexicon/passive_shapes.tsv, kind cause; or بـ) after an
    injury verb (kind injury_verb) up to 25 words before it: the first name between the two was hurt."""
    shapes = _shape_words()
    if not (i > 0 and words[i - 1].norm in shapes.get("cause", ()) or "ب" in words[i].norm[:clitic_len]):
        return []
    inj = next((k for k in range(i - 1, max(-1, i - 26), -1)
                if words[k].norm in shapes.get("injury_verb", ())
                or words[k].norm[:1] == "و" and words[k].norm[1:] in shapes.get("injury_verb", ())), None)
    if inj is None:
        return []
    named = [e for e in actorlike if words[inj].end <= e["start"] < words[i].start and e not in actor]
    return named[:1]


def _killed_in_attack(words, j: int, row: dict) -> bool:
    """'قتل X في هجوم'، 'قتلوا بانفجار': a violent verb followed at once by في/ب and another
    violent noun is the passive (قُتل), so its subject is the victim, not the doer."""
    if row.get("pos") != "verb" or row.get("plover") != "ASSAULT" or j >= len(words):
        return False
    nxt = words[j]
    singles = single_triggers()
    def violent_noun(norm):
        return any(r.get("pos") in ("noun", "phrase") and r.get("plover") == "ASSAULT"
                   for r in [*singles.get(norm, ()), *(r for _, r in gapped_triggers().get(norm, ()))])
    if nxt.norm == "في" and j + 1 < len(words):
        from ..text.tokens import clitic_variants
        return any(violent_noun(w) for _, w in clitic_variants(words[j + 1].norm))
    return nxt.norm[:1] == "ب" and violent_noun(nxt.norm[1:])


def agent_markers() -> Lexicon:
    return table("events/agent_markers.tsv")


def _marked_agent(words, j: int, actorlike: list[dict]) -> dict | None:
    """The doer named by an agent marker within three words after the trigger (شنه X، على أيدي X)."""
    for m in agent_markers().find(words[j:j + 5], clitics=True):
        if m.start_token > 3:
            break
        end = words[j + m.end_token - 1].end
        limit = words[min(len(words) - 1, j + m.end_token + 1)].end
        # the marker's own word may carry the name's article (برصاص الشرطة is one token each)
        cands = [e for e in actorlike if end <= e["start"] <= limit and e.get("type") not in ("GPE", "LOC", "FAC")
                 or (e.get("capital_of") and end <= e["start"] <= limit)]
        if cands:
            return cands[0]
    return None


def target_cues() -> Lexicon:
    return table("events/target_cues.tsv")


def _target_place(words, j: int, sent_ents: list[dict], actor: list[dict]) -> list[dict]:
    """'أطلقوا صواريخ على عسقلان': a place right after a target preposition within four words
    after the trigger is what was attacked."""
    for m in target_cues().find(words[j:j + 6], clitics=False):
        if m.start_token > 4:
            break
        end = words[j + m.end_token - 1].end
        nxt = words[j + m.end_token] if j + m.end_token < len(words) else None
        if nxt is None:
            continue
        place = next((e for e in sent_ents if e["type"] in PLACE_TYPES and e.get("country") and e.get("lat") is not None
                      and nxt.start <= e["start"] < nxt.end and e["start"] >= end), None)
        if place is not None and not any(place is a for a in actor):
            return [place]
    return []


def protest_target_cues() -> Lexicon:
    return table("events/protest_targets.tsv")


def victim_cues() -> Lexicon:
    return table("events/victim_cues.tsv")


def _cued_party(cues: Lexicon, words, j: int, actorlike: list[dict], actor: list[dict],
                reach: int | None = None, skip_people: bool = False) -> list[dict]:
    """The party a cue names after the trigger: whom a protest is against ('... ضد الحكومة'،
    'مطالبين الحكومة التركية') or who died in an attack ('الهجوم الذي أودى بحياة سبعة جنود'):
    the first actor-like name within three words after the cue, later in the sentence
    (the cue itself within `reach` words of the trigger when given). A protest's target is never
    another crowd (skip_people: 'مطالبين المواطنين' names no target)."""
    taken = {(a["start"], a["end"]) for a in actor}
    for m in cues.find(words[j:] if reach is None else words[j:j + reach], clitics=True):
        end = words[j + m.end_token - 1].end
        limit = words[min(len(words) - 1, j + m.end_token + 2)].end
        cands = [e for e in actorlike if end <= e["start"] <= limit and (e["start"], e["end"]) not in taken
                 and not (skip_people and e.get("type") == "GROUP" and e.get("sector") in ("CVL", "LAB", "EDU"))]
        if cands:
            return cands[:1]
    return []


def _protest_site(words, j: int, actorlike: list[dict], actor: list[dict]) -> list[dict]:
    """The party whose seat a protest is held at or heads to, after the trigger: a seat noun
    (مقر، سفارة، قصر) put after a word of place or direction (أمام، قرب، الى، بالقرب من) or glued
    to ل (لقصر), and the first actor-like name that starts at the seat noun or within two words
    after it (events/protest_sites.tsv). Never a crowd, never a place: "أمام مبنى في بغداد" names no
    party."""
    sites = table("events/protest_sites.tsv")
    toward = {k[0] for k, rows in sites.forms.items() if len(k) == 1 and rows[0].get("kind") == "toward"}
    taken = {(a["start"], a["end"]) for a in actor}
    for m in sites.find(words[j:], clitics=True):
        s = j + m.start_token
        if m.payloads[0].get("kind") != "seat":
            continue
        prefix = words[s].norm[:m.clitic_len]
        placed = prefix.endswith("ل") and not prefix.endswith("ال") \
            or s > 0 and words[s - 1].norm in toward \
            or s > 1 and words[s - 1].norm == "من" and words[s - 2].norm.endswith("القرب")
        if not placed:
            continue
        limit = words[min(len(words) - 1, s + 2)].end
        cands = [e for e in actorlike if words[s].start <= e["start"] <= limit and (e["start"], e["end"]) not in taken
                 and e["type"] not in PLACE_TYPES
                 and not (e.get("type") == "GROUP" and e.get("sector") in ("CVL", "LAB", "EDU"))]
        if cands:
            return cands[:1]
    return []


def _light_verb_subject(words, light: int, subj: list[dict], vso: list[dict]) -> list[dict]:
    """The subject of a light verb (شن، نفذ): a name right after the verb (VSO, نفذت القوات
    الأميركية ضربة) first, else the nearest name before it (SVO), else a later one after it."""
    right_after = [e for e in vso if _word_index(words, e["start"]) - light <= 2 and not _counted(words, e)]
    return right_after[:1] or sorted(subj, key=lambda e: -e["start"])[:1] or vso[:1]


def _counted(words, e) -> bool:
    """The group is preceded by a number (ثلاثة جنود، 5 مدنيين)."""
    k = _word_index(words, e["start"])
    if k <= 0:
        return False
    prev = words[k - 1].norm
    return prev[:1].isdigit() or bool(table("events/quantities.tsv").forms.get((prev,)))


def _coordinated(words, actor: list[dict], candidates: list[dict]) -> list[dict]:
    """'القوات الأمريكية والبريطانية': the entity joined to the actor by و acts too; so does a second
    nationality adjective right after a first (ضربات أمريكية بريطانية)."""
    if not actor:
        return []
    last = actor[-1]
    for e in sorted(candidates, key=lambda e: e["start"]):
        if e["type"] == "NORP" and last.get("type") == "NORP" and 0 < e["start"] - last["end"] <= 1 \
                and e.get("country") != last.get("country"):
            return [e]  # "ضربات أمريكية بريطانية": two nationality adjectives side by side, two doers
        if e["start"] > last["end"] and e["start"] - last["end"] <= 3 and e not in actor:
            k = _word_index(words, e["start"])
            if k >= 0 and words[k].norm.startswith("و") and words[k].start < e["start"]:
                return [e]
        if e["start"] > last["end"] + 3:
            break
    return []


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




def _location(words, sent_ents, trig_start: int, used: list[dict]) -> dict | None:
    """The event's place: a place named after a locative word (في بغداد), nearest after the
    trigger first; a country or capital acting as an actor is never the place."""
    # an embassy attacked, or a town shelled (قصفوا سديروت), is also the place
    used_spans = {(e["start"], e["end"]) for e in used if e.get("type") != "FAC" and not (e.get("type") in PLACE_TYPES and not _is_actorlike(e))}
    places = [e for e in sent_ents if e["type"] in PLACE_TYPES and e.get("lat") is not None
              and (e["start"], e["end"]) not in used_spans
              and (is_locative(words, e) or not _is_actorlike(e))
              and not _names_a_thing(words, e, trig_start)]
    if not places:
        return None
    after = [e for e in places if e["start"] >= trig_start]
    pick = after[0] if after else places[-1]
    loc = _place_fields(pick)
    loc["basis"] = "sentence"
    return loc


def _names_a_thing(words, place: dict, trig_start: int, k: int | None = None) -> bool:
    """«مؤتمر أنابوليس»، «اتفاق الطائف»: the place names the conference or the agreement
    (lexicon/named_after_place.tsv), so it is no location for another event; the head's own
    event (the conference itself) keeps it. `k`: the place's word index, when known."""
    k = _word_index(words, place["start"]) if k is None else k
    if k < 1 or words[k].start != place["start"] or words[k - 1].start <= trig_start < words[k - 1].end:
        return False
    heads = table("lexicon/named_after_place.tsv")
    return any(m.end_token == 1 for m in heads.find(words[k - 1:k], clitics=True))


def _place_fields(pick: dict) -> dict:
    return {"text": pick["text"], "start": pick["start"], "end": pick["end"], "id": pick["id"],
            "name_en": pick["name_en"], "lat": pick["lat"], "lon": pick["lon"], "country": pick.get("country"),
            "admin1": pick.get("admin1"), "precision": pick.get("precision"), "feature": pick.get("feature"),
            **({"extent_km": pick["extent_km"]} if pick.get("extent_km") else {})}


@lru_cache(maxsize=1)
def group_nouns() -> Lexicon:
    """Unnamed groups (group_nouns.tsv) and participant/agent nouns (agent_nouns.tsv)."""
    lex = load_table("lexicon/group_nouns.tsv")
    extra = load_table("lexicon/agent_nouns.tsv")
    for key, rows in extra.forms.items():
        for row in rows:
            lex.add(" ".join(key), row)
    return lex


@lru_cache(maxsize=1)
def patient_genitive_triggers() -> frozenset[str]:
    """Trigger ids whose genitive is the one acted on (اغتيال X), from events/genitive_roles.tsv."""
    from ..knowledge.tsv import DATA_DIR, read_rows

    path = DATA_DIR / "events" / "genitive_roles.tsv"
    if not path.exists():
        return frozenset()
    return frozenset(r["trigger_id"] for r in read_rows(path) if r.get("genitive") in ("patient", "undergoer"))


def _group_actors(words, sent_ents, text: str) -> list[dict]:
    """Unnamed groups as actors ('ثلاث فصائل غير معروفة', 'مسلحون مجهولون'): no id, a sector.

    A glued conjunction or preposition (والجنود، للشرطة) is left outside the span, the article
    inside. A nationality adjective right after the noun (جنود أميركيون، متظاهرون فلسطينيون)
    is part of the group and gives its country: the text says it."""
    out = []
    for m in group_nouns().find(words, clitics=True):
        first = words[m.start_token]
        prefix = first.norm[:m.clitic_len]
        cut = original_prefix_length(first, m.clitic_len) if prefix and "ال" not in prefix and not prefix.endswith("ل" * 2) else 0
        start = first.start + cut
        end = words[m.end_token - 1].end
        row = m.payloads[0]
        # a weapon named as the doer (طائرات حربية أميركية) may lie inside a force noun's group
        if any(e["start"] < end and start < e["end"] and not (e["type"] == "WEAPON" and row.get("requires"))
               for e in sent_ents):
            continue
        group = {"text": text[start:end] if cut else " ".join(w.text for w in words[m.start_token:m.end_token]),
                 "start": start, "end": end, "id": None, "name_en": row.get("name_en") or None, "type": "GROUP",
                 "country": None, "sector": row.get("sector") or None}
        k = m.end_token
        if k < len(words) and (words[k].norm,) in word_set("lexicon/group_adjectives.tsv") \
                and not any(e["start"] < words[k].end and words[k].start < e["end"] and e["type"] != "WEAPON" for e in sent_ents):
            k += 1  # طائرات حربية أميركية
        adj_at = words[k].start if k < len(words) else None
        adj = next((e for e in sent_ents if e["type"] == "NORP" and e.get("country") and e["start"] == adj_at), None)
        origin = None
        at = m.end_token
        if at < len(words) and (words[at].norm,) in word_set("lexicon/origin_words.tsv"):
            at += 1  # "المتظاهرين القادمين من ..."
        if adj is None and at + 1 < len(words) and words[at].norm == "من":
            # "لاجئون من التبت"، "جنود من الجيش العراقي"، "متظاهرون قادمون من مدن أميركية":
            # where they come from, named in the text (the name right after من, or a nationality
            # after the place noun it follows)
            after_min = words[at + 1]
            second = words[at + 2] if at + 2 < len(words) and words[at + 1].norm not in _CLAUSE_BREAKS else None
            origin = next((e for e in sent_ents if e.get("country") and e["type"] in ("GPE", "LOC", "NORP", "ORG")
                           and after_min.start <= e["start"] < after_min.end), None)
            if origin is None and second is not None:
                origin = next((e for e in sent_ents if e.get("country") and e["type"] == "NORP"
                               and second.start <= e["start"] < second.end), None)
        if adj is not None:
            group.update({"text": text[start:adj["end"]], "end": adj["end"], "country": adj["country"]})
        elif origin is not None:
            group.update({"text": text[start:origin["end"]], "end": origin["end"], "country": origin["country"]})
        elif row.get("requires") == "nationality":
            continue  # قوة، وحدة، طائرة alone are common words
        out.append(group)
    return out


def _date(doc, fname, s_start, s_end, trig_start) -> dict | None:
    cands = [d for d in doc.dates if d["field"] == fname and s_start <= d["start"] < s_end and d.get("value")]
    # a date inside a quotation that does not hold the trigger dates something said there
    # ("أعلى مما شهدناه الشهر الماضي"), not the event
    quoted = [(a, b) for a, b in quotation_spans(doc.field_text(fname), s_start, s_end, single=False)
              if not a <= trig_start < b]
    cands = [d for d in cands if not any(a <= d["start"] < b for a, b in quoted)]
    if cands:
        d = min(cands, key=lambda d: abs(d["start"] - trig_start))
        return {"value": d["value"], "precision": d["precision"], "basis": "text", "text": d["text"]}
    if doc.published:
        return {"value": doc.published, "precision": "day", "basis": "publication"}
    return None


_DEAD = normalized_set({"قتيل", "قتيلا", "قتلى", "قتلي", "مقتل", "شهيد", "شهيدا", "شهداء", "جثث", "جثه"})
_INJURED = normalized_set({"جريح", "جريحا", "جرحي", "جرحى", "مصاب", "مصابا", "مصابين", "اصابه", "اصابات"})
_ARRESTED = normalized_set({"معتقل", "معتقلا", "معتقلين", "موقوف", "موقوفا", "شخصا", "مشتبها", "مشتبه"})


def _size(doc, fname, s_start, s_end, trig_start, trig_end, plover=None) -> dict:
    """Casualty and quantity figures in the sentence: by the noun after the number
    (خمسة قتلى), the word before it (مقتل خمسة، اعتقال 12), or the trigger it counts."""
    from ..text.normalize import normalize

    size = {"dead": None, "injured": None, "arrested": None, "quantity": None}
    text = doc.field_text(fname)
    for q in doc.quantities:
        if q["field"] != fname or not (s_start <= q["start"] < s_end):
            continue
        unit = normalize(q.get("unit") or "")
        before = normalize(text[max(s_start, q["start"] - 14):q["start"]]).split()
        prev = before[-1] if before else ""
        prev = prev[1:] if prev[:1] in "وب" and len(prev) > 3 else prev
        value = q["value"] if q.get("min") is None else q["min"]
        if value is None:
            continue
        value = int(value) if float(value).is_integer() else value
        if unit in _DEAD or prev in _DEAD_BEFORE:
            size["dead"] = value
        elif unit in _INJURED or prev in _INJURED_BEFORE:
            size["injured"] = value
        elif unit in _ARRESTED or prev in _ARRESTED_BEFORE or (plover == "COERCE" and 0 <= q["start"] - trig_end <= 40):
            size["arrested"] = size["arrested"] or value
        elif q["end"] <= trig_end and trig_start - q["end"] <= 2 or q["start"] >= trig_start and q["start"] - trig_end <= 1:
            size["quantity"] = value
            if q.get("max") is None and q.get("min") is not None:
                size["quantity_qualifier"] = "more_than"
    return size


_DEAD_BEFORE = normalized_set({"مقتل", "قتل", "استشهاد", "وفاه", "مصرع", "حصيله"})
_INJURED_BEFORE = normalized_set({"اصابه", "جرح", "اصيب", "اصيبت"})
_ARRESTED_BEFORE = normalized_set({"اعتقال", "توقيف", "احتجاز", "اعتقل", "اعتقلت", "القبض"})


def _quote_around(doc, fname, offset) -> tuple[int, int] | None:
    for q in doc.quotes:
        if q["field"] == fname and q["direct"] and q["start"] <= offset < q["end"]:
            return q["start"], q["end"]
    return None


def _reported_by(doc, fname, offset) -> int | None:
    for k, q in enumerate(doc.quotes):
        if q["field"] == fname and q["start"] <= offset < q["end"]:
            return k
    return None
