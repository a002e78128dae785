"""`make serve` as an editor uses it: on a chosen port, rebuilt when data or hooks change."""

import difflib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from bench import copy_project
from site_builder import PROJECT_ROOT
from webdriver import free_port

COPIED = ("Makefile", "mkdocs.yml", "requirements.txt", "docs", "data", "hooks", "overrides", "scripts")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_until(condition, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    return condition()


@pytest.fixture
def project_copy(tmp_path):
    if not (PROJECT_ROOT / ".venv/.installed-requirements").exists():
        pytest.skip("run through make, which creates .venv")
    root = copy_project(tmp_path / "project", COPIED)
    (root / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return root


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_on_a_chosen_port_sees_edits_of_data_and_hooks(project_copy):
    port = free_port()
    scratch = project_copy.parent / "scratch"  # where the preview writes its copy of the site
    scratch.mkdir()
    serve = subprocess.Popen(
        ["make", "serve", f"PORT={port}"], cwd=project_copy, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        page = f"http://127.0.0.1:{port}/en/chapter-01/"
        assert wait_until(lambda: "SDS Act" in fetch(page)), "make serve did not serve on the chosen port"

        replace_in(project_copy / "data/sources.yml", "short: SDS Act", "short: Secrets Act (edited)")
        assert wait_until(lambda: "Secrets Act (edited)" in fetch(page)), "an edit of data/ was not seen"

        replace_in(project_copy / "hooks/dism/texts.py", '"cited_by": "Referenced by"', '"cited_by": "Cited from"')
        assert wait_until(lambda: "Cited from" in fetch(page)), "an edit of hooks/ was not seen"
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
    # Stopped by a kill, the preview leaves no copy of the site behind.
    assert wait_until(lambda: not any(scratch.iterdir()), timeout=30), list(scratch.iterdir())


def site_files(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_rebuild_from_the_serve_caches_writes_the_same_site_as_a_cold_build(project_copy, tmp_path):
    """The caches of `make serve` (hooks/fast_preview.py) after edits of a page, a data file, the
    lock and a template override: every file equals a build with nothing cached."""
    from site_builder import build_site_from

    from dism.build_cache import MEMO

    config = project_copy / "mkdocs.yml"
    try:
        MEMO.__init__()
        MEMO.enable()
        assert build_site_from(config, tmp_path / "first").ok
        replace_in(project_copy / "docs/ja/chapter-09.md", "### 9-301 ", "### 9-301 改訂")
        replace_in(project_copy / "data/sources.yml", "short: SDS Act", "short: Secrets Act (edited)")
        lock = project_copy / "data/translation.lock"
        lock.write_text("\n".join(line for line in lock.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("1-101")) + "\n", encoding="utf-8")
        replace_in(project_copy / "overrides/main.html", "{% block extrahead %}", "{% block extrahead %}<!-- edited -->")
        warm = build_site_from(config, tmp_path / "warm")
        assert warm.ok or warm.warnings
        assert MEMO.hits > 0, "the rebuild used no cache"

        MEMO.__init__()
        MEMO.enable()
        cold = build_site_from(config, tmp_path / "cold")
        assert cold.warnings == warm.warnings
        warm_files, cold_files = site_files(tmp_path / "warm"), site_files(tmp_path / "cold")
        assert sorted(warm_files) == sorted(cold_files)
        differing = [path for path in cold_files if warm_files[path] != cold_files[path]]
        first_difference = "\n".join(list(difflib.unified_diff(
            cold_files[differing[0]].decode().splitlines(), warm_files[differing[0]].decode().splitlines(),
            "cold", "cached", lineterm=""))[:30]) if differing else ""
        assert differing == [], first_difference
        page = (tmp_path / "warm/en/chapter-09/index.html").read_text(encoding="utf-8")
        assert "Secrets Act (edited)" in page and "<!-- edited -->" in page
    finally:
        MEMO.__init__()
