"""Build benchmark: how the hooks' cost grows with the size of the manual.

For each size N (default 1,000, 5,000 and 20,000 clauses) a synthetic manual is generated with
``scripts/generate_manual.py`` and built in a subprocess (``mkdocs build --strict``, both
languages) with this project's hooks and with the same configuration minus the hooks. Reported
per N: the median wall time of several runs, the ratio hooks / no hooks, the peak resident memory
of the build process (``os.wait4``), and the time ``mkdocs serve`` takes to rebuild after one
Japanese page is edited (from the write until the log line "Documentation built"; the served
page is checked to show the edit).

The Markdown table is printed and written to ``bench-results/`` (git-ignored); a run of the
default sizes also replaces the results block of ``BENCHMARKS.md``. ``--profile N`` writes a
cProfile reading of the build at N clauses instead (see ``BENCHMARKS.md``). ``--preview N`` times
edit -> preview in ``make serve`` with a headless Chromium connected, N edits on each of three pages.

    make bench                                   # the full benchmark; takes many minutes
    .venv/bin/python scripts/bench.py --sizes 200 --runs 1 --no-serve    # a quick check
    .venv/bin/python scripts/bench.py --profile 20000
    .venv/bin/python scripts/bench.py --preview 4
    .venv/bin/python scripts/bench.py --pdf 1000,5000      # what the PDFs cost per 100 pages as the manual grows
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import math
import os
import platform
import pstats
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generate_manual import NO_HOOKS_CONFIG, _top_level_blocks, generate_manual
from dism.typeset import reported_books

PROJECT_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_SIZES = (1000, 5000, 20000)
RESULTS_DIR = PROJECT_ROOT / "bench-results"
BENCHMARKS_FILE = PROJECT_ROOT / "BENCHMARKS.md"
BLOCK_START = "<!-- bench:results:start (written by scripts/bench.py; edit outside this block) -->"
BLOCK_END = "<!-- bench:results:end -->"
# The targets of the benchmark issue.
MAX_OVERHEAD = 0.10  # the hooks add at most 10% at the largest N
MAX_GROWTH = 20.0  # from 1,000 to 20,000 clauses: at most ~20x time and memory
MAX_PREVIEW = 1.0  # edit -> preview in make serve, median seconds
MAX_PUBLISH = 5.0  # make build (site, PDFs, offline copy) against the site-only build
BUILD_TIMEOUT = 3600
SERVE_TIMEOUT = 3600
# The synthetic manual is not a git clone: its edition date is fixed (see hooks/dism/edition.py).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "SOURCE_DATE_EPOCH": "0"}


def default_runs(clauses: int) -> int:
    return 5 if clauses < 20000 else 3


# ---------------------------------------------------------------------------------------------
# Results and their tables: pure functions of the measurements.
# ---------------------------------------------------------------------------------------------

class HooksAgainstPlain:
    """What a result of alternating builds with and without the hooks reads from its runs."""

    hooks_seconds: list[float]
    plain_seconds: list[float]
    hooks_peak_kib: list[int]
    plain_peak_kib: list[int]

    @property
    def hooks_time(self) -> float:
        return statistics.median(self.hooks_seconds)

    @property
    def plain_time(self) -> float:
        return statistics.median(self.plain_seconds)

    @property
    def ratio(self) -> float:
        return self.hooks_time / self.plain_time

    @property
    def hooks_peak_mib(self) -> float:
        return max(self.hooks_peak_kib) / 1024

    @property
    def plain_peak_mib(self) -> float:
        return max(self.plain_peak_kib) / 1024


@dataclass
class SizeResult(HooksAgainstPlain):
    """The measurements for one size of manual. Times in seconds, memory in KiB."""

    clauses: int
    pages: int  # pages per language
    hooks_seconds: list[float] = field(default_factory=list)
    plain_seconds: list[float] = field(default_factory=list)
    hooks_peak_kib: list[int] = field(default_factory=list)
    plain_peak_kib: list[int] = field(default_factory=list)
    rebuild_seconds: list[float] = field(default_factory=list)

    @property
    def rebuild_time(self) -> float | None:
        return statistics.median(self.rebuild_seconds) if self.rebuild_seconds else None


TABLE_HEADER = (
    "| Clauses | Pages per language | Build with hooks (s) | Build without hooks (s) | Hooks / no hooks "
    "| Peak RSS with hooks (MiB) | Peak RSS without hooks (MiB) | Rebuild in serve after one edit (s) | Runs |"
)


def format_table(results: Sequence[SizeResult]) -> str:
    """The results table: one row per size, medians of the runs, peak memory over the runs."""
    lines = [TABLE_HEADER, "|" + "---:|" * 9]
    for r in results:
        rebuild = f"{r.rebuild_time:.1f}" if r.rebuild_time is not None else "—"
        lines.append(
            f"| {r.clauses:,} | {r.pages:,} | {r.hooks_time:.2f} | {r.plain_time:.2f} | {r.ratio:.2f} "
            f"| {r.hooks_peak_mib:.0f} | {r.plain_peak_mib:.0f} | {rebuild} | {len(r.hooks_seconds)} |"
        )
    return "\n".join(lines)


def format_growth(results: Sequence[SizeResult]) -> str:
    """How each cost grows from the smallest to the largest size ('' for a single size)."""
    if len(results) < 2:
        return ""
    small, large = min(results, key=lambda r: r.clauses), max(results, key=lambda r: r.clauses)

    def factor(a: float, b: float) -> str:
        return f"{b / a:.1f}x" if a > 0 else "—"

    added_small, added_large = small.hooks_time - small.plain_time, large.hooks_time - large.plain_time
    mem_small, mem_large = small.hooks_peak_mib - small.plain_peak_mib, large.hooks_peak_mib - large.plain_peak_mib
    rows = [
        ("Clauses", f"{small.clauses:,}", f"{large.clauses:,}", factor(small.clauses, large.clauses)),
        ("Build with hooks (s)", f"{small.hooks_time:.2f}", f"{large.hooks_time:.2f}", factor(small.hooks_time, large.hooks_time)),
        ("Build without hooks (s)", f"{small.plain_time:.2f}", f"{large.plain_time:.2f}", factor(small.plain_time, large.plain_time)),
        ("Time added by the hooks (s)", f"{added_small:.2f}", f"{added_large:.2f}", factor(added_small, added_large)),
        ("Peak RSS with hooks (MiB)", f"{small.hooks_peak_mib:.0f}", f"{large.hooks_peak_mib:.0f}", factor(small.hooks_peak_mib, large.hooks_peak_mib)),
        ("Peak RSS without hooks (MiB)", f"{small.plain_peak_mib:.0f}", f"{large.plain_peak_mib:.0f}", factor(small.plain_peak_mib, large.plain_peak_mib)),
        ("Memory added by the hooks (MiB)", f"{mem_small:.0f}", f"{mem_large:.0f}", factor(mem_small, mem_large)),
    ]
    if small.rebuild_time and large.rebuild_time:
        rows.append(("Rebuild in serve (s)", f"{small.rebuild_time:.1f}", f"{large.rebuild_time:.1f}",
                     factor(small.rebuild_time, large.rebuild_time)))
    lines = [f"| | {small.clauses:,} clauses | {large.clauses:,} clauses | Growth |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {a} | {b} | {g} |" for name, a, b, g in rows]
    return "\n".join(lines)


def check_targets(results: Sequence[SizeResult]) -> list[tuple[str, bool]]:
    """(statement, met) for each target of the issue that these sizes can test."""
    if not results:
        return []
    small, large = min(results, key=lambda r: r.clauses), max(results, key=lambda r: r.clauses)
    overhead = large.ratio - 1
    checks = [(
        f"At {large.clauses:,} clauses the hooks add {overhead:.0%} to the build without them "
        f"(target: at most {MAX_OVERHEAD:.0%})",
        overhead <= MAX_OVERHEAD,
    )]
    if large.clauses > small.clauses:
        size = large.clauses / small.clauses
        # "~20x for 20x the clauses": the allowed growth scales with the sizes measured.
        allowed = MAX_GROWTH * size / 20
        for name, a, b in (
            ("build time with hooks", small.hooks_time, large.hooks_time),
            ("peak memory with hooks", small.hooks_peak_mib, large.hooks_peak_mib),
        ):
            checks.append((
                f"From {small.clauses:,} to {large.clauses:,} clauses ({size:.0f}x) the {name} grows "
                f"{b / a:.1f}x (target: at most ~{allowed:.0f}x)",
                b / a <= allowed * 1.05,
            ))
    return checks


def format_targets(checks: Sequence[tuple[str, bool]]) -> str:
    return "\n".join(f"- {'met' if met else '**missed**'}: {text}" for text, met in checks)


# ---------------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------------

@dataclass
class BuildRun:
    seconds: float
    peak_kib: int
    returncode: int
    log: str


def timed_build(root: Path, config: str, site_dir: Path, log_file: Path, strict: bool = True,
                env: dict[str, str] | None = None) -> BuildRun:
    """One ``mkdocs build`` (``--strict``) in a subprocess: wall time and the child's peak RSS.
    ``env``: variables set for this build only (``MANUAL_PDF``)."""
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", config, "-d", str(site_dir)]
    with log_file.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**ENV, **(env or {})})
        # wait4 gives the resource usage of this child alone (getrusage(RUSAGE_CHILDREN) would
        # give the largest child so far).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return BuildRun(seconds, usage.ru_maxrss, process.returncode, log_file.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeSession:
    """``mkdocs serve`` on a free localhost port, its log lines collected with arrival times."""

    def __init__(self, root: Path, config: str = "mkdocs.yml", as_make_serve: bool = False,
                 command_for: Callable[[str], list[str]] | None = None, env: dict[str, str] | None = None):
        """``as_make_serve``: run the project's ``scripts/serve.py`` (what ``make serve`` runs);
        ``command_for(address)``: run this command instead."""
        self.port = free_port()
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        address = f"127.0.0.1:{self.port}"
        command = ([sys.executable, "scripts/serve.py", "--dev-addr", address] if as_make_serve
                   else [sys.executable, "-m", "mkdocs", "serve", "-f", config, "-a", address])
        if command_for is not None:
            command = command_for(address)
        self.process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env or ENV, text=True, encoding="utf-8",
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def count(self) -> int:
        with self._lock:
            return len(self.lines)

    def wait_for(self, pattern: str, after: int, timeout: float) -> tuple[float, str]:
        """The first line after line ``after`` matching ``pattern``: (arrival time, line)."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            with self._lock:
                for arrived, line in self.lines[after:]:
                    if regex.search(line):
                        return arrived, line
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited ({self.process.returncode}):\n{self.tail()}")
            time.sleep(0.02)
        raise TimeoutError(f"no line matching {pattern!r} within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, count: int = 20) -> str:
        with self._lock:
            return "\n".join(line for _, line in self.lines[-count:])

    def fetch(self, url_path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url_path}", timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        """Ctrl-C, so serve removes its temporary site; then terminate or kill if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        # Anything the session started and left behind (its own process group).
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._reader.join(timeout=10)
        if self.process.stdout is not None and not self._reader.is_alive():
            self.process.stdout.close()


def edited_page(root: Path) -> Path:
    """The Japanese page in the middle of the manual: the page an editor changes."""
    pages = sorted((root / "docs" / "ja").glob("chapter-*/*.md"))
    return pages[len(pages) // 2]


def measure_serve_rebuilds(root: Path, edits: int = 2) -> list[float]:
    """Seconds from saving an edited Japanese page until serve logs "Documentation built".

    Edits alternate between adding a sentence to the page's first clause and restoring the
    original text, so the manual is unchanged afterwards.
    """
    page = edited_page(root)
    original = page.read_text(encoding="utf-8")
    relative = page.relative_to(root / "docs" / "ja").with_suffix("").as_posix()
    session = ServeSession(root)
    times: list[float] = []
    try:
        session.wait_for(r"Serving on ", 0, SERVE_TIMEOUT)
        time.sleep(1.5)  # let the polling observer take its first snapshot
        for edit in range(edits):
            marker = f"BENCHEDIT{edit}" if edit % 2 == 0 else ""
            text = original.replace("\n\n根拠：", f"\n\n{marker}。\n\n根拠：", 1) if marker else original
            seen = session.count()
            start = time.perf_counter()
            page.write_text(text, encoding="utf-8")
            built, _ = session.wait_for(r"Documentation built in", seen, SERVE_TIMEOUT)
            times.append(built - start)
            served = session.fetch(f"{relative}/")
            if (marker not in served) if marker else ("BENCHEDIT" in served):
                raise RuntimeError(f"the served page {relative}/ does not show edit {edit + 1}")
            time.sleep(1.5)
    finally:
        page.write_text(original, encoding="utf-8")
        session.stop()
    return times


def measure_size(clauses: int, runs: int, out_dir: Path, serve: bool, keep: bool, say=print) -> SizeResult:
    root = out_dir / f"manual-{clauses}"
    made = generate_manual(root, clauses)
    result = SizeResult(clauses=clauses, pages=made.pages)
    say(f"[{clauses:,} clauses] {made.pages} pages per language, {made.references:,} references, "
        f"{made.citations:,} citations, {made.tables:,} tables in {root}")
    alternate_builds(root, runs, result, strict_plain=True, say=say)
    if serve:
        result.rebuild_seconds = measure_serve_rebuilds(root)
        say("  serve rebuilds: " + ", ".join(f"{s:.2f} s" for s in result.rebuild_seconds))
    if not keep:
        for name in ("hooks", "no-hooks"):
            _remove_tree(root / f"site-{name}")
    return result


# ---------------------------------------------------------------------------------------------
# The real manual: hooks against no hooks, edit -> preview in serve, the PDFs and offline copy.
# ---------------------------------------------------------------------------------------------

COPIED = ("mkdocs.yml", "docs", "data", "hooks", "overrides", "scripts")
PREVIEW_EDITS = 7  # one-word edits of a Japanese clause, each undone afterwards
EDITED_CLAUSE = ("chapter-09.md", "9-301")
STALE_NOTICE = "English translation not current"


@dataclass
class ManualResult(HooksAgainstPlain):
    """The project's own manual. Times in seconds, memory in KiB."""

    clauses: int
    hooks_seconds: list[float] = field(default_factory=list)
    plain_seconds: list[float] = field(default_factory=list)
    hooks_peak_kib: list[int] = field(default_factory=list)
    plain_peak_kib: list[int] = field(default_factory=list)
    preview_seconds: list[float] = field(default_factory=list)
    later_preview_seconds: list[float] = field(default_factory=list)
    publish_seconds: float = 0.0  # make build (scripts/build_site.py): site, PDFs, offline copy
    publish_peak_kib: int = 0  # the largest process of make build
    pdf_pages: int = 0

    @property
    def preview_time(self) -> float | None:
        return statistics.median(self.preview_seconds) if self.preview_seconds else None

    @property
    def later_preview_time(self) -> float | None:
        return statistics.median(self.later_preview_seconds) if self.later_preview_seconds else None

    @property
    def publish_ratio(self) -> float:
        """make build against the site-only build."""
        return self.publish_seconds / self.hooks_time


def copy_project(target: Path, names: Sequence[str] = COPIED, source: Path = PROJECT_ROOT) -> Path:
    """A copy of the project's ``names`` (files and folders) in ``target``, emptied first;
    ``source``: another checkout of the project, to compare with."""
    import shutil

    root = source
    _remove_tree(target)
    target.mkdir(parents=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def write_no_hooks_config(root: Path) -> None:
    """The project's configuration minus its hooks (navigation and everything else kept)."""
    config = (PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    kept = [line for key, lines in _top_level_blocks(config) if key != "hooks" for line in lines]
    (root / NO_HOOKS_CONFIG).write_text("\n".join(kept), encoding="utf-8")


def clause_html(page: str, clause_id: str) -> str:
    """The part of a served page from a clause's heading to the next clause heading."""
    start = page.find(f'id="{clause_id}"')
    if start < 0:
        return ""
    end = page.find("<h3", start + 1)
    return page[start:end if end > 0 else len(page)]


def measure_edit_to_preview(root: Path, edits: int = PREVIEW_EDITS, after_other_change: bool = False,
                            say=print) -> list[float]:
    """Seconds from saving a one-word change to a Japanese clause until serve shows it: the
    Japanese page holds the new word and the English page the clause's "not current" notice.
    Serve runs as ``make serve`` runs it (``scripts/serve.py``); each edit is undone
    and the preview allowed to settle before the next.

    Each edit is the first change since the manual's last edition, which changes the "as of" line
    and the print notice of every page; with ``after_other_change`` another clause has been changed
    first, as in an editor's working session, so only the pages that show the clause change."""
    path, clause_id = EDITED_CLAUSE
    page = root / "docs" / "ja" / path
    pristine = page.read_text(encoding="utf-8")
    original = pristine
    if after_other_change:
        other = original.index("### ", original.index(f"### {clause_id} ") + 4)
        other_stop = original.index("。", other)
        original = original[:other_stop] + "（作業中）" + original[other_stop:]
        page.write_text(original, encoding="utf-8")
    heading = original.index(f"### {clause_id} ")
    full_stop = original.index("。", heading)
    address = path.removesuffix(".md") + "/"
    session = ServeSession(root, as_make_serve=True)
    times: list[float] = []

    def fetch_or_empty(url_path: str) -> str:
        try:
            return session.fetch(url_path)
        except OSError:
            return ""

    def shows(word: str | None) -> bool:
        ja = clause_html(fetch_or_empty(address), clause_id)
        en = clause_html(fetch_or_empty("en/" + address), clause_id)
        if word is None:
            return bool(ja) and "BENCH" not in ja and STALE_NOTICE not in en
        return word in ja and STALE_NOTICE in en

    try:
        session.wait_for(r"Serving on ", 0, SERVE_TIMEOUT)
        time.sleep(1.5)  # let the polling observer take its first snapshot
        for edit in range(edits):
            word = f"BENCH{edit}語"
            seen = session.count()
            start = time.perf_counter()
            page.write_text(original[:full_stop] + word + original[full_stop:], encoding="utf-8")
            # The browser reloads when serve logs this; asking for pages while it builds would
            # slow the build (the server shares its process), so they are read after it.
            reloaded, _ = session.wait_for(r"Reloading browsers", seen, SERVE_TIMEOUT)
            deadline = time.monotonic() + SERVE_TIMEOUT
            while not shows(word):
                if time.monotonic() > deadline or session.process.poll() is not None:
                    raise RuntimeError(f"the preview never showed edit {edit + 1}:\n{session.tail()}")
                time.sleep(0.05)
                reloaded = time.perf_counter()
            times.append(reloaded - start)
            page.write_text(original, encoding="utf-8")
            deadline = time.monotonic() + SERVE_TIMEOUT
            while not shows(None):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the preview never showed the undone edit {edit + 1}:\n{session.tail()}")
                time.sleep(0.05)
            time.sleep(1.0)
            say(f"  edit {edit + 1}/{edits}: preview in {times[-1]:.2f} s")
    finally:
        page.write_text(pristine, encoding="utf-8")
        session.stop()
    return times


# ---------------------------------------------------------------------------------------------
# Edit -> preview with a browser connected: edits anywhere in three pages (--preview N).
# ---------------------------------------------------------------------------------------------

PREVIEW_PAGES = ("chapter-01.md", "chapter-09.md", "chapter-15.md")  # the first, a middle and the last chapter
CLAUSE_HEADING = re.compile(r"^### (\S+) ", re.MULTILINE)
# What the browser is asked on every poll: whether the page holds the word, and when the page was
# loaded (epoch milliseconds: the same clock as time.time() on this machine).
BROWSER_PROBE = """
const word = arguments[0];
const navigation = performance.getEntriesByType("navigation")[0];
return {
  present: document.body !== null && document.body.textContent.includes(word),
  start: performance.timeOrigin,
  response: navigation ? performance.timeOrigin + navigation.responseEnd : null,
  interactive: navigation && navigation.domInteractive ? performance.timeOrigin + navigation.domInteractive : null,
};
"""


def clause_ids(markdown: str) -> list[str]:
    """The IDs of a page's clauses, in page order."""
    return CLAUSE_HEADING.findall(markdown)


def spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items evenly spaced from the first to the last (all of them when there are fewer)."""
    if count >= len(items):
        return list(items)
    if count == 1:
        return [items[0]]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def insert_word(markdown: str, clause_id: str, word: str) -> str:
    """``markdown`` with ``word`` inserted before the first full stop of the clause's text."""
    match = re.search(rf"^### {re.escape(clause_id)} .*$", markdown, re.MULTILINE)
    if match is None:
        raise ValueError(f"no clause {clause_id} in the page")
    following = CLAUSE_HEADING.search(markdown, match.end())
    end = following.start() if following else len(markdown)
    full_stop = markdown.find("。", match.end(), end)
    if full_stop < 0:
        raise ValueError(f"clause {clause_id} has no full stop (。) in its text to edit")
    return markdown[:full_stop] + word + markdown[full_stop:]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of them at or below."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = math.ceil(fraction * len(ordered) - 1e-9)  # 0.9 * 10 is 9.000000000000002
    return ordered[min(max(rank, 1), len(ordered)) - 1]


@dataclass
class PreviewEdit:
    """One edit. Seconds from the file write; None where the stage was not seen."""

    page: str
    clause: str
    seconds: float  # until the browser's DOM holds the new text (polled every 20 ms)
    detected: float | None = None  # serve logs "Detected file changes"
    built: float | None = None  # serve logs "Reloading browsers" (the rebuild is done)
    reload_start: float | None = None  # the browser starts loading the page again
    response_end: float | None = None  # the new page has arrived
    dom_interactive: float | None = None  # the browser has parsed it


def format_preview(edits: Sequence[PreviewEdit], loads: Sequence[str], command: str, date: str,
                   site_builds: Sequence[float] = ()) -> str:
    """The per-edit table, then median and 90th percentile per page and overall; the target is met
    when the 90th percentile of all edits is within it."""
    def cell(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "—"

    lines = [
        f"Measured {date} with `{command}`; load average (1/5/15 min) before → after: {' → '.join(loads)}.",
        "",
        "| Page | Clause | Change seen (s) | Rebuilt (s) | Reload starts (s) | Page arrived (s) | Parsed (s) | Text in the DOM (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *[f"| {e.page} | {e.clause} | {cell(e.detected)} | {cell(e.built)} | {cell(e.reload_start)} | "
          f"{cell(e.response_end)} | {cell(e.dom_interactive)} | {e.seconds:.2f} |" for e in edits],
        "",
        "| | Edits | Median (s) | 90th percentile (s) | Slowest (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    groups = [(page, [e.seconds for e in edits if e.page == page]) for page in dict.fromkeys(e.page for e in edits)]
    for name, seconds in [*groups, ("All pages", [e.seconds for e in edits])]:
        lines.append(f"| {name} | {len(seconds)} | {statistics.median(seconds):.2f} | "
                     f"{percentile(seconds, 0.9):.2f} | {max(seconds):.2f} |")
    overall = [e.seconds for e in edits]
    met = percentile(overall, 0.9) <= MAX_PREVIEW
    timed = "text in the browser" if any(e.reload_start is not None for e in edits) else "rebuild done (no browser)"
    if site_builds:
        # The machine is shared: a site build in the same run says how loaded it was.
        build = statistics.median(site_builds)
        lines += ["", f"A site build of the same copy (`mkdocs build --strict`) took "
                  f"{', '.join(f'{s:.2f}' for s in site_builds)} s around the edits: the median edit took "
                  f"{statistics.median(overall) / build:.2f}x the median site build ({build:.2f} s)."]
    lines += ["", f"- {'met' if met else '**missed**'}: edit → {timed}, 90th percentile "
              f"{percentile(overall, 0.9):.2f} s, median {statistics.median(overall):.2f} s "
              f"(target: at most {MAX_PREVIEW:.1f} s)"]
    return "\n".join(lines) + "\n"


def preview_site_build(out_dir: Path) -> float:
    """Seconds of one strict site build of a copy of the project: how loaded the machine is."""
    root = copy_project(out_dir / "preview-build")
    build = timed_build(root, "mkdocs.yml", root / "site", root / "build.log")
    if build.returncode != 0:
        raise RuntimeError(f"the site build of {root} failed:\n{build.log[-3000:]}")
    _remove_tree(root)
    return build.seconds


def measure_preview_in_browser(per_page: int, out_dir: Path, pages: Sequence[str] = PREVIEW_PAGES,
                               with_browser: bool = True, say=print) -> list[PreviewEdit]:
    """``make serve`` (``scripts/serve.py``) of a copy of the project, a headless Chromium on each
    edited page (its livereload script polls the server), and ``per_page`` one-word edits of each
    page's clauses, first to last. Each edit is timed from the file write until the browser's DOM
    holds the word, then undone; the preview settles before the next edit. Every edit is a first
    change since the manual's edition (the slower case: every page's "as of" line changes).
    ``with_browser=False``: the same edits with no browser, timed until serve logs "Reloading
    browsers" (the rebuild alone), to tell the browser's share from the machine's load."""
    # The tests' small WebDriver client, loaded from its file (the tests are not a package).
    spec = importlib.util.spec_from_file_location("webdriver", PROJECT_ROOT / "tests" / "webdriver.py")
    webdriver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(webdriver)
    Browser, WebDriverError, find_browser = webdriver.Browser, webdriver.WebDriverError, webdriver.find_browser

    found = find_browser()
    if found is None and with_browser:
        raise RuntimeError("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    root = copy_project(out_dir / "preview")
    session = ServeSession(root, as_make_serve=True)
    browser = None
    edits: list[PreviewEdit] = []
    originals = {name: (root / "docs" / "ja" / name).read_text(encoding="utf-8") for name in pages}
    # ServeSession stamps log lines with perf_counter; the browser reports the wall clock.
    wall_offset = time.time() - time.perf_counter()

    def probe(word: str) -> dict:
        return browser.script(BROWSER_PROBE, word)

    def showing(word: str) -> dict | None:
        state = probe(word)
        return state if state["present"] else None

    def settled_without(word: str) -> bool:
        return not probe(word)["present"] and browser.script("return document.readyState") == "complete"

    def wait_until(condition, what: str) -> dict:
        deadline = time.monotonic() + 120
        while True:
            try:
                state = condition()
            except WebDriverError:  # the page is being replaced; ask again
                state = None
            if state:
                return state
            if time.monotonic() > deadline or session.process.poll() is not None:
                raise RuntimeError(f"the browser never showed {what}:\n{session.tail()}")
            time.sleep(0.02)

    def logged(pattern: str, seen: int, start: float) -> float | None:
        regex = re.compile(pattern)
        with session._lock:
            for arrived, line in session.lines[seen:]:
                if regex.search(line):
                    return arrived + wall_offset - start
        return None

    try:
        session.wait_for(r"Serving on ", 0, SERVE_TIMEOUT)
        if with_browser:
            browser = Browser(*found, profile=root / "chromium-profile")
        for page_name in pages:
            page = root / "docs" / "ja" / page_name
            original = originals[page_name]
            if browser is None:
                for clause in spread(clause_ids(original), per_page):
                    word = f"BENCH{len(edits)}語"
                    seen = session.count()
                    start = time.time()
                    page.write_text(insert_word(original, clause, word), encoding="utf-8")
                    built = session.wait_for(r"Reloading browsers", seen, SERVE_TIMEOUT)[0] + wall_offset - start
                    edits.append(PreviewEdit(page=page_name.removesuffix(".md"), clause=clause, seconds=built,
                                             detected=logged(r"Detected file changes", seen, start), built=built))
                    say(f"  {edits[-1].page} {clause}: rebuilt in {built:.2f} s (no browser)")
                    seen = session.count()
                    page.write_text(original, encoding="utf-8")
                    session.wait_for(r"Reloading browsers", seen, SERVE_TIMEOUT)
                    time.sleep(1.0)
                continue
            browser.get(f"http://127.0.0.1:{session.port}/{page_name.removesuffix('.md')}/")
            wait_until(lambda: browser.script("return document.readyState") == "complete", f"{page_name}")
            time.sleep(1.5)  # the livereload poll is open and the watcher has its first snapshot
            for clause in spread(clause_ids(original), per_page):
                word = f"BENCH{len(edits)}語"
                text = insert_word(original, clause, word)
                seen = session.count()
                start = time.time()
                page.write_text(text, encoding="utf-8")
                state = wait_until(lambda: showing(word), f"{word} in {clause}")
                seconds = time.time() - start
                edit = PreviewEdit(
                    page=page_name.removesuffix(".md"), clause=clause, seconds=seconds,
                    detected=logged(r"Detected file changes", seen, start),
                    built=logged(r"Reloading browsers", seen, start),
                    reload_start=state["start"] / 1000 - start,
                    response_end=state["response"] / 1000 - start if state["response"] else None,
                    dom_interactive=state["interactive"] / 1000 - start if state["interactive"] else None,
                )
                edits.append(edit)
                say(f"  {edit.page} {clause}: {seconds:.2f} s (rebuilt {edit.built or float('nan'):.2f}, "
                    f"reloaded {edit.reload_start:.2f}, parsed {edit.dom_interactive or float('nan'):.2f})")
                page.write_text(original, encoding="utf-8")
                wait_until(lambda: settled_without(word), f"the undone {word}")
                time.sleep(1.0)
    finally:
        for page_name, original in originals.items():
            (root / "docs" / "ja" / page_name).write_text(original, encoding="utf-8")
        if browser is not None:
            browser.quit()
        session.stop()
    return edits


def profile_preview_rebuild(out_dir: Path, page_name: str = "chapter-09.md", clause: str = "9-901", top: int = 30) -> str:
    """Where a preview's rebuild spends its time: ``mkdocs serve`` (as ``scripts/serve.py`` starts
    it, scratch site in memory) under cProfile, once stopped after its first build and once after
    one edit of ``clause`` is rebuilt; the difference of the two profiles is the rebuild.
    Profiler overhead included (pure-Python loops such as difflib's are slowed least)."""
    import tempfile

    from serve import scratch_parent  # where make serve puts its scratch site

    root = copy_project(out_dir / "preview-profile")
    page = root / "docs" / "ja" / page_name
    original = page.read_text(encoding="utf-8")
    profiles, rebuilt = {}, 0.0
    for name in ("first-build", "edit"):
        output = root / f"{name}.prof"
        with tempfile.TemporaryDirectory(prefix="dism-preview-", dir=scratch_parent()) as scratch:
            def command_for(address: str, output: Path = output) -> list[str]:
                return [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "mkdocs", "serve", "--dev-addr", address,
                        "--watch", "data", "--watch", "hooks", "--watch", "overrides"]

            session = ServeSession(root, command_for=command_for, env={**ENV, "TMPDIR": scratch})
            try:
                session.wait_for(r"Serving on ", 0, SERVE_TIMEOUT)
                time.sleep(1.5)
                if name == "edit":
                    seen, start = session.count(), time.perf_counter()
                    page.write_text(insert_word(original, clause, "BENCH語"), encoding="utf-8")
                    rebuilt = session.wait_for(r"Reloading browsers", seen, SERVE_TIMEOUT)[0] - start
            finally:
                page.write_text(original, encoding="utf-8")
                session.stop()
        profiles[name] = _inclusive(pstats.Stats(str(output)))
    first, edit = profiles["first-build"], profiles["edit"]
    added = sorted(((edit.get(k, (0, 0, 0))[1] - first.get(k, (0, 0, 0))[1], edit.get(k, (0, 0, 0))[0] - first.get(k, (0, 0, 0))[0],
                     edit.get(k, (0, 0, 0))[2] - first.get(k, (0, 0, 0))[2], k) for k in set(first) | set(edit)), reverse=True)
    lines = [f"# One preview rebuild under cProfile: an edit of {clause} in docs/ja/{page_name}", "",
             f"Rebuilt in {rebuilt:.2f} s under the profiler (load average {load_average()}).", "",
             f"## Top {top} functions by inclusive time added by the rebuild", "",
             "| Function | Calls | Inclusive s | Own s |", "|---|---:|---:|---:|"]
    lines += [f"| `{_short(k)}` | {calls} | {cumulative:.2f} | {own:.2f} |" for cumulative, own, calls, k in added[:top]]
    lines += ["", f"## Top {top} by own time", "", "| Function | Calls | Own s |", "|---|---:|---:|"]
    lines += [f"| `{_short(k)}` | {calls} | {own:.2f} |" for _, own, calls, k in sorted(added, key=lambda item: -item[1])[:top]]
    return "\n".join(lines) + "\n"


def project_epoch() -> str:
    """The project's last commit time: the copy of the manual is dated as ``make build`` dates it."""
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    return done.stdout.strip() or ENV["SOURCE_DATE_EPOCH"]


@dataclass
class PublishRun:
    seconds: float
    peak_kib: int  # the largest process of the build (wait4 counts the children it waited for)
    pdf_pages: int
    digests: dict[str, str] = field(default_factory=dict)  # the PDFs' and the offline archive's SHA-256


def timed_publish(root: Path, site_dir: Path, log_file: Path) -> PublishRun:
    """``scripts/build_site.py`` (what ``make build`` runs) of the project copy at ``root``."""
    log_file.parent.mkdir(exist_ok=True)
    command = [sys.executable, "scripts/build_site.py", str(site_dir)]
    with log_file.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                   env={**ENV, "SOURCE_DATE_EPOCH": project_epoch()})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"make build of {root} failed:\n{log_file.read_text(encoding='utf-8')[-3000:]}")
    from pypdf import PdfReader

    import hashlib

    pdfs = sorted(site_dir.glob("manual-*.pdf"))
    pages = sum(len(PdfReader(pdf).pages) for pdf in pdfs)
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in [*pdfs, site_dir / "manual-offline.zip"]}
    return PublishRun(seconds, usage.ru_maxrss, pages, digests)


def load_average() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def measure_publish(rounds: int, out_dir: Path, source: Path = PROJECT_ROOT, say=print) -> str:
    """``make build`` against the site-only build of the project's manual, alternating the two in
    each round so that both see the same load; a Markdown report of every round."""
    root = copy_project(out_dir / "publish", source=source)
    logs = root / "logs"
    logs.mkdir()
    rows = []
    for round_number in range(1, rounds + 1):
        before = load_average()
        site = timed_build(root, "mkdocs.yml", root / "site-only", logs / f"site-{round_number}.log")
        if site.returncode != 0:
            raise RuntimeError(f"the site build of {root} failed:\n{site.log[-3000:]}")
        publish = timed_publish(root, root / "site-published", logs / f"make-build-{round_number}.log")
        rows.append((site.seconds, publish, before, load_average()))
        say(f"  round {round_number}/{rounds}: site {site.seconds:.1f} s, make build {publish.seconds:.1f} s "
            f"({publish.seconds / site.seconds:.1f}x), load {before} -> {rows[-1][3]}")
        _remove_tree(root / "site-only")
        _remove_tree(root / "site-published")
    ratios = [publish.seconds / site for site, publish, _, _ in rows]
    same = all(publish.digests == rows[0][1].digests for _, publish, _, _ in rows)
    lines = [
        "| Round | Site build (s) | `make build` (s) | Ratio | PDF pages | Largest process (MiB) | Load before → after (1/5/15 min) |",
        "|---:|---:|---:|---:|---:|---:|---|",
        *[f"| {n} | {site:.1f} | {publish.seconds:.1f} | {publish.seconds / site:.2f}x | {publish.pdf_pages} | "
          f"{publish.peak_kib / 1024:.0f} | {before} → {after} |"
          for n, (site, publish, before, after) in enumerate(rows, 1)],
        "",
        f"Median ratio {statistics.median(ratios):.2f}x (target: at most {MAX_PUBLISH:.0f}x); "
        f"median site build {statistics.median(r[0] for r in rows):.1f} s, "
        f"median `make build` {statistics.median(r[1].seconds for r in rows):.1f} s. "
        + (f"The PDFs and the offline archive were byte-identical in all {len(rows)} rounds "
           f"({', '.join(f'{name} {digest[:12]}' for name, digest in rows[0][1].digests.items())})."
           if same else "The PDFs or the offline archive DIFFERED between rounds: "
           + "; ".join(str(publish.digests) for _, publish, _, _ in rows)),
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# The PDFs at scale: what typesetting costs per 100 pages as the manual grows.
# ---------------------------------------------------------------------------------------------

@dataclass
class BookCost:
    clauses: int
    language: str
    pages: int
    cpu_seconds: float
    peak_mib: int | None  # the typesetting process (a fork of the build: the build's memory is in it)
    site_seconds: float  # the same manual's build without PDFs, and with them (wall)
    pdf_build_seconds: float
    build_peak_mib: float  # the largest process of the build with PDFs

    @property
    def cpu_per_100_pages(self) -> float:
        return self.cpu_seconds * 100 / self.pages


def measure_pdf_cost(clauses: int, out_dir: Path, say=print) -> list[BookCost]:
    """One generated manual built without and then with its PDFs (``MANUAL_PDF=true``); each
    book's pages, typesetting CPU time and peak memory as the build reports them."""
    root = out_dir / f"manual-{clauses}"
    made = generate_manual(root, clauses)
    say(f"[{clauses:,} clauses] {made.pages} pages per language in {root}")
    runs = {}
    for name, pdf in (("site-only", "false"), ("with-pdf", "true")):
        run = timed_build(root, "mkdocs.yml", root / f"site-{name}", root / f"{name}.log", env={"MANUAL_PDF": pdf})
        if run.returncode != 0:
            raise RuntimeError(f"the build of {root} ({name}) failed:\n{run.log[-3000:]}")
        runs[name] = run
        _remove_tree(root / f"site-{name}")
    books = [BookCost(clauses, book["language"], int(book["pages"]), float(book["cpu"]),
                      int(book["peak"]) if book["peak"] else None, runs["site-only"].seconds,
                      runs["with-pdf"].seconds, runs["with-pdf"].peak_kib / 1024)
             for book in reported_books(runs["with-pdf"].log)]
    for book in books:
        say(f"  [{book.language}] {book.pages} PDF pages, {book.cpu_seconds:.1f} s of CPU "
            f"({book.cpu_per_100_pages:.1f} s per 100 pages), peak {book.peak_mib} MiB")
    return books


def format_pdf_cost(books: Sequence[BookCost], command: str, date: str, loads: Sequence[str]) -> str:
    lines = [
        f"Measured {date}: `{command}` (load average {loads[0]} before, {loads[-1]} after)",
        "",
        "| Clauses | Book | PDF pages | Typesetting CPU (s) | CPU per 100 pages (s) | Peak memory of typesetting (MiB) "
        "| Site build without → with PDFs (s, wall) | Largest process of the build (MiB) |",
        "|---:|---|---:|---:|---:|---:|---|---:|",
        *[f"| {b.clauses:,} | {b.language} | {b.pages:,} | {b.cpu_seconds:.1f} | {b.cpu_per_100_pages:.2f} | "
          f"{b.peak_mib if b.peak_mib is not None else 'n/a'} | {b.site_seconds:.1f} → {b.pdf_build_seconds:.1f} | "
          f"{b.build_peak_mib:.0f} |" for b in books],
    ]
    sizes = sorted({b.clauses for b in books})
    if len(sizes) > 1:
        lines.append("")
        for language in dict.fromkeys(b.language for b in books):
            first, last = (next(b for b in books if b.clauses == n and b.language == language) for n in (sizes[0], sizes[-1]))
            lines.append(f"- [{language}] from {sizes[0]:,} to {sizes[-1]:,} clauses: pages ×{last.pages / first.pages:.2f}, "
                         f"typesetting CPU ×{last.cpu_seconds / first.cpu_seconds:.2f}, CPU per 100 pages "
                         f"×{last.cpu_per_100_pages / first.cpu_per_100_pages:.2f} (1.00 = linear in the pages)")
    return "\n".join(lines) + "\n"


def measure_real_manual(runs: int, out_dir: Path, serve: bool, say=print) -> ManualResult:
    root = copy_project(out_dir / "real-manual")
    write_no_hooks_config(root)
    from dism.manual import ManualPaths, load_manual

    manual = load_manual(ManualPaths(root, root / "docs"))
    result = ManualResult(clauses=len(manual.registries[manual.authoritative].clauses))
    say(f"[the project's manual] {result.clauses} clauses per language in {root}")
    # Without the hooks the manual's own syntax is plain text and its links to clause anchors
    # dangle: that build is not strict.
    alternate_builds(root, runs, result, strict_plain=False, say=say)
    publish = timed_publish(root, root / "site-published", root / "logs" / "make-build.log")
    result.publish_seconds, result.publish_peak_kib, result.pdf_pages = publish.seconds, publish.peak_kib, publish.pdf_pages
    say(f"  make build {publish.seconds:.1f} s ({publish.pdf_pages} PDF pages, largest process "
        f"{publish.peak_kib / 1024:.0f} MiB): {result.publish_ratio:.1f}x the site build")
    if serve:
        say("  edit -> preview, the first change since the edition:")
        result.preview_seconds = measure_edit_to_preview(root, say=say)
        say("  edit -> preview, after another change:")
        result.later_preview_seconds = measure_edit_to_preview(root, after_other_change=True, say=say)
    for name in ("hooks", "no-hooks", "published"):
        _remove_tree(root / f"site-{name}")
    return result


def format_manual(r: ManualResult) -> str:
    def preview_text(seconds: list[float]) -> str:
        if not seconds:
            return "not measured"
        return f"{statistics.median(seconds):.2f} s (median of {len(seconds)}: " + ", ".join(f"{s:.2f}" for s in seconds) + ")"

    rows = [
        ("Clauses per language", f"{r.clauses}"),
        ("Site build with hooks (s, median)", f"{r.hooks_time:.2f} ({', '.join(f'{s:.2f}' for s in r.hooks_seconds)})"),
        ("Same configuration minus the hooks (s, median)", f"{r.plain_time:.2f} ({', '.join(f'{s:.2f}' for s in r.plain_seconds)})"),
        ("Hooks / no hooks", f"{r.ratio:.2f}"),
        ("Peak RSS with / without hooks (MiB)", f"{max(r.hooks_peak_kib) / 1024:.0f} / {max(r.plain_peak_kib) / 1024:.0f}"),
        ("Edit → preview in `make serve`, the first change since the edition", preview_text(r.preview_seconds)),
        ("Edit → preview in `make serve`, a later change", preview_text(r.later_preview_seconds)),
        ("`make build`: site, both PDFs, offline copy (s)", f"{r.publish_seconds:.1f} ({r.pdf_pages} PDF pages; "
                                                            f"largest process {r.publish_peak_kib / 1024:.0f} MiB)"),
        ("`make build` / site build", f"{r.publish_ratio:.1f}x"),
    ]
    return "\n".join(["| The project's manual | |", "|---|---:|", *[f"| {a} | {b} |" for a, b in rows]])


def check_manual_targets(r: ManualResult) -> list[tuple[str, bool]]:
    checks = [(f"On the project's manual the hooks add {r.ratio - 1:.0%} (target: at most {MAX_OVERHEAD:.0%})",
               r.ratio - 1 <= MAX_OVERHEAD)]
    for when, seconds in (("the first change since an edition", r.preview_time), ("a later change", r.later_preview_time)):
        if seconds is not None:
            checks.append((f"Edit → preview of {when} takes {seconds:.2f} s (target: at most {MAX_PREVIEW:.1f} s)",
                           seconds <= MAX_PREVIEW))
    checks.append((f"`make build` takes {r.publish_seconds:.1f} s, {r.publish_ratio:.1f}x the site build "
                   f"(target: at most {MAX_PUBLISH:.0f}x)", r.publish_ratio <= MAX_PUBLISH))
    return checks


def alternate_builds(root: Path, runs: int, result: HooksAgainstPlain, strict_plain: bool, say=print) -> None:
    """``runs`` builds of ``root`` with its hooks (strict) and without them, interleaved so that
    drift of the machine affects both configurations alike; into ``result``."""
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    for run in range(runs):
        for name, config, seconds, peaks, strict in (
            ("hooks", "mkdocs.yml", result.hooks_seconds, result.hooks_peak_kib, True),
            ("no-hooks", NO_HOOKS_CONFIG, result.plain_seconds, result.plain_peak_kib, strict_plain),
        ):
            build = timed_build(root, config, root / f"site-{name}", logs / f"build-{name}-{run + 1}.log", strict)
            if build.returncode != 0:
                raise RuntimeError(f"mkdocs build ({name}) of {root} failed:\n{build.log[-3000:]}")
            seconds.append(build.seconds)
            peaks.append(build.peak_kib)
            say(f"  run {run + 1}/{runs} {name:8s} {build.seconds:7.2f} s  peak {build.peak_kib / 1024:6.0f} MiB")


def _remove_tree(path: Path) -> None:
    import shutil

    if path.exists():
        shutil.rmtree(path)


# ---------------------------------------------------------------------------------------------
# The machine and the report.
# ---------------------------------------------------------------------------------------------

def machine_description() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout.rstrip()
    except (OSError, subprocess.CalledProcessError):
        free = "(free not available)"
    versions = []
    for package in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:  # noqa: BLE001 - a missing package only leaves the line shorter
            pass
    lines = [
        f"- CPU: {cores} cores (`nproc`){f', {model}' if model else ''}",
        f"- OS: {platform.system()} {platform.release()}; Python {platform.python_version()}; {', '.join(versions)}",
        "- Memory (`free -h`):",
        "",
        "```text",
        free,
        "```",
    ]
    return "\n".join(lines)


def report(results: Sequence[SizeResult], machine: str, command: str, date: str,
           manual: ManualResult | None = None) -> str:
    parts = [
        f"Measured {date} with `{command}`.",
        "",
        machine,
        "",
    ]
    if manual is not None:
        parts += [
            format_manual(manual),
            "",
            "Builds alternate between the two configurations; times are medians. Edit → preview is from saving a "
            f"one-word change to clause {EDITED_CLAUSE[1]} of docs/ja/{EDITED_CLAUSE[0]} until the served Japanese "
            "page shows the word and the English page the clause's \"not current\" notice. `make build` is "
            "`scripts/build_site.py` as `make build` runs it (the site with both PDFs, the offline copy, its archive), "
            "once, after the site builds; its memory is that of its largest process.",
            "",
        ]
    parts += [
        format_table(results),
        "",
        "Times are medians of the runs (subprocess wall time, Python start-up included); peak RSS is the "
        "largest over the runs. The serve rebuild is the median of two edits of one Japanese page, from "
        "saving the file until serve logs \"Documentation built\".",
    ]
    growth = format_growth(results)
    if growth:
        parts += ["", growth]
    checks = (check_manual_targets(manual) if manual is not None else []) + check_targets(results)
    parts += ["", format_targets(checks)]
    return "\n".join(parts) + "\n"


def update_benchmarks_file(block: str, path: Path = BENCHMARKS_FILE) -> bool:
    """Replace the results block of BENCHMARKS.md; False when the file or its markers are missing."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    if start < 0 or end < start:
        return False
    path.write_text(text[: start + len(BLOCK_START)] + "\n" + block + text[end:], encoding="utf-8")
    return True


# ---------------------------------------------------------------------------------------------
# Profile: where the time goes at one size.
# ---------------------------------------------------------------------------------------------

def _profile_build(root: Path, config: str, name: str) -> pstats.Stats:
    output = root / f"profile-{name}.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "mkdocs", "build", "--strict",
               "-f", config, "-d", str(root / f"site-profile-{name}")]
    completed = subprocess.run(command, cwd=root, env=ENV, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"profiled build ({name}) failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    _remove_tree(root / f"site-profile-{name}")
    return pstats.Stats(str(output))


def _short(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    for marker in ("site-packages/", str(PROJECT_ROOT) + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = re.sub(r"^.*/lib/python3\.[0-9]+/", "", filename)
    return f"{filename}:{line}({function})"


def _package(filename: str) -> str:
    if str(PROJECT_ROOT / "hooks") in filename:
        return "hooks/ (this project)"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename == "~":
        return "built-ins (C functions such as re, str.join)"
    if filename.startswith("<frozen") or "/lib/python3." in filename:
        return "Python standard library"
    return "other"


def _inclusive(stats: pstats.Stats) -> dict[tuple[str, int, str], tuple[float, float, int]]:
    return {key: (value[2], value[3], value[1]) for key, value in stats.stats.items()}  # type: ignore[attr-defined]


def core_timing(root: Path) -> dict[str, float]:
    """The hooks' own work without MkDocs: load the manual, then render every page both ways."""
    from dism.generated import generators
    from dism.glossary import abbreviations
    from dism.manual import ManualPaths, load_manual
    from dism.notices import page_notices
    from dism.render import RenderContext, add_notices, render_page

    timings: dict[str, float] = {}
    start = time.perf_counter()
    manual = load_manual(ManualPaths(root=root, docs_dir=root / "docs"))
    timings["load_manual (read, parse, check both languages)"] = time.perf_counter() - start
    render = notices = 0.0
    for language in manual.paths.languages:
        for path in manual.pages[language]:
            markdown = (root / "docs" / language / path).read_text(encoding="utf-8")
            start = time.perf_counter()
            ctx = RenderContext(
                language=language, page_path=path, registry=manual.registries[language], sources=manual.sources,
                authorities_path=manual.page_with_directive(language, "authorities"),
                generated=generators(manual), abbreviations=abbreviations(manual.glossary, language),
            )
            rendered = render_page(markdown, ctx)
            middle = time.perf_counter()
            root_href = "../" * (path.count("/") + 1)
            page_notice, clause_notices = page_notices(manual, language, path, root_href)
            add_notices(rendered, clause_notices, page_notice)
            notices += time.perf_counter() - middle
            render += middle - start
    timings["render_page, every page of both languages (clause_links)"] = render
    timings["page_notices + add_notices, every page (translation_sync)"] = notices
    return timings


def profile(clauses: int, out_dir: Path, top: int = 25, say=print) -> str:
    root = out_dir / f"manual-{clauses}"
    made = generate_manual(root, clauses)
    say(f"[profile] {clauses:,} clauses, {made.pages} pages per language in {root}")
    core = core_timing(root)
    say("[profile] core timing done; profiling the build with hooks")
    hooks = _profile_build(root, "mkdocs.yml", "hooks")
    say("[profile] profiling the build without hooks")
    plain = _profile_build(root, NO_HOOKS_CONFIG, "no-hooks")
    return profile_report(clauses, made.pages, core, hooks, plain, top)


def profile_report(clauses: int, pages: int, core: dict[str, float], hooks: pstats.Stats, plain: pstats.Stats,
                   top: int = 25) -> str:
    made_pages = pages
    with_hooks, without = _inclusive(hooks), _inclusive(plain)
    total_h, total_p = hooks.total_tt, plain.total_tt  # type: ignore[attr-defined]

    lines = [f"# Profile of the build at {clauses:,} clauses ({made_pages} pages per language)", ""]
    lines += ["## The hooks' own work, timed without a profiler", "", "| Step | Seconds |", "|---|---:|"]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in core.items()]
    lines += [f"| Total | {sum(core.values()):.2f} |", ""]

    lines += [f"## cProfile: build with hooks {total_h:.1f} s, without {total_p:.1f} s (profiler overhead included)", ""]
    events = [(key, value) for key, value in with_hooks.items()
              if str(PROJECT_ROOT / "hooks") in key[0] and key[2].startswith("on_")]
    lines += ["### Hook event functions (inclusive time)", "", "| Function | Calls | Seconds | Share of build |", "|---|---:|---:|---:|"]
    for key, (_, cumulative, calls) in sorted(events, key=lambda item: -item[1][1]):
        lines.append(f"| `{_short(key)}` | {calls} | {cumulative:.2f} | {cumulative / total_h:.1%} |")
    own = [(key, value) for key, value in with_hooks.items() if str(PROJECT_ROOT / "hooks") in key[0]]
    lines += ["", f"### Top {top} functions of hooks/ by own time", "", "| Function | Calls | Own s | Inclusive s |", "|---|---:|---:|---:|"]
    for key, (own_time, cumulative, calls) in sorted(own, key=lambda item: -item[1][0])[:top]:
        lines.append(f"| `{_short(key)}` | {calls} | {own_time:.2f} | {cumulative:.2f} |")
    by_package: dict[str, list[float]] = {}
    for stats, column in ((with_hooks, 0), (without, 1)):
        for key, (own_time, _, _) in stats.items():
            by_package.setdefault(_package(key[0]), [0.0, 0.0])[column] += own_time
    lines += ["", "### Own time by package (where the time added by the hooks is spent)", "",
              "| Package | With hooks s | Without s | Added s |", "|---|---:|---:|---:|"]
    for package, (a, b) in sorted(by_package.items(), key=lambda item: -(item[1][0] - item[1][1])):
        if max(a, b) >= 0.5:
            lines.append(f"| {package} | {a:.2f} | {b:.2f} | {a - b:+.2f} |")
    differences = []
    for key in set(with_hooks) | set(without):
        a, b = with_hooks.get(key, (0.0, 0.0, 0)), without.get(key, (0.0, 0.0, 0))
        differences.append((a[0] - b[0], a[0], b[0], key))
    differences.sort(key=lambda item: -item[0])
    lines += ["", f"### Top {top} functions by own time added by the hooks (with − without)", "",
              "| Function | With hooks s | Without s | Added s |", "|---|---:|---:|---:|"]
    for added, a, b, key in differences[:top]:
        lines.append(f"| `{_short(key)}` | {a:.2f} | {b:.2f} | {added:+.2f} |")
    interesting = ("markdown/core.py:322(convert)", "mkdocs/structure/pages.py:419(path_to_url)",
                   "material/plugins/search/plugin.py:126(on_page_context)",
                   "mkdocs_static_i18n/reconfigure.py:458(reconfigure_search_duplicates)",
                   "markdown/extensions/abbr.py:128(run)", "mkdocs/commands/build.py:185(_build_page)")
    lines += ["", "### Selected stages, inclusive time", "", "| Function | With hooks s | Without s | Added s |",
              "|---|---:|---:|---:|"]
    for added, a, b, key in sorted(
        ((with_hooks.get(k, (0, 0, 0))[1] - without.get(k, (0, 0, 0))[1], with_hooks.get(k, (0, 0, 0))[1],
          without.get(k, (0, 0, 0))[1], k) for k in set(with_hooks) | set(without) if _short(k) in interesting),
        key=lambda item: -item[1],
    ):
        lines.append(f"| `{_short(key)}` | {a:.2f} | {b:.2f} | {added:+.2f} |")
    lines += ["", f"### Top {top} functions by own time, build with hooks", "", "| Function | Calls | Own s | Inclusive s |", "|---|---:|---:|---:|"]
    for key, (own_time, cumulative, calls) in sorted(with_hooks.items(), key=lambda item: -item[1][0])[:top]:
        lines.append(f"| `{_short(key)}` | {calls} | {own_time:.2f} | {cumulative:.2f} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("give clause counts such as 1000,5000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="clause counts, comma-separated (default 1000,5000,20000)")
    parser.add_argument("--runs", type=int, help="builds per configuration and size (default 5; 3 at 20,000 or more)")
    parser.add_argument("--no-serve", action="store_true", help="skip the rebuild-in-serve measurement")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for manuals and results (default bench-results/)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    parser.add_argument("--no-update", action="store_true", help="do not write the results into BENCHMARKS.md")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the build at N clauses instead")
    parser.add_argument("--no-manual", action="store_true", help="skip the measurements of the project's own manual")
    parser.add_argument("--publish", type=int, metavar="ROUNDS",
                        help="only make build against the site-only build of the project's manual, ROUNDS times")
    parser.add_argument("--preview", type=int, metavar="N",
                        help="only edit -> preview in make serve with a browser connected: N edits on each of "
                             f"{', '.join(PREVIEW_PAGES)}, from the first clause to the last")
    parser.add_argument("--profile-preview", action="store_true",
                        help="only a cProfile reading of one preview rebuild (an edit of 9-901)")
    parser.add_argument("--no-browser", action="store_true",
                        help="with --preview: the same edits with no browser, timed until the rebuild is done")
    parser.add_argument("--pdf", type=parse_sizes, metavar="SIZES",
                        help="only the PDFs' cost at these clause counts (comma-separated, e.g. 1000,5000): "
                             "pages, typesetting CPU per 100 pages and peak memory of each book")
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT,
                        help="with --publish: measure this checkout of the project (default: this one)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")

    if args.publish:
        print(f"make build against the site build of the project's manual in {args.source}, {args.publish} rounds")
        text = f"Measured {datetime.date.today().isoformat()}: `scripts/bench.py --publish {args.publish}`\n\n"
        text += machine_description() + "\n\n" + measure_publish(args.publish, out, args.source.resolve())
        target = out / f"publish-{stamp}.md"
        target.write_text(text, encoding="utf-8")
        print(text)
        print(f"Written to {target}")
        return 0

    if args.pdf:
        print(f"the PDFs of generated manuals of {', '.join(f'{n:,}' for n in args.pdf)} clauses")
        before = load_average()
        books = [book for clauses in args.pdf for book in measure_pdf_cost(clauses, out)]
        text = format_pdf_cost(books, f".venv/bin/python scripts/bench.py --pdf {','.join(map(str, args.pdf))}",
                               datetime.date.today().isoformat(), [before, load_average()])
        target = out / f"pdf-{stamp}.md"
        target.write_text(text, encoding="utf-8")
        print(text)
        print(f"Written to {target}")
        return 0

    if args.preview:
        print(f"edit -> preview in make serve with Chromium connected, {args.preview} edits on each of {len(PREVIEW_PAGES)} pages")
        before = load_average()
        site_builds = [preview_site_build(out)]
        edits = measure_preview_in_browser(args.preview, out, with_browser=not args.no_browser)
        site_builds.append(preview_site_build(out))
        given = f"--preview {args.preview}" + (" --no-browser" if args.no_browser else "")
        text = format_preview(edits, [before, load_average()], f".venv/bin/python scripts/bench.py {given}",
                              datetime.date.today().isoformat(), site_builds)
        target = out / f"preview-{stamp}.md"
        target.write_text(text, encoding="utf-8")
        print(text)
        print(f"Written to {target}")
        return 0

    if args.profile_preview:
        text = profile_preview_rebuild(out)
        target = out / f"profile-preview-{stamp}.md"
        target.write_text(text, encoding="utf-8")
        print(text)
        print(f"Written to {target}")
        return 0

    if args.profile:
        text = profile(args.profile, out)
        target = out / f"profile-{args.profile}-{stamp}.md"
        target.write_text(text, encoding="utf-8")
        print(text)
        print(f"Written to {target}")
        return 0

    manual = None if args.no_manual else measure_real_manual(args.runs or 5, out, serve=not args.no_serve)
    results = []
    for clauses in args.sizes:
        runs = args.runs or default_runs(clauses)
        results.append(measure_size(clauses, runs, out, serve=not args.no_serve, keep=args.keep))
    given = " ".join(sys.argv[1:] if argv is None else argv)
    command = f".venv/bin/python scripts/bench.py {given}" if given else "make bench"
    date = datetime.date.today().isoformat()
    text = report(results, machine_description(), command, date, manual)
    print()
    print(text)
    (out / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    measured = {"manual": asdict(manual) if manual else None, "sizes": [asdict(r) for r in results]}
    (out / f"bench-{stamp}.json").write_text(json.dumps(measured, indent=2), encoding="utf-8")
    print(f"Written to {out / f'bench-{stamp}.md'}")
    full = sorted(args.sizes) == sorted(DEFAULT_SIZES) and args.runs is None and not args.no_serve and not args.no_manual
    if full and not args.no_update:
        if update_benchmarks_file(text):
            print(f"Results block of {BENCHMARKS_FILE.name} updated")
        else:
            print(f"{BENCHMARKS_FILE.name} has no results block; paste the table there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
