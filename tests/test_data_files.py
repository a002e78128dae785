"""Data files: every problem names path:line; nothing is silently dropped."""

import textwrap

import pytest

from dism.clauses import parse_page
from dism.crosswalk import check_crosswalk_clauses, check_crosswalk_coverage, load_crosswalk
from dism.glossary import TermChecker, load_glossary
from dism.sources import check_citations, load_sources

GOOD_SOURCE = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法, number: 平成25年法律第108号}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
  date: 2013-12-13
  links: {jlt: "https://www.japaneselawtranslation.go.jp/"}
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_valid_source_loads_with_dates_as_written(tmp_path):
    sources, problems = load_sources(write(tmp_path, "s.yml", GOOD_SOURCE), "data/s.yml")
    assert problems == []
    assert sources["sds-act"].date == "2013-12-13"
    assert sources["sds-act"].name("en", "short") == "SDS Act"


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD_SOURCE + GOOD_SOURCE.replace("sds-act:", "sds-act:", 1),
         ["data/s.yml:7: duplicate key 'sds-act' (first at line 1): remove or rename one"]),
        (GOOD_SOURCE.replace("kind: law", "kind: statute"),
         ["data/s.yml:2: source 'sds-act': kind must be one of agreement, "
          "association, briefing, cabinet-decision, cabinet-order, commentary, contract-clause, directive, guideline, "
          "law, ministerial-ordinance, notice, policy, press, standard"]),
        (GOOD_SOURCE.replace(", short: SDS Act", ""), ["data/s.yml:2: source 'sds-act': 'en' needs 'name' and 'short'"]),
        (GOOD_SOURCE.replace("name_status: jlt", "name_status: maybe"),
         ["data/s.yml:2: source 'sds-act': en.name_status must be one of jlt, jlt-tentative, official, unofficial"]),
        (GOOD_SOURCE.replace("https://www", "http://www"), ["data/s.yml:2: source 'sds-act': links must map a name to an https:// URL"]),
        (GOOD_SOURCE + "  verified: {url: https://a.example/}\n",
         ["data/s.yml:2: source 'sds-act': verified must be a list of {url: https://…, date: YYYY-MM-DD (the day "
          "the page was read), covers: what it confirms}"]),
        (GOOD_SOURCE + "  verified:\n    - {url: http://a.example/, date: 2026-12-01, covers: number}\n",
         ["data/s.yml:8: source 'sds-act': verified url 'http://a.example/' must be an https:// address"]),
        (GOOD_SOURCE + "  verified:\n    - {url: https://a.example/, date: 1 Dec 2026, covers: number}\n",
         ["data/s.yml:8: source 'sds-act': verified date '1 Dec 2026' must be written YYYY-MM-DD"]),
        (GOOD_SOURCE + "  verified:\n    - {url: https://a.example/, date: 2026-12-01, covers: ' '}\n",
         ["data/s.yml:8: source 'sds-act': verified covers must say which details the page confirms"]),
        ("SDS Act:\n  kind: law\n", ["data/s.yml:1: source 'SDS Act': IDs are lower-case letters, digits and hyphens"]),
        ("sds-act: [unclosed\n", ["data/s.yml:2: invalid YAML (expected ',' or ']', but got '<stream end>'): fix the syntax"]),
    ],
)
def test_bad_sources_are_reported_with_line(tmp_path, text, expected):
    _, problems = load_sources(write(tmp_path, "s.yml", text), "data/s.yml")
    assert [str(p) for p in problems] == expected


def test_citation_of_an_unknown_source_or_bad_pinpoint(tmp_path):
    sources, _ = load_sources(write(tmp_path, "s.yml", GOOD_SOURCE), "data/s.yml")
    page = parse_page("# T\n### 1-101 A\n[[@sds-act 12(1)]] [[@sds-act art12]] [[@nope]]\n", "p.md", "docs/en/p.md")
    assert [str(p) for p in check_citations([page], sources, "en")] == [
        "docs/en/p.md:3: [en] pinpoint 'art12' of 'sds-act' is not understood: write 12, 12(1), 12(1)(i), 5-2, table4 or suppl",
        "docs/en/p.md:3: [en] unknown source 'nope' cited: add it to data/sources.yml or correct the ID",
    ]


def test_glossary_problems_and_term_check(tmp_path):
    text = """\
    - {ja: 特定秘密, en: Specially Designated Secret, abbr: SDS}
    - {ja: 秘密, en: secret}
    - {ja: 特定秘密, en: duplicate}
    - {en: no japanese}
    """
    terms, problems = load_glossary(write(tmp_path, "g.yml", text), "data/g.yml")
    assert [str(p) for p in problems] == [
        "data/g.yml:3: term '特定秘密' is defined twice (first at line 1): merge the entries",
        "data/g.yml:4: a glossary entry needs 'ja' and 'en' (and def_ja, def_en)",
    ]
    ja = parse_page("# T\n### 1-101 A\n特定秘密を保護する。\n", "p.md", "x").clauses[0]
    en_ok = parse_page("# T\n### 1-101 A\nProtect SDS.\n", "p.md", "x").clauses[0]
    en_bad = parse_page("# T\n### 1-101 A\nProtect special secrets.\n", "p.md", "x").clauses[0]
    checker = TermChecker(terms)
    assert checker.missing_terms(ja, en_ok) == []  # the abbreviation counts; 秘密 inside 特定秘密 is not a second term
    assert [t.en for t in checker.missing_terms(ja, en_bad)] == ["Specially Designated Secret"]


