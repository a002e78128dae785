"""Repeated sentences: a long sentence stated in two clauses.

A manual states each rule once and refers to it elsewhere; a sentence copied into a second
clause drifts from the first at the next amendment. A sentence of more than ``JA_MIN_CHARS``
characters (Japanese) or ``EN_MIN_WORDS`` words (English) that stands in two clauses of one
language is reported at the later one, with the place of the first.

What counts as one sentence: prose of a clause's body (commentary and guidance included, code
not) split after 。！？ in Japanese and after . ! ? followed by a capital in English; a list
item and a table row are units of their own. Lines are joined first, so a sentence reflowed over
two lines is still one. Basis lines are left out: many clauses rest on the same sources.

Sentences are compared normalized: NFKC, citations removed (the same words may cite another
article), clause references reduced to their IDs, punctuation, emphasis and code marks dropped,
whitespace removed (Japanese) or folded (English), case ignored. Each normalized sentence is hashed once,
so the check is linear in the size of the manual.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .clauses import TABLE_ROW, TABLE_SEPARATOR, Clause, ParsedPage
from .markdown_text import HTML_TAG, iter_lines
from .problems import Problem
from .sync import clause_sort_key

JA_MIN_CHARS = 40
EN_MIN_WORDS = 12
SHOWN_LENGTH = {"ja": 50, "en": 90}

BASIS_LINE = re.compile(r"^\s*(?:Basis|根拠)[:：]")
ADMONITION_START = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+")
ATTRIBUTE_LIST = re.compile(r"^\s*\{:?[^{}]*\}\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9]+[.)]|[(（][0-9０-９]+[)）])\s+")
CITATION = re.compile(r"\[\[\s*@[^\[\]\n]*\]\]")
REFERENCE = re.compile(r"\[\[\s*\+?([^\[\]\n@]+?)\s*\]\]")
MARKS = re.compile(r"[*`|]+")
SENTENCE_END = {
    "ja": re.compile(r"(?<=[。！？])"),
    "en": re.compile(r"(?<=[.!?])[\"'”’)*_]*\s+(?=[\"'“‘(*_]*[A-Z0-9])"),
}
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str  # as written, for the message
    key: str  # normalized, for comparison


@dataclass(frozen=True)
class _Place:
    """Where a clause first states a sentence."""

    clause: str
    path: str
    line: int


def _plain(sentence: str) -> str:
    """The sentence as read: NFKC, without citations, markup or code marks, references as IDs."""
    text = unicodedata.normalize("NFKC", sentence)
    text = REFERENCE.sub(r"\1", CITATION.sub("", text))
    return MARKS.sub(" ", HTML_TAG.sub("", text))


def normalize(sentence: str, language: str) -> str:
    """The sentence as compared: also without punctuation (、 or ，, "U.S." or "US"), case or
    whitespace differences."""
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in _plain(sentence).lower())
    return WHITESPACE.sub("" if language == "ja" else " ", text).strip()


def long_enough(sentence: str, language: str) -> bool:
    """More than JA_MIN_CHARS characters (punctuation included, whitespace not) in Japanese, more
    than EN_MIN_WORDS words in English."""
    if language == "ja":
        return len(WHITESPACE.sub("", sentence)) > JA_MIN_CHARS
    return sum(1 for word in sentence.split() if any(ch.isalnum() for ch in word)) > EN_MIN_WORDS


def _units(clause: Clause) -> Iterator[list[tuple[int, str]]]:
    """The clause's prose in units that a sentence never crosses: paragraphs, list items and table
    rows, each as (line number, text) pieces."""
    unit: list[tuple[int, str]] = []
    for line in iter_lines(clause.body, clause.line + 1):
        text = line.text.strip()
        list_item = LIST_ITEM.match(text)
        skipped = (line.in_code or not text or BASIS_LINE.match(text) or ADMONITION_START.match(text)
                   or ATTRIBUTE_LIST.match(text))
        if skipped or list_item or TABLE_ROW.match(text):
            if unit:
                yield unit
            unit = []
        if skipped or TABLE_SEPARATOR.match(text):
            continue
        if TABLE_ROW.match(text):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", text.strip("|"))]
            yield [(line.number, " | ".join(cell for cell in cells if cell))]
            continue
        unit.append((line.number, text[list_item.end():] if list_item else text))
    if unit:
        yield unit


def clause_sentences(clause: Clause, language: str) -> Iterator[Sentence]:
    """The long sentences of a clause (see the module's description)."""
    joiner = "" if language == "ja" else " "
    splitter = SENTENCE_END.get(language, SENTENCE_END["en"])
    for unit in _units(clause):
        starts, pieces, offset = [], [], 0
        for number, text in unit:
            starts.append(offset)
            pieces.append(text)
            offset += len(text) + len(joiner)
        joined = joiner.join(pieces)
        position = 0
        for part in splitter.split(joined):
            start = position + len(part) - len(part.lstrip())
            position += len(part)
            if long_enough(part, language) and long_enough(_plain(part), language):
                line = unit[bisect.bisect_right(starts, start) - 1][0]
                yield Sentence(line, " ".join(part.split()), normalize(part, language))


def _shown(text: str, language: str) -> str:
    limit = SHOWN_LENGTH.get(language, SHOWN_LENGTH["en"])
    cut = text if len(text) <= limit else text[:limit].rstrip() + "…"
    return f"「{cut}」" if language == "ja" else f'"{cut}"'


def check_repeated_sentences(pages: Iterable[ParsedPage], language: str) -> list[Problem]:
    """Report each long sentence that a clause repeats from an earlier clause of the language (in
    the manual's order: chapters, then appendices), at the repeating clause's line, naming the
    first clause's file and line."""
    places: dict[str, dict[str, _Place]] = {}  # sentence -> clause ID -> its first place there
    shown: dict[str, str] = {}
    for page in pages:
        for clause in page.clauses:
            for sentence in clause_sentences(clause, language):
                places.setdefault(sentence.key, {}).setdefault(clause.id, _Place(clause.id, page.source, sentence.line))
                shown.setdefault(f"{sentence.key}\n{clause.id}", sentence.text)
    problems: list[Problem] = []
    for key, by_clause in places.items():
        if len(by_clause) < 2:
            continue
        first = min(by_clause.values(), key=lambda place: clause_sort_key(place.clause))
        for place in by_clause.values():
            if place is first:
                continue
            text = _shown(shown[f"{key}\n{place.clause}"], language)
            problems.append(
                Problem(place.path, place.line,
                        f"[{language}] clause {place.clause} repeats a sentence of clause {first.clause} "
                        f"({first.path}:{first.line}): {text}: state it once, in the clause where it belongs, "
                        f"and refer to that clause here ([[{first.clause}]])")
            )
    return problems
