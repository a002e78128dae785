"""Rendering: links in the reader's language, citations, anchors, notices, code left alone."""

import pytest

from dism.clauses import build_registry, parse_page
from dism.render import RenderContext, add_notices, anchored_heading, relative_href, render_page, restore_links
from dism.sources import Source, citation_text, format_pinpoint

SDS_ACT = Source(
    id="sds-act",
    kind="law",
    names={"ja": {"name": "特定秘密の保護に関する法律", "short": "特定秘密保護法"},
           "en": {"name": "Act on the Protection of Specially Designated Secrets", "short": "SDS Act"}},
    name_status="jlt",
)


def registry(language, pages):
    parsed = [parse_page(text, path, f"docs/{language}/{path}") for path, text in pages.items()]
    return build_registry(parsed, language)


JA = {"chapter-09.md": "# 第9章\n### 9-301 保管\n本文\n### 9-302 運搬\n", "sub/annex.md": "# 別添\n### A-101 連絡窓口\n"}
EN = {"chapter-09.md": "# Chapter 9\n### 9-301 Storage\nText\n### 9-302 Transmission\n", "sub/annex.md": "# Annex\n### A-101 Contacts\n"}


def context(language, page_path="chapter-01.md", **kwargs):
    pages = JA if language == "ja" else EN
    return RenderContext(language=language, page_path=page_path, registry=registry(language, pages), **kwargs)


@pytest.mark.parametrize(
    "language, source, expected",
    [
        ("ja", "[[9-301]]", '<a href="../chapter-09/#9-301" title="保管 — 本文" aria-label="9-301 保管">9-301</a>'),
        ("en", "[[9-301]]", '<a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a>'),
        ("ja", "[[+9-301]]", '<a href="../chapter-09/#9-301" title="保管 — 本文">9-301 保管</a>'),
        ("en", "[[+9-302]]", '<a href="../chapter-09/#9-302" title="Transmission">9-302 Transmission</a>'),
        ("ja", "（9-301参照）", '（<a href="../chapter-09/#9-301" title="保管 — 本文" aria-label="9-301 保管">9-301</a>参照）'),
        ("en", "(see 9-301)", '(see <a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a>)'),
        ("en", "paragraph 9-302 applies", 'paragraph <a href="../chapter-09/#9-302" title="Transmission" aria-label="9-302 Transmission">9-302</a> applies'),
        ("en", "[[A-101]]", '<a href="../sub/annex/#A-101" title="Contacts" aria-label="A-101 Contacts">A-101</a>'),
        ("en", "[[9-999]]", "[[9-999]]"),
        ("en", "`[[9-301]]` and `see 9-301`", "`[[9-301]]` and `see 9-301`"),
    ],
)
def test_references_link_in_the_readers_language(language, source, expected):
    assert render_page(source, context(language)) == expected


def test_links_are_relative_to_the_page_and_local_on_the_same_page():
    assert render_page("[[9-301]]", context("en", "sub/annex.md")) == '<a href="../../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a>'
    assert render_page("[[9-302]]", context("en", "chapter-09.md")) == '<a href="#9-302" title="Transmission" aria-label="9-302 Transmission">9-302</a>'
    assert render_page("[[9-301]]", context("en", "index.md")) == '<a href="chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a>'
    flat = context("en", "chapter-01.md", directory_urls=False)
    assert render_page("[[A-101]]", flat) == '<a href="sub/annex.html#A-101" title="Contacts" aria-label="A-101 Contacts">A-101</a>'


def test_titles_and_labels_are_escaped():
    pages = {"chapter-09.md": '# 9\n### 9-301 "Quoted" <b> & more\n'}
    ctx = RenderContext(language="en", page_path="index.md", registry=registry("en", pages))
    assert render_page("[[+9-301]]", ctx) == (
        '<a href="chapter-09/#9-301" title="&quot;Quoted&quot; &lt;b&gt; &amp; more">9-301 "Quoted" &lt;b&gt; &amp; more</a>'
    )