def test_crosswalk_problems(tmp_path):
    mapping = write(tmp_path, "m.yml", '9-101: ["117.15"]\n9-1: ["117.15"]\n9-102: "chapter 5"\n9-103: ["117.99"]\n')
    titles = write(tmp_path, "t.yml", '"117.15": Safeguarding classified information\n')
    crosswalk, problems = load_crosswalk(mapping, "data/m.yml", titles, "data/t.yml")
    assert [str(p) for p in problems] == [
        "data/m.yml:2: '9-1' is not a clause ID (C-SPP, e.g. 9-301)",
        "data/m.yml:3: clause 9-102: give a list of 32 CFR 117 sections such as [\"117.15\"]",
        "data/m.yml:4: section 117.99 is not in data/t.yml: add its title there",
    ]
    assert [str(p) for p in check_crosswalk_clauses(crosswalk, {"9-103"}, "data/m.yml")] == [
        "data/m.yml:1: clause 9-101 is mapped to the NISPOM but no Japanese clause declares it: correct the ID or remove the entry"
    ]


CROSSWALK_FORMS = """\
9-101: ["117.15(b)(1)"]
9-102:
  sections: []
  note_ja: NISPOMにはCUIの節がない。
  note_en: The NISPOM has no section on CUI.
9-103: {sections: ["117.15"], note_ja: 節単位の対応。, note_en: Section-level match.}
"""


def test_crosswalk_paragraph_pins_notes_and_no_counterpart(tmp_path):
    mapping = write(tmp_path, "m.yml", CROSSWALK_FORMS)
    titles = write(tmp_path, "t.yml", '"117.15": Safeguarding classified information\n')
    crosswalk, problems = load_crosswalk(mapping, "data/m.yml", titles, "data/t.yml")
    assert problems == []
    assert crosswalk.clause_sections == {"9-101": ["117.15(b)(1)"], "9-102": [], "9-103": ["117.15"]}
    assert crosswalk.notes["9-102"] == {"ja": "NISPOMにはCUIの節がない。", "en": "The NISPOM has no section on CUI."}
    assert "9-101" not in crosswalk.notes
    assert crosswalk.clauses_by_section() == {"117.15(b)(1)": ["9-101"], "117.15": ["9-103"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9-101: []\n", "data/m.yml:1: clause 9-101: an empty list says nothing: list its sections, or write "
                         "{sections: [], note_ja: …, note_en: …} for a clause with no NISPOM counterpart"),
        ("9-101: {sections: []}\n", "data/m.yml:1: clause 9-101: 'sections: []' says the NISPOM has no counterpart: "
                                     "say why in note_ja and note_en"),
        ("9-101: {sections: [], note_en: none}\n",
         "data/m.yml:1: clause 9-101: give the note in both languages (note_ja and note_en)"),
        ("9-101: {sections: [], note: x}\n",
         "data/m.yml:1: clause 9-101: unknown key 'note': use sections, note_ja and note_en"),
        ("9-101: {note_ja: x, note_en: y}\n",
         'data/m.yml:1: clause 9-101: give a list of 32 CFR 117 sections such as ["117.15"]'),
    ],
)
def test_bad_crosswalk_entries_are_reported_with_line(tmp_path, text, expected):
    titles = write(tmp_path, "t.yml", '"117.15": Safeguarding classified information\n')
    crosswalk, problems = load_crosswalk(write(tmp_path, "m.yml", text), "data/m.yml", titles, "data/t.yml")
    assert [str(p) for p in problems] == [expected]
    assert crosswalk.clause_sections == {}


def test_every_clause_in_force_needs_a_crosswalk_entry(tmp_path):
    titles = write(tmp_path, "t.yml", '"117.15": Safeguarding classified information\n')
    crosswalk, problems = load_crosswalk(write(tmp_path, "m.yml", CROSSWALK_FORMS + "9-106: []\n"), "data/m.yml", titles, "data/t.yml")
    assert len(problems) == 1  # the malformed 9-106 is reported there, and not again as missing
    page = parse_page(
        "# 第9章\n### 9-101 A\n本文\n### 9-102 B\n### 9-104 C\n本文\n### 9-105 （欠番）\n### 9-106 D\n",
        "chapter-09.md", "docs/ja/chapter-09.md",
    )
    assert [str(p) for p in check_crosswalk_coverage(crosswalk, [page], "data/m.yml")] == [
        "docs/ja/chapter-09.md:5: clause 9-104 has no entry in data/m.yml: map it to its 32 CFR 117 sections, "
        "or write {sections: [], note_ja: …, note_en: …} if the NISPOM has no counterpart"
    ]
