"""Pure core of the Defense Industrial Security Manual site.

Nothing in this package imports MkDocs: it parses the manual's Markdown and data files, checks
them, and renders clause links, citations, notices and generated pages as Markdown. The hook
files in ``hooks/`` and the editor commands in ``scripts/`` are thin callers of it.
"""
