"""Finishing the HTML a reader gets: clause IDs that never wrap, Japanese marked as Japanese.

Each function is one linear pass over a page's HTML. (What is matched in Material's own markup
is in ``upstream.material_adapter``.)
"""

from __future__ import annotations

import re

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
