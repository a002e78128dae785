"""Real builds of small sites: links per language, and the exact --strict failures."""

import re

import pytest
from site_builder import SOURCES, build_site, hook_warnings, lock_for, write_site


JA = {
    "index.md": "# ホーム\n\n第1章を参照。\n",
    "chapter-01.md": """\
        # 第1章 総則

        ### 1-101 目的

        この規則は秘密を保護する。（1-102参照）[[+2-101]]

        根拠：[[@sds-act 12(1)]]

        ### 1-102 適用

        `[[9-999]]` はコードなので無視される。

        根拠：[[@sds-act 2]]
        """,
    "chapter-02.md": """\
        # 第2章 責務

        ### 2-101 事業者の責務

        事業者は1-101の規定により措置を講ずる。

        根拠：[[@sds-act 5]]
        """,
}
EN = {
    "index.md": "# Home\n\nSee Chapter 1.\n",
    "chapter-01.md": """\
        # Chapter 1 General

        ### 1-101 Purpose

        These rules protect secrets. (see 1-102) [[+2-101]]

        Basis: [[@sds-act 12(1)]]

        ### 1-102 Application

        `[[9-999]]` is code and ignored.

        Basis: [[@sds-act 2]]
        """,
    "chapter-02.md": """\
        # Chapter 2 Responsibilities

        ### 2-101 Duties of Contractors

        The contractor takes measures in accordance with paragraph 1-101.

        Basis: [[@sds-act 5]]
        """,
}


def without_previews(page: str) -> str:
    """The page with each clause link's tooltip cut to the clause title (the preview's first
    lines, after " — ", are tested in test_render)."""
    return re.sub(r'(title="[^"]*?) — [^"]*"', r'\1"', page)




def site(tmp_path, ja=None, en=None, lock=True, **data):
    ja = JA if ja is None else ja
    en = EN if en is None else en
    files = {"sources.yml": SOURCES, **data}
    if lock:
        files["translation.lock"] = lock_for(JA)
    return write_site(tmp_path, ja, en, files)




def test_clean_site_links_each_language_to_its_own_clauses(tmp_path):
    result = build_site(site(tmp_path))
    assert result.ok, result.warnings
    assert result.warnings == []
    ja = result.page("chapter-01/index.html")
    en = result.page("en/chapter-01/index.html")
    assert '<h3 id="1-101">' in ja and '<h3 id="1-101">' in en
    assert '<a href="#1-102" title="適用" aria-label="1-102 適用"><span class="clause-id">1-102</span></a>参照' in without_previews(ja)
    assert 'see <a href="#1-102" title="Application" aria-label="1-102 Application"><span class="clause-id">1-102</span></a>' in without_previews(en)
    assert '<a href="../chapter-02/#2-101" title="事業者の責務"><span class="clause-id">2-101</span> 事業者の責務</a>' in without_previews(ja)
    assert '<a href="../chapter-02/#2-101" title="Duties of Contractors"><span class="clause-id">2-101</span> Duties of Contractors</a>' in without_previews(en)
    assert "特定秘密保護法第12条第1項" in ja and "SDS Act, Article 12, paragraph (1)" in en
    assert "<code>[[9-999]]</code>" in ja
    # 2-101 cites 1-101, so 1-101 shows "referenced by 2-101" in each language.
    assert re.search(r"参照元.*?<a href=\"../chapter-02/#2-101\"", ja)
    assert re.search(r"Referenced by.*?<a href=\"../chapter-02/#2-101\"", en)
    assert "notice" not in en.split('<h3 id="1-101">')[1].split("</h3>")[1][:200]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("chapter-01.md", "（1-102参照）", "（1-109参照）"),
            "clause_links: docs/ja/chapter-01.md:5: [ja] unknown clause '1-109' referenced: no heading declares it "
            "in this language. Correct the ID, or declare the clause as '### 1-109 <title>'",
        ),
        (
            ("chapter-02.md", "### 2-101 事業者の責務", "### 1-101 事業者の責務"),
            "clause_links: docs/ja/chapter-02.md:3: [ja] duplicate clause ID '1-101': also declared at "
            "docs/ja/chapter-01.md:3. Clause IDs are never reused: that clause keeps the ID (it is the one recorded in "
            "the translation lock); give this one the next free ID, 1-103",
        ),
        (
            ("chapter-01.md", "### 1-102 適用", "### 1–102 適用"),
            "clause_links: docs/ja/chapter-01.md:9: [ja] malformed clause ID '1–102' in heading: a clause ID is C-SPP "
            "(chapter 1-99 or A-Z, a hyphen-minus, one section digit, two paragraph digits) followed by a space "
            "and the title, e.g. '### 9-301 Storage'",
        ),
        (
            ("chapter-01.md", "[[@sds-act 12(1)]]", "[[@sds-akt 12(1)]]"),
            "clause_links: docs/ja/chapter-01.md:7: [ja] unknown source 'sds-akt' cited: add it to data/sources.yml "
            "or correct the ID",
        ),
    ],
)
def test_content_problems_fail_strict_once_with_the_exact_message(tmp_path, change, message):
    path, old, new = change
    ja = dict(JA, **{path: JA[path].replace(old, new)})
    result = build_site(site(tmp_path, ja=ja))
    assert not result.ok
    assert message in hook_warnings(result)
    assert hook_warnings(result).count(message) == 1


