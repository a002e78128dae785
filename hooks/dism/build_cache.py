"""What one ``mkdocs serve`` process keeps from one rebuild to the next.

``mkdocs serve`` rebuilds the whole site on every save, from a freshly loaded configuration. Most
of that work gives the same result as the previous rebuild: the same Markdown becomes the same
HTML, the same page text parses into the same clauses. A ``Memo`` keeps such results, keyed by a
digest of everything the result depends on, so a rebuild redoes only what an edit changed.

Results are kept only while the process serves (``enable``); a one-off build keeps nothing, so
its memory stays linear in the size of the manual. An entry not used by a whole rebuild is
dropped at the start of the next (``start_build``), so an editor's long session does not grow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    """A key for the given inputs (each part is delimited, so ("ab", "c") != ("a", "bc"))."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class Memo:
    """Results by key, for the life of a serving process."""

    def __init__(self) -> None:
        self.enabled = False
        self._current: dict[tuple[str, str], Any] = {}
        self._previous: dict[tuple[str, str], Any] = {}
        self._owner: object = None
        self.hits = 0
        self.misses = 0

    def enable(self) -> None:
        self.enabled = True

    def start_build(self, owner: object) -> None:
        """Keep what the last rebuild used and forget what it did not, once per rebuild: ``owner``
        is what stays the same within one rebuild (its configuration; the languages' nested
        builds share it) and changes with the next."""
        if owner is not self._owner:
            self._owner = owner
            self._previous, self._current = self._current, {}
            self.hits = self.misses = 0

    def get(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        found = self._current.get((kind, key))
        if found is None:
            found = self._previous.get((kind, key))
            if found is not None:
                self._current[(kind, key)] = found
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            self._current[(kind, key)] = value

    def compute(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """The kept result for ``key``, or ``make()``, kept."""
        found = self.get(kind, key)
        if found is None:
            found = make()
            self.put(kind, key, found)
        return found


# One per process, shared by the hook files.
MEMO = Memo()
