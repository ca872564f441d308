"""Events on the PETRARCH Arabic GSR: ASSAULT and PROTEST recall, actor countries,
and the firing rate on ordinary news.

Gold: `petrarch-arabic-gsr-events/*.events.jsonl` (one JSON per sentence: id,
category, date, text, events[plover, sourcecode, targetcode, ...]; see that
folder's README). Every gold sentence holds an event, so the set measures recall
only. Licence: internal evaluation only — nothing here prints or stores the
sentences; reports carry counts.

Per gold sentence, Marsad runs on the sentence alone (one sentence, published =
the gold date). A gold event of type T is found ("asserted") when Marsad reports
an event of type T with modality asserted in that sentence; "any modality"
accepts negated, threatened, alleged ... as well.

Country agreement: a CAMEO code's first three letters are its country ("IRQ
MIL" → IRQ); codes that start with None, IGO, NGO, IMG, INT, MNC, UAF (and other
non-state prefixes) carry no country and are not scored. Among gold events that
Marsad found (asserted), the source country agrees when some asserted event of
type T in the sentence has an actor with that country, the target country when
one has a recipient with it. The same rate with missed events counted as
disagreement is shown beside it.

Precision cannot be measured on this set (no negative sentences). Instead the
firing rate — Marsad events per article and per 100 sentences, by type — is
measured on a fixed sample of ordinary news: the first 300 SaudiNewsNet articles
in file-name order.
"""
from __future__ import annotations

import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .common import Report, SentenceRunner, Table, Target, fmt, need_dir, ratio, take

TYPES = ("ASSAULT", "PROTEST")
TARGET_RECALL = 0.90
TARGET_COUNTRY = 0.70
NEWS_SAMPLE = 300
# CAMEO prefixes that are not a country (None = unknown; IGO/NGO/IMG/INT/MNC = international or
# non-state; UAF/REB/... are role codes that appear when the country slot is empty; KUR is an ethnic code;
# AFR, MEA, WST, ... are CAMEO regions).
NON_COUNTRY = {"NON", "IGO", "NGO", "IMG", "INT", "MNC", "UAF", "REB", "MIL", "GOV", "OPP", "CVL", "BUS",
               "MED", "EDU", "JUD", "LEG", "COP", "SPY", "REF", "CRM", "HLH", "ELI", "AGR", "LAB", "UIS",
               "SEP", "RAD", "MOD", "KUR", "AFR", "ASA", "EUR", "MEA", "WST", "NAF", "WAF", "SAF", "EAF",
               "CFR", "SAS", "SEA", "CAS", "LAM", "CRB", "BLK", "PGS", "MDT", "NMR", "XXX"}


def gold_country(code: str | None) -> str | None:
    """The country of a CAMEO-style code ("IRQ MIL" → "IRQ"), None when it has none."""
    if not code:
        return None
    first = code.strip().split(" ")[0] if code.strip() else ""
    head = first[:3].upper()
    if len(head) != 3 or not head.isalpha() or head in NON_COUNTRY or first.lower() == "none":
        return None
    return head


@dataclass
class GoldSentence:
    id: str
    category: str
    date: str | None  # ISO
    text: str
    events: list[dict]


