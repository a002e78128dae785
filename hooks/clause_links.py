"""Clause IDs and cross-links: anchors, links in the reader's language, citations, checks.

Event functions only gather inputs, call the pure core in ``dism`` and log what it returns.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

import manual_site
from dism.generated import generators
from dism.glossary import abbreviations
from dism.render import RenderContext, render_page, restore_links

log = get_plugin_logger("clause_links")


def on_config(config, **kwargs):
    manual = manual_site.manual_for(config)
    if manual_site.first_report(config, "clause_links"):
        for category in ("files", "data", "pages", "clauses", "citations"):
            for problem in manual.problems[category]:
                log.warning(str(problem))
    return config


def on_files(files, config, **kwargs):
    """Leave out pages that are not UTF-8: they are reported already, and MkDocs would stop
    with a traceback reading them."""
    unreadable = manual_site.manual_for(config).unreadable
    for file in list(files):
        if file.abs_src_path and Path(file.abs_src_path).resolve() in unreadable:
            files.remove(file)
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    ctx = RenderContext(
        language=language,
        page_path=manual_site.page_path(page, manual),
        registry=manual.registries[language],
        sources=manual.sources,
        authorities_path=manual.page_with_directive(language, "authorities"),
        directory_urls=config.use_directory_urls,
        generated=generators(manual),
        abbreviations=abbreviations(manual.glossary, language),
        deferred_links=manual_site.new_deferred_links(page),
    )
    return render_page(markdown, ctx)


def on_page_content(html, page, config, files, **kwargs):
    return restore_links(html, manual_site.deferred_links(page))
