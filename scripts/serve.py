"""`make serve`: MkDocs' live preview, restarted when the build's own code changes.

``mkdocs serve`` rebuilds when docs/, data/ or overrides/ change (``--watch``), but it imports the
hooks once per process: an edit under hooks/ needs a new process. This script runs
``mkdocs serve`` and starts it again whenever a Python file under hooks/ changes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WATCHED = ("data", "hooks", "overrides")


def code_state(folder: Path) -> dict[str, float]:
    return {str(file): file.stat().st_mtime for file in folder.rglob("*.py")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address and port, e.g. 0.0.0.0:8001")
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    for folder in WATCHED:
        command += ["--watch", folder]
    hooks = PROJECT_ROOT / "hooks"
    while True:
        state = code_state(hooks)
        server = subprocess.Popen(command, cwd=PROJECT_ROOT)
        try:
            while server.poll() is None and code_state(hooks) == state:
                time.sleep(1)
        except KeyboardInterrupt:
            server.terminate()
            server.wait()
            return 0
        if server.poll() is not None:
            return server.returncode
        print("hooks/ changed: restarting the preview", file=sys.stderr, flush=True)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
