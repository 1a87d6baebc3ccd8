"""整改: the rectification items fed back to the districts. The district answers an item with what it
did; the city checks the answer (销号, or 退回重新整改) or escalates the item (提级督办). Each POST calls
one service; a refusal shows the item page again with the reason beside the form it came from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core import registry_views as rv
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.views.common import REFUSED, crumbs, problems_of, status_of
from fazhi.evaluation.workflow import ITEM_LABELS

ITEMS = "整改事项"


def _items(request):
    if not (access.can(request.user, Cap.EVALUATION_RECTIFY) or access.can(request.user, Cap.EVALUATION_MANAGE)):
        access.require(request.user, Cap.EVALUATION_RECTIFY, "查看整改事项")
    return sel.district_items(request.user)


def _item(request, pk):
    _items(request)  # the capability check
    return sel.item_get(request.user, pk)


@login_required
def item_list(request):
    qs = _items(request)
    round_pk = rv.param(request, "round")
    status = rv.param(request, "status", set(ITEM_LABELS))
    if round_pk.isdigit():
        qs = qs.filter(round_id=int(round_pk))
    if status:
        qs = qs.filter(status=status)
    return render(request, "evaluation/item_list.html", {
        "title": ITEMS, "items": qs, "labels": ITEM_LABELS, "status": status, "round_pk": round_pk,
        "crumb_items": crumbs((None, ITEMS)),
    })


def _page(request, item, *, form="", problems=(), posted=None, status=200):
    user = request.user
    manage = access.can(user, Cap.EVALUATION_MANAGE) and access.is_city_wide(user)
    rectify = access.can(user, Cap.EVALUATION_RECTIFY) and not access.is_city_wide(user)
    rnd = item.round
    return render(request, "evaluation/item_detail.html", {
        "item": item, "status_label": ITEM_LABELS.get(item.status, item.status), "form": form,
        "errors": [p.reason for p in problems], "posted": posted or {},
        "can_answer": rectify and item.status == "open" and rnd.status == "rectifying",
        "can_check": manage and item.status == "answered",
        "can_escalate": manage and item.status in ("open", "answered"),
        "title": f"整改事项:{item.file.case.number}",
        "crumb_items": crumbs((reverse("evaluation:items"), ITEMS), (None, item.file.case.number)),
    }, status=status)


@login_required
def item_detail(request, pk):
    return _page(request, _item(request, pk))


def _post(request, pk, form: str, call, done: str):
    item = _item(request, pk)
    try:
        call(item)
    except REFUSED as exc:
        return _page(request, item, form=form, problems=problems_of(exc), posted=request.POST, status=status_of(exc))
    messages.success(request, done)
    return redirect(reverse("evaluation:item", args=[item.pk]))


@login_required
@require_POST
def item_answer(request, pk):
    return _post(request, pk, "answer", lambda item: svc.rectification_answer(
        actor=request.user, item=item, response=request.POST.get("response", "").strip()), "整改情况已反馈,等待市局核查。")


@login_required
@require_POST
def item_check(request, pk):
    accept = request.POST.get("decision") == "accept"
    return _post(request, pk, "check", lambda item: svc.rectification_check(
        actor=request.user, item=item, accept=accept, note=request.POST.get("check_note", "").strip()),
        "已核查销号。" if accept else "已退回重新整改。")


@login_required
@require_POST
def item_escalate(request, pk):
    return _post(request, pk, "escalate", lambda item: svc.rectification_escalate(
        actor=request.user, item=item, note=request.POST.get("escalate_note", "").strip()), "已提级督办。")
