"""The NISPOM crosswalk: each clause may name its 32 CFR Part 117 counterpart sections.

``data/nispom-crosswalk.yml`` maps a clause ID to a list of sections (``"117.15"``);
``data/nispom-sections.yml`` gives each section's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .data_files import load_yaml
from .problems import Problem
from .schema import validate



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
    if titles is not None:
        found, broken = validate(titles, "nispom-sections", titles_shown, lambda data, path: (f"section {path[0]}", path[1:]))
        problems.extend(found)
        if None not in broken:
            crosswalk.section_titles = {key: value for key, value in titles.items() if key not in broken}
    mapping, found = load_yaml(mapping_path, mapping_shown)
    problems.extend(found)
    if mapping is None:
        return crosswalk, problems
    found, broken = validate(mapping, "nispom-crosswalk", mapping_shown, lambda data, path: (f"clause {path[0]}", path[1:]))
    problems.extend(found)
    if None in broken:
        return crosswalk, problems
    for clause_id, sections in mapping.items():
        if clause_id in broken:
            continue
        line = mapping.key_lines[clause_id]
        crosswalk.clause_sections[clause_id] = list(sections)
        crosswalk.lines[clause_id] = line
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
