"""Generated content: the clause index, translation status, authorities, glossary and crosswalk.

Each generator returns Markdown in the reader's language. Clause references in it are written
as ``[[9-301]]`` and rendered by the same code as the manual's own references.
"""

from __future__ import annotations

from collections.abc import Callable

from .crosswalk import section_sort_key
from .dates import format_date
from .manual import Manual
from .render import RenderContext, html_link, page_href
from .sources import Source
from .sync import CURRENT, MISSING, ORPHANED, STALE, STATES, UNTRANSLATED, clause_sort_key
from .texts import text


def generators(manual: Manual) -> dict[str, Callable[[RenderContext], str]]:
    return {
        "clause-index": lambda ctx: clause_index(manual, ctx),
        "translation-status": lambda ctx: translation_status(manual, ctx),
        "authorities": lambda ctx: authorities(manual, ctx),
        "glossary": lambda ctx: glossary(manual, ctx),
        "nispom-crosswalk": lambda ctx: nispom_crosswalk(manual, ctx),
    }


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _chapter_link(ctx: RenderContext, path: str) -> str:
    page = ctx.registry.pages.get(path)
    title = (page.title if page and page.title else path).split("{")[0].strip()
    return html_link(title, page_href(ctx, path))


def clause_index(manual: Manual, ctx: RenderContext) -> str:
    lang = ctx.language
    rows = []
    for path, page in ctx.registry.pages.items():
        for clause in page.clauses:
            if ctx.registry.clauses.get(clause.id) is clause:
                rows.append([f"[[{clause.id}]]", clause.title, _chapter_link(ctx, path)])
    if not rows:
        return text(lang, "none")
    return _table([text(lang, "column_id"), text(lang, "column_title"), text(lang, "column_chapter")], rows)


def translation_status(manual: Manual, ctx: RenderContext) -> str:
    lang = ctx.language
    sync = manual.sync
    counts = sync.counts()
    total = sum(counts[s] for s in (CURRENT, STALE, UNTRANSLATED, MISSING))
    percent = round(100 * counts[CURRENT] / total) if total else 100
    parts = [text(lang, "status_summary", current=counts[CURRENT], total=total, percent=percent), ""]

    per_page = sync.counts_by_page()
    header = [text(lang, "column_chapter")] + [text(lang, f"state_{s}") for s in STATES]
    rows = [[_chapter_link(ctx, path)] + [str(c[s]) for s in STATES] for path, c in per_page.items()]
    rows.append([f"**{text(lang, 'total')}**"] + [str(counts[s]) for s in STATES])
    parts += [_table(header, rows), "", f"### {text(lang, 'status_needs_work')} {{#needs-work}}", ""]

    work = [s for s in sync.states if s.state != CURRENT]
    if not work and not sync.orphaned_lock:
        parts.append(text(lang, "status_all_current"))
        return "\n".join(parts)
    rows = []
    for state in work:
        clause = state.en if lang != manual.authoritative and state.en else state.ja or state.en
        link = f"[[{state.id}]]" if state.id in ctx.registry.clauses else state.id
        where = state.en_source if state.state in (STALE, UNTRANSLATED, ORPHANED) else state.ja_source
        line = (state.en or state.ja).line if state.state != MISSING else state.ja.line
        rows.append([link, clause.title if clause else "", text(lang, f"state_{state.state}"), f"`{where}:{line}`"])
    rows += [[cid, "", text(lang, "state_orphaned"), f"`{manual.paths.shown(manual.paths.lock_path)}:{manual.lock.lines[cid]}`"]
             for cid in sync.orphaned_lock]
    header = [text(lang, "column_id"), text(lang, "column_title"), text(lang, "column_state"), text(lang, "column_file")]
    parts.append(_table(header, rows))
    return "\n".join(parts)


