"""Rendering a page's Markdown: clause anchors, links, citations, notices, generated content.

The output is still Markdown, so MkDocs resolves and validates every link it holds (relative
``.md`` links with anchors), and links keep working under ``/en/`` and in ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .basis_levels import BasisLevel
from .blocks import (
    Block, ClauseRef, Code, ExternalLink, Fields, Heading, Items, Markup, PageRef, Paragraph, SourceRef, Strong, Table,
)
from .clauses import (
    Citation,
    ClauseRegistry,
    Reference,
    Token,
    parse_clause_heading,
    parse_page,
    scan_tokens,
    split_heading,
)
from .crosswalk import Crosswalk, ecfr_url, nispom_anchor
from .markdown_text import iter_lines, prose_segments
from .sources import Source, citation_text, format_pinpoint, link_for_language, link_language
from .texts import text


@dataclass
class RenderContext:
    """What rendering one page in one language needs; built by the hook, filled by the core."""

    language: str
    page_path: str
    registry: ClauseRegistry
    sources: dict[str, Source] = field(default_factory=dict)
    authorities_path: str | None = None
    directory_urls: bool = True
    # When a list is given, links are rendered as placeholders and their HTML is kept here, to be
    # put back into the page's HTML by ``restore_links``: Markdown then never parses them.
    deferred_links: list[str] | None = None
    generated: dict[str, Callable[[RenderContext], list[Block]]] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    crosswalk: Crosswalk | None = None
    crosswalk_path: str | None = None  # the page that holds Appendix D's tables
    parallel_page: str | None = None  # this page's parallel view, when it has one
    basis: dict[str, BasisLevel] | None = None  # clause ID -> basis level, shown under each heading
    basis_legend_path: str | None = None  # the page that holds the legend of basis levels


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of a page inside its language's site, as MkDocs computes it."""
    stem = path[:-3] if path.endswith(".md") else path
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@functools.lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """A relative address from one page URL to another (both relative to the same site root)."""
    base = from_url.rsplit("/", 1)[0] if "/" in from_url else ""
    relative = posixpath.relpath(to_url or ".", base or ".")
    if to_url == "" or to_url.endswith("/"):
        return "./" if relative == "." else f"{relative}/"
    return relative


def page_href(ctx: RenderContext, to_path: str) -> str:
    """A link from the page being rendered to another page of the same language."""
    return relative_url(page_url(ctx.page_path, ctx.directory_urls), page_url(to_path, ctx.directory_urls))


def relative_href(ctx: RenderContext, to_path: str, anchor: str) -> str:
    """A link from the page being rendered to an anchor of a page of the same language."""
    if to_path == ctx.page_path:
        return f"#{anchor}"
    return f"{page_href(ctx, to_path)}#{anchor}"


def html_link(label: str, href: str, title: str = "", hreflang: str = "", aria_label: str = "") -> str:
    """A finished link. Clause links are written as HTML, not Markdown: their targets are checked
    against the clause registry already, and MkDocs would otherwise resolve and re-validate
    every one of them (a large cost in a large manual; see BENCHMARKS.md)."""
    title_attribute = f' title="{html.escape(title)}"' if title else ""
    lang_attribute = f' hreflang="{html.escape(hreflang)}"' if hreflang else ""
    # A tooltip is not announced by screen readers; ``aria_label`` is (it starts with the visible label).
    aria_attribute = f' aria-label="{html.escape(aria_label)}"' if aria_label else ""
    return (f'<a href="{html.escape(href)}"{title_attribute}{lang_attribute}{aria_attribute}>'
            f'{html.escape(label, quote=False)}</a>')


# Private-use characters: Markdown keeps them as text (it strips its own STX/ETX markers).
LINK_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")


def deferred(ctx: RenderContext, link_html: str) -> str:
    """The link itself, or a placeholder for it when the context defers links."""
    if ctx.deferred_links is None:
        return link_html
    ctx.deferred_links.append(link_html)
    return f"\ue000{len(ctx.deferred_links) - 1}\ue001"


def restore_links(page_html: str, links: list[str]) -> str:
    """Put deferred links back into the HTML Markdown made of the page."""
    if not links:
        return page_html
    return LINK_PLACEHOLDER.sub(lambda match: links[int(match.group(1))], page_html)


