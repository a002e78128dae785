"""The Japanese text each English clause was accepted against, so a translator sees what changed.

``make accept`` records, next to the fingerprints of ``data/translation.lock``, the accepted
Japanese clause itself in ``data/translation.accepted.ja.txt`` (the frozen-text line format of
editions). For a lock entry recorded before that file existed, the text of an edition with the
same fingerprint serves.
"""

from __future__ import annotations

from pathlib import Path

from .clauses import Clause
from .editions import EditionHistory, format_clauses, parse_frozen
from .files import read_text
from .problems import Problem
from .sync import Lock, clause_sort_key, fingerprint

ACCEPTED_FILE = "translation.accepted.ja.txt"
ACCEPTED_HEADER = [
    "# The Japanese text each English clause was accepted against (written by `make accept`",
    "# with data/translation.lock). Review it like code; do not edit it by hand.",
]


def load_accepted(path: Path, shown_as: str, lock: Lock) -> tuple[dict[str, Clause], list[Problem]]:
    if not path.exists():
        return {}, []
    text, problems = read_text(path, shown_as)
    if text is None:
        return {}, problems
    clauses, problems = parse_frozen(text, shown_as)
    for clause_id, clause in clauses.items():
        locked = lock.entries.get(clause_id)
        if locked is not None and fingerprint(clause) != locked:
            problems.append(Problem(shown_as, clause.line, f"the accepted Japanese text of {clause_id} does not "
                                    "match its fingerprint in data/translation.lock: restore both files from "
                                    "version control (they are written together by 'make accept')"))
    return clauses, problems


def accepted_text(clause_id: str, lock: Lock, accepted: dict[str, Clause], history: EditionHistory) -> Clause | None:
    """The Japanese clause as it was when its English translation was accepted, if known."""
    locked = lock.entries.get(clause_id)
    if locked is None:
        return None
    recorded = accepted.get(clause_id)
    if recorded is not None and fingerprint(recorded) == locked:
        return recorded
    edition = history.translated_editions().get(locked)
    return edition.clauses[history.authoritative].get(clause_id) if edition else None


def format_accepted(entries: dict[str, str], accepted: dict[str, Clause], current: dict[str, Clause]) -> str:
    """The accepted texts for the lock ``entries``: the current clause where it was just accepted
    (its fingerprint is the entry), the recorded text otherwise."""
    kept = []
    for clause_id in sorted(entries, key=clause_sort_key):
        now = current.get(clause_id)
        if now is not None and fingerprint(now) == entries[clause_id]:
            kept.append(now)
        elif clause_id in accepted:
            kept.append(accepted[clause_id])
    return format_clauses(ACCEPTED_HEADER, kept)
