"""Import PETRARCH / UniversalPetrarch actor and agent dictionaries as a user layer.

Actor file: a name line (words joined by '_', optionally followed by inline codes
"[USAGOV]"), then indented code lines "[IRQGOV 20101221-20140908]". Lines starting
with '#' are comments, '+' lines are synonyms of the previous actor. Agent file:
"KEY [~CODE]arabic phrase" rows of generic roles.
Imported entries go to the user cache (outside the package) and load with the rest.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

_CODE_RE = re.compile(r"\[~?([A-Z]{3,15})(?:\s+(\d{8})-(\d{8}))?\]")
_AGENT_RE = re.compile(r"^(\S+)\s+\[~([A-Z]{3,6})\]\s*(?:#\s*\?)?\s*(.*)$")
SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "PTY", "REB", "PRM", "UAF", "IGO", "NGO", "MED", "REL",
           "BUS", "CVL", "ELI", "OPP", "EDU", "REF", "LAB", "AGR", "HLH", "CRM", "ENV", "MNC", "SEP", "INS"}


@dataclass
class ImportedActor:
    name: str
    forms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end)


def _form(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def split_code(code: str) -> tuple[str, str]:
    """CAMEO actor code → (country ISO3 or "", first sector)."""
    country = code[:3] if code[:3] not in SECTORS and len(code) >= 3 else ""
    rest = code[3:] if country else code
    return country, rest[:3] if rest[:3] in SECTORS else ""


def _date(value: str | None) -> str:
    if not value or value.startswith("1800"):
        return ""
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def parse_actor_dictionary(text: str) -> list[ImportedActor]:
    actors: list[ImportedActor] = []
    current: ImportedActor | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            if current is not None:
                current.codes += [(c, _date(s), _date(e)) for c, s, e in _CODE_RE.findall(line)]
            continue
        body = line.split("#", 1)[0].strip()
        if body.startswith("+") and current is not None:
            current.forms.append(_form(body[1:].split("[")[0]))
            continue
        name_part = body.split("[", 1)[0].strip()
        if not name_part:
            continue
        current = ImportedActor(name=name_part, forms=[_form(name_part)])
        current.codes += [(c, _date(s), _date(e)) for c, s, e in _CODE_RE.findall(body)]
        actors.append(current)
    return [a for a in actors if a.forms[0]]


def parse_agent_dictionary(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        m = _AGENT_RE.match(line.strip())
        if m and m.group(3).strip():
            out.append({"form_ar": _form(m.group(3).split("#")[0]), "role_en": m.group(1).strip("_").replace("_", " ").lower(),
                        "sector": m.group(2), "anonymous": "no", "number": ""})
    return out


def actors_to_rows(actors: list[ImportedActor], prefix: str) -> list[dict]:
    rows = []
    for k, a in enumerate(actors):
        codes = [c for c in a.codes] or [("", "", "")]
        current = max(codes, key=lambda c: c[2] or "9999")  # latest (open-ended first)
        country, sector = split_code(current[0]) if current[0] else ("", "")
        rows.append({
            "id": f"{prefix}_{k:05d}", "name_en": a.forms[0], "sector": sector, "country": country, "parent": "",
            "aligned_with": "", "qid": "", "forms_ar": "|".join(dict.fromkeys(a.forms)), "short_forms_ar": "",
            "note": "; ".join(f"{c} {s or '?'}..{e or ''}" for c, s, e in a.codes),
        })
    return rows


COLUMNS = ["id", "name_en", "sector", "country", "parent", "aligned_with", "qid", "forms_ar", "short_forms_ar", "note"]


def import_file(path: Path, user_dir: Path) -> tuple[Path, int]:
    """Import an actor or agent dictionary into `user_dir`; returns (written file, entries)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    stem = re.sub(r"[^A-Za-z0-9]+", "_", Path(path).stem).strip("_").upper() or "DICT"
    agents = parse_agent_dictionary(text)
    actors = parse_actor_dictionary(text) if len(agents) < 10 else []
    user_dir.mkdir(parents=True, exist_ok=True)
    if actors:
        out = user_dir / "organizations" / f"petrarch_{stem.lower()}.tsv"
        rows = actors_to_rows(actors, f"USER_{stem}")
        cols = COLUMNS
    else:
        out = user_dir / "role_nouns" / f"petrarch_{stem.lower()}.tsv"
        rows = agents
        cols = ["form_ar", "role_en", "sector", "anonymous", "number"]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                           lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: str(r.get(k, "")).replace("\t", " ") for k in cols})
    return out, len(rows)
