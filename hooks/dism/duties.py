"""The duty check: a clause that states an obligation must cite a legal source.

A clause whose text says …なければならない (しなければならない, 従わなければならない, 経なければならない:
any verb's obligatory form), ものとする, てはならない or "shall" states a duty. A
reader relies on it to know what the law requires, so it must cite at least one source of a legal
kind (``LEGAL_KINDS``). A briefing slide, a press report or a commentator's view can illustrate a
duty but never ground one: such text is written as an example, or marked as commentary.

Commentary blocks (``!!! commentary "解説"``) are explanation, not rules, and are not read for
duties; their citations still count as the clause's citations.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from .clauses import ParsedPage
from .markdown_text import SourceLine, iter_lines, prose_segments
from .problems import Problem
from .sources import LEGAL_KINDS, Source

DUTY_WORDS = {
    # 「知らせてはならないもの」 and 「漏らしてはならないこととされる秘密」 define a category (秘, a
    # secret); they state no duty of the reader.
    # The obligatory form of any verb, named with the character before it (しなければならない,
    # わなければならない of 従わなければならない, 経なければならない).
    "ja": re.compile(r"[^\s、。]?なければならない|ものとする|てはならない(?!もの|こと)"),
    "en": re.compile(r"\bshall\b", re.IGNORECASE),
}
COMMENTARY_START = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+commentary\b")
INDENTED = re.compile(r"^(?: {4}|\t)")


def _rule_lines(body: str, first_line: int) -> Iterator[SourceLine]:
    """The lines of rule text: not code, not commentary."""
    in_commentary = False
    for line in iter_lines(body, first_line):
        if COMMENTARY_START.match(line.text):
            in_commentary = True
            continue
        if in_commentary and (INDENTED.match(line.text) or not line.text.strip()):
            continue
        in_commentary = False
        if not line.in_code:
            yield line


def _duty_word(text: str, language: str) -> str | None:
    """The duty word of a piece of Markdown, read in its prose only (never in code spans or tags)."""
    words = DUTY_WORDS.get(language, DUTY_WORDS["en"])
    for is_prose, segment in prose_segments(text):
        found = words.search(segment) if is_prose else None
        if found:
            return found.group()
    return None


def duty_lines(body: str, first_line: int, language: str) -> Iterable[tuple[int, str]]:
    """(line number, duty word) for each line of rule text (not code, not commentary) stating a duty."""
    for line in _rule_lines(body, first_line):
        word = _duty_word(line.text, language)
        if word:
            yield line.number, word


# A list item's marker ("- a. ", "1. "), a quotation's ">": not part of the sentence.
LINE_MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|[0-9]+\.)\s+)?(?:[a-z]\.\s+)?")
SENTENCE_BREAK = {
    "ja": re.compile(r"(?<=。)"),
    # After a full stop and before a capital, outside abbreviations such as "e.g." and "No.".
    "en": re.compile(r"(?<![A-Z][a-z]\.)(?<!\b[a-z]\.[a-z]\.)(?<=[.!?;])\s+(?=[A-Z(\"'])"),
}


def duty_sentences(body: str, first_line: int, language: str) -> list[tuple[int, str]]:
    """(line number, sentence) for each sentence of rule text that states a duty, as Markdown
    (references and citations left as written): what the duties register and the checklist show.
    The sentences are those of the lines ``duty_lines`` finds, so the register lists exactly the
    clauses the duty check reads as duties."""
    found = []
    for line in _rule_lines(body, first_line):
        if _duty_word(line.text, language) is None:
            continue
        text = LINE_MARKER.sub("", line.text).strip()
        pieces = [piece.strip() for piece in SENTENCE_BREAK.get(language, SENTENCE_BREAK["en"]).split(text)]
        found += [(line.number, piece) for piece in pieces if piece and _duty_word(piece, language)]
    return found


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
