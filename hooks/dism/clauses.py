"""Clauses: parsing a page of the manual, the clause registry, and reference checks.

A heading whose text begins with a clause ID declares a clause (``### 9-301 保管``). IDs follow
the NISPOM's ``C-SPP`` form: a chapter (1–99) or a capital letter for an appendix, a hyphen, one
section digit and two paragraph digits. References are ``[[9-301]]``, ``[[+9-301]]`` (ID and
title), and the plain forms 「9-301参照」 and "see 9-301"; citations of the sources registry are
``[[@sds-act 12(1)]]``; generated content is requested with ``[[generate: clause-index]]``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .markdown_text import front_matter_length, iter_lines, prose_segments
from .problems import Problem

CLAUSE_ID = r"(?:[1-9][0-9]?|[A-Z])-[0-9]{3}"
CLAUSE_ID_RE = re.compile(rf"^{CLAUSE_ID}$")
# A clause ID standing in running text (not part of an address, a file name or a longer word
# such as 9-301a; Japanese may follow it directly: 6-103参照).
CLAUSE_ID_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z_\-/.])({CLAUSE_ID})(?![0-9A-Za-z_\-/])")

# Python-Markdown reads "###9-301 Title" (no space after the hashes) as a heading too.
ATX_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
# A line under a paragraph's first line that makes it a heading (setext).
SETEXT_UNDERLINE = re.compile(r"^[=-]+[ ]*$")
HEADING_ATTRS = re.compile(r"[ \t]*\{(?P<attrs>[^{}]*)\}[ \t]*$")
CLAUSE_HEADING = re.compile(rf"^(?P<id>{CLAUSE_ID})(?:[ \t\u3000]+(?P<title>.*))?$")
# Starts like a clause ID (digits or a letter, some dash, a digit) but may not be one: 9-31,
# 9-3011, 9–301 (en dash), 9-301保管 (no space before the title).
CLAUSE_LIKE_START = re.compile(
    r"^(?P<token>[0-9A-Za-z]{1,4}[ \t]*[-\u2010-\u2015\u2212\uff0d\u30fc][ \t]*[0-9]\S*)"
)

# One pass finds every kind of token. Plain references: 「9-301参照」「9-301の規定により」
# 「9-301に定める」 and "see 9-301", "paragraph 9-301". The lookbehind keeps dates, phone and
# document numbers (2023-10-01, 03-123-4567, No. 5-101-2) from matching.
# A plain reference may name a list: 「9-301及び9-302参照」, "see 9-301, 9-302 and 9-303"; every ID
# of the list is a reference.
JA_LIST_SEPARATOR = r"(?:、|，|,|・|及び|並びに|又は|若しくは|から)"
EN_LIST_SEPARATOR = r"(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|to|through)[ \t]+)"
TOKEN = re.compile(
    r"\[\[(?P<inner>[^\[\]\n]+)\]\]"
    rf"|(?<![0-9A-Za-z.\-/])(?P<ja_ids>{CLAUSE_ID}(?:{JA_LIST_SEPARATOR}{CLAUSE_ID})*)(?=参照|の規定|に規定|に定め)"
    rf"|(?<![\w-])(?P<lead>(?:[Ss]ee(?:[ \t]+also)?|[Pp]aragraphs?|[Cc]lauses?)[ \t]+)"
    rf"(?P<en_ids>{CLAUSE_ID}(?:{EN_LIST_SEPARATOR}{CLAUSE_ID}(?![\w-]))*)(?![\w-])"
)
CLAUSE_ID_IN_LIST = re.compile(CLAUSE_ID)
STRAY_OPENING = re.compile(r"\[\[")
REFERENCE_INNER = re.compile(rf"^(?P<titled>\+)?(?P<id>{CLAUSE_ID})$")
CITATION_INNER = re.compile(r"^@(?P<source>[A-Za-z0-9][A-Za-z0-9._-]*)(?:[ \t]+(?P<pinpoint>\S+))?$")
DIRECTIVE_INNER = re.compile(r"^generate:[ \t]*(?P<name>[a-z][a-z0-9-]*)$")

TABLE_ROW = re.compile(r"^[ \t]*\|")
TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Reference:
    """A reference to a clause. ``form`` is ``explicit``, ``titled`` or ``plain``."""

    target: str
    line: int
    form: str


@dataclass(frozen=True)
class Citation:
    """A citation of the sources registry: ``[[@source pinpoint]]``."""

    source: str
    pinpoint: str
    line: int


@dataclass(frozen=True)
class Directive:
    """A request for generated content: ``[[generate: name]]``."""

    name: str
    line: int


@dataclass
class Clause:
    """A clause of one language: its heading and the lines up to the next heading of its rank."""

    id: str
    title: str
    level: int
    line: int
    path: str
    body: str = ""
    end_line: int = 0
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    tables: list[tuple[int, int]] = field(default_factory=list)

    @property
    def reserved(self) -> bool:
        return self.title.strip() in {"（欠番）", "(欠番)", "欠番", "[Reserved]", "Reserved"}


@dataclass
class ParsedPage:
    """What the checks need from one Markdown page of one language."""

    path: str
    source: str
    title: str = ""
    clauses: list[Clause] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Token:
    """A token found in prose: its span in the segment and what it means."""

    start: int
    end: int
    kind: str  # "reference", "citation", "directive" or "unrecognised"
    value: Reference | Citation | Directive | str
    prefix: str = ""  # text kept before a plain English reference's ID ("see ")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    attrs: str | None
    line: int


def split_heading(line: str, number: int) -> Heading | None:
    """Parse an ATX heading line into its level, text and ``{...}`` attribute list."""
    match = ATX_HEADING.match(line)
    if match is None:
        return None
    text = match.group("text")
    attrs = None
    attr_match = HEADING_ATTRS.search(text)
    if attr_match:
        attrs = attr_match.group("attrs").strip()
        text = text[: attr_match.start()]
    return Heading(len(match.group("hashes")), text.strip(), attrs, number)


def parse_clause_heading(heading: Heading) -> tuple[str, str] | None:
    """Return ``(id, title)`` when the heading declares a clause."""
    match = CLAUSE_HEADING.match(heading.text)
    if match is None:
        return None
    return match.group("id"), (match.group("title") or "").strip()


MALFORMED_ID_FIX = (
    "a clause ID is C-SPP (chapter 1-99 or A-Z, a hyphen-minus, one section digit, two paragraph digits) "
    "followed by a space and the title, e.g. '### 9-301 Storage'"
)


def malformed_clause_heading(heading: Heading) -> str | None:
    """The problem, when a heading starts like a clause ID but does not declare a clause."""
    if parse_clause_heading(heading) is not None:
        return None
    typed = heading.text.split()[0] if heading.text.split() else ""
    # An input method's full-width digits and hyphens (９－３０１) look right but are other characters.
    narrowed = unicodedata.normalize("NFKC", heading.text)
    if narrowed != heading.text and (CLAUSE_HEADING.match(narrowed) or CLAUSE_LIKE_START.match(narrowed)):
        return (f"malformed clause ID '{typed}' in heading: it is typed in full-width characters; type it with "
                f"half-width (ASCII) digits and a hyphen-minus, e.g. '### 9-301 保管'")
    match = CLAUSE_LIKE_START.match(heading.text)
    if match is None:
        return None
    return f"malformed clause ID '{match.group('token')}' in heading: {MALFORMED_ID_FIX}"


def setext_clause_heading(text: str) -> str | None:
    """The problem, when an underlined (setext) heading starts like a clause ID."""
    narrowed = unicodedata.normalize("NFKC", text.strip())
    if not (CLAUSE_HEADING.match(narrowed) or CLAUSE_LIKE_START.match(narrowed)):
        return None
    return (f"clause heading '{text.strip()}' is underlined (a setext heading): Markdown shows it as a heading, but a "
            "clause is declared only by '#' headings; write '### ' before it and remove the line of '-' or '=' under it")


def scan_tokens(segment: str, line: int) -> Iterator[Token]:
    """Find references, citations and directives in one prose segment."""
    for match in TOKEN.finditer(segment):
        inner = match.group("inner")
        if inner is not None:
            yield _inner_token(match, inner.strip(), line)
        elif match.group("ja_ids"):
            yield from _list_tokens(match, "ja_ids", line)
        else:
            yield from _list_tokens(match, "en_ids", line, lead=match.group("lead"))


def _list_tokens(match: re.Match[str], group: str, line: int, lead: str = "") -> Iterator[Token]:
    """One token for each ID of a plain reference; the first also covers the lead ("see ")."""
    offset = match.start(group)
    for index, found in enumerate(CLAUSE_ID_IN_LIST.finditer(match.group(group))):
        reference = Reference(found.group(), line, "plain")
        start = match.start() if index == 0 else offset + found.start()
        yield Token(start, offset + found.end(), "reference", reference, prefix=lead if index == 0 else "")


def _inner_token(match: re.Match[str], inner: str, line: int) -> Token:
    start, end = match.start(), match.end()
    reference = REFERENCE_INNER.match(inner)
    if reference:
        form = "titled" if reference.group("titled") else "explicit"
        return Token(start, end, "reference", Reference(reference.group("id"), line, form))
    citation = CITATION_INNER.match(inner)
    if citation:
        value = Citation(citation.group("source"), citation.group("pinpoint") or "", line)
        return Token(start, end, "citation", value)
    directive = DIRECTIVE_INNER.match(inner)
    if directive:
        return Token(start, end, "directive", Directive(directive.group("name"), line))
    return Token(start, end, "unrecognised", inner)


def table_shapes(lines: Iterable[str]) -> list[tuple[int, int]]:
    """Shapes (rows × columns, header row included) of the pipe tables in ``lines``."""
    shapes: list[tuple[int, int]] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if TABLE_ROW.match(line):
            block.append(line)
            continue
        if len(block) >= 2 and TABLE_SEPARATOR.match(block[1]):
            shapes.append((len(block) - 1, _cell_count(block[0])))
        block = []
    return shapes


def _cell_count(row: str) -> int:
    cells = re.split(r"(?<!\\)\|", row.strip())
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return len(cells)


def parse_page(text: str, path: str, source: str, with_references: bool = True) -> ParsedPage:
    """Parse one page: clauses, references, citations, directives and heading problems.

    ``path`` is the page's path inside its language folder (``chapter-09.md``); ``source`` is
    the path shown in messages (``docs/ja/chapter-09.md``). ``with_references=False`` gives only
    the outline (clauses and directives), which is all rendering needs, at a fraction of the cost.
    """
    page = ParsedPage(path=path, source=source)
    raw_lines = text.split("\n")
    skip = front_matter_length(raw_lines)
    body_text = "\n".join(raw_lines[skip:])
    current: Clause | None = None
    clause_lines: list[str] = []

    def close_clause(end_line: int) -> None:
        nonlocal current
        if current is not None:
            current.body = "\n".join(clause_lines)
            current.end_line = end_line
            current.tables = table_shapes(clause_lines)
            page.clauses.append(current)
        current = None
        clause_lines.clear()

    lines = list(iter_lines(body_text, first_line=skip + 1))
    for index, source_line in enumerate(lines):
        if source_line.unclosed_fence:
            page.problems.append(
                Problem(source, source_line.number, "this code fence is never closed: add the closing fence line "
                        f"('{source_line.text.strip()[:3]}') where the code ends (until then Markdown shows the fence "
                        "as text)")
            )
        heading = None if source_line.in_code else split_heading(source_line.text, source_line.number)
        if heading is None and not source_line.in_code and _is_setext(lines, index):
            problem = setext_clause_heading(source_line.text)
            if problem is not None:
                page.problems.append(Problem(source, source_line.number, problem))
        if heading is not None:
            declared = parse_clause_heading(heading)
            if declared is not None or current is None or heading.level <= current.level:
                close_clause(source_line.number - 1)
            if heading.level == 1 and not page.title:
                page.title = heading.text
            if declared is not None:
                current = Clause(declared[0], declared[1], heading.level, heading.line, path)
                continue
            problem = malformed_clause_heading(heading)
            if problem is not None:
                page.problems.append(Problem(source, heading.line, problem))
        if current is not None:
            clause_lines.append(source_line.text)
        if source_line.in_code or not with_references and "generate:" not in source_line.text:
            continue
        segments = prose_segments(source_line.text)
        for is_prose, segment in segments:
            if is_prose:
                _collect_tokens(page, current, segment, source_line.number, alone=len(segments) == 1)
    close_clause(skip + len(body_text.split("\n")))
    return page


def _is_setext(lines, index: int) -> bool:
    """True when line ``index`` starts a paragraph and the next line underlines it."""
    text = lines[index].text
    if not text.strip() or index + 1 >= len(lines) or lines[index + 1].in_code:
        return False
    if index > 0 and lines[index - 1].text.strip() and not lines[index - 1].text.startswith("#"):
        return False
    return bool(SETEXT_UNDERLINE.match(lines[index + 1].text))


def _collect_tokens(page: ParsedPage, clause: Clause | None, segment: str, line: int, alone: bool = True) -> None:
    covered: list[tuple[int, int]] = []
    for token in scan_tokens(segment, line):
        covered.append((token.start, token.end))
        if token.kind == "reference":
            page.references.append(token.value)
            if clause is not None:
                clause.references.append(token.value)
        elif token.kind == "citation":
            page.citations.append(token.value)
            if clause is not None:
                clause.citations.append(token.value)
        elif token.kind == "directive":
            if alone and segment.strip() == segment[token.start : token.end]:
                page.directives.append(token.value)
            else:
                page.problems.append(
                    Problem(page.source, line, f"'{segment[token.start:token.end]}' must stand alone on its own line: "
                            "put it on a line of its own, with blank lines around it")
                )
        else:
            page.problems.append(
                Problem(
                    page.source,
                    line,
                    f"unrecognised '[[{token.value}]]': write [[9-301]] or [[+9-301]] for a "
                    "clause, [[@source-id]] or [[@source-id 12(1)]] for a source, "
                    "[[generate: name]] for generated content",
                )
            )
    for stray in STRAY_OPENING.finditer(segment):
        if not any(start <= stray.start() < end for start, end in covered):
            page.problems.append(
                Problem(page.source, line, "'[[' is never closed on this line: write [[9-301]], [[@source-id]] or "
                        "[[generate: name]] in full on one line")
            )
            break


def fingerprint_text(clause: Clause) -> str:
    """The text a translation is fingerprinted on: title and body with all whitespace removed.

    Removing whitespace (not just folding it) means reflowing Japanese text, where a line break
    inside a sentence carries no meaning, never changes the fingerprint.
    """
    return WHITESPACE.sub("", f"{clause.title}\n{clause.body}")


@dataclass
class ClauseRegistry:
    """Every clause of one language, by ID. The first declaration wins; the rest are problems."""

    language: str
    clauses: dict[str, Clause] = field(default_factory=dict)
    pages: dict[str, ParsedPage] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cited_by: dict[str, list[str]] = field(default_factory=dict)


def build_registry(
    pages: Iterable[ParsedPage],
    language: str,
    keeps_id: Callable[[Clause], bool] | None = None,
    taken: set[str] | None = None,
    keeper_reason: str = "it is the one recorded in the translation lock",
) -> ClauseRegistry:
    """Index the clauses of one language, report duplicates, and record who cites whom.

    Of two clauses with one ID, the one ``keeps_id`` recognises (the clause recorded in the
    translation lock) keeps it; without that, the first in page order does. ``taken`` holds every
    ID in use anywhere (both languages, the lock), to name the next free one.
    """
    registry = ClauseRegistry(language)
    duplicates: list[tuple[Clause, Clause, bool]] = []  # (holder, newcomer, decided by keeps_id)
    for page in pages:
        registry.pages[page.path] = page
        for clause in page.clauses:
            first = registry.clauses.get(clause.id)
            if first is None:
                registry.clauses[clause.id] = clause
                continue
            if keeps_id is not None and keeps_id(clause) and not keeps_id(first):
                registry.clauses[clause.id] = clause
                duplicates.append((clause, first, True))
            else:
                duplicates.append((first, clause, keeps_id is not None and keeps_id(first)))
    taken = (taken or set()) | set(registry.clauses)
    for holder, newcomer, decided in duplicates:
        holder_at = f"{registry.pages[holder.path].source}:{holder.line}"
        free = next_free_id(newcomer.id, taken)
        taken.add(free)
        if decided:
            advice = f"that clause keeps the ID ({keeper_reason}); give this one the next free ID, {free}"
        else:
            advice = (f"the clause that had the ID first keeps it (see the file's history); give the other the next "
                      f"free ID, {free}")
        registry.problems.append(
            Problem(registry.pages[newcomer.path].source, newcomer.line,
                    f"[{language}] duplicate clause ID '{newcomer.id}': also declared at {holder_at}. Clause IDs "
                    f"are never reused: {advice}")
        )
    for page in registry.pages.values():
        for clause in page.clauses:
            if registry.clauses.get(clause.id) is not clause:
                continue
            for target in dict.fromkeys(ref.target for ref in clause.references):
                if target != clause.id and target in registry.clauses:
                    registry.cited_by.setdefault(target, []).append(clause.id)
    return registry


def next_free_id(clause_id: str, taken: set[str]) -> str:
    """The next paragraph number after the highest taken in the clause's section (9-3xx)."""
    chapter, number = clause_id.split("-")
    section = number[0]
    used = [int(other[len(chapter) + 2:]) for other in taken
            if other.startswith(f"{chapter}-{section}") and len(other) == len(chapter) + 4]
    following = max(used, default=0) + 1
    if following > 99:
        return f"{chapter}-{section}?? (section {chapter}-{section} is full: ask the editor-in-chief)"
    return f"{chapter}-{section}{following:02d}"


def check_references(registry: ClauseRegistry) -> list[Problem]:
    """Report every reference, explicit or plain, to an ID no clause of this language declares."""
    problems: list[Problem] = []
    for page in registry.pages.values():
        for reference in page.references:
            if reference.target in registry.clauses:
                continue
            problems.append(
                Problem(
                    page.source,
                    reference.line,
                    f"[{registry.language}] unknown clause '{reference.target}' referenced: no "
                    f"heading declares it in this language. Correct the ID, or declare the "
                    f"clause as '### {reference.target} <title>'",
                )
            )
    return problems
