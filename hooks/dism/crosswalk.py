"""The NISPOM crosswalk: each clause may name its 32 CFR Part 117 counterpart sections.

``data/nispom-crosswalk.yml`` maps a clause ID either to a list of sections (``["117.15"]``,
or pinned to a paragraph, ``["117.7(b)(2)"]``) or to a mapping ``{sections: [...], note_ja: ...,
note_en: ...}`` whose note Appendix D shows. ``sections: []`` says explicitly that the NISPOM has
no counterpart, and then both notes are required to say why. ``data/nispom-sections.yml`` gives
each section's title. Every clause of the manual that is not reserved needs an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import ParsedPage
from .data_files import load_yaml
from .problems import Problem
from .schema import validate

SECTION = re.compile(r"^117\.[0-9]+(?:\([a-z0-9]+\))*$")
MAPPING_KEYS = {"sections", "note_ja", "note_en"}


@dataclass
class Crosswalk:
    clause_sections: dict[str, list[str]] = field(default_factory=dict)  # [] = no counterpart
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # clause ID -> language -> note
    section_titles: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    listed: set[str] = field(default_factory=set)  # every clause ID the file names, valid entry or not

    def clauses_by_section(self) -> dict[str, list[str]]:
        by_section: dict[str, list[str]] = {}
        for clause_id, sections in self.clause_sections.items():
            for section in sections:
                by_section.setdefault(section, []).append(clause_id)
        return by_section


ECFR_SECTION = "https://www.ecfr.gov/current/title-32/section-{section}"


def ecfr_url(section: str) -> str:
    """The eCFR address of a section (``117.15``), with the paragraph anchor for ``117.7(b)``."""
    base = re.match(r"117\.[0-9]+", section).group()
    url = ECFR_SECTION.format(section=base)
    return url if section == base else f"{url}#p-{section}"


def nispom_anchor(section: str = "", clause_id: str = "") -> str:
    """The anchor of a row of Appendix D: a section's row (``nispom-117-7-b-2``) in the table from
    the NISPOM to clauses, or a clause's row (``nispom-for-9-301``) in the table from clauses."""
    if clause_id:
        return f"nispom-for-{clause_id}"
    return "nispom-" + "-".join(re.findall(r"[0-9a-z]+", section))


def section_sort_key(section: str) -> tuple[int, str]:
    number = re.match(r"117\.([0-9]+)", section)
    return (int(number.group(1)) if number else 0, section)


def load_crosswalk(
    mapping_path: Path, mapping_shown: str, titles_path: Path, titles_shown: str
) -> tuple[Crosswalk, list[Problem]]:
    crosswalk = Crosswalk()
    titles, problems = load_yaml(titles_path, titles_shown)
    if titles is not None:
        found, broken = validate(titles, "nispom-sections", titles_shown, lambda data, path: (f"section {path[0]}", path[1:]))
        problems.extend(found)
        if None not in broken:
            crosswalk.section_titles = {key: value for key, value in titles.items() if key not in broken}
    mapping, found = load_yaml(mapping_path, mapping_shown)
    problems.extend(found)
    if mapping is None:
        return crosswalk, problems
    # The schema checks the file's shape and its keys; each entry's form is checked by _entry, whose
    # messages say what to write (the schema would only say that no form matched).
    found, broken = validate(mapping, "nispom-crosswalk", mapping_shown, lambda data, path: (f"clause {path[0]}", path[1:]))
    problems.extend(found)
    if None in broken:
        return crosswalk, problems
    for clause_id, value in mapping.items():
        if clause_id in broken:
            continue
        line = mapping.key_lines[clause_id]
        crosswalk.listed.add(clause_id)
        entry = _entry(clause_id, value, mapping_shown, line)
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        sections, notes = entry
        crosswalk.clause_sections[clause_id] = sections
        crosswalk.lines[clause_id] = line
        if notes:
            crosswalk.notes[clause_id] = notes
        for section in sections:
            base = re.match(r"117\.[0-9]+", section).group()
            if crosswalk.section_titles and base not in crosswalk.section_titles:
                problems.append(Problem(mapping_shown, line, f"section {section} is not in {titles_shown}: add its title there"))
    return crosswalk, problems


def _entry(clause_id: str, value: object, shown_as: str, line: int) -> tuple[list[str], dict[str, str]] | Problem:
    """The sections and notes of one entry, or the problem that makes it unusable."""
    notes: dict[str, str] = {}
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in MAPPING_KEYS)
        if unknown:
            return Problem(shown_as, line, f"clause {clause_id}: unknown key '{unknown[0]}': use sections, note_ja and note_en")
        notes = {lang: str(value[f"note_{lang}"]).strip() for lang in ("ja", "en") if value.get(f"note_{lang}")}
        if len(notes) == 1:
            return Problem(shown_as, line, f"clause {clause_id}: give the note in both languages (note_ja and note_en)")
        value = value.get("sections")
        if value == [] and not notes:
            return Problem(
                shown_as, line,
                f"clause {clause_id}: 'sections: []' says the NISPOM has no counterpart: say why in note_ja and note_en",
            )
    elif value == []:
        return Problem(
            shown_as, line,
            f"clause {clause_id}: an empty list says nothing: list its sections, or write "
            "{sections: [], note_ja: …, note_en: …} for a clause with no NISPOM counterpart",
        )
    sections = [value] if isinstance(value, str) else value
    if not isinstance(sections, list) or not all(isinstance(s, str) and SECTION.match(s) for s in sections):
        return Problem(shown_as, line, f"clause {clause_id}: give a list of 32 CFR 117 sections such as [\"117.15\"]")
    return list(sections), notes


def check_crosswalk_coverage(crosswalk: Crosswalk, pages: Iterable[ParsedPage], shown_as: str) -> list[Problem]:
    """Each clause that is not reserved has an entry: sections, or an explicit 'no counterpart'.

    A clause whose entry is malformed is reported once, by ``load_crosswalk``, not here again.
    """
    return [
        Problem(
            page.source, clause.line,
            f"clause {clause.id} has no entry in {shown_as}: map it to its 32 CFR 117 sections, or write "
            f"{{sections: [], note_ja: …, note_en: …}} if the NISPOM has no counterpart",
        )
        for page in pages
        for clause in page.clauses
        if not clause.reserved and clause.id not in crosswalk.listed
    ]


def check_crosswalk_clauses(crosswalk: Crosswalk, clause_ids: set[str], shown_as: str) -> list[Problem]:
    return [
        Problem(shown_as, crosswalk.lines[clause_id], f"clause {clause_id} is mapped to the NISPOM but no Japanese clause declares it: correct the ID or remove the entry")
        for clause_id in crosswalk.clause_sections
        if clause_id not in clause_ids
    ]
