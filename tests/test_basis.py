"""Every clause in force names its basis: a clause that cites no source is a warning at its heading."""

import pytest
from site_builder import SOURCES, build_site, hook_warnings, lock_for, write_site

from dism.clauses import parse_page
from dism.manual import holds_placeholder
from dism.sources import check_basis, check_translated_basis
from dism.sync import Lock, compare, fingerprint

FIX = ("add a basis line (根拠：[[@source-id]] / Basis: [[@source-id]]) naming the law, regulation or contract "
       "clause its text rests on, or mark it reserved")


def uncited(text: str, language: str = "ja") -> list[str]:
    page = parse_page(f"# 第9章\n\n{text}", "ch.md", f"docs/{language}/ch.md")
    return [str(p) for p in check_basis([page], language, holds_placeholder)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("### 9-301 保管\n\n保管する。\n\n根拠：[[@sds-act 12]]\n", []),
        # The citation may stand anywhere in the clause, also in its commentary.
        ("### 9-301 保管\n\n保管する。[[@sds-act]]\n", []),
        ("### 9-301 保管\n\n保管する。\n\n!!! commentary \"解説\"\n\n    [[@sds-act]]による。\n", []),
        # A citation of an unknown source is that problem (check_citations), not this one.
        ("### 9-301 保管\n\n根拠：[[@no-such-source]]\n", []),
        ("### 9-301 保管\n\n保管する。\n", ["docs/ja/ch.md:3: [ja] clause 9-301 cites no source: " + FIX]),
        # Only the clause without a citation, at its own heading.
        ("### 9-301 保管\n\n根拠：[[@sds-act]]\n\n### 9-302 施錠\n\n施錠する。（9-301参照）\n",
         ["docs/ja/ch.md:7: [ja] clause 9-302 cites no source: " + FIX]),
        # A citation in code is not a citation; one in a later clause is that clause's own.
        ("### 9-301 保管\n\n`[[@sds-act]]` と書く。\n",
         ["docs/ja/ch.md:3: [ja] clause 9-301 cites no source: " + FIX]),
        ("### 9-301 保管\n\n保管する。\n\n#### 9-302 金庫\n\n根拠：[[@sds-act]]\n",
         ["docs/ja/ch.md:3: [ja] clause 9-301 cites no source: " + FIX]),
        # A heading that is not a clause continues the clause above it.
        ("### 9-301 保管\n\n保管する。\n\n#### 細目\n\n根拠：[[@sds-act]]\n", []),
        # A reserved clause rests on nothing.
        ("### 9-301 （欠番）\n", []),
        ("### 9-301 (欠番)\n", []),
        ("### 9-301 欠番\n", []),
        # A clause `make new-clause` wrote is reported once, as holding its placeholder.
        ("### 9-301 鍵の管理\n\n（本文を記載する。）\n", []),
    ],
)
def test_a_clause_in_force_that_cites_no_source_is_reported_at_its_heading(text, expected):
    assert uncited(text) == expected


@pytest.mark.parametrize("title", ["[Reserved]", "Reserved"])
def test_a_reserved_english_clause_needs_no_basis(title):
    assert uncited(f"### 14-301 {title}\n", "en") == []
    assert uncited("### 14-301 Storage\n\nStore.\n", "en") == [
        "docs/en/ch.md:3: [en] clause 14-301 cites no source: " + FIX
    ]


JA_PAGE = "# 第9章\n\n### 9-301 保管\n\n保管する。\n\n根拠：[[@sds-act 12]]、[[@nispom]]\n"
EN_PAGE = "# Chapter 9\n\n### 9-301 Storage\n\nStore it.\n\nBasis: [[@sds-act 12]]; [[@nispom]]\n"
EN_UNCITED = EN_PAGE.replace("\n\nBasis: [[@sds-act 12]]; [[@nispom]]", "")
JA_CHANGED = JA_PAGE.replace("保管する。", "金庫に保管する。")


def translated(ja_text: str, en_text: str, locked_text: str | None) -> list[str]:
    ja = parse_page(ja_text, "ch.md", "docs/ja/ch.md")
    en = parse_page(en_text, "ch.md", "docs/en/ch.md")
    locked = parse_page(locked_text, "ch.md", "x").clauses if locked_text else []
    sync = compare({"ch.md": ja}, {"ch.md": en}, Lock({c.id: fingerprint(c) for c in locked}))
    return [str(p) for p in check_translated_basis(sync.states, holds_placeholder)]


