"""Japanese-English sync: structure warnings, stale-translation notices, untranslated pages, and
the English of current clauses (agreed terms and law names, one date form).

Structure problems are warnings (``--strict`` fails); stale and untranslated clauses are logged
at info level and shown to readers of the English site, because Japanese is revised first.
"""

from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

import manual_site
from dism.notices import page_notices
from dism.render import add_notices
from dism.sync import STALE, UNTRANSLATED

log = get_plugin_logger("translation_sync")


def on_config(config, **kwargs):
    manual = manual_site.manual_for(config)
    if manual_site.first_report(config, "translation_sync"):
        for problem in manual.problems["sync"] + manual.problems["lock"] + manual.problems["english"]:
            log.warning(str(problem))
        for state in manual.sync.states:
            if state.state in (STALE, UNTRANSLATED) and state.en is not None:
                log.info(f"{state.en_source}:{state.en.line}: [en] clause {state.id} is {state.state}; "
                         "run 'make status' for the list and 'make accept' once translated")
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    if manual_site.is_parallel(page):
        return markdown  # shows each clause's state itself
    manual = manual_site.manual_for(config)
    language = manual_site.current_language(config)
    path = manual_site.page_path(page, manual)
    # page.url is relative to the site root and includes the language folder ("en/chapter-09/").
    root = "../" * page.url.count("/")
    page_notice, clause_notices = page_notices(manual, language, path, root, config.use_directory_urls)
    return add_notices(markdown, clause_notices, page_notice)
