"""Entities: knowledge-base mentions, rule-found people and organisations, short-form links.

extract_entities runs the knowledge-base matcher, then the people and organisation rules
(people.py, organizations.py), then links short forms to the full mentions of the article."""
from __future__ import annotations

from ...document import Document
from ...knowledge.base import KnowledgeBase, load
from ...knowledge.lexicon import table
from ...knowledge.matcher import Mention, article_countries, find_mentions_in_context
from ...text.tokens import tokenize
from ..views import FieldView, views

from .common import PLACE_TYPES, make_entity, overlaps
from .people import (
    coordinated_people, cued_short_person, family_name, linkable_surname, person_bounds, rule_people, son_of,
)
from .organizations import (
    SEVERAL_CLUBS, anaphoric_noun, club_in_sport_context, club_reading, descriptive_org, org_name,
    org_without_head, org_without_nationality, rule_organizations,
)
from .places import doubtful_geonames, place_name


def extract_entities(doc: Document) -> None:
    kb = load()
    found: list[dict] = []
    pending_short: list[tuple[str, FieldView, Mention]] = []
    fields = list(views(doc).items())
    per_field = find_mentions_in_context(kb, [(view.text, view.words) for _, view in fields])
    mentions = [(name, view, m) for (name, view), ms in zip(fields, per_field) for m in ms]
    countries = article_countries(kb, [m for _, _, m in mentions])
    prev_end: dict[str, int] = {}
    for name, view, m in mentions:
        lo = prev_end.get(name, 0)  # a name read back from a known surname stops at the mention before
        prev_end[name] = m.token_end
        full = [h for h in m.hits if h.kind in ("full", "alias", "weak")]
        if full and kb.entries[full[0].entry].kind == "country":
            # a weak or short place reading can win by article context: keep it as a candidate
            full += [h for h in m.hits if h.kind == "short" and kb.entries[h.entry].type in PLACE_TYPES]
        if not full:
            pending_short.append((name, view, m))
            continue
        if doubtful_geonames(kb, view, m, full):
            continue
        entry = Mention(m.start, m.end, m.text, m.form, m.clitic, full, m.token_start, m.token_end).best_in(kb, countries)
        if entry.type in PLACE_TYPES:
            club = club_reading(kb, view, m)
            if club is not None:
                entry = club  # "لاعب مانشستر"، "اقترب برشلونة من ..." in a sentence about sport
        start, end = m.start, m.end
        if entry is SEVERAL_CLUBS:
            found.append(make_entity(doc, name, start, end, view.text, None, "context:sport", 0.4, type="ORG", sector="CVL"))
            continue
        if entry.type == "PERSON":
            start, end = person_bounds(kb, view, m, lo)
            if son_of(view, m, start):  # "أحمد بن محمد بن راشد" is the son, not the known father
                found.append(make_entity(doc, name, start, end, view.text, None, "rule:son-of", 0.6, type="PERSON", sector=None))
                continue
        elif entry.type == "ORG":
            end = org_without_nationality(kb, view, m, entry, end)
            start = org_without_head(kb, view, m, entry, start)
        ent = make_entity(doc, name, start, end, view.text, entry, "knowledge", 0.9 if len(m.hits) == 1 else 0.75)
        core = place_name(kb, view, m, entry) if entry.type in PLACE_TYPES else \
            org_name(kb, view, m, entry) if entry.type == "ORG" and start == m.start else None
        if core is not None:  # the proper name inside the expression: جنوب لبنان → لبنان، حركة حماس → حماس
            ent["name"] = {"text": view.text[core[0]:core[1]], "start": core[0], "end": core[1]}
        if entry.type == "ORG" and descriptive_org(kb, view, m, end):
            ent["nominal"] = True  # "الجيش اللبناني", "وزير الخارجية الروسي": a description, not a name
        found.append(ent)
    rule_people(doc, kb, found)
    rule_organizations(doc, found)
    _link_short_forms(doc, kb, found, pending_short)
    coordinated_people(doc, kb, found)
    found.sort(key=lambda e: (e["field"] != "text", e["field"], e["start"]))
    doc.entities = found


def _link_short_forms(doc: Document, kb: KnowledgeBase, found: list[dict], pending) -> None:
    """Short forms count only when their full form is in the article (الكاظمي → مصطفى الكاظمي);
    last names of rule-found people link back to them too (سميث → فيليب سميث)."""
    seen_ids = {e["id"]: e for e in found if e["id"]}
    for fname, view, m in pending:
        for hit in m.hits:
            entry = kb.entries[hit.entry]
            if entry.id in seen_ids and not overlaps(found, fname, m.start, m.end):
                full = seen_ids[entry.id]
                ent = make_entity(doc, fname, m.start, m.end, view.text, entry, "link", 0.8)
                if entry.type == "ORG" and anaphoric_noun(m.form):
                    ent["nominal"] = True  # "الحزب" for حزب الله: a reference back, not a name
                ent["linked_to"] = {"field": full["field"], "start": full["start"], "end": full["end"]}
                found.append(ent)
                break
        else:
            if not cued_short_person(doc, kb, view, m, found) and not club_in_sport_context(doc, kb, view, m, found):
                family_name(doc, kb, view, m, found)
    people = [e for e in found if e["type"] == "PERSON" and e["id"] is None and len(e["text"].split()) >= 2]
    names = table("names/given_names.tsv")
    for p in people:
        last = p["text"].split()[-1]
        if any(m.start_token > 0 for m in names.find(tokenize(p["text"]), clitics=True)
               if m.end_token == len(p["text"].split()) and m.end_token - m.start_token > 1) or last == "الله":
            continue  # "أبو عبد الله": the last word is half of a compound given name, no surname
        if not linkable_surname(kb, last):
            continue
        for fname, view in views(doc).items():
            for w in view.words:
                if w.text in (last, "و" + last, "ل" + last) and not overlaps(found, fname, w.start, w.end):
                    start = w.end - len(last)
                    ent = {k: v for k, v in p.items() if k not in ("start", "end", "text", "field", "linked_to")}
                    ent.update({"text": view.text[start:w.end], "start": start, "end": w.end, "field": fname,
                                "source": "link", "linked_to": {"field": p["field"], "start": p["start"], "end": p["end"]}})
                    found.append(ent)