def test_deleting_an_english_clause_fails_strict_with_file_and_line(tmp_path):
    en = dict(EN, **{"chapter-01.md": EN["chapter-01.md"].split("        ### 1-102")[0]})
    result = build_site(site(tmp_path, en=en))
    assert not result.ok
    assert hook_warnings(result) == [
        # 1-101 still refers to the deleted clause, so the English reference is broken too.
        "clause_links: docs/en/chapter-01.md:5: [en] unknown clause '1-102' referenced: no heading declares it in "
        "this language. Correct the ID, or declare the clause as '### 1-102 <title>'",
        "translation_sync: docs/en/chapter-01.md:3: [en] clause 1-102 is missing from the English page "
        "(Japanese at docs/ja/chapter-01.md:9): add '### 1-102 <title>' after this line, in the same order as "
        "the Japanese page",
    ]


def test_changing_one_japanese_word_marks_exactly_that_english_clause(tmp_path):
    ja = dict(JA, **{"chapter-02.md": JA["chapter-02.md"].replace("措置を講ずる", "措置を必ず講ずる")})
    result = build_site(site(tmp_path, ja=ja))
    assert result.ok, result.warnings  # staleness is expected in daily work: no warning
    en = result.page("en/chapter-02/index.html")
    assert en.count("English translation not current") == 1
    notice = en.split('<h3 id="2-101">')[1]
    assert 'href="../../chapter-02/#2-101" hreflang="ja"' in notice.split("</div>")[0]
    assert "English translation not current" not in result.page("en/chapter-01/index.html")
    assert "English translation not current" not in result.page("chapter-02/index.html")
    # The parallel view shows the state at the English clause, in both sites.
    for parallel in (result.page("en/parallel/chapter-02/index.html"), result.page("parallel/chapter-02/index.html")):
        row = parallel.split('<section class="dism-parallel" id="2-101">')[1].split("</section>")[0]
        assert 'class="dism-parallel-state dism-parallel-stale"' in row
    assert "translation not current" in result.page("en/parallel/chapter-02/index.html")
    assert "dism-parallel-stale" not in result.page("en/parallel/chapter-01/index.html")


def test_reflowing_a_japanese_paragraph_changes_nothing(tmp_path):
    ja = dict(JA, **{"chapter-02.md": JA["chapter-02.md"].replace("1-101の規定により措置を", "1-101の規定により\n        措置を")})
    result = build_site(site(tmp_path, ja=ja))
    assert result.ok and "not current" not in result.page("en/chapter-02/index.html")


def test_clause_without_lock_entry_is_marked_untranslated(tmp_path):
    result = build_site(site(tmp_path, lock=False))
    assert result.ok
    en = result.page("en/chapter-01/index.html")
    assert en.count("Not yet translated") == 2
    assert "Not yet translated" not in result.page("chapter-01/index.html")
    assert result.page("en/parallel/chapter-01/index.html").count("dism-parallel-untranslated") == 2


