"""Keeping the English translation in step with the authoritative Japanese, clause by clause.

Two kinds of finding:

* **Structure** problems (a page or clause missing on one side, clauses out of order or at
  another heading level, and, for a clause recorded as current, different references, citations
  or table shapes). They are build warnings, so ``mkdocs build --strict`` fails.
* **Translation states** from the lock file (``data/translation.lock``): each English clause is
  current, stale (its Japanese original changed since it was accepted), untranslated (never
  accepted) or missing; a lock entry or English clause with no Japanese original is orphaned.
  States are expected in daily work and never fail a build.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import CLAUSE_ID, Clause, ParsedPage, fingerprint_text
from .files import read_text
from .problems import Problem

LOCK_HEADER = (
    "# Translation lock: each English clause and the fingerprint of the Japanese clause it\n"
    "# translates. Written by `make accept`; review it like code, do not edit it by hand.\n"
)
LOCK_LINE = re.compile(rf"^(?P<id>{CLAUSE_ID})[ \t]+(?P<fingerprint>[0-9a-f]{{16}})[ \t]*$")

CURRENT, STALE, UNTRANSLATED, MISSING, ORPHANED = "current", "stale", "untranslated", "missing", "orphaned"
STATES = (CURRENT, STALE, UNTRANSLATED, MISSING, ORPHANED)


def fingerprint(clause: Clause) -> str:
    """16 hex digits of SHA-256 over the clause's text without whitespace."""
    return hashlib.sha256(fingerprint_text(clause).encode("utf-8")).hexdigest()[:16]


@dataclass
class Lock:
    entries: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def parse_lock(text: str, shown_as: str) -> tuple[Lock, list[Problem]]:
    lock, problems = Lock(), []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = LOCK_LINE.match(line)
        if match is None:
            problems.append(
                Problem(shown_as, number, "malformed lock line: expected '<clause-id> <16 hex digits>'; "
                        "restore the file from version control and run 'make accept' again")
            )
            continue
        clause_id = match.group("id")
        if clause_id in lock.entries:
            problems.append(
                Problem(shown_as, number, f"clause '{clause_id}' is locked twice (first at line "
                        f"{lock.lines[clause_id]}): delete one line and run 'make accept' for it")
            )
            continue
        lock.entries[clause_id] = match.group("fingerprint")
        lock.lines[clause_id] = number
    return lock, problems


def load_lock(path: Path, shown_as: str) -> tuple[Lock, list[Problem]]:
    if not path.exists():
        return Lock(), []
    text, problems = read_text(path, shown_as)
    if text is None:
        return Lock(), problems
    return parse_lock(text, shown_as)


def format_lock(entries: dict[str, str]) -> str:
    body = "".join(f"{clause_id} {entries[clause_id]}\n" for clause_id in sorted(entries, key=clause_sort_key))
    return LOCK_HEADER + body


def clause_sort_key(clause_id: str) -> tuple[int, str, str]:
    chapter, number = clause_id.split("-")
    return (int(chapter), "", number) if chapter.isdigit() else (100, chapter, number)


@dataclass
class ClauseState:
    id: str
    state: str
    page: str
    ja: Clause | None
    en: Clause | None
    ja_source: str = ""
    en_source: str = ""


@dataclass
class SyncResult:
    """Everything the sync check knows about a pair of manuals."""

    states: list[ClauseState]
    structure: list[Problem]
    orphaned_lock: list[str]
    untranslated_pages: list[str]
    content_differences: dict[str, list[str]] = field(default_factory=dict)
    _by_page: dict[str, list[ClauseState]] | None = field(default=None, repr=False)

    def on_page(self, path: str) -> list[ClauseState]:
        """The states of one page's clauses (grouped once, so a build stays linear)."""
        if self._by_page is None:
            self._by_page = {}
            for entry in self.states:
                self._by_page.setdefault(entry.page, []).append(entry)
        return self._by_page.get(path, [])

    def counts_by_page(self) -> dict[str, dict[str, int]]:
        """Page -> state -> number of clauses, pages in manual order."""
        per_page: dict[str, dict[str, int]] = {}
        for entry in self.states:
            per_page.setdefault(entry.page, dict.fromkeys(STATES, 0))[entry.state] += 1
        return per_page

    def counts(self) -> Counter[str]:
        return Counter(entry.state for entry in self.states)


