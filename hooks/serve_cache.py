"""Fast previews: in ``mkdocs serve``, keep what did not change from one rebuild to the next.

Kept (see ``dism/build_cache.py``): compiled Jinja templates, and each page's Markdown-to-HTML
conversion, keyed by the page's final Markdown (after every hook has written links, notices and
generated content into it) and by the site's file list and configuration. A cached page is
converted from an empty text and its HTML, table of contents and title are put back: MkDocs'
events allow no other way to skip a conversion. A page whose conversion logged a warning is
never kept, so the warning is shown on every rebuild. ``mkdocs build`` keeps nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

from dism.build_cache import MEMO, digest


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


def on_startup(command, dirty, **kwargs):
    if command == "serve":
        MEMO.enable()
        logging.getLogger("mkdocs").addHandler(MEMO.compute("serve", "warnings", _WarningCounter))


def on_config(config, **kwargs):
    MEMO.start_build(config)
    return config


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


def on_env(env, config, files, **kwargs):
    if MEMO.enabled:
        env.bytecode_cache = MEMO.compute("serve", "templates", _TemplateCache)
    return env


# Last of all Markdown events: the key is the Markdown MkDocs will convert.
@event_priority(-1000)
def on_page_markdown(markdown, page, config, files, **kwargs):
    if not MEMO.enabled:
        return markdown
    page.dism_render_key = digest(markdown, page.file.src_uri, page.file.dest_uri, files.dism_signature)
    page.dism_cached_render = MEMO.get("markdown", page.dism_render_key)
    if page.dism_cached_render is not None:
        return ""
    page.dism_warnings_before = MEMO.compute("serve", "warnings", _WarningCounter).count
    return markdown


# First of all HTML events: the other hooks read the HTML the Markdown made.
@event_priority(1000)
def on_page_content(html, page, config, files, **kwargs):
    if not MEMO.enabled:
        return html
    cached = page.dism_cached_render
    if cached is not None:
        html, page.toc, page._title_from_render, page.present_anchor_ids, links = cached
        # Links to anchors of other pages, checked by MkDocs after the build, against this build's files.
        page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()
                                 if files.get_file_from_path(uri) is not None}
        return html
    if MEMO.compute("serve", "warnings", _WarningCounter).count == page.dism_warnings_before:
        links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
        MEMO.put("markdown", page.dism_render_key,
                 (html, page.toc, page._title_from_render, page.present_anchor_ids, links))
    return html
