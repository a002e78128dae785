"""The published build: the site of both languages, the PDF of each language, the offline copy.

    make build                                  # = python scripts/build_site.py site

1. ``mkdocs build --strict`` with MANUAL_PDF=true: the site (directory URLs) and
   ``manual-ja.pdf`` / ``manual-en.pdf`` at its root.
2. ``mkdocs build --strict`` with DIRECTORY_URLS=false (``.html`` addresses, which open from
   disk; the clause search loads its index as a script) into a scratch folder, the two PDFs
   copied in.
3. That folder zipped as ``manual-offline.zip`` at the site's root, under one top folder, with
   entries sorted and dated by the edition, so the same sources give the same archive.

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

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT / "hooks"))

from dism.downloads import OFFLINE_ARCHIVE, pdf_name  # noqa: E402
from dism.edition import edition_date  # noqa: E402

ARCHIVE_FOLDER = "manual-offline"


def mkdocs_build(site_dir: Path, config_file: Path, **environment: str) -> None:
    env = {**os.environ, **environment}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    subprocess.run([*mkdocs, "--config-file", str(config_file), "--site-dir", str(site_dir)], env=env, check=True)


def pack(folder: Path, archive: Path, date: str) -> None:
    year, month, day = (int(part) for part in date.split("-"))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{ARCHIVE_FOLDER}/{path.relative_to(folder).as_posix()}", (year, month, day, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, path.read_bytes())


def build(site_dir: Path, config_file: Path = PROJECT_ROOT / "mkdocs.yml") -> None:
    site_dir = site_dir.resolve()
    mkdocs_build(site_dir, config_file, MANUAL_PDF="true", DIRECTORY_URLS="true")
    with tempfile.TemporaryDirectory(prefix="manual-offline-") as scratch:
        offline = Path(scratch) / "site"
        mkdocs_build(offline, config_file, MANUAL_PDF="false", DIRECTORY_URLS="false")
        for pdf in sorted(site_dir.glob(pdf_name("*"))):
            shutil.copy2(pdf, offline / pdf.name)
        pack(offline, site_dir / OFFLINE_ARCHIVE, edition_date(config_file.resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, nargs="?", default=PROJECT_ROOT / "site")
    args = parser.parse_args()
    try:
        build(args.site_dir)
    except subprocess.CalledProcessError as failure:
        print(f"build failed: {' '.join(failure.cmd[2:5])} exited with {failure.returncode}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
