"""The built site in a real browser: language switching, search in both languages, no other hosts.

Uses Debian's chromium and chromium-driver. Without them the tests skip, except under CI=true,
where a missing browser is a failure (.ci/run installs it).
"""

import os

import pytest
from site_builder import PROJECT_ROOT, SOURCES, build_site, serve_directory, write_site
from webdriver import ELEMENT, material_search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built_site(project_site):
    return project_site


@pytest.fixture(scope="module")
def server(built_site):
    with serve_directory(built_site) as url:
        yield url


def load(browser, url):
    browser.get(url)
    browser.wait_for(lambda: browser.script("return document.readyState") == "complete")


SWITCH = "document.querySelector('.md-select a[hreflang=\"' + arguments[0] + '\"]').click();"


def test_language_switcher_keeps_page_and_clause(browser, server):
    browser.get(f"{server}/chapter-09/#9-301")
    browser.script(SWITCH, "en")
    assert browser.wait_for(lambda: browser.url == f"{server}/en/chapter-09/#9-301"), browser.url
    assert browser.script("return document.documentElement.lang") == "en"
    assert "9-301" in browser.script("return document.getElementById('9-301').textContent")
    browser.script(SWITCH, "ja")
    assert browser.wait_for(lambda: browser.url == f"{server}/chapter-09/#9-301"), browser.url
    assert browser.script("return document.documentElement.lang") == "ja"


def clause_anchors(urls: list[str]) -> list[str]:
    return [url.split("#", 1)[1] for url in urls if "#" in url]


def test_japanese_search_finds_the_japanese_page(browser, server):
    results = material_search(browser, f"{server}/", "適性評価")
    assert any(url.startswith(f"{server}/chapter-06/") for url in results), results


def test_english_search_finds_a_word_and_its_plural_alike(browser, server):
    singular = material_search(browser, f"{server}/en/", "clearance")
    plural = material_search(browser, f"{server}/en/", "clearances")
    assert singular and all(url.startswith(f"{server}/en/") for url in singular + plural), (singular, plural)
    # One stem: the same clauses found, the same first.
    assert clause_anchors(singular)[:5] == clause_anchors(plural)[:5], (singular, plural)
    assert material_search(browser, f"{server}/en/", "requirements")


def test_a_query_typed_before_the_index_has_loaded_is_answered_when_it_arrives(browser, built_site):
    with serve_directory(built_site, held_back=("/search/clauses-",)) as base:
        browser.get(f"{base}/en/")
        field = browser.find("input.md-search__input")
        browser.click(field)
        browser.type(field, "cryptographic")
        # Typed while the index is still on its way, and no key pressed after it.
        assert browser.script("return performance.getEntriesByType('resource')"
                              ".filter(e => e.name.includes('/search/clauses-')).length") == 0
        results = browser.wait_for(lambda: browser.script(
            "return Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)"), timeout=30)
        assert results and all(url.startswith(f"{base}/en/") for url in results), results


def test_pages_load_nothing_from_other_hosts(browser, server):
    for path in ("/", "/en/chapter-09/", "/appendix-c/"):
        browser.get(server + path)
        browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
        resources = browser.script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources, path
        assert [r for r in resources if not r.startswith(server)] == [], path


COMMENTARY = """
const clause = document.getElementById(arguments[0]);
let box = clause.nextElementSibling;
while (box && !box.matches('.admonition.commentary')) box = box.nextElementSibling;
const style = getComputedStyle(box);
const title = box.querySelector('.admonition-title');
const rule = document.querySelector('.md-typeset > p');
return {title: title.innerText.trim(), visible: box.getBoundingClientRect().height > 0,
        border: style.borderLeftWidth, ruleBorder: getComputedStyle(rule).borderLeftWidth,
        icon: getComputedStyle(title, '::before').content !== 'none'};
"""


@pytest.mark.parametrize("path, title", [("/chapter-12/", "解説"), ("/en/chapter-12/", "Commentary")])
def test_commentary_is_a_titled_box_set_apart_from_the_rule_text(browser, server, path, title):
    browser.get(f"{server}{path}#12-402")
    browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
    seen = browser.script(COMMENTARY, "12-402")
    assert seen["title"] == title and seen["visible"] and seen["icon"], seen
    assert seen["border"] != "0px" and seen["ruleBorder"] == "0px", seen
