"""Main-text and metadata extraction from Arabic news HTML pages.

``extract_article(html, url=None) -> HtmlArticle``

The body text comes from a maintained extractor (trafilatura, chosen by
measurement: see ``docs/html-extraction.md`` and ``bench/html_extractors.py``),
wrapped in a small amount of our own pre- and post-processing:

* before extraction, elements whose role we can recognise for certain are taken
  out of a copy of the page and routed to their own fields: figure captions,
  breadcrumbs, the credit/byline, the headline; layout tables (tables that hold
  paragraphs or other tables) are turned into plain blocks so that the article
  is not read as a data table;
* after extraction, the paragraphs are cleaned: headline, credit, section
  labels and datelines dropped, captions moved to ``captions``, paragraphs that
  occur twice (a caption shown under the photo and again in a lightbox) moved
  to ``captions`` once, and short page-furniture lines (read-also, share,
  comment form, comment policy, copyright) removed.

Metadata (title, date, section, url, credit) is read from the page markup with
plain lxml, in a fixed order of preference. Everything is offline: nothing is
fetched, trafilatura's cross-document deduplication is off, so the same input
always gives the same output. Malformed input never raises: the result then
has empty ``paragraphs`` (the caller reports "no main text found").
"""
from __future__ import annotations

import copy
import datetime as _dt
import json
import logging
import re
import unicodedata
from dataclasses import dataclass

import lxml.etree as etree
import lxml.html

__all__ = ["HtmlArticle", "extract_article", "BACKENDS", "DEFAULT_BACKEND"]

LOG = logging.getLogger(__name__)

# Extractor back-ends that extract_article can run (the bench compares them).
BACKENDS = ("trafilatura", "trafilatura-precision", "trafilatura-recall", "readability")
# Chosen by measurement (docs/html-extraction.md): trafilatura, balanced mode.
DEFAULT_BACKEND = "trafilatura"


@dataclass
class HtmlArticle:
    title: str | None
    paragraphs: list[str]
    captions: list[str]
    published: str | None  # ISO YYYY-MM-DD
    section: list[str]
    source: str | None     # credited agency/author text as found on the page
    url: str | None
    method: str            # which extractor produced the body ("none" if nothing)

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\ufeff\u2060\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"})
_PUNCT_ONLY = re.compile(r"^[\W_]*$", re.UNICODE)


def _clean_line(s: str) -> str:
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    return _WS.sub(" ", s).strip()


def _lines(s: str) -> list[str]:
    out = []
    for ln in s.split("\n"):
        ln = _clean_line(ln)
        if ln:
            out.append(ln)
    return out


def _key(s: str) -> str:
    """Comparison key: no diacritics/tatweel, folded letters, no punctuation."""
    s = _DIACRITICS.sub("", _clean_line(s)).translate(_FOLD).casefold()
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _text(el) -> str:
    try:
        return _clean_line(" ".join(el.itertext()))
    except Exception:  # noqa: BLE001 - comments/PIs
        return ""


def _nwords(s: str) -> int:
    return len(s.split())


# --------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except Exception:  # noqa: BLE001
        pass
    return data.decode("utf-8", "replace")


def _parse(html: str | bytes):
    if isinstance(html, bytes):
        html = _decode(html)
    data = html.encode("utf-8", "replace")
    # the text is utf-8 now: a declared charset would mislead the parser
    head = re.sub(rb"(<meta[^>]{0,200}?charset\s*=\s*[\"']?)[\w-]+", rb"\1utf-8", data[:4096], flags=re.I)
    data = head + data[4096:]
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(data, parser=parser)
    return root


# --------------------------------------------------------------------------
# metadata
# --------------------------------------------------------------------------
def _meta(root, *names: str) -> list[str]:
    out = []
    for name in names:
        for el in root.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
            v = _clean_line(el.get("content") or "")
            if v:
                out.append(v)
    return out


def _jsonld(root) -> list[dict]:
    objs: list[dict] = []

    def walk(o):
        if isinstance(o, dict):
            objs.append(o)
            for v in o.values():
                if isinstance(v, (dict, list)):
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    for sc in root.xpath('//script[contains(translate(@type,"JSON-LD","json-ld"),"ld+json")]'):
        raw = (sc.text or "").strip()
        if not raw:
            continue
        try:
            walk(json.loads(raw))
        except ValueError:
            # control characters inside strings are common in the wild
            try:
                walk(json.loads(re.sub(r"[\x00-\x1f]+", " ", raw)))
            except ValueError:
                continue
    return objs


