"""The built site in a real browser: language switching, search in both languages, no other hosts.

Uses Debian's chromium and chromium-driver. Without them the tests skip, except under CI=true,
where a missing browser is a failure (.ci/run installs it).
"""

import functools
import http.server
import threading

import pytest
from site_builder import PROJECT_ROOT, build_site_from
from webdriver import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory, chromium_paths):
    session = Browser(*chromium_paths, profile=tmp_path_factory.mktemp("chromium-profile"))
    yield session
    session.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    result = build_site_from(PROJECT_ROOT / "mkdocs.yml", site)
    assert result.ok, result.warnings
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


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


def search(browser, page_url, query):
    browser.get(page_url)
    field = browser.find("input.md-search__input")  # the header search field of a desktop-wide window
    browser.click(field)
    browser.type(field, query)
    links = lambda: browser.script(  # noqa: E731
        "return Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)"
    )
    return browser.wait_for(links) or []


def test_japanese_search_finds_the_japanese_page(browser, server):
    results = search(browser, f"{server}/", "適性評価")
    assert any(url.startswith(f"{server}/chapter-06/") for url in results), results


def test_english_search_finds_stemmer_sensitive_words(browser, server):
    results = search(browser, f"{server}/en/", "requirements")
    assert any(url.startswith(f"{server}/en/") for url in results), results


def test_pages_load_nothing_from_other_hosts(browser, server):
    for path in ("/", "/en/chapter-09/", "/appendix-c/"):
        browser.get(server + path)
        browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
        resources = browser.script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources, path
        assert [r for r in resources if not r.startswith(server)] == [], path
