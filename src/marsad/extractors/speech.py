"""Speech verbs and source phrases (قال، أضاف، بحسب ...), from events/speech_verbs.tsv."""
from __future__ import annotations

from functools import lru_cache

from ..knowledge.lexicon import Lexicon, load_table


@lru_cache(maxsize=1)
def speech_verbs() -> Lexicon:
    return load_table("events/speech_verbs.tsv")
