"""NER on the ANERcorp test split: exact-span micro P/R/F1 for PER, LOC and ORG.

Gold: `anercorp/ANERCorp.camelrule-approx.test.txt` (one `token TAG` a line,
IOB2, blank line = sentence break; see that folder's README). Each sentence is
rebuilt by joining its tokens with single spaces and run through Marsad as one
sentence.

Type mapping (Marsad → ANERcorp): PERSON → PER; GPE, LOC, FAC → LOC; ORG → ORG.
NORP and WEAPON (and anything else) have no ANERcorp counterpart and are left
out, neither right nor wrong. Gold MISC is left out too; gold PERS is PER.

Spans are compared on tokens. A Marsad character span [s, e) stands for gold
tokens i..j when
  * it starts at token i's start, or inside token i after a proclitic prefix
    (و ف, then ب ل ك, then ال / the ل of لل, possibly after punctuation glued to
    the token): ANERcorp tags the whole token "وبغداد" as LOC, Marsad marks
    "بغداد" — both are the same mention;
  * it ends at token j's end, or where token j's trailing punctuation begins
    ("كابول؛" is one ANERcorp token).
A place entity whose expression holds more than its proper name carries that name
(`name`: جنوب لبنان → لبنان، مدينة مشهد → مشهد), and the name is what is scored: ANERcorp,
like MUC and CoNLL, tags the name without compass words and generic heads.
A span that does not align this way can never match exactly and counts as a
wrong prediction. Partial-overlap scores (secondary) count a prediction right
when it shares at least one token with a gold span of the same type, and a gold
span found when a prediction of its type shares a token with it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .common import PRF, Report, SentenceRunner, Table, Target, fmt, need_dir, take

TEST_FILE = "ANERCorp.camelrule-approx.test.txt"
TRAIN_FILE = "ANERCorp.camelrule-approx.train.txt"
SPLIT_FILES = {"test": TEST_FILE, "train": TRAIN_FILE}  # develop rules on train; report test
TYPES = ("PER", "LOC", "ORG")
GOLD_MAP = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG"}  # MISC: not scored
MARSAD_MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}  # NORP, WEAPON: not scored
TARGET_F1 = 0.70

# Proclitics in the order Arabic stacks them: conjunction, preposition, article.
_CLITIC_RE = re.compile(r"^[وف]?[بلك]?(?:ال|ل)?$")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]


def read_conll(path: Path) -> list[Sentence]:
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    sentences.append(Sentence(tokens, tags))
                tokens, tags = [], []
                continue
            tok, _, tag = line.rpartition(" ")
            if not tok:  # a tag with an empty token: nothing to place in the text
                continue
            tokens.append(tok)
            tags.append(tag)
    if tokens:
        sentences.append(Sentence(tokens, tags))
    return sentences


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans (first token, last token inclusive, type) of IOB2 tags, mapped to PER/LOC/ORG.

    An I- tag that does not continue a span of its type starts a new one (the
    conlleval convention). Types outside GOLD_MAP (MISC) are dropped.
    """
    spans: list[list] = []
    prev = "O"
    for k, tag in enumerate(tags):
        kind, _, typ = tag.partition("-")
        if kind == "B" or (kind == "I" and prev != typ):
            spans.append([k, k, typ])
        elif kind == "I":
            spans[-1][1] = k
        prev = typ if kind in ("B", "I") else "O"
    return [(i, j, GOLD_MAP[t]) for i, j, t in spans if t in GOLD_MAP]


