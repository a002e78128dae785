"""Add a clause with the next free ID, at the same place in both languages.

The Japanese side gets a placeholder body to write; the English side is marked untranslated
(it has no lock entry) until 'make accept CLAUSE=<id>'.
"""

from __future__ import annotations

import argparse
import sys

from manual_cli import add_root_argument, load, structure_is_broken

from dism.editing import NEW_BODY, EditError, clause_in, insert_clause, next_free_id, placement


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_root_argument(parser)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--after", metavar="ID", help="insert after this clause, in its section (e.g. 9-301)")
    where.add_argument("--section", metavar="C-S", help="append at the end of a section (e.g. 9-3)")
    parser.add_argument("--title-ja", required=True, help="the Japanese title")
    parser.add_argument("--title-en", required=True, help="the English title")
    args = parser.parse_args(argv)

    manual = load(args.root)
    if structure_is_broken(manual, "Not added"):
        return 1
    if not args.title_ja.strip() or not args.title_en.strip():
        print("Not added: give both --title-ja and --title-en", file=sys.stderr)
        return 1
    try:
        place = placement(manual, args.after, args.section)
        clause_id = next_free_id(manual, place.section)
        titles = {"ja": args.title_ja.strip(), "en": args.title_en.strip()}
        updated = {}
        for language in manual.paths.languages:
            page = manual.pages[language][place.page]
            anchor = clause_in(page, place.after.id)
            path = manual.paths.docs_dir / language / place.page
            text = path.read_text(encoding="utf-8")
            updated[path] = insert_clause(text, anchor, place.after.level, clause_id, titles[language], NEW_BODY[language])
    except (EditError, KeyError) as error:
        print(f"Not added: {error}", file=sys.stderr)
        return 1
    for path, text in updated.items():
        path.write_text(text, encoding="utf-8")
        print(f"added {clause_id} to {manual.paths.shown(path)}")
    print(f"English {clause_id} is untranslated until: make accept CLAUSE={clause_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
