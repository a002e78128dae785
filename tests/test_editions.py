"""Editions in the pure core: frozen texts, checks, what changed, differences, redirects."""

import re
import textwrap
from pathlib import Path

import pytest

from dism import edition_render
from dism.build_cache import Memo
from dism.clauses import Clause, parse_page
from dism.edition_render import add_as_of, as_of_text, diff_html, reading_text, redirect_html
from dism.editions import (
    AMENDED,
    EditionHistory,
    Edition,
    changes,
    check_disappeared,
    digest,
    format_edition_entry,
    format_frozen,
    load_editions,
    page_clauses,
    parse_frozen,
)

PAGE = """\
# 第9章

### 9-301 保管

秘密は金庫等に保管しなければならない。
（9-302参照）

### 9-302 施錠

施錠する。
"""


def pages(text=PAGE, path="chapter-09.md"):
    return {path: parse_page(text, path, f"docs/ja/{path}")}


def test_frozen_text_round_trips_through_the_clause_model():
    frozen = format_frozen(pages(), "1", "2026-12-01", "ja")
    assert "9-301 chapter-09.md\n= 保管\n| 秘密は金庫等に保管しなければならない。\n| （9-302参照）\n" in frozen
    clauses, problems = parse_frozen(frozen, "data/editions/1.ja.txt")
    assert problems == []
    original = page_clauses(pages())
    assert list(clauses) == ["9-301", "9-302"]
    assert changes(original, clauses) == []  # same text, same page: nothing changed
    assert clauses["9-302"].line == frozen.split("\n").index("9-302 chapter-09.md") + 1


def test_unreadable_frozen_line_is_a_problem_with_its_line():
    _, problems = parse_frozen("9-301 chapter-09.md\n= 保管\nstray text\n", "f.txt")
    assert [(p.path, p.line) for p in problems] == [("f.txt", 3)]


def test_changes_added_amended_withdrawn_moved_and_reflow_is_no_change():
    before = page_clauses(pages())
    reflowed = PAGE.replace("秘密は金庫等に\n", "秘密は金庫等に").replace("保管しなければ", "保管し\nなければ")
    assert changes(before, page_clauses(pages(reflowed))) == []
    after_text = (PAGE.replace("金庫", "保管庫").replace("### 9-302 施錠\n\n施錠する。", "### 9-302 （欠番）\n")
                  + "\n### 9-303 新設\n\n新しい条項。\n")
    after = page_clauses(pages(after_text))
    found = {(c.kind, c.clause_id) for c in changes(before, after)}
    assert found == {("amended", "9-301"), ("withdrawn", "9-302"), ("added", "9-303")}
    moved = page_clauses(pages(PAGE, "chapter-10.md"))
    assert {(c.kind, c.from_page, c.page) for c in changes(before, moved)} == {("moved", "chapter-09.md", "chapter-10.md")}


def test_differences_by_character_in_japanese_and_by_word_in_english():
    assert diff_html("金庫等に保管", "保管庫等に保管", "ja") == "<del>金</del><ins>保管</ins>庫等に保管"
    assert (diff_html("stored in a safe or <box>", "stored in a cabinet or <box>", "en")
            == "stored in a <del>safe</del><ins>cabinet</ins> or &lt;box&gt;")


def test_reading_text_shows_references_as_read_and_reflows_japanese():
    clause = page_clauses(pages())["9-301"]
    assert reading_text(clause, "ja", {}) == "9-301 保管\n\n秘密は金庫等に保管しなければならない。（9-302参照）"


def write_editions(root: Path, entries: list[tuple[str, str]], text=PAGE) -> None:
    data = root / "data"
    (data / "editions").mkdir(parents=True, exist_ok=True)
    yaml = ""
    for edition_id, date in entries:
        texts = {}
        for language in ("ja", "en"):
            frozen = format_frozen(pages(text), edition_id, date, language)
            (data / "editions" / f"{edition_id}.{language}.txt").write_text(frozen, encoding="utf-8")
            texts[language] = digest(frozen)
        title = {"ja": f"第{edition_id}版", "en": f"Edition {edition_id}"}
        yaml += format_edition_entry(Edition(edition_id, date, title, {"ja": "要約", "en": "Summary"}, texts), ("ja", "en"))
    (data / "editions.yml").write_text(yaml, encoding="utf-8")


def load(root):
    return load_editions(root / "data", ("ja", "en"), lambda p: p.relative_to(root).as_posix())


def test_a_valid_history_loads_without_problems(tmp_path):
    write_editions(tmp_path, [("1", "2026-12-01"), ("2", "2026-12-01")])
    editions, problems = load(tmp_path)
    assert problems == [] and [e.id for e in editions] == ["1", "2"]


