"""Test set-up. The core (dism) and the scripts the tests call are installed into .venv by make
(pyproject.toml); the shared helpers beside this file are found as pytest finds conftest.py."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from published_builds import BUILDS, RUN_FOLDER, built_once_per_run, shared_build, stop_unfinished
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

def _strict_build(site: Path, **overrides) -> None:
    result = build_site_from(PROJECT_ROOT / "mkdocs.yml", site, **overrides)
    assert result.ok, result.warnings


@pytest.fixture(scope="session")
def project_site():
    """The project's site as `make serve` builds it (directory URLs, no PDFs), built once per test
    run however many processes run the tests."""
    return built_once_per_run("project_site", _strict_build)


@pytest.fixture(scope="session")
def project_offline_site():
    """The project's site built to be opened from disk (file://): one .html file per page."""
    return built_once_per_run("project_offline_site", lambda site: _strict_build(site, use_directory_urls=False))


# The session's runs of `make build` (published_builds.py) start in the background when the first
# test begins; the modules that read them run last, so that the builds run meanwhile.

def _is_worker(config) -> bool:
    """A process pytest-xdist started to run some of the tests."""
    return hasattr(config, "workerinput")


def pytest_configure(config):
    # The process that starts the run (alone, or with pytest-xdist's workers) makes the folder of
    # its builds; the workers it starts inherit its name.
    if not _is_worker(config):
        os.environ[RUN_FOLDER] = tempfile.mkdtemp(prefix="published-builds-")


def pytest_unconfigure(config):
    if not _is_worker(config) and RUN_FOLDER in os.environ:
        run = Path(os.environ.pop(RUN_FOLDER))
        stop_unfinished(run)
        shutil.rmtree(run, ignore_errors=True)


def _builds_read_by(item) -> set[str]:
    return {name for name in BUILDS if name in item.fixturenames}


def pytest_collection_modifyitems(session, config, items):
    """Modules that read a published build move to the end, each kept whole (its module fixtures
    are made once)."""
    late_modules = {item.module for item in items if _builds_read_by(item)}
    items[:] = [item for item in items if item.module not in late_modules] + \
               [item for item in items if item.module in late_modules]


@pytest.fixture(scope="session", autouse=True)
def _published_builds(request):
    """Start each build that a selected test reads, at once, side by side (once per run: the first
    process of the run that gets here starts it)."""
    wanted = set().union(*map(_builds_read_by, request.session.items))
    return {name: shared_build(name) for name in sorted(wanted)}


@pytest.fixture(scope="session")
def published(_published_builds):
    """The site as `make build` writes it, run through make as users run it (a failed strict
    build fails here, with its output)."""
    return _published_builds["published"].site()


@pytest.fixture(scope="session")
def published_on_moved_clock(_published_builds):
    """The same commit's `make build` on a clock moved a year ahead, in another time zone, with
    another hash seed."""
    return _published_builds["published_on_moved_clock"].site()
