"""Fast previews: in ``mkdocs serve``, see a save sooner and keep what did not change from one
rebuild to the next.

MkDocs polls the watched folders for changes every half second; here every tenth of a second
(still polling, which works on every file system, network shares included), and it rebuilds
after 0.05 s without further changes instead of 0.1 s.

Kept (see ``dism/build_cache.py``): compiled Jinja templates, and each page's Markdown-to-HTML
conversion, keyed by the page's final Markdown (after every hook has written links, notices and
generated content into it) and by the site's file list and configuration. A cached page is
converted from an empty text and what the conversion set is put back (``upstream.mkdocs_adapter``:
MkDocs' events allow no other way to skip a conversion). A page whose conversion logged a warning is
never kept, so the warning is shown on every rebuild. ``mkdocs build`` keeps nothing.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

import upstream
from dism.build_cache import MEMO, digest
from upstream import mkdocs_adapter


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory. Jinja checks each template's source against the kept code,
    so an edited override is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


# One per serving process, attached to MkDocs' logger for as long as it serves. (Kept in MEMO, it
# was dropped after a rebuild that converted no page, and its replacement, never attached, counted
# nothing: a page that then logged a warning was kept, and its warning never shown again.)
_WARNINGS = _WarningCounter()


def on_startup(command, dirty, **kwargs):
    if command == "serve":
        MEMO.enable()
        # Every logger whose warnings count (a warning seen twice still only says "it warned").
        for logger in mkdocs_adapter.warning_loggers():
            if _WARNINGS not in logger.handlers:
                logger.addHandler(_WARNINGS)


def on_shutdown(**kwargs):
    for logger in mkdocs_adapter.warning_loggers():
        logger.removeHandler(_WARNINGS)


POLL_SECONDS = 0.1
BUILD_DELAY_SECONDS = 0.05


def on_serve(server, config, builder, **kwargs):
    """Poll more often, and rebuild sooner after a change (MkDocs waits 0.1 s: one save is one
    change). ``--watch`` folders are added after this event, to the new observer."""
    watched = [config.docs_dir, config.config_file_path, *config.theme.dirs]
    mkdocs_adapter.poll_faster(server, watched, POLL_SECONDS, BUILD_DELAY_SECONDS)
    return server


# Before the plugins' own (Material's search plugin compiles templates in its on_config).
@event_priority(100)
def on_config(config, **kwargs):
    upstream.verify_all(config)
    MEMO.start_build(config)
    if MEMO.enabled:
        _keep_templates(config.theme)
    return config


def _keep_templates(theme) -> None:
    """Every Jinja environment of the theme keeps its compiled templates, and the list of the
    theme's static files (MkDocs walks every folder of the theme for it, Material's thousands of
    icons included, on every rebuild) is kept while the folders' listing is unchanged."""

    def remember(key: tuple, compute) -> list:
        return list(MEMO.compute("theme-files", digest(_json(key), _custom_listing(theme)), compute))

    mkdocs_adapter.keep_theme_templates(theme, lambda: MEMO.compute("serve", "templates", _TemplateCache), remember)


def _custom_listing(theme) -> str:
    """The names and times of the project's overrides (Material's own files do not change while serving)."""
    custom = theme.custom_dir
    files = sorted(Path(custom).rglob("*")) if custom else []
    return _json([[file.as_posix(), file.stat().st_mtime_ns] for file in files])


# After every other files event (mkdocs-static-i18n's returns a new collection; the parallel view adds pages).
@event_priority(-1000)
def on_files(files, config, **kwargs):
    if MEMO.enabled:
        # What a page's HTML depends on besides its Markdown: which files exist (relative links are
        # resolved against them) and the configuration (extensions, URLs).
        config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        listing = "\n".join(sorted(f"{file.src_uri}\t{file.dest_uri}" for file in files))
        files.dism_signature = digest(config_text, listing, str(config.use_directory_urls), config.site_dir)
    return files


