"""MkDocs glue shared by the hook files: find the manual, load it once per build, name the language.

mkdocs-static-i18n runs the whole build again for each language, nested inside the first
build's ``on_post_build``, with the same config object. The manual is therefore loaded once per
config object and reused by the nested builds; ``mkdocs serve`` loads a new config for every
rebuild, so edits are always seen. Module state is never assumed fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mkdocs.structure.files import File, InclusionLevel

import upstream
from dism.manual import Manual, ManualPaths, load_manual
from upstream import i18n_adapter

T = TypeVar("T")

# The hooks' state for the build being made (see kept_for_build).
_kept: dict[str, object] = {"config": None, "values": {}}


# The build's languages (the default, authoritative one first) and the one being built.
languages = i18n_adapter.languages
current_language = i18n_adapter.current_language


def manual_for(config) -> Manual:
    """The manual as it is on disk at the start of this build. The upstreams' contracts are
    checked first: a broken one stops the build before any page is written."""
    def load() -> Manual:
        upstream.verify_all(config)
        root = Path(config.config_file_path).resolve().parent
        return load_manual(ManualPaths(root=root, docs_dir=Path(config.docs_dir).resolve(), languages=languages(config)))

    return kept_for_build(config, "manual", load)


def kept_for_build(config, name: str, make: Callable[[], T]) -> T:
    """The hooks' state for one build, made by ``make`` at its first use: the languages' nested
    builds share it, and the next build (a new config object) starts afresh."""
    if _kept["config"] is not config:
        _kept.update(config=config, values={})
    values: dict[str, object] = _kept["values"]  # type: ignore[assignment]
    if name not in values:
        values[name] = make()
    return values[name]  # type: ignore[return-value]


def first_report(config, category: str) -> bool:
    """True once per build for each category, so a warning is not repeated for every language."""
    manual_for(config)
    reported: set[str] = kept_for_build(config, "reported", set)
    if category in reported:
        return False
    reported.add(category)
    return True


def page_path(page, manual: Manual) -> str:
    """The page's path inside its language folder (``chapter-09.md``; ``parallel/chapter-09.md``
    for a parallel-view page, which has no file in ``docs/``)."""
    if page.file.abs_src_path is None:
        language, _, rest = page.file.src_uri.partition("/")
        return rest if language in manual.paths.languages else page.file.src_uri
    source = Path(page.file.abs_src_path).resolve()
    docs = manual.paths.docs_dir
    for language in manual.paths.languages:
        try:
            return source.relative_to(docs / language).as_posix()
        except ValueError:
            continue
    return page.file.src_uri



def new_deferred_links(page) -> list[str]:
    """A fresh list for the links of ``page``, kept on the page object from its Markdown event to
    its HTML event (every build, and every language build, makes new page objects)."""
    page.dism_deferred_links = []
    return page.dism_deferred_links


def deferred_links(page) -> list[str]:
    return getattr(page, "dism_deferred_links", [])


def site_folder(config, language: str) -> str:
    """Where a language's site lives under the site root: "" for the default, "en/" for English."""
    return "" if language == languages(config)[0] else f"{language}/"


def parallel_file(config, site_language: str, path: str, content: str) -> File:
    """A parallel-view page as a file of this language's site, outside the navigation. It has no
    file in docs/; its language switcher is pointed at the same page of each site by
    ``parallel_switcher``."""
    folder = site_folder(config, site_language)
    file = File.generated(config, f"{site_language}/{path}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = folder + File(path, src_dir=None, dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls).dest_uri
    file.dism_parallel = True
    return file


def parallel_switcher(config, page) -> None:
    """The language switcher of a parallel-view page leads to the same page of each site."""
    path = page.url[len(site_folder(config, current_language(config))):]
    i18n_adapter.point_switcher(config, {language: site_folder(config, language) + path
                                         for language in languages(config)})


def is_parallel(page) -> bool:
    """True for a parallel-view page: its Markdown is complete, and it has no file in docs/."""
    return getattr(page.file, "dism_parallel", False)
