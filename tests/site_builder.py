"""Real MkDocs builds of small bilingual sites in temporary folders, with the project's hooks."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import re
import shutil
import subprocess
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import mkdocs  # noqa: F401
except ModuleNotFoundError:
    # ProperDocs in place of MkDocs (requirements-properdocs.txt): it answers every mkdocs.* import.
    import properdocs.replacement  # noqa: F401
    # static-i18n warns once, on import, that it cannot list the lunr languages of the MkDocs
    # distribution (there is none), and takes its own list, which holds ja and en: imported here,
    # its one warning goes to the log before any build (MAINTAINING.md).
    import mkdocs_static_i18n.reconfigure  # noqa: F401
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The package that builds: "mkdocs", or "properdocs" answering the mkdocs.* imports. Its logger
# is the one strict mode counts.
ENGINE = build.__module__.partition(".")[0]

CONFIG = """\
site_name: Test manual
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: ja
  font: false
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - {{locale: ja, default: true, name: 日本語, build: true}}
        - {{locale: en, name: English, build: true}}
hooks:
  - {hooks}/clause_links.py
  - {hooks}/translation_sync.py
  - {hooks}/edition_history.py
  - {hooks}/reader_pages.py
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
"""


@dataclass
class BuildResult:
    ok: bool
    warnings: list[str]
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def page_unwrapped(self, path: str) -> str:
        """The page without the reading-aid spans (clause IDs kept on one line, Japanese marked in
        English pages), for tests about other markup."""
        return unwrapped(self.page(path))


READING_AID_SPAN = re.compile(r'<span (?:class="clause-id"|lang="ja")>(.*?)</span>')


def unwrapped(html: str) -> str:
    return READING_AID_SPAN.sub(r"\1", html)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_site(root: Path, ja: dict[str, str], en: dict[str, str], data: dict[str, str] | None = None) -> Path:
    (root / "mkdocs.yml").write_text(CONFIG.format(hooks=(PROJECT_ROOT / "hooks").as_posix()), encoding="utf-8")
    for language, pages in (("ja", ja), ("en", en)):
        for path, text in pages.items():
            file = root / "docs" / language / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (data or {}).items():
        file = root / "data" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


# The one source that the small sites' clauses cite (every clause names its basis).
SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
"""

# A small manual: one section of two clauses, the second referring to the first.
STORAGE_JA = {
    "index.md": "# ホーム\n\n本マニュアルの案内。\n",
    "chapter-09.md": "# 第9章\n\n## 第3節 保管 {#section-9-3}\n\n### 9-301 保管\n\n秘密を保管する。\n\n"
                     "根拠：[[@sds-act 5]]\n\n### 9-302 施錠\n\n施錠する。（9-301参照）\n\n根拠：[[@sds-act 5]]\n",
}
STORAGE_EN = {
    "index.md": "# Home\n\nAbout this manual.\n",
    "chapter-09.md": "# Chapter 9\n\n## Section 3 Storage {#section-9-3}\n\n### 9-301 Storage\n\nStore secrets.\n\n"
                     "Basis: [[@sds-act 5]]\n\n### 9-302 Locking\n\nLock it. (see 9-301)\n\nBasis: [[@sds-act 5]]\n",
}


def lock_for(ja_pages: dict[str, str]) -> str:
    """A translation lock that marks every English clause of ``ja_pages`` current."""
    from dism.clauses import parse_page
    from dism.sync import fingerprint, format_lock

    entries = {}
    for path, text in ja_pages.items():
        for clause in parse_page(textwrap.dedent(text), path, path).clauses:
            entries[clause.id] = fingerprint(clause)
    return format_lock(entries)


def hook_warnings(result: "BuildResult") -> list[str]:
    """The warnings of the project's clause and sync hooks (not MkDocs' own)."""
    return [w for w in result.warnings if w.startswith(("clause_links:", "translation_sync:"))]