# Markup that a preview shows as plain text: reference and citation brackets, emphasis, list
# markers, table pipes, attribute lists.
PREVIEW_MARKUP = re.compile(r"\[\[[@+]?|\]\]|\{:?[^{}]*\}|[*_`|>#]+|^\s*(?:[-+]|[0-9]+\.)\s+", re.MULTILINE)
PREVIEW_LENGTH = 160
# The basis line names sources by registry ID; the preview is about what the clause says.
BASIS_LINE = re.compile(r"(?:\bBasis|根拠)[:：].*$", re.MULTILINE)


@functools.lru_cache(maxsize=65536)
def preview(title: str, body: str) -> str:
    """A clause's title and first lines as plain text: the tooltip of every link to it, so a
    reader sees what a cited clause says without a request (it works offline and from file://)."""
    first = " ".join(PREVIEW_MARKUP.sub(" ", BASIS_LINE.sub("", body)).split())
    if len(first) > PREVIEW_LENGTH:
        first = first[:PREVIEW_LENGTH].rstrip() + "…"
    return f"{title} — {first}" if first and title else title or first


def clause_link(ctx: RenderContext, clause_id: str, titled: bool = False) -> str | None:
    """A link to a clause in the reader's language, its title and first lines as the tooltip."""
    clause = ctx.registry.clauses.get(clause_id)
    if clause is None:
        return None
    label = f"{clause_id} {clause.title}" if titled and clause.title else clause_id
    name = f"{clause_id} {clause.title}" if label == clause_id and clause.title else ""
    href = relative_href(ctx, clause.path, clause_id)
    return deferred(ctx, html_link(label, href, preview(clause.title, clause.body), aria_label=name))


def citation_link(ctx: RenderContext, citation: Citation) -> str | None:
    source = ctx.sources.get(citation.source)
    if source is None:
        return None
    label = citation_text(source, citation.pinpoint, ctx.language)
    if ctx.authorities_path is None:
        return html.escape(label, quote=False)
    # The short name is what a reader sees; the full official name is what a screen reader says
    # and what the tooltip shows, with the pinpoint.
    full_name = source.name(ctx.language)
    where = format_pinpoint(citation.pinpoint, ctx.language)
    tooltip = f"{full_name}{where}" if ctx.language == "ja" else ", ".join(filter(None, [full_name, where]))
    # A spoken name begins with the visible label (WCAG 2.5.3, "label in name").
    spoken = tooltip if tooltip.startswith(label) else (
        f"{label}（{full_name}）" if ctx.language == "ja" else f"{label} ({full_name})")
    link = html_link(label, relative_href(ctx, ctx.authorities_path, f"src-{source.id}"), tooltip, aria_label=spoken)
    return deferred(ctx, link) + law_text_link(ctx, source)


# Where the reader's language reads a law's text: e-Gov (Japanese), the Japanese Law Translation
# database (English). The link opens the law: neither site's article anchors are documented.
LAW_TEXT_LINK = {"ja": ("egov", "e-Gov"), "en": ("jlt", "JLT")}
# The kinds of source (sources.KINDS) whose text e-Gov and JLT publish: Acts and Cabinet Orders.
KINDS_WITH_LAW_TEXT = ("law", "cabinet-order")


def law_text_link(ctx: RenderContext, source: Source) -> str:
    if source.kind not in KINDS_WITH_LAW_TEXT or ctx.language not in LAW_TEXT_LINK:
        return ""
    key, label = LAW_TEXT_LINK[ctx.language]
    url = source.links.get(key)
    if not url:
        return ""
    title = f"{text(ctx.language, 'law_text_at')}: {source.name(ctx.language)}"
    outgoing = html_link(label, link_for_language(url, ctx.language), title, link_language(key, ctx.language))
    return f" ({deferred(ctx, outgoing)})"


