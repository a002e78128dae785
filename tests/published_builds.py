"""The session's two runs of `make build` on the project, as users run it (through make), each
started in the background when the session begins, so that they run while the other tests do.

- ``published``: the site, PDFs and offline copy every test of the published output reads, built
  in UTC with hash seed 1 on the real clock.
- ``published_on_moved_clock``: the same commit built again more than a year ahead (the clock
  moved by ``sitecustomize``, found on PYTHONPATH before the standard library), in another time
  zone and with another hash seed. The reproducible-build test compares the two. Each of its
  Python processes notes the year it sees, which shows that the build ran on the moved clock.
"""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
from pathlib import Path

from site_builder import PROJECT_ROOT

PUBLISHED_ENVIRONMENT = {"TZ": "UTC", "PYTHONHASHSEED": "1"}

MOVED_CLOCK = {"CLOCK_OFFSET_SECONDS": str(400 * 86400 + 12345), "TZ": "Asia/Tokyo", "PYTHONHASHSEED": "2"}
MOVED_CLOCK_SHIM = textwrap.dedent(
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
# The file, beside the moved build's site, where its processes note the year they see.
YEARS_SEEN = "years-seen.txt"


class BackgroundBuild:
    """``make build SITE_DIR=<folder>/site`` started at once; ``site()`` waits for it to end."""

    def __init__(self, folder: Path, extra_environment: dict[str, str]):
        self.folder = folder
        self.log = folder / "make-build.log"
        # The build takes its date from the commit, as make sets it, and its address from mkdocs.yml.
        environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "build", f"SITE_DIR={folder / 'site'}"], cwd=PROJECT_ROOT,
                env={**environment, **extra_environment}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def site(self) -> Path:
        """The built site; a failed build fails the caller, with the end of its output."""
        returncode = self.process.wait()
        assert returncode == 0, self.log.read_text(encoding="utf-8", errors="replace")[-5000:]
        return self.folder / "site"

    def stop(self) -> None:
        """End the build and every process it started, when the session ends before it does."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait()


def start_published(folder: Path) -> BackgroundBuild:
    return BackgroundBuild(folder, PUBLISHED_ENVIRONMENT)


def start_published_on_moved_clock(folder: Path) -> BackgroundBuild:
    clock = folder / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(MOVED_CLOCK_SHIM, encoding="utf-8")
    return BackgroundBuild(folder, {**MOVED_CLOCK, "PYTHONPATH": str(clock), "CLOCK_SEEN": str(folder / YEARS_SEEN)})


# Each build by the name of the fixture that gives its site.
BUILDS = {"published": start_published, "published_on_moved_clock": start_published_on_moved_clock}
