"""The duties register (義務一覧) and the self-inspection checklist (自己点検チェックリスト).

Both list the clauses the duty check reads as duties (``manual_data.duties``), in the manual's
order; nothing is typed by hand. The register gives each duty's sentence, its legal basis, its
NISPOM sections and whether it changed since the last edition; the checklist asks each duty
sentence as a question (「…しているか。」 / "Does the contractor …?"), on the page and in the
spreadsheet (``checklist_rows`` feeds both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block, ClauseRef, ExternalLink, Heading, Paragraph, SourceRef, Table
from .clauses import scan_tokens
from .crosswalk import ecfr_url
from .edition_render import as_of_text, plain_line
from .manual import Manual
from .manual_data import Duty, duties
from .render import RenderContext
from .sources import LEGAL_KINDS
from .sync import clause_sort_key
from .texts import text

# ---------------------------------------------------------------------------------------------
# A duty sentence as a question

# The duty phrase at the end of a Japanese sentence, before any parenthesis and the full stop.
JA_ENDING = re.compile(r"(?P<phrase>なければならない|ものとする|てはならない)(?P<tail>(?:（[^（）]*）)*。?)$")
# A godan verb's negative stem (従わ, 取り扱わ) and its て-form (従っ, 取り扱っ).
GODAN_TE = {"わ": "っ", "ら": "っ", "た": "っ", "か": "い", "さ": "し", "が": "いで", "ま": "んで", "ば": "んで", "な": "んで"}
# A dictionary form before ものとする (確認する, 従う) and its ている-form.
DICTIONARY_TE = {"う": "って", "つ": "って", "く": "いて", "ぐ": "いで", "む": "んで", "ぶ": "んで", "ぬ": "んで", "す": "して"}
E_OR_I_ROW = set("いきぎしじちぢにひびぴみりえけげせぜてでねへべぺめれ")


def japanese_question(sentence: str) -> str:
    """「…しなければならない。」 → 「…しているか。」, 「…してはならない。」 → 「…していないか。」."""
    match = JA_ENDING.search(sentence)
    if match is not None:
        stem, phrase, tail = sentence[: match.start()], match.group("phrase"), match.group("tail").rstrip("。")
        asked = _japanese_ending(stem, phrase)
        if asked is not None:
            return f"{asked}{tail}。"
    return f"次の規定を満たしているか。「{sentence}」"


def _japanese_ending(stem: str, phrase: str) -> str | None:
    if not stem:
        return None
    last = stem[-1]
    if phrase == "てはならない":
        return f"{stem}ていないか"
    if phrase == "なければならない":
        if last == "で":  # 者でなければならない: a requirement of what someone is
            return f"{stem[:-1]}であるか"
        if last in GODAN_TE:
            ending = GODAN_TE[last]
            return f"{stem[:-1]}{ending}{'' if ending.endswith('で') else 'て'}いるか"
        return f"{stem}ているか"  # し, 入れ, 設け, 経, され: the stem takes ている as it is
    if stem.endswith("する"):  # ものとする
        return f"{stem[:-2]}しているか"
    if stem.endswith("ずる"):  # 講ずるものとする
        return f"{stem[:-2]}じているか"
    if last == "る":
        before = stem[-2] if len(stem) > 1 else ""
        return f"{stem[:-1]}ているか" if before in E_OR_I_ROW else f"{stem[:-1]}っているか"
    if last in DICTIONARY_TE:
        ending = DICTIONARY_TE[last]
        return f"{stem[:-1]}{ending}いるか"
    return None


EN_SHALL = re.compile(r"^(?P<subject>.+?)\s+shall(?P<aside>,[^,]+,)?\s+(?P<rest>.+?)[.;:]?$", re.DOTALL)
SINGULAR_DETERMINERS = {"a", "an", "each", "every", "any"}
# Where a subject's head noun ends: "A subcontractor that handles …" → "A subcontractor".
SUBJECT_END = re.compile(r"\s(?:that|which|who|of|concerning|handling|assigned|in|to|under)\s|\s\(|,")


def english_question(sentence: str) -> str:
    """"The contractor shall protect …" → "Does the contractor protect …?"."""
    match = EN_SHALL.match(sentence.strip())
    if match is None:
        return f"Does the contractor meet this requirement: “{sentence}”?"
    lead, subject = _split_lead(match.group("subject"))
    aside, rest = match.group("aside") or "", match.group("rest")
    plural = _plural(subject)
    if rest.startswith("be "):
        verb, rest = ("Are" if plural else "Is"), rest[3:]
    elif rest.startswith("have "):
        verb, rest = ("Have" if plural else "Has"), rest[5:]
    else:
        verb = "Do" if plural else "Does"
    if lead:
        verb = verb.lower()
    first = subject.split()[0] if subject.split() else ""
    # "A subcontractor", "Security matters" → "a subcontractor", "security matters"; "ATLA" stays.
    lower = first.lower() in SINGULAR_DETERMINERS | {"the", "those", "these"} or first[1:].islower()
    shown = subject[0].lower() + subject[1:] if lower else subject
    return f"{lead}{verb} {shown}{aside} {rest}?"


def _split_lead(words: str) -> tuple[str, str]:
    """"Under the special contract clauses, the contractor" → ("Under the … clauses, ", "the contractor");
    a comma inside brackets does not end a lead."""
    depth, cut = 0, -1
    for index, char in enumerate(words):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
        elif char == "," and depth == 0:
            cut = index
    if cut < 0:
        return "", words
    return words[: cut + 2], words[cut + 1:].strip()


def _plural(subject: str) -> bool:
    first = subject.split()[0].lower() if subject.split() else ""
    if first in SINGULAR_DETERMINERS:
        return False
    head = SUBJECT_END.split(subject, 1)[0].split()
    word = head[-1] if head else ""
    return word.endswith("s") and not word.endswith("ss") and not word.isupper()


def question(sentence: str, language: str) -> str:
    return japanese_question(sentence) if language == "ja" else english_question(sentence)


# ---------------------------------------------------------------------------------------------
# The checklist's rows (page and spreadsheet)


@dataclass(frozen=True)
class ChecklistRow:
    number: int
    clause_id: str
    title: str
    question: str


def checklist_rows(manual: Manual, language: str) -> list[ChecklistRow]:
    """One question per duty sentence; a clause whose translation states its duty without a duty
    word is asked as a whole ("Does the contractor meet clause …?")."""
    def read() -> list[ChecklistRow]:
        rows: list[ChecklistRow] = []
        for duty in duties(manual, language):
            sentences = [plain_line(s, language, manual.sources) for s in duty.sentences]
            asked = [question(s, language) for s in sentences] or [
                text(language, "checklist_whole_clause", id=duty.clause.id, title=duty.clause.title)]
            rows += [ChecklistRow(len(rows) + index + 1, duty.clause.id, duty.clause.title, asked_question)
                     for index, asked_question in enumerate(asked)]
        return rows

    return manual.derived(("checklist-rows", language), read)


def checklist_made_from(manual: Manual, language: str) -> str:
    """The edition the checklist was made from, as every page names it."""
    return text(language, "checklist_edition", edition=as_of_text(manual.editions.as_of(language), language))


# ---------------------------------------------------------------------------------------------
# Generated content


def _sentence_parts(sentence: str, language: str, manual: Manual) -> list:
    """A duty sentence as inline content: references link to their clause, citations to Appendix C."""
    parts: list = []
    position = 0
    for token in scan_tokens(sentence, 0):
        parts.append(plain_line(sentence[position:token.start], language, manual.sources))
        if token.kind == "reference":
            parts += [token.prefix, ClauseRef(token.value.target)]
        elif token.kind == "citation" and token.value.source in manual.sources:
            parts.append(SourceRef(token.value.source, token.value.pinpoint))
        else:
            parts.append(sentence[token.start:token.end])
        position = token.end
    parts.append(plain_line(sentence[position:], language, manual.sources))
    return [part for part in parts if part != ""]


def _listed(language: str, items: list) -> list:
    separator = text(language, "list_separator")
    joined: list = []
    for item in items:
        joined += [separator, item] if joined else [item]
    return joined


def _basis(manual: Manual, duty: Duty, language: str) -> list:
    """The clause's citations of a legal kind (those a duty rests on), each once, with pinpoints."""
    cited = dict.fromkeys((c.source, c.pinpoint) for c in duty.clause.citations
                          if c.source in manual.sources and manual.sources[c.source].kind in LEGAL_KINDS)
    return _listed(language, [SourceRef(source, pinpoint) for source, pinpoint in cited])


