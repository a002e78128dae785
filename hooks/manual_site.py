"""MkDocs glue shared by the hook files: find the manual, load it once per build, name the language.

mkdocs-static-i18n runs the whole build again for each language, nested inside the first
build's ``on_post_build``, with the same config object. The manual is therefore loaded once per
config object and reused by the nested builds; ``mkdocs serve`` loads a new config for every
rebuild, so edits are always seen. Module state is never assumed fresh.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.structure.files import File, InclusionLevel

from dism.manual import Manual, ManualPaths, load_manual

_loaded: dict[str, object] = {"config": None, "manual": None, "reported": set()}


def languages(config) -> tuple[str, ...]:
    """The build's languages, the default (authoritative) one first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return (config.theme["language"],)
    entries = [entry for entry in i18n.config.languages if entry.locale != "null"]
    entries.sort(key=lambda entry: not entry.default)
    return tuple(entry.locale for entry in entries)


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.current_language:
        return i18n.current_language
    return languages(config)[0]


def manual_for(config) -> Manual:
    """The manual as it is on disk at the start of this build."""
    if _loaded["config"] is not config:
        root = Path(config.config_file_path).resolve().parent
        paths = ManualPaths(root=root, docs_dir=Path(config.docs_dir).resolve(), languages=languages(config))
        _loaded.update(config=config, manual=load_manual(paths), reported=set())
    return _loaded["manual"]  # type: ignore[return-value]


def first_report(config, category: str) -> bool:
    """True once per build for each category, so a warning is not repeated for every language."""
    manual_for(config)
    reported: set[str] = _loaded["reported"]  # type: ignore[assignment]
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
    file in docs/; mkdocs-static-i18n's language switcher finds the same page in each site."""
    folder = site_folder(config, site_language)
    file = File.generated(config, f"{site_language}/{path}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = folder + File(path, src_dir=None, dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls).dest_uri
    file.dism_parallel = True
    file.alternates = {
        language: SimpleNamespace(url=site_folder(config, language) + file.url[len(folder):])
        for language in languages(config)
    }
    file.locale, file.locale_alternate_of = site_language, ""
    return file


def is_parallel(page) -> bool:
    """True for a parallel-view page: its Markdown is complete, and it has no file in docs/."""
    return getattr(page.file, "dism_parallel", False)
