"""The published build: the site of both languages, the PDF of each language, the offline copy.

    make build                                  # = python scripts/build_site.py site

1. ``mkdocs build --strict`` with MANUAL_PDF=true: the site (directory URLs) and
   ``manual-ja.pdf`` / ``manual-en.pdf`` at its root, each typeset in a process of its own
   (``hooks/dism/typeset.py``).
2. At the same time, ``mkdocs build --strict`` with DIRECTORY_URLS=false (``.html`` addresses,
   which open from disk; the clause search loads its index as a script) into a scratch folder;
   the two PDFs are copied in when both builds are done.
3. That folder zipped as ``manual-offline.zip`` at the site's root, under one top folder, with
   entries sorted and dated by the edition, so the same sources give the same archive.

Everything is built in a scratch folder and moves to the site folder only when both strict builds
passed, so a failed ``make build`` (exit 1, every warning with its path:line above the error)
leaves the previous site untouched. The two builds run side by side: the first prints as it goes;
the offline build's output is held and printed when it is done, unless the first build failed (the
offline build then stops, and its warnings would only repeat the first build's).

Step 1 is all ``make serve`` ever does, without the PDFs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from dism.downloads import OFFLINE_ARCHIVE, OFFLINE_FOLDER, pdf_name
from dism.edition import EditionUnknown, edition_date

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def mkdocs_command(site_dir: Path, config_file: Path) -> list[str]:
    """One strict build. Never ``--quiet``: in quiet mode MkDocs drops warnings before ``--strict``
    counts them, so a broken manual would pass."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)]


def mkdocs_builds(site: Path, offline: Path, config_file: Path) -> None:
    """The site with its PDFs and the offline copy, built side by side. The site build's output
    (every warning with its path:line) goes to the terminal as it comes; the offline build's when
    it is done. ``CalledProcessError`` when either build failed."""
    with tempfile.TemporaryFile() as held:
        offline_build = subprocess.Popen(mkdocs_command(offline, config_file), stdout=held, stderr=subprocess.STDOUT,
                                         env={**os.environ, "MANUAL_PDF": "false", "DIRECTORY_URLS": "false"})
        try:
            subprocess.run(mkdocs_command(site, config_file), check=True,
                           env={**os.environ, "MANUAL_PDF": "true", "DIRECTORY_URLS": "true"})
        except BaseException:
            offline_build.kill()
            offline_build.wait()
            raise
        offline_build.wait()
        if offline_build.returncode != 0:
            held.seek(0)
            sys.stdout.buffer.write(held.read())
            sys.stdout.flush()
            raise subprocess.CalledProcessError(offline_build.returncode, offline_build.args)


def pack(folder: Path, archive: Path, date: str) -> None:
    year, month, day = (int(part) for part in date.split("-"))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{OFFLINE_FOLDER}/{path.relative_to(folder).as_posix()}", (year, month, day, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, path.read_bytes())


def build(site_dir: Path, config_file: Path = PROJECT_ROOT / "mkdocs.yml") -> None:
    """Build everything into a scratch folder beside ``site_dir`` and put it in place only when
    every step passed: a failed build leaves ``site_dir`` as it was, never half a manual."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".manual-build-", dir=site_dir.parent) as scratch:
        staged, offline = Path(scratch) / "site", Path(scratch) / "offline"
        mkdocs_builds(staged, offline, config_file)
        for pdf in sorted(staged.glob(pdf_name("*"))):
            shutil.copy2(pdf, offline / pdf.name)
        pack(offline, staged / OFFLINE_ARCHIVE, edition_date(config_file.resolve().parent))
        if site_dir.exists():
            site_dir.rename(Path(scratch) / "previous")
        staged.rename(site_dir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, nargs="?", default=PROJECT_ROOT / "site")
    args = parser.parse_args()
    try:
        build(args.site_dir)
    except subprocess.CalledProcessError:
        print("make build failed: the strict build stopped on the warnings above (each names its file and "
              "line, or the upstream whose contract broke; the README's 'Warnings and how to fix them' says what to "
              "do). site/ (or SITE_DIR) was left as it was.",
              file=sys.stderr)
        return 1
    except EditionUnknown as problem:
        print(f"make build failed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
