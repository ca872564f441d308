"""Per-field views shared by the extractors: tokens and sentences computed once."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..document import Document
from ..text.sentences import split_sentences
from ..text.tokens import Token, tokenize

_QUOTE_TOKENS = {"'", '"', "«", "»", "“", "”", "‘", "’"}


@dataclass
class FieldView:
    name: str
    text: str
    tokens: list[Token]  # all tokens
    words: list[Token]  # tokens without quotation marks: what dictionaries match on
    sentences: list[tuple[int, int]]
    _sent_starts: list[int]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i < 0:
            return (0, len(self.text))
        return self.sentences[i]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, offset) - 1)

    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_word_starts")
        if starts is None:
            starts = self.__dict__["_word_starts"] = [w.start for w in self.words]
        return starts

    def words_between(self, start: int, end: int) -> list[Token]:
        """The words that start in [start, end): one sentence's words, found by bisection."""
        starts = self._starts()
        return self.words[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def word_index(self, offset: int) -> int:
        """Index in `words` of the word holding `offset`, or -1."""
        k = bisect.bisect_right(self._starts(), offset) - 1
        return k if k >= 0 and offset < self.words[k].end else -1


def views(doc: Document) -> dict[str, FieldView]:
    cached = doc.cache.get("views")
    if cached is None:
        cached = {}
        for name, text in doc.fields():
            tokens = tokenize(text)
            if name == "text" and doc.sentences:
                sents = [(s["start"], s["end"]) for s in doc.sentences]
            else:
                sents = [(s.start, s.end) for s in split_sentences(text)]
            words = [t for t in tokens if t.norm not in _QUOTE_TOKENS]
            cached[name] = FieldView(name, text, tokens, words, sents, [s for s, _ in sents])
        doc.cache["views"] = cached
    return cached
