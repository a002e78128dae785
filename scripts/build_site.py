"""The published build: the site of both languages, the PDF of each language, the offline copy.

    make build                                  # = python scripts/build_site.py site

1. ``mkdocs build --strict`` with MANUAL_PDF=true: the site (directory URLs) and
   ``manual-ja.pdf`` / ``manual-en.pdf`` at its root.
2. ``mkdocs build --strict`` with DIRECTORY_URLS=false (``.html`` addresses, which open from
   disk; the clause search loads its index as a script) into a scratch folder, the two PDFs
   copied in.
3. That folder zipped as ``manual-offline.zip`` at the site's root, under one top folder, with
   entries sorted and dated by the edition, so the same sources give the same archive.

Everything is built in a scratch folder and moves to the site folder only when both strict builds
passed, so a failed ``make build`` (exit 1, every warning with its path:line above the error)
leaves the previous site untouched.

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


def mkdocs_build(site_dir: Path, config_file: Path, **environment: str) -> None:
    """One strict build. Never ``--quiet``: in quiet mode MkDocs drops warnings before ``--strict``
    counts them, so a broken manual would pass; its output (every warning with its path:line) goes
    to the terminal as it comes."""
    env = {**os.environ, **environment}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    subprocess.run([*mkdocs, "--config-file", str(config_file), "--site-dir", str(site_dir)], env=env, check=True)


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
        mkdocs_build(staged, config_file, MANUAL_PDF="true", DIRECTORY_URLS="true")
        mkdocs_build(offline, config_file, MANUAL_PDF="false", DIRECTORY_URLS="false")
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
              "line; the README's 'Warnings and how to fix them' says what to do). site/ (or SITE_DIR) was left as it was.",
              file=sys.stderr)
        return 1
    except EditionUnknown as problem:
        print(f"make build failed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
