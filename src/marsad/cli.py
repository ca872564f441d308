"""Command-line interface: `marsad extract`, and the commands later layers add."""
from __future__ import annotations

import argparse
import json
import sys
from importlib import resources

from . import __version__


def _print_error(message: str) -> None:
    print(f"marsad: error: {message}", file=sys.stderr, flush=True)


from .cli_common import date_arg as _date_arg  # noqa: E402


def cmd_extract(args: argparse.Namespace) -> int:
    from .ingest.errors import InputError
    from .pipeline import default_pipeline

    pipeline = default_pipeline()
    failed = produced = 0
    out = sys.stdout
    for item in pipeline.process_paths(args.paths, args.date):
        if isinstance(item, InputError):
            failed += 1
            _print_error(str(item))
            continue
        produced += 1
        payload = item.to_dict(include_original=args.keep_original)
        out.write(json.dumps(payload, ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
        out.flush()
    if failed:
        print(f"marsad: {produced} document(s) extracted, {failed} input(s) failed", file=sys.stderr)
    return 1 if failed else 0


def example_path() -> str:
    return str(resources.files("marsad.demo").joinpath("example.txt"))


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo database from the bundled corpus, then serve the dashboard on it."""
    if args.example:
        args.paths, args.date, args.pretty, args.keep_original = [example_path()], args.date or "2025-02-03", True, False
        return cmd_extract(args)
    from .store.demo import build_demo_db

    print(f"building {args.db} from the demo corpus (79 articles written by the Marsad project) ...", file=sys.stderr)
    summary = build_demo_db(args.db, progress=None)
    print(f"demo database: {summary.line()}", file=sys.stderr)
    if args.no_serve:
        return 0
    from .web_cli import serve

    return serve(args.db, args.host, args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marsad", description="Arabic news → source-traced event data.")
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract one or more articles to JSON (JSON Lines for several)")
    p.add_argument("paths", nargs="+", help="file (.txt, .html, .jsonl), directory, or - for stdin")
    p.add_argument("--date", type=_date_arg, help="publication date YYYY-MM-DD when the page has none")
    p.add_argument("--pretty", action="store_true", help="indent the JSON for people")
    p.add_argument("--keep-original", action="store_true", help="include the original input text")
    p.set_defaults(func=cmd_extract)

    from . import knowledge_cli

    knowledge_cli.register(sub)
    from . import evaluate_cli

    evaluate_cli.register(sub)
    try:
        from . import store_cli
    except ImportError:  # the store layer is optional in a minimal build
        store_cli = None
    if store_cli is not None:
        store_cli.register(sub)

    from . import web_cli

    web_cli.register(sub)

    p = sub.add_parser("demo", help="build the demo database from the bundled corpus and serve the dashboard")
    p.add_argument("--db", default="marsad-demo.db", help="where to build it (default: marsad-demo.db, replaced)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="build the database and stop")
    p.add_argument("--example", action="store_true", help="only extract the bundled example article to JSON")
    p.add_argument("--date", type=_date_arg, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
