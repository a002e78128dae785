"""One form for dates in English: "July 1, 2019" (month, day, year), as the Japanese Law Translation
database writes them ("Act No. 108 of December 13, 2013"); a month alone is "July 2019".

Data files keep ISO dates (``2019-07-01``); ``format_date`` shows them in that form on English
pages. ``check_english_dates`` finds the other forms in the prose of English pages: "1 July 2019",
"July 1 2019" (no comma), and ISO dates in running text.
"""

from __future__ import annotations

import re

from .markdown_text import front_matter_length, iter_lines, prose_segments
from .problems import Problem

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH = "|".join(MONTHS)
ISO_DATE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12][0-9]|3[01]))?)?$")

# Link targets, bare addresses and HTML comments are not prose.
NOT_PROSE = re.compile(r"\]\([^)\s]*\)|https?://\S+|<!--.*?-->")
OTHER_FORMS = re.compile(
    rf"(?<![\w-])(?P<dmy>(?P<d_day>[0-9]{{1,2}})[ \t]+(?P<d_month>{_MONTH}),?[ \t]+(?P<d_year>[0-9]{{4}}))(?![\w-])"
    rf"|(?<![\w-])(?P<nocomma>(?P<n_month>{_MONTH})[ \t]+(?P<n_day>[0-9]{{1,2}})[ \t]+(?P<n_year>[0-9]{{4}}))(?![\w-])"
    r"|(?<![\w./-])(?P<iso>[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)(?![\w/-])"
)


def format_date(value: str, language: str) -> str:
    """An ISO date (``2019-07-01``, ``2019-07``, ``2019``) as the language writes it; other text unchanged."""
    match = ISO_DATE.match(value.strip())
    if match is None or language != "en":
        return value
    year, month, day = match.group("year", "month", "day")
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{MONTHS[int(month) - 1]} {int(day)}, {year}"


def preferred(match: re.Match[str]) -> str:
    if match.group("dmy"):
        return f"{match.group('d_month')} {int(match.group('d_day'))}, {match.group('d_year')}"
    if match.group("nocomma"):
        return f"{match.group('n_month')} {int(match.group('n_day'))}, {match.group('n_year')}"
    return format_date(match.group("iso"), "en")


def other_forms(text: str) -> list[tuple[str, str]]:
    """(date as written, date in the one form) for each date in ``text`` not written "July 1, 2019"."""
    return [(match.group(0), preferred(match)) for match in OTHER_FORMS.finditer(NOT_PROSE.sub(" ", text))]


def date_problem(shown: str, line: int, written: str, wanted: str) -> Problem:
    return Problem(shown, line, f"[en] date '{written}': English dates take one form, write '{wanted}'")


def check_english_dates(pages: dict[str, str]) -> list[Problem]:
    """Report every date in the prose of English pages that is not written "July 1, 2019".

    ``pages`` maps a page's path as messages show it to its Markdown source; front matter, code
    blocks and code spans are skipped.
    """
    problems = []
    for shown, text in pages.items():
        lines = text.split("\n")
        skip = front_matter_length(lines)
        for line in iter_lines("\n".join(lines[skip:]), first_line=skip + 1):
            if line.in_code:
                continue
            for is_prose, segment in prose_segments(line.text):
                if is_prose:
                    problems += [date_problem(shown, line.number, *found) for found in other_forms(segment)]
    return problems


def check_data_dates(texts: list[tuple[str, int, str]]) -> list[Problem]:
    """The same for English text from the data files (notes, definitions): (file, line, text)."""
    return [date_problem(shown, line, *found) for shown, line, text in texts for found in other_forms(text)]
