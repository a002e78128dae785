"""Clause search: the per-language index, and the search box in Chromium on the built site,
served over HTTP and opened from disk (file://), with the benchmark of real queries."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
import yaml
from site_builder import PROJECT_ROOT, serve_directory

from dism.crosswalk import Crosswalk
from dism.glossary import Term
from dism.search_index import SearchKeywords, SearchPage, index_data, index_script, page_clauses

BENCHMARK = PROJECT_ROOT / "tests" / "data" / "search_benchmark.yml"
JAVASCRIPTS = PROJECT_ROOT / "overrides" / "assets" / "javascripts"


# --- The index, from rendered HTML -------------------------------------------------------------

PAGE = """
<h1 id="chapter-9">第9章 秘密の保護</h1><p>章の前文。</p>
<h2 id="section-9-3">第3節 保管</h2>
<h3 id="9-301">9-301 秘密の保管<a class="headerlink" href="#9-301">&para;</a></h3>
<p class="clause-basis clause-basis-official"><em>根拠の確認水準：</em> <a href="../appendix-c/#basis-official">公的な説明資料</a></p>
<div class="admonition warning"><p class="admonition-title">英語版の更新待ち</p></div>
<p>秘密文書等は、施錠可能な
保管容器に保管する。<a href="#9-302" title="x">9-302</a>参照 &amp; <abbr title="y">SSP</abbr></p>
<h4 id="details">細目</h4><ul><li>鍵の管理</li></ul>
<p class="clause-cited-by"><em>参照元:</em> <a href="#9-101">9-101</a></p>
<p class="clause-nispom">NISPOM: <a href="../appendix-d/#nispom-117-15">§ 117.15</a></p>
<p class="clause-parallel"><a href="../parallel/chapter-09/#9-301">対訳</a></p>
<h3 id="9-302">9-302 保護すべき情報の保管</h3><table><tr><td>区分</td><td>容器</td></tr></table>
<h2 id="section-9-4">第4節 運搬</h2><p>節の前文。</p>
"""


def test_page_clauses_split_at_clause_headings_and_keep_only_clause_text():
    clauses = page_clauses(PAGE)
    assert [(c.id, c.title) for c in clauses] == [("9-301", "秘密の保管"), ("9-302", "保護すべき情報の保管")]
    first, second = clauses
    # A line break of the Markdown between two Japanese characters is no word break.
    assert "施錠可能な保管容器に保管する。" in first.text
    assert "9-302参照 & SSP" in first.text
    assert "細目" in first.text and "鍵の管理" in first.text  # a lower heading stays in its clause
    for left_out in ("¶", "英語版の更新待ち", "参照元", "9-101", "前文", "NISPOM", "117.15", "対訳", "根拠の確認水準", "公的な説明資料"):
        assert left_out not in first.text + second.text
    assert second.text == "区分 容器"


def test_a_clause_heading_closes_the_previous_clause_at_any_level():
    clauses = page_clauses('<h3 id="1-101">1-101 A</h3><p>a</p><h4 id="1-102">1-102 B</h4><p>b</p>')
    assert [(c.id, c.text) for c in clauses] == [("1-101", "a"), ("1-102", "b")]


def test_keywords_name_the_nispom_sections_and_the_glossary_terms_of_the_heading():
    term = Term(ja="保全責任者", en="security officer", abbr="", definitions={"ja": "（米国のFSOに相当）", "en": "(comparable to a U.S. FSO)"},
                source="", check=True, unofficial=False, line=1)
    crosswalk = Crosswalk(clause_sections={"2-303": ["117.7"]}, section_titles={"117.7": "Procedures"})
    assert SearchKeywords("en", [term], crosswalk).for_clause("2-303", "Security Supervisor and Security Officer") == (
        "32 CFR 117.7 Procedures (comparable to a U.S. FSO)"
    )
    assert SearchKeywords("ja", [term], crosswalk).for_clause("2-303", "総括者等及び保全責任者").endswith("（米国のFSOに相当）")
    assert SearchKeywords("ja", [term], crosswalk).for_clause("9-301", "保管") == ""


def test_index_script_is_data_behind_one_assignment():
    clauses = page_clauses('<h3 id="1-101">1-101 &lt;/script&gt;<b>"x"</b></h3><p>a</p>')
    script = index_script("en", [SearchPage("en/chapter-01/", "Chapter 1", clauses)])
    prefix = '(window.clauseSearchIndex = window.clauseSearchIndex || {})["en"] = '
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(script[len(prefix):-2])
    assert data == {"lang": "en", "pages": [["en/chapter-01/", "Chapter 1"]],
                    "clauses": [["1-101", '</script>"x"', 0, "a", ""]]}


# --- The ranking (clause-ranking.js, run by node as the page runs it) ---------------------------

RANK = """
const ranking = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const clauses = ranking.prepare(input.index);
const answers = input.queries.map(raw => {
  const query = ranking.parseQuery(raw);
  return {terms: query.terms.map(term => term.text), ranked: ranking.rank(clauses, query).map(result => result.clause.id)};
});
process.stdout.write(JSON.stringify(answers));
"""


def rank(clauses: list[tuple[str, str, str]], *queries: str, language: str = "ja") -> list[dict]:
    """Ranks ``(id, heading, body)`` clauses (in manual order) for each query with
    clause-ranking.js under node: ``{"terms": [...], "ranked": [clause IDs]}`` per query."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but node is not installed")
        pytest.skip("node is not installed (it comes with npm, which the accessibility checks use)")
    page = SearchPage("chapter.html", "Chapter", [
        page_clauses(f'<h3 id="{clause_id}">{clause_id} {title}</h3><p>{body}</p>')[0] for clause_id, title, body in clauses
    ])
    completed = subprocess.run(
        [node, "-e", RANK, str(JAVASCRIPTS / "clause-ranking.js")],
        input=json.dumps({"index": index_data(language, [page]), "queries": queries}),
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=True,
    )
    return json.loads(completed.stdout)


