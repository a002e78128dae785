"""Finishing the HTML a reader gets: clause IDs that never wrap, Japanese marked as Japanese,
interface words in the page's language, and no head links that Material's scripts misuse.

Each function is one linear pass over a page's HTML.
"""

from __future__ import annotations

import html
import re

from .texts import text

# Markup, comments and text runs of an HTML fragment, in order.
HTML_PIECE = re.compile(r"<!--.*?-->|<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^>]*>|[^<]+|<", re.S)
# Elements whose text is shown or run as it is.
VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

# A clause ID in running text (also "1-101" in "（例：1-101）"); never part of a longer number.
CLAUSE_ID_TEXT = re.compile(r"(?<![\w.\-\u2010-\u2015])(?:[1-9][0-9]?|[A-Z])-[0-9]{3}(?![\w\-\u2010-\u2015])")

# Japanese script: CJK punctuation, kana, ideographs, full-width forms.
JAPANESE_CHAR = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9f"
JAPANESE_RUN = re.compile(f"[{JAPANESE_CHAR}](?:[{JAPANESE_CHAR}0-9]*[{JAPANESE_CHAR}])?")
HAS_JAPANESE = re.compile(f"[{JAPANESE_CHAR}]")
HAS_LATIN = re.compile(r"[A-Za-z]")

# The head's hreflang links. Material fetches "sitemap.xml" below each of them (404 on every
# page view) and takes over clicks on links into the other language, dropping their #anchor.
# The sitemap still lists every page's alternates for search engines.
LANGUAGE_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')

# Material's search overlay is a dialog without a name.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'

PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def mark_text(content: str, language: str, authoritative: str = "ja") -> str:
    """Keep every clause ID on one line, and on pages not in Japanese mark Japanese text
    ``lang="ja"`` so that screen readers and fonts treat it as Japanese."""
    mark_japanese = language != authoritative
    out: list[str] = []
    verbatim_depth = 0
    for piece in HTML_PIECE.finditer(content):
        tag = piece.group("tag")
        if tag is not None:
            if tag.lower() in VERBATIM:
                verbatim_depth += -1 if piece.group("close") else 1
                verbatim_depth = max(verbatim_depth, 0)
            out.append(piece.group())
            continue
        chunk = piece.group()
        if verbatim_depth or chunk.startswith("<"):
            out.append(chunk)
            continue
        chunk = CLAUSE_ID_TEXT.sub(lambda m: f'<span class="clause-id">{m.group()}</span>', chunk)
        if mark_japanese:
            chunk = JAPANESE_RUN.sub(lambda m: f'<span lang="ja">{m.group()}</span>', chunk)
        out.append(chunk)
    return "".join(out)


def is_only_japanese(title: str) -> bool:
    """True for a title with Japanese and no Latin letter: on an English page it says nothing
    to a reader of English."""
    return bool(HAS_JAPANESE.search(title)) and not HAS_LATIN.search(title)


def drop_language_alternates(page: str) -> str:
    return LANGUAGE_ALTERNATE.sub("", page)


def localise_permalinks(content: str, language: str) -> str:
    """The toc extension writes one English tooltip for every heading's ¶ link."""
    title = html.escape(text(language, "permalink"))
    return PERMALINK.sub(lambda m: f"{m.group(1)}{title}{m.group(2)}", content)


def name_search_dialog(page: str, language: str) -> str:
    label = html.escape(text(language, "search"))
    return page.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
