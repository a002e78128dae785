"""Notices on the English site: a clause whose translation lags, a page not yet translated."""

from __future__ import annotations

import html

from .edition_render import translation_diff_html
from .manual import Manual
from .render import admonition, page_url
from .sync import STALE, UNTRANSLATED
from .texts import text


def page_notices(
    manual: Manual, language: str, page_path: str, authoritative_root: str, directory_urls: bool = True
) -> tuple[str, dict[str, str]]:
    """``(page notice, {clause ID: notice})`` for one page of one language.

    ``authoritative_root`` is the relative address of the authoritative language's site root
    from this page (``../../`` from ``/en/chapter-09/``).
    """
    if language == manual.authoritative:
        return "", {}
    if manual.is_fallback(language, page_path):
        body = text(language, "page_untranslated_body")
        return admonition("warning", text(language, "page_untranslated_title"), body), {}
    notices = {}
    for state in manual.sync.on_page(page_path):
        if state.state not in (STALE, UNTRANSLATED) or state.ja is None:
            continue
        href = f"{authoritative_root}{page_url(page_path, directory_urls)}#{state.id}"
        label = html.escape(f"{state.id} {state.ja.title}".strip())
        link = f'<a href="{html.escape(href)}" hreflang="{manual.authoritative}" lang="{manual.authoritative}">{label}</a>'
        if state.state == STALE:
            notice = admonition("warning", text(language, "stale_title"), text(language, "stale_body", link=link))
            accepted = manual.accepted_japanese(state.id)
            if accepted is not None:
                # Raw HTML at the margin, after the admonition: Markdown passes it through whole.
                notice += "\n\n" + translation_diff_html(accepted, state.ja, language, manual.authoritative, manual.sources)
            notices[state.id] = notice
        else:
            notices[state.id] = admonition("info", text(language, "untranslated_title"), text(language, "untranslated_body", link=link))
    return "", notices