@pytest.mark.parametrize(("query", "terms"), [
    ("暗号資材の管理", ["暗号資材", "管理"]),
    ("暗号資材への対応", ["暗号資材", "対応"]),
    ("暗号資材について", ["暗号資材"]),
    ("暗号資材に関する手続", ["暗号資材", "手続"]),
    ("暗号資材及び暗号装置", ["暗号資材", "暗号装置"]),
    ("暗号資材又は暗号装置", ["暗号資材", "暗号装置"]),
    ("事故を報告する", ["事故", "報告"]),
    ("報告しなければならない事故", ["報告", "事故"]),
    ("特定秘密と適性評価", ["特定秘密", "適性評価"]),
    ("ＳＳＰの提出", ["ssp", "提出"]),
    ("management of the cryptographic materials", ["management", "cryptographic", "materials"]),
    ("report an incident", ["report", "incident"]),
    ("the", ["the"]),  # nothing but a stop word: looked for as typed
])
def test_a_query_is_cut_into_terms_without_particles_function_words_or_stop_words(query, terms):
    [answer] = rank([("1-101", "x", "y")], query)
    assert answer["terms"] == terms


# Clauses mentioning the common word 管理 come first in manual order; the rare term does not.
MANAGED = [(f"1-10{n}", f"{name}の管理", f"{name}は、適切に管理する。") for n, name in enumerate(["秘密", "文書", "施設", "鍵"], 1)]
CRYPTO = ("14-202", "暗号資材の取扱い", "契約事業者が暗号装置その他の暗号資材を取り扱う場合の要件。")


def test_the_rare_term_outweighs_the_common_one():
    [answer] = rank([*MANAGED, CRYPTO], "暗号資材の管理")
    assert answer["ranked"][0] == "14-202"


def test_a_clause_holding_every_term_ranks_above_clauses_holding_some():
    both = ("9-201", "秘密等の取扱い", "暗号資材の管理は、別に定める。")
    [answer] = rank([*MANAGED, CRYPTO, both], "暗号資材の管理")
    assert answer["ranked"][:2] == ["9-201", "14-202"]


def test_a_single_kanji_is_a_term_like_any_other():
    key = ("9-902", "鍵", "保管容器の鍵は、施錠して保管する。")
    [answer] = rank([*MANAGED[:3], key], "鍵の管理")
    assert answer["terms"] == ["鍵", "管理"] and answer["ranked"][0] == "9-902"


def test_a_heading_holding_the_rare_term_ranks_above_bodies_holding_the_common_one():
    bodies = [(f"2-10{n}", "総則", "管理者は、管理簿により管理を行い、管理の状況を記録する。") for n in range(1, 5)]
    rare = ("14-204", "暗号技術に関する政策", "政府の方針を示す。")
    [answer] = rank([*bodies, rare, ("15-101", "雑則", "その他の事項。")], "暗号技術の管理")
    assert answer["ranked"][0] == "14-204"


@pytest.mark.parametrize("query", ["暗号資材の管理", "暗号資材に関する管理", "暗号資材についての管理", "暗号資材及び管理", "暗号資材 又は 管理"])
def test_particles_and_function_words_never_decide_the_ranking(query):
    # The clause that repeats the function words gains nothing by them.
    wordy = ("1-105", "について", "について、に関する、及び、又は、への、の。")
    [plain, answer] = rank([*MANAGED, wordy, CRYPTO], "暗号資材 管理", query)
    assert answer["ranked"] == plain["ranked"] and "1-105" not in answer["ranked"]


