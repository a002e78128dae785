"""A real strict build of this project's site: languages, switcher, search indexes, no other hosts."""

import json
import re
from pathlib import Path

import pytest
from site_builder import PROJECT_ROOT

# What makes a browser fetch something: scripts, styles, images, frames, CSS imports and url().
LOADS = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"'](?P<src>[^\"']+)"
    r"|<link\b(?![^>]*\brel=[\"'](?:canonical|alternate)[\"'])[^>]*\bhref=[\"'](?P<href>[^\"']+)"
    r"|url\(\s*[\"']?(?P<url>[^\"')]+)|@import\s+[\"'](?P<import>[^\"']+)"
)
OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(project_site):
    return project_site


def html_pages(site: Path, language: str) -> list[Path]:
    """The built pages of one language (not the redirect pages of permanent addresses, c/<id>/)."""
    pages = sorted(site.rglob("index.html"))
    english = site / "en"
    redirects = (site / "c", english / "c")
    return [p for p in pages if (english in p.parents) == (language == "en")
            and not any(folder in p.parents for folder in redirects)]


def test_each_language_declares_its_html_lang(site):
    for language in ("ja", "en"):
        pages = html_pages(site, language)
        assert len(pages) > 20
        for page in pages:
            assert f'<html lang="{language}"' in page.read_text(encoding="utf-8"), page


def test_language_switcher_leads_to_the_same_page(site):
    for page in html_pages(site, "ja"):
        relative = page.parent.relative_to(site).as_posix()
        target = "en/" if relative == "." else f"en/{relative}/"
        html = page.read_text(encoding="utf-8")
        switch = re.search(r'<a href="([^"]+)" hreflang="en" lang="en" class="md-select__link"', html).group(1)
        # The home pages' switcher is an absolute path under site_url's path ("/" here).
        resolved = (site / switch.lstrip("/")).resolve() if switch.startswith("/") else (page.parent / switch).resolve()
        assert resolved == (site / target).resolve(), (page, switch)
        english_html = (resolved / "index.html").read_text(encoding="utf-8")
        back = re.search(r'<a href="([^"]+)" hreflang="ja" lang="ja" class="md-select__link"', english_html).group(1)
        back_resolved = (site / back.lstrip("/")).resolve() if back.startswith("/") else (resolved / back).resolve()
        assert back_resolved == page.parent.resolve()


# Each language's index grows with its own text only (it holds each clause's text as shown and as
# searched: about twice the Markdown of its pages, 2.0x when measured), never with the other
# language's, as Material's one shared index did.
MAX_INDEX_TO_MARKDOWN = 2.25


def test_each_language_has_its_own_search_index_that_grows_with_its_own_text_only(site):
    search = site / "search"
    for language in ("ja", "en"):
        index = search / f"clauses-{language}.js"
        size = index.stat().st_size
        markdown = sum(page.stat().st_size for page in (PROJECT_ROOT / "docs" / language).glob("*.md"))
        print(f"\n{index.name}: {size:,} bytes, {size / markdown:.2f}x its {markdown:,} bytes of Markdown")
        assert size <= MAX_INDEX_TO_MARKDOWN * markdown
        script = index.read_text(encoding="utf-8")
        data = json.loads(script[script.index("] = ") + 4:-2])  # the data after the one assignment
        clauses = {clause[0]: clause for clause in data["clauses"]}
        pages = [page[0] for page in data["pages"]]
        assert clauses["9-301"][1] == ("秘密の保管" if language == "ja" else "Storage of Secrets")
        assert all(page.startswith("en/") == (language == "en") for page in pages), pages
        # Japanese rule text (not a Japanese name quoted in English) is only in the Japanese index.
        assert any("しなければならない" in clause[3] for clause in clauses.values()) == (language == "ja")
    # Material's own index is reduced to its settings: readers no longer download both languages.
    assert json.loads((search / "search_index.json").read_text(encoding="utf-8"))["docs"] == []


def test_nothing_is_loaded_from_another_host(site):
    offenders = []
    for file in site.rglob("*"):
        if file.suffix not in {".html", ".css"}:
            continue
        for match in LOADS.finditer(file.read_text(encoding="utf-8", errors="replace")):
            target = next(group for group in match.groups() if group)
            if OTHER_HOST.match(target):
                offenders.append(f"{file.relative_to(site)}: {target}")
    assert offenders == []


def test_clause_anchors_are_identical_in_both_languages(site):
    ja = set(re.findall(r'<h3 id="(\d+-\d{3}|[A-Z]-\d{3})"', (site / "chapter-09/index.html").read_text(encoding="utf-8")))
    en = set(re.findall(r'<h3 id="(\d+-\d{3}|[A-Z]-\d{3})"', (site / "en/chapter-09/index.html").read_text(encoding="utf-8")))
    assert ja and ja == en


def test_headings_without_explicit_ids_get_ascii_anchors(site):
    for page in html_pages(site, "ja"):
        for anchor in re.findall(r'<h[1-6] id="([^"]+)"', page.read_text(encoding="utf-8")):
            assert anchor.isascii() and not re.fullmatch(r"_\d+", anchor), (page, anchor)


