"""Arabic normalization for matching, with a map back to original offsets.

The original text is never changed; matching happens on a normalized copy whose
every character remembers the index of the original character it came from, so
a match in the normalized copy converts back to exact offsets in the original.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters dropped entirely: Arabic diacritics (harakat, shadda, sukun, dagger alef
# and Quranic marks), tatweel, bidi controls and zero-width characters.
_DROP = set()
_DROP.update(chr(c) for c in range(0x0610, 0x061B))  # Quranic honorifics/marks
_DROP.update(chr(c) for c in range(0x064B, 0x0660))  # harakat .. wavy hamza below
_DROP.add("\u0670")  # superscript (dagger) alef
_DROP.update(chr(c) for c in range(0x06D6, 0x06EE))  # Quranic annotation signs
_DROP.add("\u0640")  # tatweel
_DROP.update("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")  # zero-width, LRM/RLM, BOM, soft hyphen
_DROP.update(chr(c) for c in range(0x202A, 0x202F))  # LRE..RLO embeddings
_DROP.update(chr(c) for c in range(0x2066, 0x206A))  # isolates
_DROP.add("\u061c")  # Arabic letter mark

# One-to-one folds. Hamza carriers on waw/yeh fold to a bare hamza so that the
# Levantine and Egyptian spellings (مسؤول / مسئول) meet.
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي",
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه",
    "ک": "ك", "ڪ": "ك",
    "ؤ": "ء", "ئ": "ء",
    "گ": "ك",
    "٬": ",", "٫": ".",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits


def _fold_char(ch: str) -> str:
    """Normalized replacement for one character (may be empty or several chars)."""
    if ch in _DROP:
        return ""
    folded = _FOLD.get(ch)
    if folded is not None:
        return folded
    code = ord(ch)
    # Arabic presentation forms (ligatures, isolated/final glyphs) decompose with NFKC.
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch:  # some presentation-form marks have no decomposition
            return "".join(_fold_char(c) for c in decomposed)
    if ch.isascii():
        return ch.lower()
    if unicodedata.category(ch) == "Zs":  # no-break and other spaces
        return " "
    return ch


_CACHE: dict[str, str] = {}


def fold(ch: str) -> str:
    out = _CACHE.get(ch)
    if out is None:
        out = _CACHE[ch] = _fold_char(ch)
    return out


def normalize(text: str) -> str:
    """Normalized form used for all dictionary matching."""
    return "".join(fold(ch) for ch in text)


@dataclass(frozen=True)
class NormalizedText:
    """A normalized copy of `original` with `index[i]` = original offset of norm[i].

    `index` has one extra final entry equal to len(original), so that an end
    offset maps back too.
    """

    original: str
    norm: str
    index: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Convert a [start, end) span in `norm` to a span in `original`."""
        if start >= end:
            pos = self.index[start]
            return pos, pos
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1
        # Absorb characters dropped right after the span's last char (diacritics on it).
        while o_end < len(self.original) and fold(self.original[o_end]) == "" and self.original[o_end] not in " \n":
            o_end += 1
        return o_start, o_end


def normalize_with_map(text: str) -> NormalizedText:
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        rep = fold(ch)
        if rep:
            out.append(rep)
            index.extend([i] * len(rep))
    index.append(len(text))
    return NormalizedText(text, "".join(out), tuple(index))


def normalized_set(words) -> frozenset[str]:
    """A word list written in normal spelling, as the normalized forms tokens are compared with."""
    return frozenset(normalize(w) for w in words)
