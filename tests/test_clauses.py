"""Table tests of the clause model: IDs, headings, references, code, tables, registry."""

import pytest

from dism.clauses import (
    build_registry,
    check_references,
    fingerprint_text,
    next_free_id,
    parse_page,
    table_shapes,
)


def page(text, path="chapter-09.md", source="docs/ja/chapter-09.md"):
    return parse_page(text, path, source)


@pytest.mark.parametrize(
    "heading, clause_id, title",
    [
        ("### 9-301 保管", "9-301", "保管"),
        ("### 9-301 Storage", "9-301", "Storage"),
        ("## 12-205 Visits", "12-205", "Visits"),
        ("### A-101 連絡窓口", "A-101", "連絡窓口"),
        ("### 9-301\u3000全角空白の見出し", "9-301", "全角空白の見出し"),
        ("### 9-301 Storage {: .lead }", "9-301", "Storage"),
        ("### 9-301 Storage ###", "9-301", "Storage"),
        ("### 14-301 （欠番）", "14-301", "（欠番）"),
    ],
)
def test_clause_headings(heading, clause_id, title):
    parsed = page(f"# Title\n\n{heading}\n\nBody.\n")
    assert [(c.id, c.title) for c in parsed.clauses] == [(clause_id, title)]
    assert parsed.problems == []


@pytest.mark.parametrize(
    "heading, token",
    [
        ("### 9-31 Short paragraph", "9-31"),
        ("### 9-3011 Long paragraph", "9-3011"),
        ("### 9–301 En dash", "9–301"),
        ("### 9—301 Em dash", "9—301"),
        ("### 9－301 全角ハイフン", "9－301"),
        ("### 9-301保管", "9-301保管"),
        ("### 0-101 Chapter zero", "0-101"),
        ("### 100-101 Chapter too large", "100-101"),
        ("### a-101 Lower-case appendix", "a-101"),
        ("### 1-1 目的", "1-1"),
    ],
)
def test_malformed_clause_headings_are_reported_with_line(heading, token):
    parsed = page(f"# Title\n\n{heading}\n")
    assert parsed.clauses == []
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert (problem.path, problem.line) == ("docs/ja/chapter-09.md", 3)
    assert problem.message.startswith(f"malformed clause ID '{token}' in heading")


@pytest.mark.parametrize(
    "heading",
    ["## 第3節 保管 {#section-9-3}", "## Section 3 Storage", "# 第9章 秘密の保護", "### General", "### 2023年の改正"],
)
def test_ordinary_headings_are_neither_clauses_nor_problems(heading):
    parsed = page(f"{heading}\n")
    assert parsed.clauses == [] and parsed.problems == []


@pytest.mark.parametrize(
    "line, expected",
    [
        ("[[9-301]]", [("9-301", "explicit")]),
        ("see [[+9-301]] and [[A-101]]", [("9-301", "titled"), ("A-101", "explicit")]),
        ("（9-301参照）", [("9-301", "plain")]),
        ("9-301の規定により保管する。", [("9-301", "plain")]),
        ("9-301に規定する者", [("9-301", "plain")]),
        ("9-301に定める措置", [("9-301", "plain")]),
        ("及び9-301参照", [("9-301", "plain")]),
        ("(see 9-301)", [("9-301", "plain")]),
        ("See also 9-301.", [("9-301", "plain")]),
        ("in accordance with paragraph 9-301,", [("9-301", "plain")]),
        ("paragraphs 12-205 and", [("12-205", "plain")]),
        ("（9-301及び9-302参照）", [("9-301", "plain"), ("9-302", "plain")]),
        ("9-301、9-302又はA-101の規定により", [("9-301", "plain"), ("9-302", "plain"), ("A-101", "plain")]),
        ("see 9-301 and 9-302", [("9-301", "plain"), ("9-302", "plain")]),
        ("See 9-301, 9-302, and 9-303.", [("9-301", "plain"), ("9-302", "plain"), ("9-303", "plain")]),
        ("paragraphs 9-301 to 9-305", [("9-301", "plain"), ("9-305", "plain")]),
        ("see 9-301 and 2023-10-01", [("9-301", "plain")]),
        ("see 9-301 and 03-123-4567", [("9-301", "plain")]),
    ],
)
def test_references_are_found(line, expected):
    parsed = page(f"# T\n\n{line}\n")
    assert [(r.target, r.form) for r in parsed.references] == expected
    assert all(r.line == 3 for r in parsed.references)


