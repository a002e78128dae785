"""Editions: named, dated, frozen states of the whole manual, and what changed between them.

An edition is an entry of ``data/editions.yml`` (ID, date, title and summary in both languages,
the digest of each frozen text) and one frozen text per language,
``data/editions/<id>.<lang>.txt``, written by ``make edition``. A frozen text holds every clause
of that language as the parser saw it, in a line format that diffs well in review::

    9-301 chapter-09.md
    = 保管
    | 契約事業者は、秘密文書等を施錠可能な保管容器に保管しなければならない。
    |
    | 根拠：[[@clause-secrets]]

Frozen clauses are ``Clause`` objects of the shared clause model, so comparisons use the same
fingerprint as the translation lock: reflowing a paragraph is never an amendment. Everything is
computed once per build (``EditionHistory``), linear in editions × clauses.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import CLAUSE_ID, Clause, ParsedPage
from .data_files import load_yaml
from .files import read_text
from .problems import Problem
from .sync import fingerprint

EDITIONS_FILE = "editions.yml"
EDITIONS_DIR = "editions"
EDITION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FROZEN_HEADER = re.compile(rf"^(?P<id>{CLAUSE_ID}) (?P<page>\S+\.md)$")

ADDED, AMENDED, WITHDRAWN, MOVED = "added", "amended", "withdrawn", "moved"
CHANGE_KINDS = (ADDED, AMENDED, WITHDRAWN, MOVED)

EDITIONS_HEADER = (
    "# Editions of the manual, oldest first. `make edition ID=… DATE=…` appends an entry and\n"
    "# writes the frozen texts data/editions/<id>.<lang>.txt; `digest` is checked at every build.\n"
)


@dataclass
class Edition:
    id: str
    date: str
    title: dict[str, str]
    summary: dict[str, str]
    digest: dict[str, str]
    line: int = 0
    # language -> clause ID -> the clause as frozen in this edition
    clauses: dict[str, dict[str, Clause]] = field(default_factory=dict)
    frozen_paths: dict[str, str] = field(default_factory=dict)

    def label(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en") or self.id


@dataclass(frozen=True)
class Change:
    kind: str
    clause_id: str
    page: str
    from_page: str = ""


@dataclass(frozen=True)
class Version:
    """A text of a clause as recorded in an edition (only editions where it changed)."""

    edition: Edition
    clause: Clause


@dataclass(frozen=True)
class AsOf:
    """Which edition a reader sees. ``edition`` is None before the first edition is recorded."""

    edition: Edition | None
    unreleased: bool

    @property
    def date(self) -> str:
        return self.edition.date if self.edition else ""

    def label(self, language: str) -> str:
        return self.edition.label(language) if self.edition else ""


# ---------------------------------------------------------------------------------------------
# Frozen texts


def body_lines(clause: Clause) -> list[str]:
    """The clause's body without the blank lines around it."""
    lines = clause.body.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def format_frozen(pages: dict[str, ParsedPage], edition_id: str, date: str, language: str) -> str:
    """The frozen text of one language: every clause of its own pages, in manual order."""
    header = [
        f"# Edition {edition_id} ({date}), [{language}]: every clause as recorded by `make edition`.",
        "# Do not edit: the build checks this file against its digest in data/editions.yml.",
    ]
    return format_clauses(header, (clause for page in pages.values() for clause in page.clauses))


def format_clauses(header: list[str], clauses: Iterable[Clause]) -> str:
    """Clauses in the frozen-text line format (``parse_frozen`` reads it back)."""
    out = list(header)
    for clause in clauses:
        out += ["", f"{clause.id} {clause.path}", f"= {clause.title}"]
        out += [f"| {line}".rstrip() for line in body_lines(clause)]
    return "\n".join(out) + "\n"


def parse_frozen(text: str, shown_as: str) -> tuple[dict[str, Clause], list[Problem]]:
    clauses: dict[str, Clause] = {}
    problems: list[Problem] = []
    current: Clause | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            current.body = "\n".join(body)
        body.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.startswith("#"):
            continue
        header = FROZEN_HEADER.match(line)
        if header:
            close()
            current = Clause(header.group("id"), "", 0, number, header.group("page"))
            if current.id in clauses:
                problems.append(Problem(shown_as, number, f"clause {current.id} is frozen twice; "
                                        "re-record the edition (see README, 'Editions')"))
            clauses.setdefault(current.id, current)
        elif current is not None and line.startswith("= ") and not current.title and not body:
            current.title = line[2:]
        elif current is not None and (line == "|" or line.startswith("| ")):
            body.append(line[2:])
        else:
            problems.append(Problem(shown_as, number, "unreadable line in a frozen text: restore the "
                                    "file from version control (it is written by 'make edition')"))
    close()
    return clauses, problems


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def frozen_path(data_dir: Path, edition_id: str, language: str) -> Path:
    return data_dir / EDITIONS_DIR / f"{edition_id}.{language}.txt"


