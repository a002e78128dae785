"""One English name for each thing: agreed terms and law names in current clauses, one date form."""

import re

import pytest
from site_builder import build_site, hook_warnings, lock_for, write_site

from dism.clauses import parse_page
from dism.dates import check_english_dates, format_date
from dism.glossary import Term
from dism.sources import Source
from dism.terminology import EnglishNameCheck, agreed_names

GLOSSARY = """\
- ja: 適性評価
  en: security clearance assessment
  def_ja: 特定秘密を取り扱う者の審査
  def_en: The vetting of persons who handle SDS.
  check: true
- ja: 秘
  en: Hi (秘)
  def_ja: 秘密の区分
  def_en: A level of secrets.
  standalone: true
  check: true
- ja: 秘密
  en: secret
  def_ja: 秘密
  def_en: A secret.
  check: false
"""
SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
  date: "2013-12-13"
"""
JA = {
    "index.md": "# ホーム\n",
    "chapter-06.md": """\
        # 第6章 適性評価

        ### 6-101 対象

        特定秘密保護法により、事業者の従業者は
        適性評価を受ける。

        根拠：[[@sds-act 12]]

        ### 6-102 秘の区分

        秘の文書は施錠して保管する。秘密一般も同様である。

        根拠：[[@sds-act 3]]
        """,
}
GOOD_EN = {
    "index.md": "# Home\n",
    "chapter-06.md": """\
        # Chapter 6 Security Clearance Assessment

        ### 6-101 Who Is Assessed

        Under the SDS Act, employees of business operators undergo a Security Clearance Assessment.

        Basis: [[@sds-act 12]]

        ### 6-102 The Hi Level

        Documents marked Hi (秘) are kept locked, as are secrets in general.

        Basis: [[@sds-act 3]]
        """,
}


def site(tmp_path, en, ja=JA):
    files = {"sources.yml": SOURCES, "glossary.yml": GLOSSARY, "translation.lock": lock_for(ja)}
    return write_site(tmp_path, ja, en, files)


def test_agreed_terms_and_law_names_pass(tmp_path):
    ja = dict(JA, **{"appendix-c.md": "# 付録C\n\n[[generate: authorities]]\n"})
    en = dict(GOOD_EN, **{"appendix-c.md": "# Appendix C\n\n[[generate: authorities]]\n"})
    result = build_site(site(tmp_path, en, ja))
    assert result.ok, result.warnings
    assert hook_warnings(result) == []
    # Registry dates are shown in the one English form.
    assert "December 13, 2013" in result.page("en/appendix-c/index.html")
    assert "2013-12-13" in result.page("appendix-c/index.html")


def test_a_term_or_law_name_rendered_otherwise_fails_strict_with_the_exact_message(tmp_path):
    en = {"chapter-06.md": GOOD_EN["chapter-06.md"]
          .replace("Under the SDS Act", "Under the secrets law")
          .replace("a Security Clearance Assessment", "vetting")}
    result = build_site(site(tmp_path, dict(GOOD_EN, **en)))
    assert not result.ok
    assert hook_warnings(result) == [
        "translation_sync: docs/en/chapter-06.md:3: [en] clause 6-101: the Japanese (docs/ja/chapter-06.md:3) uses "
        "特定秘密保護法; write 'Act on the Protection of Specially Designated Secrets' or 'SDS Act' "
        "(source 'sds-act', data/sources.yml:1), or mark a deliberate paraphrase in this clause with "
        "<!-- paraphrase: 特定秘密保護法 -->",
        "translation_sync: docs/en/chapter-06.md:3: [en] clause 6-101: the Japanese (docs/ja/chapter-06.md:3) uses "
        "適性評価; write 'security clearance assessment' (the glossary, data/glossary.yml:1), or mark a deliberate "
        "paraphrase in this clause with <!-- paraphrase: 適性評価 -->",
    ]


def test_a_marked_paraphrase_passes_and_a_stale_marker_is_reported(tmp_path):
    en = {"chapter-06.md": GOOD_EN["chapter-06.md"]
          .replace("a Security Clearance Assessment.", "vetting. <!-- paraphrase: 適性評価 -->")
          .replace("as are secrets in general.", "as are secrets in general. <!-- paraphrase: 特定秘密保護法、極秘 -->")}
    result = build_site(site(tmp_path, dict(GOOD_EN, **en)))
    assert hook_warnings(result) == [
        "translation_sync: docs/en/chapter-06.md:9: [en] clause 6-102: '極秘' in <!-- paraphrase: … --> is neither "
        "a checked glossary term nor a registered source name: correct it or remove it",
        "translation_sync: docs/en/chapter-06.md:9: [en] clause 6-102: <!-- paraphrase: 特定秘密保護法 --> but the "
        "Japanese (docs/ja/chapter-06.md:10) does not use 特定秘密保護法: remove it from the marker",
    ]
    # The marker is an HTML comment: readers never see it.
    page = result.page("en/chapter-06/index.html")
    assert "vetting." in page and "<!-- paraphrase: 適性評価 -->" in page
    assert "paraphrase" not in re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)


def test_only_current_clauses_are_checked(tmp_path):
    en = {"chapter-06.md": GOOD_EN["chapter-06.md"].replace("a Security Clearance Assessment", "vetting")}
    root = site(tmp_path, dict(GOOD_EN, **en))
    (root / "docs/ja/chapter-06.md").write_text(
        (root / "docs/ja/chapter-06.md").read_text(encoding="utf-8").replace("受ける", "必ず受ける"), encoding="utf-8"
    )
    result = build_site(root)
    assert result.ok, result.warnings  # stale: the translator's next task, shown by a notice


def _term(ja, en, abbr="", standalone=False):
    return Term(ja, en, abbr, {}, "", True, False, 1, standalone)


def _clause(text):
    return parse_page(f"# T\n### 1-101 T\n{text}\n", "p.md", "docs/x/p.md").clauses[0]


@pytest.mark.parametrize(
    "japanese, english, missing",
    [
        ("特定秘密を保護する。", "Protect SDS.", []),  # the abbreviation counts
        ("特定秘密を保護する。", "Protect Specially Designated Secrets.", []),  # a plural counts
        ("特定秘密を保護する。", "Protect special secrets.", ["特定秘密"]),
        ("特定秘密保護法による。", "Under the SDS Act.", []),  # the law, not the term 特定秘密
        ("特定秘密保護法による。", "Under the secrets law.", ["特定秘密保護法"]),
        ("特定秘密の保護に関する\n法律による。", "Under the secrets law.", ["特定秘密の保護に関する法律"]),  # across a line break
        ("極秘及び秘密を扱う。", "Handle Gokuhi and secrets.", []),  # 秘 inside 極秘 and 秘密 is not the term 秘
        ("特別防衛秘密（秘）を扱う。", "Handle Special Defense Secrets (Hi).", ["秘"]),
        ("[[@sds-act 12]]による。", "Under [[@sds-act 12]].", []),  # citations show the name in both languages
    ],
)
def test_which_names_a_clause_must_render(japanese, english, missing):
    source = Source("sds-act", "law", {
        "ja": {"name": "特定秘密の保護に関する法律", "short": "特定秘密保護法"},
        "en": {"name": "Act on the Protection of Specially Designated Secrets", "short": "SDS Act"},
    }, "jlt", line=1)
    names = agreed_names(
        [_term("特定秘密", "Specially Designated Secret", "SDS"), _term("秘", "Hi (秘)", standalone=True)],
        {"sds-act": source}, "data/glossary.yml", "data/sources.yml",
    )
    check = EnglishNameCheck(names)
    problems = check.problems(_clause(japanese), _clause(english), "docs/ja/p.md", "docs/en/p.md")
    assert [p.message.split(" uses ")[1].split(";")[0] for p in problems] == missing


def test_english_dates_take_one_form(tmp_path):
    en = dict(GOOD_EN, **{"index.md": """\
        # Home

        Signed 1 July 2019, in force July 1 2019, amended 2007-08-10, reported 2007-08, and
        finally **July 1, 2019** and July 2019 ([page](https://example.org/2019-07-01/)) `2019-07-01`.

        ```
        2019-07-01
        ```
        """})
    result = build_site(site(tmp_path, en))
    assert not result.ok
    assert hook_warnings(result) == [
        "translation_sync: docs/en/index.md:3: [en] date '1 July 2019': English dates take one form, write 'July 1, 2019'",
        "translation_sync: docs/en/index.md:3: [en] date '2007-08': English dates take one form, write 'August 2007'",
        "translation_sync: docs/en/index.md:3: [en] date '2007-08-10': English dates take one form, write 'August 10, 2007'",
        "translation_sync: docs/en/index.md:3: [en] date 'July 1 2019': English dates take one form, write 'July 1, 2019'",
    ]


def test_dates_in_front_matter_tables_and_clause_ids():
    text = "---\ndate: 2019-07-01\n---\n# T\n\n| 2016-11-23 | see 10-106 | 1983-11 |\n\nNo. 5-101-2, 03-123-4567, FY2023.\n"
    assert [str(p) for p in check_english_dates({"docs/en/t.md": text})] == [
        "docs/en/t.md:6: [en] date '2016-11-23': English dates take one form, write 'November 23, 2016'",
        "docs/en/t.md:6: [en] date '1983-11': English dates take one form, write 'November 1983'",
    ]


@pytest.mark.parametrize(
    "value, language, shown",
    [
        ("2013-12-13", "en", "December 13, 2013"),
        ("2007-08", "en", "August 2007"),
        ("2023", "en", "2023"),
        ("2013-12-13", "ja", "2013-12-13"),
        ("to be confirmed", "en", "to be confirmed"),
    ],
)
def test_format_date(value, language, shown):
    assert format_date(value, language) == shown


def test_english_dates_in_data_files_take_one_form(tmp_path):
    sources = SOURCES + "  note_en: \"Signed 2007-08-10 and amended 1 July 2019 (recorded as 2019-07-01).\"\n"
    root = site(tmp_path, GOOD_EN)
    (root / "data/sources.yml").write_text(sources, encoding="utf-8")
    result = build_site(root)
    assert not result.ok
    assert hook_warnings(result) == [
        "translation_sync: data/sources.yml:1: [en] date '1 July 2019': English dates take one form, write 'July 1, 2019'",
        "translation_sync: data/sources.yml:1: [en] date '2007-08-10': English dates take one form, write 'August 10, 2007'",
        "translation_sync: data/sources.yml:1: [en] date '2019-07-01': English dates take one form, write 'July 1, 2019'",
    ]


def test_status_report_lists_the_english_problems(tmp_path):
    from manual_cli import load
    from translation_status import report

    en = {"chapter-06.md": GOOD_EN["chapter-06.md"].replace("a Security Clearance Assessment", "vetting")}
    root = site(tmp_path, dict(GOOD_EN, **en))
    lines = report(load(root), check_terms=True)
    start = lines.index("English terms, law names and dates (these fail 'make build'):")
    assert lines[start + 1].startswith("  docs/en/chapter-06.md:3: [en] clause 6-101: the Japanese (docs/ja/chapter-06.md:3) uses 適性評価;")


HOME_JA = """\
    # ホーム {#home}

    本サイトは、特定秘密の保護に関する法律に基づく事業者の義務をまとめる。

    ## 構成 {#structure}

    第6章は適性評価を扱う。

    [[generate: clause-index]]
    """


def test_names_are_held_on_every_page_outside_clauses_too(tmp_path):
    # The home page names the law by a variant; the section text under a heading paired by its
    # {#id} uses another word for the term. Both fail the strict build at the English passage.
    home_en = """\
        # Home {#home}

        This site gathers the duties that the Act on protecting secrets places on business operators.

        ## Structure {#structure}

        Chapter 6 deals with vetting.

        [[generate: clause-index]]
        """
    ja = {**JA, "index.md": HOME_JA}
    result = build_site(site(tmp_path, {**GOOD_EN, "index.md": home_en}, ja))
    assert not result.ok
    assert hook_warnings(result) == [
        "translation_sync: docs/en/index.md:1: [en] text outside clauses: the Japanese (docs/ja/index.md:1) uses "
        "特定秘密の保護に関する法律; write 'Act on the Protection of Specially Designated Secrets' or 'SDS Act' "
        "(source 'sds-act', data/sources.yml:1), or mark a deliberate paraphrase in this passage with "
        "<!-- paraphrase: 特定秘密の保護に関する法律 -->",
        "translation_sync: docs/en/index.md:5: [en] text outside clauses: the Japanese (docs/ja/index.md:5) uses "
        "適性評価; write 'security clearance assessment' (the glossary, data/glossary.yml:1), or mark a deliberate "
        "paraphrase in this passage with <!-- paraphrase: 適性評価 -->",
    ]


def test_agreed_names_and_paraphrase_markers_outside_clauses_build(tmp_path):
    home_en = """\
        # Home {#home}

        This site gathers the duties that the Act on the Protection of Specially Designated Secrets places
        on business operators.

        ## Structure {#structure}

        Chapter 6 deals with vetting. <!-- paraphrase: 適性評価 -->

        [[generate: clause-index]]
        """
    ja = {**JA, "index.md": HOME_JA}
    result = build_site(site(tmp_path, {**GOOD_EN, "index.md": home_en}, ja))
    assert result.ok, result.warnings


def test_passages_pair_by_heading_id_and_what_cannot_be_paired_is_compared_as_a_whole():
    from dism.terminology import check_page_text_names, page_passages

    ja_text = ("---\ntitle: x\n---\n# 第6章 {#c6}\n\n適性評価の概要。\n\n### 6-101 対象\n\n適性評価を受ける。\n\n"
               "## 補足 {#notes}\n\n特定秘密保護法の説明。\n\n```\n適性評価\n```\n\n## 付記\n\n適性評価の付記。\n")
    en_text = ("---\ntitle: x\n---\n# Chapter 6 {#c6}\n\nSecurity clearance assessment overview.\n\n### 6-101 Who\n\n"
               "Vetting.\n\n## Notes {#notes}\n\nThe SDS Act explained.\n\n## Other\n\nAn addendum.\n")
    ja_page, en_page = parse_page(ja_text, "c.md", "docs/ja/c.md"), parse_page(en_text, "c.md", "docs/en/c.md")
    # The clause and the code are not passages; front matter is skipped; the key is the heading's {#id}.
    assert [(p.key, p.line) for p in page_passages(ja_text, ja_page.clauses)] == [("#c6", 4), ("#notes", 12), ("heading 3", 20)]
    assert "適性評価を受ける" not in " ".join(p.text for p in page_passages(ja_text, ja_page.clauses))
    terms = [Term("適性評価", "security clearance assessment", "", {"ja": "", "en": ""}, "", True, False, 3)]
    sources = {"sds-act": Source("sds-act", "law", {"ja": {"name": "特定秘密の保護に関する法律", "short": "特定秘密保護法"},
                                                   "en": {"name": "Act on the Protection of SDS", "short": "SDS Act"}}, "jlt", line=9)}
    check = EnglishNameCheck(agreed_names(terms, sources, "data/glossary.yml", "data/sources.yml"))
    found = check_page_text_names({"c.md": ("docs/ja/c.md", ja_text)}, {"c.md": ("docs/en/c.md", en_text)},
                                  {"c.md": ja_page}, {"c.md": en_page}, check)
    # Paired passages pass; "## 付記" (no id) and "## Other" are both the third heading: paired by place.
    assert [(p.path, p.line, p.message.split(";")[0]) for p in found] == [
        ("docs/en/c.md", 16, "[en] text outside clauses: the Japanese (docs/ja/c.md:20) uses 適性評価"),
    ]
    # Without its {#id}, the English "Notes" section no longer pairs; what is left is compared whole.
    unpaired = en_text.replace("## Notes {#notes}\n\nThe SDS Act", "## Notes\n\nThe secrecy law")
    en_page = parse_page(unpaired, "c.md", "docs/en/c.md")
    found = check_page_text_names({"c.md": ("docs/ja/c.md", ja_text)}, {"c.md": ("docs/en/c.md", unpaired)},
                                  {"c.md": ja_page}, {"c.md": en_page}, check)
    assert sorted((p.line, p.message.split(";")[0]) for p in found) == [
        (12, "[en] text outside clauses: the Japanese (docs/ja/c.md:12) uses 特定秘密保護法"),
        (16, "[en] text outside clauses: the Japanese (docs/ja/c.md:20) uses 適性評価"),
    ]
