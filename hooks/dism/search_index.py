"""The search index of one language: each clause's ID, title, page and text, taken from the
rendered HTML (so citations and references read as the reader sees them).

The index is written as a script (``search/clauses-ja.js``), not as JSON, because a page opened
from disk (``file://``) may load a script but may not fetch a file. The browser side
(``overrides/assets/javascripts/clause-ranking.js``) matches Japanese queries as substrings of
the text, so any compound of the text is found without a word segmenter, and counts in the
browser how many clauses hold each term (for its weight); the clause text is the index, which at
a few hundred clauses per language is smaller than an n-gram table of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .clauses import CLAUSE_ID_RE
from .crosswalk import Crosswalk
from .glossary import Term

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Parts of a clause that are navigation or editorial state, not its text: the permalink sign,
# the list of clauses referring to it, its NISPOM sections (keywords already), the link to its
# parallel view, and the translation notices on English pages.
SKIPPED_CLASSES = {"headerlink", "clause-cited-by", "clause-nispom", "clause-parallel", "clause-basis", "admonition"}
BLOCKS = {"p", "li", "td", "th", "tr", "div", "br", "dd", "dt", "blockquote", "pre", "table", "ul", "ol"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Kana, kanji, full-width forms and CJK punctuation: a line break between two of them in the
# Markdown source is not a word break.
CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
SPACES = re.compile(r"\s+")


@dataclass
class SearchClause:
    id: str
    title: str
    text: str = ""
    keywords: str = ""  # searched, never shown: what a reader may type that the text does not say


class SearchKeywords:
    """Words a clause is found by beyond its own text, from the data files: its NISPOM
    counterparts (``117.15 Safeguarding classified information``) and, for each glossary term in
    its heading, the term's abbreviation and definition (which names e.g. the U.S. "FSO")."""

    def __init__(self, language: str, glossary: list[Term], crosswalk: Crosswalk):
        self.language = language
        self.crosswalk = crosswalk
        self.terms: dict[str, Term] = {}
        for term in sorted(glossary, key=lambda t: len(self._name(t)), reverse=True):
            self.terms.setdefault(self._name(term), term)
        names = [re.escape(name) for name in self.terms if name]
        self.pattern = re.compile("|".join(names)) if names else None

    def _name(self, term: Term) -> str:
        return (term.ja if self.language == "ja" else term.en).lower()

    def for_clause(self, clause_id: str, title: str) -> str:
        words = [
            f"32 CFR {section} {self.crosswalk.section_titles.get(section.split('(')[0], '')}".strip()
            for section in self.crosswalk.clause_sections.get(clause_id, [])
        ]
        if self.pattern is not None:
            for name in dict.fromkeys(self.pattern.findall(title.lower())):
                term = self.terms[name]
                words += [term.abbr, term.definitions.get(self.language, "")]
        return clean_text(" ".join(word for word in words if word))


@dataclass
class SearchPage:
    url: str
    title: str
    clauses: list[SearchClause] = field(default_factory=list)


BLOCK_BREAK = "\x00"  # between blocks (cells, paragraphs): a word break even between kanji


def clean_text(text: str) -> str:
    joined = SPACE_BETWEEN_CJK.sub("", SPACES.sub(" ", text))
    return SPACES.sub(" ", joined.replace(BLOCK_BREAK, " ")).strip()