def test_japanese_page_without_english_is_shown_under_a_notice_and_fails_strict(tmp_path):
    en = {k: v for k, v in EN.items() if k != "chapter-02.md"}
    strict = build_site(site(tmp_path, en=en))
    assert not strict.ok
    assert hook_warnings(strict) == [
        "translation_sync: docs/ja/chapter-02.md:1: [en] this Japanese page has no English page: create "
        "docs/en/chapter-02.md with the same clause headings (until then the English site shows the Japanese "
        "text under a notice)"
    ]
    relaxed = build_site(tmp_path, strict=False)
    page = relaxed.page("en/chapter-02/index.html")
    assert "This page has not been translated" in page and "事業者の責務" in page
    # English links into the untranslated page still resolve, to the text shown there.
    assert 'href="../chapter-02/#2-101"' in relaxed.page("en/chapter-01/index.html")


def test_generated_clause_index_lists_every_clause_in_each_language(tmp_path):
    ja = dict(JA, **{"clause-index.md": "# 条項索引\n\n[[generate: clause-index]]\n"})
    en = dict(EN, **{"clause-index.md": "# Clause Index\n\n[[generate: clause-index]]\n"})
    result = build_site(site(tmp_path, ja=ja, en=en))
    assert result.ok, result.warnings
    assert '<a href="../chapter-02/#2-101" title="事業者の責務" aria-label="2-101 事業者の責務"><span class="clause-id">2-101</span></a>' in without_previews(result.page("clause-index/index.html"))
    en_index = without_previews(result.page("en/clause-index/index.html"))
    assert '<a href="../chapter-02/#2-101" title="Duties of Contractors" aria-label="2-101 Duties of Contractors"><span class="clause-id">2-101</span></a>' in en_index
    assert en_index.count('title="Purpose"') == 1


def test_a_reference_in_a_heading_reaches_the_table_of_contents_as_text(tmp_path):
    ja = dict(JA, **{"chapter-02.md": JA["chapter-02.md"] + "\n        ## 補足（1-101参照） {#note}\n"})
    en = dict(EN, **{"chapter-02.md": EN["chapter-02.md"] + "\n        ## Note (see 1-101) {#note}\n"})
    result = build_site(site(tmp_path, ja=ja, en=en))
    assert result.ok, result.warnings
    page = result.page("en/chapter-02/index.html")
    assert "\ue000" not in page and "\ue001" not in page
    assert '<a href="../chapter-01/#1-101" title="Purpose" aria-label="1-101 Purpose"><span class="clause-id">1-101</span></a>' in without_previews(page)
    assert re.search(r'<a href="#note" class="md-nav__link">\s*<span class="md-ellipsis">\s*Note \(see 1-101\)', page)


CROSSWALK = """\
1-101: ["117.1(a)"]
1-102:
  sections: []
  note_ja: NISPOMには該当する節がない。
  note_en: The NISPOM has no matching section.
"""
NISPOM_SECTIONS = '"117.1": Purpose\n"117.15": Safeguarding classified information\n'


def test_crosswalk_shows_paragraph_pins_notes_and_no_counterpart_in_each_language(tmp_path):
    ja = dict(JA, **{"appendix-d.md": "# 付録D\n\n[[generate: nispom-crosswalk]]\n"})
    en = dict(EN, **{"appendix-d.md": "# Appendix D\n\n[[generate: nispom-crosswalk]]\n"})
    result = build_site(site(
        tmp_path, ja=ja, en=en,
        **{"nispom-crosswalk.yml": CROSSWALK + '2-101: ["117.15"]\n', "nispom-sections.yml": NISPOM_SECTIONS},
    ))
    assert result.ok, result.warnings
    ja_page, en_page = result.page("appendix-d/index.html"), result.page("en/appendix-d/index.html")
    assert "§ 117.1(a)" in ja_page and "§ 117.1(a)" in en_page
    assert "<td>対応なし</td>" in ja_page and "<td>NISPOMには該当する節がない。</td>" in ja_page
    assert "<td>No counterpart</td>" in en_page and "<td>The NISPOM has no matching section.</td>" in en_page
    assert "The NISPOM has no" not in ja_page


