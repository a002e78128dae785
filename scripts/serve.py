"""`make serve`: MkDocs' live preview, restarted when the build's own code changes.

``mkdocs serve`` rebuilds when docs/, data/ or overrides/ change (``--watch``), but it imports the
hooks, and the schemas they read, once per process: an edit under hooks/ needs a new process. This
script runs ``mkdocs serve`` and starts it again whenever a file under hooks/ changes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WATCHED = ("data", "hooks", "overrides")


def code_state(folder: Path) -> dict[str, float]:
    """Every file of the build's own code: the Python, and what it reads once per process (the data
    files' schemas, the book's style sheet)."""
    state = {}
    for file in folder.rglob("*"):
        if "__pycache__" not in file.parts:
            try:
                state[str(file)] = file.stat().st_mtime
            except OSError:  # removed while listed: the next look sees it gone
                pass
    return state


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C, so that mkdocs serve removes its temporary site; terminate it if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait()


def scratch_parent() -> str | None:
    """Where the preview's scratch site goes. ``mkdocs serve`` writes the whole site again on every
    save, over a thousand files: in memory (/dev/shm) where the system has it, unless TMPDIR says
    otherwise. On a disk this is several times slower (see BENCHMARKS.md)."""
    if "TMPDIR" in os.environ:
        return os.environ["TMPDIR"]
    memory = Path("/dev/shm")
    return str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _interruptible() -> None:
    """In the preview process: Ctrl-C stops it, even when this script was started with Ctrl-C
    ignored (as a background job is)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address and port, e.g. 0.0.0.0:8001")
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    for folder in WATCHED:
        command += ["--watch", folder]
    hooks = PROJECT_ROOT / "hooks"
    # Ctrl-C and a plain kill both stop the preview and remove its scratch site.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    with tempfile.TemporaryDirectory(prefix="dism-preview-", dir=scratch_parent()) as scratch:
        environment = {**os.environ, "TMPDIR": scratch}
        while True:
            state = code_state(hooks)
            server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, preexec_fn=_interruptible)
            try:
                while server.poll() is None and code_state(hooks) == state:
                    time.sleep(1)
            except KeyboardInterrupt:
                stop(server)
                return 0
            if server.poll() is not None:
                return server.returncode
            print("hooks/ changed: restarting the preview", file=sys.stderr, flush=True)
            stop(server)


if __name__ == "__main__":
    sys.exit(main())