def content_differences(ja: Clause, en: Clause) -> list[str]:
    """How a clause's references, citations and tables differ between the languages."""
    differences = []
    ja_refs = Counter(ref.target for ref in ja.references)
    en_refs = Counter(ref.target for ref in en.references)
    if ja_refs != en_refs:
        differences.append(
            f"clause references differ: Japanese {_multiset(ja_refs)}, English {_multiset(en_refs)}"
        )
    ja_cites = Counter(_citation_key(c) for c in ja.citations)
    en_cites = Counter(_citation_key(c) for c in en.citations)
    if ja_cites != en_cites:
        differences.append(
            f"source citations differ: Japanese {_multiset(ja_cites)}, English {_multiset(en_cites)}"
        )
    if ja.tables != en.tables:
        differences.append(
            f"table shapes differ: Japanese {_shapes(ja.tables)}, English {_shapes(en.tables)} (rows x columns)"
        )
    return differences


def _citation_key(citation) -> str:
    return f"@{citation.source} {citation.pinpoint}".strip()


def _multiset(counter: Counter[str]) -> str:
    return "[" + ", ".join(sorted(counter.elements())) + "]" if counter else "[none]"


def _shapes(shapes: list[tuple[int, int]]) -> str:
    return "[" + ", ".join(f"{rows}x{cols}" for rows, cols in shapes) + "]" if shapes else "[no table]"


def compare(
    ja_pages: dict[str, ParsedPage],
    en_pages: dict[str, ParsedPage],
    lock: Lock,
) -> SyncResult:
    """Compare the two languages page by page and clause by clause."""
    structure: list[Problem] = []
    states: list[ClauseState] = []
    differences: dict[str, list[str]] = {}
    untranslated_pages = [path for path in ja_pages if path not in en_pages]
    ja_ids: set[str] = set()

    for path in en_pages:
        if path not in ja_pages:
            en_page = en_pages[path]
            structure.append(
                Problem(en_page.source, 1, "[en] this English page has no Japanese page: the Japanese "
                        f"text is authoritative, so create docs/ja/{path} first (or delete this page)")
            )
            for clause in en_page.clauses:
                states.append(ClauseState(clause.id, ORPHANED, path, None, clause, en_source=en_page.source))

    for path, ja_page in ja_pages.items():
        en_page = en_pages.get(path)
        ja_ids.update(clause.id for clause in ja_page.clauses)
        if en_page is None:
            structure.append(
                Problem(ja_page.source, 1, f"[en] this Japanese page has no English page: create "
                        f"docs/en/{path} with the same clause headings (until then the English site "
                        "shows the Japanese text under a notice)")
            )
            states.extend(
                ClauseState(c.id, MISSING, path, c, None, ja_source=ja_page.source) for c in ja_page.clauses
            )
            continue
        structure.extend(_compare_clause_order(ja_page, en_page))
        en_by_id = {clause.id: clause for clause in en_page.clauses}
        for ja_clause in ja_page.clauses:
            en_clause = en_by_id.get(ja_clause.id)
            state = _translation_state(ja_clause, en_clause, lock)
            states.append(ClauseState(ja_clause.id, state, path, ja_clause, en_clause, ja_page.source, en_page.source))
            if en_clause is None:
                continue
            found = content_differences(ja_clause, en_clause)
            if not found:
                continue
            differences[ja_clause.id] = found
            if state == CURRENT:
                # A stale or untranslated clause already carries a notice; its differences are
                # work for the translator, listed in the status report, not a broken build.
                structure.extend(
                    Problem(en_page.source, en_clause.line, f"[en] clause {ja_clause.id}: {difference} "
                            f"(Japanese at {ja_page.source}:{ja_clause.line}); make the English match")
                    for difference in found
                )
        ja_page_ids = {c.id for c in ja_page.clauses}
        for en_clause in en_page.clauses:
            if en_clause.id not in ja_page_ids:
                states.append(ClauseState(en_clause.id, ORPHANED, path, None, en_clause, en_source=en_page.source))

    orphaned_lock = sorted((cid for cid in lock.entries if cid not in ja_ids), key=clause_sort_key)
    return SyncResult(states, structure, orphaned_lock, untranslated_pages, differences)


