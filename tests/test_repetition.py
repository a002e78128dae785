"""A long sentence stated in two clauses is reported with both places; short or single ones are not."""

from site_builder import SOURCES, build_site, hook_warnings, lock_for, write_site

from dism.clauses import parse_page
from dism.repetition import check_repeated_sentences

JA_SENTENCE = "防衛装備庁は、2023年5月に多国間産業保全ワーキンググループに加入し、各国の情報保全当局との実務調整を効率化した。"
EN_SENTENCE = ("ATLA joined the Multinational Industrial Security Working Group in May 2023, making coordination "
               "with other security authorities more efficient.")


def chapter(sentence_1: str, sentence_2: str, language: str) -> str:
    basis, titles, note = (("根拠：", ("加入", "調整", "協力"), "解説", ) if language == "ja"
                           else ("Basis: ", ("Joining", "Coordination", "Cooperation"), "Commentary"))
    return (f"# 1\n\n### 1-101 {titles[0]}\n\n{sentence_1}\n\n{basis}[[@sds-act]]\n\n"
            f"### 1-102 {titles[1]}\n\n{titles[1]}.\n\n{basis}[[@sds-act]]\n\n"
            f"### 1-103 {titles[2]}\n\n!!! commentary \"{note}\"\n\n    {sentence_2}\n\n"
            f"{basis}[[@sds-act]]\n")


def test_a_sentence_repeated_in_another_clause_fails_strict_with_both_places(tmp_path):
    # The repetition is reflowed over two lines and cites another article: still the same sentence.
    ja_again = JA_SENTENCE[:20] + "\n    " + JA_SENTENCE[20:] + "[[@sds-act 3]]"
    en_again = EN_SENTENCE[:40] + "\n    " + EN_SENTENCE[40:] + " [[@sds-act 3]]"
    ja = {"index.md": "# ホーム\n", "chapter-01.md": chapter(JA_SENTENCE, ja_again, "ja")}
    en = {"index.md": "# Home\n", "chapter-01.md": chapter(EN_SENTENCE, en_again, "en")}
    result = build_site(write_site(tmp_path, ja, en, {"sources.yml": SOURCES, "translation.lock": lock_for(ja)}))
    assert not result.ok
    advice = "state it once, in the clause where it belongs, and refer to that clause here ([[1-101]])"
    assert hook_warnings(result) == [
        "clause_links: docs/en/chapter-01.md:19: [en] clause 1-103 repeats a sentence of clause 1-101 "
        f"(docs/en/chapter-01.md:5): \"ATLA joined the Multinational Industrial Security Working Group in May 2023, "
        f"making coordi…\": {advice}",
        "clause_links: docs/ja/chapter-01.md:19: [ja] clause 1-103 repeats a sentence of clause 1-101 "
        f"(docs/ja/chapter-01.md:5): 「防衛装備庁は、2023年5月に多国間産業保全ワーキンググループに加入し、各国の情報保全当局との実務調…」: "
        f"{advice}",
    ]


def test_without_the_repetition_the_site_builds(tmp_path):
    ja = {"index.md": "# ホーム\n", "chapter-01.md": chapter(JA_SENTENCE, "1-101のとおり。", "ja")}
    en = {"index.md": "# Home\n", "chapter-01.md": chapter(EN_SENTENCE, "As 1-101 says.", "en")}
    result = build_site(write_site(tmp_path, ja, en, {"sources.yml": SOURCES, "translation.lock": lock_for(ja)}))
    assert result.ok, result.warnings


def problems(text: str, language: str = "ja") -> list[tuple[int, str]]:
    page = parse_page(text, "c.md", f"docs/{language}/c.md")
    return [(p.line, p.message.split(" (")[0]) for p in check_repeated_sentences([page], language)]


def test_short_sentences_basis_lines_and_repeats_within_one_clause_are_not_reported():
    short = "事業者は、秘密文書を施錠可能な保管容器に保管する。"  # 25 characters: a common phrase
    basis = "根拠：[[@sds-act 5]]、[[@sds-act 6]]、[[@sds-act 7]]、[[@sds-act 8]]、[[@sds-act 9]]、[[@sds-act 10]]"
    text = (f"# 9\n### 9-101 A\n{short}\n\n{JA_SENTENCE}\n\n{JA_SENTENCE}\n\n{basis}\n"
            f"### 9-102 B\n{short}\n\n{basis}\n")
    assert problems(text) == []


def test_the_length_rule_in_each_language_and_table_rows_as_units():
    forty_one = "あ" * 40 + "い。"
    assert problems(f"# 9\n### 9-101 A\n{forty_one}\n### 9-102 B\n{forty_one}\n") == [(5, "[ja] clause 9-102 repeats a sentence of clause 9-101")]
    assert problems("# 9\n### 9-101 A\n" + "あ" * 40 + "\n### 9-102 B\n" + "あ" * 40 + "\n") == []
    twelve = "One two three four five six seven eight nine ten eleven twelve."
    thirteen = "One two three four five six seven eight nine ten eleven twelve thirteen."
    assert problems(f"# 9\n### 9-101 A\n{twelve}\n### 9-102 B\n{twelve}\n", "en") == []
    assert problems(f"# 9\n### 9-101 A\nFirst. {thirteen}\n### 9-102 B\n*{thirteen.upper()}* Last.\n", "en") == [
        (5, "[en] clause 9-102 repeats a sentence of clause 9-101")]
    row = "| 1 | 事業者は、秘密の取扱いを開始する前に、保全責任者を指名して防衛装備庁に届け出る | 様式第1号による |"
    table = f"| 段階 | 内容 | 様式 |\n|---|---|---|\n{row}\n"
    assert problems(f"# 9\n### 9-101 A\n{table}### 9-102 B\n前文。\n\n{table}") == [
        (11, "[ja] clause 9-102 repeats a sentence of clause 9-101")]


def test_the_first_place_is_the_first_in_manual_order_not_in_file_order():
    pages = [parse_page(f"# A\n### A-101 X\n{JA_SENTENCE}\n", "appendix-a.md", "docs/ja/appendix-a.md"),
             parse_page(f"# 2\n### 2-101 Y\n{JA_SENTENCE}\n", "chapter-02.md", "docs/ja/chapter-02.md")]
    found = check_repeated_sentences(pages, "ja")
    assert [(p.path, p.line, p.message.split(":")[0]) for p in found] == [
        ("docs/ja/appendix-a.md", 3, "[ja] clause A-101 repeats a sentence of clause 2-101 (docs/ja/chapter-02.md")]


def test_punctuation_does_not_make_another_sentence_but_does_count_towards_its_length():
    written = "地方防衛局（全国8防衛局）は、契約企業の立入検査を実施し、その結果を防衛装備庁に報告する。"  # 45 characters
    variant = written.replace("、", "，").replace("（", "(").replace("）", ")")
    assert problems(f"# 9\n### 9-101 A\n{written}\n### 9-102 B\n{variant}\n") == [
        (5, "[ja] clause 9-102 repeats a sentence of clause 9-101")]
    # A table row's cell separators are not words.
    row = "| SDS, Kimitsu level | Special Defense Secret, Kimitsu level | TOP SECRET |"  # 11 words
    assert problems(f"# 9\n### 9-101 A\n| a | b | c |\n|---|---|---|\n{row}\n### 9-102 B\n| a | b | c |\n|---|---|---|\n{row}\n",
                    "en") == []
