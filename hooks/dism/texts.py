"""Words the site writes into pages, per language. English is the fallback for other languages."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "cited_by": "参照元",
        "list_separator": "、",
        "stale_title": "英語版の更新待ち",
        "untranslated_title": "未翻訳",
        "page_untranslated_title": "未翻訳のページ",
        "column_id": "条項",
        "column_title": "見出し",
        "column_chapter": "章",
        "column_state": "状態",
        "column_file": "ファイル",
        "state_current": "最新",
        "state_stale": "更新待ち",
        "state_untranslated": "未翻訳",
        "state_missing": "英語版なし",
        "state_orphaned": "対応する日本語条項なし",
        "total": "合計",
        "none": "該当なし",
        "source_kind": "種別",
        "source_number": "番号",
        "source_date": "日付",
        "source_in_force": "施行・発効",
        "source_links": "リンク",
        "source_english": "英語名",
        "source_clauses": "この典拠に基づく条項",
        "source_note": "注記",
        "glossary_term": "用語",
        "glossary_english": "英語",
        "glossary_abbr": "略語",
        "glossary_definition": "定義",
        "glossary_source": "典拠",
        "nispom_section": "NISPOM（32 CFR Part 117）",
        "nispom_title": "NISPOMの節名",
        "clauses": "本マニュアルの条項",
        "status_summary": "英語版の条項 {total} 件のうち {current} 件が最新の日本語版に対応している（{percent}%）。",
        "status_needs_work": "要対応の条項",
        "status_all_current": "すべての英語条項が最新の日本語版に対応している。",
        "unofficial_name": "非公式訳",
        "book_title": "防衛産業保全マニュアル",
        "book_short_title": "防衛産業保全マニュアル",
        "book_subtitle": "非公式統合版",
        "book_authority": (
            "本書は公開資料に基づいて編集した非公式の統合版であり、防衛省・防衛装備庁の文書ではない。"
            "日本語版が正文であり、英語版は参考訳である。"
        ),
        "book_edition": "{date}版",
        "book_contents": "目次",
        "book_notice": "非公式統合版・日本語版が正文",
        "print_address": "このページの所在",
        "download_title": "ダウンロード",
        "download_pdf": "本マニュアル全体のPDF（日本語）",
        "download_offline": "オフライン版（両言語、ZIP、展開してindex.htmlを開く）",
    },
    "en": {
        "cited_by": "Referenced by",
        "list_separator": ", ",
        "stale_title": "English translation not current",
        "stale_body": (
            "The Japanese text of this clause was revised after this translation was made. "
            "The authoritative text is the Japanese clause {link}."
        ),
        "untranslated_title": "Not yet translated",
        "untranslated_body": (
            "This clause has not yet been translated from the current Japanese text. "
            "The authoritative text is the Japanese clause {link}."
        ),
        "page_untranslated_title": "This page has not been translated",
        "page_untranslated_body": (
            "No English translation of this page exists yet. The Japanese text is shown below; "
            "it is the authoritative text."
        ),
        "column_id": "Clause",
        "column_title": "Title",
        "column_chapter": "Chapter",
        "column_state": "State",
        "column_file": "File",
        "state_current": "current",
        "state_stale": "stale",
        "state_untranslated": "untranslated",
        "state_missing": "missing in English",
        "state_orphaned": "orphaned",
        "total": "Total",
        "none": "None",
        "source_kind": "Kind",
        "source_number": "Number",
        "source_date": "Date",
        "source_in_force": "In force",
        "source_links": "Links",
        "source_english": "Japanese name",
        "source_clauses": "Clauses resting on this source",
        "source_note": "Note",
        "glossary_term": "Term",
        "glossary_english": "Japanese",
        "glossary_abbr": "Abbreviation",
        "glossary_definition": "Definition",
        "glossary_source": "Source",
        "nispom_section": "NISPOM (32 CFR Part 117)",
        "nispom_title": "NISPOM section title",
        "clauses": "Clauses of this manual",
        "status_summary": "{current} of {total} English clauses translate the current Japanese text ({percent}%).",
        "status_needs_work": "Clauses that need work",
        "status_all_current": "Every English clause translates the current Japanese text.",
        "unofficial_name": "unofficial translation",
        "book_title": "Defense Industrial Security Manual for Japan",
        "book_short_title": "Defense Industrial Security Manual",
        "book_subtitle": "Unofficial consolidated edition",
        "book_authority": (
            "This is an unofficial consolidated edition compiled from public documents, not a document "
            "of the Ministry of Defense or ATLA. This English version is a reference translation: only "
            "the original Japanese text is authoritative and has legal effect."
        ),
        "book_edition": "Edition of {date}",
        "book_contents": "Contents",
        "book_notice": "Unofficial consolidated edition · reference translation, the Japanese text is authoritative",
        "print_address": "Address of this page",
        "download_title": "Downloads",
        "download_pdf": "The whole manual as PDF (English)",
        "download_offline": "Offline copy (both languages, ZIP: unpack and open index.html)",
    },
}


def text(language: str, key: str, **values: object) -> str:
    words = TEXTS.get(language, TEXTS["en"])
    template = words.get(key, TEXTS["en"][key])
    return template.format(**values) if values else template
