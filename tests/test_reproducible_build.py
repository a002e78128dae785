"""Two builds of one commit are byte-identical, whatever the day, the time zone or the hash seed.

Each build runs ``make build`` as an editor or CI would, in a process whose clock is moved by
``sitecustomize`` (found on PYTHONPATH before the standard library), so the two builds see
dates more than a year apart.
"""

import filecmp
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from site_builder import PROJECT_ROOT

SHIFTED_CLOCK = textwrap.dedent(
    """\
    import datetime
    import os
    import time

    _offset = float(os.environ["CLOCK_OFFSET_SECONDS"])
    _real_time = time.time
    time.time = lambda: _real_time() + _offset


    class _ShiftedDateTime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(time.time(), tz)

        @classmethod
        def utcnow(cls):
            return datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return cls.now()


    class _ShiftedDate(datetime.date):
        @classmethod
        def today(cls):
            return datetime.date.fromtimestamp(time.time())


    datetime.datetime = _ShiftedDateTime
    datetime.date = _ShiftedDate
    """
)

CLOCKS = (
    {"CLOCK_OFFSET_SECONDS": "0", "TZ": "UTC", "PYTHONHASHSEED": "1"},
    {"CLOCK_OFFSET_SECONDS": str(400 * 86400 + 12345), "TZ": "Asia/Tokyo", "PYTHONHASHSEED": "2"},
)


@pytest.fixture(scope="module")
def clock_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clock")
    (folder / "sitecustomize.py").write_text(SHIFTED_CLOCK, encoding="utf-8")
    return folder


def environment(clock_dir: Path, clock: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    return {**env, **clock, "PYTHONPATH": str(clock_dir)}


def test_the_clock_is_really_moved(clock_dir):
    years = [
        subprocess.run([sys.executable, "-c", "import datetime; print(datetime.datetime.now().year)"],
                       env=environment(clock_dir, clock), capture_output=True, text=True, check=True).stdout
        for clock in CLOCKS
    ]
    assert int(years[1]) > int(years[0])


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_two_builds_on_different_days_are_byte_identical(clock_dir, tmp_path):
    sites = []
    for index, clock in enumerate(CLOCKS):
        site = tmp_path / f"site-{index}"
        done = subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site}"], cwd=PROJECT_ROOT,
                              env=environment(clock_dir, clock), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        sites.append(site)
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert Path("sitemap.xml.gz") in files and Path("search/search_index.json") in files
    _, mismatch, errors = filecmp.cmpfiles(sites[0], sites[1], [str(f) for f in files], shallow=False)
    assert (mismatch, errors) == ([], [])
