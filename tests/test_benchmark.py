"""The build benchmark's generated manual and its results table (timings themselves are not tested)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import (
    PREVIEW_PAGES, PreviewEdit, SizeResult, check_targets, clause_ids, format_growth, format_preview, format_table,
    insert_word, percentile, spread, update_benchmarks_file,
)
from generate_manual import NO_HOOKS_CONFIG, ClauseWriter, Term, derive_config, generate_manual, plan_manual

from dism.manual import ManualPaths, load_manual
from dism.repetition import normalize
from dism.sync import CURRENT

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def manual_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated") / "manual"
    generate_manual(root, 60)
    return root


def test_generated_manual_builds_strict(manual_root):
    # Not a git clone: the edition date comes from SOURCE_DATE_EPOCH (as in scripts/bench.py).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(manual_root / "site")],
        cwd=manual_root, env=env, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "WARNING" not in completed.stderr
    # Both languages were built, with links and anchors made by the hooks.
    page = (manual_root / "site" / "en" / "chapter-01" / "section-1" / "index.html").read_text(encoding="utf-8")
    assert 'id="1-101"' in page
    assert "clause-cited-by" in page


def test_every_english_clause_is_current_and_nothing_is_reported(manual_root):
    manual = load_manual(ManualPaths(root=manual_root, docs_dir=manual_root / "docs"))
    assert {category: problems for category, problems in manual.problems.items() if problems} == {}
    states = manual.sync.states
    assert len(states) == 60
    assert {state.state for state in states} == {CURRENT}


def test_pages_hold_20_to_50_clauses_with_references_and_citations(manual_root):
    manual = load_manual(ManualPaths(root=manual_root, docs_dir=manual_root / "docs"))
    for language in ("ja", "en"):
        chapters = [page for path, page in manual.pages[language].items() if path.startswith("chapter-")]
        assert all(20 <= len(page.clauses) <= 50 for page in chapters)
        clauses = [clause for page in chapters for clause in page.clauses]
        references = [ref for clause in clauses for ref in clause.references]
        assert 2.5 <= len(references) / len(clauses) <= 4
        assert {ref.form for ref in references} == {"explicit", "titled", "plain"}
        assert sum(len(clause.citations) for clause in clauses) >= len(clauses)
        assert any(clause.tables for clause in clauses)
    # Some references lead to another page.
    registry = manual.registries["ja"]
    assert any(
        registry.clauses[ref.target].path != clause.path for clause in registry.clauses.values() for ref in clause.references
    )


def test_generation_is_deterministic(manual_root, tmp_path):
    again = tmp_path / "again"
    generate_manual(again, 60)
    for language in ("ja", "en"):
        for file in (manual_root / "docs" / language).rglob("*.md"):
            assert (again / file.relative_to(manual_root)).read_text(encoding="utf-8") == file.read_text(encoding="utf-8")
    assert (again / "data" / "translation.lock").read_text() == (manual_root / "data" / "translation.lock").read_text()


def test_generator_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate_manual(tmp_path, 30)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_sentence_drawn_again_with_another_form_of_its_reference_names_its_clause():
    # The build's repetition check reads [[2-101]] and a plain 2-101 as one sentence; a generated
    # manual of 5,000 clauses once failed its strict build on such a pair.
    import random

    writer = ClauseWriter(random.Random(1), [], [Term("保全責任者", "security officer")], [])
    sentence = ("{a}が置かれていない場合には、{r}の規定により{b}が代行する。",
                "Where no {a} is appointed, the {b} acts in that capacity under {r}.")
    writer.clause_id = "1-101"
    first = writer.fill(*sentence, r=("[[2-101]]", "[[2-101]]"))
    writer.clause_id = "1-102"
    again = writer.fill(*sentence, r=("2-101", "paragraph 2-101"))
    assert "1-102関係" in again[0] and "for 1-102" in again[1], again
    assert normalize(first[0], "ja") != normalize(again[0], "ja")


def test_plan_fits_twenty_thousand_clauses_in_99_chapters():
    import random

    pages = plan_manual(20000, random.Random(1))
    assert sum(len(page.clause_ids) for page in pages) == 20000
    assert pages[-1].chapter <= 99
    assert all(len(section.clause_ids) <= 99 for page in pages for section in page.sections)


def test_derived_config_has_no_nav_and_absolute_hooks(tmp_path):
    from mkdocs.config import load_config

    project = (PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    with_hooks = derive_config(project, PROJECT_ROOT, hooks=True)
    without = derive_config(project, PROJECT_ROOT, hooks=False)
    assert "\nnav:" not in with_hooks and "\nnav:" not in without
    assert f"  - {(PROJECT_ROOT / 'hooks' / 'clause_links.py').as_posix()}" in with_hooks
    assert "\nhooks:" not in without and "clause_links" not in without
    assert f"custom_dir: {(PROJECT_ROOT / 'overrides').as_posix()}" in with_hooks
    # What the benchmark builds without hooks is a configuration MkDocs reads: no hooks, no nav.
    (tmp_path / "docs").mkdir()
    (tmp_path / NO_HOOKS_CONFIG).write_text(without, encoding="utf-8")
    plain = load_config(str(tmp_path / NO_HOOKS_CONFIG))
    assert not plain["hooks"] and plain["nav"] is None and "i18n" in plain["plugins"]


def measurements():
    return [
        SizeResult(1000, 31, [3.0, 2.0, 4.0], [1.5, 1.0, 2.0], [76800, 77824, 75776], [57344, 58368, 56320], [3.5, 4.5]),
        SizeResult(20000, 560, [80.0, 90.0, 70.0], [40.0, 50.0, 45.0], [1048576, 1024000, 1000000], [614400, 600000, 610000], []),
    ]


def test_format_table_rows():
    lines = format_table(measurements()).split("\n")
    assert lines[0].startswith("| Clauses | Pages per language | Build with hooks (s) |")
    assert lines[1] == "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    assert lines[2] == "| 1,000 | 31 | 3.00 | 1.50 | 2.00 | 76 | 57 | 4.0 | 3 |"
    assert lines[3] == "| 20,000 | 560 | 80.00 | 45.00 | 1.78 | 1024 | 600 | — | 3 |"
    assert len(lines) == 4


def test_format_growth_and_targets():
    growth = format_growth(measurements()).split("\n")
    assert "| Build with hooks (s) | 3.00 | 80.00 | 26.7x |" in growth
    assert "| Time added by the hooks (s) | 1.50 | 35.00 | 23.3x |" in growth
    assert "| Peak RSS with hooks (MiB) | 76 | 1024 | 13.5x |" in growth
    assert format_growth(measurements()[:1]) == ""
    checks = check_targets(measurements())
    assert [met for _, met in checks] == [False, False, True]
    assert checks[0][0].startswith("At 20,000 clauses the hooks add 78% ")


def test_results_block_is_replaced_between_markers(tmp_path):
    from bench import BLOCK_END, BLOCK_START

    file = tmp_path / "BENCHMARKS.md"
    file.write_text(f"# Benchmarks\n\n{BLOCK_START}\nold\n{BLOCK_END}\n\nReading.\n", encoding="utf-8")
    assert update_benchmarks_file("new table\n", file)
    assert file.read_text(encoding="utf-8") == f"# Benchmarks\n\n{BLOCK_START}\nnew table\n{BLOCK_END}\n\nReading.\n"
    assert not update_benchmarks_file("x", tmp_path / "missing.md")


def test_make_build_is_checked_against_five_site_builds():
    from bench import ManualResult, check_manual_targets, format_manual

    result = ManualResult(clauses=235, hooks_seconds=[3.0, 2.0, 4.0], plain_seconds=[1.0], hooks_peak_kib=[70 * 1024],
                          plain_peak_kib=[44 * 1024], publish_seconds=16.5, publish_peak_kib=600 * 1024, pdf_pages=281)
    assert "| `make build` / site build | 5.5x |" in format_manual(result)
    publish = [check for check in check_manual_targets(result) if "make build" in check[0]]
    assert publish == [("`make build` takes 16.5 s, 5.5x the site build (target: at most 5x)", False)]
    result.publish_seconds = 14.0
    assert [met for text, met in check_manual_targets(result) if "make build" in text] == [True]


PAGE = """# 第1章 {#chapter-1}