def test_a_clause_without_crosswalk_entry_fails_strict_with_its_heading_line(tmp_path):
    result = build_site(site(
        tmp_path, **{"nispom-crosswalk.yml": CROSSWALK, "nispom-sections.yml": NISPOM_SECTIONS},
    ))
    assert not result.ok
    assert hook_warnings(result) == [
        "clause_links: docs/ja/chapter-02.md:3: clause 2-101 has no entry in data/nispom-crosswalk.yml: map it to "
        "its 32 CFR 117 sections, or write {sections: [], note_ja: …, note_en: …} if the NISPOM has no counterpart"
    ]
GLOSSARY = "- {ja: 特定秘密, en: Specially Designated Secret, abbr: SDS, def_ja: 定義, def_en: Definition}\n"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"sources.yml": SOURCES + "  note-en: typo\n"},
         "clause_links: data/sources.yml:5: source 'sds-act': unknown key 'note-en': use one of date, en, in_force, ja, "
         "kind, links, note_en, note_ja, verified"),
        ({"glossary.yml": GLOSSARY.replace("}", ", en_status: unoffical}")},
         "clause_links: data/glossary.yml:1: term '特定秘密': en_status is 'unoffical': use one of jlt, jlt-tentative, "
         "official, unofficial"),
        ({"glossary.yml": GLOSSARY.replace("}", ', check: "false"}')},
         "clause_links: data/glossary.yml:1: term '特定秘密': check must be true or false, not the text 'false' "
         "(write it without quotes)"),
        ({"glossary.yml": GLOSSARY + GLOSSARY.replace("特定秘密, en: Specially Designated Secret", "秘密, en: secret")},
         "clause_links: data/glossary.yml:2: abbreviation 'SDS' is given twice (first at line 1): give it to one term only"),
        ({"nispom-crosswalk.yml": "1-101: []\n", "nispom-sections.yml": '"117.1": Purpose\n'},
         "clause_links: data/nispom-crosswalk.yml:1: clause 1-101: an empty list says nothing: list its sections, or write "
         "{sections: [], note_ja: …, note_en: …} for a clause with no NISPOM counterpart"),
        ({"sources.yml": ""}, "clause_links: data/sources.yml:1: data file is empty: restore its entries from version control"),
        ({"sources.yml": None},
         "clause_links: data/sources.yml:1: data file is missing, but docs/ja/chapter-01.md:7 (a citation) needs it: "
         "restore it from version control"),
    ],
)
def test_bad_data_fails_strict_with_the_exact_first_message(tmp_path, data, message):
    root = site(tmp_path, **{name: text for name, text in data.items() if text is not None})
    for name, text in data.items():
        if text is None:
            (root / "data" / name).unlink()
    result = build_site(root)
    assert not result.ok
    assert hook_warnings(result)[0] == message
    assert hook_warnings(result).count(message) == 1


def test_a_new_page_reusing_a_locked_id_is_the_one_told_to_renumber(tmp_path):
    # appendix-a.md comes before chapter-01.md in page order; the lock still decides.
    ja = dict(JA, **{"appendix-a.md": "# 付録A\n\n### 1-101 新しい条項\n\n根拠：[[@sds-act]]\n"})
    en = dict(EN, **{"appendix-a.md": "# Appendix A\n\n### 1-101 New clause\n\nBasis: [[@sds-act]]\n"})
    result = build_site(site(tmp_path, ja=ja, en=en))
    assert not result.ok
    warnings = hook_warnings(result)
    assert warnings[:2] == [
        "clause_links: docs/en/appendix-a.md:3: [en] duplicate clause ID '1-101': also declared at docs/en/chapter-01.md:3. "
        "Clause IDs are never reused: that clause keeps the ID (the Japanese clause with this ID is on its page); give "
        "this one the next free ID, 1-103",
        "clause_links: docs/ja/appendix-a.md:3: [ja] duplicate clause ID '1-101': also declared at docs/ja/chapter-01.md:3. "
        "Clause IDs are never reused: that clause keeps the ID (it is the one recorded in the translation lock); give "
        "this one the next free ID, 1-103",
    ]
    assert not any("chapter-01.md:3: [ja] duplicate" in w for w in warnings)
    assert '<a href="../chapter-01/#1-101"' in result.page("chapter-02/index.html")


