"""pydyf's internals: the PDF writer under WeasyPrint, used only by the typesetting processes of
``make build`` (``dism.typeset``); ``make serve`` never loads it.

- ``PDF.page_references``: a property that builds the references of every page anew each time it
  is read. WeasyPrint's tagging (``weasyprint/pdf/tags.py``) reads it once for every tagged box to
  take one page's reference, so writing a tagged PDF took time in the square of its pages: 120,383
  reads of a 444-page book joined 53.6 million references, 20 s of the 50 s the writing took.
  ``install`` keeps the tuple until a page is added (pydyf only ever appends pages); the
  references read are the same, so the PDF is byte-identical. No public API serves: WeasyPrint
  makes the ``PDF`` object inside ``write_pdf``.

``verify`` compares the kept references with pydyf's own as pages are added, and stops the build
(``ContractBroken``) if the property is gone or no longer gives what it is kept for.
"""

from __future__ import annotations

from . import ContractBroken

ADAPTER = "pydyf_adapter"


def _broken(what: str) -> ContractBroken:
    return ContractBroken("pydyf", ADAPTER, what)


def _original():
    import pydyf

    found = pydyf.PDF.__dict__.get("page_references")
    if isinstance(found, _KeptPageReferences):
        return found.original
    if not isinstance(found, property) or found.fget is None:
        raise _broken("PDF.page_references is no longer a property of the PDF")
    return found


class _KeptPageReferences:
    """``PDF.page_references``, computed again only when the page count has changed."""

    def __init__(self, original: property):
        self.original = original

    def __get__(self, pdf, owner=None):
        if pdf is None:
            return self
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_dism_page_references")
        if kept is None or kept[0] != count:
            kept = (count, self.original.fget(pdf))
            pdf.__dict__["_dism_page_references"] = kept
        return kept[1]


def verify() -> None:
    """The kept references are pydyf's own, before and after pages are added."""
    import pydyf

    original = _original()
    kept = _KeptPageReferences(original)
    pdf = pydyf.PDF()
    for pages in range(3):
        if kept.__get__(pdf) != original.fget(pdf):
            raise _broken(f"PDF.page_references of a PDF of {pages} pages differs from the references kept for it")
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    if len(original.fget(pdf)) != 3:
        raise _broken("PDF.page_references no longer has one reference per page added")


def install() -> None:
    """In a typesetting process, before WeasyPrint writes: page references kept between reads."""
    import pydyf

    verify()
    pydyf.PDF.page_references = _KeptPageReferences(_original())
