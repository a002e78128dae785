"""Test set-up: the pure core is imported from hooks/, as the hooks themselves import it."""

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
for folder in (PROJECT_ROOT / "hooks", PROJECT_ROOT / "scripts", PROJECT_ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
