"""Write a synthetic manual of N clauses in both languages: a complete small MkDocs project.

The benchmark (``scripts/bench.py``) builds it to see how the hooks' cost grows with the size
of the manual. The project holds:

* ``mkdocs.yml``: this project's configuration without ``nav`` (so every page is used), with
  the hooks and the theme overrides of this project by absolute path;
* ``mkdocs.no-hooks.yml``: the same configuration without the hooks;
* ``docs/ja`` and ``docs/en``: pages of 20-50 clauses each (paragraphs, lists, a table now and
  then, about three clause references a clause in every form, citations, glossary terms), a home
  page, the clause index and the translation status page;
* ``data/``: ``sources.yml``, ``glossary.yml`` and ``translation.lock``, the lock written with the
  project's own parser and fingerprint so that every English clause is current.

The output depends only on N and the seed. Usage::

    .venv/bin/python scripts/generate_manual.py --clauses 1000 --out /tmp/manual-1000
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dism.clauses import parse_page
from dism.repetition import normalize
from dism.sync import fingerprint, format_lock

PROJECT_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_SEED = 20240917
MARKER = ".generated-manual"
NO_HOOKS_CONFIG = "mkdocs.no-hooks.yml"
MIN_PAGE, MAX_PAGE = 20, 50
MAX_CHAPTERS, MAX_SECTIONS = 99, 9
RESERVED_SHARE = 0.01
TABLE_SHARE = 0.12
LIST_SHARE = 0.3

# ---------------------------------------------------------------------------------------------
# Vocabulary. Every Japanese text has an English counterpart with the same references and
# citations; the glossary terms of a Japanese sentence appear in English as their agreed term.
# ---------------------------------------------------------------------------------------------

CHAPTERS = [
    ("総則", "General Provisions"),
    ("関係者の責務", "Responsibilities"),
    ("事業者の保全体制", "Contractor Security Organization"),
    ("報告", "Reporting Requirements"),
    ("適合性", "Eligibility"),
    ("適性評価", "Security Clearance Assessment"),
    ("保全教育", "Security Training"),
    ("指定及び表示", "Classification and Marking"),
    ("秘密の保護", "Safeguarding"),
    ("訪問", "Visits and Meetings"),
    ("下請負", "Subcontracting"),
    ("情報システム", "Information Systems"),
    ("国際", "International Security"),
    ("特別要件", "Special Requirements"),
    ("経済安全保障との関係", "Relation to Economic Security"),
]

# Section and clause title nouns: (Japanese, English).
NOUNS = [
    ("管理", "Control"), ("保管", "Storage"), ("報告", "Reporting"), ("教育", "Training"),
    ("点検", "Inspection"), ("指定", "Designation"), ("表示", "Marking"), ("破棄", "Destruction"),
    ("複製", "Reproduction"), ("運搬", "Transmission"), ("開示", "Disclosure"), ("記録", "Records"),
    ("監査", "Audit"), ("承認", "Approval"), ("変更", "Changes"), ("廃止", "Termination"),
]

# Glossary terms are built from a modifier and a head: 保全 + 責任者 = 保全責任者, Security Officer.
MODIFIERS = [
    ("保全", "Security"), ("秘密", "Classified"), ("情報", "Information"), ("施設", "Facility"),
    ("装備", "Equipment"), ("契約", "Contract"), ("文書", "Document"), ("通信", "Communications"),
    ("電子", "Electronic"), ("物理", "Physical"), ("人的", "Personnel"), ("輸出", "Export"),
]
HEADS = [
    ("管理者", "Custodian"), ("責任者", "Officer"), ("計画", "Plan"), ("区域", "Area"),
    ("台帳", "Register"), ("検査", "Inspection"), ("研修", "Course"), ("届出", "Notification"),
    ("手続", "Procedure"), ("基準", "Standard"),
]
GLOSSARY_SIZE = 60

SOURCE_SUBJECTS = [
    ("秘密の保全", "Security of Secrets", "Secrets"), ("情報セキュリティ", "Information Security", "InfoSec"),
    ("特定秘密の保護", "Protection of Specially Designated Secrets", "SDS"),
    ("装備品等の調達", "Procurement of Defense Equipment", "Procurement"),
    ("施設の保全", "Facility Security", "Facility"), ("適性評価の実施", "Security Clearance Assessment", "Clearance"),
    ("輸出管理", "Export Control", "Export"), ("下請負の管理", "Management of Subcontracts", "Subcontract"),
]
SOURCE_KINDS = [
    ("law", "に関する法律", "法", "Act on", "Act", "jlt"),
    ("cabinet-order", "に関する法律施行令", "施行令", "Order for Enforcement of the Act on", "Order", "jlt"),
    ("directive", "に関する訓令", "訓令", "Directive on", "Directive", "unofficial"),
    ("notice", "に関する通達", "通達", "Notice on", "Notice", "unofficial"),
    ("guideline", "に関するガイドライン", "ガイドライン", "Guideline on", "Guideline", "official"),
    ("contract-clause", "に関する特約条項", "特約条項", "Special Contract Clause on", "Clause", "unofficial"),
]
SOURCE_COUNT = 40
PINPOINTS = ["", "", "3", "12", "12(1)", "5-2", "7(2)(ii)", "20(3)(iv)", "table2", "suppl"]

# Sentences without references: {a} and {b} are glossary terms.
SENTENCES = [
    ("契約事業者は、{a}を取り扱う場合には、{b}について必要な措置を講じなければならない。",
     "A contractor handling the {a} shall take the necessary measures concerning the {b}."),
    ("{a}の管理は、{b}の定めるところにより行う。",
     "The {a} is managed as the {b} provides."),
    ("経営者等は、{a}の実施状況を定期的に確認し、その結果を記録しなければならない。",
     "Management shall check the implementation of the {a} periodically and record the results."),
    ("{a}に変更があった場合には、速やかに{b}に報告するものとする。",
     "Where the {a} changes, the contractor shall report it promptly to the {b}."),
    ("{a}は、必要最小限の範囲に限り、{b}を閲覧させることができる。",
     "The {a} may allow access to the {b} only to the minimum extent necessary."),
    ("防衛装備庁は、{a}の適切な運用を確保するため、{b}を実施することができる。",
     "ATLA may carry out the {b} to ensure the proper operation of the {a}."),
    ("{a}の具体的な様式及び記載事項は、要確認である。",
     "The specific form and entries of the {a} are to be confirmed."),
    ("{a}を廃止する場合には、{b}に記載された事項を引き継がなければならない。",
     "When the {a} is discontinued, the entries of the {b} shall be handed over."),
]
# Sentences with one reference {r}. The Japanese always puts the reference where the plain form
# is recognised (before 参照, の規定 or に定め); the English plain form puts the given lead word
# before the ID ("paragraph 9-301"), or none where the sentence has it already ("(see 9-301)").
REFERENCE_SENTENCES = [
    ("{a}の手続は、{r}に定めるところによる。", "The procedure for the {a} is as set out in {r}.", "paragraph"),
    ("{a}については、別に定める（{r}参照）。", "The {a} is dealt with separately (see {r}).", ""),
    ("{r}の規定は、{a}について準用する。", "The provisions of {r} apply mutatis mutandis to the {a}.", "clause"),
    ("{a}が置かれていない場合には、{r}の規定により{b}が代行する。",
     "Where no {a} is appointed, the {b} acts in that capacity under {r}.", "paragraph"),
]
CITATION_SENTENCES = [
    ("{a}の範囲は、{c}による。", "The scope of the {a} follows {c}."),
    ("{c}は、{a}の届出を義務付けている。", "{c} requires notification of the {a}."),
]
LIST_LEADS = [
    ("契約事業者は、次に掲げる措置を講じなければならない。", "The contractor shall take the following measures:"),
    ("{a}には、次に掲げる事項を記載する。", "The {a} records the following:"),
]
LIST_ITEMS = [
    ("{a}の整備", "maintaining the {a}"),
    ("{a}の点検", "inspecting the {a}"),
    ("{a}に関する記録の保存", "keeping records of the {a}"),
    ("{a}の指名及び解任", "appointing and dismissing the {a}"),
]
LIST_REFERENCE_ITEM = ("{a}の報告（{r}参照）", "reporting the {a} (see {r})", "")


@dataclass
class Term:
    ja: str
    en: str
    abbr: str = ""


@dataclass
class PlannedSection:
    number: int
    title: tuple[str, str]
    clause_ids: list[str]


@dataclass
class PlannedPage:
    index: int
    chapter: int
    path: str
    sections: list[PlannedSection] = field(default_factory=list)

    @property
    def clause_ids(self) -> list[str]:
        return [cid for section in self.sections for cid in section.clause_ids]


@dataclass
class GeneratedManual:
    root: Path
    clauses: int
    pages: int
    chapters: int
    references: int
    citations: int
    tables: int


# ---------------------------------------------------------------------------------------------
# Planning: pages, sections and chapters, and every clause ID, before any text is written.
# ---------------------------------------------------------------------------------------------

def page_sizes(clauses: int, rng: random.Random) -> list[int]:
    """Clauses per page: 20-50 each (a manual below 20 clauses is a single page)."""
    sizes: list[int] = []
    remaining = clauses
    while remaining > 0:
        if remaining <= MAX_PAGE:
            size = remaining
        elif remaining < MAX_PAGE + MIN_PAGE:
            size = remaining // 2
        else:
            size = rng.randint(MIN_PAGE, MAX_PAGE)
        sizes.append(size)
        remaining -= size
    return sizes


def plan_manual(clauses: int, rng: random.Random) -> list[PlannedPage]:
    """Pages of one or two sections; a chapter holds up to 9 sections, so 99 chapters suffice."""
    if clauses < 1:
        raise ValueError("the manual needs at least one clause")
    split_pages = []
    for size in page_sizes(clauses, rng):
        if size > 40:
            first = rng.randint(15, size - 15)
            split_pages.append([first, size - first])
        else:
            split_pages.append([size])
    total_sections = sum(len(sections) for sections in split_pages)
    per_chapter = min(MAX_SECTIONS, max(3, math.ceil(total_sections / 90)))

    pages: list[PlannedPage] = []
    chapter, used = 1, 0
    for index, sections in enumerate(split_pages):
        if used + len(sections) > per_chapter:
            chapter, used = chapter + 1, 0
        if chapter > MAX_CHAPTERS:
            raise ValueError(f"{clauses} clauses do not fit in {MAX_CHAPTERS} chapters of {MAX_SECTIONS} sections")
        page = PlannedPage(index, chapter, f"chapter-{chapter:02d}/section-{used + 1}.md")
        for size in sections:
            used += 1
            title = NOUNS[(chapter * 7 + used) % len(NOUNS)]
            ids = [f"{chapter}-{used}{paragraph:02d}" for paragraph in range(1, size + 1)]
            page.sections.append(PlannedSection(used, title, ids))
        pages.append(page)
    return pages


def make_glossary() -> list[Term]:
    terms: list[Term] = []
    abbreviations: set[str] = set()
    for index in range(GLOSSARY_SIZE):
        modifier = MODIFIERS[index % len(MODIFIERS)]
        head = HEADS[(index * 7 + index // len(MODIFIERS)) % len(HEADS)]
        term = Term(modifier[0] + head[0], f"{modifier[1]} {head[1]}")
        if any(t.ja == term.ja for t in terms):
            continue
        if index % 4 == 0:
            abbr = (modifier[1][0] + head[1][0] + "X").upper()
            if abbr not in abbreviations:
                abbreviations.add(abbr)
                term.abbr = abbr
        terms.append(term)
    return terms


def make_sources() -> list[dict]:
    sources = []
    for index in range(SOURCE_COUNT):
        subject_ja, subject_en, subject_short = SOURCE_SUBJECTS[index % len(SOURCE_SUBJECTS)]
        kind, ja_tail, ja_short_tail, en_head, en_short_tail, status = SOURCE_KINDS[index % len(SOURCE_KINDS)]
        edition = index // len(SOURCE_SUBJECTS) + 1
        sources.append({
            "id": f"{kind}-{index + 1:02d}",
            "kind": kind,
            "ja_name": f"{subject_ja}{ja_tail}（第{edition}版）",
            "ja_short": f"{subject_ja}{ja_short_tail}{edition}",
            "en_name": f"{en_head} {subject_en} (edition {edition})",
            "en_short": f"{subject_short} {en_short_tail} {edition}",
            "status": status,
        })
    return sources


# ---------------------------------------------------------------------------------------------
# Text: each block is a (Japanese, English) pair written from the same random draws.
# ---------------------------------------------------------------------------------------------

def _marked(sentence: str, marker: str) -> str:
    """The sentence with ``marker`` before its closing punctuation."""
    body = sentence.rstrip("。.:")
    return body + marker + sentence[len(body):]


class ClauseWriter:
    def __init__(self, rng: random.Random, pages: list[PlannedPage], terms: list[Term], sources: list[dict]):
        self.rng = rng
        self.pages = pages
        self.terms = terms
        self.sources = sources
        self.titles: dict[str, tuple[str, str]] = {}
        self.reserved: set[str] = set()
        self.page_targets: list[list[str]] = []
        self.references = self.citations = self.tables = 0
        # A manual states each sentence once (the build reports a long sentence in two clauses):
        # a draw that repeats an earlier sentence, as the build's check compares sentences (another
        # form of the same reference, another citation), names the clause it stands in.
        self.stated: set[str] = set()
        self.clause_id = ""
        for page in pages:
            for clause_id in page.clause_ids:
                if rng.random() < RESERVED_SHARE and not clause_id.endswith("-101"):
                    self.reserved.add(clause_id)
                    self.titles[clause_id] = ("（欠番）", "[Reserved]")
                else:
                    noun = rng.choice(NOUNS)
                    term = rng.choice(terms)
                    self.titles[clause_id] = (f"{term.ja}の{noun[0]}", f"{noun[1]} of the {term.en}")
            self.page_targets.append([cid for cid in page.clause_ids if cid not in self.reserved])

    # -- pieces ------------------------------------------------------------------------------

    def term_pair(self) -> tuple[str, str]:
        term = self.rng.choice(self.terms)
        english = term.abbr if term.abbr and self.rng.random() < 0.3 else term.en
        return term.ja, english

    def fill(self, ja: str, en: str, **extra: tuple[str, str]) -> tuple[str, str]:
        a, b = self.term_pair(), self.term_pair()
        values = {"a": a, "b": b, **extra}
        ja, en = ja.format(**{k: v[0] for k, v in values.items()}), en.format(**{k: v[1] for k, v in values.items()})
        if self.clause_id and (normalize(ja, "ja") in self.stated or normalize(en, "en") in self.stated):
            ja, en = _marked(ja, f"（{self.clause_id}関係）"), _marked(en, f" (for {self.clause_id})")
        self.stated.update((normalize(ja, "ja"), normalize(en, "en")))
        return ja, en

    def target(self, page: PlannedPage, own: str) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            candidates = self.page_targets[page.index]
        elif roll < 0.8:
            low, high = max(0, page.index - 3), min(len(self.pages) - 1, page.index + 3)
            candidates = self.page_targets[self.rng.randint(low, high)]
        else:
            candidates = self.page_targets[self.rng.randrange(len(self.pages))]
        candidates = [cid for cid in candidates if cid != own] or [
            cid for targets in self.page_targets for cid in targets if cid != own
        ]
        return self.rng.choice(candidates) if candidates else ""

    def reference(self, target: str, lead: str) -> tuple[str, str]:
        """The reference in both languages: explicit half the time, titled or plain otherwise."""
        self.references += 1
        roll = self.rng.random()
        if roll < 0.5:
            return f"[[{target}]]", f"[[{target}]]"
        if roll < 0.65:
            return f"[[+{target}]]", f"[[+{target}]]"
        return target, f"{lead} {target}" if lead else target

    def citation(self) -> tuple[str, str]:
        self.citations += 1
        source = self.rng.choice(self.sources)["id"]
        pinpoint = self.rng.choice(PINPOINTS)
        markup = f"[[@{source} {pinpoint}]]" if pinpoint else f"[[@{source}]]"
        return markup, markup

    def reference_sentence(self, page: PlannedPage, own: str) -> tuple[str, str]:
        ja, en, lead = self.rng.choice(REFERENCE_SENTENCES)
        target = self.target(page, own)
        if not target:
            return self.fill(*self.rng.choice(SENTENCES))
        return self.fill(ja, en, r=self.reference(target, lead))

    def paragraph(self, page: PlannedPage, own: str, references: int) -> tuple[str, str]:
        sentences = [self.fill(*self.rng.choice(SENTENCES)) for _ in range(self.rng.randint(1, 3))]
        sentences += [self.reference_sentence(page, own) for _ in range(references)]
        if self.rng.random() < 0.25:
            ja, en = self.rng.choice(CITATION_SENTENCES)
            sentences.append(self.fill(ja, en, c=self.citation()))
        self.rng.shuffle(sentences)
        return "".join(ja for ja, _ in sentences), " ".join(en for _, en in sentences)

    def bullet_list(self, page: PlannedPage, own: str, references: int) -> list[tuple[str, str]]:
        blocks = [self.fill(*self.rng.choice(LIST_LEADS)), ("", "")]
        items = [self.fill(*self.rng.choice(LIST_ITEMS)) for _ in range(self.rng.randint(2, 5))]
        for _ in range(references):
            target = self.target(page, own)
            if target:
                ja, en, lead = LIST_REFERENCE_ITEM
                items.insert(self.rng.randint(0, len(items)), self.fill(ja, en, r=self.reference(target, lead)))
        for number, (ja, en) in enumerate(items, start=1):
            blocks.append((f"{number}. {ja}", f"{number}. {en}"))
        return blocks

    def table(self, page: PlannedPage, own: str) -> list[tuple[str, str]]:
        self.tables += 1
        with_reference = self.rng.random() < 0.5
        rows = [("| 区分 | 措置 |" + (" 参照 |" if with_reference else ""),
                 "| Category | Measure |" + (" Reference |" if with_reference else "")),
                ("|---|---|" + ("---|" if with_reference else ""),) * 2]
        for _ in range(self.rng.randint(2, 5)):
            a, b = self.term_pair(), self.term_pair()
            ja, en = f"| {a[0]} | {b[0]}の実施 |", f"| {a[1]} | implementing the {b[1]} |"
            if with_reference:
                target = self.target(page, own)
                if target:
                    self.references += 1
                markup = f"[[{target}]]" if target else "—"
                ja, en = f"{ja} {markup} |", f"{en} {markup} |"
            rows.append((ja, en))
        return rows

    def basis(self) -> tuple[str, str]:
        cited = [self.citation() for _ in range(self.rng.randint(1, 3))]
        return "根拠：" + "、".join(ja for ja, _ in cited), "Basis: " + "; ".join(en for _, en in cited)

    # -- a clause ----------------------------------------------------------------------------

    def clause(self, page: PlannedPage, clause_id: str) -> list[tuple[str, str]]:
        self.clause_id = clause_id
        title_ja, title_en = self.titles[clause_id]
        blocks = [(f"### {clause_id} {title_ja}", f"### {clause_id} {title_en}"), ("", "")]
        if clause_id in self.reserved:
            return blocks
        references = self.rng.choice([1, 2, 3, 3, 3, 4, 5])
        paragraphs = self.rng.randint(1, 3)
        shares = [0] * paragraphs
        for _ in range(references):
            shares[self.rng.randrange(paragraphs)] += 1
        with_list = self.rng.random() < LIST_SHARE
        if with_list and shares[-1]:
            list_references, shares[-1] = 1, shares[-1] - 1
        else:
            list_references = 0
        for index, share in enumerate(shares):
            blocks += [self.paragraph(page, clause_id, share), ("", "")]
            if index == 0 and with_list:
                blocks += [*self.bullet_list(page, clause_id, list_references), ("", "")]
        if self.rng.random() < TABLE_SHARE:
            blocks += [*self.table(page, clause_id), ("", "")]
        blocks += [self.basis(), ("", "")]
        return blocks


def chapter_title(chapter: int) -> tuple[str, str]:
    ja, en = CHAPTERS[(chapter - 1) % len(CHAPTERS)]
    cycle = (chapter - 1) // len(CHAPTERS)
    if cycle:
        return f"{ja}（その{cycle + 1}）", f"{en} (Part {cycle + 1})"
    return ja, en


def page_text(page: PlannedPage, writer: ClauseWriter) -> tuple[str, str]:
    writer.clause_id = ""  # the page's introduction is not a clause
    chapter_ja, chapter_en = chapter_title(page.chapter)
    numbers = [section.number for section in page.sections]
    if len(numbers) == 1:
        span_ja, span_en = f"第{numbers[0]}節", f"Section {numbers[0]}"
    else:
        span_ja, span_en = f"第{numbers[0]}節〜第{numbers[-1]}節", f"Sections {numbers[0]}–{numbers[-1]}"
    blocks = [
        (f"# 第{page.chapter}章 {chapter_ja}（{span_ja}） {{#chapter-{page.chapter}}}",
         f"# Chapter {page.chapter} {chapter_en} ({span_en}) {{#chapter-{page.chapter}}}"),
        ("", ""),
        writer.fill("本ページは、{a}及び{b}に関する事業者の義務を定める。",
                    "This page sets out the contractor's duties concerning the {a} and the {b}."),
        ("", ""),
    ]
    for section in page.sections:
        anchor = f"{{#section-{page.chapter}-{section.number}}}"
        blocks += [
            (f"## 第{section.number}節 {section.title[0]} {anchor}", f"## Section {section.number} {section.title[1]} {anchor}"),
            ("", ""),
        ]
        for clause_id in section.clause_ids:
            blocks += writer.clause(page, clause_id)
    return "\n".join(ja for ja, _ in blocks), "\n".join(en for _, en in blocks)


def front_pages(pages: list[PlannedPage], writer: ClauseWriter) -> dict[str, tuple[str, str]]:
    first = writer.page_targets[0][0]
    last = next(targets[-1] for targets in reversed(writer.page_targets) if targets)
    index = (
        "# 防衛産業保全マニュアル（合成版） {#home}\n\n"
        "本サイトは、ビルドの性能を測るために生成した合成のマニュアルである。"
        f"条項は「章-節-項」の条項番号を持ち（{first}参照）、日本語版と英語版で同一である。"
        f"最後の条項は[[+{last}]]である。\n",
        "# Defense Industrial Security Manual (synthetic) {#home}\n\n"
        "This site is a synthetic manual generated to measure the build. "
        f"Each clause has a chapter-section-paragraph number (see {first}), the same in both languages. "
        f"The last clause is [[+{last}]].\n",
    )
    return {
        "index.md": index,
        "clause-index.md": (
            "# 条項索引 {#clause-index}\n\n本マニュアルのすべての条項を条項番号順に示す。\n\n[[generate: clause-index]]\n",
            "# Clause Index {#clause-index}\n\nEvery clause of the manual in clause order.\n\n[[generate: clause-index]]\n",
        ),
        "translation-status.md": (
            "# 英語版の翻訳状況 {#translation-status}\n\n各英語条項が最新の日本語条項に対応しているかを示す。\n\n"
            "[[generate: translation-status]]\n",
            "# Translation Status {#translation-status}\n\nWhether each English clause translates the current "
            "Japanese clause.\n\n[[generate: translation-status]]\n",
        ),
    }


# ---------------------------------------------------------------------------------------------
# Configuration and data files.
# ---------------------------------------------------------------------------------------------

def _top_level_blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """Split a YAML file into top-level blocks: (key or None for comments/blank, lines)."""
    blocks: list[tuple[str | None, list[str]]] = []
    for line in text.split("\n"):
        key = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line)
        if key:
            blocks.append((key.group(1), [line]))
        elif blocks and blocks[-1][0] is not None and (line.startswith((" ", "\t", "-")) or not line.strip()):
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks


def derive_config(project_config: str, project_root: Path, hooks: bool) -> str:
    """This project's mkdocs.yml without nav, with hooks and overrides by absolute path.

    Text is rewritten rather than re-dumped so tags (``!ENV``, the slugify object) stay as written.
    """
    out = [
        "# Generated by scripts/generate_manual.py from the project's mkdocs.yml: nav removed so every",
        f"# page is built; {'hooks' if hooks else 'no hooks'}; theme overrides of {project_root}.",
    ]
    for key, lines in _top_level_blocks(project_config):
        if key == "nav":
            continue
        if key == "hooks":
            if not hooks:
                continue
            lines = [
                re.sub(r"^(\s*-\s*)(\S+)\s*$", lambda m: f"{m.group(1)}{(project_root / m.group(2)).as_posix()}", line)
                for line in lines
            ]
        if key == "theme":
            lines = [
                re.sub(r"^(\s+custom_dir:\s*)(\S+)\s*$", lambda m: f"{m.group(1)}{(project_root / m.group(2)).as_posix()}", line)
                for line in lines
            ]
        out.extend(lines)
    return "\n".join(out).rstrip("\n") + "\n"


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sources_yaml(sources: list[dict]) -> str:
    lines = ["# Synthetic sources registry written by scripts/generate_manual.py.", ""]
    for source in sources:
        lines += [
            f"{source['id']}:",
            f"  kind: {source['kind']}",
            "  ja:",
            f"    name: {_yaml_string(source['ja_name'])}",
            f"    short: {_yaml_string(source['ja_short'])}",
            "  en:",
            f"    name: {_yaml_string(source['en_name'])}",
            f"    short: {_yaml_string(source['en_short'])}",
            f"    name_status: {source['status']}",
            "",
        ]
    return "\n".join(lines)


def glossary_yaml(terms: list[Term], sources: list[dict]) -> str:
    lines = ["# Synthetic glossary written by scripts/generate_manual.py.", ""]
    for index, term in enumerate(terms):
        lines += [
            f"- ja: {_yaml_string(term.ja)}",
            f"  en: {_yaml_string(term.en)}",
            *([f"  abbr: {_yaml_string(term.abbr)}"] if term.abbr else []),
            f"  def_ja: {_yaml_string(term.ja + 'をいう。')}",
            f"  def_en: {_yaml_string('The ' + term.en.lower() + '.')}",
            f"  source: {sources[index % len(sources)]['id']}",
            "",
        ]
    return "\n".join(lines)


def lock_text(ja_pages: dict[str, str]) -> str:
    """The lock that makes every English clause current, computed by the project's own code."""
    entries: dict[str, str] = {}
    for path, text in ja_pages.items():
        for clause in parse_page(text, path, f"docs/ja/{path}").clauses:
            entries[clause.id] = fingerprint(clause)
    return format_lock(entries)


