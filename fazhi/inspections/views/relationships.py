"""The page where an officer's relationships (回避) are listed, declared and ended."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.errors import FieldProblem, NotFound, ValidationFailed
from fazhi.inspections.models import OfficerRelationship
from fazhi.inspections.models.draws import RelationshipKind
from fazhi.inspections.services import relationships as svc
from fazhi.officers import selectors as officer_selectors


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(FieldProblem("有效至", f"“{text}”不是日期")) from None


@login_required
def relationships(request, pk):
    officer = officer_selectors.officer_get(user=request.user, pk=pk)
    problems, form = [], {}
    if request.method == "POST":
        form = {k: (request.POST.get(k) or "").strip() for k in
                ("kind", "institution_uscc", "practitioner_licence", "note", "valid_until")}
        try:
            svc.relationship_declare(actor=request.user, officer=officer, kind=form["kind"],
                                     institution_uscc=form["institution_uscc"],
                                     practitioner_licence=form["practitioner_licence"], note=form["note"],
                                     valid_until=_date(form["valid_until"]))
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, "已登记回避关系;此后的抽取在冻结名单时将据此回避。")
            return redirect("inspections:relationships", pk=officer.pk)
    rows = (OfficerRelationship.objects.filter(officer=officer)
            .select_related("institution", "practitioner__institution").order_by("-declared_at"))
    return render(request, "inspections/relationships.html", {
        "officer": officer, "rows": rows, "kinds": RelationshipKind.choices, "problems": problems, "form": form,
        "errors": {p.field: p.reason for p in problems},
    }, status=400 if problems else 200)


@login_required
@require_POST
def relationship_end(request, pk, rel_pk):
    officer = officer_selectors.officer_get(user=request.user, pk=pk)
    rel = OfficerRelationship.objects.filter(pk=rel_pk, officer=officer).first()
    if rel is None:
        raise NotFound("没有此回避关系")
    try:
        svc.relationship_end(actor=request.user, relationship=rel, reason=request.POST.get("reason", ""))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "回避关系已结束。")
    return redirect("inspections:relationships", pk=officer.pk)
