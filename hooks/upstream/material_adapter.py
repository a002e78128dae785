"""Material for MkDocs' internals. Material documents its configuration, its template blocks and
partials to override, and front matter such as ``search: exclude``; it does not document its
page script's search protocol, its markup, or the content of a partial the project copies.
Each use is checked here, against the installed Material, before it is relied on.

- The search worker's protocol (``overrides/assets/javascripts/clause-search.js``): Material's
  page script starts the worker named by ``search`` in its ``__config`` and talks to it in four
  messages, SETUP, READY, QUERY, RESULT (numbered in that order). The clause search stands in
  for that worker (one language's clauses, loaded as a script, ranked by clause); Material
  offers no public way to plug in another engine.
- A stub search index: the page script still fetches ``search/search_index.json`` (from disk
  ``search/search_index.js``, defining ``__index``) and reads its ``config.separator`` to
  highlight the query on the page a result opens.
- Markup matched in the HTML Material writes: the search dialog's opening tag (it has no name,
  and no option gives it one) and the head's ``<link rel="alternate" hreflang>`` (written from the
  language switcher's entries; no option leaves them out).
- ``overrides/partials/alternate.html`` is a copy of Material's partial with each language's
  name marked in its language (overriding a partial is Material's documented way; the copy must
  follow the original, so the original's digest is recorded).
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
from pathlib import Path

import material

from . import ContractBroken

ADAPTER = "material_adapter"
TEMPLATES = Path(material.__file__).resolve().parent / "templates"


def _broken(what: str) -> ContractBroken:
    return ContractBroken("material", ADAPTER, what)


# --- Markup -------------------------------------------------------------------------------------

# Material's search overlay (partials/search.html): a dialog without a name.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_COMPONENT = 'data-md-component="search"'


def name_search_dialog(page: str, label: str) -> str:
    """Give the search dialog of ``page`` the accessible name ``label`` (escaped by the caller)."""
    if SEARCH_DIALOG not in page:
        if SEARCH_COMPONENT in page:
            raise _broken(f"the search dialog's markup is no longer {SEARCH_DIALOG!r}")
        return page
    return page.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


# The head's hreflang links (base.html). Material fetches "sitemap.xml" below each of them (404 on
# every page view) and takes over clicks on links into the other language, dropping their #anchor.
# The sitemap still lists every page's alternates for search engines.
LANGUAGE_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
# The line of base.html that writes them.
BASE_ALTERNATE_LINE = '<link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t(\'language\')) }}">'


def drop_language_alternates(page: str) -> str:
    return LANGUAGE_ALTERNATE.sub("", page)


# --- The search worker and its index --------------------------------------------------------------

MESSAGES = ["SETUP", "READY", "QUERY", "RESULT"]
CLAUSE_SEARCH_SCRIPT = "assets/javascripts/clause-search.js"


def search_stub(languages: list[str]) -> str:
    """Material's search index with no document: only the word separator its page script uses to
    highlight the query on the page a result opens."""
    index = {"config": {"lang": languages, "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
    return json.dumps(index, separators=(",", ":"))


def write_search_stub(site_dir: str, languages: list[str]) -> None:
    """Where Material's page script fetches its index: the JSON, and the script read instead from disk."""
    search = Path(site_dir) / "search"
    search.mkdir(parents=True, exist_ok=True)
    stub = search_stub(languages)
    (search / "search_index.json").write_text(stub, encoding="utf-8")
    (search / "search_index.js").write_text(f"var __index = {stub};\n", encoding="utf-8")


def _sources(pattern: str) -> dict[str, str]:
    """The TypeScript sources of Material's page script or worker, from their source map."""
    maps = glob.glob(str(TEMPLATES / "assets" / "javascripts" / pattern))
    if len(maps) != 1:
        raise _broken(f"no single source map {pattern} to confirm the search worker's protocol")
    data = json.loads(Path(maps[0]).read_text(encoding="utf-8"))
    if not data.get("sourcesContent"):
        raise _broken(f"{Path(maps[0]).name} no longer holds its sources, which confirm the search worker's protocol")
    return {name.split("javascripts/", 1)[-1]: text for name, text in zip(data["sources"], data["sourcesContent"])}


def _source(sources: dict[str, str], name: str) -> str:
    if name not in sources:
        raise _broken(f"the page script has no {name}, which held the search worker's protocol")
    return sources[name]


