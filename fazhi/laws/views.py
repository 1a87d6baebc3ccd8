"""法律依据库 pages: laws with their articles. City-wide data every staff member may read; only
holders of ``Cap.LAW_EDIT`` change it. Views parse the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core import registry_views as rv
from fazhi.core.record_forms import Widget
from fazhi.laws import selectors, services
from fazhi.laws.importers import ArticleSpec, LawSpec
from fazhi.laws.models import Article, LawKind

LAWS = "法律依据"


def _crumb():
    return (reverse("laws:list"), LAWS)


def _laws(request):
    filters = [rv.Filter("kind", "效力层级", LawKind.choices, rv.param(request, "kind", LawKind.values))]
    q = rv.param(request, "q")
    return selectors.law_list(user=request.user, q=q, kind=filters[0].value), q, filters


@login_required
def law_list(request):
    qs, q, filters = _laws(request)
    actions = []
    if access.can(request.user, LawSpec.capability):
        actions = [rv.Action(reverse("laws:create"), "新增法规", primary=True),
                   rv.Action(reverse("laws:import"), "导入")]
    return rv.render_list(
        request, title="法律依据库", results_template="laws/_law_results.html", page=rv.paginate(request, qs),
        q=q, filters=filters, export_url=reverse("laws:export"), actions=actions, crumb_items=[(None, LAWS)],
        search_hint="名称、简称、条文内容",
    )


@login_required
def law_export(request):
    """The filtered laws; with ``?what=articles`` the articles of those laws."""
    qs, _, _ = _laws(request)
    if rv.param(request, "what") == "articles":
        articles = Article.objects.filter(law_id__in=list(qs.values_list("pk", flat=True)))
        return rv.export_response(request, ArticleSpec(), articles.order_by("law__short_name", "number"), "条文")
    return rv.export_response(request, LawSpec(), qs, "法律法规")


@login_required
def law_detail(request, pk):
    law = selectors.law_get(user=request.user, pk=pk)
    return render(request, "laws/law_detail.html", {
        "obj": law, "articles": law.articles.order_by("number"),
        "can_edit": access.can(request.user, LawSpec.capability),
        "crumb_items": [_crumb(), (None, law.short_name or law.name)],
    })


@login_required
def law_create(request):
    access.require(request.user, LawSpec.capability, "新增法律法规")
    return rv.form_page(
        request, spec=LawSpec(), title="新增法律法规",
        save=lambda texts, reason: services.law_create(actor=request.user, data=texts),
        crumb_items=[_crumb(), (None, "新增法规")], cancel_url=reverse("laws:list"),
        success_url=lambda o: reverse("laws:detail", args=[o.pk]),
        intro="法规修订后请新增一条(同名、新的施行日期),并为旧版本填写失效日期。",
    )


@login_required
def law_edit(request, pk):
    law = selectors.law_get(user=request.user, pk=pk, for_edit=Cap.LAW_EDIT)
    detail = reverse("laws:detail", args=[law.pk])
    return rv.form_page(
        request, spec=LawSpec(), instance=law, ask_reason=True, title=f"编辑:{law.short_name}",
        save=lambda texts, reason: services.law_update(actor=request.user, law=law, data=texts, reason=reason),
        crumb_items=[_crumb(), (detail, law.short_name), (None, "编辑")], cancel_url=detail,
        success_url=lambda o: detail,
    )


@login_required
def law_history(request, pk):
    law = selectors.law_get(user=request.user, pk=pk)
    detail = reverse("laws:detail", args=[law.pk])
    return rv.history_page(request, obj=law, spec=LawSpec(), title=f"历史记录:{law.short_name}",
                           crumb_items=[_crumb(), (detail, law.short_name), (None, "历史记录")], back_url=detail)


def _article_form(request, law, **kwargs):
    detail = reverse("laws:detail", args=[law.pk])
    return rv.form_page(
        request, spec=ArticleSpec(), cancel_url=detail, success_url=lambda o: detail,
        fixed={"law_name": law.name, "law_effective_from": law.effective_from.isoformat()},
        fixed_labels=[("法律法规", law.name), ("施行日期", law.effective_from.isoformat())],
        widgets={"number": Widget(help="如“第四十二条”或“42”", maxlength=20)}, **kwargs,
    )


@login_required
def article_create(request, pk):
    law = selectors.law_get(user=request.user, pk=pk, for_edit=Cap.LAW_EDIT)
    detail = reverse("laws:detail", args=[law.pk])
    return _article_form(
        request, law, title=f"新增条文:{law.short_name}",
        save=lambda texts, reason: services.article_create(actor=request.user, data=texts),
        crumb_items=[_crumb(), (detail, law.short_name), (None, "新增条文")],
    )


@login_required
def article_edit(request, pk):
    article = selectors.article_get(user=request.user, pk=pk, for_edit=Cap.LAW_EDIT)
    law = article.law
    detail = reverse("laws:detail", args=[law.pk])
    return _article_form(
        request, law, instance=article, ask_reason=True, title=f"编辑条文:{article}",
        save=lambda texts, reason: services.article_update(actor=request.user, article=article, data=texts,
                                                           reason=reason),
        crumb_items=[_crumb(), (detail, law.short_name), (None, f"编辑{article.label}")],
    )


@login_required
def article_history(request, pk):
    article = selectors.article_get(user=request.user, pk=pk)
    detail = reverse("laws:detail", args=[article.law_id])
    return rv.history_page(request, obj=article, spec=ArticleSpec(), title=f"历史记录:{article}",
                           crumb_items=[_crumb(), (detail, article.law.short_name), (None, "条文历史记录")],
                           back_url=detail)


@login_required
def law_import(request):
    return rv.import_page(
        request, title="导入法律依据", crumb_items=[_crumb(), (None, "导入")], back_url=reverse("laws:list"),
        basename="法律依据",
        kinds=[rv.ImportKind("laws", "法律法规", LawSpec()),
               rv.ImportKind("articles", "条文", ArticleSpec(), hint="所属法规须已导入,按“法规名称 + 施行日期”对应")],
    )
