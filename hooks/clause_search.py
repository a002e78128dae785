"""Clause search: a search index per language, read from each rendered page's clauses.

Material's search box stays; the engine behind it is ``clause-search.js`` (see
``dism/search_index.py`` for why the index is a script). Material's own shared index is replaced
by its settings alone, so readers download only their language's clauses.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import manual_site
from dism.build_cache import MEMO, digest
from dism.search_index import SearchKeywords, SearchPage, index_file_name, index_script, page_clauses, page_entry
from dism.texts import text
from upstream import i18n_adapter, material_adapter

# Pages seen in this build, per language, until the build writes them, and their places in the
# navigation (the index lists clauses in the manual's order, which breaks ties between results).
_pages: dict[str, list[SearchPage]] = {}
_nav_order: dict[str, dict[str, int]] = {}

# Pages of generated lists that are found as a whole, by their title and introduction: the duties
# register and the self-inspection checklist (their entries are found on the clauses' own pages).
SEARCHED_AS_PAGES = ("duties", "checklist")


def on_config(config, **kwargs):
    # What overrides/main.html hands to clause-search.js on each page of this language.
    reader = manual_site.current_language(config)
    languages = manual_site.languages(config)
    config.extra["clause_search"] = {
        "language": reader,
        "indexes": {language: index_file_name(language) for language in dict.fromkeys((reader, *languages))},
        "labels": {
            "go": text(reader, "search_go_to_clause"),
            "languages": {language: text(language, "language_name") for language in languages},
        },
    }
    return config


def on_pre_build(config, **kwargs):
    # A new build of this language (mkdocs serve rebuilds; an aborted build left pages behind).
    _pages[manual_site.current_language(config)] = []


def on_nav(nav, config, files, **kwargs):
    _nav_order[manual_site.current_language(config)] = {page.url: place for place, page in enumerate(nav.pages)}
    return nav


def on_page_content(html, page, config, files, **kwargs):
    if (page.meta.get("search") or {}).get("exclude"):
        return html  # the parallel view: its clauses are found on their own pages
    clauses = MEMO.compute("search-clauses", digest(html), lambda: page_clauses(html))
    language = manual_site.current_language(config)
    manual = manual_site.manual_for(config)
    if not clauses and manual_site.page_path(page, manual) in {
            manual.page_with_directive(language, name) for name in SEARCHED_AS_PAGES}:
        entry = page_entry(html)
        if entry is not None:
            _pages.setdefault(language, []).append(SearchPage(page.url, page.title or "", [entry]))
    if clauses:
        keywords = SearchKeywords(language, manual.glossary, manual.crosswalk)
        for clause in clauses:
            clause.keywords = keywords.for_clause(clause.id, clause.title)
        _pages.setdefault(language, []).append(SearchPage(page.url, page.title or "", clauses))
    return html


# Before Material's search plugin, whose index of every page's text this hook replaces: it need
# not read any page (a page marked excluded is skipped; Material's documented front matter).
@event_priority(100)
def on_page_context(context, page, config, nav, **kwargs):
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


# Last of all: after mkdocs-static-i18n's on_post_build, inside which the other language is built
# and Material's search plugin writes its own index again.
@i18n_adapter.after_i18n
def on_post_build(config, **kwargs):
    for language, pages in _pages.items():
        order = _nav_order.get(language, {})
        pages = sorted(pages, key=lambda page: order.get(page.url, len(order)))
        (Path(config.site_dir) / index_file_name(language)).write_text(index_script(language, pages), encoding="utf-8")
    _pages.clear()  # written; the outer build (which ran the nested one) has none left to write
    material_adapter.write_search_stub(config.site_dir, list(manual_site.languages(config)))