### 1-101 目的

1. 本マニュアルは、目的を定める。
2. 二文目。

### 1-102 定義

| 用語 | 意味 |
|---|---|
| 秘密 | 秘密の情報 |

本節の語は、次のとおりとする。

### 1-103 表だけ

| 事項 | 内容 |
"""


def test_preview_edits_go_into_the_clause_named():
    assert clause_ids(PAGE) == ["1-101", "1-102", "1-103"]
    assert "1. 本マニュアルは、目的を定めるWORD。\n2. 二文目。" in insert_word(PAGE, "1-101", "WORD")
    # The first full stop of 1-102's text, after its table; nothing outside the clause changes.
    edited = insert_word(PAGE, "1-102", "WORD")
    assert edited == PAGE.replace("とする。", "とするWORD。")
    with pytest.raises(ValueError, match="1-103 has no full stop"):
        insert_word(PAGE, "1-103", "WORD")  # would otherwise edit a later clause or nothing
    with pytest.raises(ValueError, match="no clause 1-104"):
        insert_word(PAGE, "1-104", "WORD")
    # A clause ID is not a prefix of a longer one.
    assert insert_word("### 1-1011 x\n\n長い。\n\n### 1-101 y\n\n短い。\n", "1-101", "W").endswith("短いW。\n")


def test_preview_edits_spread_from_the_first_clause_to_the_last():
    ids = [f"c{i}" for i in range(27)]
    assert spread(ids, 4) == ["c0", "c9", "c17", "c26"]
    assert spread(ids, 1) == ["c0"]
    assert spread(ids[:3], 5) == ["c0", "c1", "c2"]
    # Each page of the preview benchmark has clauses to edit in the project's manual.
    for page in PREVIEW_PAGES:
        assert len(clause_ids((PROJECT_ROOT / "docs" / "ja" / page).read_text(encoding="utf-8"))) >= 4, page


def test_percentile_is_nearest_rank():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert percentile(values, 0.9) == 9.0
    assert percentile([*values, 11.0, 12.0], 0.9) == 11.0
    assert percentile([3.0], 0.9) == 3.0
    assert percentile(values, 0.5) == 5.0
    with pytest.raises(ValueError):
        percentile([], 0.9)


def test_preview_report_per_page_and_overall():
    edits = [PreviewEdit("chapter-01", f"1-10{i}", s, 0.1, s - 0.3, s - 0.29, s - 0.25, s - 0.1)
             for i, s in enumerate([0.5, 0.7, 0.9])]
    edits += [PreviewEdit("chapter-09", f"9-10{i}", s) for i, s in enumerate([0.6, 1.4])]
    text = format_preview(edits, ["1.0 / 1.0 / 1.0", "2.0 / 1.0 / 1.0"], "bench --preview 2", "2026-12-03")
    assert "with `bench --preview 2`; load average (1/5/15 min) before → after: 1.0 / 1.0 / 1.0 → 2.0 / 1.0 / 1.0." in text
    assert "| chapter-01 | 1-101 | 0.10 | 0.40 | 0.41 | 0.45 | 0.60 | 0.70 |" in text
    assert "| chapter-09 | 9-100 | — | — | — | — | — | 0.60 |" in text
    assert "| chapter-01 | 3 | 0.70 | 0.90 | 0.90 |" in text
    assert "| chapter-09 | 2 | 1.00 | 1.40 | 1.40 |" in text
    assert "| All pages | 5 | 0.70 | 1.40 | 1.40 |" in text
    assert "- **missed**: edit → text in the browser, 90th percentile 1.40 s, median 0.70 s" in text
    assert "site build" not in text
    met = format_preview(edits[:3], ["0", "0"], "c", "d", site_builds=[2.0, 1.0, 1.5])
    assert "took 2.00, 1.00, 1.50 s around the edits: the median edit took 0.47x the median site build (1.50 s)." in met
    assert "- met: edit → text in the browser, 90th percentile 0.90 s" in met
    rebuilds = format_preview([PreviewEdit("chapter-01", "1-101", 0.8, 0.1, 0.8)], ["0", "0"], "c", "d")
    assert "- met: edit → rebuild done (no browser), 90th percentile 0.80 s" in rebuilds
