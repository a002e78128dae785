"""The duty check: a clause that states an obligation must cite a Japanese legal source.

A clause whose text says …なければならない (しなければならない, 従わなければならない, 経なければならない:
any verb's obligatory form), ものとする, てはならない or "shall" states a duty. A
reader relies on it to know what the law requires, so it must cite at least one source of a legal
kind (``LEGAL_KINDS``). A briefing slide, a press report or a commentator's view can illustrate a
duty but never ground one: such text is written as an example, or marked as commentary. A foreign
instrument (kind ``foreign``: the NISPOM, NIST SP 800-171) is primary text, but of another
country's rules: it never grounds a duty under Japanese law, and a duty citing only such
instruments is reported as such.

Two blocks are not rule text and are not read for duties: commentary (``!!! commentary "解説"``),
which explains, and the manual's own guidance (``!!! guidance "本マニュアルの指針"``), which says
what the editors advise where no law says it, and says so to readers. Their citations still count
as the clause's citations.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from .clauses import Clause, ParsedPage
from .markdown_text import SourceLine, iter_lines, prose_segments
from .problems import Problem
from .sources import FOREIGN_KIND, LEGAL_KINDS, Source

DUTY_WORDS = {
    # 「知らせてはならないもの」 and 「漏らしてはならないこととされる秘密」 define a category (秘, a
    # secret); they state no duty of the reader.
    # The obligatory form of any verb, named with the character before it (しなければならない,
    # わなければならない of 従わなければならない, 経なければならない).
    "ja": re.compile(r"[^\s、。]?なければならない|ものとする|てはならない(?!もの|こと)"),
    "en": re.compile(r"\bshall\b", re.IGNORECASE),
}
# Blocks that are not rule text: commentary explains, guidance is the editors' advice.
ASIDE_START = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+(?:commentary|guidance)\b")
INDENTED = re.compile(r"^(?: {4}|\t)")


def aside_line_numbers(body: str, first_line: int) -> set[int]:
    """The line numbers of a clause body that belong to a commentary or guidance block."""
    numbers: set[int] = set()
    inside = False
    for line in iter_lines(body, first_line):
        if ASIDE_START.match(line.text):
            inside = True
            numbers.add(line.number)
            continue
        if inside and (INDENTED.match(line.text) or not line.text.strip()):
            numbers.add(line.number)
            continue
        inside = False
    return numbers


def _rule_lines(body: str, first_line: int) -> Iterator[SourceLine]:
    """The lines of rule text: not code, commentary or guidance."""
    aside = aside_line_numbers(body, first_line)
    for line in iter_lines(body, first_line):
        if line.number not in aside and not line.in_code:
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
    """(line number, duty word) for each line of rule text (not code, commentary or guidance)
    stating a duty."""
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


def cited_kinds(clause: Clause, sources: dict[str, Source]) -> list[Source]:
    """The registered sources a clause cites, each once, in citation order."""
    cited = dict.fromkeys(c.source for c in clause.citations if c.source in sources)
    return [sources[source_id] for source_id in cited]


def check_duties(pages: Iterable[ParsedPage], sources: dict[str, Source], language: str,
                 invalid: Collection[str] = ()) -> list[Problem]:
    """Report each clause that states a duty without citing a source of a legal kind. A clause
    citing an ``invalid`` registry entry waits for that entry's own problem to be fixed."""
    problems = []
    legal = ", ".join(sorted(LEGAL_KINDS))
    for page in pages:
        for clause in page.clauses:
            cited = cited_kinds(clause, sources)
            if any(source.kind in LEGAL_KINDS for source in cited):
                continue
            if any(c.source in invalid for c in clause.citations):
                continue
            first = next(iter(duty_lines(clause.body, clause.line + 1, language)), None)
            if first is None:
                continue
            line, word = first
            foreign = [source.id for source in cited if source.kind == FOREIGN_KIND]
            if foreign:
                message = (
                    f"[{language}] clause {clause.id} states a duty ('{word}') but cites only foreign instruments "
                    f"({', '.join(foreign)}), which are no basis under Japanese law: cite the Japanese basis with "
                    f"[[@source-id]] (a source of kind {legal}); if no Japanese text imposes it, write the foreign "
                    "rule as a comparison, not a duty, or mark it as commentary (!!! commentary) or as this "
                    "manual's guidance (!!! guidance)"
                )
            else:
                message = (
                    f"[{language}] clause {clause.id} states a duty ('{word}') but cites no legal source: "
                    f"cite its basis with [[@source-id]] (a source of kind {legal}); if only a briefing, "
                    "press report or commentary says it, write it as an example, not a duty, or mark "
                    "it as commentary (!!! commentary)"
                )
            problems.append(Problem(page.source, line, message))
    return problems