# What the README's make commands need from the project besides docs/ and data/.
MAKE_FILES = ("Makefile", "requirements.txt", "pyproject.toml", "hooks", "overrides", "scripts")


def project_config_without_nav() -> str:
    """The project's mkdocs.yml (every hook, extension and setting) without its navigation, so that
    a small site's pages are listed as MkDocs finds them."""
    config = (PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head, nav = config.split("\nnav:\n", 1)
    assert all(not line or line.startswith(" ") for line in nav.splitlines()), "nav: is no longer the last key"
    return head + "\n"


def copy_project(root: Path, names: tuple[str, ...] = MAKE_FILES) -> Path:
    """A copy of the project's ``names`` (files and folders) in ``root``, with the project's .venv,
    where the README's make commands run. Skipped where .venv was not made by make."""
    stamp = PROJECT_ROOT / ".venv/.installed-requirements"
    if not stamp.exists():
        import pytest

        pytest.skip("run through make, which creates .venv")
    # An out-of-date .venv would be installed again by make in the copy, and the core installed
    # editable from the copy, which is deleted after the test.
    assert all(stamp.stat().st_mtime >= (PROJECT_ROOT / name).stat().st_mtime for name in ("requirements.txt", "pyproject.toml")), \
        ".venv is older than requirements.txt or pyproject.toml: run make test (it installs .venv again)"
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return root


def write_project(root: Path, ja: dict[str, str], en: dict[str, str], data: dict[str, str] | None = None) -> Path:
    """A small site laid out as this project is, where the README's make commands run as users run
    them: the project's Makefile, scripts, hooks, overrides and configuration, its .venv."""
    copy_project(root)
    write_site(root, ja, en, data)
    (root / "mkdocs.yml").write_text(project_config_without_nav(), encoding="utf-8")
    return root


def run_make(root: Path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """``make ARGS`` in ``root``, as a user types it; output captured, exit code not checked."""
    return subprocess.run(["make", "--no-print-directory", *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **environment}, check=False)


def build_site(root: Path, strict: bool = True) -> BuildResult:
    """Build a site written by ``write_site`` like ``mkdocs build [--strict]``."""
    return build_site_from(root / "mkdocs.yml", root / "site", strict)


def build_site_from(config_file: Path, site_dir: Path, strict: bool = True, **overrides) -> BuildResult:
    """Build a project into ``site_dir`` and collect every warning logged under the engine's
    logger. ``overrides`` replace settings of the config file (``use_directory_urls=False``)."""
    collector = _Collect()
    logger = logging.getLogger(ENGINE)
    if ENGINE != "mkdocs":
        # As ProperDocs' command line does: plugins that log under mkdocs.* count in strict mode.
        logging.getLogger("mkdocs").parent = logger
    logger.addHandler(collector)
    try:
        config = load_config(str(config_file), strict=strict, site_dir=str(site_dir), **overrides)
        build(config)
        ok = True
    except Abort:
        ok = False
    finally:
        logger.removeHandler(collector)
    return BuildResult(ok, collector.messages, site_dir)


HELD_BACK_SECONDS = 3


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder at ``prefix``; every other path is a 404, as on a server that hosts the
    manual beside other content."""

    def __init__(self, *args, prefix: str = "/", held_back: tuple[str, ...] = (), **kwargs):
        self.prefix = prefix
        self.held_back = held_back
        super().__init__(*args, **kwargs)

    def do_GET(self):
        # As a slow network would: these files answer only after a while.
        if any(part in self.path for part in self.held_back):
            time.sleep(HELD_BACK_SECONDS)
        super().do_GET()

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory: Path, under: str = "/", held_back: tuple[str, ...] = ()):
    """Serve a built site at ``under`` (a path such as "/dism/") on a free localhost port; yields
    the server's base URL (no trailing slash, without ``under``). Files whose path contains one of
    ``held_back`` are answered HELD_BACK_SECONDS late."""
    handler = functools.partial(_QuietHandler, directory=str(directory), prefix=under, held_back=held_back)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
