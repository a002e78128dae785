"""The PDF edition's document: one page per site page, links that stay inside the book, the
edition date from one place."""

import gc
import os
import re
import subprocess

import pytest

from site_builder import PROJECT_ROOT

from dism.book import BookPage, book_html, book_pages_in_order, page_key
from dism.edition import EditionUnknown, edition_date
from dism.texts import text
from dism.typeset import TYPESETTING_GC_THRESHOLDS, Typesetters

SITE = "https://example.org/manual/"
CLAUSES = {"9-301", "9-302", "10-101"}

CHAPTER_9 = BookPage(
    "chapter-09.md", "en/chapter-09/",
    '<h1 id="chapter-9">Chapter 9 Safeguarding<a class="headerlink" href="#chapter-9">&para;</a></h1>'
    '<h2 id="section-9-3">Section 3 Storage</h2>'
    '<h3 id="9-301">9-301 Storage<a class="headerlink" href="#9-301">&para;</a></h3>'
    '<p>Keep it locked (see <a href="#9-302" title="Transmission">9-302</a>). '
    'Phone 03-123-4567, dated 2023-10-01.</p><pre><code>9-302 stays as written</code></pre>'
    '<h3 id="9-302">9-302 Transmission</h3><p>Referenced by: <a href="../chapter-10/#10-101">10-101</a></p>',
)
CHAPTER_10 = BookPage(
    "chapter-10.md", "en/chapter-10/",
    '<h1 id="chapter-10">Chapter 10 Visits</h1><h2 id="notes">Notes</h2>'
    '<h3 id="10-101">10-101 Visits</h3>'
    '<p><a href="../chapter-09/#9-301">9-301</a>, <a href="../chapter-09/">Chapter 9</a>, '
    '<a href="#notes">notes</a>, <a href="../translation-status/#x">status</a>, '
    '<a href="https://elaws.e-gov.go.jp/document?lawid=425AC0000000108">e-Gov</a>, '
    '<a href="../../chapter-10/#10-101" hreflang="ja">10-101 訪問</a></p>',
)


@pytest.fixture(scope="module")
def book():
    return book_html("en", [CHAPTER_9, CHAPTER_10], CLAUSES, SITE, "As of First edition (November 22, 2026).", "2026-11-22")


def test_clause_references_become_links_to_the_clause_named_destination(book):
    assert '<a href="#9-302" title="Transmission">' in book  # same page
    assert '<a href="#9-301">' in book  # other page
    assert '<a href="#10-101">' in book
    assert '<h3 id="9-301">' in book and '<h3 id="10-101">' in book


def test_other_ids_are_prefixed_by_their_page_and_links_follow(book):
    assert '<h2 id="page-chapter-10--notes">' in book
    assert '<a href="#page-chapter-10--notes">notes</a>' in book
    assert '<a href="#page-chapter-09">Chapter 9</a>' in book
    assert f'<section class="book-page" id="{page_key("chapter-09.md")}">' in book


def test_links_out_of_the_book_become_absolute_addresses(book):
    assert 'href="https://elaws.e-gov.go.jp/document?lawid=425AC0000000108"' in book
    # A page the book leaves out, and the authoritative Japanese clause of a notice.
    assert f'href="{SITE}en/translation-status/#x"' in book
    assert f'href="{SITE}chapter-10/#10-101"' in book


def test_clause_ids_in_text_are_kept_on_one_line_but_code_and_numbers_are_not_touched(book):
    assert '<span class="clause-id">9-302</span></a>' in book
    assert "Phone 03-123-4567, dated 2023-10-01." in book
    assert "<code>9-302 stays as written</code>" in book


def test_contents_list_chapters_and_sections_without_permalink_signs(book):
    contents = re.search(r'<nav class="book-contents">(.*?)</nav>', book).group(1)
    assert '<li class="toc-1"><a href="#page-chapter-09--chapter-9">Chapter 9 Safeguarding</a></li>' in contents
    assert '<li class="toc-2"><a href="#page-chapter-09--section-9-3">Section 3 Storage</a></li>' in contents
    assert '<a href="#page-chapter-10--notes">Notes</a>' in contents
    assert "¶" not in contents and "9-301" not in contents


def test_cover_and_running_footer_carry_title_notice_authority_and_edition(book):
    cover = re.search(r'<section class="book-cover">(.*?)</section>', book).group(1)
    assert "Defense Industrial Security Manual for Japan" in cover
    assert "Unofficial consolidated edition" in cover
    assert "reference translation" in cover and "Japanese text is authoritative" in cover
    assert "As of First edition (November 22, 2026)." in cover
    assert '@bottom-left { content: "As of First edition (November 22, 2026)." }' in book
    assert "@top-right { content: \"Unofficial consolidated edition" in book
    assert "counter(page)" in book


def test_japanese_book_says_the_japanese_is_authoritative():
    book = book_html("ja", [CHAPTER_9], CLAUSES, SITE, "初版（2026-11-22）現在の内容。", "2026-11-22")
    assert '<html lang="ja">' in book
    assert "非公式統合版" in book and "日本語版が正文" in book and "初版（2026-11-22）現在の内容。" in book


@pytest.mark.parametrize("language, unofficial", [("ja", "非公式"), ("en", "unofficial")])
def test_the_document_title_says_the_edition_is_unofficial(language, unofficial):
    # The <title> becomes the PDF's title metadata, which file lists and viewers show.
    book = book_html(language, [CHAPTER_9], CLAUSES, SITE, "As of …", "2026-11-22")
    title = re.search(r"<title>(.*?)</title>", book).group(1)
    assert unofficial in title.lower() and text(language, "book_title") in title