def test_fenced_code_is_not_touched():
    text = "```\n[[9-301]] see 9-301\n### 9-301 x\n```"
    assert render_page(text, context("en")) == text


@pytest.mark.parametrize(
    "from_path, to_path, directory_urls, href",
    [
        ("a.md", "b.md", True, "../b/#x"),
        ("a.md", "a.md", True, "#x"),
        ("d/a.md", "b.md", True, "../../b/#x"),
        ("a.md", "d/b.md", True, "../d/b/#x"),
        ("index.md", "b.md", True, "b/#x"),
        ("b.md", "index.md", True, "../#x"),
        ("d/index.md", "b.md", True, "../b/#x"),
        ("a.md", "b.md", False, "b.html#x"),
        ("d/a.md", "index.md", False, "../index.html#x"),
    ],
)
def test_relative_href(from_path, to_path, directory_urls, href):
    ctx = RenderContext(language="en", page_path=from_path, registry=registry("en", {}), directory_urls=directory_urls)
    assert relative_href(ctx, to_path, "x") == href


@pytest.mark.parametrize(
    "line, expected",
    [
        ("### 9-301 保管", "### 9-301 保管 { #9-301 }"),
        ("### 9-301 Storage { .lead }", "### 9-301 Storage { #9-301 .lead }"),
        ("### 9-301 Storage {#9-301}", "### 9-301 Storage {#9-301}"),
        ("### 9-301 Storage {#other}", "### 9-301 Storage { #9-301 }"),
    ],
)
def test_clause_heading_gets_its_id_as_anchor(line, expected):
    assert anchored_heading(line, "9-301") == expected


def test_cited_by_is_listed_at_the_end_of_the_cited_clause():
    pages = {"chapter-09.md": "# 9\n### 9-301 Storage\nText\n### 9-302 Transmission\nsee 9-301\n"}
    ctx = RenderContext(language="en", page_path="chapter-09.md", registry=registry("en", pages))
    out = render_page(pages["chapter-09.md"], ctx).split("\n")
    cited_by = out.index('*Referenced by:* <a href="#9-302" title="Transmission — see 9-301" aria-label="9-302 Transmission">9-302</a>')
    assert out[cited_by - 2] == "Text" and out[cited_by + 1] == "{: .clause-cited-by }"
    assert out[cited_by + 3].startswith("### 9-302")


@pytest.mark.parametrize(
    "pinpoint, ja, en",
    [
        ("", "", ""),
        ("12", "第12条", "Article 12"),
        ("12(1)", "第12条第1項", "Article 12, paragraph (1)"),
        ("12(1)(i)", "第12条第1項第1号", "Article 12, paragraph (1), item (i)"),
        ("12(2)(iv)", "第12条第2項第4号", "Article 12, paragraph (2), item (iv)"),
        ("5-2", "第5条の2", "Article 5-2"),
        ("table4", "別表第4", "Appended Table 4"),
        ("suppl", "附則", "Supplementary Provisions"),
    ],
)
def test_pinpoints_render_in_each_language(pinpoint, ja, en):
    assert format_pinpoint(pinpoint, "ja") == ja
    assert format_pinpoint(pinpoint, "en") == en


def test_citation_text_and_link():
    assert citation_text(SDS_ACT, "12(1)", "ja") == "特定秘密保護法第12条第1項"
    assert citation_text(SDS_ACT, "12(1)", "en") == "SDS Act, Article 12, paragraph (1)"
    ctx = context("en", sources={"sds-act": SDS_ACT}, authorities_path="appendix-c.md")
    full = "Act on the Protection of Specially Designated Secrets, Article 12, paragraph (1)"
    # Screen readers hear the visible label first, then the full name.
    spoken = "SDS Act, Article 12, paragraph (1) (Act on the Protection of Specially Designated Secrets)"
    assert render_page("Basis: [[@sds-act 12(1)]]", ctx) == (
        f'Basis: <a href="../appendix-c/#src-sds-act" title="{full}" aria-label="{spoken}">'
        "SDS Act, Article 12, paragraph (1)</a>"
    )
    assert render_page("[[@unknown-act]]", ctx) == "[[@unknown-act]]"


