"""mkdocs-static-i18n's internals. The plugin builds the default language, then, inside its own
``on_post_build``, every other language again with the same configuration object; it documents
its configuration and the variables it gives templates, but not how a hook learns which language
is being built, nor the order of its events. Each use is checked here before it is relied on.

- ``plugin.current_language``: the language being built. The hooks need it from ``on_config``
  on, long before any template variable (``i18n_page_locale``) exists.
- ``plugin.config.languages``: the documented ``languages`` option as the plugin parsed it,
  with its ``"null"`` entry (a switcher item, not a language) left out.
- The plugin's ``on_config``, ``on_files`` and ``on_post_build`` run at priority -100: the
  hooks marked ``after_i18n`` must run after them (the switcher is written, the files are sorted
  into languages, the other language with Material's search index is built inside
  ``on_post_build``).
- ``extra.alternate`` as the plugin leaves it: the home pages' switcher under the key (written in
  its ``on_config``), each page's under the attribute (written in its ``on_page_context``, which
  skips a page whose file it did not sort, such as the parallel view). The hooks write the
  attribute after the plugin (priority 0 against its 50): the parallel view's switcher and the
  404 page's (home pages), through Material's documented ``extra.alternate``.
"""

from __future__ import annotations

import copy

from mkdocs.plugins import event_priority

from . import ContractBroken
from .mkdocs_adapter import event_handlers

ADAPTER = "i18n_adapter"
NAME = "i18n"
# Below the plugin's -100, so that a hook of this priority runs after the plugin's handler.
AFTER_I18N = -110
# The events whose order the site needs: the plugin's handler first, then the hooks marked after_i18n.
ORDERED_EVENTS = ("config", "files", "post_build")


def _broken(what: str) -> ContractBroken:
    return ContractBroken("mkdocs_static_i18n", ADAPTER, what)


def after_i18n(handler):
    """Run this hook's ``on_config``, ``on_files`` or ``on_post_build`` after mkdocs-static-i18n's."""
    handler.dism_after_i18n = True
    return event_priority(AFTER_I18N)(handler)


def plugin(config):
    return config.plugins.get(NAME)


def languages(config) -> tuple[str, ...]:
    """The build's languages, the default (authoritative) one first."""
    i18n = plugin(config)
    if i18n is None:
        return (config.theme["language"],)
    entries = [entry for entry in i18n.config.languages if entry.locale != "null"]
    entries.sort(key=lambda entry: not entry.default)
    return tuple(entry.locale for entry in entries)


def current_language(config) -> str:
    """The language being built (before the plugin's first ``on_config``: the default one)."""
    i18n = plugin(config)
    if i18n is not None and i18n.current_language:
        return i18n.current_language
    return languages(config)[0]


def switcher(config) -> list[dict]:
    """The language switcher's entries as the templates will read them: the plugin writes
    Material's ``extra.alternate`` as an attribute for each page (which templates read before the
    key; the key keeps the home pages)."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


_homes: dict[str, object] = {"config": None, "entries": []}


def remember_home_switcher(config) -> None:
    """Keep the switcher the plugin wrote in its ``on_config`` (Material's ``extra.alternate``,
    leading to each language's home page); call after that event (``after_i18n``)."""
    entries = copy.deepcopy(config.extra.get("alternate") or [])
    i18n = plugin(config)
    if i18n is not None and i18n.config.reconfigure_material and len(languages(config)) > 1 and not entries:
        raise _broken("the plugin no longer writes the language switcher into extra.alternate in its on_config")
    _homes.update(config=config, entries=entries)


def _home_entries(config) -> list[dict]:
    if _homes["config"] is not config:
        raise _broken("the hooks' on_config after the plugin's did not run: the home pages' switcher is unknown")
    return copy.deepcopy(_homes["entries"])  # type: ignore[arg-type]


def show_home_switcher(config) -> None:
    """The switcher of the page about to be rendered leads to each language's home page."""
    config.extra.alternate = _home_entries(config)


def point_switcher(config, links: dict[str, str]) -> None:
    """The switcher of the page about to be rendered leads to ``links[language]`` (site-relative),
    for a page the plugin does not know (it has no file in docs/)."""
    config.extra.alternate = [{**entry, "link": links.get(entry.get("lang"), entry.get("link"))}
                              for entry in _home_entries(config)]


def verify(config) -> None:
    i18n = plugin(config)
    if i18n is None:
        return
    if not hasattr(i18n, "current_language"):
        raise _broken("the plugin no longer says which language it is building (plugin.current_language)")
    entries = getattr(getattr(i18n, "config", None), "languages", None)
    if not entries or not all(hasattr(entry, name) for entry in entries for name in ("locale", "default", "name")):
        raise _broken("the plugin's parsed 'languages' option no longer gives each language's locale, name and default")
    for event in ORDERED_EVENTS:
        handlers = event_handlers(config, event)
        theirs = [place for place, handler in enumerate(handlers) if getattr(handler, "__self__", None) is i18n]
        ours = [place for place, handler in enumerate(handlers) if getattr(handler, "dism_after_i18n", False)]
        if not theirs:
            raise _broken(f"the plugin no longer handles on_{event}, after which the hooks marked after_i18n run")
        if ours and min(ours) < max(theirs):
            priority = getattr(handlers[max(theirs)], "mkdocs_priority", 0)
            raise _broken(f"the plugin's on_{event} now runs at priority {priority}, after the hooks that must follow "
                          f"it (priority {AFTER_I18N})")
