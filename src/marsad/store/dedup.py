"""Near-duplicate articles: MinHash/LSH over word 3-grams of the normalized text.

The same wire story republished by several sites, lightly edited, must count
once. Every stored document gets a MinHash signature (128 permutations) kept in
the `minhashes` table; an in-memory LSH index built from those signatures
proposes candidates, and each candidate is then checked exactly on its 3-gram
sets (see `is_near_duplicate`). A near-duplicate joins the story of the document
it copies.
"""
from __future__ import annotations

import datetime as dt
import inspect
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..text.normalize import normalize

NUM_PERM = 128
SEED = 1
SHINGLE = 3
LSH_THRESHOLD = 0.3        # candidate recall: generous, the exact check below decides
JACCARD_MIN = 0.5          # 3-gram Jaccard at or above: near-duplicate
CONTAINMENT_MIN = 0.8      # or: this share of the shorter text's 3-grams is in the longer one
MIN_SHINGLES = 8           # shorter texts are only deduplicated exactly (content hash)
CONTAINMENT_MIN_SHINGLES = 25  # containment alone needs this much text in the shorter one
MAX_DAYS_APART = 7         # copies of one story are published within a week of each other

_WORD_RE = re.compile(r"[^\W_]+")

# datasketch 2 hashes with an explicit scheme; 1.x only knows what 2.x calls "legacy". Signatures of
# different schemes are not comparable, so the database records which one made its signatures.
_HAS_SCHEME = "scheme" in inspect.signature(MinHash.__init__).parameters
SCHEME = "affine32" if _HAS_SCHEME else "legacy"
_SCHEME_KW = {"scheme": SCHEME} if _HAS_SCHEME else {}


def _normalize(text: str) -> str:
    try:
        return normalize(text)
    except RecursionError:
        # marsad.text.normalize recursed on a presentation-form character that NFKC leaves
        # unchanged (e.g. the ornate parentheses U+FD3E/U+FD3F); fold character by character.
        out = []
        for ch in text:
            try:
                out.append(normalize(ch))
            except RecursionError:
                out.append(ch)
        return "".join(out)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(_normalize(text))


def shingles(text: str) -> set[bytes]:
    w = words(text)
    if len(w) < SHINGLE:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i:i + SHINGLE]).encode() for i in range(len(w) - SHINGLE + 1)}


def signature(sh: set[bytes]) -> LeanMinHash | None:
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, **_SCHEME_KW)
    m.update_batch(list(sh))
    return LeanMinHash(m)


def to_blob(mh: LeanMinHash | None) -> bytes | None:
    return None if mh is None else np.asarray(mh.hashvalues, dtype="<u8").tobytes()


def from_blob(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64), **_SCHEME_KW)


@dataclass
class Match:
    doc_id: str
    story_id: int
    jaccard: float
    containment: float


def similarity(a: set[bytes], b: set[bytes]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def is_near_duplicate(a: set[bytes], b: set[bytes]) -> tuple[bool, float, float]:
    j, c = similarity(a, b)
    small = min(len(a), len(b))
    ok = small >= MIN_SHINGLES and (j >= JACCARD_MIN or (c >= CONTAINMENT_MIN and small >= CONTAINMENT_MIN_SHINGLES))
    return ok, j, c


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


class Deduper:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.lsh: MinHashLSH | None = None

    def _index(self) -> MinHashLSH:
        if self.lsh is None:
            self._check_scheme()
            lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
            with lsh.insertion_session() as session:
                for doc_id, blob in self.conn.execute("SELECT doc_id, sig FROM minhashes WHERE sig IS NOT NULL"):
                    session.insert(doc_id, from_blob(blob), check_duplication=False)
            self.lsh = lsh
        return self.lsh

    def _check_scheme(self) -> None:
        """Re-sign every stored text when the signatures were made by another hashing scheme."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'minhash_scheme'").fetchone()
        if row is not None and row[0] == SCHEME:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if row is not None:
                for doc_id, text in self.conn.execute("SELECT id, text FROM documents").fetchall():
                    sh = shingles(text)
                    self.conn.execute("UPDATE minhashes SET sig = ?, n_shingles = ? WHERE doc_id = ?",
                                      (to_blob(signature(sh)), len(sh), doc_id))
            self.conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('minhash_scheme', ?)", (SCHEME,))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def find(self, text: str, published: str | None, sh: set[bytes], mh: LeanMinHash | None,
             exclude: str | None = None) -> Match | None:
        """The stored document this text near-duplicates (best match), or None."""
        if mh is None:
            return None
        best: Match | None = None
        for cand in self._index().query(mh):
            if cand == exclude:
                continue
            row = self.conn.execute("SELECT text, published, story_id FROM documents WHERE id = ?", (cand,)).fetchone()
            if row is None:  # indexed by a transaction that was rolled back
                continue
            apart = _days_apart(published, row["published"])
            if apart is not None and apart > MAX_DAYS_APART:
                continue
            ok, j, c = is_near_duplicate(sh, shingles(row["text"]))
            if ok and (best is None or (j, c) > (best.jaccard, best.containment)):
                best = Match(cand, row["story_id"], j, c)
        return best

    def add(self, doc_id: str, mh: LeanMinHash | None) -> None:
        if mh is not None and self.lsh is not None and doc_id not in self.lsh:
            self.lsh.insert(doc_id, mh, check_duplication=False)