def test_duplicate_id_and_earlier_date_are_problems_at_their_line(tmp_path):
    write_editions(tmp_path, [("1", "2026-12-05"), ("2", "2026-12-01"), ("1", "2026-12-06")])
    _, problems = load(tmp_path)
    messages = [(p.path, p.line, p.message.split(":")[0]) for p in problems]
    assert ("data/editions.yml", 12, "edition '2' is dated 2026-12-01, earlier than the edition before it ('1', 2026-12-05)") in messages
    assert any(p.line == 23 and "edition '1' already exists (line 1)" in p.message for p in problems), messages


def test_an_impossible_date_is_a_problem(tmp_path):
    write_editions(tmp_path, [("1", "2026-02-30")])
    _, problems = load(tmp_path)
    assert [(p.line, p.message) for p in problems] == [(1, "edition '1': date must be YYYY-MM-DD")]


def test_an_edited_frozen_text_no_longer_matches_its_edition(tmp_path):
    write_editions(tmp_path, [("1", "2026-12-01")])
    frozen = tmp_path / "data/editions/1.en.txt"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("金庫", "保管庫"), encoding="utf-8")
    _, problems = load(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("data/editions/1.en.txt", 1)]
    assert "no longer matches edition '1'" in problems[0].message


def test_a_clause_that_disappeared_without_reserved_entry_is_a_problem(tmp_path):
    write_editions(tmp_path, [("1", "2026-12-01")])
    editions, _ = load(tmp_path)
    without = PAGE.split("### 9-302")[0]
    history = EditionHistory(editions, {"ja": page_clauses(pages(without)), "en": {}}, "ja")
    problems = check_disappeared(history)
    assert len(problems) == 1 and problems[0].path == "data/editions/1.ja.txt"
    assert "clause 9-302 of edition '1' is no longer in the manual" in problems[0].message
    reserved = PAGE.replace("### 9-302 施錠\n\n施錠する。", "### 9-302 （欠番）\n")
    assert check_disappeared(EditionHistory(editions, {"ja": page_clauses(pages(reserved))}, "ja")) == []


def test_history_versions_unreleased_and_as_of(tmp_path):
    amended = PAGE.replace("金庫", "保管庫")
    write_editions(tmp_path, [("1", "2026-12-01")])
    first, _ = load(tmp_path)
    write_editions(tmp_path / "b", [("2", "2026-12-02")], amended)
    second, _ = load(tmp_path / "b")
    current = PAGE.replace("施錠する", "二重に施錠する")
    history = EditionHistory(first + second, {"ja": page_clauses(pages(current))}, "ja")
    versions = history.versions("ja")
    assert [v.edition.id for v in versions["9-301"]] == ["1", "2"]
    assert [v.edition.id for v in versions["9-302"]] == ["1"]
    assert history.unreleased("ja") == {"9-301", "9-302"}  # 9-301 went back to the old text
    assert [(c.kind, c.clause_id) for c in history.edition_changes(1, "ja")] == [(AMENDED, "9-301")]
    assert as_of_text(history.as_of("ja"), "en") == "As of Edition 2 (December 2, 2026), with later changes not yet in an edition."
    assert as_of_text(EditionHistory([], {}, "ja").as_of("en"), "en") == "No edition recorded yet (working draft)."


def test_redirect_page_is_relative_escaped_and_has_a_visible_link():
    page = redirect_html("c/9-301/", "chapter-09/#9-301", '9-301 <"x">', "ja")
    assert '<a href="../../chapter-09/#9-301">9-301 &lt;&quot;x&quot;&gt;</a>' in page
    assert 'content="0; url=../../chapter-09/#9-301"' in page
    assert "<title>9-301 &lt;&quot;x&quot;&gt;</title>" in page


def test_frozen_clause_is_the_shared_clause_model():
    clauses, _ = parse_frozen(format_frozen(pages(), "1", "2026-12-01", "ja"), "f")
    assert all(isinstance(c, Clause) for c in clauses.values())


def test_edition_entry_quotes_data(tmp_path):
    entry = format_edition_entry(Edition("1", "2026-12-01", {"ja": 'a"b', "en": "x: y"}, {"ja": "s", "en": "t"},
                                         {"ja": "0" * 16, "en": "1" * 16}), ("ja", "en"))
    (tmp_path / "e.yml").write_text(entry, encoding="utf-8")
    from dism.data_files import load_yaml

    data, problems = load_yaml(tmp_path / "e.yml", "e.yml")
    assert problems == [] and data[0]["title"] == {"ja": 'a"b', "en": "x: y"}
    assert textwrap.dedent(entry).startswith('- id: "1"')


def test_record_of_changes_escapes_edition_data(tmp_path):
    from dism.clauses import build_registry
    from dism.edition_render import record_of_changes
    from dism.render import RenderContext, write_blocks

    write_editions(tmp_path, [("1", "2026-12-01")])
    editions, _ = load(tmp_path)
    editions[0].title["en"] = "<script>x</script> *bold* [[9-301]]"
    editions[0].summary["en"] = "a | b & <i>"
    history = EditionHistory(editions, {"en": page_clauses(pages())}, "ja")
    ctx = RenderContext("en", "record.md", build_registry(pages().values(), "en"))
    out = write_blocks(ctx, record_of_changes(history, ctx, "editions.atom"))
    assert "## &lt;script&gt;x&lt;/script&gt; \\*bold\\*" in out and "\\[\\[9\\-301\\]\\]" in out
    assert "<p>a | b &amp; &lt;i&gt;</p>" in out and "<script>" not in out and "<i>" not in out