def _jtype(o: dict) -> set[str]:
    t = o.get("@type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {x for x in t if isinstance(x, str)}
    return set()


_TITLE_SEPS = re.compile(r"\s+(?:[-|–—:•·»«]|::|\|\|)\s+")


def _strip_site(title: str, site: str | None) -> str:
    title = _clean_line(title)
    if site and _key(title) == _key(site):
        return ""  # the page title is only the site name
    if site:
        k = _key(site)
        parts = _TITLE_SEPS.split(title)
        if len(parts) > 1:
            kept = [p for p in parts if _key(p) != k]
            if kept and len(kept) < len(parts):
                # rebuild with the original separators between the kept parts
                seps = _TITLE_SEPS.findall(title)
                out = parts[0] if _key(parts[0]) != k else ""
                for sep, part in zip(seps, parts[1:]):
                    if _key(part) == k:
                        continue
                    out = f"{out}{sep}{part}" if out else part
                return out.strip()
    return title


def _title(root, site: str | None) -> str | None:
    for v in _meta(root, "og:title", "twitter:title"):
        t = _strip_site(v, site)
        if t:
            return t
    for h in root.xpath("//h1"):
        t = _text(h)
        if t:
            return t
    for o in _jsonld(root):
        if _jtype(o) & {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"}:
            h = o.get("headline")
            if isinstance(h, str) and h.strip():
                return _strip_site(h, site)
    t = root.find(".//title")
    if t is None:
        return None
    t = _strip_site(_text(t), site)
    parts = [p for p in _TITLE_SEPS.split(t) if p.strip()]
    if len(parts) > 1:
        # site name unknown: prefer the part that is printed on the page as a block of its own
        blocks = {_key(_text(e)) for e in root.xpath("//body//*[self::b or self::strong or self::h2 or self::h3 or self::td or self::div or self::span or self::font or self::p]")}
        for p in parts:
            if _key(p) in blocks:
                return p.strip()
        return max(parts, key=len).strip()
    return t or None


_DATE_RX = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _iso_date(v: str) -> str | None:
    m = _DATE_RX.search(v or "")
    if not m:
        return None
    try:
        d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if not 1990 <= d.year <= 2100:
        return None
    return d.isoformat()


def _published(root) -> str | None:
    for v in _meta(root, "article:published_time", "og:published_time", "datePublished",
                   "pubdate", "publishdate", "publish-date", "sailthru.date",
                   "DC.date.issued", "dcterms.created", "date"):
        d = _iso_date(v)
        if d:
            return d
    # RDFa (Drupal and others): <span property="dc:date" content="...">
    for el in root.xpath("//*[@content][@property]"):
        props = el.get("property", "").split()
        if any(p in ("dc:date", "dc:created", "dcterms:created", "dcterms:issued", "schema:datePublished",
                     "rnews:datePublished", "datePublished") for p in props):
            d = _iso_date(el.get("content"))
            if d:
                return d
    for el in root.xpath("//*[@itemprop='datePublished']"):
        d = _iso_date(el.get("content") or el.get("datetime") or _text(el))
        if d:
            return d
    for o in _jsonld(root):
        v = o.get("datePublished")
        if isinstance(v, str):
            d = _iso_date(v)
            if d:
                return d
    times = root.xpath("//time[@datetime]")
    times.sort(key=lambda t: 0 if re.search(r"publish|pubdate", " ".join(filter(None, (t.get("class"), t.get("itemprop"), t.get("pubdate")))), re.I) else 1)
    for t in times:
        d = _iso_date(t.get("datetime"))
        if d:
            return d
    # last resort: a date printed in an element labelled as the date ("newsDate", "post-date")
    for el in root.xpath("//body//*[@class or @id]"):
        words = _attr_words(el)
        if not words & {"date", "published", "pubdate", "publishdate", "posted", "dateline"}:
            continue
        t = _text(el)
        if _nwords(t) > 12:
            continue
        d = _iso_date(t) or _dmy_date(t)
        if d:
            return d
    return None


def _dmy_date(v: str) -> str | None:
    """27/04/2020 or 27-4-2020: day first, as printed on Arabic news sites."""
    m = re.search(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)", v)
    if not m:
        return None
    return _iso_date(f"{m.group(3)}-{m.group(2)}-{m.group(1)}")


_HOME = {_key(x) for x in ("الرئيسية", "الصفحة الرئيسية", "الرئيسيه", "home", "homepage", "accueil", "الرئيسة")}
_CRUMB_SPLIT = re.compile(r"\s*(?:»|›|>|/|\||\\|«|‹|<|→|←|::)\s*")


def _breadcrumb_nodes(root):
    nodes = root.xpath(
        "//*[contains(translate(@aria-label,'BREADCUM','breadcum'),'breadcrumb')"
        " or contains(translate(@itemtype,'BREADCUMLIST','breadcumlist'),'breadcrumblist')"
        " or contains(translate(@class,'BREADCUM','breadcum'),'breadcrumb')"
        " or contains(translate(@id,'BREADCUM','breadcum'),'breadcrumb')]")
    # keep the outermost ones
    out = []
    for n in nodes:
        if not any(a in nodes for a in n.iterancestors()):
            out.append(n)
    return out


def _crumb_items(node) -> list[str]:
    items = [_text(e) for e in node.xpath(".//*[@itemprop='name']")]
    if not items:
        lis = node.xpath(".//li")
        if lis:
            items = [_text(li) for li in lis if not li.xpath(".//li")]
    if not items:
        links = node.xpath(".//a")
        items = [_text(a) for a in links]
        tail = _CRUMB_SPLIT.split(_text(node))[-1:] if links else []
        # a last crumb printed as plain text (current page)
        if tail and tail[0] and _key(tail[0]) not in {_key(i) for i in items}:
            items += tail
    if not items:
        items = _CRUMB_SPLIT.split(_text(node))
    return [i for i in (_clean_line(x) for x in items) if i]


def _clean_crumbs(items: list[str], title: str | None) -> list[str]:
    tkey = _key(title) if title else None
    out: list[str] = []
    for it in items:
        k = _key(it)
        if not k or k in _HOME or k == tkey or _nwords(it) > 8:
            continue
        if it not in out:
            out.append(it)
    return out


def _section(root, title: str | None) -> list[str]:
    for node in _breadcrumb_nodes(root):
        items = _clean_crumbs(_crumb_items(node), title)
        if items:
            return items
    for o in _jsonld(root):
        if "BreadcrumbList" in _jtype(o):
            els = o.get("itemListElement") or []
            if isinstance(els, dict):
                els = [els]
            rows = []
            for e in els:
                if not isinstance(e, dict):
                    continue
                name = e.get("name")
                item = e.get("item")
                if not name and isinstance(item, dict):
                    name = item.get("name")
                pos = e.get("position")
                try:
                    pos = float(pos)
                except (TypeError, ValueError):
                    pos = float(len(rows))
                if isinstance(name, str):
                    rows.append((pos, name))
            items = _clean_crumbs([n for _, n in sorted(rows, key=lambda r: r[0])], title)
            if items:
                return items
    items = _clean_crumbs(_meta(root, "article:section"), title)
    if items:
        return items
    # WordPress category links (rel="category tag"), Blogger/CMS label boxes
    cats = [_text(a) for a in root.xpath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")]
    if not cats:
        for el in root.xpath("//body//*[@class or @id]"):
            if _attr_words(el) & {"labels", "categories", "category", "cats"} and el.xpath(".//a"):
                cats = [_text(a) for a in el.xpath(".//a")]
                break
    return _clean_crumbs(cats, title)


def _url(root) -> str | None:
    for el in root.xpath("//link[@rel][@href]"):
        if "canonical" in el.get("rel", "").lower().split():
            v = el.get("href", "").strip()
            if v:
                return v
    for v in _meta(root, "og:url"):
        return v
    return None


# credit / byline -----------------------------------------------------------
_CREDIT_WORDS = {"byline", "author", "authors", "credit", "credits", "source", "sources", "agency", "writer", "writers"}


def _attr_words(el) -> set[str]:
    """class/id split into lower-case words, camelCase too: "newsAgency" -> {"news", "agency"}."""
    raw = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("data-testid"), el.get("data-component"))))
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw)
    return {w for w in re.split(r"[^A-Za-z0-9]+", raw.lower()) if w}
