"""The upstream adapters' contracts (hooks/upstream/): each holds on the installed MkDocs, Material
and mkdocs-static-i18n, and a broken one stops the build, naming the upstream, its version and
what changed, before any page is written. Each upstream is broken here as a release could break
it (monkeypatched) to show it."""

import logging
import re
import shutil

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n
from site_builder import ENGINE, PROJECT_ROOT, SOURCES, STORAGE_EN, STORAGE_JA, build_site, write_site
from watchdog.observers.polling import PollingObserver

import upstream
from upstream import ContractBroken, i18n_adapter, installed, material_adapter, mkdocs_adapter, pydyf_adapter


@pytest.fixture
def project_config():
    return load_config(str(PROJECT_ROOT / "mkdocs.yml"))


@pytest.fixture
def fresh_checks(monkeypatch):
    """The adapters' checks run again in this test (they run once per process otherwise)."""
    monkeypatch.setitem(upstream._verified, "config", None)
    monkeypatch.setitem(upstream._verified, "upstreams", False)


def test_every_contract_holds_on_the_installed_upstreams(project_config):
    mkdocs_adapter.verify(project_config)
    material_adapter.verify(project_config)
    i18n_adapter.verify(project_config)


def broken_message(check, *args) -> str:
    with pytest.raises(ContractBroken) as raised:
        check(*args)
    return str(raised.value)


# --- MkDocs ---------------------------------------------------------------------------------------

def title_in_another_attribute(monkeypatch):
    """As if a MkDocs release renamed the attribute holding the title found by the conversion."""
    render = Page.render

    def renamed(self, config, files):
        render(self, config, files)
        self._rendered_title, self._title_from_render = self._title_from_render, None

    monkeypatch.setattr(Page, "render", renamed)


def test_a_renamed_page_attribute_names_mkdocs_its_version_and_the_attribute(project_config, monkeypatch):
    title_in_another_attribute(monkeypatch)
    message = broken_message(mkdocs_adapter.verify, project_config)
    assert message.startswith(f"upstream contract broken: {installed('mkdocs')}: ")
    assert re.fullmatch(r"(mkdocs|properdocs) 1\.[0-9.]+", installed("mkdocs"))
    assert "page._title_from_render" in message and "hooks/upstream/mkdocs_adapter.py" in message


def test_a_broken_contract_stops_the_build_before_any_page_is_written(tmp_path, monkeypatch, fresh_checks):
    title_in_another_attribute(monkeypatch)
    root = write_site(tmp_path, STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})
    result = build_site(root)
    assert not result.ok
    assert [message for message in result.warnings if message.startswith(f"upstream contract broken: {installed('mkdocs')}: ")]
    assert not (root / "site" / "index.html").exists() and not (root / "site" / "en").exists()


def test_the_same_site_builds_once_the_contract_holds(tmp_path, fresh_checks):
    root = write_site(tmp_path, STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})
    result = build_site(root)
    assert result.ok, result.warnings
    assert (root / "site" / "en" / "chapter-09" / "index.html").exists()


def test_a_theme_file_filter_that_reads_more_than_the_configuration_is_refused(project_config, monkeypatch):
    from mkdocs.structure.files import Files

    listing = Files.add_files_from_theme

    def reads_more(self, env, config):
        # As if the filter also read something besides the configuration.
        excluded = str(id(env))
        original = env.list_templates
        env.list_templates = lambda extensions=None, filter_func=None: original(
            extensions, lambda name: filter_func(name) and name != excluded)
        listing(self, env, config)

    monkeypatch.setattr(Files, "add_files_from_theme", reads_more)
    message = broken_message(mkdocs_adapter.verify, project_config)
    assert "theme file filter" in message and installed("mkdocs") in message


def test_the_kept_theme_file_list_follows_the_filter_function_not_its_closure():
    from types import SimpleNamespace

    import jinja2

    listed = []
    loader = jinja2.DictLoader({"assets/a.css": "", "main.html": "", "x.md": ""})
    theme = SimpleNamespace(dirs=["theme"], static_templates={"404.html"},
                            get_env=lambda: jinja2.Environment(loader=loader))
    kept: dict = {}

    def remember(key, compute):
        if key not in kept:
            listed.append(key)
            kept[key] = compute()
        return kept[key]

    mkdocs_adapter.keep_theme_templates(theme, jinja2.BytecodeCache, remember)

    def mkdocs_filter(suffix):  # a new closure on every build, as Files.add_files_from_theme makes
        return lambda name: name.endswith(suffix)

    assert theme.get_env().list_templates(filter_func=mkdocs_filter(".css")) == ["assets/a.css"]
    assert theme.get_env().list_templates(filter_func=mkdocs_filter(".css")) == ["assets/a.css"]
    assert len(listed) == 1  # the second build's closure is the same function: kept
    assert theme.get_env().list_templates(filter_func=lambda name: name.endswith(".md")) == ["x.md"]
    assert len(listed) == 2  # another function: listed again
    assert isinstance(theme.get_env().bytecode_cache, jinja2.BytecodeCache)


