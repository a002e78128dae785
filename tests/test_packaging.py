"""The core is an installed package (pyproject.toml), and every package the project's own code
imports is declared in the requirement files, not merely brought in by MkDocs."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from site_builder import PROJECT_ROOT

SOURCES = sorted([*PROJECT_ROOT.glob("hooks/**/*.py"), *PROJECT_ROOT.glob("scripts/*.py"), *PROJECT_ROOT.glob("tests/*.py")])
# Written in two pieces, so that this file does not match itself.
SYS_PATH_EDIT = re.compile(r"sys\.path" + r"(?:\.(?:insert|append|extend)\(|\s*(?:\+=|=[^=]))")
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:[=<>!~]|$)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    names = set()
    for file in PROJECT_ROOT.glob("requirements*.in"):
        for line in file.read_text(encoding="utf-8").splitlines():
            found = REQUIREMENT.match(line.strip())
            if found:
                names.add(normalized(found[1]))
    return names


def imported_modules(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_code_edits_sys_path():
    edits = [f"{file.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
             for file in SOURCES
             for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
             if SYS_PATH_EDIT.search(line)]
    assert not edits, ("import the core as the installed package it is (pyproject.toml), "
                       "not through sys.path:\n" + "\n".join(edits))


def test_every_package_imported_by_the_project_is_declared():
    setuptools = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    own = set(setuptools["packages"]) | {file.stem for file in SOURCES}
    distributions = packages_distributions()
    requirements = declared()
    undeclared = []
    for file in SOURCES:
        for module in sorted(imported_modules(file) - own - set(sys.stdlib_module_names)):
            candidates = {normalized(name) for name in distributions.get(module, [module])}
            if not candidates & requirements:
                undeclared.append(f"{file.relative_to(PROJECT_ROOT)}: imports {module} "
                                  f"({', '.join(sorted(candidates))}), declared in no requirements*.in")
    assert not undeclared, "\n".join(undeclared)
