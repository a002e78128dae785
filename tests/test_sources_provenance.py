"""Provenance: where a source's details were verified is shown in Appendix C, as text."""

from site_builder import build_site, lock_for, write_site

SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
  verified:
    - url: https://example.org/sds?a=1&b=2
      date: 2026-12-01
      covers: "number *and* [title]"
yomiuri:
  kind: press
  ja: {name: 読売新聞報道, short: 読売新聞}
  en: {name: Yomiuri Shimbun report, short: Yomiuri, name_status: unofficial}
"""
JA = {
    "index.md": "# ホーム\n",
    "chapter-01.md": "# 第1章\n\n### 1-101 目的\n\n保管する。[[@sds-act]] [[@yomiuri]]\n",
    "appendix-c.md": "# 付録C\n\n[[generate: authorities]]\n",
}
EN = {
    "index.md": "# Home\n",
    "chapter-01.md": "# Chapter 1\n\n### 1-101 Purpose\n\nKeep it. [[@sds-act]] [[@yomiuri]]\n",
    "appendix-c.md": "# Appendix C\n\n[[generate: authorities]]\n",
}


def build(tmp_path):
    data = {"sources.yml": SOURCES, "translation.lock": lock_for(JA)}
    return build_site(write_site(tmp_path, JA, EN, data))


def test_appendix_c_shows_where_a_source_was_verified_as_escaped_text(tmp_path):
    result = build(tmp_path)
    assert result.ok, result.warnings
    ja, en = result.page("appendix-c/index.html"), result.page("en/appendix-c/index.html")
    link = '<a href="https://example.org/sds?a=1&amp;b=2">https://example.org/sds?a=1&amp;b=2</a>'
    # Markdown's markers stay characters, never markup.
    covers = "number *and* [title]"
    assert f"{link} (2026-12-01閲覧): {covers}" in ja
    assert f"{link} (read December 1, 2026): {covers}" in en  # the one English date form
    assert "<em>and</em>" not in en


def test_a_press_report_is_a_source_kind_of_its_own(tmp_path):
    result = build(tmp_path)
    assert result.ok, result.warnings
    assert "<td>Press report</td>" in result.page("en/appendix-c/index.html")
