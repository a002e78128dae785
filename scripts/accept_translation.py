"""Mark English clauses as translations of the current Japanese text (updates only the lock file).

Refuses while the manual's structure is broken, and refuses a clause whose references, citations
or tables still differ from the Japanese.
"""

from __future__ import annotations

import argparse
import sys

from manual_cli import add_root_argument, load, structure_is_broken

from dism.accepted import ACCEPTED_FILE, format_accepted
from dism.editions import page_clauses
from dism.sync import accept, clause_sort_key, format_lock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_root_argument(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--clause", action="append", metavar="ID", help="a clause ID, e.g. 9-301 (repeatable)")
    which.add_argument("--page", metavar="PATH", help="every clause of a page, e.g. chapter-09.md")
    which.add_argument("--all", action="store_true", help="every clause of the manual")
    args = parser.parse_args(argv)

    manual = load(args.root)
    if structure_is_broken(manual, "Not accepted"):
        return 1
    if args.all:
        wanted = None
    elif args.page:
        page = manual.pages[manual.authoritative].get(args.page)
        if page is None:
            print(f"Not accepted: no page docs/{manual.authoritative}/{args.page}", file=sys.stderr)
            return 1
        wanted = [clause.id for clause in page.clauses]
    else:
        wanted = args.clause

    declared = {language: set(registry.clauses) for language, registry in manual.registries.items()}
    entries, refusals = accept(manual.sync, manual.lock, wanted, declared)
    if refusals:
        print("Not accepted:", file=sys.stderr)
        for refusal in refusals:
            print(f"  {refusal}", file=sys.stderr)
        return 1
    if args.all:
        for clause_id in manual.sync.orphaned_lock:
            entries.pop(clause_id, None)
            print(f"removed orphaned lock entry {clause_id}")
    changed = sorted((cid for cid in entries if manual.lock.entries.get(cid) != entries[cid]), key=clause_sort_key)
    lock_path = manual.paths.lock_path
    accepted_path = manual.paths.data_dir / ACCEPTED_FILE
    current = page_clauses(manual.pages[manual.authoritative])
    # The accepted Japanese texts are written with the lock, so a translator later sees what changed.
    for path, new_text in ((lock_path, format_lock(entries)),
                           (accepted_path, format_accepted(entries, manual.accepted, current))):
        old_text = path.read_text(encoding="utf-8") if path.exists() else ""
        if new_text != old_text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new_text, encoding="utf-8")
    print(f"accepted {len(changed)} clause(s) as current: {', '.join(changed) if changed else 'none changed'}")
    print(f"lock file: {manual.paths.shown(lock_path)} (accepted texts: {manual.paths.shown(accepted_path)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