def test_generated_content_replaces_its_directive_and_is_written_escaped():
    from dism.blocks import ClauseRef, Heading, Table

    blocks = [Heading(1, "Index [x](javascript:1) <b>", "index"), Table(["ID", "<i>"], [[ClauseRef("9-301"), 'a | "b" <script>']])]
    ctx = context("en", generated={"clause-index": lambda c: blocks})
    assert render_page("# Title\n\n[[generate: clause-index]]\n", ctx).split("\n")[2:8] == [
        r"## Index \[x\]\(javascript:1\) &lt;b&gt; {#index}",
        "",
        "<table>",
        '<thead><tr><th scope="col">ID</th><th scope="col">&lt;i&gt;</th></tr></thead>',
        '<tbody><tr><td><a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a></td><td>a | "b" &lt;script&gt;</td></tr></tbody>',
        "</table>",
    ]


def test_generated_headings_nest_under_the_heading_above_the_directive():
    from dism.blocks import Heading

    ctx = context("en", generated={"glossary": lambda c: [Heading(1, "Terms", "terms")]})
    assert render_page("# T\n[[generate: glossary]]", ctx).split("\n")[1] == "## Terms {#terms}"
    assert render_page("# T\n## Part\n[[generate: glossary]]", ctx).split("\n")[2] == "### Terms {#terms}"


def test_abbreviations_the_page_uses_are_appended_for_tooltips():
    ctx = context("en", abbreviations={"SDS": "Specially Designated Secret", "ATLA": "Acquisition, Technology and Logistics Agency"})
    assert render_page("SDS", ctx) == "SDS\n\n*[SDS]: Specially Designated Secret"
    assert render_page("No abbreviation here", ctx) == "No abbreviation here"


def test_links_in_headings_are_not_deferred():
    ctx = context("en", deferred_links=[])
    assert render_page("## Storage (see 9-301)", ctx) == '## Storage (see <a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a>)'
    assert ctx.deferred_links == []


def test_notices_go_under_their_clause_heading_and_at_the_page_top():
    text = "# T\n### 9-301 Storage { #9-301 }\nText\n### 9-302 Other\n"
    out = add_notices(text, {"9-301": "!!! warning"}, page_notice="PAGE")
    assert out.split("\n") == ["PAGE", "", "# T", "### 9-301 Storage { #9-301 }", "", "!!! warning", "", "Text", "### 9-302 Other", ""]


def test_deferred_links_survive_markdown_and_are_restored():
    import markdown

    ctx = context("en", deferred_links=[])
    source = "| a |\n|---|\n| see 9-301 |\n\n*Text [[+9-302]]* and SDS\n\n*[SDS]: Specially Designated Secret"
    rendered = render_page(source, ctx)
    assert "<a " not in rendered and len(ctx.deferred_links) == 2
    html = restore_links(markdown.markdown(rendered, extensions=["tables", "abbr"]), ctx.deferred_links)
    assert '<td>see <a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a></td>' in html
    assert '<em>Text <a href="../chapter-09/#9-302" title="Transmission">9-302 Transmission</a></em>' in html
    assert "\ue000" not in html


def test_references_inside_raw_html_tags_are_left_alone():
    line = '<span title="see 9-301">see 9-301</span> <!-- see 9-302 -->'
    assert render_page(line, context("en")) == (
        '<span title="see 9-301">see <a href="../chapter-09/#9-301" title="Storage — Text" aria-label="9-301 Storage">9-301</a></span> <!-- see 9-302 -->'
    )


def test_an_abbreviation_meaning_stays_on_its_definition_line():
    from dism.glossary import Term, abbreviations

    term = Term("特定秘密", "Specially Designated\nSecret <b>", "SDS", {}, "", True, False, 1)
    ctx = context("en", abbreviations=abbreviations([term], "en"))
    assert render_page("SDS", ctx) == "SDS\n\n*[SDS]: Specially Designated Secret <b>"


