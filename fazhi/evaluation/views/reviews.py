"""The reviewer's side of 案卷评查: the queue (我的评查任务) and the scoring form of one file — the automatic
pre-checks with their evidence above it, the rubric's veto items as checkboxes, each section's items with
a deduction (0 to the item's maximum) and a note. What the page shows of the file comes from
``selectors.rounds.review_view`` only, which masks a blind round's district, unit, officers and numbers."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.evaluation import rubric
from fazhi.evaluation.selectors import rounds as sel
from fazhi.evaluation.services import reviews as svc
from fazhi.evaluation.views.common import REFUSED, crumbs, problems_of, status_of

QUEUE = "我的评查任务"
_CODE_IN = re.compile(r"[((]\s*([^()()]+?)\s*[))]\s*$")


@login_required
def review_list(request):
    access.require(request.user, Cap.EVALUATION_REVIEW, "评查案卷")
    rows = list(sel.my_reviews(request.user))
    return render(request, "evaluation/review_list.html", {
        "title": QUEUE, "rows": rows, "todo": sum(1 for r in rows if r.status == "assigned"),
        "crumb_items": crumbs((None, QUEUE)),
    })


def _problem_code(field: str, codes: set[str]) -> str:
    """The rubric item a service's problem names: the code itself, or “扣分(S1)” / “问题说明(S1)”."""
    if field in codes:
        return field
    m = _CODE_IN.search(field)
    return m.group(1) if m and m.group(1) in codes else ""


def _form(view: dict, posted, problems) -> dict:
    """The scoring form's rows: vetoes and sections' items with their values (posted, else saved) and the
    reasons the service gave for each; the reasons that name no item stay general."""
    rub, saved = view["rubric"], view["findings"]
    codes = set(rub.vetoes) | set(rub.items)
    errors: dict[tuple[str, str], list[str]] = {}
    general = []
    for p in problems:
        code = _problem_code(p.field, codes)
        if code:
            part = "note" if p.field.startswith("问题说明") else "veto" if code in rub.vetoes else "deduction"
            errors.setdefault((code, part), []).append(p.reason)
        elif p.field == "总体评价":
            errors.setdefault(("comment", ""), []).append(p.reason)
        else:
            general.append(str(p))
    if posted is not None:
        chosen, deductions = set(posted.getlist("vetoes")), {c: posted.get(f"d-{c}", "") for c in rub.items}
        notes = {c: posted.get(f"n-{c}", "") for c in codes}
        comment = posted.get("comment", "")
    else:
        chosen, deductions, notes = set(saved["vetoes"]), saved["deductions"], saved["notes"]
        comment = saved["comment"]
    suggested = {c for p in view["prechecks"] for c in p["items"]}
    vetoes = [{"code": v.code, "text": v.text, "article": v.article, "checked": v.code in chosen,
               "suggested": v.code in suggested, "note": notes.get(v.code, ""),
               "errors": errors.get((v.code, "veto"), []), "note_errors": errors.get((v.code, "note"), [])}
              for v in rub.vetoes.values()]
    sections = [{"code": s.code, "name": s.name, "points": s.points, "items": [
        {"code": i.code, "text": i.text, "max": i.max, "article": i.article, "suggested": i.code in suggested,
         "value": deductions.get(i.code, ""), "note": notes.get(i.code, ""),
         "errors": errors.get((i.code, "deduction"), []), "note_errors": errors.get((i.code, "note"), [])}
        for i in s.items]} for s in rub.sections]
    texts = {v.code: v.text for v in rub.vetoes.values()} | {i.code: i.text for i in rub.items.values()}
    summary = [(f"v-{v['code']}", f"否决项 {v['code']}", e) for v in vetoes for e in v["errors"]]
    summary += [(f"n-{v['code']}", f"{v['code']} 问题说明", e) for v in vetoes for e in v["note_errors"]]
    for s in sections:
        for i in s["items"]:
            summary += [(f"d-{i['code']}", f"{i['code']} 扣分", e) for e in i["errors"]]
            summary += [(f"n-{i['code']}", f"{i['code']} 问题说明", e) for e in i["note_errors"]]
    summary += [("f-comment", "总体评价", e) for e in errors.get(("comment", ""), [])]
    return {"vetoes": vetoes, "sections": sections, "comment": comment, "texts": texts,
            "comment_errors": errors.get(("comment", ""), []), "summary": summary, "general": general,
            "count": len(problems)}


def _page(request, review, *, posted=None, problems=(), status=200):
    view = sel.review_view(review)
    form = _form(view, posted, problems)
    prechecks = [{**p, "suggested": [(c, form["texts"].get(c, c)) for c in p["items"]]} for p in view["prechecks"]]
    title = f"评查案卷:{view['case']['number']}"
    return render(request, "evaluation/review_form.html", {
        "v": view, "f": form, "prechecks": prechecks, "title": title, "mine": review.reviewer_id == request.user.pk,
        "crumb_items": crumbs((reverse("evaluation:my_reviews"), QUEUE), (None, view["case"]["number"])),
    }, status=status)


@login_required
def review_detail(request, pk):
    review = sel.review_get(request.user, pk)
    if request.method != "POST":
        return _page(request, review)
    rub = rubric.load(review.file.round.rubric_version)
    try:
        svc.review_submit(
            actor=request.user, review=review, vetoes=request.POST.getlist("vetoes"),
            deductions={c: request.POST.get(f"d-{c}", "").strip() for c in rub.items},
            notes={c: request.POST.get(f"n-{c}", "").strip() for c in [*rub.vetoes, *rub.items]},
            comment=request.POST.get("comment", "").strip())
    except REFUSED as exc:
        return _page(request, review, posted=request.POST, problems=problems_of(exc), status=status_of(exc))
    review.refresh_from_db()
    messages.success(request, f"评查意见已提交:得分 {review.score},等次 {review.grade}。")
    return redirect(reverse("evaluation:review", args=[review.pk]) + "#review-result")