def _source_details(source: Source, lang: str) -> list[list[str]]:
    other = "en" if lang == "ja" else "ja"
    rows = [[text(lang, "source_kind"), source.kind]]
    other_name = source.name(other)
    if other == "en" and source.name_status == "unofficial":
        other_name += f" ({text(lang, 'unofficial_name')})"
    rows.append([text(lang, "source_english"), other_name])
    number = source.names.get(lang, {}).get("number")
    if number:
        rows.append([text(lang, "source_number"), number])
    if source.date:
        rows.append([text(lang, "source_date"), format_date(source.date, lang)])
    if source.in_force:
        rows.append([text(lang, "source_in_force"), format_date(source.in_force, lang)])
    if source.links:
        rows.append([text(lang, "source_links"), " · ".join(f"[{name}]({url})" for name, url in source.links.items())])
    if source.notes.get(lang):
        rows.append([text(lang, "source_note"), source.notes[lang]])
    return rows


def authorities(manual: Manual, ctx: RenderContext) -> str:
    lang = ctx.language
    citing = manual.citing_clauses(lang)
    parts = []
    for source in manual.sources.values():
        name = source.name(lang)
        if lang != "ja" and source.name_status == "unofficial":
            name += f" ({text(lang, 'unofficial_name')})"
        parts += [f"### {name} {{#src-{source.id}}}", ""]
        parts += [_table(["", ""], _source_details(source, lang)), ""]
        clauses = citing.get(source.id, [])
        listed = text(lang, "list_separator").join(f"[[{cid}]]" for cid in clauses) or text(lang, "none")
        parts += [f"{text(lang, 'source_clauses')}: {listed}", ""]
    return "\n".join(parts) or text(lang, "none")


def glossary(manual: Manual, ctx: RenderContext) -> str:
    lang = ctx.language
    other = "en" if lang == "ja" else "ja"
    rows = []
    terms = sorted(manual.glossary, key=lambda t: t.ja if lang == "ja" else t.en.lower())
    for term in terms:
        own, foreign = (term.ja, term.en) if lang == "ja" else (term.en, term.ja)
        if lang == "en" and term.unofficial:
            own += f" ({text(lang, 'unofficial_name')})"
        elif lang == "ja" and term.unofficial:
            foreign += f"（{text(lang, 'unofficial_name')}）"
        source = f"[[@{term.source}]]" if term.source in manual.sources else ""
        rows.append([f"**{own}**", foreign, term.abbr, term.definitions.get(lang) or term.definitions.get(other, ""), source])
    header = [text(lang, "glossary_term"), text(lang, "glossary_english"), text(lang, "glossary_abbr"),
              text(lang, "glossary_definition"), text(lang, "glossary_source")]
    return _table(header, rows) if rows else text(lang, "none")


def nispom_crosswalk(manual: Manual, ctx: RenderContext) -> str:
    lang = ctx.language
    crosswalk = manual.crosswalk
    by_clause = sorted(crosswalk.clause_sections.items(), key=lambda item: clause_sort_key(item[0]))
    rows = [
        [f"[[{cid}]]", ctx.registry.clauses[cid].title if cid in ctx.registry.clauses else "", ", ".join(f"§ {s}" for s in sections)]
        for cid, sections in by_clause
    ]
    first = _table([text(lang, "column_id"), text(lang, "column_title"), text(lang, "nispom_section")], rows)
    by_section = crosswalk.clauses_by_section()
    separator = text(lang, "list_separator")
    rows = [
        [f"§ {section}", crosswalk.section_titles.get(section.split("(")[0], ""), separator.join(f"[[{c}]]" for c in by_section.get(section, []))]
        for section in sorted(set(crosswalk.section_titles) | set(by_section), key=section_sort_key)
    ]
    second = _table([text(lang, "nispom_section"), text(lang, "nispom_title"), text(lang, "clauses")], rows)
    return f"{first}\n\n### {text(lang, 'nispom_section')} {{#by-nispom-section}}\n\n{second}"
