"""What every page shows its reader, whatever its content: the site notice, a language switcher
that works under any path, interface words and a 404 page in the page's language.

Event functions only; the HTML passes are in ``dism.site_html`` and, where they match Material's
markup, in ``upstream.material_adapter``.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import manual_site
from dism.build_cache import MEMO, digest
from dism.site_html import mark_text
from dism.texts import text
from upstream import i18n_adapter, material_adapter

NOT_FOUND = "404.html"
_default_not_found: dict[str, str] = {}


def _site_path(config) -> str:
    """The path the site is served under according to site_url ("/" without one)."""
    return urlsplit(config.site_url or "").path.rstrip("/") + "/"


def _relative_switcher(config) -> None:
    """mkdocs-static-i18n links the home pages' switcher to "/" and "/en/": absolute paths that
    lead to the server's root when the site is hosted under another path. Site-relative links
    are written relative to each page by the template's ``url`` filter."""
    base = _site_path(config)
    for alternate in i18n_adapter.switcher(config):
        link = alternate.get("link", "")
        if link.startswith(base):
            alternate["link"] = link[len(base):]


@i18n_adapter.after_i18n
def on_config(config, **kwargs):
    i18n_adapter.remember_home_switcher(config)
    # The toc extension's tooltip of each heading's ¶ link, in the language being built.
    if "toc" in config.markdown_extensions:
        toc = config.mdx_configs.setdefault("toc", {})
        toc["permalink_title"] = text(manual_site.current_language(config), "permalink")
    return config


def on_page_context(context, page, config, nav, **kwargs):
    if manual_site.is_parallel(page):
        manual_site.parallel_switcher(config, page)
    _relative_switcher(config)
    context["site_notice"] = text(manual_site.current_language(config), "site_notice")
    return context


def on_template_context(context, template_name, config, **kwargs):
    if template_name == NOT_FOUND:
        # A 404 page is served at any address, so its links stay absolute; its switcher leads
        # to the home pages, not to whichever page was built last.
        i18n_adapter.show_home_switcher(config)
        language = manual_site.current_language(config)
        context["site_notice"] = text(language, "site_notice")
        context["not_found_title"] = text(language, "not_found_title")
        context["not_found_body"] = text(language, "not_found_body")
    return context


def on_post_template(output, template_name, config, **kwargs):
    """One 404 page per language: the other languages' builds would overwrite the default's."""
    if template_name != NOT_FOUND:
        return output
    language = manual_site.current_language(config)
    languages = manual_site.languages(config)
    if language == languages[0]:
        output = _finish_page(output, config)
        _default_not_found[config.site_dir] = output
        return output
    target = Path(config.site_dir) / language / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_finish_page(output, config), encoding="utf-8")
    # Writing the default language's page again keeps it in place.
    return _default_not_found.get(config.site_dir, "")


def on_page_content(html, page, config, **kwargs):
    language = manual_site.current_language(config)
    authoritative = manual_site.languages(config)[0]
    return MEMO.compute("reading-aids", digest(html, language, authoritative),
                        lambda: mark_text(html, language, authoritative))


def on_post_page(output, page, config, **kwargs):
    return _finish_page(output, config)


def _finish_page(output: str, config) -> str:
    language = manual_site.current_language(config)
    label = html.escape(text(language, "search"))
    return MEMO.compute("finished-page", digest(output, language),
                        lambda: material_adapter.name_search_dialog(material_adapter.drop_language_alternates(output), label))
