"""The whole manual in both languages, read from disk once, with every check's findings.

``load_manual`` is the one entry point shared by the build hooks, the editor commands and the
tests: it reads ``docs/<lang>/**/*.md`` and the ``data/`` files, parses each page once, builds one
clause registry per language and runs every check. Its cost is linear in the size of the manual.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .accepted import ACCEPTED_FILE, accepted_text, load_accepted
from .basis_levels import BasisLevel, basis_levels
from .build_cache import MEMO, digest
from .clauses import Clause, ClauseRegistry, ParsedPage, build_registry, check_references, parse_page
from .crosswalk import Crosswalk, check_crosswalk_clauses, check_crosswalk_coverage, load_crosswalk
from .dates import check_data_dates, check_english_dates
from .duties import check_duties
from .editions import EditionHistory, check_disappeared, load_editions, page_clauses
from .files import read_text
from .glossary import Term, check_glossary_sources, load_glossary
from .problems import Problem
from .repetition import check_repeated_sentences
from .site_html import is_only_japanese
from .sources import Source, check_basis, check_citations, check_translated_basis, load_source_entries
from .sync import CURRENT, Lock, SyncResult, compare, fingerprint, load_lock
from .terminology import EnglishNameCheck, agreed_names, check_page_text_names

GENERATED_PAGES = (
    "clause-index", "translation-status", "authorities", "glossary", "nispom-crosswalk", "record-of-changes", "downloads",
    "basis-legend",
    "duties", "checklist",
)

# Generated content that may stand on several pages: it has no anchors, and nothing links to it.
REPEATABLE = {"downloads"}

# The body `make new-clause` writes; a clause still holding it is unfinished.
NEW_BODY = {"ja": "（本文を記載する。）", "en": "(Translation pending.)"}

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
    editions: EditionHistory
    accepted: dict[str, Clause] = field(default_factory=dict)
    # Language -> clause ID -> its basis level (basis_levels.py), computed from citations and the registry.
    basis: dict[str, dict[str, BasisLevel]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    # Pages that are not UTF-8: reported, and left out of the build so MkDocs does not stop on them.
    unreadable: set[Path] = field(default_factory=set)
    _directive_pages: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _derived: dict[Hashable, tuple] = field(default_factory=dict, repr=False)

    @property
    def authoritative(self) -> str:
        return self.paths.languages[0]

    def derived(self, key: Hashable, make: Callable[[], Iterable]) -> list:
        """A list computed from the manual once (a build loads the manual once and changes it no
        more): the duties were read from every clause again by each page and file that lists
        them, six times a build."""
        if key not in self._derived:
            self._derived[key] = tuple(make())
        return list(self._derived[key])

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

    def accepted_japanese(self, clause_id: str) -> Clause | None:
        """The Japanese clause as it was when its English translation was accepted, if known."""
        return accepted_text(clause_id, self.lock, self.accepted, self.editions)

    def citing_clauses(self, language: str) -> dict[str, list[str]]:
        """Source ID -> IDs of the clauses of ``language`` that cite it, in manual order."""
        by_source: dict[str, list[str]] = {}
        for page in self.pages.get(language, {}).values():
            for clause in page.clauses:
                for source_id in dict.fromkeys(c.source for c in clause.citations):
                    by_source.setdefault(source_id, []).append(clause.id)
        return by_source


def read_texts(paths: ManualPaths, language: str, unreadable: dict[Path, Problem]) -> dict[str, tuple[str, str]]:
    """Page path -> (path as messages show it, Markdown source), in path order; a page that cannot
    be read goes to ``unreadable``."""
    folder = paths.docs_dir / language
    texts: dict[str, tuple[str, str]] = {}
    for file in sorted(folder.rglob("*.md")):
        text, problems = read_text(file, paths.shown(file))
        if text is None:
            unreadable[file.resolve()] = problems[0]
            continue
        texts[file.relative_to(folder).as_posix()] = (paths.shown(file), text)
    return texts


def parse_pages(texts: dict[str, tuple[str, str]]) -> dict[str, ParsedPage]:
    # A page whose text did not change since the last rebuild of make serve is not parsed again.
    return {relative: MEMO.compute("parsed-page", digest(text, relative, shown), lambda: parse_page(text, relative, shown))
            for relative, (shown, text) in texts.items()}


def load_manual(paths: ManualPaths) -> Manual:
    """Read and check the whole manual."""
    data = paths.data_dir
    unreadable: dict[Path, Problem] = {}
    texts = {language: read_texts(paths, language, unreadable) for language in paths.languages}
    pages = {language: parse_pages(texts[language]) for language in paths.languages}
    authoritative = paths.languages[0]

    data_problems: list[Problem] = _missing_data_files(paths, pages)
    # A registry entry that is present but invalid is reported first, at its line; what cites it
    # is not reported again (its citations, the glossary terms and duties resting on it).
    (sources, invalid_sources), registry_problems = _optional(
        load_source_entries, data / SOURCES_FILE, paths, default=({}, {}))
    glossary, found = _optional(load_glossary, data / GLOSSARY_FILE, paths, default=[])
    data_problems += found + check_glossary_sources(glossary, set(sources) | set(invalid_sources),
                                                    paths.shown(data / GLOSSARY_FILE))
    crosswalk, found = load_crosswalk(
        data / CROSSWALK_FILE, paths.shown(data / CROSSWALK_FILE),
        data / NISPOM_SECTIONS_FILE, paths.shown(data / NISPOM_SECTIONS_FILE),
    ) if (data / CROSSWALK_FILE).exists() else (Crosswalk(), [])
    data_problems += found
    lock, lock_problems = load_lock(paths.lock_path, paths.shown(paths.lock_path))

    taken = set(lock.entries) | {c.id for by_path in pages.values() for page in by_path.values() for c in page.clauses}
    registries: dict[str, ClauseRegistry] = {}
    # What the page parser finds (headings, fences, brackets) comes first: it is often the cause
    # of what the registry finds next (an unknown clause whose heading is malformed).
    page_problems: list[Problem] = []
    clause_problems: list[Problem] = []
    citation_problems: list[Problem] = []
    for language in paths.languages:
        own = pages[language]
        shown_untranslated = [pages[authoritative][p] for p in pages[authoritative] if p not in own]
        registry = build_registry(
            [*own.values(), *shown_untranslated], language, _keeps_id(registries, lock), taken,
            "it is the one recorded in the translation lock" if not registries
            else "the Japanese clause with this ID is on its page",
        )
        registries[language] = registry
        # Untranslated pages are checked once, in the authoritative language.
        own_registry = ClauseRegistry(language, registry.clauses, dict(own), [], registry.cited_by)
        page_problems += [p for page in own.values() for p in _tagged(page.problems, language)]
        clause_problems += registry.problems + check_references(own_registry)
        clause_problems += _directive_problems(own.values(), language)
        clause_problems += _placeholders(own.values(), language)
        clause_problems += check_repeated_sentences(own.values(), language)
        if language != authoritative:
            clause_problems += _untranslated_titles(own.values(), language)
        citation_problems += check_citations(own.values(), sources, language, invalid_sources)
        citation_problems += check_duties(own.values(), sources, language, invalid_sources)
        if language == authoritative:
            citation_problems += check_basis(own.values(), language, holds_placeholder)

    data_problems += check_crosswalk_clauses(
        crosswalk, set(registries[authoritative].clauses), paths.shown(data / CROSSWALK_FILE)
    )
    if (data / CROSSWALK_FILE).exists():
        data_problems += check_crosswalk_coverage(
            crosswalk, pages[authoritative].values(), paths.shown(data / CROSSWALK_FILE)
        )
    second = paths.languages[1] if len(paths.languages) > 1 else authoritative
    sync = compare(pages[authoritative], pages[second], lock)
    citation_problems += check_translated_basis(sync.states, holds_placeholder)
    editions, edition_problems = load_editions(data, paths.languages, paths.shown)
    current = {language: page_clauses(pages[language]) for language in paths.languages}
    history = EditionHistory(editions, current, authoritative)
    edition_problems += check_disappeared(history)
    accepted_path = data / ACCEPTED_FILE
    accepted, accepted_problems = load_accepted(accepted_path, paths.shown(accepted_path), lock)
    manual = Manual(paths, pages, registries, sources, glossary, crosswalk, lock, sync, history, accepted,
                    unreadable=set(unreadable))
    manual.basis = {language: basis_levels(registries[language].clauses.values(), sources) for language in paths.languages}
    readable = {key: source for key, source in invalid_sources.items() if source is not None}
    names = agreed_names(glossary, {**sources, **readable}, paths.shown(data / GLOSSARY_FILE), paths.shown(data / SOURCES_FILE))
    name_check = EnglishNameCheck(names)
    english_problems = check_english_names(sync, name_check)
    if "en" in texts:
        english_problems += check_page_text_names(texts[authoritative], texts["en"], pages[authoritative],
                                                  pages["en"], name_check)
        english_problems += check_english_dates(dict(texts["en"].values()))
        english_problems += check_data_dates(
            [(paths.shown(data / SOURCES_FILE), s.line, s.notes["en"]) for s in sources.values() if "en" in s.notes]
            + [(paths.shown(data / GLOSSARY_FILE), t.line, t.definitions["en"]) for t in glossary]
        )
    manual.problems = {
        "files": sorted(unreadable.values()),
        "pages": sorted(page_problems),
        "clauses": sorted(clause_problems),
        "citations": sorted(citation_problems),
        "data": sorted(registry_problems) + sorted(data_problems),
        "sync": sorted(lock_problems + sync.structure + accepted_problems),
        # Not a structure problem: it does not stop 'make accept' or 'make new-clause'.
        "lock": [
            Problem(paths.shown(paths.lock_path), lock.lines[cid], f"clause {cid} is locked but no Japanese page "
                    f"declares it: correct the ID or delete the line (a retired clause keeps its heading, "
                    f"'### {cid} （欠番）')")
            for cid in sync.orphaned_lock
        ],
        "editions": sorted(edition_problems),
        "english": sorted(english_problems),
    }
    return manual


# Which generated content needs which data file (citations need the sources registry too).
DATA_FOR_DIRECTIVE = {"authorities": SOURCES_FILE, "glossary": GLOSSARY_FILE, "nispom-crosswalk": CROSSWALK_FILE}


def _missing_data_files(paths: ManualPaths, pages: dict[str, dict[str, ParsedPage]]) -> list[Problem]:
    """A data file the manual uses but that is not there (deleted, renamed) is a problem, named
    together with the first place that needs it; a small site that uses none may have none."""
    needed: dict[str, str] = {}
    for language_pages in pages.values():
        for page in language_pages.values():
            for directive in page.directives:
                if directive.name in DATA_FOR_DIRECTIVE:
                    needed.setdefault(DATA_FOR_DIRECTIVE[directive.name],
                                      f"{page.source}:{directive.line} ([[generate: {directive.name}]])")
            if page.citations:
                needed.setdefault(SOURCES_FILE, f"{page.source}:{page.citations[0].line} (a citation)")
    return [
        Problem(paths.shown(paths.data_dir / name), 1,
                f"data file is missing, but {where} needs it: restore it from version control")
        for name, where in sorted(needed.items())
        if not (paths.data_dir / name).exists()
    ]


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
    # Unchanged since the last rebuild of make serve: not loaded and checked again.
    key = digest(loader.__name__, path.read_bytes(), paths.shown(path))
    return MEMO.compute("data-file", key, lambda: loader(path, paths.shown(path)))


def _keeps_id(registries: dict[str, ClauseRegistry], lock: Lock):
    """Which of two clauses with one ID keeps it: in Japanese, the one whose text the lock
    records; in another language, the one on the page of the Japanese clause that keeps it."""
    if not registries:
        return lambda clause: lock.entries.get(clause.id) == fingerprint(clause)
    authoritative = next(iter(registries.values()))
    return lambda clause: clause.id in authoritative.clauses and authoritative.clauses[clause.id].path == clause.path


def _tagged(problems: Iterable[Problem], language: str) -> list[Problem]:
    return [Problem(p.path, p.line, f"[{language}] {p.message}") for p in problems]


def _directive_problems(pages: Iterable[ParsedPage], language: str) -> list[Problem]:
    """Unknown generated content, and the same generated content asked for twice (its anchors
    would repeat, and links to it could go to either place)."""
    problems = []
    first: dict[str, str] = {}
    for page in pages:
        for directive in page.directives:
            if directive.name not in GENERATED_PAGES:
                problems.append(Problem(page.source, directive.line, f"[{language}] unknown generated content "
                                        f"'{directive.name}': use one of {', '.join(GENERATED_PAGES)}"))
            elif directive.name in first and directive.name not in REPEATABLE:
                problems.append(Problem(page.source, directive.line, f"[{language}] '[[generate: {directive.name}]]' "
                                        f"is already at {first[directive.name]}: keep only one of them"))
            else:
                first[directive.name] = f"{page.source}:{directive.line}"
    return problems


def holds_placeholder(clause: Clause) -> bool:
    """True while a clause still holds the body ``make new-clause`` wrote."""
    return any(placeholder in clause.body for placeholder in NEW_BODY.values())


def _placeholders(pages: Iterable[ParsedPage], language: str) -> list[Problem]:
    placeholders = set(NEW_BODY.values())
    return [
        Problem(page.source, clause.line, f"[{language}] clause {clause.id} still holds the placeholder "
                f"'{placeholder}' written by make new-clause: write the clause's text and its basis line")
        for page in pages
        for clause in page.clauses
        for placeholder in sorted(placeholders)
        if placeholder in clause.body
    ]


def _untranslated_titles(pages: Iterable[ParsedPage], language: str) -> list[Problem]:
    return [
        Problem(page.source, clause.line, f"[{language}] the title of clause {clause.id} is only Japanese: "
                "give it a title in this language, with the Japanese name in brackets if readers need it")
        for page in pages
        for clause in page.clauses
        if is_only_japanese(clause.title)
    ]

