"""The NISPOM crosswalk: each clause may name its 32 CFR Part 117 counterpart sections.

``data/nispom-crosswalk.yml`` maps a clause ID to a list of sections (``"117.15"``);
``data/nispom-sections.yml`` gives each section's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .clauses import CLAUSE_ID_RE
from .data_files import LineDict, load_yaml
from .problems import Problem

SECTION = re.compile(r"^117\.[0-9]+(?:\([a-z0-9]+\))*$")


@dataclass
class Crosswalk:
    clause_sections: dict[str, list[str]] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

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


def section_sort_key(section: str) -> tuple[int, str]:
    number = re.match(r"117\.([0-9]+)", section)
    return (int(number.group(1)) if number else 0, section)


def load_crosswalk(
    mapping_path: Path, mapping_shown: str, titles_path: Path, titles_shown: str
) -> tuple[Crosswalk, list[Problem]]:
    crosswalk = Crosswalk()
    titles, problems = load_yaml(titles_path, titles_shown)
    if isinstance(titles, LineDict):
        crosswalk.section_titles = {str(k): str(v) for k, v in titles.items()}
    elif titles is not None:
        problems.append(Problem(titles_shown, 1, "must map a section number to its title"))
    mapping, found = load_yaml(mapping_path, mapping_shown)
    problems.extend(found)
    if mapping is None:
        return crosswalk, problems
    if not isinstance(mapping, LineDict):
        return crosswalk, [*problems, Problem(mapping_shown, 1, "must map clause IDs to lists of sections")]
    for clause_id, sections in mapping.items():
        line = mapping.key_lines[clause_id]
        if not CLAUSE_ID_RE.match(str(clause_id)):
            problems.append(Problem(mapping_shown, line, f"'{clause_id}' is not a clause ID (C-SPP, e.g. 9-301)"))
            continue
        sections = [sections] if isinstance(sections, str) else sections
        if not isinstance(sections, list) or not all(isinstance(s, str) and SECTION.match(s) for s in sections):
            problems.append(
                Problem(mapping_shown, line, f"clause {clause_id}: give a list of 32 CFR 117 sections such as [\"117.15\"]")
            )
            continue
        crosswalk.clause_sections[str(clause_id)] = list(sections)
        crosswalk.lines[str(clause_id)] = line
        for section in sections:
            base = re.match(r"117\.[0-9]+", section).group()
            if crosswalk.section_titles and base not in crosswalk.section_titles:
                problems.append(Problem(mapping_shown, line, f"section {section} is not in {titles_shown}: add its title there"))
    return crosswalk, problems


def check_crosswalk_clauses(crosswalk: Crosswalk, clause_ids: set[str], shown_as: str) -> list[Problem]:
    return [
        Problem(shown_as, crosswalk.lines[clause_id], f"clause {clause_id} is mapped to the NISPOM but no Japanese clause declares it: correct the ID or remove the entry")
        for clause_id in crosswalk.clause_sections
        if clause_id not in clause_ids
    ]
