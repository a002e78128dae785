"""`make serve` as an editor uses it: on a chosen port, rebuilt when data or hooks change."""

import difflib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from site_builder import MAKE_FILES, SOURCES, STORAGE_EN, STORAGE_JA, copy_project, write_project
from webdriver import free_port



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
    return copy_project(tmp_path / "project", (*MAKE_FILES, "docs", "data", "mkdocs.yml"))


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_on_a_chosen_port_sees_edits_of_data_hooks_and_schemas(tmp_path):
    root = write_project(tmp_path / "project", STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})
    port = free_port()
    scratch = tmp_path / "scratch"  # where the preview writes its copy of the site
    scratch.mkdir()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        serve = subprocess.Popen(
            ["make", "serve", f"PORT={port}"], cwd=root, start_new_session=True,
            stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
        )
    try:
        page = f"http://127.0.0.1:{port}/en/chapter-09/"
        assert wait_until(lambda: "SDS Act" in fetch(page)), "make serve did not serve on the chosen port"

        replace_in(root / "data/sources.yml", "short: SDS Act", "short: Secrets Act (edited)")
        assert wait_until(lambda: "Secrets Act (edited)" in fetch(page)), "an edit of data/ was not seen"

        replace_in(root / "hooks/dism/texts.py", '"cited_by": "Referenced by"', '"cited_by": "Cited from"')
        assert wait_until(lambda: "Cited from" in fetch(page)), "an edit of hooks/ was not seen"

        # The data files' schemas are read once per process: an edit restarts the preview too.
        replace_in(root / "hooks/dism/schemas/sources.schema.json", '"law", ', '"statute", ')
        assert wait_until(lambda: "data/sources.yml:2" in log.read_text(encoding="utf-8")), \
            "an edit of a schema was not seen:\n" + log.read_text(encoding="utf-8")[-3000:]
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
        # The renamed short name is no longer the agreed English name: exactly those warnings.
        assert not warm.ok and warm.warnings, "the edit of the registry went unseen"
        assert all(w.startswith("translation_sync:") and "'sds-act'" in w for w in warm.warnings), warm.warnings
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


def test_a_warning_is_shown_on_every_rebuild_also_after_a_rebuild_that_converted_no_page(tmp_path):
    """In `make serve`, a page whose conversion logs a warning is never kept, so the warning shows
    on every rebuild, also after rebuilds in which every page came from the cache."""
    from mkdocs.config import load_config
    from site_builder import build_site_from

    from dism.build_cache import MEMO

    root = write_project(tmp_path / "project", STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})
    config_file = root / "mkdocs.yml"
    plugins = load_config(str(config_file)).plugins
    try:
        MEMO.__init__()
        plugins.on_startup(command="serve", dirty=False)
        site = tmp_path / "site"  # one folder, as the preview rebuilds into its scratch site
        for _ in range(3):  # the second and third rebuilds convert no page
            assert build_site_from(config_file, site).ok
        replace_in(root / "docs/en/chapter-09.md", "Store secrets.", "Store secrets ([form](missing.md)).")
        missing = "Doc file 'en/chapter-09.md' contains a link 'missing.md'"
        for run in range(3, 5):
            rebuilt = build_site_from(config_file, site)
            assert not rebuilt.ok and any(missing in warning for warning in rebuilt.warnings), (run, rebuilt.warnings)
    finally:
        plugins.on_shutdown()
        MEMO.__init__()