def _nispom(manual: Manual, clause_id: str, language: str) -> list | str:
    sections = manual.crosswalk.clause_sections.get(clause_id)
    if sections is None:
        return ""
    if not sections:
        return text(language, "nispom_no_counterpart")
    return _listed(language, [ExternalLink(f"§ {section}", ecfr_url(section), "en") for section in sections])


def _changed(manual: Manual, clause_id: str, language: str) -> str:
    """"Changed since the last edition" where that is so; an amendment by the latest edition too."""
    history = manual.editions
    latest = history.latest
    if latest is None:
        return ""
    if clause_id in history.unreleased(manual.authoritative):
        return text(language, "duties_changed_since", edition=latest.label(language))
    versions = history.versions(manual.authoritative).get(clause_id, [])
    if len(versions) > 1 and versions[-1].edition is latest:
        return text(language, "duties_amended_in", edition=latest.label(language))
    return ""


def duties_register(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    found = duties(manual, lang)
    if not found:
        return [Paragraph(text(lang, "none"))]
    blocks: list[Block] = [Paragraph(text(lang, "duties_count", count=len(found))),
                           Paragraph(as_of_text(manual.editions.as_of(lang), lang))]
    header = [text(lang, "column_id"), text(lang, "duties_duty"), text(lang, "duties_basis"),
              text(lang, "nispom_section"), text(lang, "duties_changed")]
    chapters: dict[str, list[Duty]] = {}
    for duty in found:
        chapters.setdefault(duty.clause.path, []).append(duty)
    for path, listed in sorted(chapters.items(), key=lambda item: clause_sort_key(item[1][0].clause.id)):
        page = ctx.registry.pages.get(path)
        title = (page.title if page and page.title else path).split("{")[0].strip()
        rows = []
        for duty in listed:
            sentence = (_listed(lang, [_sentence_parts(s, lang, manual) for s in duty.sentences]) if duty.sentences
                        else text(lang, "duties_read_clause"))
            rows.append([ClauseRef(duty.clause.id, titled=True), sentence, _basis(manual, duty, lang),
                         _nispom(manual, duty.clause.id, lang), _changed(manual, duty.clause.id, lang)])
        anchor = "duties-" + re.sub(r"[^a-z0-9-]+", "-", path[:-3].lower()).strip("-")
        blocks += [Heading(1, title, anchor), Table(header, rows, css_class="dism-duties")]
    return blocks


def checklist(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    rows = checklist_rows(manual, lang)
    blocks: list[Block] = [Paragraph(checklist_made_from(manual, lang))]
    if lang != manual.authoritative:
        blocks.append(Paragraph(text(lang, "checklist_translates")))
    if not rows:
        return [*blocks, Paragraph(text(lang, "none"))]
    header = [text(lang, "checklist_number"), text(lang, "column_id"), text(lang, "checklist_question"),
              text(lang, "checklist_yes"), text(lang, "checklist_no"), text(lang, "checklist_na"),
              text(lang, "checklist_note")]
    table_rows = [[str(row.number), ClauseRef(row.clause_id), row.question, "", "", "", ""] for row in rows]
    return [*blocks, Table(header, table_rows, css_class="dism-checklist")]