def _verify_search(custom_dir: str | None) -> None:
    page = _sources("bundle.*.min.js.map")
    enum = re.search(r"enum SearchMessageType\s*{([^}]*)}", _source(page, "integrations/search/worker/message/index.ts"))
    names = re.findall(r"^\s*([A-Z]+)\b", enum.group(1), re.M) if enum else []
    if names != MESSAGES:
        raise _broken(f"the search worker's messages are {names or 'not found'}, not {MESSAGES}")
    if "setupSearchWorker(config.search" not in _source(page, "components/search/_/index.ts"):
        raise _broken("the page script no longer starts the search worker named by 'search' in __config")
    if "new Worker(" not in _source(page, "browser/worker/index.ts"):
        raise _broken("the page script no longer starts its search worker with new Worker(url)")
    bundle = _source(page, "bundle.ts")
    if '"search/search_index.json"' not in bundle or '"search/search_index.js"' not in bundle or "__index" not in bundle:
        raise _broken("the page script no longer reads search/search_index.json (search_index.js, __index, from disk)")
    worker = _sources("workers/search.*.min.js.map")
    config = re.search(r"interface SearchConfig\s*{([^}]*)}", _source(worker, "integrations/search/config/index.ts"))
    fields = re.findall(r"^\s*([a-z]+)\b", config.group(1), re.M) if config else []
    if not {"lang", "separator", "pipeline"} <= set(fields):
        raise _broken(f"the search index's config holds {fields}, not lang, separator and pipeline")
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    if '<script id="__config" type="application/json">' not in base or '"search": ' not in base:
        raise _broken("base.html no longer names the search worker in its __config script")
    script_file = Path(custom_dir) / CLAUSE_SEARCH_SCRIPT if custom_dir else None
    if script_file is not None and script_file.is_file():
        script = script_file.read_text(encoding="utf-8")
        expected = "var MESSAGE = { " + ", ".join(f"{name}: {place}" for place, name in enumerate(MESSAGES)) + " };"
        if expected not in script:
            raise _broken(f"{CLAUSE_SEARCH_SCRIPT} does not number the messages as Material does: {expected}")


# --- Names the overrides use ---------------------------------------------------------------------

# Template blocks of base.html that overrides/main.html fills (Material's documented way to extend it).
BLOCKS = ("extrahead", "announce", "config", "content", "scripts")
# Class names and style variables of Material's markup and style sheet that the overrides' styles
# and scripts use (overrides/main.html, overrides/partials/alternate.html, clause-search.js) and
# the tests read or drive.
STYLE_NAMES = (
    "md-typeset", "md-content", "md-content__inner", "md-header", "md-header__title", "md-header__option",
    "md-header__button", "md-icon", "md-banner__inner", "md-nav__link", "md-ellipsis", "md-sidebar--primary",
    "md-footer", "md-select", "md-select__inner", "md-select__list", "md-select__item", "md-select__link",
    "md-search", "md-search__input", "md-search-result", "md-search-result__list", "md-search-result__item",
    "md-tooltip2--active", "md-tooltip2__inner",
    "--md-default-fg-color", "--md-default-fg-color--light", "--md-default-fg-color--lighter",
    "--md-default-fg-color--lightest", "--md-accent-fg-color--transparent", "--md-code-hl-special-color",
)


def _verify_names() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    for block in BLOCKS:
        if not re.search(r"{%-?\s*block\s+" + block + r"\s*-?%}", base):
            raise _broken(f"base.html no longer has the block '{block}', which overrides/main.html fills")
    sheets = sorted((TEMPLATES / "assets" / "stylesheets").glob("main.*.min.css"))
    text = "".join(file.read_text(encoding="utf-8") for file in sheets)
    for name in STYLE_NAMES:
        if not re.search(re.escape(name) + r"(?![\w-])", text):
            raise _broken(f"the style sheet no longer knows '{name}', which the overrides' styles and scripts use")


# --- Forked partials ------------------------------------------------------------------------------

# Material's original of each partial the project overrides with a copy, as the copy was made from.
FORKED = {
    "partials/alternate.html": "572b1d4dae611aa5fd65107edec95e44331b6141abf86834ea4dc6c1ddd7241b",
}


def _verify_markup() -> None:
    search = (TEMPLATES / "partials" / "search.html").read_text(encoding="utf-8")
    if SEARCH_DIALOG not in search:
        raise _broken(f"partials/search.html no longer opens the search dialog with {SEARCH_DIALOG!r}")
    if BASE_ALTERNATE_LINE not in (TEMPLATES / "base.html").read_text(encoding="utf-8"):
        raise _broken(f"base.html no longer writes the head's language links as {BASE_ALTERNATE_LINE!r}")
    for partial, recorded in FORKED.items():
        original = TEMPLATES / partial
        found = hashlib.sha256(original.read_bytes()).hexdigest() if original.is_file() else "missing"
        if found != recorded:
            raise _broken(f"{partial}, which overrides/{partial} copies, changed (sha256 {found}, copied from "
                          f"{recorded}): carry the change into the copy, then record the new digest in FORKED")


def verify(config) -> None:
    if config.theme.name != "material":
        return
    _verify_markup()
    _verify_names()
    _verify_search(config.theme.custom_dir)