class _ClauseExtractor(HTMLParser):
    """Splits a page's HTML into clauses: a heading whose id is a clause ID starts one, the
    next heading of its level or higher ends it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.clauses: list[SearchClause] = []
        self._level = 0  # level of the open clause's heading, 0 outside a clause
        self._in_heading = False
        self._title: list[str] = []
        self._text: list[str] = []
        self._depth = 0
        self._skip_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in VOID:
            self._depth += 1
        if self._skip_depth is not None:
            return
        if tag not in VOID and SKIPPED_CLASSES & set((attributes.get("class") or "").split()):
            self._skip_depth = self._depth
            return
        if tag in HEADINGS:
            level = HEADINGS[tag]
            heading_id = attributes.get("id") or ""
            is_clause = bool(CLAUSE_ID_RE.match(heading_id))
            if self._level and (level <= self._level or is_clause):
                self._close()
            if is_clause:
                self._level = level
                self._in_heading = True
                self.clauses.append(SearchClause(heading_id, ""))
        elif tag in BLOCKS and self._level:
            self._text.append(BLOCK_BREAK)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._skip_depth is not None:
            if self._depth == self._skip_depth:
                self._skip_depth = None
            self._depth -= 1
            return
        self._depth -= 1
        if tag in HEADINGS and self._in_heading:
            self._in_heading = False
        elif tag in BLOCKS and self._level:
            self._text.append(BLOCK_BREAK)

    def handle_data(self, data):
        if self._skip_depth is not None or not self._level:
            return
        (self._title if self._in_heading else self._text).append(data)

    def _close(self) -> None:
        clause = self.clauses[-1]
        title = clean_text("".join(self._title))
        # The heading reads "9-301 Storage"; the ID is kept apart from the title.
        clause.title = title[len(clause.id):].strip() if title.startswith(clause.id) else title
        clause.text = clean_text("".join(self._text))
        self._level = 0
        self._title, self._text = [], []

    def close(self) -> None:
        super().close()
        if self._level:
            self._close()


# What is not a page's introduction: the permalink sign, the edition line, the admonitions.
SKIPPED_INTRODUCTION = {"headerlink", "edition-as-of", "dism-parallel-link", "admonition"}


class _PageIntroduction(HTMLParser):
    """A page's title (its ``h1``) and the text that introduces it, up to its first table or
    sub-heading: what a page of generated lists is found by."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.text: list[str] = []
        self._in = ""  # "title" in the h1, "text" in the introduction, "" elsewhere
        self._skipped = ""  # the tag of a skipped element (the permalink sign, the edition line)
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done or self._skipped:
            return
        if tag in ("table", "h2", "h3") and self.title:
            self._done = True
        elif tag == "h1":
            self._in = "title"
        elif SKIPPED_INTRODUCTION & set((dict(attrs).get("class") or "").split()):
            self._skipped = tag
        elif tag in BLOCKS and self.title:
            self._in = "text"
            self.text.append(BLOCK_BREAK)

    def handle_endtag(self, tag):
        if tag == self._skipped:
            self._skipped = ""
        elif tag == "h1":
            self._in = ""

    def handle_data(self, data):
        if self._done or self._skipped or not self._in:
            return
        (self.title if self._in == "title" else self.text).append(data)


# Up to the first full stop before a capital (not "e.g. by"), or the whole text.
FIRST_SENTENCE = re.compile(r"^.*?(?:。|\.(?=\s+[A-Z(]|\s*$)|$)")


def page_entry(html: str) -> SearchClause | None:
    """A page of the index with no clause ID (the duties register, the checklist): found by its
    title and the first sentence of its introduction, it opens at the top of the page."""
    parser = _PageIntroduction()
    parser.feed(html)
    parser.close()
    title = clean_text("".join(parser.title))
    # The first sentence says what the page is; the rest would only grow every reader's download.
    first = FIRST_SENTENCE.match(clean_text("".join(parser.text)))
    return SearchClause("", title, first.group(0).strip() if first else "") if title else None


def page_clauses(html: str) -> list[SearchClause]:
    """The clauses of one rendered page, in page order."""
    parser = _ClauseExtractor()
    parser.feed(html)
    parser.close()
    return parser.clauses


def index_data(language: str, pages: list[SearchPage]) -> dict:
    """The language's index as read by ``clause-ranking.js``: pages ``[url, title]``; clauses
    ``[id, title, page number, text, keywords]``, in the manual's order (an ID of "" is a page
    found as a whole, which opens at its top)."""
    return {
        "lang": language,
        "pages": [[page.url, page.title] for page in pages],
        "clauses": [
            [clause.id, clause.title, number, clause.text, clause.keywords]
            for number, page in enumerate(pages)
            for clause in page.clauses
        ],
    }


def index_script(language: str, pages: list[SearchPage]) -> str:
    """The language's index as a script that registers it with the page's search engine."""
    payload = json.dumps(index_data(language, pages), ensure_ascii=False, separators=(",", ":"))
    return f"(window.clauseSearchIndex = window.clauseSearchIndex || {{}})[{json.dumps(language)}] = {payload};\n"


def index_file_name(language: str) -> str:
    return f"search/clauses-{language}.js"
