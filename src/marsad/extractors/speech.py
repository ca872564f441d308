"""Speech verbs and source phrases (قال، أضاف، بحسب ...), from events/speech_verbs.tsv."""
from __future__ import annotations

from ..knowledge.lexicon import Lexicon, table


def speech_verbs() -> Lexicon:
    return table("events/speech_verbs.tsv")
