"""The figures of a round report (issue 7 (7)), in the form the annual report quotes ("抽取各区司法局共34个
行政执法案卷"). ``round_report(round)`` returns plain JSON values only (the HTML page, the PDF and
``fazhi evaluation report ROUND_ID --format json`` show the same dict):

- ``round``: id, code, title, period_start, period_end (ISO dates), status, rubric_version, commitment;
- ``summary``: one Chinese sentence of the files drawn and the grades of the first reviews;
- ``files``: per drawn file (district code order, then ticket): ``case`` (number), ``district`` (name,
  市局 for city cases), ``reviewer_districts`` (the district names of its reviewers, 市局 for city-level
  reviewers, in review order), ``score`` / ``grade`` (first review; ``None`` / "" until submitted),
  ``second_score`` / ``second_grade`` (the second review, when there is one);
- ``per_district``: drawn, average first-review score (one decimal) and the count per grade;
- ``common_problems``: the rubric items most often found in first reviews (top 10, then by code);
- ``kappa``: Cohen's kappa of the grades of the files reviewed twice, both reviews submitted
  (``agreement.cohen_kappa`` over the rubric's grades); ``score_differences``: those files' scores,
  largest absolute difference first (``agreement.score_differences``; difference = second − first);
- ``rectification``: items per status, and ``overdue`` = open or answered past their deadline today;
- ``typical``: the typical files (kind ``good`` / ``bad``) with the reason;
- ``certificate_available``: the draw's certificate is kept (it can be downloaded and verified).
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils import timezone

from fazhi.evaluation import agreement
from fazhi.evaluation import rubric as rubrics
from fazhi.evaluation.models import EvaluationRound, ItemStatus, ReviewStatus, TypicalCase
from fazhi.evaluation.services.common import CITY_LABEL, district_label, user_district

GRADES = ("优秀", "良好", "合格", "不合格")  # the rubric 2024.1's grades; another version's are taken from it
TOP_PROBLEMS = 10


def _float(value) -> float | None:
    return None if value is None else float(value)


def _grades(rub) -> tuple[str, ...]:
    return tuple(g.name for g in rub.grades) if rub is not None else GRADES


def _summary(files: list[dict], grades: tuple[str, ...]) -> str:
    counts = Counter(f["grade"] for f in files if f["grade"])
    text = f"本轮从各区司法局共抽取{len(files)}个行政执法案卷"
    if counts:
        text += ",评查" + "、".join(f"{g}{counts.get(g, 0)}件" for g in grades)
    pending = sum(1 for f in files if not f["grade"])
    if pending:
        text += f",尚未评查{pending}件"
    return text


def round_report(round: EvaluationRound) -> dict:  # noqa: A002 (the brief's name)
    rnd = round
    try:
        rub = rubrics.load(rnd.rubric_version)
    except (LookupError, ValueError):
        rub = None
    grades = _grades(rub)
    files_qs = (rnd.files.select_related("case", "district")
                .prefetch_related("reviews__reviewer__organization__district")
                .order_by(F("district__code").asc(nulls_last=True), "ticket"))  # city files last
    files, pairs, scores, problems, per_district = [], [], [], Counter(), {}
    for f in files_qs:
        reviews = sorted(f.reviews.all(), key=lambda r: r.position)
        first = next((r for r in reviews if r.position == 1), None)
        second = next((r for r in reviews if r.position == 2), None)
        done1 = first is not None and first.status == ReviewStatus.SUBMITTED
        done2 = second is not None and second.status == ReviewStatus.SUBMITTED
        name = district_label(f.district)
        files.append({
            "case": f.case.number, "district": name,
            "reviewer_districts": [district_label(user_district(r.reviewer)) for r in reviews],
            "score": _float(f.score) if done1 else None, "grade": f.grade if done1 else "",
            "second_score": _float(second.score) if done2 else None, "second_grade": second.grade if done2 else "",
        })
        row = per_district.setdefault(name, {"district": name, "drawn": 0, "scores": [], "grades": dict.fromkeys(grades, 0),
                                             "code": f.district.code if f.district else "999999"})
        row["drawn"] += 1
        if done1:
            row["scores"].append(first.score)
            row["grades"][first.grade] = row["grades"].get(first.grade, 0) + 1
            problems.update([*first.vetoes, *first.deductions])
        if done1 and done2:
            pairs.append((first.grade, second.grade))
            scores.append((f.case.number, first.score, second.score))
    return {
        "round": {"id": rnd.pk, "code": rnd.code, "title": rnd.title, "period_start": rnd.period_start.isoformat(),
                  "period_end": rnd.period_end.isoformat(), "status": rnd.status, "rubric_version": rnd.rubric_version,
                  "commitment": rnd.commitment},
        "summary": _summary(files, grades),
        "files": files,
        "per_district": _per_district(per_district),
        "common_problems": _common_problems(problems, rub),
        "kappa": _kappa(pairs, grades),
        "score_differences": [{"case": d.case, "first": float(d.first), "second": float(d.second),
                               "difference": float(d.difference)} for d in agreement.score_differences(scores)],
        "rectification": _rectification(rnd),
        "typical": [{"case": t.file.case.number, "kind": t.kind, "reason": t.reason}
                    for t in _typical(rnd)],
        "certificate_available": bool(rnd.certificate),
    }


def _per_district(rows: dict) -> list[dict]:
    out = []
    for row in sorted(rows.values(), key=lambda r: (r["district"] == CITY_LABEL, r["code"])):
        values = row["scores"]
        average = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) \
            if values else None
        out.append({"district": row["district"], "drawn": row["drawn"], "average": _float(average),
                    "grades": row["grades"]})
    return out


def _common_problems(counts: Counter, rub) -> list[dict]:
    def text(code):
        if rub is None:
            return code
        item = rub.vetoes.get(code) or rub.items.get(code)
        return item.text if item is not None else code

    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PROBLEMS]
    return [{"code": code, "text": text(code), "count": n} for code, n in top]


def _kappa(pairs: list[tuple[str, str]], grades: tuple[str, ...]) -> dict:
    known = list(grades) + sorted({g for p in pairs for g in p} - set(grades))
    k = agreement.cohen_kappa(pairs, categories=known)
    return {"value": k.value, "n": k.n, "observed": k.observed, "expected": k.expected}


def _rectification(rnd: EvaluationRound) -> dict:
    counts = Counter(rnd.rectifications.values_list("status", flat=True))
    today = timezone.localdate()
    overdue = rnd.rectifications.filter(status__in=[ItemStatus.OPEN, ItemStatus.ANSWERED], deadline__lt=today).count()
    return {"open": counts.get(ItemStatus.OPEN, 0), "answered": counts.get(ItemStatus.ANSWERED, 0),
            "closed": counts.get(ItemStatus.CLOSED, 0), "escalated": counts.get(ItemStatus.ESCALATED, 0),
            "overdue": overdue}


def _typical(rnd: EvaluationRound):
    return TypicalCase.objects.filter(file__round=rnd).select_related("file__case").order_by("kind", "file__ticket")