_CREDIT_PREFIX = re.compile(
    r"^(?:بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تحرير|المصدر|مصدر|نقلا عن|نقلاً عن|عن|by|source)\s*[:：\-–]?\s+",
    re.I)


def _credit_nodes(root):
    found = []
    for el in root.xpath("//body//*[@class or @id or @itemprop or @rel or @data-testid or @data-component]"):
        if el.tag in ("html", "body", "article", "main", "section", "a", "img", "meta", "link", "script", "style"):
            continue
        if el.xpath("ancestor-or-self::figure|ancestor-or-self::figcaption"):
            continue
        if not (_attr_words(el) & _CREDIT_WORDS or el.get("itemprop") == "author"
                or "author" in (el.get("rel") or "").split()):
            continue
        t = _text(el)
        if t and _nwords(t) <= 10:
            found.append(el)
    # outermost ones only
    return [n for n in found if not any(a in found for a in n.iterancestors())]


# news agencies as usually credited in Arabic (used to prefer an agency credit over a personal byline
# and to recognise a bare credit line at the top or bottom of the body)
_AGENCY = re.compile(
    r"(?<!\w)(?:وكالة|وكالات|لوكالة|بوكالة|رويترز|فرانس ?برس|[أا]\.? ?ف\.? ?ب|أسوشيتد|اسوشيتد|أسوشييتد|"
    r"الأناضول|الاناضول|سانا|واس|وام|قنا|كونا|بترا|وفا|د\.? ?ب\.? ?[أا]|شينخوا|سبوتنيك|نوفوستي|إرنا|ارنا|نينا|"
    r"reuters|afp|associated press|ap|dpa|anadolu|xinhua)(?!\w)", re.I)
