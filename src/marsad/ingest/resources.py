"""Language data for ingest (page chrome, news agencies), loaded once from data/."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from ..text.normalize import normalize


def read_tsv(package: str, name: str) -> list[dict[str, str]]:
    """Rows of a packaged TSV file, skipping comment lines that start with '#'."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def chrome_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r["pattern"]), r["kind"]) for r in read_tsv("marsad.ingest.data", "page_chrome.tsv")]


@lru_cache(maxsize=1)
def agency_forms() -> dict[str, str]:
    """Normalized credited form → agency name, longest forms first."""
    forms = {}
    for row in read_tsv("marsad.ingest.data", "agencies.tsv"):
        for form in row["forms_ar"].split("|"):
            forms[normalize(form).replace(".", " ").strip()] = row["name"]
    return dict(sorted(forms.items(), key=lambda kv: -len(kv[0])))


def agency_of(credit: str) -> str | None:
    """The agency a whole credit string names (e.g. 'وكالة الصحافة الفرنسية' → AFP)."""
    key = " ".join(normalize(credit).replace(".", " ").split())
    return agency_forms().get(key)


def agency_in(text: str) -> str | None:
    """The first agency named as a word sequence inside `text` (photo credits, datelines)."""
    words = " " + " ".join(re.split(r"[\s/\[\]()،,.\-–—]+", normalize(text))) + " "
    for form, name in agency_forms().items():
        if len(form) >= 4 and f" {form} " in words:
            return name
    return None
