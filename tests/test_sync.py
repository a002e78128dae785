"""Sync between Japanese and English: parity rules, translation states, lock file, accept."""

import pytest

from dism.clauses import parse_page
from dism.sync import (
    CURRENT,
    MISSING,
    ORPHANED,
    STALE,
    UNTRANSLATED,
    Lock,
    accept,
    compare,
    fingerprint,
    format_lock,
    parse_lock,
)

JA_PAGE = "# 第9章\n### 9-101 保管\n秘密を保管する。（9-102参照）\n\n根拠：[[@sds-act 12]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n### 9-102 運搬\n運搬する。\n"
EN_PAGE = "# Chapter 9\n### 9-101 Storage\nKeep secrets. (see 9-102)\n\nBasis: [[@sds-act 12]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n### 9-102 Transmission\nTransmit.\n"


def pages(language, **texts):
    return {f"{name}.md": parse_page(text, f"{name}.md", f"docs/{language}/{name}.md") for name, text in texts.items()}


def current_lock(ja_text=JA_PAGE):
    return Lock({c.id: fingerprint(c) for c in parse_page(ja_text, "ch.md", "x").clauses})


def run(ja_text=JA_PAGE, en_text=EN_PAGE, lock=None):
    return compare(pages("ja", ch=ja_text), pages("en", ch=en_text), current_lock() if lock is None else lock)


def test_matching_pages_are_current_and_sound():
    result = run()
    assert result.structure == []
    assert [(s.id, s.state) for s in result.states] == [("9-101", CURRENT), ("9-102", CURRENT)]


@pytest.mark.parametrize(
    "en_text, message",
    [
        (
            EN_PAGE.replace("### 9-102 Transmission\nTransmit.\n", ""),
            "docs/en/ch.md:2: [en] clause 9-102 is missing from the English page (Japanese at docs/ja/ch.md:10): "
            "add '### 9-102 <title>' after this line, in the same order as the Japanese page",
        ),
        (
            EN_PAGE + "### 9-103 Extra\n",
            "docs/en/ch.md:12: [en] clause 9-103 does not exist on the Japanese page docs/ja/ch.md: "
            "add it to the Japanese page first, or remove it",
        ),
        (
            EN_PAGE.replace("### 9-102 Transmission", "#### 9-102 Transmission"),
            "docs/en/ch.md:10: [en] clause 9-102 is a level-4 heading but level 3 in Japanese (docs/ja/ch.md:10): "
            "use the same number of '#'",
        ),
        (
            "# Chapter 9\n### 9-102 Transmission\nTransmit.\n### 9-101 Storage\nKeep secrets. (see 9-102)\n\n"
            "Basis: [[@sds-act 12]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "docs/en/ch.md:2: [en] clause 9-102 is out of order: the Japanese page has 9-101 at this position "
            "(docs/ja/ch.md:2); order the English clauses as the Japanese ones",
        ),
        (
            EN_PAGE.replace("(see 9-102)", ""),
            "docs/en/ch.md:2: [en] clause 9-101: clause references differ: Japanese [9-102], English [none] "
            "(Japanese at docs/ja/ch.md:2); make the English match",
        ),
        (
            EN_PAGE.replace("[[@sds-act 12]]", "[[@sds-act 13]]"),
            "docs/en/ch.md:2: [en] clause 9-101: source citations differ: Japanese [@sds-act 12], English "
            "[@sds-act 13] (Japanese at docs/ja/ch.md:2); make the English match",
        ),
        (
            EN_PAGE.replace("| 1 | 2 |\n", "| 1 | 2 |\n| 3 | 4 |\n"),
            "docs/en/ch.md:2: [en] clause 9-101: table shapes differ: Japanese [2x2], English [3x2] (rows x columns) "
            "(Japanese at docs/ja/ch.md:2); make the English match",
        ),
    ],
)
def test_each_parity_rule_reports_path_line_and_what_to_do(en_text, message):
    assert [str(p) for p in run(en_text=en_text).structure] == [message]