# "نشر بواسطة"/"posted by" bylines of blog platforms name the poster, not the source
_POSTER_PREFIX = re.compile(r"^(?:نشر|نشرت|نشره|أضيف|اضيف)(?:\s+(?:بواسطة|من قبل|من طرف))|^posted by", re.I)


def _credit_text(el) -> str:
    """Credit as printed, without a "بقلم/المصدر" label or a date printed beside it."""
    el = copy.deepcopy(el)
    for t in el.xpath(".//time"):
        _drop(t)
    pieces = [x.strip(" :-–") for x in re.split(r"\s*[|•·]\s*", _text(el))]
    pieces = [x for x in pieces if x and not _is_dateline(x) and not _DATE_RX.search(x)]
    return _CREDIT_PREFIX.sub("", " ".join(pieces)).strip(" :-–|•·")


def _loose_agency_line(root) -> str | None:
    """A short element of the article that is only an agency name (a bold credit line)."""
    for el in root.xpath("//body//*[self::b or self::strong or self::p or self::div or self::span or self::em]"
                         "[not(ancestor::a or ancestor::nav or ancestor::header or ancestor::footer"
                         " or ancestor::aside or ancestor::li or ancestor::select or ancestor::option)]"):
        if len(el) and any(isinstance(c.tag, str) and c.tag not in ("b", "strong", "span", "em", "i") for c in el):
            continue
        t = _text(el).strip(" :-–|•·()")
        t = _CREDIT_PREFIX.sub("", t)
        if t and _nwords(t) <= 5 and _AGENCY.search(t):
            return t
    return None


def _source(root, credit_nodes, body_lines: list[str] | None = None) -> str | None:
    cands: list[str] = []
    for el in credit_nodes:
        t = _credit_text(el)
        if t and not _POSTER_PREFIX.search(_text(el)):
            cands.append(t)
    for v in _meta(root, "author", "article:author", "dc.creator"):
        if not v.lower().startswith("http"):
            cands.append(v)
    # a bare agency line among the first two or the last body lines ("وكالة الصحافة الفرنسية", "(رويترز)")
    edge = (body_lines or [])[:2] + (body_lines or [])[-1:]
    for ln in edge:
        t = _CREDIT_PREFIX.sub("", ln).strip(" :-–|•·()")
        if t and _nwords(t) <= 5 and _AGENCY.search(t):
            cands.append(t)
    for c in cands:
        if _AGENCY.search(c):
            return c
    return cands[0] if cands else None


# captions ---------------------------------------------------------------------
_CAPTION_CLASS = re.compile(r"caption|legend|wp-caption-text|photo-?desc|image-?desc|img-?desc", re.I)