def render_token(ctx: RenderContext, segment: str, token: Token) -> str:
    """The Markdown that replaces one token; the original text when it cannot be resolved."""
    original = segment[token.start : token.end]
    if token.kind == "reference":
        reference: Reference = token.value  # type: ignore[assignment]
        link = clause_link(ctx, reference.target, titled=reference.form == "titled")
        if link is None:
            return original
        return f"{token.prefix}{link}"
    if token.kind == "citation":
        return citation_link(ctx, token.value) or original  # type: ignore[arg-type]
    return original


def render_segment(ctx: RenderContext, segment: str, line: int = 0) -> str:
    pieces: list[str] = []
    position = 0
    for token in scan_tokens(segment, line):
        pieces.append(segment[position : token.start])
        pieces.append(render_token(ctx, segment, token))
        position = token.end
    pieces.append(segment[position:])
    return "".join(pieces)


def render_line(ctx: RenderContext, line: str) -> str:
    return "".join(
        render_segment(ctx, segment) if is_prose else segment for is_prose, segment in prose_segments(line)
    )


def anchored_heading(line: str, clause_id: str) -> str:
    """Give a clause heading its ID as anchor, keeping any attribute list the editor wrote."""
    heading = split_heading(line, 0)
    if heading is None:
        return line
    attrs = heading.attrs or ""
    if f"#{clause_id}" in attrs.split():
        return line
    attrs = " ".join(part for part in attrs.split() if not part.startswith("#"))
    hashes = "#" * heading.level
    return f"{hashes} {heading.text} {{ #{clause_id} {attrs} }}".replace("  }", " }")


def cited_by_paragraph(ctx: RenderContext, clause_id: str) -> list[str]:
    citing = ctx.registry.cited_by.get(clause_id)
    if not citing:
        return []
    links = [clause_link(ctx, other) or other for other in citing]
    separator = text(ctx.language, "list_separator")
    return ["", f"*{text(ctx.language, 'cited_by')}:* {separator.join(links)}", "{: .clause-cited-by }", ""]


def parallel_paragraph(ctx: RenderContext, clause_id: str) -> list[str]:
    """A link to the clause in the parallel view (Japanese beside English)."""
    if ctx.parallel_page is None:
        return []
    link = html_link(text(ctx.language, "parallel_clause_link"), relative_href(ctx, ctx.parallel_page, clause_id))
    return ["", f'<p class="clause-parallel">{deferred(ctx, link)}</p>', ""]


def parallel_page_link(markdown: str, ctx: RenderContext) -> str:
    """The page with a link to its parallel view under its first heading."""
    if ctx.parallel_page is None:
        return markdown
    link = html_link(text(ctx.language, "parallel_link"), page_href(ctx, ctx.parallel_page))
    paragraph = f'<p class="dism-parallel-link">{deferred(ctx, link)}</p>'
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if first is None:
        return f"{paragraph}\n\n{markdown}"
    return "\n".join([*lines[: first + 1], "", paragraph, "", *lines[first + 1:]])


def nispom_paragraph(ctx: RenderContext, clause_id: str) -> list[str]:
    """The clause's 32 CFR Part 117 sections, each linked to its row of Appendix D and, as a plain
    outgoing link, to the eCFR; "no counterpart" only where the crosswalk says so."""
    if ctx.crosswalk is None or clause_id not in ctx.crosswalk.clause_sections:
        return []
    sections = ctx.crosswalk.clause_sections[clause_id]
    label = html.escape(text(ctx.language, "nispom_at_clause"), quote=False)
    if not sections:
        note = text(ctx.language, "nispom_no_counterpart")
        links = [appendix_d_link(ctx, note, nispom_anchor(clause_id=clause_id), note) if ctx.crosswalk_path
                 else html.escape(note, quote=False)]
    else:
        ecfr = text(ctx.language, "nispom_on_ecfr")
        links = []
        for section in sections:
            title = ctx.crosswalk.section_titles.get(section.split("(")[0], "")
            badge = (appendix_d_link(ctx, f"§ {section}", nispom_anchor(section=section), title)
                     if ctx.crosswalk_path else html.escape(f"§ {section}", quote=False))
            outgoing = deferred(ctx, html_link(ecfr, ecfr_url(section), f"{ecfr}: 32 CFR {section}", "en"))
            links.append(f'<span class="clause-nispom-section">{badge} ({outgoing})</span>')
    separator = html.escape(text(ctx.language, "list_separator"), quote=False)
    return ["", f'<p class="clause-nispom"><em>{label}:</em> {separator.join(links)}</p>', ""]


