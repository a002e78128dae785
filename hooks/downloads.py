"""The manual to take away: a PDF of each language, and what the printed page and each page's
download links show. Event functions only; the book itself is assembled in ``dism.book``.

The PDFs are written only when ``extra.manual_pdf`` is true (``make build`` sets MANUAL_PDF=true),
so that ``make serve`` never waits for them on a save. Each language's book is typeset in a process
of its own, started when that language's site is built (``dism.typeset``); the build waits for
them after its last language, so that their warnings still fail the strict build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

import manual_site
from dism.book import BookPage, book_html, book_pages_in_order
from dism.downloads import DOWNLOADS_PAGE, downloads, pdf_name
from dism.edition_render import as_of_text
from dism.texts import text
from dism.typeset import PdfEngineMissing, Typesetters, report
from upstream import pydyf_adapter

log = get_plugin_logger("downloads")

def _build_state(config) -> dict:
    """For one build (the nested language builds share it): each language's navigation order and
    rendered pages, the books being typeset and the languages whose book was handed over (to
    them, or refused for want of WeasyPrint)."""
    return manual_site.kept_for_build(config, "downloads", lambda: {
        "nav": {}, "pages": {}, "handed_over": set(),
        "typesetters": Typesetters(len(manual_site.languages(config)), prepare=pydyf_adapter.install)})


def _edition(config, language: str) -> tuple[str, str]:
    """The sentence naming the edition the build publishes (as on every page), and its date."""
    as_of = manual_site.manual_for(config).editions.as_of(language)
    return as_of_text(as_of, language), as_of.date


def on_nav(nav, config, files, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    _build_state(config)["nav"][language] = [manual_site.page_path(page, manual) for page in nav.pages]
    return nav


def on_page_content(html, page, config, files, **kwargs):
    if config.extra.get("manual_pdf"):
        manual = manual_site.manual_for(config)
        language = manual_site.current_language(config)
        path = manual_site.page_path(page, manual)
        _build_state(config)["pages"].setdefault(language, {})[path] = BookPage(path, page.url, html)
    return html


def on_page_context(context, page, config, nav, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    edition, _ = _edition(config, language)
    parsed = manual.pages.get(language, {}).get(manual_site.page_path(page, manual))
    context["manual_takeaway"] = {
        "notice": text(language, "book_notice"),
        "authority": text(language, "book_authority"),
        "edition": edition,
        "address_label": text(language, "print_address"),
        # With a site URL the page's address; without one (a copy hostable anywhere) its path, which
        # a script in the page replaces with the address the reader opened.
        "address": page.canonical_url or page.url,
        "downloads_title": text(language, "download_title"),
        # Site-root addresses, which the template's url filter writes relative to the page.
        "files": [{"url": item.file, "label": text(language, item.label)}
                  for item in downloads(language, offline_copy=config.use_directory_urls)],
        # A page that lists the downloads in its text ([[generate: downloads]]) needs no list below it.
        "aside": not (parsed and any(d.name == "downloads" for d in parsed.directives)),
    }
    return context


def on_post_build(config, **kwargs):
    if not config.extra.get("manual_pdf"):
        return
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    state = _build_state(config)
    # Left out of the book: the editors' status page, and the page that offers the book itself.
    editorial = {manual.page_with_directive(language, "translation-status"), DOWNLOADS_PAGE}
    pages = book_pages_in_order(state["nav"].get(language, []), state["pages"].get(language, {}), editorial)
    edition, edition_date = _edition(config, language)
    document = book_html(language, pages, set(manual.registries[language].clauses), config.site_url or "",
                         edition, edition_date)
    typesetters: Typesetters = state["typesetters"]
    try:
        typesetters.start(language, document, Path(config.site_dir) / pdf_name(language))
    except PdfEngineMissing as problem:
        log.warning(f"[{language}] the PDF needs WeasyPrint ({problem}): run 'make build', which installs it")
    state["handed_over"].add(language)
    if state["handed_over"] >= set(manual_site.languages(config)):
        # The last language's build: every book has been started; wait for them all.
        for done in typesetters.finish():
            for url in done.refused:
                log.warning(f"[{done.language}] {pdf_name(done.language)}: the book refers to {url}, which a PDF must not fetch")
            log.info(report(done))
