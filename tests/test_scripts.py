"""The editor commands: exit codes and output, and agreement with the build."""

import subprocess
import sys

from site_builder import PROJECT_ROOT, SOURCES, STORAGE_EN, STORAGE_JA, build_site, write_site

JA, EN = STORAGE_JA, STORAGE_EN


def write(root, ja=JA, en=EN, **data):
    """The small site of these tests, with its sources registry (every clause cites its basis)."""
    return write_site(root, ja, en, {"sources.yml": SOURCES, **data})


def run(script, root, *args):
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / script), "--root", str(root), *args],
        capture_output=True, text=True, check=False,
    )


def test_status_accept_and_gate(tmp_path):
    write(tmp_path)
    status = run("translation_status.py", tmp_path)
    assert status.returncode == 0
    assert "docs/en/chapter-09.md:5  9-301  untranslated  (Japanese: docs/ja/chapter-09.md:5)" in status.stdout
    assert run("translation_status.py", tmp_path, "--fail-on-stale").returncode == 2

    accepted = run("accept_translation.py", tmp_path, "--all")
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted 2 clause(s) as current: 9-301, 9-302" in accepted.stdout
    assert run("translation_status.py", tmp_path, "--fail-on-stale").returncode == 0

    page = tmp_path / "docs/ja/chapter-09.md"
    page.write_text(page.read_text(encoding="utf-8").replace("施錠する", "二重に施錠する"), encoding="utf-8")
    status = run("translation_status.py", tmp_path, "--fail-on-stale")
    assert status.returncode == 2
    assert "docs/en/chapter-09.md:11  9-302  stale  (Japanese: docs/ja/chapter-09.md:11)" in status.stdout
    assert "9-301  " not in status.stdout.split("Clauses that need work:")[1]

    # The build agrees: exactly 9-302 carries the notice; accepting it clears the notice.
    built = build_site(tmp_path)
    assert built.ok and built.page("en/chapter-09/index.html").count("English translation not current") == 1
    assert run("accept_translation.py", tmp_path, "--clause", "9-302").returncode == 0
    assert "not current" not in build_site(tmp_path).page("en/chapter-09/index.html")


def test_accept_refuses_while_structure_is_broken(tmp_path):
    write(tmp_path, en=dict(EN, **{"chapter-09.md": EN["chapter-09.md"].split("### 9-302")[0]}))
    result = run("accept_translation.py", tmp_path, "--all")
    assert result.returncode == 1
    assert "Not accepted: the structure of the two languages differs" in result.stderr
    assert "docs/en/chapter-09.md:5: [en] clause 9-302 is missing from the English page" in result.stderr
    assert not (tmp_path / "data/translation.lock").exists()
    status = run("translation_status.py", tmp_path)
    assert status.returncode == 1 and "Structure problems" in status.stdout


def test_new_clause_gets_the_next_free_id_in_both_languages(tmp_path):
    write(tmp_path, **{"translation.lock": "9-303 0123456789abcdef\n"})  # 9-303 was retired
    # After a clause that is not the last of its section the new ID would be out of order.
    inside = run("new_clause.py", tmp_path, "--after", "9-301", "--title-ja", "鍵の管理", "--title-en", "Key Control")
    assert inside.returncode == 1
    assert "9-301 is not the last clause of section 9-3 (9-302 follows it)" in inside.stderr
    assert "Use SECTION=9-3" in inside.stderr
    result = run("new_clause.py", tmp_path, "--after", "9-302", "--title-ja", "鍵の管理", "--title-en", "Key Control")
    assert result.returncode == 0, result.stderr
    assert "added 9-304 to docs/ja/chapter-09.md" in result.stdout
    ja = (tmp_path / "docs/ja/chapter-09.md").read_text(encoding="utf-8")
    en = (tmp_path / "docs/en/chapter-09.md").read_text(encoding="utf-8")
    assert ja.index("### 9-301") < ja.index("### 9-302") < ja.index("### 9-304 鍵の管理")
    assert en.index("### 9-301") < en.index("### 9-302") < en.index("### 9-304 Key Control")
    status = run("translation_status.py", tmp_path)
    assert "9-304  untranslated" in status.stdout
    # The placeholder body is unfinished work at its file and line, in the report and the build.
    placeholder = ("docs/ja/chapter-09.md:17: [ja] clause 9-304 still holds the placeholder '（本文を記載する。）' "
                   "written by make new-clause: write the clause's text and its basis line")
    assert status.returncode == 1 and placeholder in status.stdout
    built = build_site(tmp_path)
    assert not built.ok and f"clause_links: {placeholder}" in built.warnings
    # Once, as the placeholder: not also as a clause that cites no source.
    assert [w for w in built.warnings if "9-304" in w] == [
        "clause_links: docs/en/chapter-09.md:17: [en] clause 9-304 still holds the placeholder '(Translation pending.)' "
        "written by make new-clause: write the clause's text and its basis line",
        f"clause_links: {placeholder}",
    ]
    appended = run("new_clause.py", tmp_path, "--section", "9-3", "--title-ja", "点検", "--title-en", "Checks")
    assert "added 9-305" in appended.stdout
    assert (tmp_path / "docs/en/chapter-09.md").read_text(encoding="utf-8").rstrip().endswith("### 9-305 Checks\n\n(Translation pending.)")
    missing = run("new_clause.py", tmp_path, "--after", "9-399", "--title-ja", "x", "--title-en", "y")
    assert missing.returncode == 1 and "no Japanese clause 9-399" in missing.stderr