def test_the_preview_polls_faster_on_the_live_reload_server(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        mkdocs_adapter.poll_faster(server, [str(tmp_path)], 0.1, 0.05)
        assert isinstance(server.observer, PollingObserver) and server.observer.timeout == 0.1
        assert server.build_delay == 0.05
        assert str(tmp_path) in server._watch_refs  # moved to the new observer
    finally:
        server.server_close()


def test_a_live_reload_server_without_an_observer_is_refused(tmp_path, monkeypatch):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        monkeypatch.delattr(server, "observer")
        message = broken_message(mkdocs_adapter.poll_faster, server, [], 0.1, 0.05)
        assert "server.observer" in message and installed("mkdocs") in message
    finally:
        server.server_close()


# --- Material -------------------------------------------------------------------------------------

@pytest.fixture
def material_copy(tmp_path, monkeypatch):
    """The files of Material the adapter reads, copied where a test may change them."""
    copy = tmp_path / "material-templates"
    for pattern in ("base.html", "partials/search.html", "partials/alternate.html", "assets/stylesheets/main.*.min.css",
                    "assets/javascripts/bundle.*.min.js.map", "assets/javascripts/workers/search.*.min.js.map"):
        for source in material_adapter.TEMPLATES.glob(pattern):
            target = copy / source.relative_to(material_adapter.TEMPLATES)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    monkeypatch.setattr(material_adapter, "TEMPLATES", copy)
    return copy


def test_the_copied_templates_hold_the_contract(project_config, material_copy):
    material_adapter.verify(project_config)


def test_changed_search_dialog_markup_names_material_and_the_partial(project_config, material_copy):
    search = material_copy / "partials" / "search.html"
    search.write_text(search.read_text(encoding="utf-8").replace('role="dialog"', 'role="search-dialog"'), encoding="utf-8")
    message = broken_message(material_adapter.verify, project_config)
    assert message.startswith(f"upstream contract broken: {installed('material')}: partials/search.html")
    assert re.fullmatch(r"mkdocs-material 9\.[0-9.]+", installed("material"))


def test_a_changed_original_of_a_copied_partial_is_reported(project_config, material_copy):
    alternate = material_copy / "partials" / "alternate.html"
    alternate.write_text(alternate.read_text(encoding="utf-8").replace("md-select__link", "md-select__link md-x"),
                         encoding="utf-8")
    message = broken_message(material_adapter.verify, project_config)
    assert "partials/alternate.html, which overrides/partials/alternate.html copies, changed" in message


def test_a_class_name_gone_from_the_style_sheet_is_reported(project_config, material_copy):
    sheet = next((material_copy / "assets" / "stylesheets").glob("main.*.min.css"))
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("md-search-result__item", "md-search-result__entry"),
                     encoding="utf-8")
    message = broken_message(material_adapter.verify, project_config)
    assert "the style sheet no longer knows 'md-search-result__item'" in message


def test_renumbered_search_worker_messages_are_reported(project_config, material_copy):
    bundle_map = next((material_copy / "assets" / "javascripts").glob("bundle.*.min.js.map"))
    text = bundle_map.read_text(encoding="utf-8")
    bundle_map.write_text(text.replace("  SETUP,", "  INIT,", 1), encoding="utf-8")
    message = broken_message(material_adapter.verify, project_config)
    assert "the search worker's messages are ['INIT', 'READY', 'QUERY', 'RESULT']" in message


def test_the_search_dialog_is_named_or_a_changed_markup_stops_the_page():
    page = '<body><div class="md-search" data-md-component="search" role="dialog"><input></div></body>'
    assert 'role="dialog" aria-label="検索">' in material_adapter.name_search_dialog(page, "検索")
    assert material_adapter.name_search_dialog("<body>no search</body>", "検索") == "<body>no search</body>"
    changed = page.replace('role="dialog"', 'role="dialog" aria-modal="true"')
    assert "search dialog's markup" in broken_message(material_adapter.name_search_dialog, changed, "検索")


# --- mkdocs-static-i18n --------------------------------------------------------------------------

