"""Test set-up: the pure core is imported from hooks/, as the hooks themselves import it."""

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
for folder in (PROJECT_ROOT / "hooks", PROJECT_ROOT / "scripts", PROJECT_ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


import os  # noqa: E402

import pytest  # noqa: E402
from webdriver import find_browser  # noqa: E402


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
