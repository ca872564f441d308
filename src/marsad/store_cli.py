"""Store subcommands: ingest, incident (show, list, rebuild), tension, counts, export.

`register(subparsers)` adds them to the main `marsad` parser; each handler takes
the parsed arguments and returns an exit status (0 ok, 1 something failed or was
not found, 2 usage error). Also runnable alone: `python -m marsad.store_cli ...`.
"""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"marsad: error: {message}", file=sys.stderr, flush=True)


def _date_arg(value: str) -> str:
    from .cli_common import date_arg

    return date_arg(value)


def _period_date(value: str) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY (for --since / --until)."""
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
    return value.strip()


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", default=None, help="database file (default ./marsad.db or $MARSAD_DB)")


def _filter_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--type", metavar="T", help="PLOVER type(s), comma-separated (ASSAULT,PROTEST)")
    g.add_argument("--country", metavar="C", help="ISO3 country of the place (of an actor when no place)")
    g.add_argument("--since", metavar="D", type=_period_date, help="first date, inclusive (YYYY-MM-DD, YYYY-MM)")
    g.add_argument("--until", metavar="D", type=_period_date, help="last date, inclusive")
    g.add_argument("--modality", metavar="M", help="modality or class, comma-separated (asserted; occurred)")
    g.add_argument("--actor", metavar="A", help="actor id, ISO3 country or name (either side)")


def _filters(args):
    from .store.query import Filters

    return Filters.make(type=args.type, country=args.country, since=args.since, until=args.until,
                        modality=args.modality, actor=getattr(args, "actor", None))


def _open(args, create: bool = False):
    from .store.db import Store

    return Store(args.db, create=create)


# -- handlers ------------------------------------------------------------------

def cmd_ingest(args: argparse.Namespace) -> int:
    from .store.ingest import ingest_paths, retry_failed

    if not args.paths and not args.retry_failed:
        _err("ingest needs PATH... or --retry-failed")
        return EXIT_USAGE
    progress = args.progress

    def on_error(source: str, reason: str) -> None:
        if not args.quiet:
            from tqdm import tqdm

            tqdm.write(f"marsad: error: {source}: {reason}", file=sys.stderr)

    store = _open(args, create=True)
    try:
        failed = 0
        if args.retry_failed:
            s = retry_failed(store, progress=progress, on_error=on_error)
            failed += s.failed
            print(f"marsad: retry: {s.line()} → {store.path}", file=sys.stderr)
        if args.paths:
            s = ingest_paths(store, args.paths, args.date, progress=progress, on_error=on_error)
            failed += s.failed
            print(f"marsad: {s.inputs} input(s): {s.line()} → {store.path}", file=sys.stderr)
        return EXIT_FAIL if failed else EXIT_OK
    finally:
        store.close()


def cmd_incident_show(args: argparse.Namespace) -> int:
    import json

    from .store.show import format_incident, incident_detail

    with _open(args) as store:
        inc = incident_detail(store.conn, args.id)
    if inc is None:
        _err(f"no incident {args.id} in {args.db or 'the database'}")
        return EXIT_FAIL
    if args.json:
        print(json.dumps(inc, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_incident(inc))
    return EXIT_OK


def cmd_incident_list(args: argparse.Namespace) -> int:
    from .store.show import list_lines

    with _open(args) as store:
        lines = list_lines(store.conn, _filters(args), args.limit)
    for line in lines:
        print(line)
    if not lines:
        print("marsad: no incidents match", file=sys.stderr)
    return EXIT_OK


def cmd_incident_rebuild(args: argparse.Namespace) -> int:
    from .store.incidents import rebuild

    with _open(args) as store:
        with store.transaction():
            n = rebuild(store.conn, store.incident_cache)
    print(f"marsad: {n} incident(s) rebuilt from the stored mentions", file=sys.stderr)
    return EXIT_OK


def cmd_tension(args: argparse.Namespace) -> int:
    from .store.aggregate import tension
    from .store.mentions import actor_label

    with _open(args) as store:
        periods = tension(store.conn, args.a, args.b, args.by, _filters(args))
    if not periods:
        print(f"marsad: no incidents between {args.a} and {args.b}", file=sys.stderr)
        return EXIT_OK
    print(f"Tension {args.a} ↔ {args.b} by {args.by} (−score × modality weight, per incident; conflict > 0)")
    for p in periods:
        bar = "█" * min(40, int(round(max(p.index, 0) / 2)))
        print(f"{p.label:<10} {p.index:+8.2f}  {len(p.contributions):>3} incident(s)  {bar}")
        for c in p.contributions[: args.top]:
            inc = c.incident
            place = inc.get("loc_name") or inc.get("country") or "?"
            a1 = actor_label(inc["actor1"][0]) if inc["actor1"] else "?"
            a2 = actor_label(inc["actor2"][0]) if inc["actor2"] else "?"
            print(f"{'':<10} {c.value:+8.2f}  #{inc['id']} {inc['date_start']} {inc['type']} {inc['modality']}: "
                  f"{a1} → {a2} @ {place} ({inc['n_mentions']} mention(s); {c.direction}: {c.why_a} / {c.why_b})")
    return EXIT_OK


def cmd_counts(args: argparse.Namespace) -> int:
    from .store.aggregate import counts

    with _open(args) as store:
        recs = counts(store.conn, args.by, args.group, _filters(args))
    print(f"{args.by}\t{args.group}\tincidents\tfatalities")
    for r in recs:
        print(f"{r['label']}\t{r['group']}\t{r['count']}\t{r['fatalities']}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .store.export import FORMATS, export

    fmt = args.format
    if fmt is None:
        suffix = (args.output or "").rsplit(".", 1)[-1].lower() if args.output and "." in args.output else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt == "parquet" and args.output in (None, "-") and sys.stdout.isatty():
        _err("parquet is binary: give -o FILE")
        return EXIT_USAGE
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        if fmt == "parquet":
            _err("parquet export needs pyarrow (pip install pyarrow)")
            return EXIT_FAIL
    with _open(args) as store:
        n = export(store.conn, args.schema, fmt, args.output, _filters(args))
    if args.output not in (None, "-"):
        print(f"marsad: {n} incident(s) → {args.output} ({args.schema}, {fmt})", file=sys.stderr)
    return EXIT_OK


# -- wiring --------------------------------------------------------------------

def _wrap(func):
    """Turn the store's expected errors into one line on stderr and an exit status."""

    def run(args: argparse.Namespace) -> int:
        from .store.db import StoreNotFound
        from .store.query import FilterError
        from .store.schema import SchemaError

        try:
            return func(args)
        except StoreNotFound as exc:
            _err(str(exc))
            return EXIT_FAIL
        except (FilterError, SchemaError) as exc:
            _err(str(exc))
            return EXIT_USAGE
        except ValueError as exc:
            _err(str(exc))
            return EXIT_USAGE

    run.__name__ = getattr(func, "__name__", "run")
    return run