def _caption_nodes(root):
    found = list(root.xpath("//figcaption"))
    for el in root.xpath("//body//*[@class or @id]"):
        if el.tag in ("html", "body", "article", "main", "img", "a", "figure", "amp-img"):
            continue
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if _CAPTION_CLASS.search(attrs):
            t = _text(el)
            if t and _nwords(t) <= 120 and not el.xpath(".//p[string-length(normalize-space()) > 400]"):
                found.append(el)
    return [n for n in found if not any(a in found for a in n.iterancestors())]


# --------------------------------------------------------------------------
# body pre-processing
# --------------------------------------------------------------------------
_BLOCKISH = ".//p|.//div|.//table|.//form|.//h1|.//h2|.//h3|.//ul|.//ol|.//article|.//section"


def _unwrap_layout_tables(root) -> None:
    for t in root.xpath("//table"):
        if t.xpath(_BLOCKISH) or len(_text(t)) > 2000:
            for e in [t, *t.xpath(".//tbody|.//thead|.//tfoot|.//tr|.//td|.//th")]:
                # only this table's own rows/cells; nested tables are visited on their own
                e.tag = "div"


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # keep the tail text in the tree
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# --------------------------------------------------------------------------
# back-ends
# --------------------------------------------------------------------------
_XML_BLOCKS = {"p", "head", "item", "quote", "cell", "code", "list", "row", "table"}
_XML_LEAF_OK = {"p", "head", "item", "quote", "cell", "code"}


def _block_text(el, newline_tags=("lb", "br")) -> str:
    parts: list[str] = []

    def rec(e):
        if e.text:
            parts.append(e.text)
        for c in e:
            if isinstance(c.tag, str) and c.tag.lower() in newline_tags:
                parts.append("\n")
            else:
                rec(c)
            if c.tail:
                parts.append(c.tail)

    rec(el)
    return "".join(parts)


def _trafilatura_paragraphs(tree, focus: str) -> list[str]:
    import trafilatura
    from trafilatura.settings import use_config

    cfg = use_config()
    cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    xml = trafilatura.extract(
        tree,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
        favor_precision=(focus == "precision"),
        favor_recall=(focus == "recall"),
        config=cfg,
    )
    if not xml:
        return []
    doc = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    if doc is None:
        return []
    main = doc.find("main")
    if main is None:
        main = doc
    out: list[str] = []
    for el in main.iter():
        if el.tag not in _XML_LEAF_OK:
            continue
        if any(isinstance(d.tag, str) and d.tag in _XML_BLOCKS for d in el.iterdescendants()):
            continue
        out.extend(_lines(_block_text(el)))
    return out


_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th",
                "dd", "dt", "div", "section", "article", "table", "ul", "ol", "dl", "tr", "figure", "figcaption"}


def _readability_paragraphs(tree) -> list[str]:
    from readability import Document  # readability-lxml (optional; bench comparison)

    html = lxml.html.tostring(tree, encoding="unicode")
    summary = Document(html).summary(html_partial=True)
    if not summary:
        return []
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _HTML_BLOCKS or el is root:
            continue
        if any(isinstance(d.tag, str) and d.tag in _HTML_BLOCKS for d in el.iterdescendants()):
            # container: only its own loose text
            loose = (el.text or "") + "".join((c.tail or "") for c in el)
            out.extend(_lines(loose))
            continue
        out.extend(_lines(_block_text(el)))
    return out


def _run_backend(tree, backend: str) -> list[str]:
    if backend == "trafilatura":
        return _trafilatura_paragraphs(tree, "balanced")
    if backend == "trafilatura-precision":
        return _trafilatura_paragraphs(tree, "precision")
    if backend == "trafilatura-recall":
        return _trafilatura_paragraphs(tree, "recall")
    if backend == "readability":
        return _readability_paragraphs(tree)
    raise ValueError(f"unknown HTML extractor back-end: {backend!r}")


