"""Where the files a reader can take away are published, relative to the site root."""

from __future__ import annotations

OFFLINE_ARCHIVE = "manual-offline.zip"
# The one folder at the top of the offline archive, which unpacks into it.
OFFLINE_FOLDER = "manual-offline"


def pdf_name(language: str) -> str:
    return f"manual-{language}.pdf"