def layout(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text (tokens joined by one space) and each token's offsets."""
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(tokens), offsets


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM"


def _clitic_prefix(prefix: str) -> bool:
    """True when `prefix` (token text before a span start) is punctuation + proclitics."""
    k = 0
    while k < len(prefix) and not _is_word_char(prefix[k]):
        k += 1
    return bool(_CLITIC_RE.match(_DIACRITICS.sub("", prefix[k:])))


def _core_end(token: str, start: int) -> int:
    """Offset where the token's trailing punctuation begins."""
    k = len(token)
    while k > 0 and not _is_word_char(token[k - 1]):
        k -= 1
    return start + (k if k else len(token))


def align(start: int, end: int, text: str, offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Tokens (i, j inclusive) that the character span [start, end) stands for, else None."""
    i = next((k for k, (a, b) in enumerate(offsets) if a <= start < b), None)
    j = next((k for k, (a, b) in enumerate(offsets) if a < end <= b), None)
    if i is None or j is None or j < i:
        return None
    a, b = offsets[i]
    if start != a and not _clitic_prefix(text[a:start]):
        return None
    a, b = offsets[j]
    if end != b and end != _core_end(text[a:b], a):
        return None
    return i, j


def overlap(start: int, end: int, offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    """First and last token that [start, end) touches, else None."""
    hit = [k for k, (a, b) in enumerate(offsets) if a < end and start < b]
    return (hit[0], hit[-1]) if hit else None


def score_sentence(tokens: list[str], tags: list[str], preds: list[tuple[int, int, str]]) -> tuple[dict, dict]:
    """Exact and partial counts per type for one sentence.

    `preds` are Marsad character spans (start, end, marsad_type) into the text
    that `layout(tokens)` builds. Returns ({type: PRF exact}, {type: PRF partial}).
    """
    text, offsets = layout(tokens)
    gold = bio_spans(tags)
    exact = {t: PRF() for t in TYPES}
    partial = {t: PRF() for t in TYPES}
    aligned: set[tuple[int, int, str]] = set()
    unaligned: set[tuple[int, int, str]] = set()
    touched: set[tuple[int, int, str]] = set()
    for s, e, mtype in preds:
        typ = MARSAD_MAP.get(mtype)
        if typ is None:
            continue
        span = align(s, e, text, offsets)
        if span is None:
            unaligned.add((s, e, typ))
        else:
            aligned.add((*span, typ))
        ov = overlap(s, e, offsets)
        touched.add((*ov, typ) if ov else (-1, -1, typ))
    gold_set = set(gold)
    for t in TYPES:
        g = {x for x in gold_set if x[2] == t}
        p = {x for x in aligned if x[2] == t}
        n_unaligned = sum(1 for x in unaligned if x[2] == t)
        tp = len(g & p)
        exact[t] = PRF(tp, len(p) + n_unaligned, tp, len(g))
        pt = {x for x in touched if x[2] == t}
        pred_ok = sum(1 for (i, j, _) in pt if any(i <= gj and gi <= j for gi, gj, _ in g))
        gold_ok = sum(1 for (gi, gj, _) in g if any(i <= gj and gi <= j for i, j, _ in pt))
        partial[t] = PRF(pred_ok, len(pt), gold_ok, len(g))
    return exact, partial


def _predictions(runner, texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], list[list[tuple[int, int, str]]]]:
    """Named-entity predictions per sentence, the sentences run together as one article
    (paragraph per sentence) so that a surname can link to the full name said before.
    Two readings of the same entities: by proper name (an expression's `name` where it carries
    one: جنوب لبنان → لبنان، حركة حماس → حماس, the MUC convention) and by whole expression."""
    joined = "\n\n".join(texts)
    doc = runner(joined)
    by_name: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    by_expression: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    for e in doc.entities:
        if e.get("field", "text") != "text" or e.get("nominal"):
            continue  # names only: generated institutions (الحكومة العراقية) are nominal mentions
        for out, span in ((by_name, e.get("name") or e), (by_expression, e)):
            k = max(i for i, st in enumerate(starts) if st <= span["start"])
            if span["end"] <= starts[k] + len(texts[k]):
                out[k].append((span["start"] - starts[k], span["end"] - starts[k], e["type"]))
    return by_name, by_expression


def evaluate(data_dir: Path, limit: int | None = None, runner: SentenceRunner | None = None,
             command: str = "marsad evaluate ner", context: int = 1, split: str = "test") -> Report:
    """`context` sentences are run together as one pseudo-article (1 = each sentence alone).
    `split` is "test" (the reported measurement) or "train" (for developing rules)."""
    if split not in SPLIT_FILES:
        raise ValueError(f"unknown ANERcorp split {split!r}; expected one of {sorted(SPLIT_FILES)}")
    gold_file = SPLIT_FILES[split]
    folder = need_dir(Path(data_dir) / "anercorp", "ANERcorp")
    sentences = read_conll(folder / gold_file)
    runner = runner or SentenceRunner()
    exact = {t: PRF() for t in TYPES}
    partial = {t: PRF() for t in TYPES}
    whole = PRF()  # the same predictions scored on whole expressions, not their names (reported, not the target)
    n = 0
    chosen = list(take(sentences, limit))
    for k in range(0, len(chosen), max(1, context)):
        group = chosen[k:k + max(1, context)]
        texts = [layout(sent.tokens)[0] for sent in group]
        for sent, preds, spans in zip(group, *_predictions(runner, texts)):
            n += 1
            ex, pa = score_sentence(sent.tokens, sent.tags, preds)
            for t in TYPES:
                exact[t].add(ex[t])
                partial[t].add(pa[t])
            whole = sum(score_sentence(sent.tokens, sent.tags, spans)[0].values(), whole)
    micro = sum(exact.values(), PRF())
    micro_partial = sum(partial.values(), PRF())

    rows = []
    for t, ex, pa in [(t, exact[t], partial[t]) for t in TYPES] + [("micro (PER+LOC+ORG)", micro, micro_partial)]:
        rows.append([t, str(ex.gold_total), str(ex.pred_total), fmt(ex.precision), fmt(ex.recall), fmt(ex.f1),
                     fmt(pa.precision), fmt(pa.recall), fmt(pa.f1)])
    rows.append(["micro, whole expressions (see notes)", str(whole.gold_total), str(whole.pred_total), fmt(whole.precision),
                 fmt(whole.recall), fmt(whole.f1), "", "", ""])
    table = Table(f"ANERcorp {split}, {n} sentences, {sum(len(s.tokens) for s in take(sentences, limit))} tokens",
                  ["type", "gold", "predicted", "P", "R", "F1", "P (overlap)", "R (overlap)", "F1 (overlap)"], rows)
    targets = [Target("micro-F1, exact spans (PER/LOC/ORG)", f"≥ {TARGET_F1:.2f}", fmt(micro.f1),
                      None if micro.f1 is None else micro.f1 >= TARGET_F1)]
    notes = [
        f"Gold: ANERcorp, CAMeL-rule approximate {split} split (`anercorp/" + gold_file + "`); "
        "sentences rebuilt by joining tokens with spaces; "
        + ("each run alone." if context <= 1 else f"{context} consecutive sentences run together as one article "
           "(the test split keeps article order), so short names can link to full names said before."),
        "Type mapping: PERSON → PER; GPE, LOC, FAC → LOC; ORG → ORG. NORP and WEAPON predictions and gold MISC "
        "are not scored (no counterpart).",
        "Exact match on tokens. Clitic convention: ANERcorp tags whole tokens (وبغداد = LOC), so a Marsad span "
        "that starts inside the token after proclitics only (و ف ب ل ك ال لل, after any glued punctuation) and "
        "ends at the token end (or before the token's trailing punctuation) matches that token.",
        "Place and organisation expressions are scored by the proper name they carry (`name`: جنوب لبنان → لبنان، "
        "مدينة مشهد → مشهد، حركة حماس → حماس), the MUC/CoNLL convention ANERcorp follows; the entity itself (id, "
        "coordinates) stays the whole expression. The table's last row scores the same entities on their whole "
        "expressions instead (the previous scorer's basis); it is reported, not the target.",
        "Overlap scores (secondary): a prediction is right when it shares a token with a gold span of its type; "
        "a gold span is found when a prediction of its type shares a token with it.",
    ]
    warnings = []
    if runner.errors:
        warnings.append(f"{runner.errors} sentence(s) raised inside the pipeline and were scored with no predictions.")
    data = {"split": split, "sentences": n, "exact": exact, "partial": partial, "micro": micro, "micro_partial": micro_partial,
            "micro_whole_expressions": whole,
            "errors": runner.errors}
    section = "NER (ANERcorp test)" if split == "test" else f"NER (ANERcorp {split})"
    return Report(section, command, [table], targets, notes, warnings, data, limited=limit is not None)
