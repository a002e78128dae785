"""Typesetting the PDF edition with WeasyPrint: each language's book in a process of its own.

WeasyPrint lays out one document on one core, and the books of the two languages do not depend
on each other: typesetting them one after the other kept one core idle for most of ``make
build``. ``Typesetters`` starts a book as soon as its language's pages are rendered (the first
language's while MkDocs still builds the next) and waits for them all at the end of the build.

The PDFs are tagged (structure for screen readers, the document language from ``<html lang>``)
and archival: PDF/A-2a is PDF/A with the tagging of its level A, the one variant WeasyPrint
offers that is both archival and tagged (its PDF/UA variants are not PDF/A).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

try:
    import resource
except ImportError:  # Windows has none: the peak memory is then not reported
    resource = None

PDF_VARIANT = "pdf/a-2a"

# A typesetting process makes no full garbage collection. WeasyPrint's laid-out book lives until it
# is written, and each full collection walks all of it: 15-21 of them took 3.9-5.8 s of a project
# book's 31-37 s of CPU and 11.5 s of a 447-page book's 70 s, and made the cost per page grow with
# the book. The young generations are still collected at Python's defaults; the cyclic garbage that
# reaches the oldest one stays until the process ends: up to 18 % more peak memory on the
# project's books, 21-25 % at 1,000 clauses (BENCHMARKS.md, "The typesetting processes' garbage
# collector"). The third threshold counts collections of the middle generation: a 447-page book
# makes 814, far from 100,000.
TYPESETTING_GC_THRESHOLDS = (700, 10, 100_000)


class PdfEngineMissing(Exception):
    """WeasyPrint or a library it loads (Pango) is not installed."""


@dataclass(frozen=True)
class Typeset:
    """One written PDF: how many pages it has, what the book tried to fetch (and was refused), and
    what typesetting it cost: the CPU time of layout and writing, and the peak resident memory of the
    process that typeset it (a fork of the build, so the build's own memory at the fork is in it)."""

    language: str
    target: str
    pages: int
    refused: tuple[str, ...]
    cpu_seconds: float
    peak_rss_mib: float | None


def load_weasyprint():
    """WeasyPrint, or ``PdfEngineMissing`` naming what is missing. Without Pango, importing it
    raises ``OSError`` (cannot load library …), not ``ImportError``."""
    try:
        import weasyprint
    except (ImportError, OSError) as problem:
        raise PdfEngineMissing(str(problem)) from problem
    return weasyprint


def typeset(language: str, document: str, target: str) -> Typeset:
    """Write the book ``document`` (``dism.book.book_html``) as the PDF ``target``."""
    weasyprint = load_weasyprint()
    started = time.process_time()
    refused: list[str] = []

    def no_network(url: str, *args, **kwargs):
        # The book is self-contained; anything it would fetch is a defect, never a download.
        refused.append(url)
        raise ValueError(f"{url} is not fetched")

    html = weasyprint.HTML(string=document, base_url=str(Path(target).parent), url_fetcher=no_network)
    rendered = html.render(pdf_variant=PDF_VARIANT)
    rendered.write_pdf(target, pdf_variant=PDF_VARIANT)
    peak = peak_rss_mib()
    return Typeset(language, target, len(rendered.pages), tuple(refused), time.process_time() - started, peak)


def peak_rss_mib() -> float | None:
    """The peak resident memory of this process so far, in MiB; None where it cannot be read."""
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


# How the build reports a written book (hooks/downloads.py logs it; scripts/bench.py reads it back).
REPORTED = re.compile(r"\[(?P<language>[\w-]+)\] wrote \S+ \((?P<pages>\d+) PDF pages; typeset in "
                      r"(?P<cpu>[\d.]+) s of CPU(?:, peak memory (?P<peak>\d+) MiB)?\)")


def report(done: Typeset) -> str:
    memory = "" if done.peak_rss_mib is None else f", peak memory {done.peak_rss_mib:.0f} MiB"
    return f"[{done.language}] wrote {done.target} ({done.pages} PDF pages; typeset in {done.cpu_seconds:.1f} s of CPU{memory})"


def reported_books(log: str) -> list[dict]:
    """Each book a build's log reports, as the fields of ``REPORTED``; ``ValueError`` if none."""
    found = [match.groupdict() for match in REPORTED.finditer(log)]
    if not found:
        raise ValueError(f"the build reported no PDF it wrote:\n{log[-3000:]}")
    return found


def _start_worker(prepare: Callable[[], None] | None) -> None:
    gc.set_threshold(*TYPESETTING_GC_THRESHOLDS)
    if prepare is not None:
        prepare()


class Typesetters:
    """Books being typeset in worker processes, at most one per language at a time."""

    def __init__(self, languages: int, prepare: Callable[[], None] | None = None):
        """``prepare``: run once here before the first book, where its exception stops the build,
        and in each worker before it typesets (a spawned worker inherits nothing)."""
        self.languages = languages
        self.prepare = prepare
        self._pool: ProcessPoolExecutor | None = None
        self._running: list[Future] = []

    def start(self, language: str, document: str, target: Path) -> None:
        load_weasyprint()  # a missing engine is reported by the build, before any process starts
        if self._pool is None:
            if self.prepare is not None:
                self.prepare()
            workers = max(1, min(self.languages, os.cpu_count() or 1))
            # Forked workers start at once with WeasyPrint already imported; elsewhere they are spawned.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                             initializer=_start_worker, initargs=(self.prepare,))
        self._running.append(self._pool.submit(typeset, language, document, str(target)))

    def finish(self) -> list[Typeset]:
        """Wait for every book started; the results in the order they were started. A worker's
        exception is raised here."""
        pool, running = self._pool, self._running
        self._pool, self._running = None, []
        try:
            return [future.result() for future in running]
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
