"""Where the files a reader can take away are published, relative to the site root, and which
of them a page offers."""

from __future__ import annotations

from dataclasses import dataclass

OFFLINE_ARCHIVE = "manual-offline.zip"
# The page of the navigation that lists them (each language's docs/<lang>/downloads.md).
DOWNLOADS_PAGE = "downloads.md"
# The one folder at the top of the offline archive, which unpacks into it.
OFFLINE_FOLDER = "manual-offline"


# The manual as data, its schemas and the checklist's spreadsheet (see ``manual_data``).
DATA_FOLDER = "data"
DATA_CATALOGUE = f"{DATA_FOLDER}/index.json"


def pdf_name(language: str) -> str:
    return f"manual-{language}.pdf"


def manual_data_file(language: str, edition_id: str | None = None) -> str:
    """``data/manual-ja.json`` (the text the site publishes) or ``data/manual-ja-edition-1.json``."""
    suffix = f"-edition-{edition_id}" if edition_id is not None else ""
    return f"{DATA_FOLDER}/manual-{language}{suffix}.json"


def checklist_file(language: str) -> str:
    return f"{DATA_FOLDER}/checklist-{language}.xlsx"


@dataclass(frozen=True)
class Download:
    file: str  # relative to the site root (every language's files sit there)
    label: str  # the key of its label in ``dism.texts``


def downloads(language: str, offline_copy: bool) -> list[Download]:
    """What a reader of ``language`` can take away: the PDF of the language, the checklist as a
    spreadsheet, the manual as data and the list of every data file, and, on the site (not in the
    offline copy, which does not contain itself), the offline copy."""
    files = [
        Download(pdf_name(language), "download_pdf"),
        Download(checklist_file(language), "download_checklist"),
        Download(manual_data_file(language), "download_manual_data"),
        Download(DATA_CATALOGUE, "download_data_catalogue"),
    ]
    if offline_copy:
        files.append(Download(OFFLINE_ARCHIVE, "download_offline"))
    return files


def site_root_prefix(language: str, default_language: str) -> str:
    """Where a language's pages sit under the site root: the default language at the root, the
    others in a folder of their own."""
    return "" if language == default_language else f"{language}/"
