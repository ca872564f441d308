"""Whether a sentence is about sport (lexicon/sport_context.tsv): there هاجم، هجوم، قذيفة are
football, not violence, and a city name is often its club."""
from __future__ import annotations

from ..knowledge.lexicon import table
from ..text.tokens import Token


def sport_words(words: list[Token]) -> bool:
    """One strong sport word (مباراة، الدوري) or two weak ones (المدرب، الفريق) among the words."""
    strong = weak = 0
    for m in table("lexicon/sport_context.tsv").find(words, clitics=True):
        if m.payloads[0].get("strength") == "strong":
            strong += 1
        else:
            weak += 1
    return strong > 0 or weak > 1