def test_a_lock_entry_for_no_clause_fails_strict_at_the_lock_line(tmp_path):
    root = site(tmp_path)
    lock = root / "data" / "translation.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "9-399 0123456789abcdef\n", encoding="utf-8")
    line = lock.read_text(encoding="utf-8").split("\n").index("9-399 0123456789abcdef") + 1
    result = build_site(root)
    assert not result.ok
    assert hook_warnings(result) == [
        f"translation_sync: data/translation.lock:{line}: clause 9-399 is locked but no Japanese page declares it: "
        "correct the ID or delete the line (a retired clause keeps its heading, '### 9-399 （欠番）')"
    ]


@pytest.mark.parametrize("where, hook", [("docs/ja/chapter-02.md", "clause_links"), ("data/sources.yml", "clause_links"),
                                         ("data/translation.lock", "translation_sync")])
def test_a_file_that_is_not_utf8_is_reported_at_its_line_without_a_traceback(tmp_path, where, hook):
    root = site(tmp_path)
    file = root / where
    lines = file.read_bytes().split(b"\n")
    lines.insert(2, b"# caf\xe9")  # Latin-1, as an editor set to another encoding would save it
    file.write_bytes(b"\n".join(lines))
    result = build_site(root)
    assert not result.ok
    first = hook_warnings(result)[0]
    assert first == (f"{hook}: {where}:3: not UTF-8 (byte 0xe9 at column 6): save the file as UTF-8 "
                     "(the encoding of every page and data file)")


def test_bom_and_crlf_are_read_as_mkdocs_reads_them(tmp_path):
    root = site(tmp_path)
    for page in (root / "docs" / "ja").glob("*.md"):
        page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    result = build_site(root)
    assert result.ok, result.warnings
    assert '<h3 id="1-101">' in result.page("chapter-01/index.html")
    # The fingerprints are those of the LF pages: nothing is stale.
    assert "English translation not current" not in result.page("en/chapter-01/index.html")


@pytest.mark.parametrize(
    "change, message",
    [
        (("chapter-01.md", "### 1-102 適用", "1-102 適用\n        ---"),
         "clause_links: docs/ja/chapter-01.md:9: [ja] clause heading '1-102 適用' is underlined (a setext heading): Markdown "
         "shows it as a heading, but a clause is declared only by '#' headings; write '### ' before it and remove the "
         "line of '-' or '=' under it"),
        (("chapter-01.md", "### 1-102 適用", "### １－１０２ 適用"),
         "clause_links: docs/ja/chapter-01.md:9: [ja] malformed clause ID '１－１０２' in heading: it is typed in full-width "
         "characters; type it with half-width (ASCII) digits and a hyphen-minus, e.g. '### 9-301 保管'"),
        (("chapter-01.md", "根拠：[[@sds-act 12(1)]]", "根拠：[[@sds-act 12(1)]]\n\n        ```text"),
         "clause_links: docs/ja/chapter-01.md:9: [ja] this code fence is never closed: add the closing fence line ('```') "
         "where the code ends (until then Markdown shows the fence as text)"),
        (("chapter-01.md", "（1-102参照）", "（[[1-102参照）"),
         "clause_links: docs/ja/chapter-01.md:5: [ja] '[[' is never closed on this line: write [[9-301]], [[@source-id]] or "
         "[[generate: name]] in full on one line"),
        (("chapter-01.md", "（1-102参照）", "（1-102及び1-109参照）"),
         "clause_links: docs/ja/chapter-01.md:5: [ja] unknown clause '1-109' referenced: no heading declares it in this "
         "language. Correct the ID, or declare the clause as '### 1-109 <title>'"),
        (("index.md", "第1章を参照。", "索引：[[generate: clause-index]]"),
         "clause_links: docs/ja/index.md:3: [ja] '[[generate: clause-index]]' must stand alone on its own line: put it on a "
         "line of its own, with blank lines around it"),
        (("index.md", "第1章を参照。", "[[generate: clause-index]] 以上"),
         "clause_links: docs/ja/index.md:3: [ja] '[[generate: clause-index]]' must stand alone on its own line: put it on a "
         "line of its own, with blank lines around it"),
        (("chapter-02.md", "事業者は", "[[generate: glossary]]\n\n        事業者は"),
         "clause_links: docs/ja/index.md:3: [ja] '[[generate: glossary]]' is already at docs/ja/chapter-02.md:5: keep "
         "only one of them"),
    ],
)
def test_markdown_both_parsers_read_alike_and_directives_fail_strict_at_their_line(tmp_path, change, message):
    path, old, new = change
    ja = dict(JA, **{path: JA[path].replace(old, new)})
    if "already at" in message:
        ja["index.md"] = ja["index.md"].replace("第1章を参照。", "[[generate: glossary]]")
    root = site(tmp_path, ja=ja, **{"glossary.yml": GLOSSARY})
    result = build_site(root)
    assert not result.ok
    assert hook_warnings(result)[0] == message
    if "never closed" in message:
        assert len(hook_warnings(result)) == 1  # no knock-on warnings from the lines after the fence


