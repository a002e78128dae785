"""The manual on the next ground: for each requirement set named (``requirements-<set>.txt``,
installed by make in ``.venv-<set>``), the strict build of the real manual on the set's command
line, then the tests that exercise the hooks, Material's templates and scripts, and static-i18n.

    make test-stacks                       # every set of STACKS in the Makefile
    .venv/bin/python scripts/test_stacks.py properdocs

The sets run side by side (one per core), each in its own process; a set's test output is shown
when it fails. A set whose build or tests fail fails the whole run (exit 1), after every set has run. So does a
warning that a passing strict build printed but did not count (one logged before the build
started), unless it is listed in KNOWN_WARNINGS with the reason it does no harm.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# The tests run on each set: the core installed as a package, small sites through every hook (links, citations, sync, editions,
# generated pages), the command line's strict mode, the real manual's pages, and in Chromium the
# language switcher (the forked alternate.html) and the search (Material's search worker protocol).
TESTS = ["tests/test_packaging.py", "tests/test_engine_cli.py", "tests/test_site_builds.py",
         "tests/test_project_site.py", "tests/test_upstream_contracts.py", "tests/test_browser.py"]
BROWSER_TESTS = "switcher or search or other_hosts or failed_request"

# Warnings a set prints outside the build's count, each known and harmless.
KNOWN_WARNINGS = {
    # static-i18n reads the lunr languages from the files of the MkDocs distribution, which the
    # ProperDocs set has not; it then takes its own list (with ja and en), and the manual replaces
    # Material's search with its own clause search anyway.
    "properdocs": ["mkdocs_static_i18n: Unable to detect lunr languages from mkdocs distribution"],
}
WARNING_LINE = re.compile(r"^WARNING\s+-\s+(.*)$", re.MULTILINE)
PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n")


def versions(python: Path) -> str:
    script = ("from importlib.metadata import version, PackageNotFoundError\n"
              f"for name in {PACKAGES!r}:\n"
              "    try: print(f'{name} {version(name)}')\n"
              "    except PackageNotFoundError: pass\n")
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True)
    return ", ".join(done.stdout.split("\n")[:-1])


def engine(venv: Path) -> str:
    """The command line that builds: ProperDocs where the set has it (in place of MkDocs)."""
    return "properdocs" if (venv / "bin/properdocs").exists() else "mkdocs"


def run_set(name: str) -> tuple[bool, list[str]]:
    """Build and test one set; returns (passed, lines of its summary)."""
    venv = PROJECT_ROOT / f".venv-{name}"
    python = venv / "bin/python"
    if not (venv / ".installed-requirements").exists():
        return False, [f"{name}: .venv-{name} is not installed (make .venv-{name}/.installed-requirements)"]
    summary = [f"{name}: {versions(python)}"]
    passed = True

    with tempfile.TemporaryDirectory(prefix=f"stack-{name}-") as scratch:
        # ProperDocs looks for properdocs.yml first and asks for mkdocs.yml to be passed with -f.
        command = [str(python), "-m", engine(venv), "build", "--strict", "-f", "mkdocs.yml", "-d", scratch]
        started = time.monotonic()
        build = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
    output = build.stdout + build.stderr
    unknown = [line for line in WARNING_LINE.findall(output)
               if not any(known in line for known in KNOWN_WARNINGS.get(name, ()))]
    if build.returncode != 0:
        passed = False
        summary.append(f"  strict build of the manual FAILED ({seconds:.0f} s):\n{output[-4000:]}")
    elif unknown:
        passed = False
        summary.append(f"  strict build passed but printed warnings it did not count ({seconds:.0f} s):")
        summary += [f"    {line}" for line in unknown]
    else:
        summary.append(f"  strict build of the manual ({engine(venv)} build --strict): passed in {seconds:.0f} s")

    started = time.monotonic()
    tests = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS,
                            "-k", f"not test_browser or {BROWSER_TESTS}"],
                           cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    closing = (tests.stdout.strip().splitlines() or ["(no output)"])[-1]
    if tests.returncode != 0:
        passed = False
        summary.append(f"  tests FAILED (pytest exit {tests.returncode}, {seconds:.0f} s):\n{tests.stdout[-8000:]}{tests.stderr[-2000:]}")
    else:
        summary.append(f"  tests ({', '.join(TESTS)}): {closing}")
    return passed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="requirement sets: requirements-<set>.txt in .venv-<set>")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.monotonic()
    print(f"test-stacks: {', '.join(args.sets)}", flush=True)
    with ThreadPoolExecutor(max_workers=min(len(args.sets), os.cpu_count() or 1)) as pool:
        results = list(pool.map(run_set, args.sets))
    print(f"test-stacks: {time.monotonic() - started:.0f} s")
    for _, summary in results:
        print("\n".join(summary))
    return 0 if all(passed for passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
