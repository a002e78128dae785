"""The duties register, the self-inspection checklist (page, print and spreadsheet) and the manual
as data: generated from the duty check and the clauses, checked against their schemas and pages."""

from __future__ import annotations

import base64
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import jsonschema
import pytest
from site_builder import PROJECT_ROOT, build_site, lock_for, serve_directory, write_site
from webdriver import material_search

from dism.duties_register import english_question, japanese_question
from dism.search_index import page_clauses

CROSSWALK = """\
9-301: ["117.15"]
9-302: {sections: [], note_ja: 例示のみ。, note_en: An example only.}
9-303: ["117.15(a)"]
"""
SECTIONS = '"117.15": Safeguarding classified information\n'
SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
yomiuri:
  kind: press
  ja: {name: 読売新聞報道, short: 読売新聞}
  en: {name: Yomiuri Shimbun report, short: Yomiuri, name_status: unofficial}
"""
JA = {
    "index.md": "# ホーム\n\n[[generate: downloads]]\n",
    "chapter-09.md": """\
        # 第9章 秘密の保護 {#chapter-9}

        ## 第3節 保管 {#section-9-3}

        ### 9-301 保管

        本節は保管を定める。契約事業者は、秘密文書を保管容器に保管しなければならない（[[9-302]]参照）。

        根拠：[[@sds-act 12(1)]]

        ### 9-302 施錠の例

        報道は、二重施錠を例に挙げる。

        根拠：[[@yomiuri]]

        ### 9-303 持出し

        契約事業者は、秘密文書を施設の外に持ち出してはならない。

        根拠：[[@sds-act 5]]、[[@yomiuri]]
        """,
    "duties.md": "# 義務一覧\n\n[[generate: duties]]\n",
    "checklist.md": "# 自己点検チェックリスト\n\n[[generate: checklist]]\n",
    "appendix-c.md": "# 付録C\n\n[[generate: authorities]]\n",
    "record-of-changes.md": "# 改訂履歴\n\n[[generate: record-of-changes]]\n",
}
EN = {
    "index.md": "# Home\n\n[[generate: downloads]]\n",
    "chapter-09.md": """\
        # Chapter 9 Safeguarding {#chapter-9}

        ## Section 3 Storage {#section-9-3}

        ### 9-301 Storage

        This section sets out storage. The contractor shall keep classified documents in containers (see [[9-302]]).

        Basis: [[@sds-act 12(1)]]

        ### 9-302 Example of Locking

        A press report gives double locking as an example.

        Basis: [[@yomiuri]]

        ### 9-303 Taking Out

        The contractor shall not take classified documents out of the facility.

        Basis: [[@sds-act 5]]; [[@yomiuri]]
        """,
    "duties.md": "# Duties Register\n\n[[generate: duties]]\n",
    "checklist.md": "# Self-Inspection Checklist\n\n[[generate: checklist]]\n",
    "appendix-c.md": "# Appendix C\n\n[[generate: authorities]]\n",
    "record-of-changes.md": "# Record of Changes\n\n[[generate: record-of-changes]]\n",
}


def small_site(root: Path):
    data = {"sources.yml": SOURCES, "nispom-crosswalk.yml": CROSSWALK, "nispom-sections.yml": SECTIONS,
            "translation.lock": lock_for(JA)}
    root = write_site(root, JA, EN, data)
    # The small sites' configuration with the hooks that write the data files and the search index.
    config = root / "mkdocs.yml"
    hooks = "".join(f"  - {(PROJECT_ROOT / 'hooks' / name).as_posix()}\n"
                    for name in ("manual_data.py", "clause_search.py"))
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", f"hooks:\n{hooks}"), encoding="utf-8")
    result = build_site(root)
    assert result.ok, result.warnings
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return small_site(tmp_path_factory.mktemp("duties"))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------------------------------------
# Questions


@pytest.mark.parametrize("sentence, asked", [
    ("契約事業者は、秘密保全規則を作成しなければならない。", "契約事業者は、秘密保全規則を作成しているか。"),
    ("契約事業者は、官の保全検査を受け入れなければならない。", "契約事業者は、官の保全検査を受け入れているか。"),
    ("契約事業者は、特約条項の本文に従わなければならない。", "契約事業者は、特約条項の本文に従っているか。"),
    ("従業者は、適性評価を経なければならない（6-101参照）。", "従業者は、適性評価を経ているか（6-101参照）。"),
    ("取り扱う者は、認められた者でなければならない。", "取り扱う者は、認められた者であるか。"),
    ("契約事業者は、担当部局に確認するものとする。", "契約事業者は、担当部局に確認しているか。"),
    ("契約事業者は、指示に従うものとする。", "契約事業者は、指示に従っているか。"),
    ("契約事業者は、必要な措置を講ずるものとする。", "契約事業者は、必要な措置を講じているか。"),
    ("契約事業者は、秘密を漏らしてはならない。", "契約事業者は、秘密を漏らしていないか。"),
    ("しなければならないことは、要確認である。", "次の規定を満たしているか。「しなければならないことは、要確認である。」"),
])
def test_a_japanese_duty_is_asked_as_a_question(sentence, asked):
    assert japanese_question(sentence) == asked


@pytest.mark.parametrize("sentence, asked", [
    ("The contractor shall prepare security rules.", "Does the contractor prepare security rules?"),
    ("Under the special contract clauses, the contractor shall conduct security education.",
     "Under the special contract clauses, does the contractor conduct security education?"),
    ("The contractor shall, under the special contract clauses, accept inspections.",
     "Does the contractor, under the special contract clauses, accept inspections?"),
    ("A subcontractor that handles IRP shall comply with the Standard.",
     "Does a subcontractor that handles IRP comply with the Standard?"),
    ("Subcontractors that handle IRP shall also comply with the Standard.",
     "Do subcontractors that handle IRP also comply with the Standard?"),
    ("Security matters (which clauses apply, etc.) shall be confirmed with the office.",
     "Are security matters (which clauses apply, etc.) confirmed with the office?"),
    ("A person assigned to handle SDS shall have undergone an assessment.",
     "Has a person assigned to handle SDS undergone an assessment?"),
    ("The contractor shall not take documents out.", "Does the contractor not take documents out?"),
])
def test_an_english_duty_is_asked_as_a_question(sentence, asked):
    assert english_question(sentence) == asked


# ---------------------------------------------------------------------------------------------
# The pages


def test_the_register_lists_each_clause_the_duty_check_finds_with_its_basis_and_nispom(site):
    ja = site.page_unwrapped("duties/index.html")
    rows = re.findall(r"<tr>(.*?)</tr>", ja.split("<tbody>", 1)[1], re.DOTALL)
    assert [re.search(r'href="[^"]*#([0-9A-Z]+-[0-9]+)"', row).group(1) for row in rows] == ["9-301", "9-303"]
    first, second = rows
    # The sentence that states the duty, not the whole clause; its reference linked.
    duty_cell = re.findall(r"<td>(.*?)</td>", first)[1]
    assert duty_cell.startswith("契約事業者は、秘密文書を保管容器に保管しなければならない（") and "本節は保管" not in duty_cell
    assert re.search(r'<a href="\.\./chapter-09/#9-302"[^>]*>9-302</a>参照）。', duty_cell)
    # The legal basis with its pinpoint, linked to Appendix C; the press report grounds nothing.
    assert re.search(r'<a href="\.\./appendix-c/#src-sds-act"[^>]*>特定秘密保護法第12条第1項</a>', first)
    assert "読売" not in second and "特定秘密保護法第5条" in second
    assert "§ 117.15" in first and "§ 117.15(a)" in second
    assert '<h2 id="duties-chapter-09">第9章 秘密の保護' in ja
    en = site.page_unwrapped("en/duties/index.html")
    assert "The contractor shall not take classified documents out of the facility." in en
    assert "SDS Act, Article 12, paragraph (1)" in en


def test_the_checklist_asks_each_duty_with_answer_columns_and_its_edition(site):
    ja = text_of(site.page_unwrapped("checklist/index.html"))
    assert "番号 条項 点検項目 はい いいえ 該当なし 備考" in ja
    assert "1 9-301 契約事業者は、秘密文書を保管容器に保管しているか（9-302参照）。" in ja
    assert "2 9-303 契約事業者は、秘密文書を施設の外に持ち出していないか。" in ja
    assert "作成の基とした版：版は未だ記録されていない" in ja
    en_html = site.page_unwrapped("en/checklist/index.html")
    assert en_html.count('<table class="dism-checklist">') == 1
    en = text_of(en_html)
    assert "This checklist translates the Japanese self-inspection checklist" in en
    assert "Does the contractor keep classified documents in containers (see 9-302)?" in en
    assert "Does the contractor not take classified documents out of the facility?" in en


def test_the_downloads_list_offers_the_checklist_and_the_data(site):
    home = site.page("index.html")
    for file in ("data/checklist-ja.xlsx", "data/manual-ja.json", "data/index.json"):
        assert f'href="{file}"' in home
    assert 'href="../data/checklist-en.xlsx"' in site.page("en/index.html")


# ---------------------------------------------------------------------------------------------
# The files


def validate_catalogue(site_dir: Path) -> list[str]:
    """Every file of the catalogue against its published schema; the files checked."""
    catalogue = json.loads((site_dir / "data/index.json").read_text(encoding="utf-8"))
    schema = json.loads((site_dir / "data/schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalogue, schema, cls=jsonschema.Draft202012Validator)
    for entry in catalogue["files"]:
        data = json.loads((site_dir / entry["file"]).read_text(encoding="utf-8"))
        schema = json.loads((site_dir / entry["schema"]).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    return [entry["file"] for entry in catalogue["files"]]


def test_every_data_file_matches_its_published_schema(site):
    checked = validate_catalogue(site.site)
    assert checked == ["data/manual-ja.json", "data/manual-en.json", "data/sources.json",
                       "data/nispom-crosswalk.json", "data/nispom-sections.json"]


def test_a_file_that_breaks_its_schema_is_caught(site):
    data = json.loads((site.site / "data/manual-en.json").read_text(encoding="utf-8"))
    schema = json.loads((site.site / "data/schemas/manual.schema.json").read_text(encoding="utf-8"))
    data["clauses"][0]["translation_state"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def assert_clause_data_matches_page(site_dir: Path, language: str, clause_id: str) -> dict:
    """The clause in the data file says what its page says: title, text, references, citations."""
    prefix = "" if language == "ja" else "en/"
    data = json.loads((site_dir / f"data/manual-{language}.json").read_text(encoding="utf-8"))
    assert data["format_version"].startswith("1.")
    clause = next(c for c in data["clauses"] if c["id"] == clause_id)
    html = (site_dir / f"{prefix}{clause['page'][:-3]}/index.html").read_text(encoding="utf-8")
    shown = next(c for c in page_clauses(html) if c.id == clause_id)
    assert clause["title"] == shown.title
    squeeze = lambda value: re.sub(r"\s+", "", value)  # noqa: E731 - the page joins lines its own way
    for line in clause["text_plain"].split("\n"):
        assert squeeze(line.lstrip("・• ")) in squeeze(shown.text), line
    # Each reference is a link to the clause on the page, each citation shows as the data says.
    body = html.split(f'id="{clause_id}"', 1)[1]
    for target in clause["references"]:
        assert re.search(rf'href="[^"]*#{target}"', body), target
    for citation in clause["citations"]:
        assert citation["cited_as"] in shown.text, citation
    return clause


def test_a_clauses_data_matches_its_page(site):
    clause = assert_clause_data_matches_page(site.site, "ja", "9-301")
    assert clause["chapter"] == {"id": "9", "title": "第9章 秘密の保護"}
    assert clause["section"] == {"id": "9-3", "title": "第3節 保管"}
    assert clause["references"] == ["9-302"]
    assert clause["citations"] == [{"source": "sds-act", "pinpoint": "12(1)", "name": "特定秘密の保護に関する法律",
                                    "cited_as": "特定秘密保護法第12条第1項"}]
    assert clause["nispom_sections"] == ["117.15"]
    assert clause["duties"] == ["契約事業者は、秘密文書を保管容器に保管しなければならない（[[9-302]]参照）。"]
    assert clause["last_changed_in"] is None  # no edition recorded yet
    english = assert_clause_data_matches_page(site.site, "en", "9-303")
    assert english["translation_state"] == "current"
    assert english["text_markdown"].startswith("The contractor shall not take")


def test_the_spreadsheet_opens_in_a_reader_with_the_checklists_questions(site):
    from openpyxl import load_workbook

    for language in ("ja", "en"):
        workbook = load_workbook(site.site / f"data/checklist-{language}.xlsx")
        sheet = workbook.active
        rows = list(sheet.iter_rows(values_only=True))
        page = text_of(site.page_unwrapped(("" if language == "ja" else "en/") + "checklist/index.html"))
        headings = [value for value in rows[4]]
        questions = [(row[0], row[1], row[3]) for row in rows[5:]]
        assert [(n, c) for n, c, _ in questions] == [(1, "9-301"), (2, "9-303")]
        for _, _, question in questions:
            assert question in page, question
        # Long questions wrap within their column, top-aligned with their row.
        assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for row in sheet.iter_rows(min_row=6)
                   for cell in row)
        assert sheet.print_title_rows == "$5:$5"
        assert sheet.freeze_panes == "A6"
        if language == "ja":
            assert headings == ["番号", "条項", "見出し", "点検項目", "はい", "いいえ", "該当なし", "備考"]
            assert rows[0][0] == "防衛産業保全マニュアル：自己点検チェックリスト"
            assert questions[1][2] == "契約事業者は、秘密文書を施設の外に持ち出していないか。"
        else:
            assert headings == ["No.", "Clause", "Title", "Question", "Yes", "No", "N/A", "Note"]
            assert rows[2][0].startswith("This checklist translates the Japanese")
        # Every part of the workbook dated alike: no clock time in it.
        with zipfile.ZipFile(site.site / f"data/checklist-{language}.xlsx") as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_files_are_byte_identical_for_one_commit(site, tmp_path):
    again = small_site(tmp_path)
    files = sorted(path.relative_to(site.site / "data") for path in (site.site / "data").rglob("*") if path.is_file())
    assert len(files) == 13  # 2 workbooks, 2 manuals, 3 registers, 5 schemas, the catalogue
    for relative in files:
        assert (again.site / "data" / relative).read_bytes() == (site.site / "data" / relative).read_bytes(), relative


# ---------------------------------------------------------------------------------------------
# The project's manual


def test_the_projects_data_validate_and_match_their_pages(project_site):
    checked = validate_catalogue(project_site)
    assert "data/manual-ja-edition-1.json" in checked and "data/glossary.json" in checked
    clause = assert_clause_data_matches_page(project_site, "ja", "9-101")
    assert clause["duties"] and clause["last_changed_in"] == "1"
    assert_clause_data_matches_page(project_site, "en", "9-101")
    register = (project_site / "duties/index.html").read_text(encoding="utf-8")
    japanese = json.loads((project_site / "data/manual-ja.json").read_text(encoding="utf-8"))["clauses"]
    duty_ids = [c["id"] for c in japanese if c["duties"]]
    assert len(duty_ids) > 20
    for clause_id in duty_ids:
        assert f'#{clause_id}"' in register, clause_id
    # A duty whose text changed since the latest edition says so in its row, and only such a duty.
    clauses = json.loads((project_site / "data/manual-en.json").read_text(encoding="utf-8"))["clauses"]
    changed = {c["id"] for c in japanese if c["duties"] and c["last_changed_in"] is None}
    english = (project_site / "en/duties/index.html").read_text(encoding="utf-8")
    rows = {re.search(r'#([0-9A-Z]+-[0-9]+)"', row).group(1): row
            for row in re.findall(r"<tr>(.*?)</tr>", english, re.DOTALL) if "<td>" in row}
    assert set(rows) == set(duty_ids) and {c["id"] for c in clauses if c["duties"]} <= set(rows)
    assert {cid for cid, row in rows.items() if "Changed since First edition" in row} == changed
    # Each edition of the Record of Changes links its data, in the page's language.
    record = (project_site / "record-of-changes/index.html").read_text(encoding="utf-8")
    assert 'href="../data/manual-ja-edition-1.json"' in record
    record = (project_site / "en/record-of-changes/index.html").read_text(encoding="utf-8")
    assert 'href="../../data/manual-en-edition-1.json"' in record


def printed_pages(browser, url: str) -> list[str]:
    """The page printed to PDF on A5 landscape (the manual's checklist runs over several pages):
    the text of each sheet. The PDF names some kanji by their radicals' code points (⽬ for 目):
    NFKC reads them alike."""
    from pypdf import PdfReader

    printed = browser.devtools("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 5.83, "printBackground": True})
    pages = PdfReader(io.BytesIO(base64.b64decode(printed["data"]))).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]


def pages_without_header(texts: list[str], heading: str) -> list[int]:
    """The sheets that hold rows of the table (a clause ID in its clause column) without the header
    row above them."""
    rows_at = {number: found.start() for number, content in enumerate(texts)
               for found in [re.search(r"(?<![0-9-])[1-9][0-9]?-[0-9]{3}(?![0-9])", content)] if found}
    assert len(rows_at) >= 2, texts
    return [number for number, first_row in rows_at.items() if heading not in texts[number][:first_row]]


@pytest.mark.browser
@pytest.mark.parametrize("language, heading", [("ja", "点検項目"), ("en", "Question")])
def test_the_printed_checklist_repeats_its_header_row_on_every_page(browser, project_site, language, heading):
    with serve_directory(project_site) as url:
        browser.get(f"{url}/{'' if language == 'ja' else 'en/'}checklist/")
        browser.wait_for(lambda: browser.script("return document.readyState") == "complete")
        assert pages_without_header(printed_pages(browser, url), heading) == []
        # The check sees a header that is not repeated: with the header row printed once only,
        # the sheets after the table's first have rows and no header.
        browser.script("const style = document.createElement('style');"
                       "style.textContent = '.dism-checklist thead { display: table-row-group !important; }';"
                       "document.head.appendChild(style);")
        assert pages_without_header(printed_pages(browser, url), heading) != []


# ---------------------------------------------------------------------------------------------
# Search


def test_the_register_and_the_checklist_are_found_as_pages_by_their_title_and_introduction(site):
    from dism.search_index import page_entry

    entry = page_entry('<h1 id="duties">義務一覧<a class="headerlink" href="#duties">¶</a></h1>'
                       '<p class="edition-as-of">初版</p><p>契約事業者に義務を課す条項を掲げる。各条項の根拠を示す。</p>'
                       '<h2 id="c">第9章</h2><p>9-301の文</p>')
    assert (entry.id, entry.title, entry.text) == ("", "義務一覧", "契約事業者に義務を課す条項を掲げる。")
    english = page_entry('<h1 id="d">Duties Register</h1><p>The clauses that impose a duty, e.g. by chapter. More.</p>')
    assert english.text == "The clauses that impose a duty, e.g. by chapter."
    index = (site.site / "search/clauses-en.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("] = ") + 4:].rstrip().rstrip(";"))
    found = [(row[1], data["pages"][row[2]][0]) for row in data["clauses"] if row[0] == ""]
    assert sorted(found) == [("Duties Register", "en/duties/"), ("Self-Inspection Checklist", "en/checklist/")]


@pytest.mark.browser
@pytest.mark.parametrize("page, query, target", [
    ("", "義務一覧", "/duties/"), ("", "チェックリスト", "/checklist/"),
    ("en/", "duties register", "/en/duties/"), ("en/", "self-inspection checklist", "/en/checklist/"),
])
def test_search_finds_the_register_and_the_checklist(browser, project_site, page, query, target):
    with serve_directory(project_site) as url:
        results = material_search(browser, f"{url}/{page}", query)
    # Material adds the query to the address (?h=…), to highlight it on the page.
    assert results and results[0].split("?")[0] == f"{url}{target}", results[:3]


def test_a_duty_of_the_government_is_no_duty_of_the_contractor():
    from dism.manual_data import binds_the_government

    # 8-106 of the manual: the head of the administrative organ cancels a designation.
    assert binds_the_government("秘密区分の解除は、国の行政機関の長が行い、秘匿の必要がなくなったときは、速やかに指定を"
                                "解除しなければならない。", "ja")
    assert not binds_the_government("契約事業者は、官が指定した場所に保管しなければならない。", "ja")
    assert not binds_the_government("契約事業者は、官の保全検査を受け入れなければならない。", "ja")
    assert not binds_the_government("秘密保全規則は、訓令と同等以上の規定を設けなければならない。", "ja")


def test_an_editions_translation_states_are_those_of_its_texts_on_every_run():
    # The states were once read from fingerprints kept by object identity, given objects that were
    # thrown away: another object at the same address got their fingerprint, and two builds of one
    # commit wrote different files.
    from dism.manual import ManualPaths, load_manual
    from dism.manual_data import manual_data
    from dism.sync import CURRENT, fingerprint

    manual = load_manual(ManualPaths(root=PROJECT_ROOT, docs_dir=PROJECT_ROOT / "docs"))
    edition = manual.editions.editions[0]
    states = {state.id: state for state in manual.sync.states}
    expected = {}
    for clause_id, english in edition.clauses["en"].items():
        state, japanese = states.get(clause_id), edition.clauses["ja"].get(clause_id)
        translates = (state is not None and state.state == CURRENT and japanese is not None and state.en is not None
                      and manual.lock.entries.get(clause_id) == fingerprint(japanese)
                      and fingerprint(state.en) == fingerprint(english))
        expected[clause_id] = CURRENT if translates else "unknown"
    assert "unknown" in expected.values() and CURRENT in expected.values()
    for _ in range(3):
        data = manual_data(manual, "en", edition)
        assert {c["id"]: c["translation_state"] for c in data["clauses"]} == expected


def test_a_build_reads_the_duties_from_the_clauses_once_for_all_its_lists(monkeypatch):
    """The duties register and the checklist of each language, their data and their workbooks
    are made from one reading of the clauses' duties (at 3,000 clauses each list read them again)."""
    import dism.manual_data as manual_data
    from dism.build_cache import MEMO
    from dism.duties_register import checklist_rows
    from dism.manual import ManualPaths, load_manual
    from dism.spreadsheet import checklist_workbook

    monkeypatch.setattr(MEMO, "enabled", False)  # a one-off build keeps nothing between calls
    manual = load_manual(ManualPaths(root=PROJECT_ROOT, docs_dir=PROJECT_ROOT / "docs"))
    read: list[tuple] = []
    duty_sentences = manual_data.duty_sentences
    monkeypatch.setattr(manual_data, "duty_sentences", lambda *args: read.append(args) or duty_sentences(*args))

    def every_list() -> list:
        return [(manual_data.duties(manual, language), checklist_rows(manual, language),
                 checklist_workbook(manual, language)) for language in ("ja", "en")]

    first = every_list()
    assert read and first[0][0] and first[1][1]
    once = len(read)
    assert every_list() == first
    assert len(read) == once, f"the duties were read again: {len(read) - once} more clause readings"
