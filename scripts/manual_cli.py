"""What the editor commands share: finding the project and loading the manual.

The commands call the same ``dism`` functions as the build hooks, so their results agree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dism.manual import Manual, ManualPaths, load_manual

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=PROJECT_ROOT,
        help="project folder holding docs/ja, docs/en and data/ (default: this project)",
    )


def load(root: Path) -> Manual:
    root = root.resolve()
    return load_manual(ManualPaths(root=root, docs_dir=root / "docs"))


def structure_is_broken(manual: Manual, refused: str) -> bool:
    """Print the structure problems that stop an edit (``refused`` says what was not done)."""
    if not manual.problems["sync"]:
        return False
    print(f"{refused}: the structure of the two languages differs. Fix these first:", file=sys.stderr)
    for problem in manual.problems["sync"]:
        print(f"  {problem}", file=sys.stderr)
    return True
