"""Generated content: the clause index, translation status, authorities, glossary and crosswalk.

Each generator returns blocks (``dism.blocks``) in the reader's language: text and links as
values, never Markdown or HTML. ``render.write_blocks`` writes them into the page and escapes.
"""

from __future__ import annotations

from collections.abc import Callable

from .basis_levels import LEVELS, counts_by_page
from .blocks import (
    Block, ClauseRef, Code, ExternalLink, Fields, Heading, Items, Markup, PageRef, Paragraph, SourceRef, Strong, Table,
)
from .crosswalk import ecfr_url, nispom_anchor, section_sort_key
from .dates import format_date
from .downloads import downloads, manual_data_file, site_root_prefix
from .duties_register import checklist, duties_register
from .edition_render import FEED_FILE, record_of_changes, translation_diff_html
from .manual import Manual
from .render import RenderContext, basis_anchor, page_url, relative_url
from .sources import Source, link_for_language, link_language
from .sync import CURRENT, MISSING, ORPHANED, STALE, STATES, UNTRANSLATED, clause_sort_key
from .texts import text


def generators(manual: Manual) -> dict[str, Callable[[RenderContext], list[Block]]]:
    return {
        "clause-index": lambda ctx: clause_index(manual, ctx),
        "translation-status": lambda ctx: translation_status(manual, ctx),
        "authorities": lambda ctx: authorities(manual, ctx),
        "glossary": lambda ctx: glossary(manual, ctx),
        "nispom-crosswalk": lambda ctx: nispom_crosswalk(manual, ctx),
        "downloads": lambda ctx: download_list(manual, ctx),
        "basis-legend": lambda ctx: basis_legend(ctx),
        "duties": lambda ctx: duties_register(manual, ctx),
        "checklist": lambda ctx: checklist(manual, ctx),
        "record-of-changes": lambda ctx: record_of_changes(
            manual.editions, ctx, relative_url(page_url(ctx.page_path, ctx.directory_urls), FEED_FILE),
            lambda edition_id: _from_site_root(manual, ctx, manual_data_file(ctx.language, edition_id))),
    }


def _none(lang: str) -> list[Block]:
    return [Paragraph(text(lang, "none"))]


def _chapter_link(ctx: RenderContext, path: str) -> PageRef:
    page = ctx.registry.pages.get(path)
    title = (page.title if page and page.title else path).split("{")[0].strip()
    return PageRef(path, title)


def _listed(lang: str, items: list) -> list:
    """Items joined by the language's list separator."""
    separator = text(lang, "list_separator")
    joined: list = []
    for index, item in enumerate(items):
        joined += [separator, item] if index else [item]
    return joined


def _from_site_root(manual: Manual, ctx: RenderContext, file: str) -> str:
    """A link from the page being rendered to a file at the site root (the PDFs, the data files)."""
    here = site_root_prefix(ctx.language, manual.paths.languages[0]) + page_url(ctx.page_path, ctx.directory_urls)
    return relative_url(here, file)


def download_list(manual: Manual, ctx: RenderContext) -> list[Block]:
    """The files a reader can take away, linked from the page that holds the directive."""
    return [Items([ExternalLink(text(ctx.language, item.label), _from_site_root(manual, ctx, item.file))
                   for item in downloads(ctx.language, offline_copy=ctx.directory_urls)])]


