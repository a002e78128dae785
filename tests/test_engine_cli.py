"""The strict build on the command line of the engine installed: MkDocs, or ProperDocs in its place
(`make test-stacks`), which reads mkdocs.yml when it is passed with -f. Warnings reach strict mode
through the engine's own logger; a plugin that still logs under ``mkdocs.*`` (Material, and any
hook that asks for that logger by name) must fail the build too, never pass it silently."""

import subprocess
import sys

import pytest
from site_builder import ENGINE, SOURCES, STORAGE_EN, STORAGE_JA, write_site

# A hook that warns on the legacy logger by name, as Material's plugins do ("mkdocs.material.*").
LEGACY_LOGGER_HOOK = """\
import logging

def on_post_build(config, **kwargs):
    logging.getLogger("mkdocs.plugins.legacy_logger").warning("legacy logger: a warning")
"""


def engine_build(root):
    """``mkdocs build --strict`` (or ``properdocs build --strict -f mkdocs.yml``) in ``root``."""
    command = [sys.executable, "-m", ENGINE, "build", "--strict", "-f", "mkdocs.yml", "-d", "site"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path, STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})


def test_a_good_manual_builds(site):
    done = engine_build(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "site/en/chapter-09/index.html").is_file()


def test_an_unknown_reference_fails_the_build_with_its_line(site):
    chapter = site / "docs/ja/chapter-09.md"
    text = chapter.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    chapter.write_text(text + "\n誤った参照 [[98-999]] を含む行。\n", encoding="utf-8")
    done = engine_build(site)
    output = done.stdout + done.stderr
    assert done.returncode != 0, f"{ENGINE} build --strict passed a manual with an unknown reference:\n{output}"
    assert f"docs/ja/chapter-09.md:{line}: [ja] unknown clause '98-999'" in output, output
    assert "Aborted with 1 warning" in output, output


def test_a_warning_on_the_legacy_mkdocs_logger_fails_the_build(site):
    (site / "legacy_logger.py").write_text(LEGACY_LOGGER_HOOK, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - legacy_logger.py\n"),
                      encoding="utf-8")
    done = engine_build(site)
    output = done.stdout + done.stderr
    assert "legacy logger: a warning" in output, output
    assert done.returncode != 0, f"{ENGINE} build --strict passed a warning logged under mkdocs.*:\n{output}"
