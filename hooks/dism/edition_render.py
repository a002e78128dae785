"""What editions put into pages: "as of", clause history with differences, the record of changes,
the Atom feed, permanent-address pages and the script that follows clauses that moved.

All text from data files and frozen texts is escaped here, where it becomes HTML.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Callable, Iterable

from .blocks import Block, ClauseRef, ExternalLink, Heading, Items, Paragraph, Strong
from .build_cache import MEMO, digest
from .clauses import CLAUSE_ID_IN_TEXT, Clause, scan_tokens
from .dates import format_date
from .editions import AMENDED, CHANGE_KINDS, MOVED, AsOf, Change, EditionHistory, Version, body_lines
from .markdown_text import iter_lines
from .render import RenderContext, page_url, relative_url
from .sources import Source, citation_text
from .texts import text

# Lines that keep their own line when a paragraph is reflowed for reading: list items, table rows.
KEEPS_LINE = re.compile(r"^\s*(?:[-*+]\s|[0-9]+\.\s|[a-z]\.\s|\||（[0-9０-９一-九]+）)")
FEED_FILE = "editions.atom"
TRANSLATION_REVISED = "translation_revised"
LIST_MARKER = re.compile(r"^[-*+][ \t]+")
EN_WORD = re.compile(r"\s+|[\w'’-]+|[^\w\s]")


def as_of_text(as_of: AsOf, language: str) -> str:
    """The one sentence every page (and print) shows: the edition, its date, unreleased changes."""
    if as_of.edition is None:
        return text(language, "as_of_none")
    key = "as_of_unreleased" if as_of.unreleased else "as_of"
    return text(language, key, edition=as_of.label(language), date=format_date(as_of.date, language))


# ---------------------------------------------------------------------------------------------
# Reading text and differences


def reading_text(clause: Clause, language: str, sources: dict[str, Source]) -> str:
    """A clause as a reader reads it: references and citations as shown on pages, paragraphs
    reflowed (Japanese joins lines without a space), list items and table rows on their own line."""
    joiner = "" if language == "ja" else " "
    paragraphs: list[str] = []
    current = ""
    for line in [*body_lines(clause), ""]:
        stripped = plain_line(line.strip(), language, sources)
        if not stripped:
            if current:
                paragraphs.append(current)
            current = ""
        elif not current:
            current = stripped
        elif KEEPS_LINE.match(line):
            current += "\n" + stripped
        else:
            current += joiner + stripped
    title = f"{clause.id} {clause.title}".strip()
    return "\n\n".join([title, *paragraphs])


def plain_line(line: str, language: str, sources: dict[str, Source]) -> str:
    """One line of Markdown as a reader reads it: references as IDs, citations as names."""
    line = LIST_MARKER.sub("・" if language == "ja" else "• ", line)
    pieces, position = [], 0
    for token in scan_tokens(line, 0):
        pieces.append(line[position:token.start])
        original = line[token.start:token.end]
        if token.kind == "reference":
            pieces.append(f"{token.prefix}{token.value.target}")
        elif token.kind == "citation" and token.value.source in sources:
            pieces.append(citation_text(sources[token.value.source], token.value.pinpoint, language))
        else:
            pieces.append(original)
        position = token.end
    pieces.append(line[position:])
    return "".join(pieces)


def tokens(value: str, language: str) -> list[str]:
    """Characters for Japanese, words (and the spaces and marks between them) for English."""
    return list(value) if language == "ja" else EN_WORD.findall(value)


def diff_html(old: str, new: str, language: str) -> str:
    """``new`` with insertions in ``<ins>`` and deletions in ``<del>`` (underlined and struck
    through by the stylesheet, so they are told apart without colour). Kept between the preview's
    rebuilds: a save changes one clause, and every clause history's diffs cost most of a rebuild."""
    return MEMO.compute("clause-diff", digest(old, new, language), lambda: _diff_html(old, new, language))