def test_record_of_changes_follows_the_japanese_and_lists_english_only_revisions_apart():
    from dism.clauses import build_registry
    from dism.edition_render import record_of_changes
    from dism.render import RenderContext, write_blocks

    def edition(edition_id, ja_text, en_text):
        found = Edition(edition_id, f"2026-12-0{edition_id}", {"ja": edition_id, "en": edition_id},
                        {"ja": "s", "en": "s"}, {})
        found.clauses = {"ja": page_clauses(pages(ja_text)), "en": page_clauses(pages(en_text))}
        return found

    amended_ja = PAGE.replace("金庫", "保管庫")
    revised_en = PAGE.replace("施錠する", "鍵を掛ける")  # stands in for an English wording change
    history = EditionHistory([edition("1", PAGE, PAGE), edition("2", amended_ja, revised_en)],
                             {"ja": page_clauses(pages(amended_ja)), "en": page_clauses(pages(revised_en))}, "ja")
    def written(language):
        ctx = RenderContext(language, "r.md", build_registry(pages().values(), language))
        return write_blocks(ctx, record_of_changes(history, ctx, "f"))

    en = written("en")
    assert re.search(r'<li><strong>Amended</strong>: <a href="[^"]*#9-301"[^>]*>9-301</a></li>', en), en
    assert re.search(r'<li><strong>English translation revised</strong>: <a href="[^"]*#9-302"[^>]*>9-302</a></li>', en), en
    ja = written("ja")
    assert re.search(r'<li><strong>改正</strong>: <a href="[^"]*#9-301"[^>]*>9-301</a></li>', ja) and "#9-302" not in ja


def test_reading_text_shows_list_items_as_lines():
    clause = page_clauses(pages("# 第9章\n\n### 9-301 保管\n\n次の措置\n\n- a. 施錠\n- b. 記録\n"))["9-301"]
    assert reading_text(clause, "ja", {}) == "9-301 保管\n\n次の措置\n\n・a. 施錠\n・b. 記録"


def test_translation_basis_names_the_japanese_edition_of_each_accepted_clause():
    from dism.edition_render import translation_basis
    from dism.sync import fingerprint

    first = Edition("1", "2026-12-01", {"ja": "初版", "en": "First edition"}, {"ja": "s", "en": "s"}, {})
    first.clauses = {"ja": page_clauses(pages())}
    amended = page_clauses(pages(PAGE.replace("金庫", "保管庫")))
    history = EditionHistory([first], {"ja": amended}, "ja")
    old = {cid: fingerprint(c) for cid, c in first.clauses["ja"].items()}
    assert translation_basis(history, old, ["9-301", "9-302"], "en") == \
        "This English text translates the Japanese text of First edition (December 1, 2026)."
    mixed = {"9-301": fingerprint(amended["9-301"]), "9-302": old["9-302"]}
    assert translation_basis(history, mixed, ["9-301", "9-302", "9-303"], "en") == (
        "This English text translates these Japanese texts: 9-301: a Japanese text not in any edition, "
        "9-302: First edition (December 1, 2026).")


def test_the_as_of_line_goes_under_the_first_title_of_the_finished_page():
    line = '<p class="edition-as-of">As of Edition 1</p>'
    page = '<header>x</header><h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>Text</p><h1>Second</h1>'
    assert add_as_of(page, line) == ('<header>x</header><h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>\n'
                                     + line + '<p>Text</p><h1>Second</h1>')
    assert add_as_of("<p>No title</p>", line) == line + "\n<p>No title</p>"


def test_the_preview_keeps_each_clause_difference_between_rebuilds(monkeypatch):
    memo = Memo()
    memo.enable()  # as make serve does
    monkeypatch.setattr(edition_render, "MEMO", memo)
    memo.start_build(object())
    first = diff_html("秘密を保管する。", "秘密を金庫に保管する。", "ja")
    assert first == "秘密を<ins>金庫に</ins>保管する。"
    memo.start_build(object())  # the next rebuild, after a save elsewhere

    def not_again(*args, **kwargs):
        raise AssertionError("the difference of an unchanged clause version was computed again")

    monkeypatch.setattr(edition_render.difflib, "SequenceMatcher", not_again)
    assert diff_html("秘密を保管する。", "秘密を金庫に保管する。", "ja") == first
    # A make build keeps nothing: without the preview, every difference is computed.
    monkeypatch.setattr(edition_render, "MEMO", Memo())
    with pytest.raises(AssertionError, match="computed again"):
        diff_html("秘密を保管する。", "秘密を金庫に保管する。", "ja")
