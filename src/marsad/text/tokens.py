"""Tokens with original offsets and clitic-aware lookup keys."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import normalize

# Word = run of letters/digits/marks, allowing inner joiners such as K-1, C-RAM, 3.5.
# Combining marks (harakat, shadda), tatweel and ZWNJ belong inside words: "يُلقى" is one token.
_W = r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])"
_TOKEN_RE = re.compile(rf"{_W}+(?:[\-\.'’]{_W}+)*|[^\w\s\u0610-\u061a\u064b-\u065f\u0670\u0640]", re.UNICODE)

# Proclitic sequences, longest first, in normalized spelling. "لل" stands for ل + ال.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    norm: str
    is_word: bool = True  # letters or digits, not punctuation


def original_prefix_length(token: Token, norm_len: int) -> int:
    """Characters of `token.text` that make up its first `norm_len` normalized characters
    (the proclitics a match stripped: وبالعراق → 3 original characters for وب + ال...)."""
    if norm_len <= 0:
        return 0
    from .normalize import normalize_with_map

    nt = normalize_with_map(token.text)
    return nt.index[min(norm_len, len(nt.norm))]


@lru_cache(maxsize=200_000)
def _normalized_token(text: str) -> str:
    return normalize(text)  # the same words recur in every sentence: normalize each once


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        norm = _normalized_token(m.group())
        if not norm:  # a lone diacritic or zero-width mark
            continue
        tokens.append(Token(m.group(), m.start(), m.end(), norm, norm[:1].isalnum()))
    return tokens


@lru_cache(maxsize=200_000)
def clitic_variants(norm: str) -> tuple[tuple[int, str], ...]:
    """Lookup keys for a normalized word: (prefix length stripped, remainder).

    The word itself comes first; then conjunction (و ف), preposition (ب ل ك),
    the article ال and the ل+ال contraction لل, in the combinations Arabic allows.
    The remainder keeps at least two letters so that short words are not shredded.
    A remainder may begin with ال; for لل the article is restored (للعراق → العراق).
    """
    seen: dict[str, int] = {norm: 0}
    out = [(0, norm)]

    def add(prefix_len: int, rest: str) -> None:
        if len(rest) >= _MIN_STEM and rest not in seen:
            seen[rest] = prefix_len
            out.append((prefix_len, rest))

    stems = [(0, norm)]
    if norm[:1] in _CONJ and len(norm) > 3:
        add(1, norm[1:])
        stems.append((1, norm[1:]))
    for plen, word in list(stems):
        if word.startswith("لل") and len(word) > 3:
            add(plen + 2, "ال" + word[2:])  # للعراق → (ل)(ل)عراق → العراق
            add(plen + 2, word[2:])
            continue
        if word[:1] in _PREP and len(word) > 3:
            add(plen + 1, word[1:])
            stems.append((plen + 1, word[1:]))
    for plen, word in stems:
        if word.startswith("ال") and len(word) > 3:
            add(plen + 2, word[2:])
    return tuple(out)


def strip_future_prefix(norm: str) -> str | None:
    """Imperfect verb with the future prefix س (سيضربون → يضربون), else None."""
    for plen, word in clitic_variants(norm):
        if len(word) > 3 and word[0] == "س" and word[1] in "يتنا":
            return word[1:]
    return None