def test_switcher_leads_to_the_clause_in_view(browser, server):
    browser.get(f"{server}/en/chapter-09/")
    browser.script("document.getElementById('9-701').scrollIntoView();")
    browser.wait_for(lambda: browser.script("return document.getElementById('9-701').getBoundingClientRect().top < 150"))
    browser.script(SWITCH, "ja")
    assert browser.wait_for(lambda: browser.url == f"{server}/chapter-09/#9-701"), browser.url
    # At the top of a page no clause is in view: the switcher leads to the top of the other page.
    browser.get(f"{server}/chapter-09/")
    browser.script(SWITCH, "en")
    assert browser.wait_for(lambda: browser.url == f"{server}/en/chapter-09/"), browser.url


def test_notice_links_into_japanese_keep_the_clause(browser, tmp_path):
    body = "".join(f"\n### 9-3{n:02d} 条項{n}\n\n" + "本文。\n\n" * 40 + "根拠：[[@sds-act]]\n" for n in range(1, 4))
    english = "".join(f"\n### 9-3{n:02d} Clause {n}\n\n" + "Text.\n\n" * 40 + "Basis: [[@sds-act]]\n" for n in range(1, 4))
    root = write_site(tmp_path, {"index.md": "# ホーム\n", "chapter-09.md": "# 第9章\n" + body},
                      {"index.md": "# Home\n", "chapter-09.md": "# Chapter 9\n" + english}, {"sources.yml": SOURCES})
    assert build_site(root).ok
    with serve_directory(root / "site") as url:
        load(browser, f"{url}/en/chapter-09/")
        browser.click(browser.find('.admonition a[href$="#9-302"]'))
        assert browser.wait_for(lambda: browser.url == f"{url}/chapter-09/#9-302"), browser.url


PAGES = ["/", "/chapter-09/", "/appendix-a/", "/appendix-c/", "/appendix-d/", "/clause-index/", "/translation-status/",
         "/duties/", "/checklist/"]
EVERY_PAGE_TYPE = PAGES + ["/en" + page for page in PAGES]

FAILED_REQUESTS = """
return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .filter(e => e.responseStatus >= 400).map(e => e.name + ' ' + e.responseStatus)
"""


def test_no_page_view_causes_a_failed_request(browser, server):
    for page in EVERY_PAGE_TYPE:
        load(browser, server + page)
        # Scripts fetch after the page has loaded (the clause index; Material's sitemap when the
        # head lists alternates): every request the page makes is in, the last of them too.
        fetched = browser.wait_for_requests_to_settle()
        language = "en" if page.startswith("/en/") else "ja"
        assert f"{server}/search/clauses-{language}.js" in fetched, (page, fetched)
        assert browser.script(FAILED_REQUESTS) == [], page


def test_clause_ids_never_break_across_lines(browser, server):
    browser.set_window_size(360, 800)
    try:
        for page in ("/", "/chapter-09/", "/en/chapter-09/", "/clause-index/"):
            load(browser, server + page)
            broken = browser.script("""
                const found = []; let count = 0;
                const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (const m of node.data.matchAll(/(?<![\\w.-])(?:[1-9][0-9]?|[A-Z])-[0-9]{3}(?![\\w-])/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                    const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
                    count += 1;
                    if (tops.size > 1) found.push(m[0]);
                  }
                }
                return [count, found];""")
            assert broken[0] > 0 and broken[1] == [], (page, broken)
    finally:
        browser.set_window_size(1280, 900)


def test_a_copy_under_a_sub_path_keeps_readers_inside_it(browser, built_site):
    with serve_directory(built_site, under="/dism/") as url:
        load(browser, f"{url}/dism/")
        browser.script(SWITCH, "en")
        assert browser.wait_for(lambda: browser.url == f"{url}/dism/en/"), browser.url
        browser.script(SWITCH, "ja")
        assert browser.wait_for(lambda: browser.url == f"{url}/dism/"), browser.url
        load(browser, f"{url}/dism/en/chapter-09/")
        browser.script(SWITCH, "ja")
        assert browser.wait_for(lambda: browser.url == f"{url}/dism/chapter-09/"), browser.url
        assert browser.script(FAILED_REQUESTS) == []


