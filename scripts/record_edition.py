"""Record an edition: freeze the text of every clause in both languages and add the edition, with
its title and summary in both languages, to data/editions.yml.

Refuses while the manual has any problem the build reports (a recorded edition is a sound state),
when the ID already exists, or when the date is earlier than the latest edition's.
"""

from __future__ import annotations

import argparse
import sys

from manual_cli import add_root_argument, load

from dism.editions import (
    EDITION_ID_RE,
    EDITIONS_DIR,
    EDITIONS_FILE,
    EDITIONS_HEADER,
    Edition,
    digest,
    format_edition_entry,
    format_frozen,
    frozen_path,
    is_date,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_root_argument(parser)
    parser.add_argument("--id", required=True, help="edition ID, e.g. 1 or 2027-1 (letters, digits, . _ -)")
    parser.add_argument("--date", required=True, help="the edition's date, YYYY-MM-DD")
    for language in ("ja", "en"):
        parser.add_argument(f"--title-{language}", required=True, help=f"the edition's title in {language}")
        parser.add_argument(f"--summary-{language}", required=True, help=f"summary of the changes in {language}")
    args = parser.parse_args(argv)

    refusals = []
    if not EDITION_ID_RE.match(args.id):
        refusals.append(f"ID '{args.id}': use letters, digits, '.', '_' or '-'")
    if not is_date(args.date):
        refusals.append(f"date '{args.date}': write a real date as YYYY-MM-DD")
    values = {"title": {"ja": args.title_ja, "en": args.title_en},
              "summary": {"ja": args.summary_ja, "en": args.summary_en}}
    refusals += [f"{key} in {lang} is empty: give {key.upper()}_{lang.upper()}=…"
                 for key, texts in values.items() for lang, value in texts.items() if not value.strip()]
    manual = load(args.root)
    history = manual.editions
    if any(e.id == args.id for e in history.editions):
        refusals.append(f"edition '{args.id}' already exists in data/{EDITIONS_FILE}: choose a new ID")
    if history.latest and args.date < history.latest.date:
        refusals.append(f"date {args.date} is earlier than the latest edition '{history.latest.id}' "
                        f"({history.latest.date})")
    problems = [p for found in manual.problems.values() for p in found]
    if refusals or problems:
        print("Edition not recorded:", file=sys.stderr)
        for refusal in refusals:
            print(f"  {refusal}", file=sys.stderr)
        if problems:
            print("  the manual has problems that fail the build; fix them first:", file=sys.stderr)
            for problem in problems:
                print(f"    {problem}", file=sys.stderr)
        return 1

    languages = manual.paths.languages
    data_dir = manual.paths.data_dir
    (data_dir / EDITIONS_DIR).mkdir(parents=True, exist_ok=True)
    digests = {}
    for language in languages:
        frozen = format_frozen(manual.pages[language], args.id, args.date, language)
        frozen_path(data_dir, args.id, language).write_text(frozen, encoding="utf-8")
        digests[language] = digest(frozen)
    edition = Edition(args.id, args.date, values["title"], values["summary"], digests)
    editions_file = data_dir / EDITIONS_FILE
    existing = editions_file.read_text(encoding="utf-8") if editions_file.exists() else EDITIONS_HEADER
    if existing and not existing.endswith("\n"):
        existing += "\n"
    editions_file.write_text(existing + format_edition_entry(edition, languages), encoding="utf-8")
    for language in languages:
        print(f"frozen text: {manual.paths.shown(frozen_path(data_dir, args.id, language))}")
    print(f"recorded edition '{args.id}' ({args.date}) in {manual.paths.shown(editions_file)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
