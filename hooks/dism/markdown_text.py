"""Code-aware reading of Markdown source.

Clause references and citations are recognised only in prose: never inside fenced code blocks or
inline code spans. Everything that scans or rewrites the manual's text goes through this module,
so the parser and the renderer agree on what is prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE_OPEN = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})")
FRONT_MATTER_DELIMITER = re.compile(r"^(---|\.\.\.)\s*$")
BACKTICK_RUN = re.compile(r"`+")
HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")


@dataclass(frozen=True)
class SourceLine:
    """One line of a Markdown file; ``in_code`` is true inside a fenced block (fences included).

    ``unclosed_fence`` marks a line that opens a fence no later line closes: Markdown (with
    SuperFences) then shows it as text and reads what follows as usual, and so does this module.
    """

    number: int
    text: str
    in_code: bool
    unclosed_fence: bool = False


def front_matter_length(lines: list[str]) -> int:
    """Number of leading lines taken by a YAML front-matter block (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if FRONT_MATTER_DELIMITER.match(lines[index]):
            return index + 1
    return 0


def iter_lines(text: str, first_line: int = 1) -> Iterator[SourceLine]:
    """Yield the lines of ``text`` with line numbers, marking fenced code."""
    lines = text.split("\n")
    in_code = [False] * len(lines)
    unclosed: set[int] = set()
    index = 0
    while index < len(lines):
        match = FENCE_OPEN.match(lines[index])
        if match is None:
            index += 1
            continue
        fence = match.group("fence")
        closing = next((j for j in range(index + 1, len(lines)) if _closes(lines[j], fence)), None)
        if closing is None:
            unclosed.add(index)
            index += 1
            continue
        in_code[index : closing + 1] = [True] * (closing + 1 - index)
        index = closing + 1
    for offset, line in enumerate(lines):
        yield SourceLine(first_line + offset, line, in_code[offset], offset in unclosed)


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip().lstrip(">").strip()
    return stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}


def prose_segments(line: str) -> list[tuple[bool, str]]:
    """Split one line into ``(is_prose, text)`` pieces, separating inline code spans.

    A code span opens with a run of backticks and closes with a run of the same length. An
    unmatched run is literal text, as CommonMark has it.
    """
    segments: list[tuple[bool, str]] = []
    position = 0
    prose_start = 0
    while True:
        opening = BACKTICK_RUN.search(line, position)
        if opening is None:
            break
        run = opening.group()
        closing = opening.end()
        while True:
            candidate = BACKTICK_RUN.search(line, closing)
            if candidate is None or candidate.group() == run:
                break
            closing = candidate.end()
        if candidate is None:
            position = opening.end()
            continue
        if opening.start() > prose_start:
            segments.append((True, line[prose_start : opening.start()]))
        segments.append((False, line[opening.start() : candidate.end()]))
        prose_start = position = candidate.end()
    if prose_start < len(line) or not segments:
        segments.append((True, line[prose_start:]))
    return [piece for is_prose, text in segments for piece in (_split_tags(text) if is_prose else [(False, text)])]


def _split_tags(text: str) -> list[tuple[bool, str]]:
    """Raw HTML tags are not prose: a reference inside an attribute (title="see 9-301") must
    never become a link, which would break the tag."""
    if "<" not in text:
        return [(True, text)]
    pieces: list[tuple[bool, str]] = []
    position = 0
    for tag in HTML_TAG.finditer(text):
        if tag.start() > position:
            pieces.append((True, text[position : tag.start()]))
        pieces.append((False, tag.group()))
        position = tag.end()
    if position < len(text) or not pieces:
        pieces.append((True, text[position:]))
    return pieces

