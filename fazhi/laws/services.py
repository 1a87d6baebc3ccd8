"""Writes to the 法律依据库 (city-wide: only users holding ``Cap.LAW_EDIT``)."""

from __future__ import annotations

from fazhi.core import records
from fazhi.laws.importers import ArticleSpec, LawSpec
from fazhi.laws.models import Article, Law


def law_create(*, actor, data: dict[str, str]) -> Law:
    return records.record_create(actor=actor, spec=LawSpec(), texts=data)


def law_update(*, actor, law: Law, data: dict[str, str], reason: str = "") -> Law:
    return records.record_update(actor=actor, spec=LawSpec(), obj=law, texts=data, reason=reason)


def article_create(*, actor, data: dict[str, str]) -> Article:
    return records.record_create(actor=actor, spec=ArticleSpec(), texts=data)


def article_update(*, actor, article: Article, data: dict[str, str], reason: str = "") -> Article:
    return records.record_update(actor=actor, spec=ArticleSpec(), obj=article, texts=data, reason=reason)
