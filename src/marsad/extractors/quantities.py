"""Numbers and quantities: digits (any script), number words, ranges ("أكثر من 20")."""
from __future__ import annotations

from ..document import Document
from ..knowledge.lexicon import Lexicon, table
from .views import views


def number_words() -> Lexicon:
    return table("events/quantities.tsv")


def _value(tok) -> float | None:
    t = tok.norm.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def extract_quantities(doc: Document) -> None:
    out = []
    for name, view in views(doc).items():
        words = view.words
        cue_at: dict[int, tuple[str, int]] = {}  # token after the cue → (cue kind, cue start token)
        numbers: dict[int, tuple[int, float, str]] = {}  # start token → (end token, value, kind)
        for m in number_words().find(words, clitics=True):
            row = m.payloads[0]
            kind = row.get("kind", "")
            if kind.startswith("cue_"):
                cue_at[m.end_token] = (kind[4:], m.start_token)
            else:
                try:
                    numbers[m.start_token] = (m.end_token, float(row["value"]), kind)
                except (KeyError, ValueError):
                    continue
        for i, tok in enumerate(words):
            if i not in numbers and tok.norm[:1].isdigit():
                v = _value(tok)
                if v is not None:
                    numbers[i] = (i + 1, v, "cardinal")
        for i in sorted(numbers):
            end_tok, value, kind = numbers[i]
            start_tok = i
            q = {"value": value, "min": value, "max": value, "approx": kind in ("approx",)}
            if kind == "fraction":
                q["fraction"] = True
            cue = cue_at.get(i)
            if cue:
                start_tok = cue[1]
                if cue[0] == "min":
                    q["min"], q["max"] = value, None
                elif cue[0] == "max":
                    q["min"], q["max"] = None, value
                else:
                    q["approx"] = True
            if kind == "approx":
                q["max"] = None
            unit = None
            if end_tok < len(words) and words[end_tok].is_word and not words[end_tok].norm[:1].isdigit():
                unit = words[end_tok].text
            start, end = words[start_tok].start, words[end_tok - 1].end
            out.append({"text": view.text[start:end], "start": start, "end": end, "field": name, **q, "unit": unit})
    doc.quantities = out