def test_the_plugin_building_the_other_language_after_the_search_index_is_written_is_refused(monkeypatch):
    # As if a release moved the plugin's on_post_build (inside which the other language is built)
    # after the hook that writes the clause search index: the index would be overwritten.
    monkeypatch.setattr(I18n.on_post_build, "mkdocs_priority", -120)
    config = load_config(str(PROJECT_ROOT / "mkdocs.yml"))
    message = broken_message(i18n_adapter.verify, config)
    assert message.startswith(f"upstream contract broken: {installed('mkdocs_static_i18n')}: ")
    assert re.fullmatch(r"mkdocs-static-i18n 1\.[0-9.]+", installed("mkdocs_static_i18n"))
    assert "on_post_build now runs at priority -120" in message


def test_a_plugin_that_no_longer_says_which_language_it_builds_is_refused(project_config, monkeypatch):
    plugin = project_config.plugins["i18n"]
    monkeypatch.delattr(plugin, "current_language")
    assert "plugin.current_language" in broken_message(i18n_adapter.verify, project_config)


def test_a_plugin_that_no_longer_writes_the_home_switcher_is_refused(tmp_path, monkeypatch, fresh_checks):
    # As if a release stopped filling Material's extra.alternate in its on_config.
    monkeypatch.setattr(I18n, "reconfigure_material_theme", lambda self, config, locale: config)
    root = write_site(tmp_path, STORAGE_JA, STORAGE_EN, {"sources.yml": SOURCES})
    result = build_site(root)
    assert not result.ok
    assert any("no longer writes the language switcher into extra.alternate" in message
               and installed("mkdocs_static_i18n") in message for message in result.warnings), result.warnings


def test_the_preview_counts_warnings_on_the_logger_the_engine_counts():
    # make serve keeps a page only if its conversion logged no warning: it must hear the engine's
    # warnings too (ProperDocs logs under properdocs.*, not mkdocs.*).
    loggers = mkdocs_adapter.warning_loggers()
    assert logging.getLogger(ENGINE) in loggers and logging.getLogger("mkdocs") in loggers


# --- pydyf (the PDF writer under WeasyPrint) -------------------------------------------------------

@pytest.fixture
def pydyf_as_released(monkeypatch):
    """pydyf's own PDF.page_references, put back after the test (install() replaces it)."""
    import pydyf

    monkeypatch.setattr(pydyf.PDF, "page_references", pydyf.PDF.__dict__["page_references"])
    return pydyf


def test_pdf_page_references_are_kept_until_a_page_is_added(pydyf_as_released):
    pydyf = pydyf_as_released
    pydyf_adapter.install()
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    # Read once per tagged box by WeasyPrint: the same tuple, not a new join of every page.
    assert pdf.page_references is first
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == (*first, f"{pdf.objects[-1].number} 0 R".encode("ascii"))
    pydyf_adapter.install()  # a second install keeps pydyf's own property underneath
    assert pdf.page_references == first + (pdf.page_references[-1],)


# WeasyPrint opens its sRGB colour profile for PDF/A and never closes it (weasyprint/pdf/__init__.py).
@pytest.mark.filterwarnings(r"ignore:Exception ignored in.*sRGB2014\.icc:pytest.PytestUnraisableExceptionWarning")
def test_a_tagged_pdf_is_byte_identical_with_the_kept_page_references(pydyf_as_released):
    import weasyprint

    sections = "".join(f'<h2 id="s{n}" style="break-before: page">Section {n}</h2><p>Text <a href="#s{(n + 3) % 12}">'
                       f"see {(n + 3) % 12}</a>.</p><ul><li>one</li><li>two</li></ul>" for n in range(12))
    document = weasyprint.HTML(string=f'<html lang="en"><head><meta name="dcterms.created" content="2026-01-01">'
                                      f"</head><body><h1>Book</h1>{sections}</body></html>").render(pdf_variant="pdf/a-2a")
    as_released = document.write_pdf(pdf_variant="pdf/a-2a")
    pydyf_adapter.install()
    assert document.write_pdf(pdf_variant="pdf/a-2a") == as_released


def test_a_pydyf_whose_page_references_changed_is_refused(pydyf_as_released, monkeypatch):
    pydyf = pydyf_as_released
    monkeypatch.setattr(pydyf.PDF, "page_references", property(lambda pdf: [b"1 0 R"]))
    message = broken_message(pydyf_adapter.verify)
    assert message.startswith(f"upstream contract broken: {installed('pydyf')}: ")
    assert "hooks/upstream/pydyf_adapter.py" in message
    monkeypatch.delattr(pydyf.PDF, "page_references")
    assert "no longer a property" in broken_message(pydyf_adapter.install)
