"""Sentence splitting with offsets, aware of quotation marks and Arabic punctuation."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence-final marks: . ! ? and the Arabic question mark ؟, and the ellipsis.
_FINAL = set(".!?؟…")
_OPEN_QUOTES = {"«": "»", "“": "”", "„": "”", "‹": "›"}
_SYMMETRIC_QUOTES = {'"'}
_PARA_RE = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans (blank-line separated), trimmed of surrounding whitespace."""
    spans = []
    pos = 0
    for m in list(_PARA_RE.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        _append_trimmed(text, pos, end, spans)
        if m:
            pos = m.end()
    return spans


def _append_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def split_sentences(text: str) -> list[Span]:
    """Sentence spans covering every paragraph; never splits inside a quotation.

    A sentence ends at . ! ? ؟ … (and runs of them, plus closing quotes/brackets)
    followed by whitespace, unless the period belongs to a number (3.5) or a
    one-letter abbreviation (د. for doctor). A line break inside a paragraph also
    ends a sentence: scraped text uses it for headings and list items.
    """
    out: list[Span] = []
    for para in paragraphs(text):
        _split_paragraph(text, para.start, para.end, out)
    return out


def _split_paragraph(text: str, start: int, end: int, out: list[Span]) -> None:
    stack: list[str] = []  # expected closing quotes
    sent_start = start
    i = start
    while i < end:
        ch = text[i]
        if ch in _OPEN_QUOTES:
            stack.append(_OPEN_QUOTES[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _SYMMETRIC_QUOTES:
            if stack and stack[-1] == ch:
                stack.pop()
            elif ch in text[i + 1:end]:  # an opening quote only if it closes in this paragraph
                stack.append(ch)
        if ch == "\n":
            _append_trimmed(text, sent_start, i, out)
            sent_start = i + 1
            stack.clear()
        elif ch in _FINAL and not stack and _is_boundary(text, i, end):
            j = i + 1
            while j < end and (text[j] in _FINAL or text[j] in "»”\")]'’"):
                j += 1
            _append_trimmed(text, sent_start, j, out)
            sent_start = j
            i = j
            continue
        i += 1
    _append_trimmed(text, sent_start, end, out)


def _is_boundary(text: str, i: int, end: int) -> bool:
    if text[i] == ".":
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if prev.isdigit() and nxt.isdigit():
            return False
        # one-letter abbreviation such as "د." (doctor) or "م." (engineer)
        if i >= 1 and prev.isalpha() and (i < 2 or not text[i - 2].isalpha()):
            return False
    j = i + 1
    while j < end and (text[j] in _FINAL or text[j] in "»”\")]'’"):
        j += 1
    return j >= end or text[j].isspace()