def register(subparsers) -> None:
    """Add ingest, incident, tension, counts and export to a `marsad` subparsers object."""
    p = subparsers.add_parser("ingest", help="store documents, events and incidents in a database",
                              description="Extract and store inputs in an SQLite database. Re-running is safe: "
                                          "stored content is skipped, an interrupted run resumes.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="file (.txt, .html, .jsonl), directory, or - for stdin")
    _db_arg(p)
    p.add_argument("--date", type=_date_arg, help="publication date YYYY-MM-DD when the page has none")
    p.add_argument("--retry-failed", action="store_true", help="try the inputs that failed before again")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print one line per failed input")
    p.set_defaults(func=_wrap(cmd_ingest))

    p = subparsers.add_parser("incident", help="show, list or rebuild incidents")
    isub = p.add_subparsers(dest="incident_command", required=True)
    q = isub.add_parser("show", help="an incident, its mentions and why they were merged")
    q.add_argument("id", type=int)
    _db_arg(q)
    q.add_argument("--json", action="store_true", help="print JSON instead of text")
    q.set_defaults(func=_wrap(cmd_incident_show))
    q = isub.add_parser("list", help="incidents, one per line, in date order")
    _db_arg(q)
    _filter_args(q)
    q.add_argument("--limit", type=int, default=None, help="at most this many")
    q.set_defaults(func=_wrap(cmd_incident_list))
    q = isub.add_parser("rebuild", help="re-derive all incidents from the stored mentions")
    _db_arg(q)
    q.set_defaults(func=_wrap(cmd_incident_rebuild))

    p = subparsers.add_parser("tension", help="dyadic tension index between two actors or countries",
                              description="A and B: actor ids, ISO3 countries or names. An actor matches A when its id "
                                          "is A, its parent chain contains A, its country is A or it is aligned with A.")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--by", choices=("day", "week", "month"), default="week")
    p.add_argument("--top", type=int, default=3, help="incidents listed per period (default 3)")
    _db_arg(p)
    _filter_args(p)
    p.set_defaults(func=_wrap(cmd_tension))

    p = subparsers.add_parser("counts", help="incidents per period by type, place, actor or modality")
    p.add_argument("--by", choices=("day", "week", "month"), default="week")
    p.add_argument("--group", choices=("type", "place", "actor", "modality", "country", "none"), default="type")
    _db_arg(p)
    _filter_args(p)
    p.set_defaults(func=_wrap(cmd_counts))

    p = subparsers.add_parser("export", help="incidents as CSV, Parquet or JSON Lines (PLOVER, ACLED or GDELT columns)")
    p.add_argument("--format", choices=("csv", "parquet", "jsonl"), default=None,
                   help="default: from the -o suffix, else csv")
    p.add_argument("--schema", choices=("plover", "acled", "gdelt"), default="plover")
    p.add_argument("-o", "--output", metavar="FILE", default=None, help="output file (default stdout)")
    _db_arg(p)
    _filter_args(p)
    p.set_defaults(func=_wrap(cmd_export))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marsad", description="Marsad store commands.")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
