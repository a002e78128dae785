"""Data files: every problem names path:line; nothing is silently dropped."""

import textwrap

import pytest

from dism.clauses import parse_page
from dism.crosswalk import check_crosswalk_clauses, check_crosswalk_coverage, load_crosswalk
from dism.glossary import load_glossary
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


LINK_FIX = "give an https:// address with a host, without spaces, quotes or angle brackets"


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD_SOURCE + GOOD_SOURCE.replace("sds-act:", "sds-act:", 1),
         ["data/s.yml:7: duplicate key 'sds-act' (first at line 1): remove or rename one"]),
        (GOOD_SOURCE.replace("kind: law", "kind: statute"),
         ["data/s.yml:2: source 'sds-act': kind is 'statute': use one of law, cabinet-order, cabinet-decision, "
          "ministerial-ordinance, directive, notice, guideline, contract-clause, agreement, standard, policy, briefing, "
          "press, commentary, association, foreign"]),
        (GOOD_SOURCE.replace(", short: SDS Act", ""), ["data/s.yml:4: source 'sds-act': add 'short' to en: it is required"]),
        (GOOD_SOURCE.replace("name_status: jlt", "name_status: unoffical"),
         ["data/s.yml:4: source 'sds-act': en.name_status is 'unoffical': use one of jlt, jlt-tentative, official, unofficial"]),
        (GOOD_SOURCE + "  note-en: typo\n",
         ["data/s.yml:7: source 'sds-act': unknown key 'note-en': use one of date, en, in_force, ja, kind, links, note_en, "
          "note_ja, verified"]),
        (GOOD_SOURCE.replace("date: 2013-12-13", "date: 13/12/2013"),
         ["data/s.yml:5: source 'sds-act': date is '13/12/2013': write the date as \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\""]),
        (GOOD_SOURCE.replace("date: 2013-12-13", "date: 2013"),
         ["data/s.yml:5: source 'sds-act': date must be text, not the number 2013 (put it in quotes)"]),
        (GOOD_SOURCE.replace("https://www", "http://www"),
         [f"data/s.yml:6: source 'sds-act': links.jlt is 'http://www.japaneselawtranslation.go.jp/': {LINK_FIX}"]),
        (GOOD_SOURCE.replace('"https://www.japaneselawtranslation.go.jp/"', "'javascript:alert(1)//https://x'"),
         [f"data/s.yml:6: source 'sds-act': links.jlt is 'javascript:alert(1)//https://x': {LINK_FIX}"]),
        (GOOD_SOURCE.replace('"https://www.japaneselawtranslation.go.jp/"', """'https://x.jp/" onmouseover="alert(1)'"""),
         [f"data/s.yml:6: source 'sds-act': links.jlt is 'https://x.jp/\" onmouseover=\"alert(1)': {LINK_FIX}"]),
        (GOOD_SOURCE.replace('"https://www.japaneselawtranslation.go.jp/"', "'https:///no-host'"),
         [f"data/s.yml:6: source 'sds-act': links.jlt is 'https:///no-host': {LINK_FIX}"]),
        (GOOD_SOURCE.replace('jlt: "', 'home: "'),
         ["data/s.yml:6: source 'sds-act': 'home' in links is not allowed: use one of jlt, egov, publisher"]),
        (GOOD_SOURCE + "  verified:\n    - {url: 'https://a.jp/', date: 2025-01-01}\n",
         ["data/s.yml:8: source 'sds-act': add 'covers' to verified[1]: it is required"]),
        ("SDS Act:\n  kind: law\n",
         ["data/s.yml:1: 'SDS Act' is not allowed: a source ID is lower-case letters, digits and hyphens (sds-act)",
          "data/s.yml:1: source 'SDS Act': add 'en': it is required",
          "data/s.yml:1: source 'SDS Act': add 'ja': it is required"]),
        ("sds-act: [unclosed\n", ["data/s.yml:2: invalid YAML (did not find expected ',' or ']'): fix the syntax"]),
        ("", ["data/s.yml:1: data file is empty: restore its entries from version control"]),
        ("# comments only\n", ["data/s.yml:1: data file is empty: restore its entries from version control"]),
        ("- sds-act\n", ["data/s.yml:1: the file must be a mapping of keys to values, not a list"]),
    ],
)
def test_bad_sources_are_reported_with_line(tmp_path, text, expected):
    sources, problems = load_sources(write(tmp_path, "s.yml", text), "data/s.yml")
    assert [str(p) for p in problems] == expected
    if "duplicate key" not in expected[0]:
        assert "sds-act" not in sources  # a broken entry is never used half-read


def test_good_entries_load_beside_a_broken_one(tmp_path):
    text = GOOD_SOURCE + GOOD_SOURCE.replace("sds-act:", "other-act:").replace("kind: law", "kind: lw")
    sources, problems = load_sources(write(tmp_path, "s.yml", text), "data/s.yml")
    assert list(sources) == ["sds-act"] and len(problems) == 1


