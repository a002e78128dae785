"""The parallel view (対訳): each chapter and appendix with every Japanese clause beside its
English clause, aligned by clause ID.

Built from the clause model already loaded for both languages: no page is read or parsed again,
and nothing is written into ``docs/``. The hook adds each page to the build as a virtual file
under ``parallel/`` in each language's site. Clause links inside lead to the parallel view of
their target; each English clause shows its translation state.

A column's text is the same Markdown in both sites (only its heading line, which names the
translation state in the reader's language, differs). Converting it once per build is enough:
the first site's page marks each column's text (``COLUMN_START`` … ``COLUMN_END``),
``finish_page`` keeps the HTML MkDocs made of it, and the next site's page holds only a
placeholder per column that ``finish_page`` fills with that HTML. The columns were about half of
the parallel view's Markdown conversion, the largest cost of a big manual's build (BENCHMARKS.md).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import replace

from .build_cache import digest
from .clauses import DIRECTIVE_INNER, Clause, ClauseRegistry
from .manual import Manual
from .markdown_text import iter_lines
from .render import RenderContext, basis_paragraph, markdown_text, page_href, render_line
from .sync import CURRENT, ORPHANED, STALE
from .texts import text

PARALLEL_DIR = "parallel"
# Page meta that keeps a page out of the search index: Material's search plugin reads it, and it
# is the marker any other index of the site should honour (the clause's own page is the result).
FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n"


# Around a column's text in the page that converts it, and in its place in a page that reuses it.
# HTML comments on lines of their own: Markdown passes them through, each on its own line.
COLUMN_START = "<!-- dism-parallel-column {key} -->"
COLUMN_END = "<!-- /dism-parallel-column -->"
COLUMN_SHARED = "<!-- dism-parallel-shared {key} -->"


def _mark(template: str) -> str:
    """The pattern of a mark as Markdown writes it out, its key captured."""
    return re.escape(template).replace(re.escape("{key}"), "(?P<key>[0-9a-f]+)")


_MARKED_COLUMN = re.compile(f"{_mark(COLUMN_START)}\n(?P<html>.*?){_mark(COLUMN_END)}\n", re.S)
_SHARED_COLUMN = re.compile(f"{_mark(COLUMN_SHARED)}\n?")


def parallel_path(path: str) -> str:
    return f"{PARALLEL_DIR}/{path}"


def has_parallel_view(manual: Manual, path: str) -> bool:
    """Every page of the authoritative language with clauses has a parallel view."""
    page = manual.pages[manual.authoritative].get(path)
    return page is not None and bool(page.clauses)


def parallel_pages(manual: Manual) -> list[str]:
    return [path for path in manual.pages[manual.authoritative] if has_parallel_view(manual, path)]


def site_parallel_pages(manual: Manual, site_language: str, directory_urls: bool,
                        converted: Mapping[str, str] = {}) -> dict[str, str]:
    """The Markdown of every parallel page of one language's site, by page path (``chapter-09.md``).
    Each language's column is rendered with that language's clauses, its links leading to the
    parallel view of their target. A column whose text another site of this build has converted
    already (its key in ``converted``, kept by ``finish_page``) is a placeholder for that HTML."""
    contexts = {
        language: RenderContext(
            language=language,
            page_path="",
            registry=parallel_registry(manual.registries[language]),
            sources=manual.sources,
            authorities_path=manual.page_with_directive(site_language, "authorities"),
            directory_urls=directory_urls,
            basis=manual.basis.get(language),
            basis_legend_path=manual.page_with_directive(site_language, "basis-legend"),
        )
        for language in manual.paths.languages
    }
    pages = {}
    for path in parallel_pages(manual):
        for ctx in contexts.values():
            ctx.page_path = parallel_path(path)
        pages[path] = parallel_markdown(manual, path, site_language, contexts, converted)
    return pages


def finish_page(page_html: str, converted: dict[str, str]) -> str:
    """A parallel page's HTML as MkDocs made it, finished: each placeholder filled with the HTML of
    its column's text from ``converted``, and the columns this page converted added to it, their
    marks removed."""
    filled = _SHARED_COLUMN.sub(lambda match: converted[match["key"]], page_html)

    def keep(match: re.Match) -> str:
        converted[match["key"]] = match["html"]
        return match["html"]

    return _MARKED_COLUMN.sub(keep, filled)


def parallel_registry(registry: ClauseRegistry) -> ClauseRegistry:
    """The registry with each clause on its parallel page, so that links lead there."""
    moved = {cid: replace(clause, path=parallel_path(clause.path)) for cid, clause in registry.clauses.items()}
    return ClauseRegistry(registry.language, moved, {}, [], registry.cited_by)


def state_label(state: str, site_language: str) -> tuple[str, str]:
    """The class and the words for an English clause's translation state."""
    if state == CURRENT:
        return "current", text(site_language, "parallel_current")
    if state == STALE:
        return "stale", text(site_language, "parallel_stale")
    if state == ORPHANED:
        return "orphaned", text(site_language, "parallel_orphaned")
    return "untranslated", text(site_language, "parallel_untranslated")


