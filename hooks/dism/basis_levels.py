"""The basis level of each clause: how firmly what it says is known, computed, never assigned.

Each cited source has a level, from its ``kind`` and its ``verified`` records in
``data/sources.yml``:

- ``primary`` — primary text read: a source of a primary kind (a legal kind, a ``standard`` or a
  ``foreign`` instrument) with a ``verified`` record at one of the addresses the registry gives for
  it (``links.egov``, ``links.jlt`` or ``links.publisher``: the text where its publisher or the
  government's law databases publish it). A reading of a third-party copy, or of another page that
  mentions the source, does not count: it confirms a detail, not the text.
- ``official`` — official secondary source: a ministry's ``briefing`` or a ``policy`` document
  (a white paper, a strategy, a scheme description).
- ``press`` — press or commentary: a ``press`` report, ``commentary`` or ``association`` material.
- ``unconfirmed`` — a source of a primary kind whose text no one has recorded reading at its own
  address (the special contract clauses, the guideline, most directives).

A clause's level is the strongest level among the sources its rule text cites (commentary and
guidance blocks explain and advise; their citations count only for a clause that cites nothing
else). A clause that cites nothing registered is ``unconfirmed``; a reserved clause has no level.
The level tells the reader what the strongest support is, not that every sentence rests on it: a
clause's hedges (要確認 / "to be confirmed") say what is still open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .clauses import Clause
from .duties import aside_line_numbers
from .sources import FOREIGN_KIND, LEGAL_KINDS, Source, Verification, link_for_language
from .sync import clause_sort_key

PRIMARY, OFFICIAL, PRESS, UNCONFIRMED = "primary", "official", "press", "unconfirmed"
LEVELS = (PRIMARY, OFFICIAL, PRESS, UNCONFIRMED)  # strongest first

PRIMARY_KINDS = LEGAL_KINDS | {"standard", FOREIGN_KIND}
OFFICIAL_KINDS = frozenset({"briefing", "policy"})
PRESS_KINDS = frozenset({"press", "commentary", "association"})


@dataclass(frozen=True)
class BasisLevel:
    """A clause's level and the sources that give it (registry IDs, in citation order)."""

    level: str
    sources: tuple[str, ...] = ()


def _address(url: str) -> str:
    # The Japanese Law Translation database serves one text under /ja/ and /en/.
    return link_for_language(url, "ja").rstrip("/")


def text_read_at(source: Source) -> Verification | None:
    """The record of reading the source at one of its own addresses, if any."""
    own = {_address(url) for url in source.links.values()}
    return next((record for record in source.verified if _address(record.url) in own), None)


def source_level(source: Source) -> str:
    if source.kind in PRIMARY_KINDS:
        return PRIMARY if text_read_at(source) is not None else UNCONFIRMED
    if source.kind in OFFICIAL_KINDS:
        return OFFICIAL
    if source.kind in PRESS_KINDS:
        return PRESS
    raise ValueError(f"source kind {source.kind!r} has no basis level")


def clause_level(clause: Clause, sources: dict[str, Source]) -> BasisLevel | None:
    """The clause's basis level (``None`` for a reserved clause)."""
    if clause.reserved:
        return None
    aside = aside_line_numbers(clause.body, clause.line + 1)
    rule = [c for c in clause.citations if c.line not in aside] or clause.citations
    cited = [sources[source_id] for source_id in dict.fromkeys(c.source for c in rule) if source_id in sources]
    if not cited:
        return BasisLevel(UNCONFIRMED)
    levels = {source.id: source_level(source) for source in cited}
    best = min(levels.values(), key=LEVELS.index)
    return BasisLevel(best, tuple(source_id for source_id, level in levels.items() if level == best))


def basis_levels(clauses: Iterable[Clause], sources: dict[str, Source]) -> dict[str, BasisLevel]:
    """Clause ID -> level, for every clause that is not reserved."""
    found = {}
    for clause in clauses:
        level = clause_level(clause, sources)
        if level is not None:
            found[clause.id] = level
    return found


def counts_by_page(levels: dict[str, BasisLevel], clauses: dict[str, Clause]) -> dict[str, dict[str, int]]:
    """Page path -> level -> number of its clauses at that level, pages in the manual's order."""
    per_page: dict[str, dict[str, int]] = {}
    first_clause: dict[str, tuple] = {}  # page -> sort key of its first clause
    for clause_id, basis in levels.items():
        path = clauses[clause_id].path
        per_page.setdefault(path, dict.fromkeys(LEVELS, 0))[basis.level] += 1
        key = clause_sort_key(clause_id)
        first_clause[path] = min(first_clause.get(path, key), key)
    return {path: per_page[path] for path in sorted(per_page, key=first_clause.__getitem__)}