def test_citation_of_an_unknown_source_or_bad_pinpoint(tmp_path):
    sources, _ = load_sources(write(tmp_path, "s.yml", GOOD_SOURCE), "data/s.yml")
    page = parse_page("# T\n### 1-101 A\n[[@sds-act 12(1)]] [[@sds-act art12]] [[@nope]]\n", "p.md", "docs/en/p.md")
    assert [str(p) for p in check_citations([page], sources, "en")] == [
        "docs/en/p.md:3: [en] pinpoint 'art12' of 'sds-act' is not understood: write 12, 12(1), 12(1)(i), 5-2, table4 or suppl",
        "docs/en/p.md:3: [en] unknown source 'nope' cited: add it to data/sources.yml or correct the ID",
    ]


def test_glossary_problems(tmp_path):
    text = """\
    - {ja: 特定秘密, en: Specially Designated Secret, abbr: SDS, def_ja: 定義, def_en: Definition}
    - {ja: 秘密, en: secret, def_ja: 定義, def_en: Definition}
    - {ja: 特定秘密, en: duplicate, def_ja: 定義, def_en: Definition}
    - {ja: 保全, en: security, abbr: SDS, def_ja: 定義, def_en: Definition}
    - {en: no japanese, def_ja: 定義, def_en: Definition}
    - {ja: 施設, en: facility, def_ja: 定義, def-en: typo, check: "false", en_status: unoffical}
    """
    terms, problems = load_glossary(write(tmp_path, "g.yml", text), "data/g.yml")
    assert [str(p) for p in problems] == [
        "data/g.yml:3: term '特定秘密' is given twice (first at line 1): merge the entries",
        "data/g.yml:4: abbreviation 'SDS' is given twice (first at line 1): give it to one term only",
        "data/g.yml:5: term 5: add 'ja': it is required",
        "data/g.yml:6: term '施設': add 'def_en': it is required",
        "data/g.yml:6: term '施設': check must be true or false, not the text 'false' (write it without quotes)",
        "data/g.yml:6: term '施設': en_status is 'unoffical': use one of jlt, jlt-tentative, official, unofficial",
        "data/g.yml:6: term '施設': unknown key 'def-en': use one of abbr, check, def_en, def_ja, en, en_status, ja, source, standalone",
    ]
    assert [(t.ja, t.abbr) for t in terms] == [("特定秘密", "SDS"), ("秘密", "")]


def test_crosswalk_problems(tmp_path):
    mapping = write(tmp_path, "m.yml", '9-101: ["117.15"]\n9-1: ["117.15"]\n9-102: "chapter 5"\n9-103: ["117.99"]\n'
                    '9-104: []\n9-105: ["117.10"]\n')
    titles = write(tmp_path, "t.yml", '"117.15": Safeguarding classified information\n117.10: Eligibility\n')
    crosswalk, problems = load_crosswalk(mapping, "data/m.yml", titles, "data/t.yml")
    assert [str(p) for p in problems] == [
        "data/m.yml:2: '9-1' is not allowed: a key is a clause ID (C-SPP, e.g. 9-301)",
        'data/m.yml:3: clause 9-102: give a list of 32 CFR 117 sections such as ["117.15"]',
        "data/m.yml:4: section 117.99 is not in data/t.yml: add its title there",
        "data/m.yml:5: clause 9-104: an empty list says nothing: list its sections, or write "
        "{sections: [], note_ja: …, note_en: …} for a clause with no NISPOM counterpart",
    ]
    # An unquoted 117.10 is the section 117.10, never the number 117.1.
    assert crosswalk.section_titles == {"117.15": "Safeguarding classified information", "117.10": "Eligibility"}
    assert [str(p) for p in check_crosswalk_clauses(crosswalk, {"9-103", "9-105"}, "data/m.yml")] == [
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
def test_every_kind_and_link_name_of_the_schema_has_words_in_each_language():
    import json

    from dism.schema import SCHEMA_DIR
    from dism.texts import TEXTS

    source = json.loads((SCHEMA_DIR / "sources.schema.json").read_text(encoding="utf-8"))["$defs"]["source"]["properties"]
    for language in ("ja", "en"):
        for kind in source["kind"]["enum"]:
            assert f"kind_{kind}" in TEXTS[language]
        for name in source["links"]["propertyNames"]["enum"]:
            assert f"link_{name}" in TEXTS[language]


@pytest.mark.parametrize("url, ok", [
    ("https://laws.e-gov.go.jp/law/329ACN", True),
    ("https://www.japaneselawtranslation.go.jp/ja/laws/view/2543", True),
    ("http://example.jp/", False),
    ("https://", False),
    ("https://user:pw@example.jp/", False),
    ("https://example.jp/a b", False),
    ('https://example.jp/"><script>', False),
    ("https://example.jp:99999/", False),
    ("javascript:alert(1)", False),
    (" https://example.jp/", False),
])
def test_links_are_parsed_as_https_urls(url, ok):
    from dism.schema import is_https_url

    assert is_https_url(url) is ok
