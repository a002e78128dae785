"""The session's `make build` runs, and the project's sites the tests share, are made once per test
run, however many processes run the tests (published_builds.py), and a run that ends first ends
the builds still running."""

import os
import subprocess
import sys
import time
from pathlib import Path

from published_builds import EXIT_STATUS, PROCESS_GROUP, RUN_FOLDER, stop_unfinished

# One process of a test run asking for the published build; the build itself only notes who
# started it, and ends at once.
ASKS_FOR_THE_BUILD = """
import os, time
import published_builds

def noted(folder):
    with open(folder.parent / "started-by", "a", encoding="utf-8") as note:
        note.write(f"{os.getpid()}\\n")
    time.sleep(0.5)  # the others ask meanwhile
    (folder / published_builds.LOG).write_text("built", encoding="utf-8")
    (folder / published_builds.EXIT_STATUS).write_text("0\\n", encoding="utf-8")
    return published_builds.BackgroundBuild(folder)

published_builds.BUILDS["published"] = noted
print(published_builds.shared_build("published").site())
"""


def test_of_several_processes_asking_for_a_build_the_first_starts_it_and_all_get_its_site(tmp_path):
    environment = {**os.environ, RUN_FOLDER: str(tmp_path), "PYTHONPATH": str(Path(__file__).parent)}
    asking = [subprocess.Popen([sys.executable, "-c", ASKS_FOR_THE_BUILD], env=environment, stdout=subprocess.PIPE,
                               text=True) for _ in range(4)]
    sites = {process.communicate(timeout=60)[0].strip() for process in asking}
    assert [process.returncode for process in asking] == [0, 0, 0, 0]
    assert sites == {str(tmp_path / "published" / "site")}
    assert len((tmp_path / "started-by").read_text(encoding="utf-8").split()) == 1


# One process of a test run asking for a site built once per run; the build notes who ran it, and
# fails when told to.
ASKS_FOR_THE_SITE = """
import os, sys, time
import published_builds

def build(site):
    with open(site.parent.parent / "built-by", "a", encoding="utf-8") as note:
        note.write(f"{os.getpid()}\\n")
    time.sleep(0.5)  # the others ask meanwhile
    if sys.argv[1] == "fail":
        raise AssertionError("strict build: 2 warnings")
    site.mkdir()

print(published_builds.built_once_per_run("project_site", build))
"""


def _ask_for_the_site_at_once(run: Path, outcome: str) -> list[subprocess.CompletedProcess]:
    environment = {**os.environ, RUN_FOLDER: str(run), "PYTHONPATH": str(Path(__file__).parent)}
    asking = [subprocess.Popen([sys.executable, "-c", ASKS_FOR_THE_SITE, outcome], env=environment, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    answers = [process.communicate(timeout=60) for process in asking]
    return [subprocess.CompletedProcess(process.args, process.returncode, out, err)
            for process, (out, err) in zip(asking, answers)]


def test_a_site_shared_by_the_processes_of_a_run_is_built_once_and_all_get_it(tmp_path):
    answers = _ask_for_the_site_at_once(tmp_path, "pass")
    assert [answer.returncode for answer in answers] == [0, 0, 0, 0], [answer.stderr for answer in answers]
    assert {answer.stdout.strip() for answer in answers} == {str(tmp_path / "project_site" / "site")}
    assert len((tmp_path / "built-by").read_text(encoding="utf-8").split()) == 1


def test_a_shared_site_that_failed_to_build_fails_every_process_that_asks_with_its_message(tmp_path):
    answers = _ask_for_the_site_at_once(tmp_path, "fail")
    assert len((tmp_path / "built-by").read_text(encoding="utf-8").split()) == 1
    assert all(answer.returncode != 0 and "strict build: 2 warnings" in answer.stderr for answer in answers)
    assert sum("in another process of this run" in answer.stderr for answer in answers) == 3


def test_a_run_that_ends_first_ends_the_builds_still_running_and_leaves_finished_ones(tmp_path):
    running = subprocess.Popen(["sleep", "60"], start_new_session=True)
    (tmp_path / "running").mkdir()
    (tmp_path / "running" / PROCESS_GROUP).write_text(str(running.pid), encoding="utf-8")
    finished = subprocess.Popen(["sleep", "60"], start_new_session=True)
    (tmp_path / "finished").mkdir()
    (tmp_path / "finished" / PROCESS_GROUP).write_text(str(finished.pid), encoding="utf-8")
    (tmp_path / "finished" / EXIT_STATUS).write_text("0\n", encoding="utf-8")
    try:
        stop_unfinished(tmp_path)
        assert running.wait(timeout=10) != 0
        time.sleep(0.2)
        assert finished.poll() is None
    finally:
        for process in (running, finished):
            process.kill()
            process.wait()
