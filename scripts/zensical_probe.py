"""How ready Zensical is for this manual: build the manual with MkDocs (the pinned set, .venv) and
with Zensical (requirements-zensical.txt, .venv-zensical), compare the two sites, feed both the
same bad inputs, and write what Zensical loses to docs-engine/zensical-probe.md.

    make zensical-probe

Optional and outside CI's pass or fail: Zensical is not what the manual is published with. Every
figure of the report is computed here from the two builds; nothing in it is written by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REPORT = PROJECT_ROOT / "docs-engine/zensical-probe.md"
# What a build reads: the configuration, the pages, the data, the hooks and the theme overrides.
PROJECT_FILES = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
CLAUSE_ID = re.compile(r"^(?:[1-9][0-9]?|[A-Z])-[0-9]{3}$")
MANUAL_SYNTAX = re.compile(r"\[\[[^\]\n]{1,80}\]\]")
# Material's own classes (md-*), Python-Markdown's and Pygments' are the theme's, not the manual's.
THEME_CLASS = re.compile(r"^(?:md-|admonition|headerlink|toc|highlight|footnote|task|tabbed|no-js|"
                         r"details|superfences|language-|twemoji|emoji|arithmatex|critic|[a-z]{1,3}$)")


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    clause_links: int = 0
    alternates: set[str] = field(default_factory=set)
    classes: Counter = field(default_factory=Counter)
    literal_syntax: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0  # inside <code>, <pre>, <script> or <style>: not the page's text

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("code", "pre", "script", "style"):
            self._skip += 1
        if attributes.get("id"):
            self.page.ids.add(attributes["id"])
        href = attributes.get("href") or ""
        if tag == "a" and "#" in href and CLAUSE_ID.match(href.rsplit("#", 1)[1]):
            self.page.clause_links += 1
        if tag in ("a", "link") and attributes.get("hreflang"):
            self.page.alternates.add(attributes["hreflang"])
        for name in (attributes.get("class") or "").split():
            if not THEME_CLASS.match(name):
                self.page.classes[name] += 1

    def handle_endtag(self, tag):
        if tag in ("code", "pre", "script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.page.literal_syntax += MANUAL_SYNTAX.findall(data)


def read_site(site: Path, japanese_prefix: str) -> dict[str, Page]:
    """Every HTML page of ``site`` by its address in the MkDocs layout (Japanese at the root)."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        address = file.relative_to(site).as_posix()
        if japanese_prefix and address.startswith(japanese_prefix):
            address = address[len(japanese_prefix):]
        parser = _PageParser()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        pages[address] = parser.page
    return pages


def other_files(site: Path, japanese_prefix: str) -> set[str]:
    """The files that are not pages nor the theme's assets (search indexes, feeds, sitemaps)."""
    found = set()
    for file in site.rglob("*"):
        address = file.relative_to(site).as_posix()
        if file.is_file() and not address.endswith(".html") and not address.startswith("assets/"):
            found.add(address[len(japanese_prefix):] if japanese_prefix and address.startswith(japanese_prefix)
                      else address)
    return found


@dataclass
class Build:
    ok: bool
    seconds: float
    output: str


def copy_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    return root


def build(engine: str, root: Path) -> Build:
    """A strict build of the project copy in ``root`` into ``root/site``."""
    if engine == "mkdocs":
        command = [str(PROJECT_ROOT / ".venv/bin/python"), "-m", "mkdocs", "build", "--strict", "-d", "site"]
    else:
        # Zensical has no option for the site folder: it writes site_dir of the config (site/).
        command = [str(PROJECT_ROOT / ".venv-zensical/bin/zensical"), "build", "--strict", "-f", "mkdocs.yml"]
    started = time.monotonic()
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False,
                          env={**environment, "NO_MKDOCS_2_WARNING": "1"})
    return Build(done.returncode == 0, time.monotonic() - started, done.stdout + done.stderr)


