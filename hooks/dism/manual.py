"""The whole manual in both languages, read from disk once, with every check's findings.

``load_manual`` is the one entry point shared by the build hooks, the editor commands and the
tests: it reads ``docs/<lang>/**/*.md`` and the ``data/`` files, parses each page once, builds one
clause registry per language and runs every check. Its cost is linear in the size of the manual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import ClauseRegistry, ParsedPage, build_registry, check_references, parse_page
from .crosswalk import Crosswalk, check_crosswalk_clauses, load_crosswalk
from .dates import check_data_dates, check_english_dates
from .glossary import Term, check_glossary_sources, load_glossary
from .problems import Problem
from .sources import Source, check_citations, load_sources
from .sync import CURRENT, Lock, SyncResult, compare, load_lock
from .terminology import EnglishNameCheck, agreed_names

GENERATED_PAGES = ("clause-index", "translation-status", "authorities", "glossary", "nispom-crosswalk")

SOURCES_FILE = "sources.yml"
GLOSSARY_FILE = "glossary.yml"
CROSSWALK_FILE = "nispom-crosswalk.yml"
NISPOM_SECTIONS_FILE = "nispom-sections.yml"
LOCK_FILE = "translation.lock"


@dataclass(frozen=True)
class ManualPaths:
    """Where the manual lives. ``languages[0]`` is the authoritative (default) language."""

    root: Path
    docs_dir: Path
    languages: tuple[str, ...] = ("ja", "en")

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_FILE

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Manual:
    paths: ManualPaths
    pages: dict[str, dict[str, ParsedPage]]
    registries: dict[str, ClauseRegistry]
    sources: dict[str, Source]
    glossary: list[Term]
    crosswalk: Crosswalk
    lock: Lock
    sync: SyncResult
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    _directive_pages: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def authoritative(self) -> str:
        return self.paths.languages[0]

    def is_fallback(self, language: str, path: str) -> bool:
        """True for a page of the authoritative language that ``language`` shows untranslated."""
        return language != self.authoritative and path not in self.pages.get(language, {})

    def page_with_directive(self, language: str, name: str) -> str | None:
        """The page that holds ``[[generate: name]]`` (indexed once, so rendering stays linear)."""
        if language not in self._directive_pages:
            found: dict[str, str] = {}
            for path, page in self.pages.get(language, {}).items():
                for directive in page.directives:
                    found.setdefault(directive.name, path)
            self._directive_pages[language] = found
        return self._directive_pages[language].get(name)

    def citing_clauses(self, language: str) -> dict[str, list[str]]:
        """Source ID -> IDs of the clauses of ``language`` that cite it, in manual order."""
        by_source: dict[str, list[str]] = {}
        for page in self.pages.get(language, {}).values():
            for clause in page.clauses:
                for source_id in dict.fromkeys(c.source for c in clause.citations):
                    by_source.setdefault(source_id, []).append(clause.id)
        return by_source


def read_texts(paths: ManualPaths, language: str) -> dict[str, tuple[str, str]]:
    """Page path -> (path as messages show it, Markdown source), in path order."""
    folder = paths.docs_dir / language
    return {
        file.relative_to(folder).as_posix(): (paths.shown(file), file.read_text(encoding="utf-8"))
        for file in sorted(folder.rglob("*.md"))
    }


def read_pages(paths: ManualPaths, language: str, texts: dict[str, tuple[str, str]] | None = None) -> dict[str, ParsedPage]:
    texts = read_texts(paths, language) if texts is None else texts
    return {relative: parse_page(text, relative, shown) for relative, (shown, text) in texts.items()}


def load_manual(paths: ManualPaths) -> Manual:
    """Read and check the whole manual."""
    data = paths.data_dir
    texts = {language: read_texts(paths, language) for language in paths.languages}
    pages = {language: read_pages(paths, language, texts[language]) for language in paths.languages}
    authoritative = paths.languages[0]

    data_problems: list[Problem] = []
    sources, found = _optional(load_sources, data / SOURCES_FILE, paths, default={})
    data_problems += found
    glossary, found = _optional(load_glossary, data / GLOSSARY_FILE, paths, default=[])
    data_problems += found + check_glossary_sources(glossary, set(sources), paths.shown(data / GLOSSARY_FILE))
    crosswalk, found = load_crosswalk(
        data / CROSSWALK_FILE, paths.shown(data / CROSSWALK_FILE),
        data / NISPOM_SECTIONS_FILE, paths.shown(data / NISPOM_SECTIONS_FILE),
    ) if (data / CROSSWALK_FILE).exists() else (Crosswalk(), [])
    data_problems += found
    lock, lock_problems = load_lock(paths.lock_path, paths.shown(paths.lock_path))

    registries: dict[str, ClauseRegistry] = {}
    clause_problems: list[Problem] = []
    citation_problems: list[Problem] = []
    for language in paths.languages:
        own = pages[language]
        shown_untranslated = [pages[authoritative][p] for p in pages[authoritative] if p not in own]
        registry = build_registry([*own.values(), *shown_untranslated], language)
        registries[language] = registry
        # Untranslated pages are checked once, in the authoritative language.
        own_registry = ClauseRegistry(language, registry.clauses, dict(own), [], registry.cited_by)
        clause_problems += [p for page in own.values() for p in _tagged(page.problems, language)]
        clause_problems += registry.problems + check_references(own_registry)
        clause_problems += _unknown_directives(own.values(), language)
        citation_problems += check_citations(own.values(), sources, language)

    data_problems += check_crosswalk_clauses(
        crosswalk, set(registries[authoritative].clauses), paths.shown(data / CROSSWALK_FILE)
    )
    second = paths.languages[1] if len(paths.languages) > 1 else authoritative
    sync = compare(pages[authoritative], pages[second], lock)
    manual = Manual(paths, pages, registries, sources, glossary, crosswalk, lock, sync)
    names = agreed_names(glossary, sources, paths.shown(data / GLOSSARY_FILE), paths.shown(data / SOURCES_FILE))
    english_problems = check_english_names(sync, EnglishNameCheck(names))
    if "en" in texts:
        english_problems += check_english_dates(dict(texts["en"].values()))
        english_problems += check_data_dates(
            [(paths.shown(data / SOURCES_FILE), s.line, s.notes["en"]) for s in sources.values() if "en" in s.notes]
            + [(paths.shown(data / GLOSSARY_FILE), t.line, t.definitions["en"]) for t in glossary]
        )
    manual.problems = {
        "clauses": sorted(clause_problems),
        "citations": sorted(citation_problems),
        "data": sorted(data_problems),
        "sync": sorted(lock_problems + sync.structure),
        "english": sorted(english_problems),
    }
    return manual


def check_english_names(sync: SyncResult, check: EnglishNameCheck) -> list[Problem]:
    """The agreed English names in every English clause recorded as current (see ``terminology``)."""
    return [
        problem
        for state in sync.states
        if state.state == CURRENT
        for problem in check.problems(state.ja, state.en, state.ja_source, state.en_source)
    ]


def _optional(loader, path: Path, paths: ManualPaths, default):
    """Data files are optional (a small site may have none); a present file must be valid."""
    if not path.exists():
        return default, []
    return loader(path, paths.shown(path))


def _tagged(problems: Iterable[Problem], language: str) -> list[Problem]:
    return [Problem(p.path, p.line, f"[{language}] {p.message}") for p in problems]


def _unknown_directives(pages: Iterable[ParsedPage], language: str) -> list[Problem]:
    return [
        Problem(page.source, directive.line, f"[{language}] unknown generated content '{directive.name}': "
                f"use one of {', '.join(GENERATED_PAGES)}")
        for page in pages
        for directive in page.directives
        if directive.name not in GENERATED_PAGES
    ]