def test_missing_and_extra_pages():
    result = compare(pages("ja", ch=JA_PAGE, other="# 他\n### 8-101 x\n"), pages("en", ch=EN_PAGE, extra="# E\n### 7-101 y\n"), current_lock())
    assert [str(p) for p in result.structure] == [
        "docs/en/extra.md:1: [en] this English page has no Japanese page: the Japanese text is authoritative, "
        "so create docs/ja/extra.md first (or delete this page)",
        "docs/ja/other.md:1: [en] this Japanese page has no English page: create docs/en/other.md with the same "
        "clause headings (until then the English site shows the Japanese text under a notice)",
    ]
    assert {(s.id, s.state) for s in result.states} >= {("8-101", MISSING), ("7-101", ORPHANED)}
    assert result.untranslated_pages == ["other.md"]


def test_one_word_changed_in_japanese_makes_exactly_that_clause_stale():
    changed = JA_PAGE.replace("運搬する。", "運搬しない。")
    result = compare(pages("ja", ch=changed), pages("en", ch=EN_PAGE), current_lock())
    assert [(s.id, s.state) for s in result.states] == [("9-101", CURRENT), ("9-102", STALE)]


def test_reflowing_japanese_changes_nothing():
    reflowed = JA_PAGE.replace("秘密を保管する。", "秘密を\n保管\u3000する。")
    result = compare(pages("ja", ch=reflowed), pages("en", ch=EN_PAGE), current_lock())
    assert {s.state for s in result.states} == {CURRENT}


def test_stale_clause_differences_are_work_not_a_broken_build():
    ja = JA_PAGE.replace("（9-102参照）", "")
    result = compare(pages("ja", ch=ja), pages("en", ch=EN_PAGE), current_lock())
    assert result.structure == []
    assert result.states[0].state == STALE
    assert result.content_differences["9-101"] == ["clause references differ: Japanese [none], English [9-102]"]


def test_untranslated_and_orphaned_lock_entries():
    result = run(lock=Lock({"9-101": fingerprint(parse_page(JA_PAGE, "ch.md", "x").clauses[0]), "9-199": "0" * 16}))
    assert [(s.id, s.state) for s in result.states] == [("9-101", CURRENT), ("9-102", UNTRANSLATED)]
    assert result.orphaned_lock == ["9-199"]


def test_accept_marks_current_and_refuses_what_differs():
    ja = JA_PAGE.replace("運搬する。", "運搬しない。").replace("（9-102参照）", "")
    result = compare(pages("ja", ch=ja), pages("en", ch=EN_PAGE), Lock())
    entries, refusals = accept(result, Lock(), ["9-101", "9-102", "9-999"])
    assert list(entries) == ["9-102"]
    assert refusals == [
        "9-101: docs/en/ch.md:2: clause references differ: Japanese [none], English [9-102]",
        "9-999: no Japanese clause has this ID",
    ]


@pytest.mark.parametrize(
    "text, problems",
    [
        ("# header\n9-101 0123456789abcdef\n", []),
        ("9-101 0123456789abcdef\n9-101 0123456789abcdef\n",
         ["x.lock:2: clause '9-101' is locked twice (first at line 1): delete one line and run 'make accept' for it"]),
        ("9-101 xyz\n",
         ["x.lock:1: malformed lock line: expected '<clause-id> <16 hex digits>'; restore the file from version "
          "control and run 'make accept' again"]),
    ],
)
def test_lock_file_problems(text, problems):
    assert [str(p) for p in parse_lock(text, "x.lock")[1]] == problems


def test_lock_round_trip_is_sorted_by_clause_order():
    entries = {"10-101": "a" * 16, "9-101": "b" * 16, "A-101": "c" * 16}
    text = format_lock(entries)
    assert [line.split()[0] for line in text.splitlines() if not line.startswith("#")] == ["9-101", "10-101", "A-101"]
    assert parse_lock(text, "x")[0].entries == entries
