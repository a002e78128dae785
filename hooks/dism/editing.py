"""Editing both languages at once: adding a clause with the next free ID at a given place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import Clause, ParsedPage
from .manual import NEW_BODY, Manual

SECTION = re.compile(r"^(?P<chapter>[1-9][0-9]?|[A-Z])-(?P<section>[0-9])$")


class EditError(Exception):
    """A request the manual cannot satisfy; the message says why and what to do."""


@dataclass(frozen=True)
class Placement:
    page: str
    after: Clause  # the new clause goes after this clause in the authoritative language
    section: str


def used_ids(manual: Manual) -> set[str]:
    ids = set(manual.lock.entries)
    for pages in manual.pages.values():
        for page in pages.values():
            ids.update(clause.id for clause in page.clauses)
    return ids


def next_free_id(manual: Manual, section: str) -> str:
    """The next paragraph number of ``section`` (``9-3``) never used in any language or the lock.

    Retired numbers stay retired: a number in the lock file counts as used.
    """
    chapter, digit = section.split("-")
    prefix = f"{chapter}-{digit}"
    taken = [int(cid[len(prefix):]) for cid in used_ids(manual) if cid.startswith(prefix) and len(cid) == len(prefix) + 2]
    number = max(taken, default=0) + 1
    if number > 99:
        raise EditError(f"section {section} has no free paragraph number left: split the chapter")
    return f"{prefix}{number:02d}"


def placement(manual: Manual, after: str | None, section: str | None) -> Placement:
    pages = manual.pages[manual.authoritative]
    if after:
        for path, page in pages.items():
            for clause in page.clauses:
                if clause.id == after:
                    section = after[: after.index("-") + 2]
                    later = [c.id for c in page.clauses if c.id.startswith(section) and c.line > clause.line
                             and len(c.id) == len(after)]
                    if later:
                        # The new clause takes the section's next free number, so anywhere but the
                        # end readers would see IDs out of order (9-301, 9-303, 9-302).
                        raise EditError(
                            f"{after} is not the last clause of section {section} ({later[-1]} follows it): "
                            f"a new clause gets the next free number, so it can only go at the end of its "
                            f"section. Use SECTION={section} to append it there"
                        )
                    return Placement(path, clause, section)
        raise EditError(f"no Japanese clause {after}: give an existing clause ID to --after")
    match = SECTION.match(section or "")
    if match is None:
        raise EditError("give --after 9-301, or --section 9-3 to add at the end of section 3 of chapter 9")
    last = None
    for path, page in pages.items():
        for clause in page.clauses:
            if clause.id.startswith(f"{section}") and len(clause.id) == len(section) + 2:
                last = Placement(path, clause, section)
    if last is None:
        raise EditError(f"section {section} has no clause yet: add its first clause with --after <the clause before it>")
    return last


def insert_clause(text: str, after: Clause | None, level: int, clause_id: str, title: str, body: str) -> str:
    """Insert a clause after ``after`` (a clause parsed from ``text``)."""
    lines = text.split("\n")
    if after is None:
        raise EditError(f"the page has no clause to insert {clause_id} after")
    end = after.end_line
    while end > after.line and end - 1 < len(lines) and not lines[end - 1].strip():
        end -= 1
    block = ["", f"{'#' * level} {clause_id} {title}", "", body]
    lines[end:end] = block
    return "\n".join(lines)


def clause_in(page: ParsedPage, clause_id: str) -> Clause | None:
    return next((clause for clause in page.clauses if clause.id == clause_id), None)
