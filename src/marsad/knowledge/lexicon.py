"""Small phrase tables (months, triggers, cues ...) matched like the knowledge base:
token tuples over normalized text, longest first, clitic-aware on the first token."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from ..text.tokens import Token, clitic_variants, strip_future_prefix
from .base import form_key
from .tsv import DATA_DIR, read_rows, split_forms


@dataclass
class PhraseMatch:
    start_token: int
    end_token: int  # exclusive
    clitic_len: int  # normalized proclitic characters stripped from the first token
    future: bool  # the first token carried the future prefix س
    payloads: list[Any]


class Lexicon:
    def __init__(self) -> None:
        self.forms: dict[tuple[str, ...], list[Any]] = {}
        self.max_len: dict[str, int] = {}

    def add(self, form: str, payload: Any) -> None:
        key = form_key(form)
        if not key:
            return
        self.forms.setdefault(key, []).append(payload)
        if self.max_len.get(key[0], 0) < len(key):
            self.max_len[key[0]] = len(key)

    def __contains__(self, form: str) -> bool:
        return form_key(form) in self.forms

    def get(self, form: str) -> list[Any]:
        return self.forms.get(form_key(form), [])

    def find(self, tokens: list[Token], clitics: bool = True, future: bool = False) -> list[PhraseMatch]:
        """Longest non-overlapping matches; `future` also strips the prefix س from verbs."""
        if len(tokens) > 8 and self.max_len.keys().isdisjoint(_first_words(tokens)):
            return []  # most tables match nothing in most sentences: one set test instead of a scan
        out = []
        i, n = 0, len(tokens)
        while i < n:
            if not tokens[i].is_word:
                i += 1
                continue
            variants = clitic_variants(tokens[i].norm) if clitics else ((0, tokens[i].norm),)
            if future:
                bare = strip_future_prefix(tokens[i].norm)
                if bare:
                    variants = variants + ((-1, bare),)
            best = None
            for plen, first in variants:
                max_len = self.max_len.get(first)
                if not max_len:
                    continue
                key = [first]
                found = (1, (first,)) if (first,) in self.forms else None
                j = i + 1
                while len(key) < max_len and j < n:
                    key.append(tokens[j].norm)
                    j += 1
                    if tuple(key) in self.forms:
                        found = (j - i, tuple(key))
                if found and (best is None or found[0] > best[0]):
                    best = (found[0], plen, found[1])
            if best is None:
                i += 1
                continue
            ntok, plen, key = best
            out.append(PhraseMatch(i, i + ntok, max(plen, 0), plen == -1, self.forms[key]))
            i += ntok
        return out


_FIRST_WORDS: dict[int, tuple[list[Token], frozenset[str]]] = {}


def _first_words(tokens: list[Token]) -> frozenset[str]:
    """Every string a phrase could start with in these tokens (all clitic and future-prefix
    readings), memoized for the last few token lists: each sentence is searched by many tables."""
    hit = _FIRST_WORDS.get(id(tokens))
    if hit is not None and hit[0] is tokens:
        return hit[1]
    words: set[str] = set()
    for t in tokens:
        if t.is_word:
            words.update(_starts(t.norm))
    got = frozenset(words)
    if len(_FIRST_WORDS) >= 16:
        _FIRST_WORDS.clear()
    _FIRST_WORDS[id(tokens)] = (tokens, got)
    return got


@lru_cache(maxsize=200_000)
def _starts(norm: str) -> tuple[str, ...]:
    bare = strip_future_prefix(norm)
    return tuple(v for _, v in clitic_variants(norm)) + ((bare,) if bare else ())


def load_table(relpath: str, form_column: str = "form_ar",
               payload: Callable[[dict], Any] | None = None, data_dir: Path = DATA_DIR) -> Lexicon:
    """A Lexicon from a TSV whose `form_column` holds `|`-separated forms."""
    lex = Lexicon()
    path = data_dir / relpath
    if not path.exists():
        return lex
    for row in read_rows(path):
        value = payload(row) if payload else row
        for form in split_forms(row.get(form_column, "")):
            lex.add(form, value)
    return lex


@lru_cache(maxsize=None)
def table(relpath: str, form_column: str = "form_ar") -> Lexicon:
    """Cached Lexicon of a packaged data file (rows as payloads)."""
    return load_table(relpath, form_column)


@lru_cache(maxsize=None)
def word_set(relpath: str, form_column: str = "form_ar") -> frozenset[tuple[str, ...]]:
    return frozenset(table(relpath, form_column).forms)
