"""Two builds of one commit are byte-identical, whatever the day, the time zone or the hash seed.

Each build runs ``make build`` as an editor or CI would. The first is the test session's published
build (UTC, hash seed 1, the real clock); the second runs in processes whose clock is moved by
``sitecustomize`` (found on PYTHONPATH before the standard library) more than a year ahead, in
another time zone and with another hash seed. The moved processes note the year they see, which
shows that the build itself ran on the moved clock.
"""

import datetime
import filecmp
import os
import shutil
import subprocess
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
    # Each Python process of the build notes the year it sees.
    with open(os.environ["CLOCK_SEEN"], "a", encoding="utf-8") as seen:
        seen.write(f"{datetime.datetime.now().year}\\n")
    """
)
SHIFTED = {"CLOCK_OFFSET_SECONDS": str(400 * 86400 + 12345), "TZ": "Asia/Tokyo", "PYTHONHASHSEED": "2"}


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_two_builds_on_different_days_are_byte_identical(published, tmp_path):
    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(SHIFTED_CLOCK, encoding="utf-8")
    seen = tmp_path / "years-seen.txt"
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    site = tmp_path / "site"
    done = subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site}"], cwd=PROJECT_ROOT,
                          env={**environment, **SHIFTED, "PYTHONPATH": str(clock), "CLOCK_SEEN": str(seen)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    # The build's processes (make build's script and the MkDocs builds it runs) saw the moved clock.
    years = seen.read_text(encoding="utf-8").split()
    moved = datetime.datetime.now() + datetime.timedelta(seconds=float(SHIFTED["CLOCK_OFFSET_SECONDS"]))
    assert len(years) >= 3 and set(years) == {str(moved.year)}, years

    files = sorted(p.relative_to(published) for p in published.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert Path("sitemap.xml.gz") in files and Path("search/search_index.json") in files
    _, mismatch, errors = filecmp.cmpfiles(published, site, [str(f) for f in files], shallow=False)
    assert (mismatch, errors) == ([], [])
