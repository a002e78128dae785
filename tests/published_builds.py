"""The session's two runs of `make build` on the project, as users run it (through make), each
started in the background when the session begins, so that they run while the other tests do.

- ``published``: the site, PDFs and offline copy every test of the published output reads, built
  in UTC with hash seed 1 on the real clock.
- ``published_on_moved_clock``: the same commit built again more than a year ahead (the clock
  moved by ``sitecustomize``, found on PYTHONPATH before the standard library), in another time
  zone and with another hash seed. The reproducible-build test compares the two. Each of its
  Python processes notes the year it sees, which shows that the build ran on the moved clock.

``make test`` runs the tests in parallel processes (pytest-xdist). Each build is still made once
per test run: its folder, under the run's folder (``RUN_FOLDER``, made by the process that
started the run), is claimed under a lock by the first process that needs it, and every process
waits for the exit status the build writes when it ends. The process that started the run ends
any build still running when the run ends.

The project's site as `make serve` builds it, and as the offline copy is built, are likewise
built once per run (``built_once_per_run``), in the process that first needs them, while any
other process that needs them waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
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


# The folder of this test run's builds, named in the environment of every process of the run.
RUN_FOLDER = "PUBLISHED_BUILDS_FOLDER"
# In a build's folder: its output, the process group to end, and the exit status, written when it ends.
LOG, PROCESS_GROUP, EXIT_STATUS = "make-build.log", "process-group", "exit-status"
# make build, then its exit status written whole (renamed into place), for any process to read.
RUN_AND_RECORD = 'make --no-print-directory build "SITE_DIR=$1/site"; status=$?; echo $status > "$1/.status" && mv "$1/.status" "$1/{status}"'


class BackgroundBuild:
    """``make build SITE_DIR=<folder>/site`` started at once in ``folder``; any process waits for it
    with ``site()``."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def start(cls, folder: Path, extra_environment: dict[str, str]) -> "BackgroundBuild":
        # The build takes its date from the commit, as make sets it, and its address from mkdocs.yml.
        environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
        with open(folder / LOG, "wb") as log:
            process = subprocess.Popen(
                ["sh", "-c", RUN_AND_RECORD.format(status=EXIT_STATUS), "make-build", str(folder)], cwd=PROJECT_ROOT,
                env={**environment, **extra_environment}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        (folder / PROCESS_GROUP).write_text(str(process.pid), encoding="utf-8")
        # Reaped when it ends, by this process, which started it (any process may wait for it).
        threading.Thread(target=process.wait, daemon=True).start()
        return cls(folder)

    def site(self) -> Path:
        """The built site, once the build has ended; a failed build fails the caller, with the end
        of its output."""
        status = self.folder / EXIT_STATUS
        while not status.exists():
            time.sleep(0.2)
        log = (self.folder / LOG).read_text(encoding="utf-8", errors="replace")
        assert status.read_text(encoding="utf-8").strip() == "0", log[-5000:]
        return self.folder / "site"


@contextlib.contextmanager
def _claimed(name: str) -> Iterator[Path]:
    """The folder of this run's build ``name``, held under its lock (one process at a time)."""
    run = Path(os.environ[RUN_FOLDER])
    with open(run / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield run / name


def shared_build(name: str) -> BackgroundBuild:
    """The build ``name`` of this test run, started by the first process that asks for it."""
    with _claimed(name) as folder:
        if not folder.exists():
            folder.mkdir()
            return BUILDS[name](folder)
    return BackgroundBuild(folder)


def built_once_per_run(name: str, build: Callable[[Path], None]) -> Path:
    """The site ``name``, built into ``<run folder>/<name>/site`` by the first process of the run
    that asks for it while the others wait on its lock. ``build`` raises if the build failed: the
    process that ran it fails with that, and every other process that asks fails with its message."""
    with _claimed(name) as folder:
        outcome = folder / EXIT_STATUS
        if not outcome.exists():
            folder.mkdir(exist_ok=True)
            try:
                build(folder / "site")
            except BaseException as problem:
                outcome.write_text(f"the build failed in another process of this run: {problem}", encoding="utf-8")
                raise
            outcome.write_text("0", encoding="utf-8")
        recorded = outcome.read_text(encoding="utf-8")
    assert recorded == "0", recorded
    return folder / "site"


def stop_unfinished(run: Path) -> None:
    """End every build of the run that is still running (the run ended before it did)."""
    for group in run.glob(f"*/{PROCESS_GROUP}"):
        if not (group.parent / EXIT_STATUS).exists():
            try:
                os.killpg(int(group.read_text(encoding="utf-8")), signal.SIGTERM)
            except ProcessLookupError:
                pass


def start_published(folder: Path) -> BackgroundBuild:
    return BackgroundBuild.start(folder, PUBLISHED_ENVIRONMENT)


def start_published_on_moved_clock(folder: Path) -> BackgroundBuild:
    clock = folder / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(MOVED_CLOCK_SHIM, encoding="utf-8")
    return BackgroundBuild.start(folder, {**MOVED_CLOCK, "PYTHONPATH": str(clock), "CLOCK_SEEN": str(folder / YEARS_SEEN)})


# Each build by the name of the fixture that gives its site.
BUILDS = {"published": start_published, "published_on_moved_clock": start_published_on_moved_clock}
