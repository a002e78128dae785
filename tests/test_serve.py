"""`make serve` as an editor uses it: on a chosen port, rebuilt when data or hooks change."""

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
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
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return tmp_path


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_on_a_chosen_port_sees_edits_of_data_and_hooks(project_copy):
    port = free_port()
    serve = subprocess.Popen(
        ["make", "serve", f"PORT={port}"], cwd=project_copy, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
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
