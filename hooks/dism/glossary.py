"""The glossary (``data/glossary.yml``): agreed English terms and abbreviations.

Terms marked ``check: true`` are held in the English clauses by ``terminology``; ``standalone:
true`` makes a short term (秘) count only where it is not part of a longer kanji word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data_files import LineDict, LineList, load_yaml
from .problems import Problem


@dataclass(frozen=True)
class Term:
    ja: str
    en: str
    abbr: str
    definitions: dict[str, str]
    source: str
    check: bool
    unofficial: bool
    line: int
    standalone: bool = False


def load_glossary(path: Path, shown_as: str) -> tuple[list[Term], list[Problem]]:
    data, problems = load_yaml(path, shown_as)
    if data is None:
        return [], problems
    if not isinstance(data, LineList):
        return [], [*problems, Problem(shown_as, 1, "the glossary must be a list of terms")]
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for entry, line in zip(data, data.item_lines):
        if not isinstance(entry, LineDict) or not all(isinstance(entry.get(k), str) and entry.get(k) for k in ("ja", "en")):
            problems.append(Problem(shown_as, line, "a glossary entry needs 'ja' and 'en' (and def_ja, def_en)"))
            continue
        if entry["ja"] in seen:
            problems.append(
                Problem(shown_as, line, f"term '{entry['ja']}' is defined twice (first at line {seen[entry['ja']]}): merge the entries")
            )
            continue
        seen[entry["ja"]] = line
        terms.append(
            Term(
                ja=entry["ja"],
                en=entry["en"],
                abbr=str(entry.get("abbr") or ""),
                definitions={"ja": str(entry.get("def_ja") or ""), "en": str(entry.get("def_en") or "")},
                source=str(entry.get("source") or ""),
                check=bool(entry.get("check", True)),
                unofficial=entry.get("en_status") == "unofficial",
                line=line,
                standalone=bool(entry.get("standalone", False)),
            )
        )
    return terms, problems


def check_glossary_sources(terms: list[Term], source_ids: set[str], shown_as: str) -> list[Problem]:
    return [
        Problem(shown_as, term.line, f"term '{term.ja}' cites unknown source '{term.source}': use an ID of data/sources.yml")
        for term in terms
        if term.source and term.source not in source_ids
    ]


def abbreviations(terms: list[Term], language: str) -> dict[str, str]:
    """``{abbr: meaning}`` for the abbr extension's tooltips, in the reader's language."""
    return {term.abbr: (term.ja if language == "ja" else term.en) for term in terms if term.abbr}
