"""One English name for each thing: the agreed terms and the registered law names in English clauses.

For a clause whose English is recorded as current, every glossary term marked ``check: true`` and
every registered source name (Japanese ``name`` or ``short``) that the Japanese clause uses must
appear in the English clause as the agreed English: the term's ``en`` or ``abbr``, or the source's
English ``name`` or ``short``. Citations (``[[@id]]``) are left out on both sides: they show the
registered name in each language by themselves. Otherwise the build warns.

The same holds for the text of every page outside its clauses (a home page, a chapter's or an
appendix's introduction, the text under a section heading), whatever the translation state: each
passage (the text under one heading that is not a clause's, or before the first heading) is
compared with the passage under the same heading of the other language's page, paired by the
heading's ``{#id}`` or, without one, by its place among such headings. Generated content is data
of the registries and is not read.

A deliberate paraphrase is marked in the English clause, naming the Japanese it renders freely::

    <!-- paraphrase: 適性評価, 特定秘密保護法 -->

Matching: the longest Japanese name wins (特定秘密保護法 is the law, not the term 特定秘密), with
whitespace removed, since Japanese lines may break anywhere; a term marked ``standalone`` counts
only where it is not part of a longer kanji word (秘 but not 秘密 or 極秘). English is compared
case-insensitively with whitespace folded; a longer word counts (plurals: "Secrets").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collections.abc import Iterable

from .clauses import Clause, ParsedPage, split_heading
from .markdown_text import front_matter_length, iter_lines
from .glossary import Term
from .problems import Problem
from .sources import Source

PARAPHRASE = re.compile(r"<!--[ \t]*paraphrase:(?P<names>.*?)-->", re.DOTALL)
PARAPHRASE_SEPARATOR = re.compile(r"[,、，]")
CITATION = re.compile(r"\[\[[ \t]*@[^\[\]\n]*\]\]")
WHITESPACE = re.compile(r"\s+")
DIRECTIVE_LINE = re.compile(r"^\s*\[\[\s*generate:")
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"


@dataclass(frozen=True)
class AgreedName:
    """A Japanese name the manual uses and the English forms that render it."""

    ja: str
    english: tuple[str, ...]
    where: str  # "the glossary, data/glossary.yml:88" or "source 'sds-act', data/sources.yml:8"
    standalone: bool = False


def agreed_names(terms: list[Term], sources: dict[str, Source], glossary_file: str, sources_file: str) -> list[AgreedName]:
    """Every checked Japanese name with its English forms; a name in both files accepts either's English."""
    by_ja: dict[str, AgreedName] = {}

    def add(name: AgreedName) -> None:
        known = by_ja.get(name.ja)
        if known is None:
            by_ja[name.ja] = name
        else:
            english = tuple(dict.fromkeys(known.english + name.english))
            by_ja[name.ja] = AgreedName(name.ja, english, known.where, known.standalone or name.standalone)

    for term in terms:
        if term.check:
            forms = tuple(form for form in (term.en, term.abbr) if form)
            add(AgreedName(term.ja, forms, f"the glossary, {glossary_file}:{term.line}", term.standalone))
    for source in sources.values():
        english = tuple(dict.fromkeys((source.name("en"), source.name("en", "short"))))
        for ja in dict.fromkeys((source.names["ja"]["name"], source.names["ja"]["short"])):
            add(AgreedName(ja, english, f"source '{source.id}', {sources_file}:{source.line}"))
    return list(by_ja.values())


