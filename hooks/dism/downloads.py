"""Where the files a reader can take away are published, relative to the site root."""

from __future__ import annotations

OFFLINE_ARCHIVE = "manual-offline.zip"


def pdf_name(language: str) -> str:
    return f"manual-{language}.pdf"