AXE = PROJECT_ROOT / "node_modules/axe-core/axe.min.js"
RUN_AXE = """
const done = arguments[arguments.length - 1];
if (!window.axe) { eval(arguments[0]); }
axe.run(document).then(results => done(results.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1).join('; ')),
  count: v.nodes.length,
})))).catch(error => done([{id: 'axe-error', impact: 'error', help: String(error), nodes: [], count: 0}]));
"""


def readable(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {v['count']} elements): {v['help']}")
        lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)


def test_accessibility_checker_finds_nothing_on_any_page_type(browser, server):
    if not AXE.exists():
        message = "axe-core is not installed: run 'make test' (npm ci installs it from package-lock.json)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    source = AXE.read_text(encoding="utf-8")
    found = {}
    for page in EVERY_PAGE_TYPE + ["/404.html", "/en/404.html"]:
        load(browser, server + page)
        violations = browser.script_async(RUN_AXE, source)
        if violations:
            found[page] = readable(violations)
    assert found == {}, "\n\n".join(f"{page}\n{report}" for page, report in found.items())


def test_parallel_view_previews_and_nispom_badges(browser, server):
    """Issue 14's reading aids: the parallel view from the English chapter page, side by side on a
    desktop and stacked on a phone; a clause link's preview; a NISPOM badge to Appendix D."""
    browser.set_window_size(1400, 1000)
    browser.get(f"{server}/en/chapter-09/")
    browser.click(browser.find(".dism-parallel-link a"))
    assert browser.wait_for(lambda: browser.url == f"{server}/en/parallel/chapter-09/"), browser.url
    columns = """
        var row = document.getElementById('9-301');
        return Array.from(row.querySelectorAll('.dism-parallel-column')).map(function (column) {
          var box = column.getBoundingClientRect();
          return [column.lang, Math.round(box.left), Math.round(box.top), column.textContent];
        });"""
    (ja_lang, ja_left, ja_top, ja_text), (en_lang, en_left, en_top, en_text) = browser.script(columns)
    assert (ja_lang, en_lang) == ("ja", "en")
    assert "9-301 秘密の保管" in ja_text and "9-301 Storage of Secrets" in en_text
    assert "translation current" in en_text
    assert ja_top == en_top and en_left > ja_left + 300  # side by side
    browser.set_window_size(390, 844)
    (_, ja_left, ja_top, _), (_, en_left, en_top, _) = browser.wait_for(
        lambda: (lambda found: found if found[1][2] > found[0][2] else None)(browser.script(columns))
    ) or browser.script(columns)
    assert en_top > ja_top and abs(en_left - ja_left) < 5  # Japanese then English, stacked
    browser.set_window_size(1400, 1000)

    # A clause link in the parallel view leads to the parallel view of its target, with a preview.
    link = browser.find("[id='9-101'] .dism-parallel-column[lang='en'] a[href*='#1-204']")
    assert browser.script("return arguments[0].getAttribute('href')", {ELEMENT: link}) == "../chapter-01/#1-204"
    browser.get(f"{server}/en/chapter-09/")
    link = browser.find("a[href='../chapter-01/#1-204']")
    browser.script("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: link})
    browser.hover(link)
    tooltip = browser.wait_for(lambda: browser.script(
        "var t = document.querySelector('.md-tooltip2--active .md-tooltip2__inner'); return t && t.textContent"))
    # The target's title and first lines, from the link itself: no request is made for them.
    assert tooltip and tooltip.startswith("Defense Equipment Secrets — "), tooltip
    # Keyboard readers get it on focus too.
    browser.hover(browser.find(".md-header__title"))
    assert browser.wait_for(lambda: not browser.script("return document.querySelector('.md-tooltip2--active')"))
    browser.script("arguments[0].focus()", {ELEMENT: link})
    focused = browser.wait_for(lambda: browser.script(
        "var t = document.querySelector('.md-tooltip2--active .md-tooltip2__inner'); return t && t.textContent"))
    assert focused == tooltip

    # A NISPOM badge leads to the section's row of Appendix D.
    badge = browser.find("[id='9-301'] ~ .clause-nispom a[href*='appendix-d']")
    browser.script("arguments[0].click()", {ELEMENT: badge})
    assert browser.wait_for(lambda: browser.url.startswith(f"{server}/en/appendix-d/#nispom-117-")), browser.url
    row = browser.script("return document.getElementById(location.hash.slice(1)).textContent")
    assert "9-301" in row
