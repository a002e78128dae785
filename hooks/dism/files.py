"""Reading the manual's text files exactly as MkDocs reads them, or saying why not.

Every file is UTF-8. A byte-order mark is dropped and CRLF or CR line ends are read as LF, as
MkDocs does for pages, so the checks see the same lines the site is built from. A file that is
not UTF-8 is a problem at the line of its first bad byte, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the problem that stops it being read."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(shown_as, line, f"not UTF-8 (byte 0x{data[error.start]:02x} at column {column}): save the file "
                    "as UTF-8 (the encoding of every page and data file)")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
