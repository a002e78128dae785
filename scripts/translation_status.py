"""Translation status: per chapter, how many English clauses are current, stale, untranslated,
missing or orphaned, then every clause that needs work with its file and line.

Exit status: 0 when the structure is sound (and, with --fail-on-stale, every clause is current);
1 on structure problems; 2 with --fail-on-stale when any clause is not current (release gating).
"""

from __future__ import annotations

import argparse
import sys

from manual_cli import add_root_argument, load

from dism.basis_levels import LEVELS, counts_by_page
from dism.edition_render import diff_text, reading_text
from dism.sync import CURRENT, MISSING, STALE, STATES


def report(manual, check_terms: bool) -> list[str]:
    sync = manual.sync
    lines = ["Translation status (Japanese is authoritative; English translates it)", ""]
    per_page = sync.counts_by_page()
    width = max([len(p) for p in per_page] + [8])
    lines.append(f"{'page':<{width}}  " + "  ".join(f"{s:>12}" for s in STATES))
    for page, counts in per_page.items():
        lines.append(f"{page:<{width}}  " + "  ".join(f"{counts[s]:>12}" for s in STATES))
    totals = sync.counts()
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{totals[s]:>12}" for s in STATES))

    levels = manual.basis.get(manual.authoritative, {})
    if levels:
        lines += ["", "Basis levels of the clauses (see README, Basis levels)", ""]
        basis = counts_by_page(levels, manual.registries[manual.authoritative].clauses)
        lines.append(f"{'page':<{width}}  " + "  ".join(f"{level:>12}" for level in LEVELS))
        for page, counts in basis.items():
            lines.append(f"{page:<{width}}  " + "  ".join(f"{counts[level]:>12}" for level in LEVELS))
        lines.append(f"{'total':<{width}}  " + "  ".join(
            f"{sum(counts[level] for counts in basis.values()):>12}" for level in LEVELS))

    work = [s for s in sync.states if s.state != CURRENT]
    if work or sync.orphaned_lock:
        lines += ["", "Clauses that need work:"]
    for state in work:
        if state.state == MISSING:
            where, clause = state.ja_source, state.ja
        else:
            where, clause = state.en_source, state.en
        detail = f"  (Japanese: {state.ja_source}:{state.ja.line})" if state.ja and state.state != MISSING else ""
        lines.append(f"  {where}:{clause.line}  {state.id}  {state.state}{detail}")
        for difference in sync.content_differences.get(state.id, []):
            lines.append(f"      {difference}")
        accepted = manual.accepted_japanese(state.id) if state.state == STALE else None
        if accepted is not None:
            changed = diff_text(reading_text(accepted, "ja", manual.sources), reading_text(state.ja, "ja", manual.sources), "ja")
            lines.append(f"      Japanese changes since accepted: {changed}")
    lock_path = manual.paths.shown(manual.paths.lock_path)
    for clause_id in sync.orphaned_lock:
        lines.append(f"  {lock_path}:{manual.lock.lines[clause_id]}  {clause_id}  orphaned lock entry (no Japanese clause)")
    if manual.problems["sync"]:
        lines += ["", "Structure problems (these fail 'make build'; fix them before 'make accept'):"]
        lines += [f"  {problem}" for problem in manual.problems["sync"]]
    if manual.problems["clauses"]:
        lines += ["", "Clause problems (these fail 'make build'):"]
        lines += [f"  {problem}" for problem in manual.problems["clauses"]]
    if manual.problems["citations"]:
        lines += ["", "Source citations (these fail 'make build'):"]
        lines += [f"  {problem}" for problem in manual.problems["citations"]]
    if check_terms and manual.problems["english"]:
        lines += ["", "English terms, law names and dates (these fail 'make build'):"]
        lines += [f"  {problem}" for problem in manual.problems["english"]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_root_argument(parser)
    parser.add_argument("--fail-on-stale", action="store_true", help="exit 2 unless every English clause is current")
    parser.add_argument("--no-terms", action="store_true", help="leave out the English terms, law names and dates")
    args = parser.parse_args(argv)
    manual = load(args.root)
    print("\n".join(report(manual, check_terms=not args.no_terms)))
    if manual.problems["sync"] or manual.problems["clauses"] or manual.problems["citations"]:
        return 1
    counts = manual.sync.counts()
    if args.fail_on_stale and (sum(counts.values()) != counts[CURRENT] or manual.sync.orphaned_lock):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
