"""Every duty on a legal basis; commentary kept apart from the rule; where each source was verified."""

import textwrap

from site_builder import build_site, hook_warnings, lock_for, write_site

from dism.clauses import parse_page
from dism.duties import check_duties, duty_lines, duty_sentences
from dism.sources import load_sources

SOURCES = """\
sds-act:
  kind: law
  ja: {name: 特定秘密の保護に関する法律, short: 特定秘密保護法}
  en: {name: Act on the Protection of Specially Designated Secrets, short: SDS Act, name_status: jlt}
  verified:
    - url: https://example.org/sds?a=1&b=2
      date: 2026-12-01
      covers: "number *and* [title]"
nispom:
  kind: foreign
  ja: {name: 国家産業保全プログラム運用マニュアル, short: NISPOM}
  en: {name: National Industrial Security Program Operating Manual, short: NISPOM, name_status: official}
yomiuri:
  kind: press
  ja: {name: 読売新聞報道, short: 読売新聞}
  en: {name: Yomiuri Shimbun report, short: Yomiuri, name_status: unofficial}
"""


def pages(ja_rule: str, en_rule: str, basis: str) -> tuple[dict, dict]:
    ja = {
        "index.md": "# ホーム\n",
        "chapter-09.md": f"""\
            # 第9章 秘密の保護

            ### 9-301 保管

            {ja_rule}

            根拠：[[@{basis}]]

            !!! commentary "解説"

                報道例では、事業者は金庫を二重施錠しなければならないとされる。
            """,
        "appendix-c.md": "# 付録C\n\n[[generate: authorities]]\n",
    }
    en = {
        "index.md": "# Home\n",
        "chapter-09.md": f"""\
            # Chapter 9 Safeguarding

            ### 9-301 Storage

            {en_rule}

            Basis: [[@{basis}]]

            !!! commentary "Commentary"

                In a press example, the contractor shall double-lock its safes.
            """,
        "appendix-c.md": "# Appendix C\n\n[[generate: authorities]]\n",
    }
    return ja, en


def build(tmp_path, ja_rule, en_rule, basis):
    ja, en = pages(ja_rule, en_rule, basis)
    data = {"sources.yml": SOURCES, "translation.lock": lock_for(ja)}
    return build_site(write_site(tmp_path, ja, en, data))


def test_a_duty_resting_only_on_a_press_report_fails_strict_in_each_language(tmp_path):
    result = build(tmp_path, "事業者は、秘密文書を金庫に保管しなければならない。",
                   "The contractor shall keep classified documents in a safe.", "yomiuri")
    assert not result.ok
    advice = ("but cites no legal source: cite its basis with [[@source-id]] (a source of kind agreement, "
              "cabinet-decision, cabinet-order, contract-clause, directive, guideline, law, ministerial-ordinance, "
              "notice); if only a briefing, press report or commentary says it, write it as an example, not a duty, "
              "or mark it as commentary (!!! commentary)")
    assert hook_warnings(result) == [
        f"clause_links: docs/en/chapter-09.md:5: [en] clause 9-301 states a duty ('shall') {advice}",
        f"clause_links: docs/ja/chapter-09.md:5: [ja] clause 9-301 states a duty ('しなければならない') {advice}",
    ]


def test_the_same_duty_on_a_law_builds_and_commentary_is_marked_in_each_language(tmp_path):
    result = build(tmp_path, "事業者は、秘密文書を金庫に保管しなければならない。",
                   "The contractor shall keep classified documents in a safe.", "sds-act")
    assert result.ok, result.warnings
    ja, en = result.page("chapter-09/index.html"), result.page("en/chapter-09/index.html")
    assert '<div class="admonition commentary">\n<p class="admonition-title">解説</p>' in ja
    assert '<div class="admonition commentary">\n<p class="admonition-title">Commentary</p>' in en


def test_an_example_written_as_an_example_needs_no_legal_source(tmp_path):
    result = build(tmp_path, "報道によれば、事業者の例として金庫への保管がある。",
                   "According to a press report, contractors for example keep documents in safes.", "yomiuri")
    assert result.ok, result.warnings


def test_duty_words_in_commentary_and_code_are_not_duties():
    body = textwrap.dedent("""\
        事業者は報告するものとする。
        `しなければならない`
        !!! commentary "解説"

            事業者はしなければならない。

        通常の文。
        事業者は持ち出してはならない。
        秘とは、関係職員以外に知らせてはならないものをいう。
        """)
    assert list(duty_lines(body, 10, "ja")) == [(10, "ものとする"), (17, "てはならない")]
    assert list(duty_lines("It should.\nShall not.\n", 3, "en")) == [(4, "Shall")]


