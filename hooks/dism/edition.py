"""The date stamped on the offline archive's entries: the last commit's, so that the same sources
always give the same archive. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) takes
precedence, for builds outside a git clone. (The edition a build publishes is the latest recorded
edition: ``editions.EditionHistory.as_of``.)
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path


class EditionUnknown(Exception):
    pass


def edition_date(root: Path) -> str:
    """``YYYY-MM-DD`` of the edition built from the project at ``root``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise EditionUnknown(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
        return moment.date().isoformat()
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cs"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        result = None
    date = result.stdout.strip() if result else ""
    if not date:
        raise EditionUnknown(
            "the edition date is the date of the last commit, but no git history was found: "
            "build from a git clone, or set SOURCE_DATE_EPOCH"
        )
    return date