def test_a_clause_link_previews_the_cited_clause_title_and_first_lines_as_escaped_text():
    pages = {"chapter-09.md": "# 9\n### 9-301 Storage <b>\n\n- a. Keep **secrets** in a [[+9-302]] safe & \"locked\" room.\n"
             + "More text. " * 40 + "\n### 9-302 Transmission\n"}
    ctx = RenderContext(language="en", page_path="chapter-01.md", registry=registry("en", pages))
    link = render_page("[[9-301]]", ctx)
    title = link.split('title="', 1)[1].split('"', 1)[0]
    assert title.startswith('Storage &lt;b&gt; — a. Keep secrets in a 9-302 safe &amp; &quot;locked&quot; room. More text.')
    assert title.endswith("…") and len(title) < 260


def test_a_clause_shows_its_nispom_sections_linked_to_appendix_d_and_the_ecfr():
    from dism.crosswalk import Crosswalk

    crosswalk = Crosswalk(clause_sections={"9-301": ["117.15(b)"], "9-302": []},
                          section_titles={"117.15": "Safeguarding <classified>"})
    ctx = context("en", page_path="chapter-09.md", crosswalk=crosswalk, crosswalk_path="appendix-d.md")
    out = render_page(EN["chapter-09.md"], ctx)
    assert ('<a href="../appendix-d/#nispom-117-15-b" title="Safeguarding &lt;classified&gt;">§ 117.15(b)</a> '
            '(<a href="https://www.ecfr.gov/current/title-32/section-117.15#p-117.15(b)" title="eCFR: 32 CFR 117.15(b)" '
            'hreflang="en">eCFR</a>)') in out
    assert '<a href="../appendix-d/#nispom-for-9-302" title="No counterpart">No counterpart</a>' in out
    assert out.index("117.15(b)") < out.index("### 9-302")
    assert "nispom" not in render_page(EN["chapter-09.md"], context("en", page_path="chapter-09.md"))


def test_a_law_citation_links_to_the_law_text_in_the_readers_language_and_names_the_law_in_full():
    from dataclasses import replace

    act = replace(SDS_ACT, names={**SDS_ACT.names, "ja": {"name": "特定秘密の<保護>に関する法律", "short": "特定秘密保護法"}},
                  links={"egov": "https://laws.e-gov.go.jp/law/425AC0000000108",
                         "jlt": "https://www.japaneselawtranslation.go.jp/ja/laws/view/2543"})
    ja = render_page("[[@sds-act 12]]", context("ja", sources={"sds-act": act}, authorities_path="appendix-c.md"))
    assert ja == ('<a href="../appendix-c/#src-sds-act" title="特定秘密の&lt;保護&gt;に関する法律第12条" '
                  'aria-label="特定秘密保護法第12条（特定秘密の&lt;保護&gt;に関する法律）">特定秘密保護法第12条</a> '
                  '(<a href="https://laws.e-gov.go.jp/law/425AC0000000108" '
                  'title="法令の本文（e-Gov法令検索）: 特定秘密の&lt;保護&gt;に関する法律" hreflang="ja">e-Gov</a>)')
    en = render_page("[[@sds-act]]", context("en", sources={"sds-act": act}, authorities_path="appendix-c.md"))
    assert '(<a href="https://www.japaneselawtranslation.go.jp/en/laws/view/2543" ' in en and 'hreflang="en">JLT</a>)' in en
    guideline = replace(act, kind="guideline")
    assert "e-Gov" not in render_page("[[@sds-act]]", context("ja", sources={"sds-act": guideline}, authorities_path="appendix-c.md"))
    # A Cabinet Order's text is on e-Gov and JLT as an Act's is.
    order = replace(act, kind="cabinet-order")
    assert 'hreflang="ja">e-Gov</a>)' in render_page("[[@sds-act]]", context("ja", sources={"sds-act": order}, authorities_path="appendix-c.md"))
    assert 'hreflang="en">JLT</a>)' in render_page("[[@sds-act]]", context("en", sources={"sds-act": order}, authorities_path="appendix-c.md"))
