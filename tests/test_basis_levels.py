"""The basis level of each clause: computed from its citations and the registry's verified records,
shown under each heading in both languages with a legend, and counted per chapter."""

import json
import re
from pathlib import Path

import pytest
from site_builder import PROJECT_ROOT, build_site, lock_for, write_site

from dism.basis_levels import OFFICIAL, PRESS, PRIMARY, UNCONFIRMED, BasisLevel, clause_level, source_level
from dism.clauses import parse_page
from dism.sources import Source, Verification

SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
  links:
    jlt: https://www.japaneselawtranslation.go.jp/ja/laws/view/2543
  verified:
    - url: https://www.japaneselawtranslation.go.jp/en/laws/view/2543
      date: "2026-12-01"
      covers: "the Act's text"
clause-secrets:
  kind: contract-clause
  ja: {name: 秘密の保全に関する特約条項, short: 秘密保全特約条項}
  en: {name: Special Contract Clauses on the Security of Secrets, short: Secrets Clauses, name_status: unofficial}
  verified:
    - url: https://copies.example.org/clauses
      date: "2026-12-01"
      covers: "a third-party copy of the heading"
briefing:
  kind: briefing
  ja: {name: 説明資料, short: "説明資料<b>&"}
  en: {name: Briefing material, short: "Briefing <b>&", name_status: unofficial}
yomiuri:
  kind: press
  ja: {name: 読売新聞報道, short: 読売新聞}
  en: {name: Yomiuri Shimbun report, short: Yomiuri, name_status: unofficial}