# --------------------------------------------------------------------------
# post-processing: page furniture that survives the extractor
# --------------------------------------------------------------------------
# Short lines (<= _SHORT words) matching one of these are page furniture.
_FURNITURE_SHORT = [re.compile(p, re.I) for p in (
    r"^(?:اقرأ|إقرأ|اقرا|إقرا) (?:أيضا|أيضاً|ايضا|ايضاً|كذلك|المزيد|أكثر)",
    r"^(?:شاهد|طالع) (?:أيضا|أيضاً|ايضا|كذلك)",
    r"^(?:مواضيع|مقالات|أخبار|اخبار|قصص) (?:ذات صلة|متعلقة|مشابهة|أخرى)",
    r"هل (?:أعجبك|اعجبك|أعجبتك|اعجبتك) (?:هذا |هذه )?(?:المقال|الخبر|الموضوع|القصة|المقالة)",
    r"^\(?\d+\)?\s*(?:تعليق|تعليقات|تعليقا|تعليقاً|مشاركة|إعجاب)$",
    r"^\d+\s*/\s*\d+$",
    # share rows: "شارك:", "شارك على فيسبوك", "مشاركة عبر واتساب" (not "شارك مئات المحتجين ...")
    r"^(?:شارك|شاركوا|شاركها|شاركه|انشر|مشاركة)(?:\s+(?:المقال|الخبر|الموضوع|الصفحة|الرابط))?\s*[:：]?$",
    r"^(?:شارك|شاركوا|شاركها|شاركه|انشر|مشاركة)\b.{0,40}(?:فيسبوك|فيس بوك|تويتر|واتساب|تلغرام|تيليغرام|تليجرام|لينكد إن|لينكدإن|أصدقائك|اصدقائك)",
    r"(?:أضف|اضف|إضافة|اضافة|أكتب|اكتب) (?:تعليق|تعليقك|تعليقا|تعليقاً|رد|ردا|رداً)",
    r"^(?:ال)?تعليقات\s*(?:\(\d+\))?$|^آراء القراء|سياسة .{0,25}(?:بشأن |حول |الخاصة ب)?التعليقات",
    r"(?:تابعونا|تابعنا|تابعوا|تابع) .{0,30}(?:على|عبر) (?:تويتر|فيسبوك|فيس بوك|تلغرام|تيليغرام|تليجرام|يوتيوب|انستغرام|إنستغرام|واتساب|الواتساب|قناتنا|حسابنا|صفحتنا)",
    r"جميع الحقوق محفوظة|حقوق النشر محفوظة|الحقوق محفوظة|all rights reserved|^©|^\(c\) ?\d{4}|^copyright",
    r"(?:اشترك|اشتركوا|إشترك|للاشتراك) (?:في |ب)\s*(?:النشرة|نشرتنا|القائمة|قناتنا|خدمة|الخدمة|تطبيق|حسابنا)|^(?:اشترك|اشتركوا) الآن",
    r"النشرة البريدية|القائمة البريدية",
    r"^(?:الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية|الكلمات الدلالية|تاغ|Tags)\s*:",
    r"^(?:المصدر|مصدر)\s*:",
    r"عدد (?:القراءات|المشاهدات|الزيارات|المشاهدين)\s*:?\s*[\d٠-٩][\d٠-٩,.]*",
    r"(?:أرسل|ارسل|إرسال|ارسال) (?:لصديق|إلى صديق|الى صديق|الخبر لصديق)",
    r"^(?:طباعة|نسخة للطباعة|تكبير الخط|تصغير الخط|نسخ الرابط|رابط مختصر)\s*(?:$|[|:•])",
    r"^(?:إعلان|اعلان|مساحة إعلانية|مساحة اعلانية|محتوى مدعوم|إعلانات)$",
    r"معلومات ضرورية",
    r"^(?:المقال|الخبر) (?:السابق|التالي)",
)]
_SHORT = 15
# Long boilerplate paragraphs, trimmed only at the end (or start) of the body.
_FURNITURE_EDGE = [re.compile(p, re.I) for p in (
    r"(?:الآراء|التعليقات|المقالات) .{0,60}(?:لا تعبر|لا تعكس|تعبر عن (?:آراء|رأي) (?:أصحابها|كاتبها|كتابها))",
    r"(?:التعليقات|تعليقات|النقاش|نقاش).{0,200}(?:إرشادات|ارشادات|شروط|سياسة|قواعد) (?:الاستخدام|النشر|الخصوصية|الموقع)",
    r"(?:إرشادات|ارشادات|شروط|سياسة|قواعد) (?:الاستخدام|النشر|الخصوصية|الموقع).{0,200}(?:التعليقات|تعليقات|تعليقك)",
    r"جميع الحقوق محفوظة|حقوق النشر محفوظة|all rights reserved",
    r"^(?:اقرأ|إقرأ|اقرا) (?:أيضا|أيضاً|ايضا|ايضاً|كذلك|المزيد)",
    r"(?:أضف|اضف|إضافة|اضافة) (?:تعليق|تعليقك)",
)]