@pytest.mark.parametrize(
    "line",
    [
        "施行日は2023-10-01である。",
        "令和5年10月1日（2023-10-01参照）",
        "電話 03-123-4567 に連絡する。",
        "文書番号 5-101-2 参照",
        "第5-101号参照",
        "装装制第2981号（令和元年7月1日）",
        "平成25年法律第108号第12条",
        "Act No. 108 of 2013, Article 12",
        "9-301 stands alone without a lead word",
        "see 9-3011 which is too long",
        "see 9–301 with an en dash",
        "`[[9-301]]` in inline code",
        "``see 9-301`` in a double-backtick span",
        "`9-301参照` in inline code",
        "the [[ bracket ]] of a different kind",
    ],
)
def test_non_references_are_left_alone(line):
    parsed = page(f"# T\n\n{line}\n")
    assert parsed.references == []


def test_nothing_inside_fenced_code_is_read():
    text = "# T\n\n```\n[[9-301]] see 9-301\n### 9-302 Not a clause\n```\n\n~~~~markdown\n9-303参照\n~~~~\n"
    parsed = page(text)
    assert parsed.references == [] and parsed.clauses == [] and parsed.problems == []


def test_unrecognised_double_brackets_are_reported():
    parsed = page("# T\n\nSee [[9-31]] and [[@]].\n")
    assert [(p.line, p.message.split(":")[0]) for p in parsed.problems] == [
        (3, "unrecognised '[[9-31]]'"),
        (3, "unrecognised '[[@]]'"),
    ]


def test_citations_and_directives():
    parsed = page("# T\n\n### 1-101 A\n\n根拠：[[@sds-act 12(1)(i)]]、[[@clause-secrets]]\n\n[[generate: clause-index]]\n")
    assert [(c.source, c.pinpoint) for c in parsed.clauses[0].citations] == [("sds-act", "12(1)(i)"), ("clause-secrets", "")]
    assert [d.name for d in parsed.directives] == ["clause-index"]


def test_clause_body_runs_to_the_next_heading_of_its_rank_and_keeps_subheadings():
    text = "# T\n## S {#s}\n### 9-101 A\nalpha\n#### detail\nbeta\n### 9-102 B\ngamma\n## Next\ndelta\n"
    parsed = page(text)
    first, second = parsed.clauses
    assert first.body == "alpha\n#### detail\nbeta" and (first.line, first.end_line) == (3, 6)
    assert second.body == "gamma" and second.end_line == 8


def test_front_matter_keeps_line_numbers():
    parsed = page("---\ntitle: x\n---\n# T\n\n### 9-101 A\n[[9-999]]\n")
    assert parsed.clauses[0].line == 6
    assert parsed.references[0].line == 7


@pytest.mark.parametrize(
    "lines, shapes",
    [
        (["| a | b |", "|---|---|", "| 1 | 2 |", "| 3 | 4 |"], [(3, 2)]),
        (["a | b", "---|---"], []),  # no leading pipe: not counted as a table row here
        (["|a|b|c|", "|:-|:-:|-:|", "|1|2|3|", "", "|x|", "|-|"], [(2, 3), (1, 1)]),
        (["| a \\| b | c |", "|---|---|"], [(1, 2)]),
        (["| not a table |", "| no separator |"], []),
    ],
)
def test_table_shapes(lines, shapes):
    assert table_shapes(lines) == shapes