# ---------------------------------------------------------------------------------------------
# data/editions.yml


def load_editions(data_dir: Path, languages: tuple[str, ...], shown) -> tuple[list[Edition], list[Problem]]:
    """Read ``editions.yml`` and every frozen text once. ``shown`` maps a Path to its message form."""
    path = data_dir / EDITIONS_FILE
    if not path.exists():
        return [], []
    where = shown(path)
    data, problems = load_yaml(path, where)
    if data is None:
        return [], problems
    if not isinstance(data, list):
        return [], problems + [Problem(where, getattr(data, "line", 1), "the editions file must be a list "
                                       "of editions, oldest first")]
    editions: list[Edition] = []
    seen: dict[str, int] = {}
    for item, line in zip(data, data.item_lines):
        edition, found = _edition(item, line, where, languages)
        problems += found
        if edition is None:
            continue
        if edition.id in seen:
            problems.append(Problem(where, line, f"edition '{edition.id}' already exists (line "
                                    f"{seen[edition.id]}): every edition needs its own ID"))
            continue
        if editions and edition.date < editions[-1].date:
            problems.append(Problem(where, line, f"edition '{edition.id}' is dated {edition.date}, earlier "
                                    f"than the edition before it ('{editions[-1].id}', {editions[-1].date}): "
                                    "editions are listed oldest first and dates never go back"))
        seen[edition.id] = line
        problems += _read_frozen(edition, data_dir, languages, shown)
        editions.append(edition)
    return editions, problems


def _edition(item, line: int, where: str, languages) -> tuple[Edition | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [Problem(where, line, "an edition is a mapping with id, date, title, summary and digest")]
    raw_id = item.get("id")
    edition_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
    if not EDITION_ID_RE.match(edition_id):
        return None, [Problem(where, line, f"edition ID {raw_id!r} must be letters, digits, '.', '_' or '-' "
                              "(it names files and anchors)")]
    problems = []
    date = item.get("date")
    if not isinstance(date, str) or not is_date(date):
        problems.append(Problem(where, line, f"edition '{edition_id}': date must be YYYY-MM-DD"))
        date = ""
    texts = {}
    for key in ("title", "summary", "digest"):
        value = item.get(key)
        if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value.get(lang)
                                              for lang in languages):
            problems.append(Problem(where, line, f"edition '{edition_id}': '{key}' needs a text for each of "
                                    f"{', '.join(languages)}"))
            value = {}
        texts[key] = {lang: str(value.get(lang, "")) for lang in languages}
    if problems:
        return None, problems
    return Edition(edition_id, date, texts["title"], texts["summary"], texts["digest"], line), []


