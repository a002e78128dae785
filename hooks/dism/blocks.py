"""Generated content as data: headings, paragraphs and tables of text and links.

Generators build these values; ``render.write_blocks`` is the one writer that turns them into
the page, escaping every piece of text. Text from data files and clause titles is therefore
never read as Markdown or HTML, whatever it holds (``<script>``, ``|``, ``[x](y)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class ClauseRef:
    """A link to a clause in the reader's language; ``titled`` adds its title to the label."""

    id: str
    titled: bool = False


@dataclass(frozen=True)
class PageRef:
    """A link to another page of the reader's language."""

    path: str
    label: str


@dataclass(frozen=True)
class SourceRef:
    """A link to a source's entry in Appendix C, labelled with its short name (and the pinpoint,
    when given: 特定秘密保護法第12条 / "SDS Act, Article 12")."""

    source_id: str
    pinpoint: str = ""


@dataclass(frozen=True)
class ExternalLink:
    label: str
    url: str
    hreflang: str = ""


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


# Plain ``str`` is text. A cell or paragraph is one inline or a list of them.
Inline = Union[str, ClauseRef, PageRef, SourceRef, ExternalLink, Code, Strong]
Content = Union[Inline, list]


@dataclass(frozen=True)
class Heading:
    """``depth`` 1 is one level below the heading that holds the generated content."""

    depth: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    content: Content


@dataclass(frozen=True)
class Table:
    """``row_ids``, when given, are the rows' anchors (one for each row, "" for none); ``css_class``
    names the table for the stylesheet (the printed checklist)."""

    header: list
    rows: list
    row_ids: tuple = ()
    css_class: str = ""


@dataclass(frozen=True)
class Fields:
    """Label/value pairs: a table whose first column holds row headers and has no header row."""

    rows: list


@dataclass(frozen=True)
class Items:
    """A bulleted list; each item is content (one inline or a list of them)."""

    items: list


@dataclass(frozen=True)
class Markup:
    """HTML made by the core's own renderers, which escape every text they take (the clause
    differences of ``edition_render``); never a value read from a data file as such."""

    html: str


Block = Union[Heading, Paragraph, Table, Fields, Items, Markup]