def _prepare(out: Path) -> None:
    """Create ``out``, or empty the one this script made before; never touch another folder."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise FileExistsError(f"{out} is not empty and was not made by this script; choose another --out")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by scripts/generate_manual.py; the folder is replaced on the next run.\n")


def generate_manual(out: Path | str, clauses: int, seed: int = DEFAULT_SEED, project_root: Path = PROJECT_ROOT) -> GeneratedManual:
    """Write a synthetic manual of ``clauses`` clauses into ``out`` (replacing an earlier one)."""
    out = Path(out).resolve()
    project_root = Path(project_root).resolve()
    rng = random.Random(seed)
    pages = plan_manual(clauses, rng)
    terms = make_glossary()
    sources = make_sources()
    writer = ClauseWriter(rng, pages, terms, sources)

    texts: dict[str, tuple[str, str]] = {}
    for page in pages:
        texts[page.path] = page_text(page, writer)
    texts.update(front_pages(pages, writer))

    _prepare(out)
    project_config = (project_root / "mkdocs.yml").read_text(encoding="utf-8")
    (out / "mkdocs.yml").write_text(derive_config(project_config, project_root, hooks=True), encoding="utf-8")
    (out / NO_HOOKS_CONFIG).write_text(derive_config(project_config, project_root, hooks=False), encoding="utf-8")
    for language, position in (("ja", 0), ("en", 1)):
        for path, pair in texts.items():
            file = out / "docs" / language / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(pair[position].rstrip("\n") + "\n", encoding="utf-8")
    data = out / "data"
    data.mkdir()
    (data / "sources.yml").write_text(sources_yaml(sources), encoding="utf-8")
    (data / "glossary.yml").write_text(glossary_yaml(terms, sources), encoding="utf-8")
    ja_pages = {path: (out / "docs" / "ja" / path).read_text(encoding="utf-8") for path in texts}
    (data / "translation.lock").write_text(lock_text(ja_pages), encoding="utf-8")
    return GeneratedManual(
        root=out,
        clauses=clauses,
        pages=len(texts),
        chapters=pages[-1].chapter,
        references=writer.references,
        citations=writer.citations,
        tables=writer.tables,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clauses", type=int, required=True, help="number of clauses (each in both languages)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if this script made it)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    try:
        made = generate_manual(args.out, args.clauses, args.seed)
    except (ValueError, FileExistsError) as error:
        print(f"generate_manual: {error}", file=sys.stderr)
        return 2
    print(
        f"{made.root}: {made.clauses} clauses on {made.pages} pages per language ({made.chapters} chapters), "
        f"{made.references} references, {made.citations} citations, {made.tables} tables"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
