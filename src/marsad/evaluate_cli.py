"""`marsad evaluate ner|events|places`: score Marsad on the public gold sets.

The gold sets live outside the repository (../shared/data); see docs/quality.md
for what each scorer measures and the latest numbers.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCORERS = {
    "ner": "NER on the ANERcorp test split: exact-span P/R/F1 for PER, LOC, ORG",
    "events": "ASSAULT/PROTEST recall and actor countries on the PETRARCH Arabic GSR; firing rate on news",
    "places": "gazetteer recall and distance to gold on the IDRISI LMD dev sets",
}


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser("evaluate", help="score Marsad on the public gold sets (../shared/data)",
                              description="Score Marsad on the public gold sets and print P/R/F1 tables.")
    sub = p.add_subparsers(dest="scorer", required=True, metavar="{ner,events,places}")
    for name, text in SCORERS.items():
        q = sub.add_parser(name, help=text, description=text)
        q.add_argument("--data", type=Path, default=None, metavar="DIR",
                       help="the shared data folder (default: ../shared/data from here, else beside the checkout)")
        q.add_argument("--limit", type=_positive_int, metavar="N",
                       help="score only the first N gold items (per set) for a quick run")
        q.add_argument("--write-docs", action="store_true",
                       help="rewrite this scorer's section of docs/quality.md, keeping the others")
        q.add_argument("--docs-file", type=Path, default=None, help=argparse.SUPPRESS)
        if name == "ner":
            q.add_argument("--context", type=_positive_int, default=1, metavar="N",
                           help="run N consecutive sentences together as one article (default 1: each alone)")
            q.add_argument("--split", choices=("train", "test"), default="test",
                           help="which ANERcorp split to score (default test; develop rules on train; "
                                "--write-docs only ever writes the test split)")
        if name == "events":
            q.add_argument("--sample", type=_count, default=300, metavar="N",
                           help="SaudiNewsNet articles for the firing rate on ordinary news (default 300; 0 skips)")
            q.add_argument("--half", choices=("first", "second"), default=None,
                           help="score one half of each gold file in line order (rules are chosen from the "
                                "first half's errors; the second is held out); not with --write-docs")
        q.set_defaults(func=cmd_evaluate)


def _command(args: argparse.Namespace) -> str:
    parts = ["marsad", "evaluate", args.scorer]
    if args.scorer == "events" and getattr(args, "sample", 300) != 300:
        parts += ["--sample", str(args.sample)]
    if args.scorer == "ner" and getattr(args, "context", 1) != 1:
        parts += ["--context", str(args.context)]
    if args.scorer == "ner" and getattr(args, "split", "test") != "test":
        parts += ["--split", args.split]
    if args.scorer == "events" and getattr(args, "half", None):
        parts += ["--half", args.half]
    if args.limit:
        parts += ["--limit", str(args.limit)]
    return " ".join(parts)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import common

    data = args.data if args.data is not None else common.default_data_dir()
    command = _command(args)
    docs = args.docs_file or common.quality_doc_path()
    if args.write_docs and docs is None:
        print("marsad: error: --write-docs needs a source checkout (docs/quality.md not found)", file=sys.stderr)
        return 2
    if args.write_docs and args.scorer == "ner" and getattr(args, "split", "test") != "test":
        print("marsad: error: --write-docs writes only the test-split result; drop --split train", file=sys.stderr)
        return 2
    if args.write_docs and args.scorer == "events" and getattr(args, "half", None):
        print("marsad: error: --write-docs writes only the whole gold set; drop --half", file=sys.stderr)
        return 2
    try:
        if args.scorer == "ner":
            from .evaluate import ner

            report = ner.evaluate(data, args.limit, command=command, context=args.context, split=args.split)
        elif args.scorer == "events":
            from .evaluate import events

            report = events.evaluate(data, args.limit, sample=args.sample, command=command, half=args.half)
        else:
            from .evaluate import places

            report = places.evaluate(data, args.limit, command=command)
    except common.DataMissing as exc:
        print(f"marsad: error: {exc}", file=sys.stderr)
        return 2
    print(common.render_text(report), flush=True)
    if args.write_docs:
        common.write_section(docs, report.section, common.render_markdown(report))
        print(f"\nwrote section {report.section!r} of {docs}", file=sys.stderr)
    return 0