@pytest.mark.parametrize(
    "before, after, same",
    [
        ("保管する。", "保管\nする。", True),
        ("Keep it   locked.", "Keep it\nlocked.", True),
        ("保管する。", "保管しない。", False),
        ("5年以内", "10年以内", False),
        ("（9-301参照）", "（9-302参照）", False),
    ],
)
def test_fingerprint_text_ignores_only_whitespace(before, after, same):
    one = page(f"# T\n### 1-101 A\n{before}\n").clauses[0]
    two = page(f"# T\n### 1-101 A\n{after}\n").clauses[0]
    assert (fingerprint_text(one) == fingerprint_text(two)) is same


def test_registry_reports_duplicates_on_the_same_and_other_pages():
    first = page("# T\n### 9-101 A\n### 9-101 Again\n")
    other = page("# U\n### 9-101 Elsewhere\n", path="chapter-10.md", source="docs/ja/chapter-10.md")
    registry = build_registry([first, other], "ja", taken={"9-101", "9-102"})
    assert registry.clauses["9-101"].title == "A"
    advice = "the clause that had the ID first keeps it (see the file's history); give the other the next free ID"
    assert [str(p) for p in registry.problems] == [
        "docs/ja/chapter-09.md:3: [ja] duplicate clause ID '9-101': also declared at docs/ja/chapter-09.md:2. "
        f"Clause IDs are never reused: {advice}, 9-103",
        "docs/ja/chapter-10.md:2: [ja] duplicate clause ID '9-101': also declared at docs/ja/chapter-09.md:2. "
        f"Clause IDs are never reused: {advice}, 9-104",
    ]


def test_the_clause_recorded_in_the_lock_keeps_its_id_wherever_it_stands():
    newcomer = page("# A\n### 9-101 New\n", path="appendix.md", source="docs/ja/appendix.md")
    holder = page("# T\n### 9-101 Old\n")
    registry = build_registry([newcomer, holder], "ja", keeps_id=lambda clause: clause.title == "Old")
    assert registry.clauses["9-101"].title == "Old"
    assert [str(p) for p in registry.problems] == [
        "docs/ja/appendix.md:2: [ja] duplicate clause ID '9-101': also declared at docs/ja/chapter-09.md:2. Clause IDs "
        "are never reused: that clause keeps the ID (it is the one recorded in the translation lock); give this one "
        "the next free ID, 9-102"
    ]


@pytest.mark.parametrize("clause_id, taken, free", [
    ("9-301", {"9-301", "9-302", "9-401"}, "9-303"),
    ("A-101", {"A-101"}, "A-102"),
    ("12-101", {"12-101", "1-109", "12-110"}, "12-111"),
])
def test_next_free_id(clause_id, taken, free):
    assert next_free_id(clause_id, taken) == free


def test_unknown_references_and_cited_by():
    parsed = page("# T\n### 9-101 A\n[[9-102]] see 9-103\n### 9-102 B\n9-101参照\n")
    registry = build_registry([parsed], "en")
    assert registry.cited_by == {"9-102": ["9-101"], "9-101": ["9-102"]}
    assert [str(p) for p in check_references(registry)] == [
        "docs/ja/chapter-09.md:3: [en] unknown clause '9-103' referenced: no heading declares it in this "
        "language. Correct the ID, or declare the clause as '### 9-103 <title>'"
    ]


@pytest.mark.parametrize("text, clauses, problem_lines", [
    ("# T\n###9-301 No space\n", ["9-301"], []),
    ("# T\n\n9-301 Underlined\n---\n", [], [3]),
    ("# T\n\nText\n9-301 not a heading\n---\n", [], []),
    ("# T\n### ９－３０１ 保管\n", [], [2]),
    ("# T\n```\n### 9-301 After an unclosed fence\n", ["9-301"], [2]),
    ("# T\n```\n### 9-301 Inside a closed fence\n```\n", [], []),
])
def test_what_markdown_reads_as_a_heading_the_parser_reads_alike(text, clauses, problem_lines):
    parsed = page(text)
    assert [c.id for c in parsed.clauses] == clauses
    assert [p.line for p in parsed.problems] == problem_lines