def test_a_particle_never_decides_which_heading_is_the_query():
    clauses = [("9-301", "秘密を保管する場所", "秘密を保管する。"), ("9-302", "秘密等の保管", "秘密等を保管する。"),
               ("9-303", "秘密の保管", "秘密を保管する。")]
    answers = rank(clauses, "秘密の保管", "秘密を保管", "秘密及び保管", "秘密に関する保管")
    assert answers[0]["ranked"][0] == "9-303"
    assert all(answer["ranked"] == answers[0]["ranked"] for answer in answers)


def test_english_the_rare_word_outweighs_the_common_one_and_stop_words_never_decide():
    managed = [(f"1-10{n}", f"Management of {name}", f"The {name} are managed by the management.") for n, name in
               enumerate(["Documents", "Facilities", "Keys", "Visits"], 1)]
    crypto = ("14-202", "Handling of Cryptographic Material", "Contractors that handle cryptographic equipment or material.")
    of_the = ("1-201", "Of the", "Of the, of the, and of the, to the.")
    answers = rank([*managed, of_the, crypto], "management of cryptographic materials",
                   "the management of all the cryptographic materials", "management cryptographic materials", language="en")
    assert answers[0]["ranked"][0] == "14-202"
    assert answers[0]["ranked"] == answers[1]["ranked"] == answers[2]["ranked"]
    assert "1-201" not in answers[0]["ranked"]


def test_ties_are_broken_by_score_then_by_how_close_the_terms_stand_then_by_manual_order():
    far = ("3-101", "Rules", "Keys and some other words here; then alarms.")
    near = ("3-102", "Rules", "Keys and alarms; then some other words here.")
    also_near = ("3-103", "Rules", "Keys and alarms; then some other words here.")
    stronger = ("3-104", "Keys", "Keys and some other words here; then alarms.")
    [answer] = rank([far, near, also_near, stronger], "keys alarms", language="en")
    assert answer["ranked"] == ["3-104", "3-102", "3-103", "3-101"]


# --- The built site ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(project_site) -> Path:
    """The project's site as published (directory URLs)."""
    return project_site


@pytest.fixture(scope="module")
def offline_site(project_offline_site) -> Path:
    """The project's site built to be opened from disk (file://): one .html file per page."""
    return project_offline_site


@pytest.fixture(scope="module")
def server(site):
    with serve_directory(site) as url:
        yield url


def test_each_clause_is_indexed_once_on_its_own_page_not_in_the_parallel_view(site):
    for language in ("ja", "en"):
        script = (site / f"search/clauses-{language}.js").read_text(encoding="utf-8")
        index = json.loads(script.split("] = ", 1)[1].rstrip().rstrip(";"))
        prefix = "en/" if language == "en" else ""
        urls = [url for url, _ in index["pages"]]
        assert f"{prefix}chapter-09/" in urls and not [url for url in urls if "parallel/" in url], urls
        ids = [clause[0] for clause in index["clauses"] if clause[0]]  # "": a page found as a whole
        assert "9-301" in ids and len(ids) == len(set(ids))


# --- In the browser ----------------------------------------------------------------------------

# Times each query from its last keystroke that changed the query (not the release of Shift) to
# the first results drawn in the list. The keyup is caught before it reaches the search box,
# whose own handler may draw results at once.
MEASURE = """
window.searchTiming = {lastKey: 0, firstResults: 0, value: ''};
document.addEventListener('keyup', event => {
  if (event.target.value === searchTiming.value) return;
  searchTiming.value = event.target.value;
  searchTiming.lastKey = performance.now();
  searchTiming.firstResults = 0;
}, true);
new MutationObserver(() => {
  if (searchTiming.lastKey && !searchTiming.firstResults) searchTiming.firstResults = performance.now();
}).observe(document.querySelector('.md-search-result__list'), {childList: true});
"""
CLEAR = """
const field = document.querySelector('input.md-search__input');
field.value = '';
field.dispatchEvent(new KeyboardEvent('keyup'));
Object.assign(searchTiming, {lastKey: 0, firstResults: 0, value: ''});
"""
RESULTS = """
return Array.from(document.querySelectorAll('.md-search-result__item > a')).map(a => [a.href, a.textContent]);
"""


def open_search(browser, url):
    browser.get(url)
    browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
    field = browser.find("input.md-search__input")
    browser.click(field)
    browser.script(MEASURE)
    return field


