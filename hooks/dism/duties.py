"""The duty check: a clause that states an obligation must cite a legal source.

A clause whose text says しなければならない, ものとする, てはならない or "shall" states a duty. A
reader relies on it to know what the law requires, so it must cite at least one source of a legal
kind (``LEGAL_KINDS``). A briefing slide, a press report or a commentator's view can illustrate a
duty but never ground one: such text is written as an example, or marked as commentary.

Commentary blocks (``!!! commentary "解説"``) are explanation, not rules, and are not read for
duties; their citations still count as the clause's citations.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from .clauses import ParsedPage
from .markdown_text import iter_lines, prose_segments
from .problems import Problem
from .sources import LEGAL_KINDS, Source

DUTY_WORDS = {
    # 「知らせてはならないもの」 defines a category (秘); it states no duty of the reader.
    "ja": re.compile(r"しなければならない|ものとする|てはならない(?!もの)"),
    "en": re.compile(r"\bshall\b", re.IGNORECASE),
}
COMMENTARY_START = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+commentary\b")
INDENTED = re.compile(r"^(?: {4}|\t)")


def duty_lines(body: str, first_line: int, language: str) -> Iterable[tuple[int, str]]:
    """(line number, duty word) for each line of rule text (not code, not commentary) stating a duty."""
    words = DUTY_WORDS.get(language, DUTY_WORDS["en"])
    in_commentary = False
    for line in iter_lines(body, first_line):
        if COMMENTARY_START.match(line.text):
            in_commentary = True
            continue
        if in_commentary and (INDENTED.match(line.text) or not line.text.strip()):
            continue
        in_commentary = False
        if line.in_code:
            continue
        for is_prose, segment in prose_segments(line.text):
            found = words.search(segment) if is_prose else None
            if found:
                yield line.number, found.group()
                break


def check_duties(pages: Iterable[ParsedPage], sources: dict[str, Source], language: str,
                 invalid: Collection[str] = ()) -> list[Problem]:
    """Report each clause that states a duty without citing a source of a legal kind. A clause
    citing an ``invalid`` registry entry waits for that entry's own problem to be fixed."""
    problems = []
    legal = ", ".join(sorted(LEGAL_KINDS))
    for page in pages:
        for clause in page.clauses:
            if any(sources[c.source].kind in LEGAL_KINDS for c in clause.citations if c.source in sources):
                continue
            if any(c.source in invalid for c in clause.citations):
                continue
            first = next(iter(duty_lines(clause.body, clause.line + 1, language)), None)
            if first is None:
                continue
            line, word = first
            problems.append(
                Problem(
                    page.source,
                    line,
                    f"[{language}] clause {clause.id} states a duty ('{word}') but cites no legal source: "
                    f"cite its basis with [[@source-id]] (a source of kind {legal}); if only a briefing, "
                    "press report or commentary says it, write it as an example, not a duty, or mark "
                    "it as commentary (!!! commentary)",
                )
            )
    return problems