@pytest.mark.parametrize(
    "ja_text, en_text, locked_text, expected",
    [
        (JA_PAGE, EN_PAGE, JA_PAGE, []),
        (JA_PAGE, EN_PAGE, None, []),
        # Untranslated or stale, the English dropped the basis line: it is shown as resting on nothing.
        (JA_PAGE, EN_UNCITED, None, [
            "docs/en/ch.md:3: [en] clause 9-301 cites no source, but the Japanese (docs/ja/ch.md:3) cites "
            "[[@sds-act 12]]; [[@nispom]]: add its basis line (Basis: [[@sds-act 12]]; [[@nispom]])"
        ]),
        (JA_CHANGED, EN_UNCITED, JA_PAGE, [
            "docs/en/ch.md:3: [en] clause 9-301 cites no source, but the Japanese (docs/ja/ch.md:3) cites "
            "[[@sds-act 12]]; [[@nispom]]: add its basis line (Basis: [[@sds-act 12]]; [[@nispom]])"
        ]),
        # Current: the sync check reports that its citations differ from the Japanese (one message).
        (JA_PAGE, EN_UNCITED, JA_PAGE, []),
        # The Japanese cites nothing: reported once, in Japanese (check_basis).
        (JA_PAGE.replace("根拠：[[@sds-act 12]]、[[@nispom]]", ""), EN_UNCITED, None, []),
        # Cites something else: a difference for the translator (make status), not a clause without a basis.
        (JA_PAGE, EN_PAGE.replace("; [[@nispom]]", ""), None, []),
        # Still the placeholder of make new-clause, or reserved: reported as such, or nothing to cite.
        (JA_PAGE, EN_UNCITED.replace("Store it.", "(Translation pending.)"), None, []),
        (JA_PAGE, EN_UNCITED.replace("Storage", "[Reserved]"), None, []),
    ],
)
def test_an_english_clause_that_dropped_the_basis_of_its_japanese_is_reported(ja_text, en_text, locked_text, expected):
    assert translated(ja_text, en_text, locked_text) == expected


# --- the build --------------------------------------------------------------------------------

JA = {
    "index.md": "# ホーム\n",
    "chapter-09.md": """\
        # 第9章 保管

        ### 9-301 保管

        秘密文書は金庫に保管する。

        根拠：[[@sds-act 5]]

        ### 9-302 施錠

        金庫は施錠する。（9-301参照）

        根拠：[[@sds-act 5]]

        ### 9-303 （欠番）
        """,
}
EN = {
    "index.md": "# Home\n",
    "chapter-09.md": """\
        # Chapter 9 Storage

        ### 9-301 Storage

        Classified documents are kept in a safe.

        Basis: [[@sds-act 5]]

        ### 9-302 Locking

        The safe is locked. (see 9-301)

        Basis: [[@sds-act 5]]

        ### 9-303 [Reserved]
        """,
}


def build(tmp_path, ja, en, lock_from):
    return build_site(write_site(tmp_path, ja, en, {"sources.yml": SOURCES, "translation.lock": lock_for(lock_from)}))


def without_basis(pages: dict[str, str], basis: str) -> dict[str, str]:
    text = pages["chapter-09.md"]
    cut = text.rindex(f"        {basis}")
    return dict(pages, **{"chapter-09.md": text[:cut] + text[cut:].replace(f"        {basis}\n\n", "", 1)})


def test_a_clause_with_a_basis_and_a_reserved_clause_without_one_build(tmp_path):
    result = build(tmp_path, JA, EN, JA)
    assert result.ok, result.warnings
    assert hook_warnings(result) == []


def test_a_clause_citing_no_source_fails_strict_once_at_its_japanese_heading(tmp_path):
    ja, en = without_basis(JA, "根拠：[[@sds-act 5]]"), without_basis(EN, "Basis: [[@sds-act 5]]")
    result = build(tmp_path, ja, en, ja)
    assert not result.ok
    assert hook_warnings(result) == ["clause_links: docs/ja/chapter-09.md:9: [ja] clause 9-302 cites no source: " + FIX]


def test_an_english_clause_that_dropped_its_basis_fails_strict_at_its_english_heading(tmp_path):
    # Untranslated (no lock entry): the English is shown under a notice, but not without its basis.
    en = without_basis(EN, "Basis: [[@sds-act 5]]")
    result = build(tmp_path, JA, en, {})
    assert not result.ok
    assert hook_warnings(result) == [
        "clause_links: docs/en/chapter-09.md:9: [en] clause 9-302 cites no source, but the Japanese "
        "(docs/ja/chapter-09.md:9) cites [[@sds-act 5]]: add its basis line (Basis: [[@sds-act 5]])"
    ]
    # Current: the translation check already says the citations differ; it is not said twice.
    current = build(tmp_path, JA, en, JA)
    assert [w.split(": [en] ")[0] for w in hook_warnings(current)] == ["translation_sync: docs/en/chapter-09.md:9"]
    assert "source citations differ: Japanese [@sds-act 5], English [none]" in hook_warnings(current)[0]
