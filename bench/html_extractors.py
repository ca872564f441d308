#!/usr/bin/env python
"""Measure HTML main-text extractors on Arabic news pages.

Compares, on the same inputs:
  * readability-lxml, raw (Document.summary(), text of its blocks)
  * trafilatura, raw (extract(), txt output; balanced / favor_precision / favor_recall)
  * marsad.ingest.html.extract_article with each back-end (our pre/post-processing
    around the extractor), the default back-end marked with *

Inputs:
  (a) shared/data/boilerplate-arabic/newspaper-cnn-arabic: page + full gold text
  (b) shared/data/boilerplate-arabic/trafilatura-assabah: page + snippet gold
      (TP = "with" snippets found, FN = missed, FP = "without" snippets found)
  (c) tests/fixtures/html/*.html filled with the reference article
      (shared/samples/000_1035176a5ae2b0d4.txt), gold = its 21 body paragraphs

Scores: bag-of-word-tokens precision/recall/F1 (tokens = runs of letters/digits
after removing Arabic diacritics and tatweel, multiset overlap), difflib
SequenceMatcher ratio on whitespace-normalised text, and for fixtures whether
the paragraph list is exactly the expected one.

Run:  cd /work/main && . /work/venv/bin/activate && \
      PYTHONPATH=src python bench/html_extractors.py [--markdown]
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "html"))

import lxml.html  # noqa: E402

from marsad.ingest import html as mh  # noqa: E402

_DIAC = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def tokens(text: str) -> list[str]:
    text = _DIAC.sub("", unicodedata.normalize("NFC", text)).casefold()
    return re.findall(r"\w+", text)


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    overlap = sum((p & g).values())
    prec = overlap / max(1, sum(p.values()))
    rec = overlap / max(1, sum(g.values()))
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def ratio(pred: str, gold: str) -> float:
    a = " ".join(pred.split())
    b = " ".join(gold.split())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# ---------------------------------------------------------------- systems
def raw_readability(html: str) -> list[str]:
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "div", "tr"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return [ln.strip() for ln in root.text_content().split("\n") if ln.strip()]


def raw_trafilatura(focus: str):
    def run(html: str) -> list[str]:
        import trafilatura

        txt = trafilatura.extract(html, include_comments=False, deduplicate=False,
                                  favor_precision=focus == "precision", favor_recall=focus == "recall")
        return [ln.strip() for ln in (txt or "").split("\n") if ln.strip()]
    return run


def ours(backend: str):
    def run(html: str) -> list[str]:
        return mh.extract_article(html, backend=backend).paragraphs
    return run


def _have_readability() -> bool:
    try:
        import readability  # noqa: F401
    except ImportError:
        return False
    return True


def systems() -> list[tuple[str, object]]:
    have_rd = _have_readability()
    out = []
    if have_rd:
        out.append(("readability-lxml (raw)", raw_readability))
    out += [("trafilatura (raw)", raw_trafilatura("balanced")),
            ("trafilatura precision (raw)", raw_trafilatura("precision")),
            ("trafilatura recall (raw)", raw_trafilatura("recall"))]
    for b in mh.BACKENDS:
        if b == "readability" and not have_rd:
            continue
        star = "*" if b == mh.DEFAULT_BACKEND else ""
        out.append((f"extract_article[{b}]{star}", ours(b)))
    return out


# ---------------------------------------------------------------- data
def load_cases(shared: Path) -> list[dict]:
    cases = []
    ba = shared / "data" / "boilerplate-arabic"
    cnn = ba / "newspaper-cnn-arabic"
    if cnn.is_dir():
        gold = (cnn / "arabic.gold.txt").read_text(encoding="utf-8")
        cases.append({"name": "cnn-arabic", "kind": "gold",
                      "html": (cnn / "arabic_article.html").read_text(encoding="utf-8"),
                      "gold": gold})
    ass = ba / "trafilatura-assabah"
    if ass.is_dir():
        ev = next(iter(json.loads((ass / "evaldata.assabah.json").read_text(encoding="utf-8")).values()))
        cases.append({"name": "assabah", "kind": "snippets",
                      "html": (ass / ev["file"]).read_text(encoding="utf-8"),
                      "with": ev["with"], "without": ev["without"]})
    import reference

    sample = shared / "samples" / reference.SAMPLE_NAME
    if sample.is_file():
        ref = reference.load_reference(sample)
        for name, page in reference.filled_pages(ref).items():
            cases.append({"name": f"fixture:{name}", "kind": "paragraphs", "html": page, "sample": sample,
                          "gold": "\n".join(ref.paragraphs), "paragraphs": ref.paragraphs})
    return cases


def score(case: dict, paras: list[str]) -> dict:
    text = "\n".join(paras)
    if case["kind"] == "snippets":
        tp = sum(s in text for s in case["with"])
        fn = len(case["with"]) - tp
        fp = sum(s in text for s in case["without"])
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"P": prec, "R": rec, "F1": f1, "ratio": None, "exact": None, "snip": f"{tp}/{fn}/{fp}"}
    p, r, f = prf(text, case["gold"])
    exact = paras == case["paragraphs"] if case["kind"] == "paragraphs" else None
    return {"P": p, "R": r, "F1": f, "ratio": ratio(text, case["gold"]), "exact": exact, "snip": None}


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def fmt(v, digits=3):
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="path of the shared/ folder")
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    ap.add_argument("--long", action="store_true", help="with --markdown: also one row per page and system")
    args = ap.parse_args(argv)

    cases = load_cases(args.shared)
    if not cases:
        print(f"no evaluation data under {args.shared}", file=sys.stderr)
        return 2
    print(f"# {len(cases)} pages; trafilatura {_version('trafilatura')}, readability-lxml {_version('readability-lxml')}",
          file=sys.stderr)
    if not _have_readability():
        print("# readability-lxml not installed: its rows are left out (pip install readability-lxml lxml_html_clean)",
              file=sys.stderr)
    rows = []
    summary: dict[str, dict] = {}
    for sname, fn in systems():
        try:  # warm-up (imports, caches) so that the timings compare extraction only
            fn(cases[0]["html"])
        except Exception:  # noqa: BLE001
            pass
        agg = {"fixF1": [], "fixExact": 0, "nfix": 0, "secs": 0.0}
        for case in cases:
            t0 = time.perf_counter()
            try:
                paras = fn(case["html"])
            except Exception as err:  # noqa: BLE001 - a failing extractor scores zero
                print(f"# {sname} failed on {case['name']}: {err!r}", file=sys.stderr)
                paras = []
            dt = time.perf_counter() - t0
            agg["secs"] += dt
            sc = score(case, paras)
            rows.append((case["name"], sname, sc, dt))
            if case["kind"] == "paragraphs":
                agg["nfix"] += 1
                agg["fixF1"].append(sc["F1"])
                agg["fixExact"] += bool(sc["exact"])
            elif case["name"] == "cnn-arabic":
                agg["cnn"] = sc
            elif case["name"] == "assabah":
                agg["assabah"] = sc
        summary[sname] = agg

    if args.markdown and args.long:
        print("| page | system | P | R | F1 | difflib ratio | exact paragraphs | snippets TP/FN/FP | ms |")
        print("|---|---|---|---|---|---|---|---|---|")
        for cname, sname, sc, dt in rows:
            print(f"| {cname} | {sname} | {fmt(sc['P'])} | {fmt(sc['R'])} | {fmt(sc['F1'])} | {fmt(sc['ratio'])} "
                  f"| {fmt(sc['exact'])} | {fmt(sc['snip'])} | {dt * 1000:.0f} |")
        print()
    if args.markdown:
        names = [c["name"] for c in cases if c["kind"] != "snippets"]
        print("Token F1 per page (`=` after the score: paragraph list exactly the expected one):")
        print()
        print("| system | " + " | ".join(n.replace("fixture:", "") for n in names) + " |")
        print("|---|" + "---|" * len(names))
        by = {(c, sn): sc for c, sn, sc, _ in rows}
        for sname in summary:
            cells = []
            for n in names:
                sc = by[(n, sname)]
                cells.append(fmt(sc["F1"]) + (" =" if sc["exact"] else ""))
            print(f"| {sname} | " + " | ".join(cells) + " |")
        print()
        print("| system | CNN F1 | CNN ratio | assabah TP/FN/FP | fixtures mean F1 | fixtures exact | total ms |")
        print("|---|---|---|---|---|---|---|")
        for sname, a in summary.items():
            cnn, ass = a.get("cnn", {}), a.get("assabah", {})
            mean = sum(a["fixF1"]) / len(a["fixF1"]) if a["fixF1"] else None
            print(f"| {sname} | {fmt(cnn.get('F1'))} | {fmt(cnn.get('ratio'))} | {fmt(ass.get('snip'))} "
                  f"| {fmt(mean)} | {a['fixExact']}/{a['nfix']} | {a['secs'] * 1000:.0f} |")
    else:
        w = max(len(s) for s, _ in systems())
        print(f"{'page':<20} {'system':<{w}} {'P':>6} {'R':>6} {'F1':>6} {'ratio':>6} {'exact':>5} {'snip':>7} {'ms':>6}")
        for cname, sname, sc, dt in rows:
            print(f"{cname:<20} {sname:<{w}} {fmt(sc['P']):>6} {fmt(sc['R']):>6} {fmt(sc['F1']):>6} "
                  f"{fmt(sc['ratio']):>6} {fmt(sc['exact']):>5} {fmt(sc['snip']):>7} {dt * 1000:6.0f}")
        print()
        print(f"{'system':<{w}} {'CNN F1':>7} {'ratio':>6} {'assabah':>8} {'fixF1':>6} {'exact':>6} {'ms':>7}")
        for sname, a in summary.items():
            cnn, ass = a.get("cnn", {}), a.get("assabah", {})
            mean = sum(a["fixF1"]) / len(a["fixF1"]) if a["fixF1"] else None
            print(f"{sname:<{w}} {fmt(cnn.get('F1')):>7} {fmt(cnn.get('ratio')):>6} {fmt(ass.get('snip')):>8} "
                  f"{fmt(mean):>6} {a['fixExact']:>3}/{a['nfix']:<2} {a['secs'] * 1000:7.0f}")
    metadata_table(cases, args.markdown)
    return 0


def metadata_table(cases: list[dict], markdown: bool) -> None:
    """Fields of the default extract_article on the fixtures (expected values known)."""
    import reference

    fx = [c for c in cases if c["kind"] == "paragraphs"]
    if not fx:
        return
    ref = reference.load_reference(fx[0]["sample"]) if "sample" in fx[0] else None
    if ref is None:
        return
    checks = {
        "title": lambda a: a.title == ref.title,
        "section": lambda a: a.section == ref.sections,
        "source": lambda a: a.source == ref.credit,
        "published": lambda a: a.published == reference.PUBLISHED,
        "captions": lambda a: a.captions == [ref.caption],
    }
    print()
    if markdown:
        print("Metadata of extract_article (default back-end) on the fixtures, correct / total:")
        print()
        print("| field | correct | wrong on |")
        print("|---|---|---|")
    arts = {c["name"]: mh.extract_article(c["html"]) for c in fx}
    for field, ok in checks.items():
        bad = [n.replace("fixture:", "") for n, a in arts.items() if not ok(a)]
        if markdown:
            print(f"| {field} | {len(arts) - len(bad)}/{len(arts)} | {', '.join(bad) or '–'} |")
        else:
            print(f"{field:<10} {len(arts) - len(bad)}/{len(arts)}  {' '.join(bad)}")


if __name__ == "__main__":
    sys.exit(main())
