"""Adapters to the three upstreams the site is built on: MkDocs, Material for MkDocs and
mkdocs-static-i18n; and to pydyf, the PDF writer under WeasyPrint, checked when ``make build``
typesets the PDFs (``pydyf_adapter``). Every use of an upstream's internals (what its documentation does not
promise) lives in that upstream's adapter, with the reason no public API serves, and is checked
before the build relies on it. The hooks and the pure core (``dism``) use only the adapters for
that; the core imports no upstream at all.

A broken contract stops the build with ``ContractBroken``: the upstream, its installed version,
what changed and which adapter to review. The build never goes on to write a wrong page.
"""

from __future__ import annotations

import importlib
import importlib.metadata

from mkdocs.exceptions import PluginError


def installed(module: str) -> str:
    """The distribution that provides ``module`` and its version, as ``name version``
    (``mkdocs`` may be provided by a fork such as ProperDocs)."""
    try:  # a fork may answer for the module under its own name
        module = importlib.import_module(module).__name__.split(".")[0]
    except ImportError:
        pass
    names = importlib.metadata.packages_distributions().get(module) or [module]
    name = names[0]
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{name} (version unknown)"


class ContractBroken(PluginError):
    """An upstream no longer does what an adapter relies on."""

    def __init__(self, module: str, adapter: str, what: str) -> None:
        self.upstream = installed(module)
        self.what = what
        super().__init__(
            f"upstream contract broken: {self.upstream}: {what}. The build stops rather than write "
            f"pages that may be wrong: review hooks/upstream/{adapter}.py against this version "
            "(README, 'Upstream contracts'), or install the versions of requirements.txt."
        )


_verified: dict[str, object] = {"config": None, "upstreams": False}


def verify_all(config) -> None:
    """Check every adapter's contract against the installed upstreams and this configuration:
    all of them once per process, and again for each configuration object the order of the
    plugins' events, which the configuration decides (one configuration per build; ``mkdocs serve``
    loads a new one for every rebuild)."""
    if _verified["config"] is config:
        return
    from . import i18n_adapter, material_adapter, mkdocs_adapter

    if not _verified["upstreams"]:
        mkdocs_adapter.verify(config)
        material_adapter.verify(config)
        _verified["upstreams"] = True
    i18n_adapter.verify(config)
    _verified["config"] = config
