"""The README's commands as users run them: through `make`, in a small project laid out as this
one is. A gate tested only from the inside can be open at the door."""

import shutil
import textwrap
import zipfile

from site_builder import MAKE_FILES, SOURCES, STORAGE_EN, STORAGE_JA, copy_project, run_make, write_project

BAD_REFERENCE = "誤った参照 [[98-999]] を含む行。\n"
# The small projects are no git checkouts: the date of their (unrecorded) edition is given.
DATED = {"SOURCE_DATE_EPOCH": "1767225600"}


def small_project(root):
    return write_project(root, STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_make_build_publishes_a_good_manual_and_refuses_a_bad_one_with_its_line(tmp_path):
    root = small_project(tmp_path / "project")
    good = run_make(root, "build", **DATED)
    assert good.returncode == 0, good.stdout + good.stderr
    site = root / "site"
    for name in ("index.html", "en/chapter-09/index.html", "manual-ja.pdf", "manual-en.pdf"):
        assert (site / name).is_file(), name
    with zipfile.ZipFile(site / "manual-offline.zip") as archive:
        assert "manual-offline/chapter-09.html" in archive.namelist()
    published = (site / "chapter-09/index.html").read_bytes()

    chapter = root / "docs/ja/chapter-09.md"
    line = len(chapter.read_text(encoding="utf-8").splitlines()) + 1
    append(chapter, BAD_REFERENCE)
    bad = run_make(root, "build", **DATED)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert f"docs/ja/chapter-09.md:{line}: [ja] unknown clause '98-999'" in output
    assert "make build failed" in bad.stderr
    # The previous site stays as it was: nothing of the broken manual is published.
    assert (site / "chapter-09/index.html").read_bytes() == published
    assert not list(root.glob(".manual-build-*"))


# Loaded before the build (sitecustomize on PYTHONPATH): the system has no Pango, so loading it
# fails as it does there, with OSError (cannot load library …).
WITHOUT_PANGO = textwrap.dedent(
    """\
    import cffi

    _dlopen = cffi.FFI.dlopen


    def dlopen(self, name, *args, **kwargs):
        if "pango" in str(name):
            raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file")
        return _dlopen(self, name, *args, **kwargs)


    cffi.FFI.dlopen = dlopen
    """
)


def test_make_build_without_pango_fails_with_the_readme_message_not_a_traceback(tmp_path):
    root = small_project(tmp_path / "project")
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "sitecustomize.py").write_text(WITHOUT_PANGO, encoding="utf-8")
    built = run_make(root, "build", PYTHONPATH=str(shims), **DATED)
    output = built.stdout + built.stderr
    assert built.returncode != 0, output
    for language in ("ja", "en"):
        assert f"[{language}] the PDF needs WeasyPrint (cannot load library 'libpango-1.0-0'" in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "make build failed" in built.stderr
    assert not (root / "site").exists()


def test_make_status_and_accept_gate_a_release(tmp_path):
    root = small_project(tmp_path / "project")
    status = run_make(root, "status")
    assert status.returncode == 0, status.stderr
    assert "docs/en/chapter-09.md:5  9-301  untranslated  (Japanese: docs/ja/chapter-09.md:5)" in status.stdout
    assert run_make(root, "status", "STRICT=1").returncode != 0

    accepted = run_make(root, "accept", "ALL=1")
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted 2 clause(s) as current: 9-301, 9-302" in accepted.stdout
    assert run_make(root, "status", "STRICT=1").returncode == 0

    append(root / "docs/ja/chapter-09.md", BAD_REFERENCE.replace("[[98-999]]", "（9-399参照）"))
    refused = run_make(root, "accept", "CLAUSE=9-302")
    assert refused.returncode != 0
    assert "9-399" in refused.stderr and "docs/ja/chapter-09.md:" in refused.stderr


def test_make_new_clause_adds_a_clause_that_make_build_reports_until_written(tmp_path):
    root = small_project(tmp_path / "project")
    added = run_make(root, "new-clause", "SECTION=9-3", "TITLE_JA=鍵の管理", "TITLE_EN=Key Control")
    assert added.returncode == 0, added.stderr
    assert "added 9-303 to docs/ja/chapter-09.md" in added.stdout
    assert "### 9-303 Key Control" in (root / "docs/en/chapter-09.md").read_text(encoding="utf-8")
    built = run_make(root, "build", **DATED)
    assert built.returncode != 0
    assert "docs/ja/chapter-09.md:17: [ja] clause 9-303 still holds the placeholder" in built.stdout + built.stderr


def test_make_edition_freezes_the_manual_and_refuses_a_bad_one(tmp_path):
    root = small_project(tmp_path / "project")
    recorded = run_make(root, "edition", "ID=1", "DATE=2026-12-01", "TITLE_JA=初版", "TITLE_EN=First edition",
                        "SUMMARY_JA=最初の版。", "SUMMARY_EN=The first edition.")
    assert recorded.returncode == 0, recorded.stderr
    frozen = (root / "data/editions/1.ja.txt").read_text(encoding="utf-8")
    assert "9-301 chapter-09.md" in frozen and "| 秘密を保管する。" in frozen
    assert 'id: "1"' in (root / "data/editions.yml").read_text(encoding="utf-8")
    built = run_make(root, "build", **DATED)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "初版" in (root / "site/index.html").read_text(encoding="utf-8")

    append(root / "docs/ja/chapter-09.md", BAD_REFERENCE)
    refused = run_make(root, "edition", "ID=2", "DATE=2027-01-01", "TITLE_JA=第2版", "TITLE_EN=Second edition",
                       "SUMMARY_JA=改訂。", "SUMMARY_EN=Revised.")
    assert refused.returncode != 0
    assert "unknown clause '98-999'" in refused.stderr
    assert not (root / "data/editions/2.ja.txt").exists()


def test_make_test_runs_without_npm_and_says_what_it_skips(tmp_path):
    root = copy_project(tmp_path / "project", (*MAKE_FILES, "pyproject.toml", "package.json", "package-lock.json"))
    (root / "tests").mkdir()
    (root / "tests/test_arithmetic.py").write_text("def test_sum():\n    assert sum([1, 2]) == 3\n", encoding="utf-8")
    tools = tmp_path / "bin"  # a PATH with make and nothing else: no npm, no node
    tools.mkdir()
    (tools / "make").symlink_to(shutil.which("make"))
    done = run_make(root, "test", PATH=str(tools))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "npm is not installed: the accessibility checks (axe-core) are skipped, and fail under CI=true" in done.stdout
    assert "1 passed" in done.stdout
    assert not (root / "node_modules").exists()
