"""The whole manual of one language as one HTML document for paged media (the PDF edition).

The pages are the HTML the site build already rendered (clause links restored, notices and
generated appendices in place); nothing is parsed twice. This module only joins them: a cover,
a table of contents, then every page, with addresses rewritten so that the document links to
itself. Clause IDs stay as they are (``#9-301``, the PDF's named destinations, unique in a
language); every other ID is prefixed with its page's key, since two pages may share a slug.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urljoin, urlsplit

from .clauses import CLAUSE_ID_IN_TEXT
from .texts import text

BOOK_CSS = "book.css"
# Elements whose content is not running text to be touched.
RAW_TEXT = {"script", "style", "code", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class BookPage:
    """One rendered page: its path in the language folder, its address relative to the site root
    (``en/chapter-09/``) and the HTML of its content."""

    path: str
    url: str
    html: str


def page_key(path: str) -> str:
    """The ID of a page's start in the book (``chapter-09.md`` → ``page-chapter-09``)."""
    stem = path[:-3] if path.endswith(".md") else path
    return "page-" + re.sub(r"[^A-Za-z0-9-]+", "-", stem).strip("-")


class _PageRewriter(HTMLParser):
    """Rewrites one page's IDs and links for the book and collects its chapter/section headings."""

    def __init__(self, book: _Book, page: BookPage):
        super().__init__(convert_charrefs=False)
        self.book, self.page = book, page
        self.out: list[str] = []
        self.raw_depth = 0
        self.heading: tuple[int, str, list[str]] | None = None  # level, id, text parts
        self.headings: list[tuple[int, str, str]] = []
        self._in_headerlink = False  # the permalink sign is not part of a heading's title
        # Tables being rewritten, innermost last. Each is given the widths of its columns, which
        # WeasyPrint then takes as they are (table-layout: fixed in book.css) instead of measuring
        # every cell's text at every break opportunity, a third of its layout time.
        self.tables: list[_Table] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs, self.get_starttag_text().endswith("/>")))
        if tag in RAW_TEXT:
            self.raw_depth += 1
        self._table_start(tag)
        if tag in ("h1", "h2") and self.heading is None:
            anchor = dict(attrs).get("id")
            if anchor:
                self.heading = (int(tag[1]), self.book.local_id(self.page, anchor), [])

    def handle_startendtag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs, True))
        self._table_start(tag)

    def _table_start(self, tag: str) -> None:
        if tag == "table":
            self.out.append("")  # the place of its <colgroup>, known at its end
            self.tables.append(_Table(len(self.out) - 1))
        elif not self.tables:
            return
        elif tag in ("col", "colgroup"):
            self.tables[-1].has_columns = True
        elif tag == "tr":
            self.tables[-1].end_cell()
            self.tables[-1].column = -1
        elif tag in ("td", "th"):
            table = self.tables[-1]
            table.end_cell()
            table.column += 1
            table.cell = []

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if self.tables and tag in ("td", "th"):
            self.tables[-1].end_cell()
        elif self.tables and tag == "table":
            table = self.tables.pop()
            table.end_cell()
            self.out[table.insert_at] = table.columns()
        if tag == "a":
            self._in_headerlink = False
        if tag in RAW_TEXT and self.raw_depth:
            self.raw_depth -= 1
        if self.heading and tag == f"h{self.heading[0]}":
            level, anchor, parts = self.heading
            self.headings.append((level, anchor, " ".join("".join(parts).split())))
            self.heading = None

    def handle_data(self, data):
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        if self.heading is not None and not self._in_headerlink:
            self.heading[2].append(html.unescape(data))
        if self.raw_depth:
            self.out.append(data)
        else:
            self.out.append(CLAUSE_ID_IN_TEXT.sub(self._keep_together, data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(html.unescape(f"&{name};"))
        if self.heading is not None and not self._in_headerlink:
            self.heading[2].append(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        self.out.append(f"&#{name};")
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(html.unescape(f"&#{name};"))
        if self.heading is not None and not self._in_headerlink:
            self.heading[2].append(html.unescape(f"&#{name};"))

    def handle_comment(self, data):
        pass

    def _keep_together(self, match: re.Match[str]) -> str:
        if match.group(1) not in self.book.clause_ids:
            return match.group(0)
        return f'<span class="clause-id">{match.group(1)}</span>'

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> str:
        rewritten = []
        for name, value in attrs:
            if value is not None and name == "id":
                value = self.book.local_id(self.page, value)
            elif value is not None and name == "href":
                value = self.book.href(self.page, value)
            rewritten.append(name if value is None else f'{name}="{html.escape(value)}"')
        if tag == "a":
            self._in_headerlink = ("class", "headerlink") in attrs
        inner = " ".join([tag, *rewritten])
        return f"<{inner}>" if not self_closing or tag not in VOID else f"<{inner} />"


# The width a table may fill, in the widths of a half-width character of its text (8.5 pt on A4
# between 18 mm margins), and what each cell's padding and borders take of it, with a little to spare.
TABLE_WIDTH = 116
CELL_PADDING = 3
# A column is never narrower than this (five Japanese characters) where its text is wider: a label
# such as 「施行・発効」 is not broken character by character beside a long address.
NARROWEST_COLUMN = 10


def _text_width(text: str) -> tuple[int, int]:
    """The width of ``text`` on one line (max-content) and of its longest piece that cannot be
    broken (min-content), in half-width characters: a wide (CJK) character counts two and may be
    broken after; other characters break at spaces only."""
    whole = longest = run = 0
    for character in text:
        wide = unicodedata.east_asian_width(character) in ("W", "F")
        whole += 2 if wide else 1
        if wide or character.isspace():
            longest, run = max(longest, run, 2 if wide else 0), 0
        else:
            run += 1
    return whole, max(longest, run)


@dataclass
class _Table:
    """A table being rewritten: where its column widths go, and its columns' widths so far."""

    insert_at: int
    max_widths: list[int] = field(default_factory=list)
    min_widths: list[int] = field(default_factory=list)
    column: int = -1
    cell: list[str] | None = None
    has_columns: bool = False

    def end_cell(self) -> None:
        if self.cell is None:
            return
        whole, longest = _text_width(" ".join("".join(self.cell).split()))
        while len(self.max_widths) <= self.column:
            self.max_widths.append(0)
            self.min_widths.append(0)
        self.max_widths[self.column] = max(self.max_widths[self.column], whole)
        self.min_widths[self.column] = max(self.min_widths[self.column], longest)
        self.cell = None

    def columns(self) -> str:
        """``<colgroup>`` with each column's share of the width, as the automatic table layout of
        CSS would share it out from these widths; empty when the table sets its own."""
        if self.has_columns or not self.max_widths:
            return ""
        padding = CELL_PADDING * len(self.max_widths)
        available = max(TABLE_WIDTH - padding, 1)
        most = [max(w, 1) for w in self.max_widths]
        least = [min(max(w, NARROWEST_COLUMN), m) for w, m in zip(self.min_widths, most)]
        if sum(most) <= available:
            widths = [float(w) for w in most]
        elif sum(least) >= available:
            widths = [float(w) for w in least]
        else:
            spare, stretch = available - sum(least), sum(most) - sum(least)
            widths = [low + spare * (high - low) / stretch for low, high in zip(least, most)]
        total = sum(widths) + padding
        shares = "".join(f'<col style="width: {100 * (w + CELL_PADDING) / total:.2f}%">' for w in widths)
        return f"<colgroup>{shares}</colgroup>"


PLACEHOLDER_SITE = "https://site.invalid/"


class _Book:
    def __init__(self, language: str, pages: list[BookPage], clause_ids: set[str], site_url: str):
        self.language = language
        self.clause_ids = clause_ids
        # Without a site URL (a local build, hostable under any path) addresses are resolved against
        # a placeholder host: links inside the book still become #id; others keep their site path.
        self.site_url = (site_url.rstrip("/") + "/") if site_url else PLACEHOLDER_SITE
        # Every address a page answers to, absolute, without fragment.
        self.page_at = {urljoin(self.site_url, page.url): page for page in pages}

    def local_id(self, page: BookPage, anchor: str) -> str:
        return anchor if anchor in self.clause_ids else f"{page_key(page.path)}--{anchor}"

    def href(self, page: BookPage, href: str) -> str:
        """Links within the book become ``#id``; any other link becomes an absolute address, so
        that it still works from a file on a reader's disk."""
        target = urljoin(urljoin(self.site_url, page.url), href)
        split = urlsplit(target)
        if split.scheme not in ("http", "https"):
            return target
        without_fragment = target.split("#", 1)[0]
        target_page = self.page_at.get(without_fragment)
        if target_page is None:
            return target[len(PLACEHOLDER_SITE) - 1:] if target.startswith(PLACEHOLDER_SITE) else target
        if split.fragment:
            return "#" + self.local_id(target_page, split.fragment)
        return "#" + page_key(target_page.path)


def book_html(language: str, pages: list[BookPage], clause_ids: set[str], site_url: str, edition: str,
              edition_date: str) -> str:
    """The complete HTML document of the PDF edition in ``language``. ``edition`` is the sentence
    that names it (``edition_render.as_of_text``), ``edition_date`` its ISO date."""
    book = _Book(language, pages, clause_ids, site_url)
    bodies, contents = [], []
    for page in pages:
        rewriter = _PageRewriter(book, page)
        rewriter.feed(page.html)
        rewriter.close()
        bodies.append(f'<section class="book-page" id="{page_key(page.path)}">{"".join(rewriter.out)}</section>')
        contents.extend(rewriter.headings)
    words = {key: text(language, key) for key in (
        "book_title", "book_document_title", "book_subtitle", "book_authority", "book_contents", "book_notice", "book_short_title",
    )}
    words["book_edition"] = edition
    shown = {key: html.escape(value) for key, value in words.items()}
    toc = "".join(
        f'<li class="toc-{level}"><a href="#{html.escape(anchor)}">{html.escape(title)}</a></li>'
        for level, anchor, title in contents
    )
    css = resources.files(__package__).joinpath(BOOK_CSS).read_text(encoding="utf-8")
    # The running header and footer of every page, cover included: what the reader holds, which
    # edition, that it is unofficial, and the page.
    margins = (
        "@page {"
        f' @top-left {{ content: "{_css_string(words["book_short_title"])}" }}'
        f' @top-right {{ content: "{_css_string(words["book_notice"])}" }}'
        f' @bottom-left {{ content: "{_css_string(words["book_edition"])}" }}'
        ' @bottom-right { content: counter(page) " / " counter(pages) } }'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{shown['book_document_title']}</title>"
        f'<meta name="dcterms.created" content="{html.escape(edition_date)}">'
        f'<meta name="dcterms.modified" content="{html.escape(edition_date)}">'
        f"<style>{css}\n{margins}</style></head><body>"
        f'<section class="book-cover"><h1 class="book-title">{shown["book_title"]}</h1>'
        f'<p class="book-subtitle">{shown["book_subtitle"]}</p>'
        f'<p class="book-authority">{shown["book_authority"]}</p>'
        f'<p class="book-edition">{shown["book_edition"]}</p></section>'
        f'<nav class="book-contents"><h1 class="book-contents-title">{shown["book_contents"]}</h1>'
        f"<ul>{toc}</ul></nav>"
        + "".join(bodies)
        + "</body></html>\n"
    )


def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def book_pages_in_order(nav_paths: list[str], rendered: dict[str, BookPage], excluded: set[str]) -> list[BookPage]:
    """The rendered pages in navigation order, leaving out ``excluded`` (editorial pages)."""
    return [rendered[path] for path in nav_paths if path in rendered and path not in excluded]
