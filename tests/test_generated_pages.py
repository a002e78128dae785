"""Generated pages in a real build: Appendices C and D, the clause index, the status page.

Values from data files and clause titles reach the page only as text: the injection payloads
below must appear escaped everywhere, never as markup.
"""

import re

import pytest
from site_builder import PROJECT_ROOT, build_site, lock_for, write_site

from dism.manual import ManualPaths, load_manual
from dism.parallel import site_parallel_pages


SCRIPT = "<script>alert(0)</script>"
IMG = '<img src=x onerror="alert(1)">'
MD_LINK = "[click](javascript:alert(2))"

JA = {
    "index.md": "# ホーム\n",
    "chapter-01.md": """\
        # 第1章 総則

        ### 1-101 目的

        この規則は秘密を保護する。根拠：[[@sds-act 12]]

        ### 1-102 適用 "引用" & 範囲

        A-101参照。根拠：[[@sds-act]]
        """,
    "chapter-10.md": "# 第10章 国際\n\n### 10-101 国際\n\n1-101参照。根拠：[[@sds-act]]\n",
    "appendix-a.md": "# 付録A\n\n### A-101 窓口\n\n根拠：[[@sds-act]]\n",
    "appendix-c.md": "# 付録C 根拠\n\n本文。\n\n[[generate: authorities]]\n",
    "appendix-d.md": "# 付録D NISPOM\n\n[[generate: nispom-crosswalk]]\n",
    "glossary.md": "# 付録B 用語\n\n[[generate: glossary]]\n",
    "clause-index.md": "# 条項索引\n\n[[generate: clause-index]]\n",
    "status.md": "# 翻訳状況\n\n[[generate: translation-status]]\n",
}
EN = {
    "index.md": "# Home\n",
    "chapter-01.md": """\
        # Chapter 1 General

        ### 1-101 Purpose

        These rules protect secrets. Basis: [[@sds-act 12]]

        ### 1-102 Scope "quoted" & <range> | [x](#1-101)

        See A-101. Basis: [[@sds-act]]
        """,
    "chapter-10.md": "# Chapter 10 International\n\n### 10-101 International\n\nSee 1-101. Basis: [[@sds-act]]\n",
    "appendix-a.md": "# Appendix A\n\n### A-101 Contacts\n\nBasis: [[@sds-act]]\n",
    "appendix-c.md": "# Appendix C Authorities\n\nText.\n\n[[generate: authorities]]\n",
    "appendix-d.md": "# Appendix D NISPOM\n\n[[generate: nispom-crosswalk]]\n",
    "glossary.md": "# Appendix B Glossary\n\n[[generate: glossary]]\n",
    "clause-index.md": "# Clause Index\n\n[[generate: clause-index]]\n",
    "status.md": "# Translation Status\n\n[[generate: translation-status]]\n",
}
SOURCES = f"""\
sds-act:
  kind: law
  ja: {{name: '特定秘密の保護に関する法律 {SCRIPT}', short: 特定秘密保護法}}
  en:
    name: 'Act on the Protection of Specially Designated Secrets {IMG}'
    short: SDS Act
    name_status: jlt
  links:
    jlt: https://www.japaneselawtranslation.go.jp/ja/laws/view/2543
    egov: https://laws.e-gov.go.jp/law/325AC0000000165
  note_ja: 'メモ {IMG} | {MD_LINK}'
  note_en: 'Note {SCRIPT} | {MD_LINK} "quoted"'
"""
GLOSSARY = f"""\
- ja: 特定秘密
  en: Specially Designated Secret
  abbr: SDS
  def_ja: '定義 {SCRIPT} | {MD_LINK}'
  def_en: 'Definition {IMG} | {MD_LINK}'
  source: sds-act
"""
CROSSWALK = """\
A-101: ["117.7(b)"]
10-101: ["117.19"]
1-101: ["117.1"]
1-102: ["117.1"]
"""
SECTIONS = '"117.1": Purpose\n"117.7": Procedures <b>\n"117.19": International security requirements\n'


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    write_site(root, JA, EN, {
        "sources.yml": SOURCES, "glossary.yml": GLOSSARY, "nispom-crosswalk.yml": CROSSWALK,
        "nispom-sections.yml": SECTIONS, "translation.lock": lock_for(JA),
    })
    built = build_site(root)
    assert built.ok, built.warnings
    return built


def content(result, path):
    """The article of a built page (the part generated content lands in)."""
    page = result.page_unwrapped(path)
    return page.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]