def version(python: Path, package: str) -> str:
    done = subprocess.run([str(python), "-c", f"from importlib.metadata import version; print(version({package!r}))"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


# Bad inputs: what the manual's checks refuse. Each is appended to the Japanese chapter 9.
BAD_INPUTS = [
    ("unknown clause reference", "誤った参照 [[98-999]] を含む行。"),
    ("unknown source cited", "根拠：[[@no-such-source 1]]"),
    ("clause ID declared twice", "### 9-301 重複\n\n本文。"),
    ("link to a page that does not exist", "[存在しないページ](no-such-page.md)"),
]
BAD_PAGE = "docs/ja/chapter-09.md"


def bad_input_verdict(result: Build, line: int) -> str:
    if result.ok:
        return "**passes (exit 0): the bad input is published**"
    named = f"chapter-09.md:{line}" in result.output
    return "fails, naming `chapter-09.md:%d`" % line if named else "fails, without naming the line"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    zensical_python = PROJECT_ROOT / ".venv-zensical/bin/python"
    with tempfile.TemporaryDirectory(prefix="zensical-probe-") as scratch:
        scratch = Path(scratch)
        builds = {}
        for engine in ("mkdocs", "zensical"):
            root = copy_project(scratch / engine)
            builds[engine] = build(engine, root)
            print(f"{engine}: {'ok' if builds[engine].ok else 'FAILED'} in {builds[engine].seconds:.1f} s", flush=True)
        if not builds["mkdocs"].ok:
            print(builds["mkdocs"].output[-4000:], file=sys.stderr)
            print("The manual's own build fails: fix it first (make build).", file=sys.stderr)
            return 1
        reference_site = scratch / "mkdocs/site"
        zensical_site = scratch / "zensical/site"
        # Zensical moves the default language into its own folder (/ja/); MkDocs with static-i18n
        # builds it at the root. Pages are compared by their MkDocs address.
        moved = "ja/" if (zensical_site / "ja/index.html").exists() and not (reference_site / "ja").exists() else ""
        reference = read_site(reference_site, "")
        probed = read_site(zensical_site, moved) if zensical_site.exists() else {}
        reference_files = other_files(reference_site, "")
        probed_files = other_files(zensical_site, moved) if zensical_site.exists() else set()

        verdicts = []
        for name, text in BAD_INPUTS:
            line = len((PROJECT_ROOT / BAD_PAGE).read_text(encoding="utf-8").splitlines()) + 2
            row = [name, f"`{text.splitlines()[0]}`"]
            for engine in ("mkdocs", "zensical"):
                root = copy_project(scratch / f"bad-{len(verdicts)}-{engine}")
                with (root / BAD_PAGE).open("a", encoding="utf-8") as page:
                    page.write(f"\n{text}\n")
                row.append(bad_input_verdict(build(engine, root), line))
            verdicts.append(row)
            print(f"bad input: {name}: {row[2:]}", flush=True)

    report = write_report(builds, reference, probed, reference_files, probed_files, moved, verdicts,
                          version(PROJECT_ROOT / ".venv/bin/python", "mkdocs"),
                          version(PROJECT_ROOT / ".venv/bin/python", "mkdocs-material"),
                          version(zensical_python, "zensical"))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report, encoding="utf-8")
    print(f"written: {args.report.relative_to(PROJECT_ROOT) if args.report.is_relative_to(PROJECT_ROOT) else args.report}")
    return 0


def page_kind(address: str) -> str:
    language = "English" if address.startswith("en/") else "Japanese"
    rest = address[3:] if address.startswith("en/") else address
    if rest.startswith("c/"):
        return f"{language} permanent clause addresses (`c/<id>/`)"
    if rest.startswith("parallel/"):
        return f"{language} parallel views (`parallel/<page>/`)"
    return f"{language} pages"


def write_report(builds, reference, probed, reference_files, probed_files, moved, verdicts,
                 mkdocs_version, material_version, zensical_version) -> str:
    lines = [
        "# Zensical readiness probe",
        "",
        "Written by `make zensical-probe` (`scripts/zensical_probe.py`) from two builds of the same",
        f"manual: MkDocs {mkdocs_version} with Material {material_version} and the hooks (the published",
        f"build, without PDFs), and Zensical {zensical_version} reading the same `mkdocs.yml`. Do not edit",
        "it by hand; run the probe again. The plan that uses it is in `MAINTAINING.md`.",
        "",
        "## The two builds",
        "",
        "| | MkDocs (published) | Zensical |",
        "|---|---|---|",
        f"| strict build | {'passes' if builds['mkdocs'].ok else 'fails'} | {'passes' if builds['zensical'].ok else 'fails'} |",
        f"| time (one run, 2 shared cores) | {builds['mkdocs'].seconds:.1f} s | {builds['zensical'].seconds:.1f} s |",
        f"| HTML pages | {len(reference)} | {len(probed)} |",
        f"| clause anchors (`id=\"9-301\"`) | {sum(len({i for i in p.ids if CLAUSE_ID.match(i)}) for p in reference.values())} "
        f"| {sum(len({i for i in p.ids if CLAUSE_ID.match(i)}) for p in probed.values())} |",
        f"| links to a clause (`…#9-301`) | {sum(p.clause_links for p in reference.values())} "
        f"| {sum(p.clause_links for p in probed.values())} |",
        f"| pages that link to the other language (`hreflang`) | {sum(1 for p in reference.values() if p.alternates)} "
        f"| {sum(1 for p in probed.values() if p.alternates)} |",
        f"| the manual's syntax left as text (`[[…]]` outside code) | "
        f"{sum(len(p.literal_syntax) for p in reference.values())} | {sum(len(p.literal_syntax) for p in probed.values())} |",
        "",
    ]
    published_literal = sorted(address for address, page in reference.items() if page.literal_syntax)
    if published_literal:
        lines += ["The published build, too, leaves the manual's syntax as text on "
                  + ", ".join(f"`{address}` (`{reference[address].literal_syntax[0]}`)" for address in published_literal)
                  + ": a defect of the hooks, not of Zensical.", ""]
    if moved:
        lines += [f"Zensical writes the Japanese manual under `/{moved}` instead of the site's root: every Japanese",
                  "address readers and other documents hold (`/chapter-09/#9-301`) would change. Below, its pages",
                  "are compared by their MkDocs address.", ""]
    tail = [line for line in builds["zensical"].output.strip().splitlines() if line.strip()][-3:]
    lines += ["Zensical's own last words on the manual:", "", "```text", *tail, "```", ""]

    missing = sorted(set(reference) - set(probed))
    lines += ["## Pages that disappear", ""]
    if missing:
        kinds = Counter(page_kind(address) for address in missing)
        lines += ["| kind | missing | of |", "|---|---|---|"]
        for kind, count in sorted(kinds.items()):
            total = sum(1 for address in reference if page_kind(address) == kind)
            lines.append(f"| {kind} | {count} | {total} |")
        singles = [address for address in missing if page_kind(address).endswith(" pages")]
        if singles:
            lines += ["", "Missing pages: " + ", ".join(f"`{address}`" for address in singles) + "."]
    else:
        lines.append("None.")
    extra = sorted(set(probed) - set(reference))
    if extra:
        lines += ["", "Pages only Zensical writes: " + ", ".join(f"`{address}`" for address in extra) + "."]
    lines.append("")

    lines += ["## Other files that disappear", "",
              "Files of the site other than pages and the theme's assets (search indexes, feeds, sitemaps).", ""]
    gone = sorted(reference_files - probed_files)
    lines += [", ".join(f"`{name}`" for name in gone) + "." if gone else "None."]
    new = sorted(probed_files - reference_files)
    if new:
        lines += ["", "Only in Zensical's site: " + ", ".join(f"`{name}`" for name in new) + "."]
    lines.append("")

    lines += ["## Clauses, links and generated content, page by page", "",
              "For each page both builds write: clause anchors and links to clauses (MkDocs → Zensical), and",
              "the manual's syntax Zensical leaves as text (the first of it quoted).", "",
              "| page | clause anchors | links to clauses | `[[…]]` left as text |", "|---|---|---|---|"]
    for address in sorted(set(reference) & set(probed)):
        before, after = reference[address], probed[address]
        anchors = (len({i for i in before.ids if CLAUSE_ID.match(i)}), len({i for i in after.ids if CLAUSE_ID.match(i)}))
        if anchors == (0, 0) and before.clause_links == after.clause_links == 0 and not after.literal_syntax:
            continue
        left = f"{len(after.literal_syntax)} (`{after.literal_syntax[0]}`)" if after.literal_syntax else "0"
        lines.append(f"| `{address}` | {anchors[0]} → {anchors[1]} | {before.clause_links} → {after.clause_links} | {left} |")
    lines.append("")

    lines += ["## Reading aids that disappear", "",
              "Elements the hooks and the overrides add, counted by their class over every page both builds",
              "write (classes of the theme and of Python-Markdown left out).", "",
              "| class | MkDocs | Zensical |", "|---|---|---|"]
    common = set(reference) & set(probed)
    before = sum((reference[address].classes for address in common), Counter())
    after = sum((probed[address].classes for address in common), Counter())
    for name in sorted(before, key=lambda name: (-before[name], name)):
        if after[name] < before[name]:
            lines.append(f"| `{name}` | {before[name]} | {after[name]} |")
    lines.append("")

    lines += ["## Checks: does a bad input still fail the build?", "",
              f"Each bad input is appended to `{BAD_PAGE}` of a copy of the manual, then built with `--strict`.", "",
              "| bad input | written | MkDocs (published) | Zensical |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in verdicts]
    lines += ["", "A bad input that Zensical passes is published to readers without a word: until every row",
              "fails on Zensical, it must not build the manual (MAINTAINING.md).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