def _diff_html(old: str, new: str, language: str) -> str:
    before, after = tokens(old, language), tokens(new, language)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_text_html("".join(after[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{_text_html(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{_text_html(''.join(after[j1:j2]))}</ins>")
    return "".join(out)


def diff_text(old: str, new: str, language: str, context: int = 30) -> str:
    """The same difference for a terminal: ``[-deleted-]{+added+}``, long unchanged runs cut."""
    before, after = tokens(old, language), tokens(new, language)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = "".join(after[j1:j2])
            if len(same) > 2 * context:
                same = (same[:context] if out else "") + " … " + same[-context:]
            out.append(same)
            continue
        if i2 > i1:
            out.append(f"[-{''.join(before[i1:i2])}-]")
        if j2 > j1:
            out.append(f"{{+{''.join(after[j1:j2])}+}}")
    return "".join(out).replace("\n", " ")


def translation_diff_html(old: Clause, new: Clause, language: str, authoritative: str,
                          sources: dict[str, Source]) -> str:
    """For a stale English clause: what changed in the Japanese since its translation was accepted."""
    shown = diff_html(reading_text(old, authoritative, sources), reading_text(new, authoritative, sources), authoritative)
    summary = html.escape(text(language, "japanese_changes"))
    legend = html.escape(text(language, "diff_legend_short"))
    return (f'<details class="translation-diff"><summary>{summary}</summary><p class="clause-diff-legend">{legend}</p>'
            f'<div class="clause-diff" lang="{html.escape(authoritative)}">{shown}</div></details>')


def _text_html(value: str) -> str:
    # Paragraph breaks and line breaks as elements: the block stays one line of raw HTML, which
    # Markdown passes through untouched.
    escaped = keep_ids_together(html.escape(value, quote=False))
    return escaped.replace("\n\n", "<br><br>").replace("\n", "<br>")


def keep_ids_together(escaped: str) -> str:
    """Each clause ID of escaped text in a span that the stylesheet keeps on one line (a narrow
    screen never breaks "9-" from "301")."""
    return CLAUSE_ID_IN_TEXT.sub(r'<span class="clause-id">\1</span>', escaped)


# ---------------------------------------------------------------------------------------------
# Clause history on pages


def clause_history_html(
    clause: Clause, versions: list[Version], unreleased: bool, language: str, sources: dict[str, Source]
) -> str:
    """A closed ``<details>``: its summary is the marker, its body every version with differences."""
    amended = versions[1:]
    parts = []
    if amended:
        last = amended[-1].edition
        parts.append(text(language, "amended_in", edition=last.label(language), date=format_date(last.date, language)))
    if unreleased:
        parts.append(text(language, "changed_since", edition=versions[-1].edition.label(language)) if versions
                     else text(language, "new_since"))
    items = []
    texts = [(v.edition.label(language), format_date(v.edition.date, language), reading_text(v.clause, language, sources)) for v in versions]
    if unreleased:
        texts.append((text(language, "current_text"), "", reading_text(clause, language, sources)))
    for index in range(len(texts) - 1, -1, -1):
        label, date, body = texts[index]
        shown = diff_html(texts[index - 1][2], body, language) if index else _text_html(body)
        heading = html.escape(text(language, "edition_with_date", edition=label, date=date) if date else label)
        items.append(f'<li><p class="clause-version-label">{heading}</p><div class="clause-diff">{shown}</div></li>')
    legend = html.escape(text(language, "diff_legend"))
    summary = html.escape(text(language, "list_separator").join(parts))
    return (f'<details class="clause-history"><summary>{summary}</summary><p class="clause-diff-legend">'
            f'{legend}</p><ol class="clause-versions" reversed>{"".join(items)}</ol></details>')


def page_history_notices(history: EditionHistory, language: str, clauses: Iterable[Clause],
                         sources: dict[str, Source]) -> dict[str, str]:
    """Clause ID -> history block, for the clauses of one page that changed since the first edition."""
    versions = history.versions(language)
    unreleased = history.unreleased(language)
    found = {}
    for clause in clauses:
        own = versions.get(clause.id, [])
        changed_now = clause.id in unreleased and bool(history.editions)
        if len(own) > 1 or changed_now:
            found[clause.id] = clause_history_html(clause, own, changed_now, language, sources)
    return found


def translation_basis(history: EditionHistory, lock_entries: dict[str, str], clause_ids: list[str],
                      language: str) -> str:
    """For an English page: the Japanese edition each clause translates, grouped by edition."""
    by_fingerprint = history.translated_editions()
    groups: dict[str, list[str]] = {}
    for clause_id in clause_ids:
        if clause_id not in lock_entries:
            continue  # never accepted: its own notice says it is not yet translated
        edition = by_fingerprint.get(lock_entries[clause_id])
        label = (text(language, "edition_with_date", edition=edition.label(language), date=format_date(edition.date, language))
                 if edition else text(language, "no_edition"))
        groups.setdefault(label, []).append(clause_id)
    if not groups:
        return ""
    if len(groups) == 1:
        return text(language, "translates_edition", edition=next(iter(groups)))
    listed = text(language, "list_separator").join(
        f"{', '.join(ids)}: {label}" for label, ids in groups.items())
    return text(language, "translates_editions", editions=listed)


def page_as_of_html(history: EditionHistory, language: str, clauses: list[Clause], lock_entries: dict[str, str],
                    translated_page: bool) -> str:
    """A page's "as of" paragraph: the edition it shows, its clauses changed since, and, on a
    translated page (``translated_page``), the Japanese edition each clause translates."""
    as_of = history.as_of(language)
    sentences = [as_of_text(as_of, language)]
    changed = [c.id for c in clauses if c.id in history.unreleased(language)]
    if changed and as_of.edition:
        sentences.append(text(language, "page_unreleased", edition=as_of.label(language),
                              clauses=text(language, "list_separator").join(changed)))
    if translated_page and clauses:
        sentences.append(translation_basis(history, lock_entries, [c.id for c in clauses], language))
    return as_of_html(sentences)


FIRST_H1_END = re.compile(r"</h1>", re.IGNORECASE)


def add_as_of(page_html: str, line_html: str) -> str:
    """Put the "as of" paragraph right under the page's first level-1 heading (top if none).

    It is added to the finished page, not to its Markdown: the first change after an edition
    changes this line on every page, and everything else of the pages stays as it was (make
    serve converts and renders again only what changed)."""
    heading_end = FIRST_H1_END.search(page_html)
    if heading_end is None:
        return line_html + "\n" + page_html
    return page_html[:heading_end.end()] + "\n" + line_html + page_html[heading_end.end():]


def as_of_html(sentences: list[str]) -> str:
    return '<p class="edition-as-of">' + " ".join(keep_ids_together(html.escape(s)) for s in sentences if s) + "</p>"


def moved_anchor_script(targets: dict[str, str]) -> str:
    """On an old page, send ``#9-305`` to the clause's new page when the anchor is not here."""
    data = json.dumps(targets, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    return (
        "<script>(function(){var moved=" + data + ";function go(){var id=decodeURIComponent("
        "location.hash.slice(1));if(moved[id]&&!document.getElementById(id))location.replace(moved[id]);}"
        'go();window.addEventListener("hashchange",go);})();</script>'
    )


# ---------------------------------------------------------------------------------------------
# Record of changes and the feed


def record_of_changes(history: EditionHistory, ctx: RenderContext, feed_href: str,
                      edition_data_href: Callable[[str], str] | None = None) -> list[Block]:
    """The editions, newest first; ``edition_data_href`` gives the address of an edition's data file."""
    lang = ctx.language
    blocks: list[Block] = [Paragraph(ExternalLink(text(lang, "feed_link"), feed_href))]
    if not history.editions:
        return [*blocks, Paragraph(text(lang, "no_editions_yet"))]
    for index in range(len(history.editions) - 1, -1, -1):
        edition = history.editions[index]
        blocks += [Heading(1, f"{edition.label(lang)} ({format_date(edition.date, lang)})", f"edition-{edition.id}"),
                   Paragraph(edition.summary[lang])]
        if edition_data_href is not None:
            blocks.append(Paragraph(ExternalLink(text(lang, "download_edition_data"), edition_data_href(edition.id))))
        if index == 0:
            blocks.append(Paragraph(text(lang, "first_edition", count=len(edition.clauses.get(lang, {})))))
            continue
        # An edition changes the authoritative text; a translation revised on its own is listed apart.
        found = history.edition_changes(index, history.authoritative)
        if lang != history.authoritative:
            changed = {c.clause_id for c in found if c.kind != MOVED}
            found += [Change(TRANSLATION_REVISED, c.clause_id, c.page) for c in history.edition_changes(index, lang)
                      if c.kind == AMENDED and c.clause_id not in changed]
        if not found:
            blocks.append(Paragraph(text(lang, "no_clause_changes")))
        items = []
        for kind in (*CHANGE_KINDS, TRANSLATION_REVISED):
            refs = [_change_ref(ctx, c) for c in found if c.kind == kind]
            if refs:
                joined: list = []
                for ref in refs:
                    joined += [text(lang, "list_separator"), ref] if joined else [ref]
                items.append([Strong(text(lang, "change_" + kind)), ": ", *joined])
        if items:
            blocks.append(Items(items))
    return blocks


def _change_ref(ctx: RenderContext, change: Change) -> list:
    ref = ClauseRef(change.clause_id) if change.clause_id in ctx.registry.clauses else change.clause_id
    if change.kind == MOVED:
        return [ref, f" ({change.from_page} → {change.page})"]
    return [ref]


def atom_feed(history: EditionHistory, language: str, site_name: str, base_url: str, record_url: str) -> str:
    """An Atom feed of editions, newest first. Dates are the editions' own: the output depends only
    on the recorded editions, never on when the site was built."""
    feed_url = f"{base_url}{FEED_FILE}"
    # An Atom ID must be an absolute IRI; without a site URL the links are relative and the IDs are
    # URNs made from the language and the edition ID, which never change.
    feed_id = feed_url if base_url else f"urn:dism-editions:{language}"
    entries = []
    for edition in reversed(history.editions):
        link = f"{base_url}{record_url}#edition-{edition.id}"
        entry_id = link if base_url else f"{feed_id}:{edition.id}"
        entries.append(
            "  <entry>\n"
            f"    <title>{_xml(edition.label(language))} ({_xml(format_date(edition.date, language))})</title>\n"
            f"    <id>{_xml(entry_id)}</id>\n"
            f'    <link rel="alternate" type="text/html" href="{_xml(link)}"/>\n'
            f"    <updated>{edition.date}T00:00:00Z</updated>\n"
            f"    <summary>{_xml(edition.summary[language])}</summary>\n"
            "  </entry>\n"
        )
    updated = history.latest.date if history.latest else "1970-01-01"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_xml(language)}">\n'
        f"  <title>{_xml(site_name)} – {_xml(text(language, 'record_title'))}</title>\n"
        f"  <id>{_xml(feed_id)}</id>\n"
        f'  <link rel="self" type="application/atom+xml" href="{_xml(feed_url)}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{_xml(base_url + record_url)}"/>\n'
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        f"  <author><name>{_xml(site_name)}</name></author>\n"
        + "".join(entries) + "</feed>\n"
    )


def _xml(value: str) -> str:
    return html.escape(value, quote=True)


# ---------------------------------------------------------------------------------------------
# Permanent addresses and old pages


def permanent_address(clause_id: str) -> str:
    """The address of a clause that never depends on its page, relative to a language's root."""
    return f"c/{clause_id}/"


def redirect_html(from_url: str, to_url: str, label: str, language: str, moved: dict[str, str] | None = None) -> str:
    """A static page that sends the reader on (script, then meta refresh), with a visible link.

    ``moved`` maps anchors to addresses (relative to the site root of the language) for an old
    page whose clauses now live on several pages. From file:// a directory address gets its
    index.html, as no server adds it there.
    """
    href = relative_url(from_url, to_url.split("#")[0]) + ("#" + to_url.split("#", 1)[1] if "#" in to_url else "")
    targets = {anchor: relative_url(from_url, target.split("#")[0]) + "#" + anchor
               for anchor, target in (moved or {}).items()}
    data = json.dumps(targets, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    script = (
        "(function(){var moved=" + data + ",t=" + json.dumps(href).replace("</", "<\\/") + ";"
        "var id=decodeURIComponent(location.hash.slice(1));if(moved[id])t=moved[id];"
        "else if(location.hash&&t.indexOf('#')<0)t+=location.hash;"
        "if(location.protocol==='file:')t=t.replace(/\\/(#|$)/,'/index.html$1');location.replace(t);})();"
    )
    escaped = html.escape(href)
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(label)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{escaped}">\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={escaped}"></noscript>\n'
        f"<script>{script}</script>\n</head>\n<body>\n"
        f'<p><a href="{escaped}">{html.escape(label)}</a></p>\n</body>\n</html>\n'
    )


def clause_url(clause: Clause, directory_urls: bool) -> str:
    return f"{page_url(clause.path, directory_urls)}#{clause.id}"

