"""The sources registry (``data/sources.yml``) and citations rendered in the reader's language.

``[[@sds-act 12(1)(i)]]`` renders as 「特定秘密保護法第12条第1項第1号」 on a Japanese page and as
"SDS Act, Article 12, paragraph (1), item (i)" on an English page (Japanese Law Translation style).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import Citation, Clause, ParsedPage
from .data_files import LineDict, load_yaml
from .problems import Problem
from .schema import validate
from .sync import CURRENT, ClauseState

# Kinds that can ground a duty: a clause saying しなければならない / "shall" must cite one (duties.py).
# A standard binds a contractor only through the contract clause that annexes it, so it is not here.
LEGAL_KINDS = frozenset({
    "law",
    "cabinet-order",
    "cabinet-decision",
    "ministerial-ordinance",
    "directive",
    "notice",
    "contract-clause",
    "guideline",
    "agreement",
})
# A foreign instrument (the NISPOM, NIST SP 800-171, MISWG documents) is primary text of another
# country's or body's rules: it can be compared with, never a basis of a duty under Japanese law.
FOREIGN_KIND = "foreign"
PINPOINT = re.compile(
    r"^(?:(?P<article>[0-9]+(?:-[0-9]+)*)(?:\((?P<paragraph>[0-9]+)\))?(?:\((?P<item>[ivxlc]+)\))?"
    r"|table(?P<table>[0-9]+)|(?P<suppl>suppl))$"
)
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Verification:
    """Where a detail of a source was checked: a public page, the day it was read, what it confirms."""

    url: str
    date: str
    covers: str


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    names: dict[str, dict[str, str]]  # language -> name, short, number
    name_status: str
    date: str = ""
    in_force: str = ""
    links: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    verified: tuple[Verification, ...] = ()
    line: int = 0

    def name(self, language: str, key: str = "name") -> str:
        names = self.names.get(language) or self.names["en"]
        return names.get(key) or names.get("name", self.id)


def load_sources(path: Path, shown_as: str) -> tuple[dict[str, Source], list[Problem]]:
    """Load the sources registry and validate it against its schema."""
    (sources, _), problems = load_source_entries(path, shown_as)
    return sources, problems


def load_source_entries(path: Path, shown_as: str) -> tuple[tuple[dict[str, Source], dict[str, Source | None]], list[Problem]]:
    """The valid sources, and the entries that are present but invalid: those are reported here,
    at their line, and what cites them is not reported again. Each invalid entry comes with what
    could still be read of it (its names keep the English-name check from mistaking them), or
    None."""
    data, problems = load_yaml(path, shown_as)
    if data is None:
        return ({}, {}), problems
    found, broken = validate(data, "sources", shown_as, _subject)
    problems.extend(found)
    if None in broken or not isinstance(data, LineDict):
        return ({}, {}), problems
    sources, invalid = {}, {}
    for source_id, entry in data.items():
        if source_id in broken:
            invalid[str(source_id)] = _readable_part(source_id, entry, data.key_lines[source_id])
        else:
            sources[source_id] = _make_source(source_id, entry, data.key_lines[source_id])
    return (sources, invalid), problems


def _readable_part(source_id: str, entry: object, line: int) -> Source | None:
    try:
        return _make_source(source_id, entry, line)  # type: ignore[arg-type]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


def _subject(data: object, path) -> tuple[str, list]:
    return f"source '{path[0]}'", list(path[1:])


def _make_source(source_id: str, entry: LineDict, line: int) -> Source:
    names = {language: {k: str(v) for k, v in entry[language].items()} for language in ("ja", "en")}
    notes = {language: str(entry[f"note_{language}"]) for language in ("ja", "en") if entry.get(f"note_{language}")}
    return Source(
        id=source_id,
        kind=entry["kind"],
        names=names,
        name_status=entry["en"]["name_status"],
        date=str(entry.get("date", "")),
        in_force=str(entry.get("in_force", "")),
        links={str(k): str(v) for k, v in entry.get("links", {}).items()},
        notes=notes,
        verified=tuple(
            Verification(str(v["url"]), str(v["date"]), str(v["covers"]).strip()) for v in entry.get("verified", [])
        ),
        line=line,
    )


JLT_INTERFACE = re.compile(r"^https://www\.japaneselawtranslation\.go\.jp/(?:ja|en)/")


def link_for_language(url: str, language: str) -> str:
    """The address a reader of ``language`` should open: the Japanese Law Translation database
    has a Japanese and an English interface under ``/ja/`` and ``/en/`` of the same path."""
    match = JLT_INTERFACE.match(url)
    if match is None:
        return url
    interface = "ja" if language == "ja" else "en"
    return f"https://www.japaneselawtranslation.go.jp/{interface}/{url[match.end():]}"


def link_language(name: str, language: str) -> str:
    """The language of the page a link opens, where it is known (e-Gov is Japanese only)."""
    if name == "jlt":
        return "ja" if language == "ja" else "en"
    return "ja" if name == "egov" else ""


def parse_pinpoint(pinpoint: str) -> re.Match[str] | None:
    return PINPOINT.match(pinpoint) if pinpoint else None


def roman_to_int(numeral: str) -> int:
    total = 0
    for index, letter in enumerate(numeral):
        value = ROMAN[letter]
        following = ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def format_pinpoint(pinpoint: str, language: str) -> str:
    """「第12条第1項第1号」 or "Article 12, paragraph (1), item (i)"; '' for no pinpoint."""
    match = parse_pinpoint(pinpoint)
    if match is None:
        return ""
    if match.group("table"):
        return f"別表第{match.group('table')}" if language == "ja" else f"Appended Table {match.group('table')}"
    if match.group("suppl"):
        return "附則" if language == "ja" else "Supplementary Provisions"
    article, paragraph, item = match.group("article", "paragraph", "item")
    if language == "ja":
        head, *branches = article.split("-")
        text = f"第{head}条" + "".join(f"の{branch}" for branch in branches)
        text += f"第{paragraph}項" if paragraph else ""
        return text + (f"第{roman_to_int(item)}号" if item else "")
    text = f"Article {article}"
    text += f", paragraph ({paragraph})" if paragraph else ""
    return text + (f", item ({item})" if item else "")


def citation_text(source: Source, pinpoint: str, language: str) -> str:
    """The citation as a reader of ``language`` sees it."""
    short = source.name(language, "short")
    where = format_pinpoint(pinpoint, language)
    if not where:
        return short
    return f"{short}{where}" if language == "ja" else f"{short}, {where}"


def check_citations(pages: Iterable[ParsedPage], sources: dict[str, Source], language: str,
                    invalid: Collection[str] = ()) -> list[Problem]:
    """Report citations of unknown sources and pinpoints that do not parse. A source of the
    registry that is ``invalid`` is reported at its own entry, not at each citation."""
    problems = []
    for page in pages:
        for citation in page.citations:
            if citation.source in invalid:
                continue
            if citation.source not in sources:
                problems.append(
                    Problem(
                        page.source,
                        citation.line,
                        f"[{language}] unknown source '{citation.source}' cited: add it to "
                        "data/sources.yml or correct the ID",
                    )
                )
            elif citation.pinpoint and parse_pinpoint(citation.pinpoint) is None:
                problems.append(
                    Problem(
                        page.source,
                        citation.line,
                        f"[{language}] pinpoint '{citation.pinpoint}' of '{citation.source}' is not "
                        "understood: write 12, 12(1), 12(1)(i), 5-2, table4 or suppl",
                    )
                )
    return problems


BASIS_FIX = (
    "add a basis line (根拠：[[@source-id]] / Basis: [[@source-id]]) naming the law, regulation or contract clause "
    "its text rests on, or mark it reserved"
)


def cites_nothing(clause: Clause) -> bool:
    """A clause in force that names no basis: every clause but a reserved one cites a source."""
    return not clause.reserved and not clause.citations


def check_basis(
    pages: Iterable[ParsedPage], language: str, unfinished: Callable[[Clause], bool] = lambda clause: False,
) -> list[Problem]:
    """Report each clause that is not reserved and cites no source, at its heading.

    ``unfinished`` clauses (still holding the text ``make new-clause`` wrote) are reported as
    such elsewhere, with the basis line among what to write; they are not reported twice.
    """
    return [
        Problem(page.source, clause.line, f"[{language}] clause {clause.id} cites no source: {BASIS_FIX}")
        for page in pages
        for clause in page.clauses
        if cites_nothing(clause) and not unfinished(clause)
    ]


def check_translated_basis(
    states: Iterable[ClauseState], unfinished: Callable[[Clause], bool] = lambda clause: False,
) -> list[Problem]:
    """Report each translation that cites no source although its Japanese original does.

    A Japanese clause that cites nothing is reported once, in Japanese (``check_basis``); the
    English of a current clause cites what the Japanese cites, or the sync check says so. What is
    left is a stale or untranslated English clause that dropped the basis line: it is shown to
    readers (under a notice) as a clause resting on nothing.
    """
    problems = []
    for state in states:
        ja, en = state.ja, state.en
        if ja is None or en is None or state.state == CURRENT or not ja.citations:
            continue
        if not cites_nothing(en) or unfinished(en):
            continue
        cited = "; ".join(dict.fromkeys(f"[[{_citation(c)}]]" for c in ja.citations))
        problems.append(
            Problem(state.en_source, en.line, f"[en] clause {state.id} cites no source, but the Japanese "
                    f"({state.ja_source}:{ja.line}) cites {cited}: add its basis line (Basis: {cited})")
        )
    return problems


def _citation(citation: Citation) -> str:
    return f"@{citation.source} {citation.pinpoint}".strip()