def clause_index(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    clauses = sorted(ctx.registry.clauses.values(), key=lambda clause: clause_sort_key(clause.id))
    rows = [[ClauseRef(clause.id), clause.title, _chapter_link(ctx, clause.path)] for clause in clauses]
    if not rows:
        return _none(lang)
    return [Table([text(lang, "column_id"), text(lang, "column_title"), text(lang, "column_chapter")], rows)]


def translation_status(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    sync = manual.sync
    counts = sync.counts()
    total = sum(counts[s] for s in (CURRENT, STALE, UNTRANSLATED, MISSING))
    percent = round(100 * counts[CURRENT] / total) if total else 100
    blocks: list[Block] = [Paragraph(text(lang, "status_summary", current=counts[CURRENT], total=total, percent=percent))]

    per_page = sync.counts_by_page()
    header = [text(lang, "column_chapter")] + [text(lang, f"state_{s}") for s in STATES]
    rows = [[_chapter_link(ctx, path)] + [str(c[s]) for s in STATES] for path, c in per_page.items()]
    rows.append([Strong(text(lang, "total"))] + [str(counts[s]) for s in STATES])
    blocks += [Table(header, rows), Heading(1, text(lang, "status_needs_work"), "needs-work")]

    work = [s for s in sync.states if s.state != CURRENT]
    if not work and not sync.orphaned_lock:
        return [*blocks, Paragraph(text(lang, "status_all_current")), *basis_by_chapter(manual, ctx)]
    rows = []
    for state in work:
        clause = state.en if lang != manual.authoritative and state.en else state.ja or state.en
        link = ClauseRef(state.id) if state.id in ctx.registry.clauses else state.id
        where = state.en_source if state.state in (STALE, UNTRANSLATED, ORPHANED) else state.ja_source
        line = (state.en or state.ja).line if state.state != MISSING else state.ja.line
        rows.append([link, clause.title if clause else "", text(lang, f"state_{state.state}"), Code(f"{where}:{line}")])
    lock_file = manual.paths.shown(manual.paths.lock_path)
    rows += [[cid, "", text(lang, "state_orphaned"), Code(f"{lock_file}:{manual.lock.lines[cid]}")]
             for cid in sync.orphaned_lock]
    header = [text(lang, "column_id"), text(lang, "column_title"), text(lang, "column_state"), text(lang, "column_file")]
    return [*blocks, Table(header, rows), *_japanese_changes(manual, ctx, work), *basis_by_chapter(manual, ctx)]


def basis_by_chapter(manual: Manual, ctx: RenderContext) -> list[Block]:
    """How many clauses of each page stand at each basis level (of the authoritative text)."""
    lang = ctx.language
    levels = manual.basis.get(manual.authoritative, {})
    if not levels:
        return []
    per_page = counts_by_page(levels, manual.registries[manual.authoritative].clauses)
    totals = {level: sum(counts[level] for counts in per_page.values()) for level in LEVELS}
    header = [text(lang, "column_chapter"), *(text(lang, f"basis_{level}") for level in LEVELS), text(lang, "total")]
    rows = [[_chapter_link(ctx, path), *(str(per_page[path][level]) for level in LEVELS),
             str(sum(per_page[path].values()))] for path in per_page]
    rows.append([Strong(text(lang, "total")), *(str(totals[level]) for level in LEVELS), str(sum(totals.values()))])
    return [Heading(1, text(lang, "basis_by_chapter"), "basis-by-chapter"), Table(header, rows)]


def basis_legend(ctx: RenderContext) -> list[Block]:
    """The legend of the basis levels shown under each clause heading; each row is the target of
    the labels of its level."""
    lang = ctx.language
    rows = [[Strong(text(lang, f"basis_{level}")), text(lang, f"basis_{level}_help")] for level in LEVELS]
    header = [text(lang, "basis_column_level"), text(lang, "basis_column_meaning")]
    return [Heading(1, text(lang, "basis_legend_title"), "basis-levels"), Paragraph(text(lang, "basis_legend_intro")),
            Table(header, rows, tuple(basis_anchor(level) for level in LEVELS))]


def _japanese_changes(manual: Manual, ctx: RenderContext, work) -> list[Block]:
    """For each stale clause, what changed in the Japanese since its translation was accepted."""
    lang = ctx.language
    found: list[Block] = []
    for state in work:
        accepted = manual.accepted_japanese(state.id) if state.state == STALE else None
        if accepted is not None:
            diff = translation_diff_html(accepted, state.ja, lang, manual.authoritative, manual.sources)
            found += [Paragraph(ClauseRef(state.id)), Markup(diff.replace("<details ", "<details open ", 1))]
    if not found:
        return []
    return [Heading(1, text(lang, "status_changes"), "japanese-changes"), *found]


def _source_details(source: Source, lang: str) -> list[tuple[str, object]]:
    other = "en" if lang == "ja" else "ja"
    rows: list[tuple[str, object]] = [(text(lang, "source_kind"), text(lang, f"kind_{source.kind}"))]
    other_name = source.name(other)
    if other == "en" and source.name_status == "unofficial":
        other_name += f" ({text(lang, 'unofficial_name')})"
    rows.append((text(lang, "source_english"), other_name))
    number = source.names.get(lang, {}).get("number")
    if number:
        rows.append((text(lang, "source_number"), number))
    if source.date:
        rows.append((text(lang, "source_date"), format_date(source.date, lang)))
    if source.in_force:
        rows.append((text(lang, "source_in_force"), format_date(source.in_force, lang)))
    if source.links:
        links = [
            ExternalLink(text(lang, f"link_{name}"), link_for_language(url, lang), link_language(name, lang))
            for name, url in source.links.items()
        ]
        rows.append((text(lang, "source_links"), _listed(lang, links)))
    if source.notes.get(lang):
        rows.append((text(lang, "source_note"), source.notes[lang]))
    if source.verified:
        rows.append((text(lang, "source_verified"), _listed(lang, [_verification(v, lang) for v in source.verified])))
    return rows


def _verification(verified, lang: str) -> list:
    """Where a detail was checked: the page, the day it was read, and what it confirms."""
    return [ExternalLink(verified.url, verified.url), f" ({text(lang, 'verified_read', date=format_date(verified.date, lang))}): {verified.covers}"]


def authorities(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    citing = manual.citing_clauses(lang)
    blocks: list[Block] = []
    for source in manual.sources.values():
        name = source.name(lang)
        if lang != "ja" and source.name_status == "unofficial":
            name += f" ({text(lang, 'unofficial_name')})"
        clauses = sorted(citing.get(source.id, []), key=clause_sort_key)
        listed = _listed(lang, [ClauseRef(cid) for cid in clauses]) or text(lang, "none")
        blocks += [
            Heading(1, name, f"src-{source.id}"),
            Fields(_source_details(source, lang)),
            Paragraph([f"{text(lang, 'source_clauses')}: ", listed]),
        ]
    return blocks or _none(lang)


def glossary(manual: Manual, ctx: RenderContext) -> list[Block]:
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
        source = SourceRef(term.source) if term.source in manual.sources else ""
        definition = term.definitions.get(lang) or term.definitions.get(other, "")
        rows.append([Strong(own), foreign, term.abbr, definition, source])
    header = [text(lang, "glossary_term"), text(lang, "glossary_english"), text(lang, "glossary_abbr"),
              text(lang, "glossary_definition"), text(lang, "glossary_source")]
    return [Table(header, rows)] if rows else _none(lang)


def _section_link(section: str) -> ExternalLink:
    return ExternalLink(f"§ {section}", ecfr_url(section), "en")


def nispom_crosswalk(manual: Manual, ctx: RenderContext) -> list[Block]:
    lang = ctx.language
    crosswalk = manual.crosswalk
    no_counterpart = text(lang, "nispom_no_counterpart")
    by_clause = sorted(crosswalk.clause_sections.items(), key=lambda item: clause_sort_key(item[0]))
    rows = [
        [ClauseRef(cid), ctx.registry.clauses[cid].title if cid in ctx.registry.clauses else "",
         _listed(lang, [_section_link(s) for s in sections]) or no_counterpart,
         crosswalk.notes.get(cid, {}).get(lang, "")]
        for cid, sections in by_clause
    ]
    header = [text(lang, "column_id"), text(lang, "column_title"), text(lang, "nispom_section"), text(lang, "nispom_note")]
    first = Table(header, rows, tuple(nispom_anchor(clause_id=cid) for cid, _ in by_clause))
    by_section = crosswalk.clauses_by_section()
    sections = sorted(set(crosswalk.section_titles) | set(by_section), key=section_sort_key)
    rows = [
        [_section_link(section), crosswalk.section_titles.get(section.split("(")[0], ""),
         _listed(lang, [ClauseRef(c, titled=True) for c in sorted(by_section.get(section, []), key=clause_sort_key)])]
        for section in sections
    ]
    row_ids = [nispom_anchor(section=section) for section in sections]
    unmatched = [cid for cid, sections in by_clause if not sections]
    if unmatched:
        rows.append(["—", no_counterpart, _listed(lang, [ClauseRef(c, titled=True) for c in unmatched])])
        row_ids.append("")
    second = Table([text(lang, "nispom_section"), text(lang, "nispom_title"), text(lang, "clauses")], rows, tuple(row_ids))
    return [
        Heading(1, text(lang, "nispom_by_clause"), "by-clause"), first,
        Heading(1, text(lang, "nispom_by_section"), "by-nispom-section"), second,
    ]