class EnglishNameCheck:
    """Checks a pair of clauses against the agreed names, in one regular-expression pass each."""

    def __init__(self, names: list[AgreedName]):
        self._by_ja = {WHITESPACE.sub("", name.ja): name for name in names}
        ordered = sorted(self._by_ja, key=len, reverse=True)
        alternatives = [
            rf"(?<![{HAN}]){re.escape(ja)}(?![{HAN}])" if self._by_ja[ja].standalone else re.escape(ja)
            for ja in ordered
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    @staticmethod
    def _prose(text: str) -> str:
        """The text without citations: a citation shows the same registered name in both languages."""
        return CITATION.sub(" ", text)

    def names_used(self, ja: Clause) -> list[AgreedName]:
        return self._names_in(f"{ja.title}\n{ja.body}")

    def _names_in(self, text: str) -> list[AgreedName]:
        if self._pattern is None:
            return []
        japanese = WHITESPACE.sub("", self._prose(text))
        return [self._by_ja[found] for found in dict.fromkeys(self._pattern.findall(japanese))]

    def problems(self, ja: Clause, en: Clause, ja_source: str, en_source: str) -> list[Problem]:
        """The names of a Japanese clause that its current English clause does not render."""
        return self.compare(f"{ja.title}\n{ja.body}", f"{en.title}\n{en.body}", f"{ja_source}:{ja.line}",
                            en_source, en.line, f"clause {en.id}", "clause")

    def compare(self, japanese: str, english: str, ja_at: str, en_source: str, en_line: int,
                subject: str, unit: str) -> list[Problem]:
        """The names ``japanese`` uses that ``english`` does not render, and paraphrase markers of
        ``english`` that name nothing; reported at ``en_source:en_line`` as ``subject``."""
        marked = _paraphrased(english)
        folded = WHITESPACE.sub(" ", PARAPHRASE.sub(" ", self._prose(english))).lower()
        used = self._names_in(japanese)
        used_ja = {name.ja for name in used}
        found = []
        for name in used:
            if name.ja in marked or any(WHITESPACE.sub(" ", form).lower() in folded for form in name.english):
                continue
            wanted = " or ".join(f"'{form}'" for form in name.english)
            found.append(
                Problem(en_source, en_line, f"[en] {subject}: the Japanese ({ja_at}) uses "
                        f"{name.ja}; write {wanted} ({name.where}), or mark a deliberate paraphrase in this "
                        f"{unit} with <!-- paraphrase: {name.ja} -->")
            )
        for ja_name in marked:
            if ja_name not in self._by_ja:
                found.append(
                    Problem(en_source, en_line, f"[en] {subject}: '{ja_name}' in <!-- paraphrase: … --> is "
                            "neither a checked glossary term nor a registered source name: correct it or remove it")
                )
            elif ja_name not in used_ja:
                found.append(
                    Problem(en_source, en_line, f"[en] {subject}: <!-- paraphrase: {ja_name} --> but the "
                            f"Japanese ({ja_at}) does not use {ja_name}: remove it from the marker")
                )
        return found


def _paraphrased(english: str) -> list[str]:
    names: list[str] = []
    for marker in PARAPHRASE.finditer(english):
        names += [WHITESPACE.sub("", part) for part in PARAPHRASE_SEPARATOR.split(marker.group("names"))]
    return [name for name in dict.fromkeys(names) if name]


@dataclass(frozen=True)
class Passage:
    """Text of a page outside its clauses: what stands under one heading that is not a clause's
    (the heading included), or before the first heading."""

    key: str  # "" before the first heading, else "#id" or "heading N"
    line: int
    text: str


def page_passages(text: str, clauses: Iterable[Clause]) -> list[Passage]:
    """The passages of a page's Markdown, without its clauses, code and generated content."""
    lines = text.split("\n")
    inside = bytearray(len(lines) + 2)
    for clause in clauses:
        inside[clause.line:clause.end_line + 1] = b"\x01" * (clause.end_line + 1 - clause.line)
    passages: list[Passage] = []
    front_matter = front_matter_length(lines)
    key, start, collected, headings = "", front_matter + 1, [], 0
    for line in iter_lines(text):
        if line.number <= front_matter or inside[line.number] or line.in_code:
            continue
        heading = split_heading(line.text, line.number)
        if heading is not None:
            if collected:
                passages.append(Passage(key, start, "\n".join(collected)))
            headings += 1
            anchor = next((part for part in (heading.attrs or "").split() if part.startswith("#")), "")
            key, start, collected = anchor or f"heading {headings}", line.number, []
        if DIRECTIVE_LINE.match(line.text):
            continue
        collected.append(line.text)
    if collected:
        passages.append(Passage(key, start, "\n".join(collected)))
    return passages


def check_page_text_names(japanese: dict[str, tuple[str, str]], english: dict[str, tuple[str, str]],
                          ja_pages: dict[str, ParsedPage], en_pages: dict[str, ParsedPage],
                          check: EnglishNameCheck) -> list[Problem]:
    """The agreed English names in the text outside clauses of every page that has both languages.
    ``japanese`` and ``english`` map a page path to (path as shown, Markdown). Passages paired by
    their heading; what cannot be paired is compared as one, at the English page's first unpaired
    passage (or its first line)."""
    problems: list[Problem] = []
    for path, (en_source, en_text) in english.items():
        if path not in japanese or path not in ja_pages or path not in en_pages:
            continue
        ja_source, ja_text = japanese[path]
        ja_passages = {p.key: p for p in page_passages(ja_text, ja_pages[path].clauses)}
        en_passages = {p.key: p for p in page_passages(en_text, en_pages[path].clauses)}
        for key, ja in ja_passages.items():
            en = en_passages.get(key)
            if en is not None:
                problems += check.compare(ja.text, en.text, f"{ja_source}:{ja.line}", en_source, en.line,
                                          "text outside clauses", "passage")
        ja_left = [p for key, p in ja_passages.items() if key not in en_passages]
        en_left = [p for key, p in en_passages.items() if key not in ja_passages]
        if ja_left or en_left:
            ja_at = f"{ja_source}:{ja_left[0].line}" if ja_left else ja_source
            problems += check.compare("\n".join(p.text for p in ja_left), "\n".join(p.text for p in en_left), ja_at,
                                      en_source, en_left[0].line if en_left else 1, "text outside clauses", "passage")
    return problems
