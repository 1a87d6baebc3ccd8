"""The registries by name: their import specs and the selector that scopes their lists."""

from __future__ import annotations

from fazhi.core.importing import Spec


def specs() -> dict[str, Spec]:
    from fazhi.institutions.importers import InstitutionSpec, PractitionerSpec
    from fazhi.laws.importers import ArticleSpec, LawSpec
    from fazhi.officers.importers import OfficerSpec

    return {
        "institutions": InstitutionSpec(),
        "practitioners": PractitionerSpec(),
        "officers": OfficerSpec(),
        "laws": LawSpec(),
        "articles": ArticleSpec(),
    }