def test_any_legal_citation_in_the_clause_grounds_its_duties(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text(SOURCES, encoding="utf-8")
    sources, problems = load_sources(path, "data/s.yml")
    assert problems == []
    text = "# 9\n### 9-301 A\n事業者はしなければならない。[[@yomiuri]] [[@sds-act 12]]\n### 9-302 B\nするものとする。[[@yomiuri]]\n"
    page = parse_page(text, "c.md", "docs/ja/c.md")
    assert [(p.line, p.message[:27]) for p in check_duties([page], sources, "ja")] == [(5, "[ja] clause 9-302 states a ")]


def test_a_duty_resting_only_on_a_foreign_instrument_fails_strict_and_says_why(tmp_path):
    result = build(tmp_path, "事業者は、施設保全責任者を任命しなければならない。",
                   "The contractor shall appoint a facility security officer.", "nispom")
    assert not result.ok
    advice = ("but cites only foreign instruments (nispom), which are no basis under Japanese law: cite the "
              "Japanese basis with [[@source-id]] (a source of kind agreement, cabinet-decision, cabinet-order, "
              "contract-clause, directive, guideline, law, ministerial-ordinance, notice); if no Japanese text "
              "imposes it, write the foreign rule as a comparison, not a duty, or mark it as commentary "
              "(!!! commentary) or as this manual's guidance (!!! guidance)")
    assert hook_warnings(result) == [
        f"clause_links: docs/en/chapter-09.md:5: [en] clause 9-301 states a duty ('shall') {advice}",
        f"clause_links: docs/ja/chapter-09.md:5: [ja] clause 9-301 states a duty ('しなければならない') {advice}",
    ]


def test_a_foreign_instrument_beside_a_japanese_legal_source_grounds_nothing_but_harms_nothing(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text(SOURCES, encoding="utf-8")
    sources, problems = load_sources(path, "data/s.yml")
    assert problems == []
    text = "# 9\n### 9-301 A\n任命しなければならない。[[@nispom]] [[@sds-act 12]]\n### 9-302 B\n任命しなければならない。[[@nispom]]\n"
    page = parse_page(text, "c.md", "docs/ja/c.md")
    assert [(p.line, p.message[:68]) for p in check_duties([page], sources, "ja")] == [
        (5, "[ja] clause 9-302 states a duty ('しなければならない') but cites only foreign"),
    ]


def test_the_manuals_own_guidance_is_not_read_as_a_legal_duty_and_readers_see_it_marked(tmp_path):
    ja_rule = '!!! guidance "本マニュアルの指針（法令上の義務ではない）"\n\n                事業者は、担当官の指示に従うものとする。'
    en_rule = ('!!! guidance "Guidance of this manual (not a legal duty)"\n\n'
               '                The contractor shall follow the officer\'s instructions.')
    result = build(tmp_path, ja_rule, en_rule, "yomiuri")
    assert result.ok, result.warnings
    ja, en = result.page("chapter-09/index.html"), result.page("en/chapter-09/index.html")
    assert '<div class="admonition guidance">\n<p class="admonition-title">本マニュアルの指針（法令上の義務ではない）</p>' in ja
    assert '<p class="admonition-title">Guidance of this manual (not a legal duty)</p>' in en
    body = "!!! guidance \"指針\"\n\n    従うものとする。\n\n従うものとする。\n"
    assert list(duty_lines(body, 1, "ja")) == [(5, "ものとする")]


def test_every_verb_of_the_obligatory_form_states_a_duty():
    # The check once knew only しなければならない and missed these sentences of the manual.
    missed = {
        "契約事業者は、特約条項に基づき、官の定期的な保全検査を受け入れなければならない。": "れなければならない",
        "契約事業者は、契約に添付された特約条項、別紙及び付紙の本文に従わなければならない。": "わなければならない",
        "適合事業者の従業者が特定秘密を取り扱うには、適性評価を経なければならない（6-101参照）。": "経なければならない",
        "契約事業者は、これを取り扱わなければならない。": "わなければならない",
        "特定秘密を取り扱わせる者は、適性評価を受けた者でなければならない。": "でなければならない",
    }
    for sentence, word in missed.items():
        assert list(duty_lines(sentence, 1, "ja")) == [(1, word)], sentence


def test_a_secret_defined_by_what_may_not_be_disclosed_is_no_duty():
    # 1-211 of the manual defines Defense Equipment Secrets; the check read it as a duty.
    sentence = ("装備品等秘密は、自衛隊法第59条第1項の規定により隊員が漏らしてはならないこととされる秘密に"
                "該当するものに限られる。")
    assert list(duty_lines(sentence, 1, "ja")) == []
    assert list(duty_lines("事業者は、秘密を漏らしてはならない。", 1, "ja")) == [(1, "てはならない")]


def test_duty_sentences_are_the_sentences_of_the_duty_lines():
    body = textwrap.dedent("""        本章は保管を定める。契約事業者は、秘密文書を保管しなければならない（[[9-302]]参照）。詳細は要確認。
        - a. 事業者は報告するものとする。

        !!! commentary "解説"

            事業者は金庫を使わなければならないとされる。
        """)
    assert duty_sentences(body, 5, "ja") == [
        (5, "契約事業者は、秘密文書を保管しなければならない（[[9-302]]参照）。"),
        (6, "事業者は報告するものとする。"),
    ]
    english = "This chapter sets out storage, e.g. safes. The contractor shall keep documents in No. 2 safes. It is to be confirmed."
    assert duty_sentences(english, 1, "en") == [(1, "The contractor shall keep documents in No. 2 safes.")]
