"""Editions end to end on a copy of this project: `make edition`, a one-word amendment in both
languages, a second edition, and what the built site then shows, down to permanent addresses
resolved by a real browser (over HTTP and from file://) and anchors that follow a moved clause."""

import base64
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_builder import MAKE_FILES, PROJECT_ROOT, SOURCES, build_site, build_site_from, copy_project, serve_directory, write_site

ATOM = "{http://www.w3.org/2005/Atom}"


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(["make", "-C", str(root), "--no-print-directory", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def replace_in(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (file, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project where the first edition is recorded afresh, 9-301 loses one word in
    both languages, and a second edition is recorded."""
    root = copy_project(tmp_path_factory.mktemp("editions") / "project", (*MAKE_FILES, "docs", "data", "mkdocs.yml"))
    # Re-recording from scratch, as the README says: delete the editions' files and entries.
    shutil.rmtree(root / "data/editions", ignore_errors=True)
    (root / "data/editions.yml").unlink(missing_ok=True)

    make(root, "edition", "ID=1", "DATE=2026-12-01", "TITLE_JA=初版", "TITLE_EN=First edition",
         "SUMMARY_JA=最初の版。", "SUMMARY_EN=The first edition.")
    replace_in(root / "docs/ja/chapter-09.md", "二重施錠方式の金庫等", "二重施錠方式の保管庫等")
    replace_in(root / "docs/en/chapter-09.md", "a safe or similar container", "a cabinet or similar container")
    make(root, "accept", "CLAUSE=9-301")
    make(root, "edition", "ID=2", "DATE=2026-12-02", "TITLE_JA=第2版", "TITLE_EN=Second edition",
         "SUMMARY_JA=9-301の保管容器を改めた。", "SUMMARY_EN=Amends the container in 9-301.")
    # The same ID again, or an earlier date, is refused and leaves the files alone.
    before = (root / "data/editions.yml").read_text(encoding="utf-8")
    for args in (("ID=2", "DATE=2026-12-03"), ("ID=3", "DATE=2026-11-30")):
        refused = subprocess.run(["make", "-C", str(root), "edition", *args, "TITLE_JA=x", "TITLE_EN=x",
                                  "SUMMARY_JA=x", "SUMMARY_EN=x"], capture_output=True, text=True)
        assert refused.returncode != 0 and "Edition not recorded" in refused.stderr
    assert (root / "data/editions.yml").read_text(encoding="utf-8") == before

    result = build_site_from(root / "mkdocs.yml", root / "site")
    assert result.ok, result.warnings
    return root


def page(project, path):
    return (project / "site" / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("language, titles", [("ja", ("第2版 (2026-12-02)", "初版 (2026-12-01)")),
                                              ("en", ("Second edition (December 2, 2026)", "First edition (December 1, 2026)"))])
def test_record_of_changes_lists_both_editions_newest_first(project, language, titles):
    prefix = "" if language == "ja" else "en/"
    html = page(project, f"{prefix}record-of-changes/index.html")
    second, first = html.index(f'id="edition-2">{titles[0]}'), html.index(f'id="edition-1">{titles[1]}')
    assert second < first
    changed = html[second:first]
    assert re.search(r'<a href="\.\./chapter-09/#9-301"[^>]*>(?:<span class="clause-id">)?9-301(?:</span>)?</a>', changed), changed
    assert ("改正" if language == "ja" else "Amended") in changed
    assert changed.count('href="../chapter-') == 1  # only 9-301 changed


@pytest.mark.parametrize("language, old, new", [("ja", "金", "保管"), ("en", "safe", "cabinet")])
def test_amended_clause_shows_marker_and_both_versions_with_the_change(project, language, old, new):
    prefix = "" if language == "ja" else "en/"
    html = page(project, f"{prefix}chapter-09/index.html")
    histories = re.findall(r'<details class="clause-history">.*?</details>', html)
    assert len(histories) == 1  # only the amended clause carries a marker
    history = histories[0]
    assert ("第2版（2026-12-02）で改正" if language == "ja" else "amended in Second edition (December 2, 2026)") in history
    assert f"<del>{old}</del><ins>{new}</ins>" in history
    assert history.count('<p class="clause-version-label">') == 2
    assert html.index('id="9-301"') < html.index(history) < html.index('id="9-302"')


def built_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html")
            if "c" not in p.relative_to(site).parts and p.name != "404.html"]


def test_every_page_says_as_of_which_edition(project):
    site = project / "site"
    pages = built_pages(site)
    assert len(pages) > 40
    for file in pages:
        html = file.read_text(encoding="utf-8")
        english = file.relative_to(site).parts[0] == "en"
        wanted = "As of Second edition (December 2, 2026)." if english else "第2版（2026-12-02）現在の内容。"
        assert f'<p class="edition-as-of">{wanted}' in html, file
        assert html.index('class="edition-as-of"') < html.index("</h1>") + 200, file
    chapter = page(project, "en/chapter-09/index.html")
    assert "This English text translates the Japanese text of Second edition (December 2, 2026)." in chapter


@pytest.mark.parametrize("language", ["ja", "en"])
def test_atom_feed_announces_the_editions(project, language):
    prefix = "" if language == "ja" else "en/"
    feed = ET.fromstring(page(project, f"{prefix}editions.atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"]
    # Built without SITE_URL: the link is relative to the feed, so any host and sub-path works.
    assert entries[0].find(f"{ATOM}link").get("href") == "record-of-changes/#edition-2"
    assert "9-301" in entries[0].findtext(f"{ATOM}summary")
    assert 'href="../editions.atom"' in page(project, f"{prefix}record-of-changes/index.html")


def test_unreleased_change_is_marked(tmp_path):
    ja = {"index.md": "# ホーム\n", "chapter-01.md": "# 第1章\n\n### 1-101 目的\n\n秘密を守る。\n\n根拠：[[@sds-act]]\n"}
    en = {"index.md": "# Home\n", "chapter-01.md": "# Chapter 1\n\n### 1-101 Purpose\n\nProtect secrets.\n\nBasis: [[@sds-act]]\n"}
    write_site(tmp_path, ja, en, {"sources.yml": SOURCES})
    record(tmp_path, "1", "2026-12-01")
    replace_in(tmp_path / "docs/ja/chapter-01.md", "秘密を守る", "秘密を厳に守る")
    built = build_site(tmp_path)
    assert built.ok, built.warnings
    html = built.page_unwrapped("chapter-01/index.html")
    assert "初版（2026-12-01）の内容に、その後の未公表の変更を含む。" in html
    assert "初版以降に変更された条項：1-101（未公表）。" in html
    assert "初版以降に変更（未公表）" in html and "<ins>厳に</ins>" in html
    assert "その後の未公表の変更" in built.page("index.html")  # the site as a whole holds it


def record(root, edition_id, date):
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts/record_edition.py"), "--root", str(root), "--id", edition_id,
         "--date", date, "--title-ja", f"第{edition_id}版" if edition_id != "1" else "初版",
         "--title-en", f"Edition {edition_id}", "--summary-ja", "要約", "--summary-en", "Summary"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_deleted_clause_and_edited_frozen_text_fail_the_strict_build(tmp_path):
    ja = {"index.md": "# ホーム\n", "chapter-01.md": "# 第1章\n\n### 1-101 目的\n\n守る。\n\n根拠：[[@sds-act]]\n\n"
                                                   "### 1-102 適用\n\n適用する。\n\n根拠：[[@sds-act]]\n"}
    en = {"index.md": "# Home\n", "chapter-01.md": "# Chapter 1\n\n### 1-101 Purpose\n\nProtect.\n\nBasis: [[@sds-act]]\n\n"
                                                  "### 1-102 Scope\n\nApplies.\n\nBasis: [[@sds-act]]\n"}
    write_site(tmp_path, ja, en, {"sources.yml": SOURCES})
    record(tmp_path, "1", "2026-12-01")
    for language, cut in (("ja", "\n### 1-102"), ("en", "\n### 1-102")):
        file = tmp_path / f"docs/{language}/chapter-01.md"
        file.write_text(file.read_text(encoding="utf-8").split(cut)[0], encoding="utf-8")
    frozen = tmp_path / "data/editions/1.en.txt"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("Protect.", "Guard."), encoding="utf-8")
    built = build_site(tmp_path)
    assert not built.ok
    assert any(w.startswith("edition_history: data/editions/1.ja.txt:") and "clause 1-102 of edition '1' is no longer in the manual" in w
               for w in built.warnings), built.warnings
    assert any(w.startswith("edition_history: data/editions/1.en.txt:1: this frozen text no longer matches edition '1'")
               for w in built.warnings), built.warnings


# ---------------------------------------------------------------------------------------------
# In a real browser

# Loads each permanent address in a frame and records where its script sent the frame (the target
# page is not rendered: the test then reads the built target for the clause's anchor).
RESOLVE_ALL = """
var ids = arguments[0], base = arguments[1], out = {}, next = 0, done = 0;
window.__resolved = null;
function one() {
  if (next >= ids.length) { if (done === ids.length) window.__resolved = out; return; }
  var id = ids[next++], frame = document.createElement('iframe'), start = Date.now();
  frame.src = base + 'c/' + id + '/';
  document.body.appendChild(frame);
  (function poll() {
    var w = frame.contentWindow, here = '';
    try { here = w.location.pathname + w.location.hash; } catch (e) {}
    var left = here !== '' && here.indexOf('/c/') < 0 && here.indexOf('blank') < 0;
    if (left || Date.now() - start > 30000) { out[id] = left ? here : 'unresolved: ' + here; done++; frame.remove(); one(); }
    else setTimeout(poll, 20);
  })();
}
for (var k = 0; k < 8; k++) one();
"""


@pytest.mark.browser
def test_permanent_addresses_of_every_clause_resolve_in_a_browser(project, browser):
    site = project / "site"
    with serve_directory(site) as server:
        for prefix in ("", "en/"):
            ids = sorted(p.name for p in (site / prefix / "c").iterdir())
            assert len(ids) > 200
            browser.get(f"{server}/{prefix}")
            browser.script(RESOLVE_ALL, ids, f"/{prefix}")
            resolved = browser.wait_for(lambda: browser.script("return window.__resolved"), timeout=600)
            assert resolved and sorted(resolved) == ids
            wrong = {i: r for i, r in resolved.items() if not re.fullmatch(rf"/{prefix}[a-z0-9-]+/#{i}", r)}
            assert wrong == {}
            # The page each address led to holds the clause.
            missing = {i: r for i, r in resolved.items()
                       if f'id="{i}"' not in (site / r.split("#")[0].lstrip("/") / "index.html").read_text(encoding="utf-8")}
            assert missing == {}
        browser.get(f"{server}/c/9-301/")
        assert browser.wait_for(lambda: browser.url == f"{server}/chapter-09/#9-301"), browser.url
        style = browser.script(
            "var s = e => getComputedStyle(document.querySelector('.clause-diff ' + e)).textDecorationLine;"
            "return [s('ins'), s('del')]")
        assert style == ["underline", "line-through"]
        # "As of" is part of the page, so it is printed too (Chromium's own print to PDF).
        if shutil.which("pdftotext") is None:
            assert os.environ.get("CI") != "true", "CI=true but pdftotext is missing (apt-get install poppler-utils)"
            pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
        pdf = project / "chapter-09.pdf"
        pdf.write_bytes(base64.b64decode(browser._session("POST", "/print", {})))
        printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "第2版（2026-12-02）現在の内容。" in printed.replace("\n", "")
    browser.get((site / "en/c/9-301/index.html").as_uri())
    assert browser.wait_for(lambda: browser.url.endswith("/en/chapter-09/index.html#9-301")), browser.url


@pytest.mark.browser
def test_old_addresses_follow_a_clause_and_a_page_that_moved(tmp_path, browser):
    ja = {"index.md": "# ホーム\n",
          "chapter-01.md": "# 第1章\n\n### 1-101 目的\n\n守る。\n\n根拠：[[@sds-act]]\n\n### 1-102 適用\n\n適用する。\n\n根拠：[[@sds-act]]\n",
          "old.md": "# 旧\n\n### 2-101 旧条項\n\n本文。\n\n根拠：[[@sds-act]]\n",
          "record.md": "# 改訂履歴\n\n[[generate: record-of-changes]]\n"}
    en = {"index.md": "# Home\n",
          "chapter-01.md": "# Chapter 1\n\n### 1-101 Purpose\n\nProtect.\n\nBasis: [[@sds-act]]\n\n"
                           "### 1-102 Scope\n\nApplies.\n\nBasis: [[@sds-act]]\n",
          "old.md": "# Old\n\n### 2-101 Old clause\n\nText.\n\nBasis: [[@sds-act]]\n",
          "record.md": "# Record\n\n[[generate: record-of-changes]]\n"}
    write_site(tmp_path, ja, en, {"sources.yml": SOURCES})
    record(tmp_path, "1", "2026-12-01")
    # 1-102 moves to chapter 2; old.md is renamed chapter-03.md.
    for language, (head, moved) in {"ja": ("# 第2章\n\n", "### 1-102 適用\n\n適用する。\n\n根拠：[[@sds-act]]\n"),
                                     "en": ("# Chapter 2\n\n", "### 1-102 Scope\n\nApplies.\n\nBasis: [[@sds-act]]\n")}.items():
        docs = tmp_path / "docs" / language
        chapter = docs / "chapter-01.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(moved, ""), encoding="utf-8")
        (docs / "chapter-02.md").write_text(head + moved, encoding="utf-8")
        (docs / "old.md").rename(docs / "chapter-03.md")
    record(tmp_path, "2", "2026-12-02")
    built = build_site(tmp_path)
    assert built.ok, built.warnings
    assert "As of Edition 2" in built.page("en/index.html")
    record_page = built.page("en/record/index.html")
    assert re.search(r'<strong>Moved</strong>: <a href="\.\./chapter-02/#1-102"[^>]*>(?:<span class="clause-id">)?1-102(?:</span>)?</a> \(chapter-01\.md → chapter-02\.md\), '
                     r'<a href="\.\./chapter-03/#2-101"[^>]*>(?:<span class="clause-id">)?2-101(?:</span>)?</a> \(old\.md → chapter-03\.md\)', record_page), record_page
    with serve_directory(built.site) as server:
        for prefix in ("", "en/"):
            browser.get(f"{server}/{prefix}chapter-01/#1-102")
            assert browser.wait_for(lambda: browser.url == f"{server}/{prefix}chapter-02/#1-102"), browser.url
            browser.get(f"{server}/{prefix}chapter-01/#1-101")  # still here: stays
            assert browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
            assert browser.url == f"{server}/{prefix}chapter-01/#1-101"
            browser.get(f"{server}/{prefix}old/#2-101")
            assert browser.wait_for(lambda: browser.url == f"{server}/{prefix}chapter-03/#2-101"), browser.url
            browser.get(f"{server}/{prefix}old/")
            assert browser.wait_for(lambda: browser.url == f"{server}/{prefix}chapter-03/"), browser.url
