"""Clause IDs and cross-links: anchors, links in the reader's language, citations, checks.

Event functions only gather inputs, call the pure core in ``dism`` and log what it returns.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

import manual_site
from dism.generated import generators
from dism.glossary import abbreviations
from dism.parallel import finish_page, has_parallel_view, parallel_path, site_parallel_pages
from dism.render import RenderContext, parallel_page_link, render_page, restore_links
from upstream.i18n_adapter import after_i18n

log = get_plugin_logger("clause_links")


def _converted_columns(config) -> dict[str, str]:
    """The HTML of each parallel column's text, converted by the first site of the build that
    built it and reused by the others."""
    return manual_site.kept_for_build(config, "parallel-columns", dict)


def on_config(config, **kwargs):
    manual = manual_site.manual_for(config)
    # The parallel view's columns are HTML elements whose content is Markdown.
    if "md_in_html" not in config.markdown_extensions:
        config.markdown_extensions.append("md_in_html")
    if manual_site.first_report(config, "clause_links"):
        for category in ("files", "data", "pages", "clauses", "citations"):
            for problem in manual.problems[category]:
                log.warning(str(problem))
    return config


# After mkdocs-static-i18n has sorted the files into languages: it expects every file in docs/.
@after_i18n
def on_files(files, config, **kwargs):
    """Leave out pages that are not UTF-8: they are reported already, and MkDocs would stop
    with a traceback reading them. Add the parallel view of each chapter and appendix."""
    manual = manual_site.manual_for(config)
    for file in list(files):
        if file.abs_src_path and Path(file.abs_src_path).resolve() in manual.unreadable:
            files.remove(file)
    site_language = manual_site.current_language(config)
    converted = _converted_columns(config)
    for path, content in site_parallel_pages(manual, site_language, config.use_directory_urls, converted).items():
        files.append(manual_site.parallel_file(config, site_language, parallel_path(path), content))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    if manual_site.is_parallel(page):
        return markdown  # written whole by dism.parallel
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    path = manual_site.page_path(page, manual)
    ctx = RenderContext(
        language=language,
        page_path=path,
        registry=manual.registries[language],
        sources=manual.sources,
        authorities_path=manual.page_with_directive(language, "authorities"),
        directory_urls=config.use_directory_urls,
        generated=generators(manual),
        abbreviations=abbreviations(manual.glossary, language),
        deferred_links=manual_site.new_deferred_links(page),
        crosswalk=manual.crosswalk,
        crosswalk_path=manual.page_with_directive(language, "nispom-crosswalk"),
        parallel_page=parallel_path(path) if has_parallel_view(manual, path) else None,
        basis=manual.basis.get(language),
        basis_legend_path=manual.page_with_directive(language, "basis-legend"),
    )
    return parallel_page_link(render_page(markdown, ctx), ctx)


def on_page_content(html, page, config, files, **kwargs):
    if manual_site.is_parallel(page):
        return finish_page(html, _converted_columns(config))
    return restore_links(html, manual_site.deferred_links(page))
