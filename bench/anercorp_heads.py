"""How ANERcorp's gold treats the words of lexicon/place_heads.tsv (evidence for the NER scorer's
name convention, docs/quality.md): for each head word, how often it opens a gold LOC span
("included") and how often it stands, tagged O, right before one ("left out").

    python bench/anercorp_heads.py [--split train|test] [--data DIR]

Counts whole tokens, bare or after one of و ب ل; the train split is the one rules are made on.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marsad.evaluate import ner
from marsad.knowledge.lexicon import table
from marsad.text.normalize import normalize


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=sorted(ner.SPLIT_FILES), default="train")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    args = ap.parse_args()
    path = Path(args.data) / "anercorp" / ner.SPLIT_FILES[args.split]
    if not path.exists():
        print(f"needs {path}", file=sys.stderr)
        return 2
    heads = {f[0]: rows[0].get("kind") for f, rows in table("lexicon/place_heads.tsv").forms.items() if len(f) == 1}

    def head_of(token: str) -> str | None:
        n = normalize(token)
        for cut in (0, 1):
            if n[cut:] in heads and (cut == 0 or n[0] in "وبل"):
                return n[cut:]
        return None

    included: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for sent in ner.read_conll(path):
        for i, _, typ in ner.bio_spans(sent.tags):
            if typ != "LOC":
                continue
            h = head_of(sent.tokens[i])
            if h:
                included[h] = included.get(h, 0) + 1
            if i > 0 and sent.tags[i - 1] == "O":
                h = head_of(sent.tokens[i - 1])
                if h:
                    left_out[h] = left_out.get(h, 0) + 1
    print(f"ANERcorp {args.split}: place heads before or inside gold LOC spans")
    print(f"{'head':<10} {'kind':<16} {'left out':>8} {'included':>8}")
    for h in sorted(set(included) | set(left_out), key=lambda x: -(left_out.get(x, 0) + included.get(x, 0))):
        print(f"{h:<10} {heads[h]:<16} {left_out.get(h, 0):>8} {included.get(h, 0):>8}")
    total_out, total_in = sum(left_out.values()), sum(included.values())
    print(f"{'all':<10} {'':<16} {total_out:>8} {total_in:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
