"""Public pages of 双随机、一公开: no login, nothing personal (officers' names masked)."""

from __future__ import annotations

import json
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from fazhi.inspections.models import DrawAttempt, Plan
from fazhi.inspections.selectors import public as sel

VERIFIER = Path(__file__).resolve().parent.parent / "draw.py"  # tools/verify_draw.py links to this file


def index(request):
    return render(request, "inspections/public/index.html", {
        "plans": sel.public_plans(), "results": sel.published_results()[:50],
    })


def items(request):
    return render(request, "inspections/public/items.html", {"item_lists": sel.public_item_lists()})


def plan_detail(request, code):
    try:
        plan = sel.public_plan(code)
    except Plan.DoesNotExist:
        raise Http404("没有此抽查计划") from None
    attempts = [(a, sel.public_tasks(a) if a.status == "drawn" else []) for a in sel.public_attempts(plan)]
    return render(request, "inspections/public/plan.html", {"plan": plan, "attempts": attempts})


def _attempt(pk):
    try:
        return sel.public_attempt(pk)
    except DrawAttempt.DoesNotExist:
        raise Http404("没有此抽取记录") from None


def _json_download(data: dict, filename: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def manifest(request, pk):
    attempt = _attempt(pk)
    return _json_download(attempt.manifest, f"{attempt.plan.code}-{attempt.attempt}-manifest.json")


def certificate(request, pk):
    attempt = _attempt(pk)
    if not attempt.certificate:
        raise Http404("本次抽取尚未完成,暂无证书")
    return _json_download(attempt.certificate, f"{attempt.plan.code}-{attempt.attempt}-certificate.json")


def verifier(request):
    return FileResponse(VERIFIER.open("rb"), as_attachment=True, filename="verify_draw.py",
                        content_type="text/x-python; charset=utf-8")


def verify_help(request):
    return render(request, "inspections/public/verify_help.html")
