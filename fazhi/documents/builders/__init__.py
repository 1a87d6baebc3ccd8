"""What each standard document says, built from the case (or inspection task) data: one builder per
document type, registered under the type's ``code`` (``data/documents.toml``). A builder takes the
``Source`` (the case, its steps, officers and unit; see ``source.py``) and returns a ``layout.Doc``.

Builders never write; a value the case does not have yet prints as ``layout.BLANK``, as on a paper form.
Every builder cites the article that says what its document must contain.
"""

from __future__ import annotations

from typing import Callable

from fazhi.documents.catalog import DOCUMENT_TYPES, DocType
from fazhi.documents.layout import Doc

Builder = Callable[["Source", DocType], Doc]  # noqa: F821 (Source: fazhi.documents.builders.source)
BUILDERS: dict[str, Builder] = {}


def builds(code: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        if code in BUILDERS:
            raise RuntimeError(f"two builders for {code}")
        BUILDERS[code] = fn
        return fn

    return register


def build(no: int, source) -> Doc:
    """The document ``no`` (1–36) for ``source``, as a draft (no number, 草稿)."""
    _load()
    doc_type = DOCUMENT_TYPES[no]
    return BUILDERS[doc_type.code](source, doc_type).typeset()


def _load() -> None:
    # The builder modules register themselves on import.
    from fazhi.documents.builders import decision, execution, filing, inspection, investigation  # noqa: F401
