"""Test set-up. The core (dism) and the scripts the tests call are installed into .venv by make
(pyproject.toml); the shared helpers beside this file are found as pytest finds conftest.py."""

import os
import subprocess

import pytest
from site_builder import PROJECT_ROOT, build_site_from
from webdriver import Browser, find_browser


@pytest.fixture(scope="session")
def chromium_paths():
    """``(chromium, chromedriver)``; skipped without them, except under CI=true where it fails."""
    found = find_browser()
    if found is None:
        message = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory, chromium_paths):
    """A headless Chromium for one test module, recording the requests its pages make."""
    session = Browser(*chromium_paths, profile=tmp_path_factory.mktemp("chromium-profile"), record_requests=True)
    yield session
    session.quit()


# The project's manual, each kind of build made once per test session and shared by every test
# that reads it (none of them writes into it).

@pytest.fixture(scope="session")
def project_site(tmp_path_factory):
    """The project's site as `make serve` builds it (directory URLs, no PDFs)."""
    result = build_site_from(PROJECT_ROOT / "mkdocs.yml", tmp_path_factory.mktemp("project") / "site")
    assert result.ok, result.warnings
    return result.site


@pytest.fixture(scope="session")
def project_offline_site(tmp_path_factory):
    """The project's site built to be opened from disk (file://): one .html file per page."""
    result = build_site_from(PROJECT_ROOT / "mkdocs.yml", tmp_path_factory.mktemp("offline") / "site",
                             use_directory_urls=False)
    assert result.ok, result.warnings
    return result.site


# The environment of the published build: a fixed time zone and hash seed (the reproducible-build
# test builds again with others and compares).
PUBLISHED_ENVIRONMENT = {"TZ": "UTC", "PYTHONHASHSEED": "1"}


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The site as `make build` writes it, run through make as users run it (a failed strict
    build fails here, with its output)."""
    site = tmp_path_factory.mktemp("published") / "site"
    environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    done = subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site}"], cwd=PROJECT_ROOT,
                          env={**environment, **PUBLISHED_ENVIRONMENT}, capture_output=True, text=True)
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    return site