def test_no_page_skips_a_heading_level(site):
    # Appendices C and D and the status page once went from h1 straight to h3.
    for language in ("ja", "en"):
        for page in html_pages(site, language):
            article = page.read_text(encoding="utf-8").split('<article class="md-content__inner md-typeset">')[1]
            levels = [int(level) for level in re.findall(r"<h([1-6])\b", article.split("</article>")[0])]
            assert levels[0] == 1, page
            assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), (page, levels)


def test_every_clause_of_the_manual_cites_a_source_and_is_current():
    from dism.manual import ManualPaths, load_manual
    from dism.sync import CURRENT

    manual = load_manual(ManualPaths(root=PROJECT_ROOT, docs_dir=PROJECT_ROOT / "docs"))
    assert all(not problems for problems in manual.problems.values()), manual.problems
    for language, pages in manual.pages.items():
        uncited = [c.id for page in pages.values() for c in page.clauses if not c.reserved and not c.citations]
        assert uncited == [], language
    assert {state.state for state in manual.sync.states} == {CURRENT}
    assert manual.problems["english"] == []


def test_every_page_says_it_is_unofficial_and_which_text_is_authoritative(site):
    notices = {"ja": ("（非公式統合版）</title>", "法的効力を有するのは日本語の原文のみ"),
               "en": ("(unofficial consolidated edition)</title>", "The Japanese text is authoritative")}
    for language, (title, banner) in notices.items():
        pages = html_pages(site, language) + [site / ("en/404.html" if language == "en" else "404.html")]
        for page in pages:
            html = page.read_text(encoding="utf-8")
            assert title in html, page
            assert re.search(r'<div class="md-banner__inner[^"]*">[^<]*' + re.escape(banner), html), page


def test_each_language_has_its_own_404_page(site):
    for language, path, words in (("ja", "404.html", "ページが見つかりません"), ("en", "en/404.html", "Page not found")):
        html = (site / path).read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html
        assert words in html
        # Its switcher leads to the home pages (a 404 page is served at any address: absolute).
        assert re.findall(r'<a href="([^"]+)" hreflang="(?:ja|en)" lang="(?:ja|en)" class="md-select__link"', html) == ["/", "/en/"]


def test_interface_words_are_in_the_page_language(site):
    ja = (site / "chapter-09/index.html").read_text(encoding="utf-8")
    en = (site / "en/chapter-09/index.html").read_text(encoding="utf-8")
    assert 'title="Permanent link"' not in ja and 'class="headerlink" href="#9-301" title="この見出しへのリンク"' in ja
    assert 'class="headerlink" href="#9-301" title="Permanent link"' in en


def test_japanese_on_english_pages_is_marked_as_japanese(site):
    html = (site / "en/appendix-a/index.html").read_text(encoding="utf-8")
    assert '<span lang="ja">防衛基盤整備協会</span>' in html
    for page in html_pages(site, "en"):
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
        text = re.sub(r'<span lang="ja">[^<]*</span>|<a [^>]*lang="ja"[^>]*>.*?</a>|<[^>]*>', "", article, flags=re.S)
        assert not re.search("[\u3040-\u30ff\u4e00-\u9fff]", text), page


def test_a_build_without_site_url_names_no_host(site):
    for file in [*site.rglob("*.html"), site / "sitemap.xml"]:
        html = file.read_text(encoding="utf-8")
        # Permanent-address pages name their target relatively; no page names a host.
        assert "127.0.0.1" not in html and not re.search(r'rel="canonical" href="[a-z]+:', html), file
        assert not re.search(r'<a href="/[^"]*" hreflang', html) or file.name == "404.html", file


@pytest.mark.parametrize("prefix, language", [("", "ja"), ("en/", "en")])
def test_readers_meet_the_title_first_and_find_the_downloads_below_the_introduction_and_in_the_navigation(
        site, prefix, language):
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    article = home.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    title, downloads, structure = (article.index("<h1"), article.index('<h2 id="downloads"'),
                                   article.index('<h2 id="structure"'))
    assert title < downloads < structure
    listed = article[downloads:structure]
    assert f'href="../manual-{language}.pdf"' in listed or f'href="manual-{language}.pdf"' in listed, listed
    assert "manual-offline.zip" in listed
    assert "manual-downloads" not in article  # listed once, in the text
    # Every page's navigation leads to the downloads page, which lists the same files.
    chapter = (site / prefix / "chapter-09/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./downloads/" class="md-nav__link', chapter), "no Downloads in the navigation"
    page = (site / prefix / "downloads/index.html").read_text(encoding="utf-8")
    assert f'href="../../manual-{language}.pdf"' in page if prefix else 'href="../manual-ja.pdf"' in page
    # Other pages offer them after their text, never before the title.
    article = chapter.split('<article class="md-content__inner md-typeset">')[1]
    assert article.index("<h1") < article.index('class="manual-downloads"')
