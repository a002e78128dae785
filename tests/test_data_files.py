"""Data files: every problem names path:line; nothing is silently dropped."""

import textwrap

import pytest

from dism.clauses import parse_page
from dism.crosswalk import check_crosswalk_clauses, load_crosswalk
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


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD_SOURCE + GOOD_SOURCE.replace("sds-act:", "sds-act:", 1),
         ["data/s.yml:7: duplicate key 'sds-act' (first at line 1): remove or rename one"]),
        (GOOD_SOURCE.replace("kind: law", "kind: statute"),
         ["data/s.yml:2: source 'sds-act': kind must be one of agreement, briefing, cabinet-decision, cabinet-order, "
          "contract-clause, directive, guideline, law, ministerial-ordinance, notice, policy, standard"]),
        (GOOD_SOURCE.replace(", short: SDS Act", ""), ["data/s.yml:2: source 'sds-act': 'en' needs 'name' and 'short'"]),
        (GOOD_SOURCE.replace("name_status: jlt", "name_status: maybe"),
         ["data/s.yml:2: source 'sds-act': en.name_status must be one of jlt, jlt-tentative, official, unofficial"]),
        (GOOD_SOURCE.replace("https://www", "http://www"), ["data/s.yml:2: source 'sds-act': links must map a name to an https:// URL"]),
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


def test_glossary_problems(tmp_path):
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
    assert [(t.ja, t.abbr) for t in terms] == [("特定秘密", "SDS"), ("秘密", "")]


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