_MONTHS = ("يناير كانون الثاني فبراير شباط مارس آذار أبريل ابريل إبريل نيسان مايو أيار ايار يونيو يونيه حزيران "
           "يوليو يوليه تموز أغسطس اغسطس آب اب سبتمبر أيلول ايلول أكتوبر اكتوبر تشرين الأول الاول نوفمبر "
           "ديسمبر الأحد الاحد الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت يوم في "
           "آخر اخر تحديث تاريخ النشر نشر بتاريخ منذ ساعة ساعات دقيقة دقائق صباحا مساء ص م gmt utc "
           "am pm january february march april may june july august september october november december").split()
_DATEWORDS = {_key(w) for w in _MONTHS}


def _is_dateline(p: str) -> bool:
    if _nwords(p) > 16 or not re.search(r"\d", p):
        return False
    rest = [w for w in _key(p).split() if not w.isdigit() and w not in _DATEWORDS
            and not re.fullmatch(r"(gmt|utc)?\d+", w)]
    return not rest


def _is_menu_line(p: str) -> bool:
    """A row of short links printed inline: "الرئيسية | فيديو | اقتصاد | رياضة"."""
    items = [x for x in re.split(r"\s*[|•·]\s*", p) if x.strip()]
    return len(items) >= 4 and all(_nwords(x) <= 3 for x in items)


_UI_WORDS = {_key(w) for w in (
    "تكبير تصغير الخط حجم طباعة اطبع نسخة للطباعة حفظ pdf أرسل ارسل إرسال لصديق صديق نسخ الرابط رابط مختصر "
    "شارك شاركوا مشاركة انشر المقال الخبر على عبر إلى الى مع فيسبوك فيس بوك تويتر إكس واتساب تلغرام تيليغرام "
    "تليجرام لينكد إن لينكدإن انستغرام إنستغرام البريد الإلكتروني الالكتروني بريد إعجاب أعجبني تعليق تعليقات "
    "rss email print share facebook twitter whatsapp telegram linkedin").split()}


def _is_ui_row(p: str) -> bool:
    """A row of tool/share buttons: every word is a button label ("تكبير الخط تصغير الخط طباعة")."""
    words = _key(p).split()
    return 2 <= len(words) <= _SHORT and all(w in _UI_WORDS or w.isdigit() for w in words)


def _is_furniture(p: str) -> bool:
    return ((_nwords(p) <= _SHORT and any(rx.search(p) for rx in _FURNITURE_SHORT))
            or _is_menu_line(p) or _is_ui_row(p))


def _is_edge_furniture(p: str) -> bool:
    return _is_furniture(p) or any(rx.search(p) for rx in _FURNITURE_EDGE)


def _postprocess(paras: list[str], *, titles: set[str], captions: list[str], credit: str | None,
                 sections: list[str]) -> tuple[list[str], list[str]]:
    caps = list(captions)
    cap_keys = {_key(c) for c in caps}
    credit_key = _key(credit) if credit else None
    sec_keys = {_key(s) for s in sections} | _HOME

    def is_section_line(p: str) -> bool:
        pieces = [_key(x) for x in _CRUMB_SPLIT.split(p) if _key(x)]
        return bool(pieces) and all(k in sec_keys for k in pieces)

    counts: dict[str, int] = {}
    for p in paras:
        counts[_key(p)] = counts.get(_key(p), 0) + 1

    out: list[str] = []
    seen_dups: set[str] = set()
    for p in paras:
        k = _key(p)
        if not k or _PUNCT_ONLY.match(p):
            continue
        if k in titles:
            continue
        if k in cap_keys:
            continue
        if credit_key and (k == credit_key or _key(_CREDIT_PREFIX.sub("", p)) == credit_key):
            continue
        if is_section_line(p):
            continue
        if counts[k] > 1 and _nwords(p) <= 120:
            # shown twice on the page: a photo caption (under the photo and in a lightbox/alt)
            if k not in seen_dups:
                seen_dups.add(k)
                caps.append(p)
                cap_keys.add(k)
            continue
        if _is_furniture(p):
            continue
        out.append(p)

    # trim furniture and datelines at both edges
    while out and (_is_edge_furniture(out[-1]) or _is_dateline(out[-1])):
        out.pop()
    while out and (_is_edge_furniture(out[0]) or _is_dateline(out[0])):
        out.pop(0)
    return out, caps


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------
def _edge_lines(paras: list[str]) -> list[str]:
    return paras[:2] + paras[-1:] if len(paras) > 2 else list(paras)


