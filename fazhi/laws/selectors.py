"""Reads of the 法律依据库: city-wide data every staff member may read."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from fazhi.core import access
from fazhi.laws.models import Article, Law


def law_list(*, user, q: str = "", kind: str = "") -> QuerySet[Law]:
    qs = access.scope(user, Law.objects.annotate(article_count=Count("articles")), None)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(articles__text__icontains=q)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def law_get(*, user, pk, for_edit=None) -> Law:
    return access.get_scoped(user, Law.objects.all(), pk, None, for_edit=for_edit)


def article_get(*, user, pk, for_edit=None) -> Article:
    return access.get_scoped(user, Article.objects.select_related("law"), pk, None, for_edit=for_edit)


def article_search(*, user, q: str) -> QuerySet[Article]:
    return access.scope(user, Article.objects.select_related("law"), None).filter(text__icontains=q)