def test_no_data_value_becomes_markup_anywhere(result):
    pages = list(result.site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert not re.search(r"<img[^>]*onerror", text), page
        assert 'href="javascript:' not in text, page


ESCAPED_SCRIPT = "&lt;script&gt;alert(0)&lt;/script&gt;"
ESCAPED_IMG = '&lt;img src=x onerror="alert(1)"&gt;'


@pytest.mark.parametrize("path, payload", [
    ("appendix-c/index.html", ESCAPED_IMG), ("en/appendix-c/index.html", ESCAPED_SCRIPT),
    ("glossary/index.html", ESCAPED_SCRIPT), ("en/glossary/index.html", ESCAPED_IMG),
])
def test_payloads_are_shown_as_text(result, path, payload):
    # A note or definition: its markup, its '|' and its Markdown link all stay text in one cell.
    assert re.search(rf"<td>[^<]*{re.escape(f'{payload} | {MD_LINK}')}", content(result, path))


def test_appendix_c_labels_kinds_and_links_in_the_readers_language(result):
    ja, en = content(result, "appendix-c/index.html"), content(result, "en/appendix-c/index.html")
    assert '<th scope="row">種別</th><td>法律</td>' in ja
    assert '<th scope="row">Kind</th><td>Act</td>' in en
    assert ">jlt<" not in ja + en and ">egov<" not in ja + en
    assert '<a href="https://www.japaneselawtranslation.go.jp/ja/laws/view/2543" hreflang="ja">日本法令外国語訳データベース</a>' in ja
    assert '<a href="https://www.japaneselawtranslation.go.jp/en/laws/view/2543" hreflang="en">Japanese Law Translation</a>' in en
    assert 'hreflang="ja">e-Gov law search (Japanese only)</a>' in en
    # No header row of empty cells: the details table has row headers only.
    assert not re.search(r"<th[^>]*>\s*</th>", ja + en)
    assert "<thead>" not in ja.split('id="src-sds-act"')[1]


def test_source_names_are_escaped_in_headings_and_contents(result):
    en = result.page_unwrapped("en/appendix-c/index.html")
    heading = re.search(r'<h2 id="src-sds-act">(.*?)<a class="headerlink"', en).group(1)
    assert heading == "Act on the Protection of Specially Designated Secrets &lt;img src=x onerror=\"alert(1)\"&gt;"
    assert 'href="#src-sds-act"' in en  # the table of contents lists it


@pytest.mark.parametrize("path", ["appendix-c/index.html", "appendix-d/index.html", "status/index.html",
                                  "en/appendix-c/index.html", "en/appendix-d/index.html", "en/status/index.html",
                                  "glossary/index.html", "clause-index/index.html"])
def test_heading_levels_never_jump(result, path):
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", content(result, path))]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), levels


def test_clause_lists_put_chapters_in_number_order_then_appendices(result):
    for path in ("clause-index/index.html", "en/clause-index/index.html"):
        ids = re.findall(r'<td><a href="[^"]*#([0-9A-Z]+-[0-9]{3})"', content(result, path))
        assert ids == ["1-101", "1-102", "10-101", "A-101"]
    resting = content(result, "en/appendix-c/index.html").split("Clauses resting on this source")[1]
    assert re.findall(r'#([0-9A-Z]+-[0-9]{3})"', resting.split("</p>")[0]) == ["1-101", "1-102", "10-101", "A-101"]


def test_appendix_d_links_sections_to_the_ecfr_and_lists_clauses_with_titles(result):
    ja, en = content(result, "appendix-d/index.html"), content(result, "en/appendix-d/index.html")
    assert '<h2 id="by-clause">' in en and '<h2 id="by-nispom-section">' in en
    assert '<h2 id="by-clause">条項からNISPOMへ' in ja
    assert '<a href="https://www.ecfr.gov/current/title-32/section-117.19" hreflang="en">§ 117.19</a>' in en
    assert '<a href="https://www.ecfr.gov/current/title-32/section-117.7#p-117.7(b)" hreflang="en">§ 117.7(b)</a>' in ja
    by_section = en.split('id="by-nispom-section"')[1]
    assert 'title="Purpose — These rules protect secrets.">1-101 Purpose</a>, <a href="../chapter-01/#1-102"' in by_section
    assert '<tr id="nispom-117-1"><td>' in by_section
    assert "Procedures &lt;b&gt;" in by_section
    # The clause title with quotes and markup characters stays text in cells and tooltips.
    assert ('title="Scope &quot;quoted&quot; &amp; &lt;range&gt; | [x](#1-101) — See A-101.">1-102 Scope "quoted" &amp; &lt;range&gt; | [x](#1-101)</a>'
            in by_section)


def test_clause_titles_are_one_cell_of_text_in_the_clause_index(result):
    index = content(result, "en/clause-index/index.html")
    assert '<td>Scope "quoted" &amp; &lt;range&gt; | [x](#1-101)</td>' in index
    assert index.count("<tr>") == 5  # header and four clauses: the '|' split no row


def test_each_chapter_and_appendix_has_a_parallel_view_in_both_sites_left_out_of_search(result):
    import json

    for prefix in ("", "en/"):
        page = content(result, f"{prefix}parallel/chapter-01/index.html")
        row = page.split('<section class="dism-parallel" id="1-102">')[1].split("</section>")[0]
        ja_column, en_column = row.split('<div class="dism-parallel-column" lang="en">')
        assert '<div class="dism-parallel-column" lang="ja">' in ja_column
        assert '<strong>1-102 Scope "quoted" &amp; &lt;range&gt; | [x](#1-101)</strong>' in en_column
        assert "dism-parallel-current" in en_column
        # A clause link leads to the parallel view of its target.
        assert '<a href="../appendix-a/#A-101" title="Contacts' in en_column
        assert (result.site / f"{prefix}parallel/appendix-a/index.html").exists()
        assert not (result.site / f"{prefix}parallel/appendix-c/index.html").exists()  # no clauses
        # Its language switcher leads to the parallel view of the same chapter in each site.
        switcher = re.findall(r'<a href="([^"]*)" hreflang="(ja|en)"[^>]*class="md-select__link"', result.page(f"{prefix}parallel/chapter-01/index.html"))
        other = "../../../parallel/chapter-01/" if prefix else "../../en/parallel/chapter-01/"
        assert sorted(switcher) == sorted([("./", prefix[:2] or "ja"), (other, "ja" if prefix else "en")]), switcher
        chapter = content(result, f"{prefix}chapter-01/index.html")
        assert '<p class="dism-parallel-link"><a href="../parallel/chapter-01/">' in chapter
        assert '<p class="clause-parallel"><a href="../parallel/chapter-01/#1-101">' in chapter
    index = json.loads((result.site / "search/search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("chapter-01/") for location in locations)
    assert not [location for location in locations if "parallel/" in location]


def test_each_parallel_column_is_converted_once_for_both_sites(tmp_path, monkeypatch):
    """A column's text is the same Markdown in both sites: the second site reuses the first's HTML
    (at 3,000 clauses the parallel view was about 40 % of the build). Both sites still show it."""
    import markdown

    converted: list[str] = []
    convert = markdown.Markdown.convert

    def counted(self, source):
        converted.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counted)
    root = write_site(tmp_path, JA, EN, {
        "sources.yml": SOURCES, "glossary.yml": GLOSSARY, "nispom-crosswalk.yml": CROSSWALK,
        "nispom-sections.yml": SECTIONS, "translation.lock": lock_for(JA),
    })
    built = build_site(root)
    assert built.ok, built.warnings
    # 1-102's text in each language as a parallel column writes it (its link to A-101 already HTML;
    # its own page defers the link): converted once, by the first site.
    assert sum(source.count(">A-101</a>参照。根拠：") for source in converted) == 1
    assert sum(source.count(">A-101</a>. Basis: ") for source in converted) == 1
    for prefix in ("", "en/"):
        row = content(built, f"{prefix}parallel/chapter-01/index.html").split('id="1-102">')[1].split("</section>")[0]
        assert "参照。" in row and "See" in row
        # Each link of the reused column still leads to the parallel view of its target.
        assert '<a href="../appendix-a/#A-101" title="Contacts' in content(built, f"{prefix}parallel/chapter-01/index.html")
    # The marks that carry a column from one site to the other never reach a page.
    assert not [page for page in built.site.rglob("*.html") if "dism-parallel-column " in page.read_text(encoding="utf-8")
                or "dism-parallel-shared" in page.read_text(encoding="utf-8")]


def test_generated_content_inside_a_clause_is_not_printed_as_its_directive_in_the_parallel_view():
    manual = load_manual(ManualPaths(root=PROJECT_ROOT, docs_dir=PROJECT_ROOT / "docs"))
    holder = manual.page_with_directive("ja", "glossary")  # Appendix B: the glossary stands in clause B-101
    assert holder in manual.pages["ja"] and manual.pages["ja"][holder].clauses
    for language in ("ja", "en"):
        page = site_parallel_pages(manual, language, directory_urls=True)[holder]
        assert "[[generate" not in page
        # Each column says where the list stands, with a link to it.
        assert page.count('<p class="dism-parallel-generated">') == 2
        assert page.count(f'<a href="../../{holder.removesuffix(".md")}/#B-101">B-101</a>') == 2