def basis_anchor(level: str) -> str:
    """The legend row of a basis level (Appendix C)."""
    return f"basis-{level}"


def basis_paragraph(ctx: RenderContext, clause_id: str) -> list[str]:
    """The clause's basis level, under its heading: a small label that names the level, linked to
    its row of the legend, with its meaning and the sources that give it as the tooltip."""
    if ctx.basis is None or clause_id not in ctx.basis:
        return []
    basis = ctx.basis[clause_id]
    label = text(ctx.language, f"basis_{basis.level}")
    description = text(ctx.language, f"basis_{basis.level}_help")
    names = [ctx.sources[s].name(ctx.language, "short") for s in basis.sources if s in ctx.sources]
    if names:
        description = text(ctx.language, "basis_sources", description=description,
                           sources=text(ctx.language, "list_separator").join(names))
    # The spoken name says what the label is; its meaning is the link's description (title).
    spoken = text(ctx.language, "basis_spoken", label=label)
    if ctx.basis_legend_path is None:
        shown = f'<span title="{html.escape(description)}" aria-label="{html.escape(spoken)}">' \
                f'{html.escape(label, quote=False)}</span>'
    else:
        href = relative_href(ctx, ctx.basis_legend_path, basis_anchor(basis.level))
        shown = deferred(ctx, html_link(label, href, description, aria_label=spoken))
    heading = html.escape(text(ctx.language, "basis_label"), quote=False)
    colon = "：" if ctx.language == "ja" else ":"
    level = html.escape(basis.level)
    return ["", f'<p class="clause-basis clause-basis-{level}"><em>{heading}{colon}</em> {shown}</p>', ""]


def appendix_d_link(ctx: RenderContext, label: str, anchor: str, title: str) -> str:
    return deferred(ctx, html_link(label, relative_href(ctx, ctx.crosswalk_path, anchor), title))


def render_page(markdown: str, ctx: RenderContext) -> str:
    """Render one page's Markdown (front matter already removed, as MkDocs hands it over)."""
    structure = parse_page(markdown, ctx.page_path, ctx.page_path, with_references=False)
    clause_at = {clause.line: clause for clause in structure.clauses}
    clause_ending_at: dict[int, list[str]] = {}
    for clause in structure.clauses:
        clause_ending_at.setdefault(clause.end_line, []).append(clause.id)
    directive_at = {directive.line: directive.name for directive in structure.directives}

    out: list[str] = []
    heading_level = 0  # of the last heading, so generated headings nest under it
    for source_line in iter_lines(markdown):
        number = source_line.number
        clause = None if source_line.in_code else clause_at.get(number)
        heading = None if source_line.in_code else split_heading(source_line.text, number)
        if heading is not None:
            heading_level = heading.level
        if clause is not None:
            out.append(anchored_heading(source_line.text, clause.id))
            out.extend(basis_paragraph(ctx, clause.id))
        elif source_line.in_code:
            out.append(source_line.text)
        elif number in directive_at:
            out.append(render_generated(ctx, directive_at[number], heading_level))
        elif source_line.text.startswith("#"):
            out.append(render_heading(ctx, source_line.text))
        else:
            out.append(render_line(ctx, source_line.text))
        for ended in clause_ending_at.get(number, ()):
            out.extend(parallel_paragraph(ctx, ended))
            out.extend(nispom_paragraph(ctx, ended))
            out.extend(cited_by_paragraph(ctx, ended))
    rendered = "\n".join(out)
    # Only the abbreviations the page uses: the abbr extension's cost grows with each definition
    # and, on long pages such as the clause index, with the square of an element's children.
    used = [f"*[{abbr}]: {meaning}" for abbr, meaning in ctx.abbreviations.items() if abbr in rendered]
    return rendered + "\n\n" + "\n".join(used) if used else rendered


