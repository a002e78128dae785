"""The glossary (``data/glossary.yml``): agreed English terms and abbreviations.

Terms marked ``check: true`` are held in the English clauses by ``terminology``; ``standalone:
true`` makes a short term (秘) count only where it is not part of a longer kanji word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data_files import LineList, load_yaml
from .problems import Problem
from .schema import validate


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
    """Load the glossary, validate it against its schema, and refuse a term or abbreviation twice."""
    data, problems = load_yaml(path, shown_as)
    if data is None:
        return [], problems
    found, broken = validate(data, "glossary", shown_as, _subject)
    problems.extend(found)
    if None in broken or not isinstance(data, LineList):
        return [], problems
    terms: list[Term] = []
    first_line: dict[tuple[str, str], int] = {}
    for index, (entry, line) in enumerate(zip(data, data.item_lines)):
        if index in broken:
            continue
        repeated = [
            Problem(shown_as, line, f"{what} '{entry[key]}' is given twice (first at line {first_line[(key, entry[key])]}): "
                    f"{fix}")
            for key, what, fix in (("ja", "term", "merge the entries"), ("en", "English term", "merge the entries or "
                                   "choose another English term"), ("abbr", "abbreviation", "give it to one term only"))
            if entry.get(key) and (key, entry[key]) in first_line
        ]
        if repeated:
            problems.extend(repeated)
            continue
        for key in ("ja", "en", "abbr"):
            if entry.get(key):
                first_line[(key, entry[key])] = line
        terms.append(
            Term(
                ja=entry["ja"],
                en=entry["en"],
                abbr=entry.get("abbr", ""),
                definitions={"ja": entry["def_ja"], "en": entry["def_en"]},
                source=entry.get("source", ""),
                check=entry.get("check", True),
                unofficial=entry.get("en_status") == "unofficial",
                line=line,
                standalone=bool(entry.get("standalone", False)),
            )
        )
    return terms, sorted(problems)


def _subject(data: object, path) -> tuple[str, list]:
    entry = data[path[0]] if isinstance(data, list) and isinstance(path[0], int) else None
    name = entry.get("ja") if isinstance(entry, dict) else None
    return (f"term '{name}'" if isinstance(name, str) else f"term {path[0] + 1}"), list(path[1:])


def check_glossary_sources(terms: list[Term], source_ids: set[str], shown_as: str) -> list[Problem]:
    return [
        Problem(shown_as, term.line, f"term '{term.ja}' cites unknown source '{term.source}': use an ID of data/sources.yml")
        for term in terms
        if term.source and term.source not in source_ids
    ]


def abbreviations(terms: list[Term], language: str) -> dict[str, str]:
    """``{abbr: meaning}`` for the abbr extension's tooltips, in the reader's language."""
    # One line each: a line break in a name would end the definition and start page text.
    return {term.abbr: " ".join((term.ja if language == "ja" else term.en).split()) for term in terms if term.abbr}
