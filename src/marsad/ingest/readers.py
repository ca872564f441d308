"""Readers: files, directories, JSON Lines and stdin → raw inputs, or errors.

A reader never stops a batch: each unreadable file or record is yielded as an
InputError naming it, and the caller decides how to report it.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .encoding import decode_bytes
from .errors import InputError

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SNIFF_RE = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass
class RawInput:
    """One input before cleaning: its text, whether it is HTML, and given metadata."""

    source: str
    content: str
    is_html: bool
    meta: dict = field(default_factory=dict)  # id, url, published, title from JSON Lines
    warnings: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF_RE.match(text[:2000]))


def read_path(path: str) -> Iterator[RawInput | InputError]:
    """Everything in `path`: a file, a directory (recursively, sorted) or '-' for stdin."""
    if path == "-":
        yield from _read_bytes(sys.stdin.buffer.read(), "<stdin>", None)
        return
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.rglob("*")):
            if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts):
                yield from _read_file(child)
        return
    if not p.exists():
        yield InputError(path, "no such file or directory")
        return
    yield from _read_file(p)


def _read_file(p: Path) -> Iterator[RawInput | InputError]:
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield InputError(str(p), f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_bytes(data, str(p), p.suffix.lower())


def _read_bytes(data: bytes, source: str, suffix: str | None) -> Iterator[RawInput | InputError]:
    try:
        decoded = decode_bytes(data, source)
    except InputError as exc:
        yield exc
        return
    text = decoded.text
    if suffix in JSONL_SUFFIXES or (suffix is None and text.lstrip().startswith("{")):
        yield from read_jsonl_text(text, source, decoded.warnings)
        return
    is_html = suffix in HTML_SUFFIXES or (suffix not in (".txt",) and looks_like_html(text))
    yield RawInput(source, text, is_html, {}, list(decoded.warnings))


def read_jsonl_text(text: str, source: str, warnings: list[str] | None = None) -> Iterator[RawInput | InputError]:
    """JSON Lines records with fields id, url, published, title, and html or text."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON Lines record must be an object")
            continue
        html, body = record.get("html"), record.get("text")
        content = html if isinstance(html, str) and html.strip() else body
        if not isinstance(content, str) or not content.strip():
            yield InputError(where, "record has neither 'html' nor 'text'")
            continue
        meta = {k: record[k] for k in ("id", "url", "published", "title", "source", "outlet") if record.get(k)}
        yield RawInput(where, content.replace("\r\n", "\n"), content is html, meta, list(warnings or []))


def iter_inputs(paths: list[str]) -> Iterator[RawInput | InputError]:
    for path in paths:
        yield from read_path(os.fspath(path))
