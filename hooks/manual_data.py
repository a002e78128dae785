"""The manual as data and the checklist as a spreadsheet, written into the site at every build.

Event functions only; the files are made in ``dism.manual_data`` and ``dism.spreadsheet``. They
are written by every build (the preview too), so the links to them always work; the offline copy
is a build of its own and holds them as well.
"""

from __future__ import annotations

from pathlib import Path

import manual_site
from dism.downloads import checklist_file
from dism.manual_data import data_files
from dism.spreadsheet import checklist_workbook


def on_post_build(config, **kwargs):
    # The default language's build writes every file: they sit at the site root for both languages.
    if manual_site.current_language(config) != manual_site.languages(config)[0]:
        return
    manual = manual_site.manual_for(config)
    files = data_files(manual)
    for language in manual.paths.languages:
        files[checklist_file(language)] = checklist_workbook(manual, language)
    site = Path(config.site_dir)
    for relative, content in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
