"""Our own event test set (tests/data/event_cases.jsonl): each PLOVER type, each modality,
verbal nouns, agentless passives, metaphor and sport, and ordinary news with no event.

Each case lists records that must be found (`expect`, every given field must match one
event) and records that must not be (`forbid`)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import marsad

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "event_cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def matches(event: dict, want: dict) -> bool:
    for key, value in want.items():
        if key in ("type", "modality") and event.get(key) != value:
            return False
        if key == "actor_country" and value not in {a.get("country") for a in event["actor"]}:
            return False
        if key == "recipient_country" and value not in {a.get("country") for a in event["recipient"]}:
            return False
        if key == "actor_empty" and bool(event["actor"]) == value:
            return False
        if key == "location" and not (event.get("location") and value in event["location"]["text"]):
            return False
        if key in ("dead", "injured", "arrested", "quantity") and event["size"].get(key) != value:
            return False
    return True


def describe(doc) -> str:
    return "; ".join(
        f"{e['type']}/{e['modality']} trigger={e['trigger']['text']!r} actor={[a.get('country') or a['text'] for a in e['actor']]}"
        f" recipient={[a.get('country') or a['text'] for a in e['recipient']]} loc={(e['location'] or {}).get('text')} size={e['size']}"
        for e in doc.events) or "no events"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_event_case(case):
    doc = marsad.extract(case["text"], published=case["published"])
    for want in case["expect"]:
        assert any(matches(e, want) for e in doc.events), f"missing {want} in {case['text']!r}: {describe(doc)}"
    for bad in case["forbid"]:
        assert not any(matches(e, bad) for e in doc.events), f"unexpected {bad} in {case['text']!r}: {describe(doc)}"


def test_the_set_covers_every_type_and_modality():
    types = {w["type"] for c in CASES for w in c["expect"]}
    modalities = {w.get("modality") for c in CASES for w in c["expect"] + c["forbid"]}
    assert types >= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                     "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert modalities >= {"asserted", "denied", "planned", "conditional", "hypothetical", "demanded"}
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if not c["expect"]) >= 10  # negative sentences
