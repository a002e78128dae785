"""Two builds of one commit are byte-identical, whatever the day, the time zone or the hash seed.

Both are the session's runs of ``make build`` (published_builds.py), as an editor or CI would run
it: the published build (UTC, hash seed 1, the real clock) and one on a clock moved more than a
year ahead, in another time zone and with another hash seed.
"""

import datetime
import filecmp
import shutil
from pathlib import Path

import pytest
from published_builds import MOVED_CLOCK, YEARS_SEEN


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_two_builds_on_different_days_are_byte_identical(published, published_on_moved_clock):
    site = published_on_moved_clock
    # The build's processes (make build's script and the MkDocs builds it runs) saw the moved clock.
    years = (site.parent / YEARS_SEEN).read_text(encoding="utf-8").split()
    moved = datetime.datetime.now() + datetime.timedelta(seconds=float(MOVED_CLOCK["CLOCK_OFFSET_SECONDS"]))
    assert len(years) >= 3 and set(years) == {str(moved.year)}, years

    files = sorted(p.relative_to(published) for p in published.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert Path("sitemap.xml.gz") in files and Path("search/search_index.json") in files
    _, mismatch, errors = filecmp.cmpfiles(published, site, [str(f) for f in files], shallow=False)
    assert (mismatch, errors) == ([], [])