def _safe(fn, default):
    try:
        return fn()
    except Exception as err:  # noqa: BLE001 - one broken field must not lose the others
        LOG.debug("html metadata step failed: %s", err)
        return default


def extract_article(html: str | bytes, url: str | None = None, *, backend: str | None = None) -> HtmlArticle:
    """Extract the main article text and metadata from one HTML page.

    ``backend`` picks the body extractor (one of ``BACKENDS``); the default is
    ``DEFAULT_BACKEND``, chosen by measurement. Never raises on bad HTML.
    """
    backend = backend or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise ValueError(f"unknown HTML extractor back-end: {backend!r}")
    empty = HtmlArticle(None, [], [], None, [], None, url, "none")
    if html is None or (isinstance(html, (str, bytes)) and not html.strip()):
        return empty
    if not isinstance(html, (str, bytes)):
        return empty
    try:
        root = _parse(html)
    except Exception as err:  # noqa: BLE001
        LOG.debug("unparsable HTML: %s", err)
        return empty
    if root is None:
        return empty

    site = next(iter(_safe(lambda: _meta(root, "og:site_name", "application-name"), [])), None)
    title = _safe(lambda: _title(root, site), None)
    published = _safe(lambda: _published(root), None)
    section = _safe(lambda: _section(root, title), [])
    page_url = url or _safe(lambda: _url(root), None)

    # work on a copy for the body so metadata nodes can be removed freely
    body_tree = copy.deepcopy(root)
    caption_nodes = _safe(lambda: _caption_nodes(body_tree), [])
    captions: list[str] = []
    for n in caption_nodes:
        t = _text(n)
        if t and _key(t) not in {_key(c) for c in captions}:
            captions.append(t)
    credit_nodes = _safe(lambda: _credit_nodes(body_tree), [])
    # a poster byline ("نشر بواسطة ...") is page furniture too, but not the source
    source = _safe(lambda: _source(body_tree, credit_nodes), None)
    titles = {_key(title)} if title else set()
    for h in _safe(lambda: body_tree.xpath("//h1"), []):
        if _text(h):
            titles.add(_key(_text(h)))
    titles.discard("")

    def prune():
        # size guards: a mislabelled wrapper around the article must not be thrown away
        crumbs = [n for n in _breadcrumb_nodes(body_tree) if _nwords(_text(n)) <= 40]
        for n in caption_nodes + credit_nodes + crumbs:
            _drop(n)
        for h in body_tree.xpath("//h1"):
            if _nwords(_text(h)) <= 60:
                _drop(h)
        _unwrap_layout_tables(body_tree)

    _safe(prune, None)

    paras: list[str] = []
    method = "none"
    try:
        paras = _run_backend(body_tree, backend)
        method = backend if backend != "readability" else "readability-lxml"
    except Exception as err:  # noqa: BLE001 - extractor failures are "no text"
        LOG.debug("extractor %s failed: %s", backend, err)
        paras = []
    # an agency credited only as a bare line at the edge of the body
    if source is None or not _AGENCY.search(source):
        body_source = _safe(lambda: _source(body_tree, [], _edge_lines(paras)), None)
        if not (body_source and _AGENCY.search(body_source)):
            body_source = _safe(lambda: _loose_agency_line(root), None)
        if body_source and _AGENCY.search(body_source):
            source = body_source
    paras, captions = _safe(lambda: _postprocess(paras, titles=titles, captions=captions, credit=source,
                                                 sections=section), ([], captions))
    if not paras:
        method = "none"
    return HtmlArticle(title=title, paragraphs=paras, captions=captions, published=published,
                       section=section, source=source, url=page_url, method=method)
