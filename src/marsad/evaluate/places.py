"""Places on IDRISI LMD dev: gazetteer-alone recall and distance to gold coordinates.

Gold: `idrisi-arabic-locations/LMD/data/AR/<event>/dev.jsonl` (one tweet a line:
text, location_mentions[text, type, start_offset, end_offset, osm_json{lat, lon}];
see that folder's README). Offsets are Python string indices, end exclusive
(text[start_offset:end_offset] == mention text on every dev mention).

Gazetteer alone: `knowledge.matcher.find_mentions` over the tweet, keeping the
mentions whose best entry is a place (GPE, LOC, FAC). A gold mention is recalled
when such a mention overlaps its span by at least one character; when several
do, the one with the largest overlap is its match. It is near gold when that
entry's coordinates lie within 161 km of the gold point (500 km for a Country,
whose gold point is one point of a large area). "Near gold" is reported over the
recalled mentions (the geocoding quality, the target's basis) and over all gold
mentions (recalled and near).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .common import Report, Table, Target, haversine_km, need_dir, pct, ratio, take

PLACE_TYPES = {"GPE", "LOC", "FAC"}
NEAR_KM = 161.0
NEAR_KM_COUNTRY = 500.0
# Gold type names → report labels; the README says State/Province, the files say Province.
LABELS = {"Country": "Country", "State": "Province/State", "Province": "Province/State",
          "State/Province": "Province/State", "City/town": "City/town", "District": "District"}
TARGETED = ("Country", "Province/State", "City/town", "District")
TARGET_RECALL = {"Country": 0.90, "Province/State": 0.90, "City/town": 0.90, "District": 0.75}
TARGET_NEAR = 0.90


def label(gold_type: str) -> str:
    return LABELS.get(gold_type, gold_type)


@dataclass
class Counts:
    gold: int = 0
    recalled: int = 0
    near: int = 0  # recalled and within the distance
    with_coords: int = 0  # recalled and our entry has coordinates

    def add(self, other: "Counts") -> None:
        self.gold += other.gold
        self.recalled += other.recalled
        self.near += other.near
        self.with_coords += other.with_coords


def read_set(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dev_sets(folder: Path) -> list[tuple[str, Path]]:
    return [(p.parent.name, p) for p in sorted(folder.glob("*/dev.jsonl"))]


def score_tweet(gold: list[dict], preds: list[tuple[int, int, float | None, float | None]]) -> list[tuple[str, bool, bool, bool]]:
    """(label, recalled, has coordinates, near gold) for each gold mention of one tweet.

    `gold`: IDRISI mentions (type, start_offset, end_offset, osm_json.lat/lon);
    `preds`: place mentions (start, end, lat, lon) in the same text.
    """
    out = []
    for g in gold:
        gs, ge = int(g["start_offset"]), int(g["end_offset"])
        best, best_ov = None, 0
        for p in preds:
            ov = min(ge, p[1]) - max(gs, p[0])
            if ov > best_ov:
                best, best_ov = p, ov
        lab = label(g.get("type", ""))
        if best is None:
            out.append((lab, False, False, False))
            continue
        osm = g.get("osm_json") or {}
        has = best[2] is not None and best[3] is not None
        near = False
        if has and osm.get("lat") not in (None, "") and osm.get("lon") not in (None, ""):
            limit = NEAR_KM_COUNTRY if lab == "Country" else NEAR_KM
            near = haversine_km(float(osm["lat"]), float(osm["lon"]), best[2], best[3]) <= limit
        out.append((lab, True, has, near))
    return out


def gazetteer_places(kb, text: str) -> list[tuple[int, int, float | None, float | None]]:
    from ..knowledge.matcher import article_countries, find_mentions_in_context

    out = []
    [mentions] = find_mentions_in_context(kb, [(text, None)])
    countries = article_countries(kb, mentions)
    for m in mentions:
        e = m.best_in(kb, countries)
        if e.type in PLACE_TYPES:
            out.append((m.start, m.end, e.lat, e.lon))
    return out


def evaluate(data_dir: Path, limit: int | None = None, command: str = "marsad evaluate places") -> Report:
    from ..knowledge.base import load

    folder = need_dir(Path(data_dir) / "idrisi-arabic-locations" / "LMD" / "data" / "AR", "IDRISI LMD")
    kb = load()
    per_set: dict[str, dict[str, Counts]] = {}
    tweets = 0
    for name, path in dev_sets(folder):
        counts = per_set.setdefault(name, {})
        for tweet in take(read_set(path), limit):
            tweets += 1
            preds = gazetteer_places(kb, tweet.get("text", ""))
            for lab, rec, has, near in score_tweet(tweet.get("location_mentions") or [], preds):
                c = counts.setdefault(lab, Counts())
                c.gold += 1
                c.recalled += rec
                c.with_coords += has
                c.near += near
    totals: dict[str, Counts] = {}
    for counts in per_set.values():
        for lab, c in counts.items():
            totals.setdefault(lab, Counts()).add(c)

    def order(lab: str):
        return (TARGETED.index(lab) if lab in TARGETED else len(TARGETED), lab)

    def row(first: list[str], c: Counts) -> list[str]:
        return first + [str(c.gold), f"{pct(ratio(c.recalled, c.gold))} ({c.recalled})",
                        f"{pct(ratio(c.near, c.recalled))} ({c.near}/{c.recalled})", pct(ratio(c.near, c.gold))]

    heads = ["gold mentions", "recall", "near gold (of recalled)", "near gold (of all)"]
    total_rows = [row([lab], totals[lab]) for lab in sorted(totals, key=order)]
    targeted = Counts()
    for lab in TARGETED:
        if lab in totals:
            targeted.add(totals[lab])
    total_rows.append(row(["four targeted types"], targeted))
    total_table = Table(f"IDRISI LMD dev, all {len(per_set)} sets ({tweets} tweets): totals by gold type",
                        ["gold type"] + heads, total_rows)
    set_rows = [row([name, lab], per_set[name][lab]) for name in sorted(per_set) for lab in sorted(per_set[name], key=order)]
    set_table = Table("Per set and gold type", ["set", "gold type"] + heads, set_rows)

    targets = []
    for lab in TARGETED:
        c = totals.get(lab, Counts())
        r = ratio(c.recalled, c.gold)
        targets.append(Target(f"{lab} recall", f"≥ {TARGET_RECALL[lab]:.0%}", pct(r),
                              None if r is None else r >= TARGET_RECALL[lab]))
    for lab in TARGETED:
        c = totals.get(lab, Counts())
        n = ratio(c.near, c.recalled)
        targets.append(Target(f"{lab} near gold (of recalled)", f"≥ {TARGET_NEAR:.0%}", pct(n),
                              None if n is None else n >= TARGET_NEAR))
    notes = [
        "Gold: IDRISI-D (LMD) Arabic dev sets, tweets about 7 events (test partitions withheld by the authors); "
        "tweets are not news prose, and hashtags and dialect spellings are frequent.",
        "Gazetteer alone: `find_mentions` over each tweet, keeping mentions whose best entry is GPE, LOC or FAC; "
        "no context rules of the entity extractor. Recalled = such a mention overlaps the gold span "
        "(character offsets, end exclusive).",
        f"Near gold = haversine distance from our entry's coordinates to the gold OSM point ≤ {NEAR_KM:.0f} km "
        f"(≤ {NEAR_KM_COUNTRY:.0f} km for Country); a recalled mention whose entry has no coordinates is not near.",
        "Targets apply to the totals over all sets; other gold types (points of interest, streets, "
        "neighbourhoods) are shown without a target.",
    ]
    data = {"per_set": per_set, "totals": totals, "tweets": tweets}
    return Report("Places (IDRISI LMD dev)", command, [total_table, set_table], targets, notes, [], data,
                  limited=limit is not None)
