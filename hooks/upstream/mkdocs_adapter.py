"""MkDocs' internals, used by the preview (``hooks/fast_preview.py``) and by the checks of the
other adapters. Each is checked here before it is relied on.

- A page's kept rendering: MkDocs' events cannot skip a page's Markdown conversion, so the
  preview converts an empty text and puts back what ``Page.render`` set: ``content`` and ``toc``
  (public), ``_title_from_render`` (read by ``page.title``), ``present_anchor_ids`` and
  ``links_to_anchors`` (read by the anchor validation after the build). No public setter exists.
- The live-reload server's ``observer`` and ``build_delay``: ``mkdocs serve`` has no option for
  how often it polls or how long it waits before a rebuild.
- ``theme.get_env`` wrapped: the only place where the theme's Jinja environment is made, so the
  only way to give it a bytecode cache (a public Jinja setting) and to keep the list of the theme's
  files, which ``Files.add_files_from_theme`` asks of ``env.list_templates`` with a filter of its
  own on every build.
- ``config.plugins.events``: the order MkDocs calls the handlers of an event in, to check the
  priorities that make the site correct (see ``i18n_adapter``).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from types import SimpleNamespace

import jinja2

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import ContractBroken

ADAPTER = "mkdocs_adapter"


def warning_loggers() -> list[logging.Logger]:
    """The loggers whose warnings a strict build counts: MkDocs' ``mkdocs``, and the engine's own
    when another package answers the ``mkdocs.*`` imports (ProperDocs logs its warnings under
    ``properdocs.*``, which never pass through ``mkdocs``). Public names, but which one counts is
    the engine's choice, so it is asked here."""
    from mkdocs.commands import build

    engine = build.build.__module__.partition(".")[0]
    return [logging.getLogger(name) for name in dict.fromkeys(("mkdocs", engine))]


def _broken(what: str) -> ContractBroken:
    return ContractBroken("mkdocs", ADAPTER, what)


# --- A page's rendering, kept and put back (make serve) -------------------------------------------

def kept_render(page, html: str) -> tuple:
    """What ``Page.render`` left on ``page`` besides its HTML, in a form that outlives this build
    (files are named by their ``src_uri``)."""
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return (html, page.toc, page._title_from_render, page.present_anchor_ids, links)


def put_back_render(page, kept: tuple, files) -> str:
    """Make ``page`` as if it had been rendered to ``kept``; its HTML is returned. Links to other
    pages' anchors are resolved against this build's files (MkDocs checks them after the build)."""
    html, page.toc, page._title_from_render, page.present_anchor_ids, links = kept
    page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()
                             if files.get_file_from_path(uri) is not None}
    return html


PROBE_MARKDOWN = '# Probe title\n\nText <span id="probe-kept"></span> [link](#probe-kept)\n'


def _probe_file(config, path: str) -> File:
    return File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)


def _verify_render(config) -> None:
    """Render a one-line page with this configuration and check that a kept rendering restores
    what MkDocs reads after it."""
    file = _probe_file(config, "upstream-contract-probe.md")
    page = Page(None, file, config)
    page.markdown = PROBE_MARKDOWN
    page.render(config, Files([file]))
    for name in ("_title_from_render", "present_anchor_ids", "links_to_anchors"):
        if not hasattr(page, name):
            raise _broken(f"Page.render no longer sets page.{name}, which the preview puts back for a kept page")
    if page._title_from_render != "Probe title":
        raise _broken(f"Page.render set page._title_from_render to {page._title_from_render!r}, "
                      "not the text of the page's first heading")
    if "probe-kept" not in (page.present_anchor_ids or set()):
        raise _broken("Page.render no longer lists the page's anchors in page.present_anchor_ids")
    if "probe-kept" not in (page.links_to_anchors or {}).get(file, {}):
        raise _broken("Page.render no longer lists links to anchors in page.links_to_anchors, keyed by File")
    if not callable(getattr(Page, "validate_anchor_links", None)):
        raise _broken("Page.validate_anchor_links, which reads the anchors the preview puts back, is gone")
    # A kept page is converted from an empty text: the title then comes from what is put back.
    fresh = Page(None, _probe_file(config, "upstream-contract-probe-2.md"), config)
    fresh.markdown = ""
    fresh.content = put_back_render(fresh, kept_render(page, page.content), Files([file]))
    if fresh.title != "Probe title":
        raise _broken("page.title no longer reads page._title_from_render: a kept page would lose its title")


# --- Polling in mkdocs serve --------------------------------------------------------------------

