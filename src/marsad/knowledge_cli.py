"""CLI commands for the knowledge base: stats, lookup, gazetteer and dictionary imports."""
from __future__ import annotations

import argparse
import sys


def cmd_stats(args) -> int:
    from .knowledge.base import load

    kb = load()
    stats = kb.stats()
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        print(f"{key:<{width}}  {value:>8,}")
    return 0


def cmd_lookup(args) -> int:
    from .knowledge.base import load

    kb = load()
    for line in kb.explain(" ".join(args.text)):
        print(line)
    return 0


def cmd_gazetteer_import(args) -> int:
    from .knowledge import gazetteer
    from .knowledge.base import cache_dir

    try:
        places = gazetteer.import_geonames_dump(args.file)
    except (OSError, ValueError) as exc:
        print(f"marsad: error: {args.file}: {exc}", file=sys.stderr)
        return 1
    gazetteer.save_user_places(places, cache_dir())
    print(f"imported {len(places):,} places with Arabic names from {args.file} into {cache_dir()}")
    return 0


def cmd_dictionary_import(args) -> int:
    from .knowledge.base import user_dir
    from .knowledge.petrarch import import_file

    try:
        out, n = import_file(args.file, user_dir())
    except (OSError, UnicodeDecodeError) as exc:
        print(f"marsad: error: {args.file}: {exc}", file=sys.stderr)
        return 1
    print(f"imported {n:,} entries from {args.file} into {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("knowledge", help="inspect the knowledge base")
    ks = p.add_subparsers(dest="knowledge_command", required=True)
    q = ks.add_parser("stats", help="coverage counts")
    q.set_defaults(func=cmd_stats)
    q = ks.add_parser("lookup", help="what a form resolves to, and why")
    q.add_argument("text", nargs="+")
    q.set_defaults(func=cmd_lookup)

    p = sub.add_parser("gazetteer", help="manage the gazetteer")
    gs = p.add_subparsers(dest="gazetteer_command", required=True)
    q = gs.add_parser("import", help="import a GeoNames dump file (Arabic names kept)")
    q.add_argument("file")
    q.set_defaults(func=cmd_gazetteer_import)

    p = sub.add_parser("dictionary", help="manage actor dictionaries")
    ds = p.add_subparsers(dest="dictionary_command", required=True)
    q = ds.add_parser("import", help="import a PETRARCH / UniversalPetrarch actor or agent dictionary")
    q.add_argument("file")
    q.set_defaults(func=cmd_dictionary_import)