def is_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD."""
    if not DATE_RE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _read_frozen(edition: Edition, data_dir: Path, languages, shown) -> list[Problem]:
    problems = []
    for language in languages:
        file = frozen_path(data_dir, edition.id, language)
        where = shown(file)
        edition.frozen_paths[language] = where
        if not file.exists():
            problems.append(Problem(shown(data_dir / EDITIONS_FILE), edition.line, f"edition '{edition.id}': "
                                    f"its frozen text {where} is missing; restore it from version control"))
            edition.clauses[language] = {}
            continue
        text, unreadable = read_text(file, where)
        if text is None:
            problems += unreadable
            edition.clauses[language] = {}
            continue
        if digest(text) != edition.digest[language]:
            problems.append(Problem(where, 1, f"this frozen text no longer matches edition '{edition.id}' "
                                    "(its digest in data/editions.yml differs): a recorded edition is never "
                                    "edited; restore the file from version control"))
        edition.clauses[language], found = parse_frozen(text, where)
        problems += found
    return problems


def format_edition_entry(edition: Edition, languages: tuple[str, ...]) -> str:
    """The YAML text ``make edition`` appends to ``editions.yml`` (quoted, so data stays text)."""
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"- id: {quoted(edition.id)}", f"  date: {edition.date}"]
    for key in ("title", "summary", "digest"):
        lines.append(f"  {key}:")
        lines += [f"    {lang}: {quoted(getattr(edition, key)[lang])}" for lang in languages]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# What changed


def page_clauses(pages: dict[str, ParsedPage]) -> dict[str, Clause]:
    """The current clauses of one language by ID, first declaration winning (as in the registry)."""
    found: dict[str, Clause] = {}
    for page in pages.values():
        for clause in page.clauses:
            found.setdefault(clause.id, clause)
    return found


def changes(before: dict[str, Clause], after: dict[str, Clause], fingerprint=fingerprint) -> list[Change]:
    """What ``after`` added, amended, withdrawn (``（欠番）``) or moved compared with ``before``."""
    found: list[Change] = []
    for clause_id, clause in after.items():
        old = before.get(clause_id)
        if old is None:
            found.append(Change(ADDED, clause_id, clause.path))
            continue
        if clause.reserved and not old.reserved:
            found.append(Change(WITHDRAWN, clause_id, clause.path))
        elif fingerprint(clause) != fingerprint(old):
            found.append(Change(AMENDED, clause_id, clause.path))
        if clause.path != old.path:
            found.append(Change(MOVED, clause_id, clause.path, old.path))
    return found


@dataclass
class EditionHistory:
    """Editions and the current manual, compared once per build."""

    editions: list[Edition]
    current: dict[str, dict[str, Clause]]  # language -> clause ID -> current clause
    authoritative: str
    _versions: dict[str, dict[str, list[Version]]] = field(default_factory=dict, repr=False)
    _unreleased: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _moved: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict, repr=False)
    _translated: dict[str, Edition] | None = field(default=None, repr=False)
    _fingerprints: dict[int, str] = field(default_factory=dict, repr=False)

    def fingerprint(self, clause: Clause) -> str:
        """A clause's fingerprint, computed once per clause object for the whole build."""
        key = id(clause)
        if key not in self._fingerprints:
            self._fingerprints[key] = fingerprint(clause)
        return self._fingerprints[key]

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None

    def as_of(self, language: str) -> AsOf:
        """The edition the site shows, and whether it holds changes made since."""
        return AsOf(self.latest, bool(self.latest) and bool(self.unreleased(language)))

    def versions(self, language: str) -> dict[str, list[Version]]:
        """Clause ID -> its recorded texts, one per edition where it was new or changed."""
        if language not in self._versions:
            found: dict[str, list[Version]] = {}
            for edition in self.editions:
                for clause_id, clause in edition.clauses.get(language, {}).items():
                    history = found.setdefault(clause_id, [])
                    if not history or self.fingerprint(history[-1].clause) != self.fingerprint(clause):
                        history.append(Version(edition, clause))
            self._versions[language] = found
        return self._versions[language]

    def unreleased(self, language: str) -> set[str]:
        """IDs of clauses whose current text is new or differs from the latest edition."""
        if language not in self._unreleased:
            latest = self.latest.clauses.get(language, {}) if self.latest else {}
            found = changes(latest, self.current.get(language, {}), self.fingerprint) if self.latest else []
            self._unreleased[language] = {change.clause_id for change in found}
        return self._unreleased[language]

    def edition_changes(self, index: int, language: str) -> list[Change]:
        """What edition ``index`` changed against the one before it (nothing for the first)."""
        if index == 0:
            return []
        return changes(self.editions[index - 1].clauses.get(language, {}),
                       self.editions[index].clauses.get(language, {}), self.fingerprint)

    def disappeared(self) -> list[tuple[Edition, Clause]]:
        """Clauses of the latest edition that the authoritative manual no longer declares."""
        if not self.latest:
            return []
        current = self.current.get(self.authoritative, {})
        return [(self.latest, clause) for clause_id, clause in self.latest.clauses.get(self.authoritative, {}).items()
                if clause_id not in current]

    def moved_anchors(self, language: str) -> dict[str, dict[str, str]]:
        """Old page -> {clause ID: current page} for every clause that once lived elsewhere."""
        if language not in self._moved:
            current = self.current.get(language, {})
            moved: dict[str, dict[str, str]] = {}
            for edition in self.editions:
                for clause_id, clause in edition.clauses.get(language, {}).items():
                    now = current.get(clause_id)
                    if now is not None and now.path != clause.path:
                        moved.setdefault(clause.path, {})[clause_id] = now.path
            self._moved[language] = moved
        return self._moved[language]

    def translated_editions(self) -> dict[str, Edition]:
        """Fingerprint of an authoritative clause text -> the latest edition that holds it."""
        if self._translated is None:
            self._translated = {}
            for edition in self.editions:
                for clause in edition.clauses.get(self.authoritative, {}).values():
                    self._translated[self.fingerprint(clause)] = edition
        return self._translated


def check_disappeared(history: EditionHistory) -> list[Problem]:
    """A clause may be withdrawn (``（欠番）``), never deleted: its ID must stay declared."""
    return [
        Problem(edition.frozen_paths[history.authoritative], clause.line,
                f"clause {clause.id} of edition '{edition.id}' is no longer in the manual: never delete a "
                f"clause; keep it on docs/{history.authoritative}/{clause.path} as "
                f"'### {clause.id} （欠番）' (and '[Reserved]' in English)")
        for edition, clause in history.disappeared()
    ]
