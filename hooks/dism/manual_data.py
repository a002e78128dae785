"""The manual as data: one JSON file per language and per edition, the registers as JSON, a
catalogue of the files, and the duties the duties register and the checklist list.

Everything is computed from the loaded manual (``docs/`` and ``data/``); nothing here is a second
source of truth. The files are written byte for byte the same for one commit: keys in a fixed
order, clauses in the manual's order, no build time in them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build_cache import MEMO, digest
from .clauses import Clause, Heading, parse_page, split_heading
from .data_files import load_yaml
from .downloads import DATA_CATALOGUE, DATA_FOLDER
from .downloads import manual_data_file as manual_file
from .duties import duty_sentences
from .edition_render import reading_text
from .editions import Edition, body_lines
from .manual import CROSSWALK_FILE, GLOSSARY_FILE, NISPOM_SECTIONS_FILE, SOURCES_FILE, Manual
from .markdown_text import iter_lines
from .schema import SCHEMA_DIR
from .sources import citation_text
from .sync import CURRENT, STALE, UNTRANSLATED, clause_sort_key

# The format of the data files. The major number changes when a field is removed or changes its
# meaning; the minor number when a field is added. README.md, "The manual as data", says what may
# change without notice (the texts) and what may not (the shape).
FORMAT_VERSION = "1.0"
MANUAL_SCHEMA = "manual.schema.json"
CATALOGUE_SCHEMA = "catalogue.schema.json"
# The registers, published as JSON with the schema that checks their YAML at every build.
REGISTERS = {
    "sources": SOURCES_FILE,
    "glossary": GLOSSARY_FILE,
    "nispom-crosswalk": CROSSWALK_FILE,
    "nispom-sections": NISPOM_SECTIONS_FILE,
}


def register_file(name: str) -> str:
    return f"{DATA_FOLDER}/{name}.json"


def schema_file(name: str) -> str:
    return f"{DATA_FOLDER}/schemas/{name}"


def to_json(data: Any) -> bytes:
    """The one way a data file is written: UTF-8, keys in the order given, no spaces (Python's
    fast encoder; a tool or a browser's JSON viewer lays it out), a final newline."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Duties


@dataclass(frozen=True)
class Duty:
    """A clause that imposes a duty, in one language: the sentences that state it (Markdown, as
    written). ``sentences`` is empty when the translation states the duty without a duty word."""

    clause: Clause
    sentences: tuple[str, ...]


# A duty whose sentence names the government as the one who acts, and no one on the contractor's
# side, binds the government, not the contractor (「…行政機関の長が行い、…解除しなければならない」):
# the register and the checklist leave it out. Which clauses impose a duty is read in Japanese.
GOVERNMENT_ACTS = re.compile(r"(?:行政機関の長|大臣|長官|防衛装備庁|防衛省|政府|官)(?:が|は、)")
CONTRACTOR_ACTS = re.compile(r"(?:事業者|従業者|下請負者|下請負先|者)(?:は|が|も)")


def binds_the_government(sentence: str, language: str) -> bool:
    return language == "ja" and bool(GOVERNMENT_ACTS.search(sentence)) and not CONTRACTOR_ACTS.search(sentence)


def clause_duty_sentences(clause: Clause, language: str) -> list[str]:
    """The sentences stating the clause's duties on the contractor (kept from one preview rebuild
    to the next)."""
    key = digest(clause.body, language)
    return MEMO.compute("duty-sentences", key, lambda: [
        s for _, s in duty_sentences(clause.body, clause.line + 1, language) if not binds_the_government(s, language)])


def duty_clause_ids(manual: Manual) -> list[str]:
    """The clauses the duty check reads as duties, in the authoritative (Japanese) text, which
    decides for every language, in the manual's order. Reserved clauses impose nothing."""
    language = manual.authoritative

    def read() -> list[str]:
        found = [
            clause.id
            for page in manual.pages[language].values()
            for clause in page.clauses
            if not clause.reserved and manual.registries[language].clauses.get(clause.id) is clause
            and clause_duty_sentences(clause, language)
        ]
        return sorted(found, key=clause_sort_key)

    return manual.derived("duty-clause-ids", read)


def duties(manual: Manual, language: str) -> list[Duty]:
    """Every duty, as ``language`` states it (the clause in that language, or the Japanese clause
    where the page is not translated yet)."""
    registry = manual.registries[language]

    def read() -> list[Duty]:
        found = []
        for clause_id in duty_clause_ids(manual):
            clause = registry.clauses[clause_id]
            own = language if clause.path in manual.pages.get(language, {}) else manual.authoritative
            found.append(Duty(clause, tuple(clause_duty_sentences(clause, own))))
        return found

    return manual.derived(("duties", language), read)


# ---------------------------------------------------------------------------------------------
# The manual of one language


def _page_outline(manual: Manual, language: str, path: str) -> list[Heading]:
    """The headings of a page of the current manual, to name each clause's chapter and section."""
    file = manual.paths.docs_dir / language / path
    if not file.exists():
        return []
    text = file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return MEMO.compute("page-outline", digest(text), lambda: [
        heading for line in iter_lines(text) if not line.in_code
        for heading in [split_heading(line.text, line.number)] if heading is not None])


def _heading_title(heading: Heading | None) -> str:
    return heading.text if heading is not None else ""


class _Outline:
    """Chapter and section titles of the current pages (editions freeze clauses, not headings)."""

    def __init__(self, manual: Manual, language: str):
        self.manual, self.language = manual, language
        self._pages: dict[str, list[Heading]] = {}

    def place(self, clause: Clause) -> tuple[dict, dict | None]:
        chapter_id, number = clause.id.split("-")
        section_id = f"{chapter_id}-{number[0]}"
        if clause.path not in self._pages:
            self._pages[clause.path] = _page_outline(self.manual, self.language, clause.path)
        headings = self._pages[clause.path]
        chapter = next((h for h in headings if h.level == 1), None)
        section = next((h for h in headings if h.attrs and f"#section-{section_id}" in h.attrs.split()), None)
        return ({"id": chapter_id, "title": _heading_title(chapter)},
                {"id": section_id, "title": _heading_title(section)} if section is not None else None)


def _parsed(clause: Clause) -> Clause:
    """A frozen clause with its references and citations read as the parser reads a page."""
    if clause.references or clause.citations:
        return clause
    markdown = f"### {clause.id} {clause.title}\n{clause.body}"
    page = MEMO.compute("frozen-clause", digest(markdown, clause.path),
                        lambda: parse_page(markdown, clause.path, clause.path))
    return page.clauses[0] if page.clauses else clause


def _last_changed(manual: Manual, language: str, clause_id: str, edition: Edition | None) -> str | None:
    """The edition whose text of the clause this is; None for a text not yet in an edition."""
    editions = manual.editions.editions
    if edition is None and clause_id in manual.editions.unreleased(language):
        return None
    limit = editions.index(edition) if edition is not None else len(editions) - 1
    versions = [v for v in manual.editions.versions(language).get(clause_id, []) if editions.index(v.edition) <= limit]
    return versions[-1].edition.id if versions else None


def _translation_state(manual: Manual, states: dict, clause_id: str, english: Clause, edition: Edition | None) -> str:
    """current / stale / untranslated for the text this build publishes; for an edition's text,
    'current' only where the lock shows it translates that edition's Japanese, else 'unknown'."""
    state = states.get(clause_id)
    if edition is None:
        return state.state if state is not None and state.state in (CURRENT, STALE, UNTRANSLATED) else UNTRANSLATED
    japanese = edition.clauses.get(manual.authoritative, {}).get(clause_id)
    if (state is not None and state.state == CURRENT and japanese is not None and state.en is not None
            and manual.lock.entries.get(clause_id) == manual.editions.fingerprint(japanese)
            and manual.editions.fingerprint(state.en) == manual.editions.fingerprint(english)):
        return CURRENT
    return "unknown"


def clause_data(manual: Manual, language: str, clause: Clause, outline: _Outline, duty_ids: set[str],
                edition: Edition | None, states: dict) -> dict:
    # The clause as the manual holds it, for fingerprints: ``EditionHistory.fingerprint`` keeps them
    # by object, so it is given only objects that live as long as the manual (never the parsed copy).
    held = clause
    clause = _parsed(clause)
    chapter, section = outline.place(clause)
    sources = manual.sources
    citations = [
        {"source": c.source, "pinpoint": c.pinpoint,
         "name": sources[c.source].name(language) if c.source in sources else "",
         "cited_as": citation_text(sources[c.source], c.pinpoint, language) if c.source in sources else ""}
        for c in clause.citations
    ]
    sections = manual.crosswalk.clause_sections.get(clause.id)
    # The reading text depends on the clause and on how its citations read, nothing else.
    plain_key = digest(clause.title, clause.body, language, *(c["cited_as"] for c in citations))
    plain = MEMO.compute("reading-text", plain_key, lambda: reading_text(clause, language, sources))
    data = {
        "id": clause.id,
        "title": clause.title,
        "reserved": clause.reserved,
        "page": clause.path,
        "chapter": chapter,
        "section": section,
        "text_markdown": "\n".join(body_lines(clause)),
        # The reading text begins with the clause's ID and title, given apart above.
        "text_plain": plain.partition("\n\n")[2],
        "references": list(dict.fromkeys(r.target for r in clause.references if r.target != clause.id)),
        "citations": citations,
        "nispom_sections": list(sections) if sections is not None else None,
        "duties": clause_duty_sentences(clause, language) if clause.id in duty_ids else [],
        "last_changed_in": _last_changed(manual, language, clause.id, edition),
    }
    if language != manual.authoritative:
        data["translation_state"] = _translation_state(manual, states, clause.id, held, edition)
    return data


def manual_data(manual: Manual, language: str, edition: Edition | None = None,
                duty_ids: set[str] | None = None) -> dict:
    """The manual of one language as data: the text this build publishes (``edition`` None), or
    the text recorded in ``edition``."""
    if edition is None:
        clauses = [c for page in manual.pages.get(language, {}).values() for c in page.clauses
                   if manual.registries[language].clauses.get(c.id) is c]
        latest = manual.editions.latest
        as_of = _edition_data(latest, language) if latest else None
        unreleased = bool(latest) and bool(manual.editions.unreleased(language))
    else:
        clauses = list(edition.clauses.get(language, {}).values())
        as_of, unreleased = _edition_data(edition, language), False
    outline = _Outline(manual, language)
    duty_ids = set(duty_clause_ids(manual)) if duty_ids is None else duty_ids
    states = {state.id: state for state in manual.sync.states}
    return {
        "format_version": FORMAT_VERSION,
        "language": language,
        "authoritative": language == manual.authoritative,
        "text": "edition" if edition is not None else "published",
        "edition": as_of,
        "unreleased_changes": unreleased,
        "clauses": [clause_data(manual, language, c, outline, duty_ids, edition, states)
                    for c in sorted(clauses, key=lambda c: clause_sort_key(c.id))],
    }


def _edition_data(edition: Edition, language: str) -> dict:
    return {"id": edition.id, "date": edition.date, "title": edition.label(language)}


# ---------------------------------------------------------------------------------------------
# Every file


def register_data(manual: Manual, name: str) -> Any | None:
    """A register as its YAML file holds it (the schema that checks the YAML describes it)."""
    path = manual.paths.data_dir / REGISTERS[name]
    if not path.exists():
        return None
    content = path.read_bytes()
    return MEMO.compute("register-data", digest(content, name),
                        lambda: _plain_data(load_yaml(path, manual.paths.shown(path))[0]))


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_data(item) for item in value]
    return value