def test_a_new_clause_written_without_its_basis_line_is_reported_at_its_heading(tmp_path):
    write(tmp_path)
    assert run("new_clause.py", tmp_path, "--section", "9-3", "--title-ja", "鍵の管理", "--title-en", "Key Control").returncode == 0
    ja, en = tmp_path / "docs/ja/chapter-09.md", tmp_path / "docs/en/chapter-09.md"

    def fill(path, placeholder, text):
        path.write_text(path.read_text(encoding="utf-8").replace(placeholder, text), encoding="utf-8")

    # The editor writes the Japanese text, but no basis line: the build names the new clause's heading.
    fill(ja, "（本文を記載する。）", "鍵は管理者が保管する。")
    fill(en, "(Translation pending.)", "The custodian keeps the keys.")
    built = build_site(tmp_path)
    assert not built.ok
    assert [w for w in built.warnings if w.startswith("clause_links:")] == [
        "clause_links: docs/ja/chapter-09.md:17: [ja] clause 9-303 cites no source: add a basis line "
        "(根拠：[[@source-id]] / Basis: [[@source-id]]) naming the law, regulation or contract clause its text rests "
        "on, or mark it reserved",
    ]
    status = run("translation_status.py", tmp_path)
    assert status.returncode == 1
    assert "docs/ja/chapter-09.md:17: [ja] clause 9-303 cites no source" in status.stdout
    # With the Japanese basis line, the English (untranslated) is told which line to add.
    fill(ja, "鍵は管理者が保管する。", "鍵は管理者が保管する。\n\n根拠：[[@sds-act 5]]")
    built = build_site(tmp_path)
    assert [w for w in built.warnings if w.startswith("clause_links:")] == [
        "clause_links: docs/en/chapter-09.md:17: [en] clause 9-303 cites no source, but the Japanese "
        "(docs/ja/chapter-09.md:17) cites [[@sds-act 5]]: add its basis line (Basis: [[@sds-act 5]])",
    ]
    fill(en, "The custodian keeps the keys.", "The custodian keeps the keys.\n\nBasis: [[@sds-act 5]]")
    assert build_site(tmp_path).ok


def test_translator_sees_what_changed_in_the_japanese_since_accepted(tmp_path):
    ja = {**JA, "translation-status.md": "# 翻訳状況\n\n[[generate: translation-status]]\n"}
    en = {**EN, "translation-status.md": "# Translation Status\n\n[[generate: translation-status]]\n"}
    write(tmp_path, ja, en)
    assert run("accept_translation.py", tmp_path, "--all").returncode == 0
    accepted = (tmp_path / "data/translation.accepted.ja.txt").read_text(encoding="utf-8")
    assert "9-302 chapter-09.md\n= 施錠\n| 施錠する。（9-301参照）\n" in accepted
    page = tmp_path / "docs/ja/chapter-09.md"
    page.write_text(page.read_text(encoding="utf-8").replace("施錠する", "二重に施錠する"), encoding="utf-8")

    status = run("translation_status.py", tmp_path)
    assert "      Japanese changes since accepted: 9-302 施錠  {+二重に+}施錠する。（9-301参照）" in status.stdout

    built = build_site(tmp_path)
    assert built.ok, built.warnings
    notice = built.page_unwrapped("en/chapter-09/index.html")
    assert notice.count('<details class="translation-diff">') == 1
    assert "<ins>二重に</ins>施錠する" in notice
    status_page = built.page_unwrapped("en/translation-status/index.html")
    assert '<details open class="translation-diff">' in status_page and "<ins>二重に</ins>" in status_page

    # Accepting the new translation records the new Japanese text: nothing is left to show.
    assert run("accept_translation.py", tmp_path, "--clause", "9-302").returncode == 0
    assert "| 二重に施錠する。（9-301参照）" in (tmp_path / "data/translation.accepted.ja.txt").read_text(encoding="utf-8")
    assert "Japanese changes" not in run("translation_status.py", tmp_path).stdout


def test_hand_edited_accepted_text_fails_the_build(tmp_path):
    write(tmp_path)
    assert run("accept_translation.py", tmp_path, "--all").returncode == 0
    file = tmp_path / "data/translation.accepted.ja.txt"
    file.write_text(file.read_text(encoding="utf-8").replace("秘密を保管する", "秘密を保存する"), encoding="utf-8")
    built = build_site(tmp_path)
    assert not built.ok
    assert any("data/translation.accepted.ja.txt:" in w and "accepted Japanese text of 9-301 does not match" in w
               for w in built.warnings), built.warnings


def test_edition_is_refused_while_the_manual_has_problems(tmp_path):
    write(tmp_path, {**JA, "chapter-09.md": JA["chapter-09.md"] + "\n[[9-399]]\n"})
    refused = run("record_edition.py", tmp_path, "--id", "1", "--date", "2026-12-01", "--title-ja", "初版",
                  "--title-en", "First", "--summary-ja", "s", "--summary-en", "s")
    assert refused.returncode == 1
    assert "docs/ja/chapter-09.md:17: [ja] unknown clause '9-399'" in refused.stderr
    assert not (tmp_path / "data/editions.yml").exists() and not (tmp_path / "data/editions").exists()


def test_accept_names_a_reference_to_a_clause_that_does_not_exist_first(tmp_path):
    ja = dict(JA, **{"chapter-09.md": JA["chapter-09.md"].replace("（9-301参照）", "（9-399参照）")})
    en = dict(EN, **{"chapter-09.md": EN["chapter-09.md"].replace("(see 9-301)", "")})
    write(tmp_path, ja, en)
    result = run("accept_translation.py", tmp_path, "--clause", "9-302")
    assert result.returncode == 1
    refusal = result.stderr.split("Not accepted:", 1)[1].strip()
    assert refusal.startswith("9-302: docs/ja/chapter-09.md:13: the Japanese text refers to clause 9-399, "
                              "which does not exist: correct the reference first"), refusal