"""

JA = {
    "index.md": "# ホーム\n",
    "chapter-09.md": """\
        # 第9章 秘密の保護

        ### 9-101 保管

        秘密を保管する。

        根拠：[[@sds-act 5]]、[[@clause-secrets]]

        ### 9-102 施錠

        施錠する。

        根拠：[[@clause-secrets]]、[[@briefing]]

        ### 9-103 報道

        報道された例。

        根拠：[[@yomiuri]]

        !!! commentary "解説"

            背景。[[@sds-act]]

        ### 9-104 特約

        特約条項による。

        根拠：[[@clause-secrets]]

        ### 9-105 （欠番）
        """,
    "appendix-c.md": "# 付録C\n\n[[generate: basis-legend]]\n\n[[generate: authorities]]\n",
    "translation-status.md": "# 翻訳状況\n\n[[generate: translation-status]]\n",
}
EN = {
    "index.md": "# Home\n",
    "chapter-09.md": """\
        # Chapter 9 Safeguarding

        ### 9-101 Storage

        Store secrets.

        Basis: [[@sds-act 5]]; [[@clause-secrets]]

        ### 9-102 Locking

        Lock them.

        Basis: [[@clause-secrets]]; [[@briefing]]

        ### 9-103 Reports

        A reported example.

        Basis: [[@yomiuri]]

        !!! commentary "Commentary"

            Background. [[@sds-act]]

        ### 9-104 Contract Clauses

        Under the contract clauses.

        Basis: [[@clause-secrets]]

        ### 9-105 [Reserved]
        """,
    "appendix-c.md": "# Appendix C\n\n[[generate: basis-legend]]\n\n[[generate: authorities]]\n",
    "translation-status.md": "# Translation status\n\n[[generate: translation-status]]\n",
}


def source(kind: str, links: dict | None = None, verified: tuple = ()) -> Source:
    names = {"ja": {"name": "名", "short": "名"}, "en": {"name": "Name", "short": "Name"}}
    return Source("s", kind, names, "unofficial", links=links or {}, verified=verified)


def test_every_kind_of_the_registry_schema_has_a_basis_level():
    schema = json.loads((PROJECT_ROOT / "hooks/dism/schemas/sources.schema.json").read_text(encoding="utf-8"))
    kinds = schema["$defs"]["source"]["properties"]["kind"]["enum"]
    assert "foreign" in kinds
    assert {kind: source_level(source(kind)) for kind in kinds} == {
        **{kind: UNCONFIRMED for kind in ("law", "cabinet-order", "cabinet-decision", "ministerial-ordinance", "directive",
                                          "notice", "guideline", "contract-clause", "agreement", "standard", "foreign")},
        "policy": OFFICIAL, "briefing": OFFICIAL, "press": PRESS, "commentary": PRESS, "association": PRESS,
    }


def test_primary_text_counts_as_read_only_at_its_own_address():
    read = Verification("https://www.mod.go.jp/atla/standard.html", "2026-12-01", "the text")
    copy = Verification("https://copies.example.org/standard", "2026-12-01", "a copy")
    own = {"publisher": "https://www.mod.go.jp/atla/standard.html"}
    assert source_level(source("standard", own, (copy, read))) == PRIMARY
    assert source_level(source("standard", own, (copy,))) == UNCONFIRMED
    assert source_level(source("standard", {}, (copy,))) == UNCONFIRMED
    # The Japanese Law Translation database serves one text under /ja/ and /en/.
    jlt = {"jlt": "https://www.japaneselawtranslation.go.jp/ja/laws/view/1"}
    on_en = Verification("https://www.japaneselawtranslation.go.jp/en/laws/view/1/", "2026-12-01", "the text")
    assert source_level(source("law", jlt, (on_en,))) == PRIMARY


def test_a_clause_takes_the_strongest_level_its_rule_text_cites(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text(SOURCES, encoding="utf-8")
    from dism.sources import load_sources

    sources, problems = load_sources(path, "data/s.yml")
    assert problems == []
    page = parse_page(re.sub(r"(?m)^        ", "", JA["chapter-09.md"]), "chapter-09.md", "docs/ja/chapter-09.md")
    levels = {clause.id: clause_level(clause, sources) for clause in page.clauses}
    assert levels == {
        "9-101": BasisLevel(PRIMARY, ("sds-act",)),
        "9-102": BasisLevel(OFFICIAL, ("briefing",)),
        # The commentary's citation of a read law does not lift a clause whose rule text cites a report.
        "9-103": BasisLevel(PRESS, ("yomiuri",)),
        "9-104": BasisLevel(UNCONFIRMED, ("clause-secrets",)),
        "9-105": None,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("basis")
    result = build_site(write_site(root, JA, EN, {"sources.yml": SOURCES, "translation.lock": lock_for(JA)}))
    assert result.ok, result.warnings
    return result


def clause_label(page: str, clause_id: str) -> str:
    after = page[page.index(f'id="{clause_id}"'):]
    return after[after.index("</h3>") + 5:after.index("<p>", after.index("</h3>"))].strip()


def test_each_clause_shows_its_level_under_its_heading_linked_to_the_legend(built):
    ja = built.page("chapter-09/index.html")
    assert clause_label(ja, "9-101") == (
        '<p class="clause-basis clause-basis-primary"><em>根拠の確認水準：</em> <a href="../appendix-c/#basis-primary" '
        'title="引用する典拠のうち少なくとも一つ（法令、訓令、通達、契約条項、ガイドライン、協定、基準又は外国の法令・文書）の本文を、'
        '付録Cに記載した所在（e-Gov法令検索、日本法令外国語訳データベース又は発行元のページ）で確認し、その日付を記録している。'
        '　該当する典拠：特定秘密保護法" aria-label="原文確認済み（根拠の確認水準）">原文確認済み</a></p>')
    en = built.page("en/chapter-09/index.html")
    # Data text is escaped in the tooltip.
    assert 'title="No primary text was read; the clause cites a ministry&#x27;s briefing material, a white paper or a ' \
           'policy document. Sources: Briefing &lt;b&gt;&amp;"' in clause_label(en, "9-102")
    assert '<b>&amp;' not in en and "<b>&" not in en
    assert '<em>Basis level:</em> <a href="../appendix-c/#basis-press"' in clause_label(en, "9-103")
    assert '>Unconfirmed</a></p>' in clause_label(en, "9-104")
    assert 'id="9-105"' in en and "clause-basis" not in en[en.index('id="9-105"'):]


def test_the_legend_in_appendix_c_holds_a_row_for_each_level_in_each_language(built):
    for path, words in (("appendix-c/index.html", ("原文確認済み", "公的な説明資料", "報道・解説のみ", "未確認")),
                        ("en/appendix-c/index.html", ("Primary text read", "Official secondary source",
                                                     "Press or commentary only", "Unconfirmed"))):
        page = built.page(path)
        assert '<h2 id="basis-levels">' in page
        rows = re.findall(r'<tr id="basis-([a-z]+)"><td><strong>([^<]+)</strong></td>', page)
        assert rows == list(zip(("primary", "official", "press", "unconfirmed"), words))


def test_the_status_page_counts_the_levels_per_chapter(built):
    page = built.page("en/translation-status/index.html")
    table = page[page.index('id="basis-by-chapter"'):]
    table = table[:table.index("</table>")]
    cells = re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", table)
    assert cells == ["Chapter", "Primary text read", "Official secondary source", "Press or commentary only",
                     "Unconfirmed", "Total",
                     '<a href="../chapter-09/">Chapter 9 Safeguarding</a>', "1", "1", "1", "1", "4",
                     "<strong>Total</strong>", "1", "1", "1", "1", "4"]
    assert '<h2 id="basis-by-chapter">根拠の確認水準（章別の条項数）' in built.page("translation-status/index.html")


def test_the_parallel_view_shows_the_level_in_each_column(built):
    page = built.page_unwrapped("en/parallel/chapter-09/index.html")
    row = page[page.index('id="9-101"'):page.index('id="9-102"')]
    assert ('<p class="clause-basis clause-basis-primary"><em>根拠の確認水準：</em> '
            '<a href="../../appendix-c/#basis-primary"') in row
    assert ('<p class="clause-basis clause-basis-primary"><em>Basis level:</em> '
            '<a href="../../appendix-c/#basis-primary"') in row