def type_query(browser, field, query):
    """Types ``query`` into the open search box; returns (results, milliseconds to first results)."""
    browser.script(CLEAR)
    browser.type(field, query)
    timing = browser.wait_for(lambda: browser.script(
        "return searchTiming.firstResults ? searchTiming.firstResults - searchTiming.lastKey : 0"), timeout=5)
    return browser.script(RESULTS), timing


def clause_of(href: str, base: str, language: str) -> str | None:
    """The clause ID a result opens, if the result is a page of ``language``."""
    path, _, fragment = href[len(base):].partition("#")
    in_english = path.startswith("/en/")
    return fragment if in_english == (language == "en") else None


@pytest.mark.browser
def test_search_benchmark(browser, server):
    queries = yaml.safe_load(BENCHMARK.read_text(encoding="utf-8"))
    failures, times = [], []
    for language in ("ja", "en"):
        field = open_search(browser, f"{server}/" + ("en/" if language == "en" else ""))
        for case in (case for case in queries if case["lang"] == language):
            results, milliseconds = type_query(browser, field, case["query"])
            if not milliseconds:
                failures.append(f"{language} {case['query']!r}: no results drawn within 5 s")
                continue
            times.append(milliseconds)
            top = [clause_of(href, server, language) for href, _ in results[:5]]
            found = any(str(expected) in top for expected in case["expect"])
            if case.get("first") and (not top or top[0] != str(case["first"])):
                found = False
            if not found:
                failures.append(f"{language} {case['query']!r}: expected {case['expect']}, first five {top}")
    passed = len(queries) - len(failures)
    print(f"\nsearch benchmark: {passed}/{len(queries)} queries find the expected clause in the first five")
    if times:
        print(f"time to first results: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
              f"({len(times)} queries, localhost)")
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_an_exact_clause_id_comes_first_and_offers_to_go_to_the_clause(browser, server):
    field = open_search(browser, f"{server}/en/")
    results, _ = type_query(browser, field, "9-301")
    first_href, first_text = results[0]
    assert first_href.startswith(f"{server}/en/chapter-09/") and first_href.endswith("#9-301"), results[:3]
    assert first_text.startswith("Go to clause 9-301 Storage of Secrets"), first_text
    assert not {"10-301", "A-301", "1-301"} & {href.partition("#")[2] for href, _ in results}
    browser.type(field, "\ue007")  # Enter
    assert browser.wait_for(lambda: browser.url.endswith("#9-301") and "/en/chapter-09/" in browser.url), browser.url


@pytest.mark.browser
def test_a_word_found_only_in_the_other_language_is_labelled_with_that_language(browser, server):
    field = open_search(browser, f"{server}/")
    results, _ = type_query(browser, field, "storage")
    assert results and all(href.startswith(f"{server}/en/") for href, _ in results), results[:3]
    assert "English" in results[0][1]


@pytest.mark.browser
def test_search_works_from_disk_without_a_server(browser, offline_site):
    for page, query, clause in (("chapter-01.html", "秘密の保管", "chapter-09.html#9-301"),
                                ("en/chapter-01.html", "storage", "en/chapter-09.html#9-301")):
        field = open_search(browser, (offline_site / page).as_uri())
        results, _ = type_query(browser, field, query)
        assert results, f"no results from file:// for {query}"
        assert results[0][0].split("?")[0] == (offline_site / clause.split("#")[0]).as_uri(), results[0]
        assert results[0][0].endswith("#" + clause.split("#")[1]), results[0]
        resources = browser.script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert [r for r in resources if not r.startswith("file://")] == [], resources


# Holds back the clause index's <script> for a second, as a slow disk or a large index would.
SLOW_INDEX = """
const append = Node.prototype.appendChild;
Node.prototype.appendChild = function (child) {
  if (child.tagName === 'SCRIPT' && /search\\/clauses-/.test(child.src)) {
    setTimeout(() => append.call(this, child), 1000);
    return child;
  }
  return append.call(this, child);
};
"""


@pytest.mark.browser
def test_a_query_typed_before_the_index_has_loaded_is_answered_when_it_loads(browser, offline_site):
    browser.devtools("Page.enable")
    slow = browser.devtools("Page.addScriptToEvaluateOnNewDocument", {"source": SLOW_INDEX})["identifier"]
    try:
        field = open_search(browser, (offline_site / "chapter-01.html").as_uri())
        browser.type(field, "暗号資材")
        assert browser.script("return window.clauseSearchIndex === undefined"), "the index loaded before the query was typed"
        # No further key: the query in the box is answered once the index is there.
        results = browser.wait_for(lambda: browser.script(RESULTS), timeout=10)
        assert results and results[0][0].split("?")[0] == (offline_site / "chapter-14.html").as_uri(), results[:3]
        assert results[0][0].endswith("#14-202"), results[:3]
    finally:
        browser.devtools("Page.removeScriptToEvaluateOnNewDocument", {"identifier": slow})


