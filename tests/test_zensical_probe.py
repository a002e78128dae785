"""The Zensical probe's comparison (scripts/zensical_probe.py), on two small hand-written sites: what
it reports as lost is what is lost, and the manual's syntax inside code is not counted."""

from zensical_probe import Build, other_files, read_site, write_report

CHAPTER = ('<h3 id="9-301">9-301 保管</h3><p>施錠する（<a href="#9-302">9-302</a>参照）。</p>'
           '<span class="clause-cited-by">参照元</span><a hreflang="en" href="en/">English</a>')
PROBED_CHAPTER = "<h3>9-301 保管</h3><p>施錠する（[[9-302]]参照）。</p><code>[[9-999]]</code>"


def write(root, files):
    for path, text in files.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    return root


def test_the_report_counts_what_disappears_and_ignores_syntax_in_code(tmp_path):
    reference = write(tmp_path / "mkdocs", {"chapter-09/index.html": CHAPTER, "c/9-301/index.html": "",
                                             "en/chapter-09/index.html": CHAPTER})
    (reference / "search").mkdir()
    (reference / "search/clauses-ja.js").write_text("", encoding="utf-8")
    probed = write(tmp_path / "zensical", {"ja/chapter-09/index.html": PROBED_CHAPTER,
                                           "en/chapter-09/index.html": PROBED_CHAPTER})
    reference_pages, probed_pages = read_site(reference, ""), read_site(probed, "ja/")
    assert set(probed_pages) == {"chapter-09/index.html", "en/chapter-09/index.html"}
    assert probed_pages["chapter-09/index.html"].literal_syntax == ["[[9-302]]"]

    builds = {"mkdocs": Build(True, 1.0, ""), "zensical": Build(True, 0.5, "No issues found\n")}
    verdicts = [["unknown clause reference", "`[[98-999]]`", "fails, naming `chapter-09.md:1`",
                 "**passes (exit 0): the bad input is published**"]]
    report = write_report(builds, reference_pages, probed_pages, other_files(reference, ""),
                          other_files(probed, "ja/"), "ja/", verdicts, "1.6.1", "9.8.1", "0.0.73")
    assert "| clause anchors (`id=\"9-301\"`) | 2 | 0 |" in report
    assert "| links to a clause (`…#9-301`) | 2 | 0 |" in report
    assert "| pages that link to the other language (`hreflang`) | 2 | 0 |" in report
    assert "| the manual's syntax left as text (`[[…]]` outside code) | 0 | 2 |" in report
    assert "| Japanese permanent clause addresses (`c/<id>/`) | 1 | 1 |" in report
    assert "`search/clauses-ja.js`" in report
    assert "under `/ja/`" in report
    assert "| `clause-cited-by` | 2 | 0 |" in report
    assert "| `chapter-09/index.html` | 1 → 0 | 1 → 0 | 1 (`[[9-302]]`) |" in report
    assert "**passes (exit 0): the bad input is published**" in report
