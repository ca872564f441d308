"""`marsad serve`: the JSON API and the dashboard over one database.

`register(subparsers)` adds the command to the main parser; `serve(db_path, host,
port)` is what `marsad demo` calls after building the demo database.
"""
from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"marsad: error: {message}", file=sys.stderr, flush=True)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0..65535, got {port}")
    return port


def _size(value: str) -> int:
    text = value.strip().upper()
    mult = 1
    for suffix, m in (("KB", 1024), ("MB", 1024 ** 2), ("K", 1024), ("M", 1024 ** 2), ("B", 1)):
        if text.endswith(suffix):
            text, mult = text[: -len(suffix)], m
            break
    try:
        n = int(float(text) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size such as 2MB, got {value!r}") from None
    if n < 1024:
        raise argparse.ArgumentTypeError("the body limit must be at least 1KB")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the JSON API and the dashboard (http://127.0.0.1:8000)",
                              description="Serve the JSON API (/api, docs at /docs) and the dashboard over a database. "
                                          "Read-only unless a token is set, which enables POST /api/documents.")
    p.add_argument("--db", metavar="PATH", default=None, help="database file (default ./marsad.db or $MARSAD_DB)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--token", default=None,
                   help="enable POST /api/documents with this bearer token (default $MARSAD_API_TOKEN; "
                        "prefer the variable: a command line is visible to other users)")
    p.add_argument("--max-body", type=_size, default=None, metavar="SIZE", help="largest request body (default 2MB)")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"],
                   help="server log level (default warning)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from .store.db import default_db_path

    return serve(args.db or default_db_path(), args.host, args.port, token=args.token, max_body=args.max_body,
                 log_level=args.log_level)


def serve(db_path, host: str = "127.0.0.1", port: int = 8000, open_message: bool = True, *, token: str | None = None,
          max_body: int | None = None, log_level: str = "warning") -> int:
    """Serve `db_path` until interrupted; returns an exit status. Prints the URL when `open_message`."""
    try:
        import uvicorn

        from .web.app import MAX_BODY, create_app
    except ImportError as exc:
        _err(f"the web server needs {exc.name}, which is missing: reinstall Marsad (pip install .)")
        return EXIT_FAIL
    from .store.db import StoreNotFound
    from .store.schema import SchemaError

    try:
        app = create_app(db_path, token=token, max_body=max_body or MAX_BODY)
    except StoreNotFound as exc:
        _err(str(exc))
        return EXIT_FAIL
    except SchemaError as exc:
        _err(str(exc))
        return EXIT_FAIL
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False,
                            proxy_headers=False, access_log=log_level in ("info", "debug"))
    server = uvicorn.Server(config)
    if open_message:
        _announce(server, db_path, host, port, bool(app.state.token))
    try:
        server.run()
    except OSError as exc:  # e.g. the port is taken
        _err(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        return EXIT_FAIL
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _announce(server, db_path, host: str, port: int, ingest: bool) -> None:
    """Print the URL once the socket is bound (port 0 gets its real number)."""
    original = server.startup

    async def startup(sockets=None):
        await original(sockets=sockets)
        real = port
        try:
            real = server.servers[0].sockets[0].getsockname()[1]
        except (AttributeError, IndexError):
            pass
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        if ":" in shown:
            shown = f"[{shown}]"
        print(f"Marsad dashboard: http://{shown}:{real}/   (API docs: /docs; database {os.fspath(db_path)}"
              + ("; ingest over HTTP enabled" if ingest else "") + ")\nPress Ctrl+C to stop.", flush=True)

    server.startup = startup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marsad")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