def _translation_state(ja_clause: Clause, en_clause: Clause | None, lock: Lock) -> str:
    if en_clause is None:
        return MISSING
    locked = lock.entries.get(ja_clause.id)
    if locked is None:
        return UNTRANSLATED
    return CURRENT if locked == fingerprint(ja_clause) else STALE


def _compare_clause_order(ja_page: ParsedPage, en_page: ParsedPage) -> list[Problem]:
    problems: list[Problem] = []
    ja_by_id = {clause.id: clause for clause in ja_page.clauses}
    en_by_id = {clause.id: clause for clause in en_page.clauses}
    previous_line = 1
    for clause in ja_page.clauses:
        if clause.id in en_by_id:
            previous_line = en_by_id[clause.id].line
            continue
        problems.append(
            Problem(en_page.source, previous_line, f"[en] clause {clause.id} is missing from the English "
                    f"page (Japanese at {ja_page.source}:{clause.line}): add '{'#' * clause.level} "
                    f"{clause.id} <title>' after this line, in the same order as the Japanese page")
        )
    for clause in en_page.clauses:
        if clause.id not in ja_by_id:
            problems.append(
                Problem(en_page.source, clause.line, f"[en] clause {clause.id} does not exist on the "
                        f"Japanese page {ja_page.source}: add it to the Japanese page first, or remove it")
            )
        elif ja_by_id[clause.id].level != clause.level:
            ja_clause = ja_by_id[clause.id]
            problems.append(
                Problem(en_page.source, clause.line, f"[en] clause {clause.id} is a level-{clause.level} "
                        f"heading but level {ja_clause.level} in Japanese ({ja_page.source}:"
                        f"{ja_clause.line}): use the same number of '#'")
            )
    ja_common = [c.id for c in ja_page.clauses if c.id in en_by_id]
    en_common = [c.id for c in en_page.clauses if c.id in ja_by_id]
    for ja_id, en_id in zip(ja_common, en_common):
        if ja_id != en_id:
            problems.append(
                Problem(en_page.source, en_by_id[en_id].line, f"[en] clause {en_id} is out of order: the "
                        f"Japanese page has {ja_id} at this position ({ja_page.source}:"
                        f"{ja_by_id[ja_id].line}); order the English clauses as the Japanese ones")
            )
            break
    return problems


def accept(
    result: SyncResult, lock: Lock, clause_ids: Iterable[str] | None = None,
    declared: Mapping[str, set[str]] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """New lock entries marking clauses as translated; refusals say why.

    ``clause_ids`` None accepts every clause that has an English counterpart. ``declared`` maps
    "ja" and "en" to the clause IDs each language declares: a reference to an ID that does not
    exist is named first, so that a translator does not copy a typo into the English.
    """
    entries = dict(lock.entries)
    refusals: list[str] = []
    by_id = {state.id: state for state in result.states if state.ja is not None}
    wanted = list(by_id) if clause_ids is None else list(clause_ids)
    for clause_id in wanted:
        state = by_id.get(clause_id)
        if state is None:
            refusals.append(f"{clause_id}: no Japanese clause has this ID")
        elif state.en is None:
            refusals.append(f"{clause_id}: the English clause does not exist yet ({state.ja_source})")
        elif broken := _broken_references(state, declared or {}):
            refusals.append(f"{clause_id}: {'; '.join(broken)}")
        elif clause_id in result.content_differences:
            details = "; ".join(result.content_differences[clause_id])
            refusals.append(f"{clause_id}: {state.en_source}:{state.en.line}: {details}")
        else:
            entries[clause_id] = fingerprint(state.ja)
    return entries, refusals


def _broken_references(state: ClauseState, declared: Mapping[str, set[str]]) -> list[str]:
    broken = []
    for language, clause, source in (("ja", state.ja, state.ja_source), ("en", state.en, state.en_source)):
        if clause is None or language not in declared:
            continue
        for reference in clause.references:
            if reference.target not in declared[language]:
                where = "Japanese" if language == "ja" else "English"
                broken.append(f"{source}:{reference.line}: the {where} text refers to clause {reference.target}, "
                              f"which does not exist: correct the reference first")
    return broken