def is_directive_line(line: str) -> bool:
    """A line that is only ``[[generate: name]]``."""
    stripped = line.strip()
    return stripped.startswith("[[") and stripped.endswith("]]") and bool(DIRECTIVE_INNER.match(stripped[2:-2].strip()))


def _column(ctx: RenderContext, clause: Clause | None, language: str, state_html: str = "", page: str = "",
            converted: Mapping[str, str] = {}) -> str:
    out = [f'<div class="dism-parallel-column" lang="{language}" markdown="1">', ""]
    if clause is not None:
        heading = html.escape(f"{clause.id} {clause.title}".strip(), quote=False)
        out += [f'<p class="dism-parallel-heading"><strong>{heading}</strong>{state_html}</p>', ""]
        body = _column_text(ctx, clause, language, page)
        key = digest(language, body)
        if key in converted:
            out += [COLUMN_SHARED.format(key=key)]
        else:
            out += [COLUMN_START.format(key=key), "", body, "", COLUMN_END]
    elif state_html:
        out += [f'<p class="dism-parallel-heading">{state_html.strip()}</p>']
    out += ["", "</div>"]
    return "\n".join(out)


def _column_text(ctx: RenderContext, clause: Clause, language: str, page: str) -> str:
    """The Markdown of a column below its heading: the same in every site of the build."""
    out = basis_paragraph(ctx, clause.id)
    for line in iter_lines(clause.body):
        if not line.in_code and is_directive_line(line.text):
            # Generated content (a whole register) is not repeated in both columns: the
            # column says where it stands.
            before, after = (html.escape(part, quote=False) for part in text(language, "parallel_generated").split("{link}"))
            link = (f'<a href="{html.escape(page_href(ctx, page))}#{html.escape(clause.id)}">'
                    f'{html.escape(clause.id)}</a>')
            out.append(f'<p class="dism-parallel-generated">{before}{link}{after}</p>')
            continue
        out.append(line.text if line.in_code else render_line(ctx, line.text))
    return "\n".join(out)


def parallel_markdown(
    manual: Manual, path: str, site_language: str, contexts: dict[str, RenderContext],
    converted: Mapping[str, str] = {},
) -> str:
    """The Markdown of one parallel page in the site of ``site_language``. ``contexts`` holds,
    for each language, the context that renders its column (page path and parallel registry)."""
    authoritative = manual.authoritative
    second = next((lang for lang in manual.paths.languages if lang != authoritative), authoritative)
    own_page = manual.pages.get(site_language, {}).get(path) or manual.pages[authoritative][path]
    title = text(site_language, "parallel_page_title", title=own_page.title or path)
    back = page_href(contexts[site_language], path)
    out = [
        FRONT_MATTER,
        f"# {markdown_text(title)}",
        "",
        f'<p class="dism-parallel-intro">{html.escape(text(site_language, "parallel_intro"), quote=False)} '
        f'<a href="{html.escape(back)}">{html.escape(text(site_language, "parallel_back"), quote=False)}</a></p>',
        "",
    ]
    for state in manual.sync.on_page(path):
        kind, words = state_label(state.state, site_language)
        badge = f' <span class="dism-parallel-state dism-parallel-{kind}">{html.escape(words, quote=False)}</span>'
        out += [
            f'<section class="dism-parallel" id="{html.escape(state.id)}" markdown="1">',
            "",
            _column(contexts[authoritative], state.ja, authoritative, page=path, converted=converted),
            "",
            _column(contexts[second], state.en, second, badge, page=path, converted=converted),
            "",
            "</section>",
            "",
        ]
    return "\n".join(out)
