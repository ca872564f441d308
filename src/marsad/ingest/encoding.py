"""Decode bytes from the encodings Arabic sites use, refusing what cannot be read.

Order: byte-order marks (UTF-8, UTF-16, UTF-32); strict UTF-8; then the two
legacy Arabic code pages, Windows-1256 and ISO-8859-6, chosen by which one
yields Arabic text. Binary data, empty input, truncated UTF-8 and mojibake raise
or warn instead of passing silently.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# UTF-8 Arabic read as Windows-1252/Latin-1: "Ø§Ù„" and friends.
_MOJIBAKE_RE = re.compile(r"[ØÙÚÛ][\u0080-\u00bf\u0152-\u0178\u2013-\u203a\u02c6\u02dc\u0192]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _arabic_score(text: str) -> float:
    """How plausibly `text` is Arabic: share of words written in Arabic letters,
    with a heavy penalty for words mixing Latin and Arabic letters or holding
    Latin-1 letters, which is what a wrong code page produces."""
    arabic = bad = total = 0
    for word in text.split():
        has_arabic = any("\u0621" <= ch <= "\u064a" for ch in word)
        has_latin = any(ch.isascii() and ch.isalpha() for ch in word)
        has_latin1 = any("\u00c0" <= ch <= "\u00ff" or "\u0080" <= ch <= "\u009f" for ch in word)
        total += 1
        if has_arabic and (has_latin or has_latin1):
            bad += 1
        elif has_latin1:
            bad += 1
        elif has_arabic:
            arabic += 1
    return (arabic - 5 * bad) / max(1, total)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """Detect BOM-less UTF-16 by the pattern of zero bytes in ASCII positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_zero = data[0::2].count(0)
    odd_zero = data[1::2].count(0)
    half = len(data) // 2
    for enc, zeros in (("utf-16-le", odd_zero), ("utf-16-be", even_zero)):
        if zeros > half * 0.2:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _as_cp1252_bytes(text: str) -> bytes:
    """Bytes a cp1252 decoder would have read; C1 controls stand for its 5 undefined bytes."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """Undo UTF-8-read-as-cp1252 damage; None when the text is not of that kind."""
    if not _MOJIBAKE_RE.search(text):
        return None
    try:
        fixed = _as_cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if _arabic_score(fixed) > _arabic_score(text) else None


def decode_bytes(data: bytes, source: str = "<input>") -> Decoded:
    if not data or not data.strip():
        raise InputError(source, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(enc), enc, source)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {enc} after byte-order mark ({exc.reason} at byte {exc.start})") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _finish(utf16, "utf-16", source)
    if _looks_binary(data):
        raise InputError(source, "binary data, not text (no known text encoding fits)")
    try:
        return _finish(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data", "invalid continuation byte"):
            try:
                data[: exc.start].decode("utf-8")
                raise InputError(source, f"truncated UTF-8: the last character is cut off at byte {exc.start}")
            except UnicodeDecodeError:
                pass
        utf8_error = exc
    candidates = []
    for enc in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_score(text), enc, text))
    if candidates:
        score, enc, text = max(candidates)
        if score > 0.3:
            return _finish(text, enc, source)
    raise InputError(
        source,
        f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not Arabic in Windows-1256 or ISO-8859-6",
    )


def _finish(text: str, encoding: str, source: str) -> Decoded:
    warnings = []
    fixed = repair_mojibake(text)
    if fixed is not None:
        text = fixed
        warnings.append(f"{source}: repaired mojibake (UTF-8 text that had been decoded as Windows-1252)")
    elif _MOJIBAKE_RE.search(text) and len(_MOJIBAKE_RE.findall(text)) > 3:
        raise InputError(source, "mojibake: UTF-8 Arabic decoded with a Latin code page, and it cannot be repaired")
    bad = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if bad > 50:
        raise InputError(source, f"binary data decoded as {encoding} (control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding, warnings)