def column_shares(book: str) -> list[list[float]]:
    return [[float(share) for share in re.findall(r'<col style="width: ([0-9.]+)%">', group)]
            for group in re.findall(r"<colgroup>(.*?)</colgroup>", book)]


def test_tables_get_column_widths_shared_out_from_their_text():
    # WeasyPrint lays tables out with these widths (table-layout: fixed) instead of measuring them.
    rows = "".join(f"<tr><td>9-30{n}</td><td>{'保管容器は施錠し、鍵を管理する。' * 6}</td><td>済</td></tr>" for n in range(3))
    page = BookPage("chapter-09.md", "chapter-09/",
                    f"<table><thead><tr><th>ID</th><th>内容</th><th>状態</th></tr></thead><tbody>{rows}</tbody></table>"
                    '<table><colgroup><col style="width: 70%"><col></colgroup><tr><td>a</td><td>b</td></tr></table>'
                    "<table><tr><td>short</td><td>text</td></tr></table>")
    book = book_html("ja", [page], CLAUSES, SITE, "初版", "2026-11-22")
    measured, own, fitting = column_shares(book)
    # Long text takes the width it needs beyond the others' longest unbreakable word.
    ids, text, state = measured
    assert text > 70 and ids > state and ids >= 6, measured
    assert abs(sum(measured) - 100) < 0.1
    # A table that fits shares out its width by its text; one that sets its own widths keeps them.
    assert fitting[0] > fitting[1] and abs(sum(fitting) - 100) < 0.1, fitting
    assert own == [70.0] and book.count("<colgroup>") == 3
    assert "table-layout: fixed" in book


def test_data_in_headings_is_escaped_in_the_contents():
    page = BookPage("a.md", "a/", '<h1 id="a">A &lt;script&gt; &amp; B</h1>')
    book = book_html("en", [page], set(), SITE, "As of First edition (November 22, 2026).", "2026-11-22")
    assert "<a href=\"#page-a--a\">A &lt;script&gt; &amp; B</a>" in book
    assert "<script>" not in book


def test_pages_follow_navigation_order_without_editorial_pages():
    rendered = {page.path: page for page in (CHAPTER_9, CHAPTER_10)}
    order = ["chapter-10.md", "translation-status.md", "chapter-09.md"]
    assert book_pages_in_order(order, rendered, {"translation-status.md"}) == [CHAPTER_10, CHAPTER_9]


def test_edition_date_is_source_date_epoch_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert edition_date(tmp_path) == "2025-12-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(EditionUnknown, match="SOURCE_DATE_EPOCH"):
        edition_date(tmp_path)


def test_edition_date_is_the_last_commit_date(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(EditionUnknown, match="no git history"):
        edition_date(tmp_path)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2024-02-29T12:00:00Z",
           "GIT_AUTHOR_DATE": "2024-02-29T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", "x"], check=True, env=env)
    assert edition_date(tmp_path) == "2024-02-29"


def test_the_basis_level_under_a_clause_heading_is_printed_and_leads_to_the_legend_in_the_book():
    chapter = BookPage(
        "chapter-09.md", "en/chapter-09/",
        '<h1 id="chapter-9">Chapter 9</h1><h3 id="9-301">9-301 Storage</h3>'
        '<p class="clause-basis clause-basis-primary"><em>Basis level:</em> '
        '<a href="../appendix-c/#basis-primary" title="Read">Primary text read</a></p><p>Keep it.</p>',
    )
    appendix = BookPage("appendix-c.md", "en/appendix-c/",
                        '<h1 id="appendix-c">Appendix C</h1><table><tr id="basis-primary"><td>Primary text read</td></tr></table>')
    book = book_html("en", [chapter, appendix], {"9-301"}, SITE, "As of First edition.", "2026-11-22")
    assert ('<p class="clause-basis clause-basis-primary"><em>Basis level:</em> '
            '<a href="#page-appendix-c--basis-primary" title="Read">Primary text read</a></p>') in book
    assert '<tr id="page-appendix-c--basis-primary">' in book
    css = (PROJECT_ROOT / "hooks/dism/book.css").read_text(encoding="utf-8")
    assert re.search(r"\.clause-basis \{[^}]*font-size", css) and not re.search(r"\.clause-basis[^{]*\{[^}]*display: none", css)


def _note_process():
    with open(os.environ["PREPARED_IN"], "a", encoding="utf-8") as noted:
        noted.write(f"{os.getpid()} {' '.join(map(str, gc.get_threshold()))}\n")


def test_typesetters_prepare_the_build_first_then_each_worker(tmp_path, monkeypatch):
    # make build prepares pydyf (hooks/upstream/pydyf_adapter.py) this way: checked in the build,
    # where a broken contract stops it, and installed in the process that writes the PDF.
    monkeypatch.setenv("PREPARED_IN", str(tmp_path / "prepared"))
    typesetters = Typesetters(1, prepare=_note_process)
    typesetters.start("en", '<html lang="en"><body><p>One page.</p></body></html>', tmp_path / "book.pdf")
    [done] = typesetters.finish()
    noted = [[int(field) for field in line.split()] for line in (tmp_path / "prepared").read_text(encoding="utf-8").splitlines()]
    processes = [line[0] for line in noted]
    assert processes[0] == os.getpid() and len(processes) == 2 and processes[1] != os.getpid()
    # The worker makes no full garbage collection; the build's own process keeps Python's thresholds.
    assert tuple(noted[1][1:]) == TYPESETTING_GC_THRESHOLDS and tuple(noted[0][1:]) == gc.get_threshold() != TYPESETTING_GC_THRESHOLDS
    assert done.pages == 1 and (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF-")
    assert done.cpu_seconds > 0 and done.peak_rss_mib > 0
