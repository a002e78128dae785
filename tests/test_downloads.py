"""What `make build` publishes for readers to take away, checked on one real build of the
project: the PDF of each language, the offline copy opened from disk in Chromium, and print.

Needs poppler-utils (pdffonts, pdftotext), chromium and chromium-driver: skipped without them
locally, a failure under CI=true (.ci/run installs them).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject
from site_builder import PROJECT_ROOT
from webdriver import material_search

from dism.downloads import DOWNLOADS_PAGE, OFFLINE_ARCHIVE, OFFLINE_FOLDER, pdf_name
from dism.manual import ManualPaths, load_manual
from dism.texts import text
from dism.typeset import reported_books

LANGUAGES = ("ja", "en")
CLAUSE_ID_SPLIT = re.compile(r"(?<![\w-])(?:[1-9][0-9]?|[A-Z])-\n\s*[0-9]{3}(?![0-9])")


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed (apt-get install poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def manual():
    return load_manual(ManualPaths(root=PROJECT_ROOT, docs_dir=PROJECT_ROOT / "docs"))


# The published PDFs are written once per session and only read here: each is parsed and extracted
# once, and the tests share the result.
@functools.cache
def pdf_reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@functools.cache
def pdf_text(pdf: Path, *pages: int) -> str:
    pdftotext = require("pdftotext")
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run([pdftotext, *span, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


PAGE_NUMBER = re.compile(r"^\d+ / \d+$")


def running_text(pdf: Path) -> str:
    """The book's text without its page furniture (the running title, notice and "as of" line
    that stand on most pages, and the page numbers), so a paragraph over a page break reads on."""
    pages = [page.splitlines() for page in pdf_text(pdf).split("\f")]
    on_pages: dict[str, int] = {}
    for lines in pages:
        for line in {line.strip() for line in lines}:
            on_pages[line] = on_pages.get(line, 0) + 1
    furniture = {line for line, count in on_pages.items() if line and count > len(pages) / 2}
    return "\n".join(line for lines in pages for line in lines
                     if line.strip() not in furniture and not PAGE_NUMBER.match(line.strip()))


def outline_titles(items, depth=0):
    for item in items:
        if isinstance(item, list):
            yield from outline_titles(item, depth + 1)
        else:
            yield depth, item.title


# --- the PDFs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_has_a_cover_contents_and_every_page_of_the_manual(published, manual, language):
    reader = pdf_reader(published / pdf_name(language))
    chapters = [title for depth, title in outline_titles(reader.outline) if depth == 0]
    # One top-level bookmark per page of the site, minus the editors' translation status and the
    # page that offers the PDF itself.
    left_out = {manual.page_with_directive(language, "translation-status"), DOWNLOADS_PAGE}
    assert left_out <= set(manual.pages[language])
    assert len(chapters) == len(manual.pages[language]) - len(left_out), chapters
    # The pages an FSO works with are part of the book.
    for page in ("duties.md", "checklist.md"):
        assert manual.pages[language][page].title.split("{")[0].strip() in chapters, chapters
    assert len(reader.pages) >= len(chapters) + 2
    cover = " ".join(pdf_text(published / pdf_name(language), 1).split())
    assert text(language, "book_title") in cover and text(language, "book_subtitle") in cover
    assert re.search(EDITION_DATE, cover), cover
    contents = pdf_text(published / pdf_name(language), 2)
    assert text(language, "book_contents") in contents
    assert re.search(r"\.\.\.\.+ ?\d+\n", contents), "contents lines end with page numbers"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_is_tagged_archival_in_its_language_and_titled_unofficial(published, language):
    reader = pdf_reader(published / pdf_name(language))
    catalog = reader.trailer["/Root"]
    # Tagged: a structure tree a screen reader follows, in the document's language.
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == language
    # Archival: PDF/A-2, level A (the accessible, tagged level), declared in the XMP metadata.
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part="?2', xmp) and re.search(r'pdfaid:conformance="?A', xmp), xmp[:2000]
    title = reader.metadata.title
    assert text(language, "book_title") in title and ("非公式" if language == "ja" else "unofficial") in title.lower()


def test_make_build_reports_each_pdf_with_its_pages_and_what_typesetting_cost(published):
    # Publishers see what each book cost; the benchmark (bench.py --pdf) reads the same lines.
    log = (published.parent / "make-build.log").read_text(encoding="utf-8")
    books = {book["language"]: book for book in reported_books(log)}
    assert set(books) == set(LANGUAGES), log[-3000:]
    for language, book in books.items():
        assert int(book["pages"]) == len(pdf_reader(published / pdf_name(language)).pages)
        assert float(book["cpu"]) > 1.0 and int(book["peak"]) > 50, book


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_no_link_to_the_parallel_view(published, language):
    whole = " ".join(pdf_text(published / pdf_name(language)).split())
    assert text(language, "parallel_link") not in whole


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded_and_japanese_is_typeset_in_a_japanese_font(published, language):
    pdffonts = require("pdffonts")
    listing = subprocess.run([pdffonts, str(published / pdf_name(language))], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows, listing
    for row in rows:
        embedded, subset, unicode_map = row[-5:-2]
        assert (embedded, unicode_map) == ("yes", "yes"), row
        assert "Type 3" not in " ".join(row), row
    assert any("CJK-JP" in row[0] for row in rows), listing


@pytest.mark.parametrize("language", LANGUAGES)
def test_bookmarks_cover_chapters_sections_and_every_clause(published, manual, language):
    reader = pdf_reader(published / pdf_name(language))
    titles = list(outline_titles(reader.outline))
    clause_bookmarks = {title.split()[0] for depth, title in titles if depth == 2}
    assert set(manual.registries[language].clauses) <= clause_bookmarks
    assert any(depth == 1 for depth, _ in titles)


@pytest.mark.parametrize("language", LANGUAGES)
def test_clause_references_are_internal_links_to_the_clause_named_destination(published, manual, language):
    reader = pdf_reader(published / pdf_name(language))
    destinations = reader.named_destinations
    registry = manual.registries[language]
    assert set(registry.clauses) <= set(destinations)
    links = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                links.append((number, str(annotation["/Dest"])))
    assert links
    assert [dest for _, dest in links if dest not in destinations] == []
    # A reference across pages ("see 9-301" in another chapter, or a "Referenced by" entry).
    target, citing = next((t, c) for t, c in registry.cited_by.items() if registry.clauses[c[0]].path != registry.clauses[t].path)
    target_page = reader.get_destination_page_number(destinations[target])
    citing_page = reader.get_destination_page_number(destinations[citing[0]])
    assert (citing_page, target) in links or any(dest == target and abs(n - citing_page) <= 2 for n, dest in links)
    heading = f"{target} {registry.clauses[target].title}"
    assert heading in pdf_text(published / pdf_name(language), target_page + 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_carries_the_notice_the_edition_and_its_number(published, language):
    pages = pdf_text(published / pdf_name(language)).split("\f")[:-1]
    assert len(pages) == len(pdf_reader(published / pdf_name(language)).pages)
    notice = text(language, "book_notice")
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert notice in flat, (number, flat[:300])
        assert f"{number} / {len(pages)}" in flat, number
        assert re.search(EDITION_DATE, flat), number


@pytest.mark.parametrize("language", LANGUAGES)
def test_clause_9_301_text_extracts_back_as_written(published, manual, language):
    clause = manual.registries[language].clauses["9-301"]
    first_paragraph = clause.body.strip().split("\n\n")[0]
    assert "[[" not in first_paragraph and first_paragraph
    extracted = re.sub(r"\s+", "", running_text(published / pdf_name(language)))
    heading, paragraph = (re.sub(r"\s+", "", part) for part in (f"9-301 {clause.title}", first_paragraph))
    # Between the heading and the text, only the clause's basis level.
    found = re.search(re.escape(heading) + "(.{0,60}?)" + re.escape(paragraph), extracted)
    assert found and found.group(1).startswith(re.sub(r"\s+", "", text(language, "basis_label"))), found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_clause_id_is_split_across_lines(published, language):
    extracted = pdf_text(published / pdf_name(language))
    assert CLAUSE_ID_SPLIT.findall(extracted) == []


# The edition's date as each language writes it (2026-12-01, December 1, 2026).
EDITION_DATE = r"\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2}, \d{4}"


# --- the offline copy ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline(published, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(published / OFFLINE_ARCHIVE) as archive:
        archive.extractall(folder)
    return folder / OFFLINE_FOLDER


def test_offline_copy_holds_both_languages_the_pdfs_and_a_script_search_index(offline):
    for path in ("index.html", "chapter-09.html", "en/index.html", "en/chapter-09.html",
                 "search/clauses-ja.js", "search/clauses-en.js", pdf_name("ja"), pdf_name("en"),
                 "duties.html", "checklist.html", "en/duties.html", "en/checklist.html",
                 "data/index.json", "data/manual-ja.json", "data/manual-en-edition-1.json", "data/checklist-ja.xlsx"):
        assert (offline / path).is_file(), path
    pages = [page.read_text(encoding="utf-8") for page in offline.rglob("*.html")]
    assert not [page for page in pages if "unpkg.com" in page or 'href="chapter-09/' in page]


@pytest.mark.browser
def test_offline_copy_from_disk_searches_switches_language_and_follows_clause_links(browser, offline):
    root = offline.as_uri()
    browser.requests()  # start the record here
    results = material_search(browser, f"{root}/index.html", "適性評価")
    assert any(url.startswith(f"{root}/chapter-06.html") for url in results), results
    results = material_search(browser, f"{root}/en/index.html", "requirements")
    assert any(url.startswith(f"{root}/en/") for url in results), results

    browser.get(f"{root}/chapter-09.html#9-301")
    browser.script("document.querySelector('.md-select a[hreflang=\"en\"]').click();")
    assert browser.wait_for(lambda: browser.url == f"{root}/en/chapter-09.html#9-301"), browser.url
    assert browser.script("return document.documentElement.lang") == "en"

    browser.get(f"{root}/en/clause-index.html")
    link = browser.find('article a[href$="chapter-09.html#9-301"]')
    browser.click(link)
    assert browser.wait_for(lambda: browser.url == f"{root}/en/chapter-09.html#9-301"), browser.url
    assert "9-301" in browser.script("return document.getElementById('9-301').textContent")

    # Everything but the browser's own start page (chrome://new-tab-page, opened before the test).
    requested = [url for document, url in browser.requests() if not document.startswith("chrome://")]
    assert any(url.endswith("search/clauses-en.js") for url in requested), requested
    # Inline data: images (the theme's icons) reach no host; anything else must be a file.
    assert [url for url in requested if not url.startswith(("file://", "data:"))] == []
    assert len([url for url in requested if url.startswith(f"{root}/")]) > 10


@pytest.mark.browser
@pytest.mark.parametrize("language, page", [("ja", "chapter-09.html"), ("en", "en/appendix-c.html")])
def test_print_shows_the_notice_edition_and_address_and_hides_navigation(browser, offline, language, page):
    browser.get(f"{offline.as_uri()}/{page}")
    browser.devtools("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.script(
            "const visible = s => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none'"
            " && e.getClientRects().length > 0; };"
            "return {notice: visible('.manual-print-notice'), text: document.querySelector('.manual-print-notice').innerText,"
            " header: visible('.md-header'), nav: visible('.md-sidebar--primary'), search: visible('.md-search'),"
            " downloads: visible('.manual-downloads'), footer: visible('.md-footer'),"
            " parallel: visible('.dism-parallel-link') || visible('.clause-parallel')};"
        )
    finally:
        browser.devtools("Emulation.setEmulatedMedia", {"media": ""})
    assert shown["notice"], shown
    assert text(language, "book_notice") in shown["text"]
    assert re.search(EDITION_DATE, shown["text"]), shown["text"]
    # Built without SITE_URL, the address is where the reader opened the page (here from disk).
    assert shown["text"].rstrip().endswith(f"{offline.as_uri()}/{page}"), shown["text"]
    assert not (shown["header"] or shown["nav"] or shown["search"] or shown["downloads"] or shown["footer"]), shown
    # Links to the parallel view lead nowhere from paper.
    assert not shown["parallel"], shown
    # On screen the notice stays hidden.
    assert not browser.script("return getComputedStyle(document.querySelector('.manual-print-notice')).display !== 'none'")


def test_serve_and_a_plain_build_write_no_pdf_and_keep_directory_urls(monkeypatch, project_site, project_offline_site):
    from mkdocs.config import load_config

    monkeypatch.delenv("MANUAL_PDF", raising=False)
    monkeypatch.delenv("DIRECTORY_URLS", raising=False)
    config = load_config(str(PROJECT_ROOT / "mkdocs.yml"))
    assert config.extra["manual_pdf"] is False
    assert config.use_directory_urls is True
    assert not list(project_site.glob(pdf_name("*"))) and (project_site / "chapter-09/index.html").is_file()
    # No polyfill at all: the clause search runs in the page, so no page loads a worker shim.
    pages = [page.read_text(encoding="utf-8") for page in project_offline_site.rglob("*.html")]
    assert pages and not [page for page in pages if "iframe-worker" in page or "polyfill" in page]
