"""Would the manual's page-level syntax cost less as a Python-Markdown extension? A measurement.

Each page of both languages is converted to HTML two ways, with the Markdown extensions of the
project's ``mkdocs.yml``:

* as the build does it: ``render_page`` (hooks/clause_links.py, ``on_page_markdown``) writes
  clause anchors, ``[[9-301]]``, ``[[+9-301]]``, plain references, ``[[@source …]]`` citations,
  generated content and the per-clause paragraphs into the Markdown, Markdown converts it, and
  ``restore_links`` puts the deferred links back into the HTML (``on_page_content``);
* as an extension would: the same core run inside the conversion, a preprocessor for the text and
  a postprocessor for the links, configured per page with the same context.

Both must give the same HTML (checked on every page); the script prints the time of each, the
time of converting the page without the manual's syntax (what Python-Markdown does alone), and of
building the context. It prints a Markdown table for BENCHMARKS.md.

    .venv/bin/python scripts/syntax_extension_timing.py                 # this project's manual
    .venv/bin/python scripts/syntax_extension_timing.py --clauses 5000  # a generated manual
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from manual_cli import PROJECT_ROOT, load
from mkdocs.config import load_config

from dism.generated import generators
from dism.glossary import abbreviations
from dism.parallel import has_parallel_view, parallel_path
from dism.render import RenderContext, parallel_page_link, render_page, restore_links


class _ManualText(Preprocessor):
    def __init__(self, md, context: RenderContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        return parallel_page_link(render_page("\n".join(lines), self.context), self.context).split("\n")


class _ManualLinks(Postprocessor):
    def __init__(self, md, context: RenderContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, text: str) -> str:
        return restore_links(text, self.context.deferred_links or [])


class ManualSyntax(Extension):
    """The page-level syntax as an extension: the same core, inside the conversion."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md) -> None:
        # Before everything else reads the text (normalize_whitespace is 30, html_block 20).
        md.preprocessors.register(_ManualText(md, self.context), "dism_manual_text", 35)
        md.postprocessors.register(_ManualLinks(md, self.context), "dism_manual_links", 0)


def context_for(manual, language: str, path: str, directory_urls: bool = True) -> RenderContext:
    """The context hooks/clause_links.py builds for a page."""
    return RenderContext(
        language=language, page_path=path, registry=manual.registries[language], sources=manual.sources,
        authorities_path=manual.page_with_directive(language, "authorities"), directory_urls=directory_urls,
        generated=generators(manual), abbreviations=abbreviations(manual.glossary, language), deferred_links=[],
        crosswalk=manual.crosswalk, crosswalk_path=manual.page_with_directive(language, "nispom-crosswalk"),
        parallel_page=parallel_path(path) if has_parallel_view(manual, path) else None,
    )


def measure(root: Path, rounds: int) -> dict[str, float]:
    config = load_config(str(root / "mkdocs.yml"))
    extensions, configs = list(config.markdown_extensions), dict(config.mdx_configs)
    manual = load(root)
    pages = [(language, path, (root / "docs" / language / path).read_text(encoding="utf-8"))
             for language in manual.paths.languages for path in manual.pages[language]]
    best = {"hooks": float("inf"), "extension": float("inf"), "plain": float("inf"), "context": float("inf")}
    for _ in range(rounds):
        spent = dict.fromkeys(best, 0.0)
        for language, path, text in pages:
            start = time.perf_counter()
            context = context_for(manual, language, path)
            spent["context"] += time.perf_counter() - start

            start = time.perf_counter()
            rendered = parallel_page_link(render_page(text, context), context)
            by_hooks = restore_links(markdown.Markdown(extensions=extensions, extension_configs=configs)
                                     .convert(rendered), context.deferred_links)
            spent["hooks"] += time.perf_counter() - start

            context = context_for(manual, language, path)
            start = time.perf_counter()
            by_extension = markdown.Markdown(extensions=[*extensions, ManualSyntax(context)],
                                             extension_configs=configs).convert(text)
            spent["extension"] += time.perf_counter() - start
            if by_extension != by_hooks:
                raise SystemExit(f"{language}/{path}: the extension's HTML differs from the hooks'")

            start = time.perf_counter()
            markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)
            spent["plain"] += time.perf_counter() - start
        best = {key: min(best[key], spent[key]) for key in best}
    best["pages"] = len(pages)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clauses", type=int, help="measure a generated manual of this many clauses instead")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best of each way is reported")
    args = parser.parse_args()
    if args.clauses:
        from generate_manual import generate_manual

        scratch = tempfile.TemporaryDirectory(prefix="syntax-extension-")
        root = Path(scratch.name) / f"manual-{args.clauses}"
        generate_manual(root, args.clauses)
        name = f"generated, {args.clauses:,} clauses"
    else:
        root, name = PROJECT_ROOT, "this project's manual"
    result = measure(root, args.rounds)
    print(f"| {name} ({int(result['pages'])} pages, both languages) | {result['hooks']:.2f} | {result['extension']:.2f} "
          f"| {result['extension'] - result['hooks']:+.2f} | {result['plain']:.2f} | {result['context']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