def poll_faster(server, watched: list[str], poll_seconds: float, build_delay_seconds: float) -> None:
    """Give ``server`` a polling observer of ``poll_seconds`` and a rebuild delay of
    ``build_delay_seconds``. The paths MkDocs has scheduled so far are moved to the new observer."""
    from watchdog.observers.api import BaseObserver
    from watchdog.observers.polling import PollingObserver

    source = inspect.getsource(type(server))
    if not isinstance(getattr(server, "observer", None), BaseObserver) or "self.observer.start()" not in source:
        raise _broken("the live-reload server no longer starts the watchdog observer held in server.observer")
    if not isinstance(getattr(server, "build_delay", None), (int, float)) or "self.build_delay" not in source:
        raise _broken("the live-reload server no longer waits server.build_delay seconds before a rebuild")
    moved = {path: _unwatch(server, path) for path in watched if path}
    server.observer = PollingObserver(timeout=poll_seconds)
    server.build_delay = build_delay_seconds
    for path, times in moved.items():
        for _ in range(times):
            server.watch(path)


def _unwatch(server, path: str) -> int:
    """Stop watching ``path``; how many times it was watched."""
    times = 0
    while True:
        try:
            server.unwatch(path)
        except KeyError:
            return times
        times += 1


# --- The theme's Jinja environment (make serve) --------------------------------------------------

def keep_theme_templates(theme, bytecode_cache: Callable[[], jinja2.BytecodeCache],
                         remember: Callable[[tuple, Callable[[], list]], list]) -> None:
    """Every Jinja environment the theme makes gets ``bytecode_cache()``, and its list of the
    theme's files is kept: ``remember(key, compute)`` returns the list kept under ``key`` or
    computes it. The key names the filter by its code (the same function on every build, a new
    closure each time) and by what it reads, the theme's folders and static templates."""
    if getattr(theme, "dism_keeps_templates", False):
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = bytecode_cache()
        list_all = env.list_templates

        def list_templates(extensions=None, filter_func=None):
            code = id(getattr(filter_func, "__code__", filter_func))
            key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), extensions, code)
            return remember(key, lambda: list_all(extensions, filter_func))

        env.list_templates = list_templates
        return env

    theme.get_env = get_env
    theme.dism_keeps_templates = True


def _verify_theme_listing(config) -> None:
    """MkDocs lists the theme's files once per build through ``env.list_templates`` with one
    filter function whose verdict depends on the name and ``config`` alone."""
    if not isinstance(config.theme.get_env(), jinja2.Environment):
        raise _broken("theme.get_env() no longer returns a Jinja environment")
    calls: list[tuple] = []
    probe = jinja2.Environment(loader=jinja2.DictLoader({"assets/probe.css": "", "main.html": ""}))
    listed = probe.list_templates
    probe.list_templates = lambda extensions=None, filter_func=None: calls.append((extensions, filter_func)) or listed(
        extensions, filter_func)
    theme = SimpleNamespace(dirs=[], static_templates=config.theme.static_templates)
    probe_config = SimpleNamespace(theme=theme, site_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    for _ in range(2):
        Files([]).add_files_from_theme(probe, probe_config)
    if len(calls) != 2 or any(extensions is not None or not callable(filter_func) for extensions, filter_func in calls):
        raise _broken("Files.add_files_from_theme no longer lists the theme's files with one call of "
                      "env.list_templates(filter_func=…) per build")
    first, second = (filter_func for _, filter_func in calls)
    if getattr(first, "__code__", None) is not getattr(second, "__code__", object()):
        raise _broken("the theme file filter is no longer one function from build to build")
    if first.__code__.co_freevars not in ((), ("config",)):
        raise _broken(f"the theme file filter now reads {first.__code__.co_freevars}, which the preview's "
                      "kept list of theme files does not follow")
    if first("main.html") or not first("assets/probe.css"):
        raise _broken("the theme file filter no longer leaves out templates and keeps assets")


# --- The order of event handlers ------------------------------------------------------------------

def event_handlers(config, event: str) -> list:
    """The handlers of ``event`` (``"files"``, ``"post_build"``…) in the order MkDocs calls them."""
    events = getattr(config.plugins, "events", None)
    if not isinstance(events, dict) or not isinstance(events.get(event), list):
        raise _broken(f"config.plugins.events no longer lists the handlers of '{event}' in call order")
    return events[event]


def verify(config) -> None:
    _verify_render(config)
    _verify_theme_listing(config)
    event_handlers(config, "post_build")