# --- The engine alone, on a page of test data (file://, no MkDocs build) ----------------------

ENGINE_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<script id="__config" type="application/json">{{"search": "lunr-worker.js"}}</script>
<script src="{ranking}"></script>
<script src="{engine}" data-lang="ja" data-indexes='{{"ja": "clauses-ja.js"}}'
        data-labels='{{"go": "条項へ移動", "languages": {{"ja": "日本語"}}}}'></script>
<script>
  // What Material's page script does: start the worker named in __config and talk to it.
  const worker = new Worker(JSON.parse(document.getElementById("__config").textContent).search);
  window.answers = {{}};
  worker.addEventListener("message", ({{data}}) => {{
    if (data.type === 1) window.ready = true;
    if (data.type === 3) window.answers[window.asked] = data.data.items.map(group => group[0]);
  }});
  window.ask = query => {{ window.asked = query; worker.postMessage({{type: 2, data: query}}); }};
  worker.postMessage({{type: 0, data: {{config: {{}}, docs: []}}}});
</script></body></html>
"""

ENGINE_CLAUSES = [
    SearchPage("chapter-01.html", "第1章 <総則>", [
        page_clauses('<h3 id="1-202">1-202 特定秘密</h3><p>特定秘密とは、別表に掲げる事項である。</p>')[0],
        page_clauses('<h3 id="1-205">1-205 秘</h3><p>秘密の区分のうち秘とは、漏えいが不利益を与えるおそれのあるものをいう。</p>')[0],
        page_clauses('<h3 id="1-206">1-206 &lt;img src=x onerror="window.pwned=1"&gt;</h3>'
                     '<p>&lt;b&gt;特定秘密&lt;/b&gt;を含む資料。</p>')[0],
    ]),
    SearchPage("chapter-10.html", "第10章", [
        page_clauses('<h3 id="10-301">10-301 会議</h3><p>会議の保管。</p>')[0],
        page_clauses('<h3 id="9-301">9-301 秘密の保管</h3><p>保管容器。</p>')[0],
    ]),
]


@pytest.fixture(scope="module")
def engine_page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("engine")
    (folder / "clauses-ja.js").write_text(index_script("ja", ENGINE_CLAUSES), encoding="utf-8")
    page = ENGINE_PAGE.format(engine=(JAVASCRIPTS / "clause-search.js").as_uri(),
                              ranking=(JAVASCRIPTS / "clause-ranking.js").as_uri())
    (folder / "index.html").write_text(page, encoding="utf-8")
    return (folder / "index.html").as_uri()


def ask(browser, query):
    browser.script("window.ask(arguments[0])", query)
    return browser.wait_for(lambda: browser.script("return window.answers[arguments[0]]", query), timeout=5)


@pytest.mark.browser
def test_engine_escapes_the_text_it_shows(browser, engine_page):
    browser.get(engine_page)
    assert browser.wait_for(lambda: browser.script("return window.ready"))
    [item, *_] = ask(browser, "資料")
    assert item["location"] == "chapter-01.html#1-206"
    shown = browser.script(
        "const box = document.createElement('div'); box.innerHTML = arguments[0]; document.body.append(box);"
        "return [box.querySelectorAll('img, b').length, box.textContent]", item["title"])
    assert shown[0] == 0
    assert '<img src=x onerror="window.pwned=1">' in shown[1] and "<b>特定秘密</b>を含む" in shown[1]
    assert "第1章 <総則>" in shown[1]
    assert browser.script("return window.pwned") is None


@pytest.mark.browser
def test_engine_ranks_the_clause_whose_heading_holds_the_query_first(browser, engine_page):
    browser.get(engine_page)
    assert browser.wait_for(lambda: browser.script("return window.ready"))
    found = [item["location"].split("#")[1] for item in ask(browser, "特定秘密")]
    assert found == ["1-202", "1-206"]  # never 1-205, which holds only 秘
    found = [item["location"].split("#")[1] for item in ask(browser, "秘密の保管")]
    assert found[0] == "9-301"
    found = [item["location"].split("#")[1] for item in ask(browser, "9－301")]
    assert found == ["9-301"]  # not 10-301
    assert ask(browser, "9-301")[0]["title"].startswith('<span class="clause-search__go">条項へ移動</span>')