def read_gsr(folder: Path) -> list[GoldSentence]:
    out = []
    for path in sorted(folder.glob("*.events.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                d = str(row.get("date") or "")
                iso = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else None
                out.append(GoldSentence(str(row.get("id")), row.get("category", ""), iso, row.get("text", ""),
                                        row.get("events", [])))
    return out


@dataclass
class TypeCounts:
    gold: int = 0
    found_asserted: int = 0
    found_any: int = 0
    src_gold: int = 0  # gold events with a source country
    src_scored: int = 0  # ... of which found (asserted)
    src_agree: int = 0
    tgt_gold: int = 0
    tgt_scored: int = 0
    tgt_agree: int = 0
    sentences: int = 0
    predicted: Counter = field(default_factory=Counter)  # Marsad events by type in these sentences

    def add(self, other: "TypeCounts") -> None:
        for k in ("gold", "found_asserted", "found_any", "src_gold", "src_scored", "src_agree", "tgt_gold",
                  "tgt_scored", "tgt_agree", "sentences"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.predicted.update(other.predicted)


def _countries(parts: list[dict]) -> set[str]:
    return {str(p.get("country")).upper() for p in parts if p.get("country")}


def score_sentence(gold_events: list[dict], pred_events: list[dict]) -> dict[str, TypeCounts]:
    """Counts per gold type for one sentence (gold PLOVER events vs Marsad events)."""
    out: dict[str, TypeCounts] = {}
    for g in gold_events:
        typ = (g.get("plover") or "").upper()
        c = out.setdefault(typ, TypeCounts())
        c.gold += 1
        same = [p for p in pred_events if p.get("type") == typ]
        asserted = [p for p in same if p.get("modality", "asserted") == "asserted"]
        c.found_any += bool(same)
        c.found_asserted += bool(asserted)
        src, tgt = gold_country(g.get("sourcecode")), gold_country(g.get("targetcode"))
        if src:
            c.src_gold += 1
            if asserted:
                c.src_scored += 1
                c.src_agree += any(src in _countries(p.get("actor") or []) for p in asserted)
        if tgt:
            c.tgt_gold += 1
            if asserted:
                c.tgt_scored += 1
                c.tgt_agree += any(tgt in _countries(p.get("recipient") or []) for p in asserted)
    return out


def evaluate_gsr(sentences: list[GoldSentence], runner: SentenceRunner) -> dict[str, TypeCounts]:
    totals: dict[str, TypeCounts] = {}
    for s in sentences:
        doc = runner(s.text, s.date)
        preds = [e for e in doc.events if e.get("field", "text") == "text"]
        for typ, c in score_sentence(s.events, preds).items():
            totals.setdefault(typ, TypeCounts()).add(c)
        cat = totals.setdefault(s.category.upper(), TypeCounts())
        cat.sentences += 1
        cat.predicted.update(p.get("type") for p in preds)
    return totals


# -- ordinary news ------------------------------------------------------------
def iter_news(folder: Path):
    """SaudiNewsNet articles in file-name order, then array order: (date, content)."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in sorted(n for n in zf.namelist() if n.endswith(".json")):
                for art in json.loads(zf.read(name).decode("utf-8")):
                    yield (str(art.get("date_extracted") or "")[:10] or None), (art.get("content") or "")


@dataclass
class FiringRate:
    articles: int = 0
    skipped: int = 0  # no usable text
    failed: int = 0  # the pipeline raised
    sentences: int = 0
    events: Counter = field(default_factory=Counter)
    asserted: Counter = field(default_factory=Counter)


def firing_rate(folder: Path, sample: int = NEWS_SAMPLE) -> FiringRate:
    from ..ingest.build import check_iso_date, raw_from_string
    from ..ingest.errors import InputError
    from ..pipeline import default_pipeline

    pipeline = default_pipeline()
    fr = FiringRate()
    for date, content in take(iter_news(folder), sample):
        try:
            date = check_iso_date(date, "published") if date else None
        except ValueError:
            date = None
        try:
            doc = pipeline.process_raw(raw_from_string(content), date)
        except InputError:  # no article text
            fr.skipped += 1
            continue
        except Exception:  # extraction failure: counted, not scored
            fr.failed += 1
            continue
        fr.articles += 1
        fr.sentences += len(doc.sentences)
        for e in doc.events:
            fr.events[e.get("type")] += 1
            if e.get("modality") == "asserted":
                fr.asserted[e.get("type")] += 1
    return fr


# -- report -------------------------------------------------------------------
def _lexicon_hint() -> str:
    try:
        from ..knowledge.tsv import DATA_DIR
    except ImportError:
        return ""
    path = DATA_DIR / "events" / "triggers.tsv"
    return "" if path.exists() else " (the event trigger lexicon knowledge/data/events/triggers.tsv is absent from this build)"


def evaluate(data_dir: Path, limit: int | None = None, sample: int = NEWS_SAMPLE,
             runner: SentenceRunner | None = None, command: str = "marsad evaluate events",
             half: str | None = None) -> Report:
    """`half` ("first" or "second"): score only that half of each category file, in line order.
    The GSR has no development split: rules are chosen from the first half's errors, and the
    second half shows whether they hold on sentences nobody looked at."""
    folder = need_dir(Path(data_dir) / "petrarch-arabic-gsr-events", "PETRARCH Arabic GSR")
    gold = read_gsr(folder)
    per_file = Counter(s.category.upper() for s in gold)
    if half is not None:
        sizes, seen_half = Counter(s.category for s in gold), Counter()
        kept = []
        for s in gold:
            first = seen_half[s.category] < sizes[s.category] // 2
            seen_half[s.category] += 1
            if first == (half == "first"):
                kept.append(s)
        gold = kept
    if limit is not None:  # the first `limit` sentences of each category file
        seen: Counter = Counter()
        kept = []
        for s in gold:
            seen[s.category] += 1
            if seen[s.category] <= limit:
                kept.append(s)
        gold = kept
    runner = runner or SentenceRunner()
    totals = evaluate_gsr(gold, runner)

    rows, targets = [], []
    for typ in sorted(totals, key=lambda t: (t not in TYPES, t)):
        c = totals[typ]
        if not c.gold:
            continue
        r_ass, r_any = ratio(c.found_asserted, c.gold), ratio(c.found_any, c.gold)
        agree = ratio(c.src_agree + c.tgt_agree, c.src_scored + c.tgt_scored)
        rows.append([typ, str(c.gold), fmt(r_ass), fmt(r_any),
                     f"{fmt(ratio(c.src_agree, c.src_scored))} ({c.src_agree}/{c.src_scored})",
                     f"{fmt(ratio(c.tgt_agree, c.tgt_scored))} ({c.tgt_agree}/{c.tgt_scored})",
                     fmt(agree), fmt(ratio(c.src_agree + c.tgt_agree, c.src_gold + c.tgt_gold))])
        if typ in TYPES:
            targets.append(Target(f"{typ} recall (asserted)", f"≥ {TARGET_RECALL:.2f}", fmt(r_ass),
                                  None if r_ass is None else r_ass >= TARGET_RECALL))
            targets.append(Target(f"{typ} country agreement (found events)", f"≥ {TARGET_COUNTRY:.2f}", fmt(agree),
                                  None if agree is None else agree >= TARGET_COUNTRY))
    recall_table = Table(
        f"PETRARCH Arabic GSR, {len(gold)} gold sentences (all positives): recall and actor countries",
        ["gold type", "gold events", "recall (asserted)", "recall (any modality)", "source→actor country",
         "target→recipient country", "country agreement (found)", "country agreement (all gold)"], rows)

    pred_rows = []
    for typ in TYPES:
        c = totals.get(typ)
        if not c or not c.sentences:
            continue
        top = ", ".join(f"{k} {v}" for k, v in c.predicted.most_common(6)) or "none"
        pred_rows.append([f"{typ} sentences", str(c.sentences), fmt(sum(c.predicted.values()) / c.sentences, 2), top])
    pred_table = Table("Marsad events predicted in the gold sentences (types, all modalities)",
                       ["set", "sentences", "events / sentence", "most frequent predicted types"], pred_rows)

    tables = [recall_table, pred_table]
    notes = [
        "Gold: `petrarch-arabic-gsr-events/*.events.jsonl` (UniversalPetrarch Arabic GSR: "
        + ", ".join(f"{v} {k}" for k, v in sorted(per_file.items()))
        + " sentences); the sentences are not reproduced here (internal evaluation only).",
        "Each sentence is run alone as one sentence, published = its gold date. Found (asserted) = an event "
        "of the gold type with modality asserted in the sentence; any modality = of the gold type at all.",
        "Country = first three letters of the gold CAMEO code (IRQ MIL → IRQ); None, IGO, NGO, IMG, INT, MNC, "
        "KUR and role-only codes carry no country and are not scored. Source is compared with the actors and "
        "target with the recipients of the asserted events of that type; 'found' counts only gold events "
        "Marsad found (the target's basis), 'all gold' counts misses as disagreements.",
    ]
    news = Path(data_dir) / "saudinewsnet" / "dataset"
    data = {"totals": totals, "sentences": len(gold), "errors": runner.errors}
    if news.is_dir() and sample:
        n = sample if limit is None else min(sample, limit)
        fr = firing_rate(news, n)
        data["firing"] = fr
        all_types = sorted(set(fr.events) | set(TYPES), key=lambda t: (t not in TYPES, -fr.events[t], str(t)))
        frows = []
        for typ in all_types:
            frows.append([str(typ), str(fr.events[typ]), str(fr.asserted[typ]),
                          fmt(ratio(fr.events[typ], fr.articles), 3), fmt(ratio(100 * fr.events[typ], fr.sentences), 2)])
        total = sum(fr.events.values())
        frows.append(["all types", str(total), str(sum(fr.asserted.values())), fmt(ratio(total, fr.articles), 3),
                      fmt(ratio(100 * total, fr.sentences), 2)])
        tables.append(Table(
            f"Firing rate on ordinary news: first {n} SaudiNewsNet articles in file-name order "
            f"({fr.articles} with text, {fr.sentences} sentences; no gold, so no precision)",
            ["type", "events", "asserted", "per article", "per 100 sentences"], frows))
        notes.append("Precision is not measurable on the GSR (no negative sentences). The firing rate on "
                     "SaudiNewsNet (mostly local, economic and sports news) shows how often Marsad reports events "
                     "on ordinary news; it is not checked against gold.")
        if fr.skipped:
            notes.append(f"{fr.skipped} SaudiNewsNet article(s) had no usable text and were skipped.")
    elif sample:
        notes.append(f"SaudiNewsNet not found at {news}: firing rate on ordinary news not measured.")
    warnings: list[str] = []
    if data.get("firing") and data["firing"].failed:
        warnings.append(f"{data['firing'].failed} SaudiNewsNet article(s) raised inside the pipeline and were left out.")
    predicted = sum(sum(c.predicted.values()) for c in totals.values())
    if not predicted and not sum(data.get("firing", FiringRate()).events.values()):
        warnings.append("Marsad reported no events at all in this run" + _lexicon_hint() + ".")
    if runner.errors:
        warnings.append(f"{runner.errors} gold sentence(s) raised inside the pipeline and were scored with no events.")
    return Report("Events (PETRARCH GSR)", command, tables, targets, notes, warnings, data,
                  limited=limit is not None or half is not None)