def render_heading(ctx: RenderContext, line: str) -> str:
    """Links in a heading are written in place, never deferred: a heading's text also becomes
    the table of contents and navigation entry, which never pass through ``restore_links``."""
    held, ctx.deferred_links = ctx.deferred_links, None
    try:
        return render_line(ctx, line)
    finally:
        ctx.deferred_links = held


def render_generated(ctx: RenderContext, name: str, enclosing_level: int = 1) -> str:
    generate = ctx.generated.get(name)
    if generate is None:
        return f"[[generate: {name}]]"
    return write_blocks(ctx, generate(ctx), enclosing_level)


# Python-Markdown's backslash escapes (with the tables extension's ``|``): escaped, these are
# always literal text in a heading.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def markdown_text(value: str) -> str:
    """Text that Markdown shows as written: HTML-escaped, its Markdown punctuation escaped."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))


def write_blocks(ctx: RenderContext, blocks: list[Block], enclosing_level: int = 1) -> str:
    """The one writer of generated content. Headings are Markdown (so they reach the table of
    contents and get permalinks); everything else is HTML. Every text is escaped here."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(6, enclosing_level + block.depth)
            out.append(f"{'#' * level} {markdown_text(block.text)} {{#{block.anchor}}}")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{inline_html(ctx, block.content)}</p>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{inline_html(ctx, cell)}</th>' for cell in block.header)
            row_ids = block.row_ids or ("",) * len(block.rows)
            body = "".join(
                (f'<tr id="{html.escape(row_id)}">' if row_id else "<tr>")
                + "".join(f"<td>{inline_html(ctx, cell)}</td>" for cell in row) + "</tr>"
                for row_id, row in zip(row_ids, block.rows)
            )
            opening = f'<table class="{html.escape(block.css_class)}">' if block.css_class else "<table>"
            out.append(f"{opening}\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>")
        elif isinstance(block, Fields):
            body = "".join(
                f'<tr><th scope="row">{inline_html(ctx, label)}</th><td>{inline_html(ctx, value)}</td></tr>'
                for label, value in block.rows
            )
            out.append(f'<table class="dism-fields">\n<tbody>{body}</tbody>\n</table>')
        elif isinstance(block, Items):
            out.append("<ul>" + "".join(f"<li>{inline_html(ctx, item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Markup):
            out.append(block.html)
        out.append("")
    return "\n".join(out).rstrip("\n")


def inline_html(ctx: RenderContext, content) -> str:
    """HTML for a cell or paragraph: a string is text, the other inline types are links or markup."""
    if isinstance(content, list):
        return "".join(inline_html(ctx, part) for part in content)
    if isinstance(content, str):
        return html.escape(content, quote=False)
    if isinstance(content, ClauseRef):
        return clause_link(ctx, content.id, content.titled) or html.escape(content.id, quote=False)
    if isinstance(content, SourceRef):
        return (citation_link(ctx, Citation(content.source_id, content.pinpoint, 0))
                or html.escape(content.source_id, quote=False))
    if isinstance(content, PageRef):
        return deferred(ctx, html_link(content.label, page_href(ctx, content.path)))
    if isinstance(content, ExternalLink):
        return deferred(ctx, html_link(content.label, content.url, hreflang=content.hreflang))
    if isinstance(content, Code):
        return f"<code>{html.escape(content.text, quote=False)}</code>"
    if isinstance(content, Strong):
        return f"<strong>{html.escape(content.text, quote=False)}</strong>"
    raise TypeError(f"not generated content: {content!r}")


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition block in Markdown."""
    title = title.replace('"', "'")
    indented = "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
    return f'!!! {kind} "{title}"\n\n{indented}'


def add_notices(markdown: str, clause_notices: dict[str, str], page_notice: str = "") -> str:
    """Put ``page_notice`` at the top of the page and each clause's notice under its heading."""
    if not clause_notices and not page_notice:
        return markdown
    out = [page_notice, ""] if page_notice else []
    for source_line in iter_lines(markdown):
        out.append(source_line.text)
        if source_line.in_code or not clause_notices:
            continue
        heading = split_heading(source_line.text, source_line.number)
        declared = parse_clause_heading(heading) if heading else None
        if declared and declared[0] in clause_notices:
            out.extend(["", clause_notices[declared[0]], ""])
    return "\n".join(out)
