"""What the 案卷评查 pages share: the breadcrumbs, the generated form (``core/record_form.html``) and the
way a refused write comes back to the user (each reason beside the field it names, nothing saved)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core.errors import FieldProblem, InvalidTransition, ValidationFailed
from fazhi.core.record_forms import FormField, Widget

TITLE = "案卷评查"
REFUSED = (ValidationFailed, InvalidTransition)


def problems_of(exc) -> list[FieldProblem]:
    """The reasons of a refused write: the problems of ``ValidationFailed``, or the one message."""
    return list(getattr(exc, "problems", None) or [FieldProblem("操作", exc.message)])


def status_of(exc) -> int:
    return 409 if isinstance(exc, InvalidTransition) else 400


def crumbs(*items) -> list[tuple[str | None, str]]:
    return [(reverse("evaluation:rounds"), TITLE), *items]


def round_crumbs(rnd, *items):
    return crumbs((reverse("evaluation:round_detail", args=[rnd.pk]), rnd.code), *items)


def form_page(request, *, title, crumb_items, cancel_url, defs, initial, save, success, intro="",
              fixed_labels=(), done="已保存。", aliases=None):
    """``defs``: (name, label, Widget, required). GET shows ``initial``; POST calls ``save(values)`` and
    redirects to ``success(obj)``, or shows the form again with each reason beside the field it names
    (its label, its name, or a service's field name that ``aliases`` maps to the input's name)."""
    problems: list[FieldProblem] = []
    values = dict(initial)
    if request.method == "POST":
        values = {name: (request.POST.getlist(name) if w.kind == "checkboxes" else
                         ("是" if request.POST.get(name) else "") if w.kind == "checkbox" else
                         request.POST.get(name, "").strip()) for name, _, w, _ in defs}
        try:
            obj = save(values)
        except REFUSED as exc:
            problems = problems_of(exc)
        else:
            messages.success(request, done)
            return redirect(success(obj))
    fields, shown = [], set()
    for name, label, widget, required in defs:
        value = values.get(name, "")
        many = isinstance(value, (list, tuple))
        ff = FormField(name=name, label=label, required=required, widget=widget,
                       value="是" if widget.kind == "checkbox" and value in (True, "是") else
                       "" if many else str(value if value is not None else ""),
                       values=[str(v) for v in value] if many else [])
        names = {label, name} | {k for k, v in (aliases or {}).items() if v == name}
        ff.errors = [p.reason for p in problems if p.field in names]
        shown |= names
        fields.append(ff)
    general = [str(p) for p in problems if p.field not in shown]
    return render(request, "core/record_form.html", {
        "title": title, "crumb_items": crumb_items, "fields": fields, "general_errors": general,
        "problem_count": len(problems), "cancel_url": cancel_url, "intro": intro, "fixed_labels": fixed_labels,
    }, status=400 if problems else 200)


def text(maxlength=None, help_text=""):
    return Widget("text", help=help_text, maxlength=maxlength)