def test_heading_without_space_list_references_and_spaced_directive_are_read_as_markdown_reads_them(tmp_path):
    ja = dict(JA, **{
        "chapter-01.md": JA["chapter-01.md"].replace("### 1-102 適用", "###1-102 適用").replace("（1-102参照）", "（1-102及び1-101参照）"),
        "index.md": "# ホーム\n\n[[ generate: clause-index ]]\n",
    })
    en = dict(EN, **{"chapter-01.md": EN["chapter-01.md"].replace("(see 1-102)", "(see 1-102 and 1-101)")})
    root = site(tmp_path, ja=ja, en=en)
    (root / "data" / "translation.lock").write_text(lock_for(ja), encoding="utf-8")
    result = build_site(root)
    assert result.ok, result.warnings
    chapter = result.page_unwrapped("chapter-01/index.html")
    assert '<h3 id="1-102">' in chapter
    assert ('<a href="#1-102" title="適用" aria-label="1-102 適用">1-102</a>及び'
            '<a href="#1-101" title="目的" aria-label="1-101 目的">1-101</a>参照') in without_previews(chapter)
    assert ('see <a href="#1-102" title="Application" aria-label="1-102 Application">1-102</a> and '
            '<a href="#1-101" title="Purpose" aria-label="1-101 Purpose">1-101</a>') in without_previews(result.page_unwrapped("en/chapter-01/index.html"))
    index = result.page_unwrapped("index.html")
    assert "generate:" not in index and '<a href="chapter-02/#2-101" title="事業者の責務" aria-label="2-101 事業者の責務">2-101</a>' in without_previews(index)


def test_an_english_clause_title_only_in_japanese_fails_strict(tmp_path):
    en = dict(EN, **{"chapter-01.md": EN["chapter-01.md"].replace("### 1-102 Application", "### 1-102 適用")})
    result = build_site(site(tmp_path, en=en))
    assert not result.ok
    message = ("clause_links: docs/en/chapter-01.md:9: [en] the title of clause 1-102 is only Japanese: give it a "
               "title in this language, with the Japanese name in brackets if readers need it")
    assert hook_warnings(result).count(message) == 1
    # Japanese inside an English title is fine, and is marked as Japanese for screen readers.
    en = dict(EN, **{"chapter-01.md": EN["chapter-01.md"].replace("### 1-102 Application", "### 1-102 Application (適用)")})
    result = build_site(site(tmp_path, en=en))
    assert result.ok, result.warnings
    assert '<span lang="ja">適用</span>' in result.page("en/chapter-01/index.html")