def data_files(manual: Manual) -> dict[str, bytes]:
    """Every data file, by its path under the site root, with the catalogue that lists them."""
    files: dict[str, bytes] = {}
    entries = []
    duty_ids = set(duty_clause_ids(manual))
    for language in manual.paths.languages:
        files[manual_file(language)] = to_json(manual_data(manual, language, duty_ids=duty_ids))
        entries.append({"file": manual_file(language), "schema": schema_file(MANUAL_SCHEMA), "kind": "manual",
                        "language": language, "edition": None})
        for edition in manual.editions.editions:
            files[manual_file(language, edition.id)] = to_json(manual_data(manual, language, edition, duty_ids))
            entries.append({"file": manual_file(language, edition.id), "schema": schema_file(MANUAL_SCHEMA),
                            "kind": "manual", "language": language, "edition": edition.id})
    for name in REGISTERS:
        data = register_data(manual, name)
        if data is None:
            continue
        files[register_file(name)] = to_json(data)
        files[schema_file(f"{name}.schema.json")] = (SCHEMA_DIR / f"{name}.schema.json").read_bytes()
        entries.append({"file": register_file(name), "schema": schema_file(f"{name}.schema.json"), "kind": name,
                        "language": None, "edition": None})
    for name in (MANUAL_SCHEMA, CATALOGUE_SCHEMA):
        files[schema_file(name)] = (SCHEMA_DIR / name).read_bytes()
    files[DATA_CATALOGUE] = to_json({"format_version": FORMAT_VERSION, "files": entries})
    return files
