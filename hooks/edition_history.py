"""Editions on the site: "as of" on every page, clause history, moved anchors, permanent
addresses (``/c/9-301/``), pages that moved, and the Atom feed of editions.

Event functions only gather inputs, call the pure core in ``dism`` and write or log what it returns.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

import manual_site
from dism.edition_render import (
    FEED_FILE,
    add_as_of,
    atom_feed,
    clause_url,
    moved_anchor_script,
    page_as_of_html,
    page_history_notices,
    permanent_address,
    redirect_html,
)
from dism.render import add_notices, page_url, relative_url

log = get_plugin_logger("edition_history")


def on_config(config, **kwargs):
    manual = manual_site.manual_for(config)
    if manual_site.first_report(config, "edition_history"):
        for problem in manual.problems["editions"]:
            log.warning(str(problem))
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    path = manual_site.page_path(page, manual)
    history = manual.editions
    registry = manual.registries[language]
    parsed = registry.pages.get(path)
    clauses = parsed.clauses if parsed else []

    notices = page_history_notices(history, language, clauses, manual.sources)
    markdown = add_notices(markdown, notices)
    moved = history.moved_anchors(language).get(path)
    if moved:
        targets = {}
        here = page_url(path, config.use_directory_urls)
        for clause_id, new_path in moved.items():
            targets[clause_id] = relative_url(here, page_url(new_path, config.use_directory_urls)) + f"#{clause_id}"
        markdown += "\n\n" + moved_anchor_script(targets) + "\n"
    return markdown


# After the page's template: the line is the same on every page of a language and changes on all
# of them with the first change after an edition; make serve keeps each page's template output
# (hooks/fast_preview.py), which then stays valid.
def on_post_page(output, page, config, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    path = manual_site.page_path(page, manual)
    parsed = manual.registries[language].pages.get(path)
    translated = language != manual.authoritative and not manual.is_fallback(language, path)
    return add_as_of(output, page_as_of_html(manual.editions, language, parsed.clauses if parsed else [],
                                             manual.lock.entries, translated))


def on_post_build(config, **kwargs):
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    history = manual.editions
    registry = manual.registries[language]
    directory_urls = config.use_directory_urls
    root = Path(config.site_dir)
    prefix = "" if language == manual.authoritative else f"{language}/"

    for clause_id, clause in registry.clauses.items():
        address = permanent_address(clause_id)
        label = f"{clause_id} {clause.title}".strip()
        _write(root / prefix / address / "index.html",
               redirect_html(address, clause_url(clause, directory_urls), label, language))

    for old_path, anchors in history.moved_anchors(language).items():
        if old_path in registry.pages:
            continue  # the page still exists; its own script follows anchors that moved
        old_url = page_url(old_path, directory_urls)
        new_home = Counter(anchors.values()).most_common(1)[0][0]
        targets = {clause_id: page_url(new_path, directory_urls) for clause_id, new_path in anchors.items()}
        file = root / prefix / (old_url + "index.html" if old_url.endswith("/") or not old_url else old_url)
        if not file.exists():
            _write(file, redirect_html(old_url, page_url(new_home, directory_urls), old_path, language, targets))

    record_page = manual.page_with_directive(language, "record-of-changes")
    if record_page is not None and history.editions:
        site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        # Without a site URL the feed's links are relative to the feed, which sits beside the record page's
        # language root, so a copy hosted under any path still leads to its own pages.
        base = f"{site_url}{prefix}" if site_url else ""
        feed = atom_feed(history, language, config.site_name, base, page_url(record_page, directory_urls))
        _write(root / prefix / FEED_FILE, feed)


def _write(file: Path, content: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(content, encoding="utf-8")