# Last of all Markdown events: the key is the Markdown MkDocs will convert.
@event_priority(-1000)
def on_page_markdown(markdown, page, config, files, **kwargs):
    if not MEMO.enabled:
        return markdown
    page.dism_render_key = digest(markdown, page.file.src_uri, page.file.dest_uri, files.dism_signature)
    page.dism_cached_render = MEMO.get("markdown", page.dism_render_key)
    if page.dism_cached_render is not None:
        return ""
    page.dism_warnings_before = _WARNINGS.count
    return markdown


# Last of all context events: the page is then complete, and so is what its template reads.
@event_priority(-1000)
def on_page_context(context, page, config, nav, **kwargs):
    if MEMO.enabled:
        page.dism_page_key = _page_key(context, page, config, nav)
        kept = MEMO.get("page", page.dism_page_key)
        if kept is not None:
            # overrides/main.html then extends a template that writes the kept page as it is.
            context["dism_kept_page"] = kept
    return context


# First of all page events: what the template wrote, before the other hooks finish it.
@event_priority(1000)
def on_post_page(output, page, config, **kwargs):
    key = getattr(page, "dism_page_key", None)
    if key is not None and MEMO.get("page", key) is None:
        MEMO.put("page", key, output)
    return output


def _page_key(context, page, config, nav) -> str:
    """Everything the page templates read: the page, its table of contents, the navigation, the
    configuration of this language, the other values of the context, and the templates."""
    templates = _templates(config)
    simple = {key: value for key, value in context.items() if isinstance(value, (str, int, float, bool, list, dict))
              and key not in ("pages",)}
    if "build_date" not in templates.uses:
        simple.pop("build_date_utc", None)
    return digest(
        page.content or "", page.title or "", page.url, page.canonical_url or "", page.edit_url or "",
        str(page.is_homepage), _json(page.meta), _json(_toc(page.toc)), _nav_digest(nav), _json(simple),
        _json({key: config.get(key) for key in ("site_name", "site_url", "site_description", "copyright", "repo_url",
                                               "use_directory_urls", "extra")}),
        _json({"language": config.theme.get("language"), "features": config.theme.get("features")}),
        templates.digest,
    )


class _Templates:
    def __init__(self, digest_: str, uses: str) -> None:
        self.digest, self.uses = digest_, uses


_build_templates: dict[str, object] = {"config": None, "templates": None}


def _templates(config) -> _Templates:
    """Read once per rebuild (one configuration; the languages' nested builds share it)."""
    if _build_templates["config"] is not config:
        _build_templates.update(config=config, templates=_templates_digest(config))
    return _build_templates["templates"]  # type: ignore[return-value]


def _templates_digest(config) -> _Templates:
    """The theme overrides' files (Material's own do not change while serving) and the config file."""
    parts, uses = [], ""
    custom = config.theme.custom_dir
    for file in sorted(Path(custom).rglob("*")) if custom else []:
        if file.is_file():
            content = file.read_bytes()
            parts += [file.as_posix(), content]
            if b"build_date" in content:
                uses = "build_date"
    if config.config_file_path:
        parts.append(Path(config.config_file_path).read_bytes())
    return _Templates(digest(*parts), uses)


def _nav_digest(nav) -> str:
    kept = getattr(nav, "dism_digest", None)
    if kept is None:
        kept = nav.dism_digest = digest(_json([_nav_item(item) for item in nav.items]))
    return kept


def _nav_item(item) -> list:
    children = [_nav_item(child) for child in (getattr(item, "children", None) or [])]
    return [type(item).__name__, item.title or "", getattr(item, "url", "") or "", children]


def _toc(toc) -> list:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in (toc or [])]


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# First of all HTML events: the other hooks read the HTML the Markdown made.
@event_priority(1000)
def on_page_content(html, page, config, files, **kwargs):
    if not MEMO.enabled:
        return html
    cached = page.dism_cached_render
    if cached is not None:
        return mkdocs_adapter.put_back_render(page, cached, files)
    if _WARNINGS.count == page.dism_warnings_before:
        MEMO.put("markdown", page.dism_render_key, mkdocs_adapter.kept_render(page, html))
    return html
