"""Reads of 案卷评查, scoped (``fazhi.core.access``):

- rounds (``round_list``, ``round_get``): the city's managers see every round; other staff see rounds
  from their commitment on (the commitment, and later the certificate, are published anyway);
- reviews (``my_reviews``, ``review_get``): the assigned reviewer, or the city's managers; anyone else
  gets ``NotFound``. ``review_view`` is what the reviewer may see of the file: in a blind round no
  district, unit, officer names, case number or document numbers (masked, also inside the pre-checks'
  evidence);
- rectification items (``district_items``, ``item_get``): by district (``access.scope`` on ``district``:
  a district's staff see their district's items, the city sees all);
- ``reviewer_choices``: the users who may be named reviewers of a round;
- ``round_report`` (``selectors/report.py``): the figures of the round report.
"""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from fazhi.accounts.models import User
from fazhi.accounts.roles import CAPABILITIES, Cap
from fazhi.cases import procedure
from fazhi.cases.models import CaseOfficer, CaseStep
from fazhi.core import access
from fazhi.core.errors import NotFound
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.models import Document, DocumentStatus
from fazhi.evaluation import rubric as rubrics
from fazhi.evaluation.models import EvaluationRound, ItemStatus, RectificationItem, Review, RoundStatus
from fazhi.evaluation.selectors.report import round_report  # noqa: F401 (re-exported)
from fazhi.evaluation.services.common import district_label
from fazhi.officers.credentials import credential_state

GONE = "记录不存在,或不在您的管辖范围内"
MASKED_CASE = "被评查案卷"
MASKED_DISTRICT = "某区"
MASKED_UNIT = "某执法单位"
OFFICER_ALIASES = "甲乙丙丁戊己庚辛壬癸"
ITEM_ORDER = (ItemStatus.OPEN, ItemStatus.ANSWERED, ItemStatus.ESCALATED, ItemStatus.CLOSED)


def _manager(user) -> bool:
    return access.can(user, Cap.EVALUATION_MANAGE) and access.is_city_wide(user)


# ---------------------------------------------------------------- rounds

def round_list(user) -> QuerySet:
    """The rounds ``user`` may see, latest period first."""
    qs = EvaluationRound.objects.all()
    if _manager(user):
        return qs
    if not access.is_staff_user(user):
        return qs.none()
    return qs.exclude(status=RoundStatus.DRAFT)


def round_get(user, pk) -> EvaluationRound:
    try:
        return round_list(user).get(pk=pk)
    except (EvaluationRound.DoesNotExist, ValueError, TypeError):
        raise NotFound(GONE) from None


def reviewer_choices() -> list[tuple[User, str]]:
    """Active users whose role may review case files, with a label naming their unit."""
    roles = [r.value for r, caps in CAPABILITIES.items() if Cap.EVALUATION_REVIEW in caps]
    users = (User.objects.filter(is_active=True, organization__isnull=False).filter(Q(role__in=roles))
             .select_related("organization__district").order_by("organization__code", "username"))
    return [(u, f"{u.full_name or u.username}({u.username},{u.organization.name})") for u in users]


# ---------------------------------------------------------------- reviews

def _reviews() -> QuerySet:
    return Review.objects.select_related("file__round", "file__case", "file__district", "reviewer")


def my_reviews(user) -> QuerySet:
    """The reviews assigned to ``user``, to do first, then by round."""
    if not access.is_staff_user(user):
        return Review.objects.none()
    return _reviews().filter(reviewer=user).exclude(file__round__status=RoundStatus.DRAFT).order_by(
        "status", "-file__round__period_end", "file__ticket")


def review_get(user, pk) -> Review:
    """The review, if ``user`` is its reviewer or manages rounds (else ``NotFound``)."""
    try:
        review = _reviews().get(pk=pk)
    except (Review.DoesNotExist, ValueError, TypeError):
        raise NotFound(GONE) from None
    if not access.is_staff_user(user) or not (review.reviewer_id == user.pk or _manager(user)):
        raise NotFound(GONE)
    return review


class _Mask:
    """Replaces identifying words (the case number, district, unit, officer names) in a blind round."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = sorted(((a, b) for a, b in pairs if a), key=lambda p: -len(p[0]))
        self.pattern = re.compile("|".join(re.escape(a) for a, _ in self.pairs)) if self.pairs else None
        self.to = dict(self.pairs)

    def __call__(self, text):
        if not isinstance(text, str) or self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.to[m.group(0)], text)


def review_view(review: Review) -> dict:
    """What the reviewer sees of the file (see the module docstring): ``case`` facts, ``district``,
    ``unit``, ``officers``, ``steps``, ``documents``, ``prechecks`` (with the rubric items each points to),
    the ``rubric``, this review's ``findings`` and whether it may still be ``editable``."""
    file, rnd = review.file, review.file.round
    case = file.case
    blind = rnd.blind
    officers = list(CaseOfficer.objects.filter(case=case, active=True).select_related("officer").order_by("pk"))
    on = case.filed_on or case.received_on
    pairs = []
    if blind:
        pairs += [(case.number, MASKED_CASE), (case.unit.name, MASKED_UNIT)]
        if case.district_id:
            pairs += [(case.district.name, MASKED_DISTRICT), (case.district.short_name, MASKED_DISTRICT)]
        for k, o in enumerate(officers):
            pairs += [(o.officer.name, f"执法人员{OFFICER_ALIASES[k % len(OFFICER_ALIASES)]}"),
                      (o.officer.credential_no, "(执法证号隐去)")]  # the number starts with the district code
    mask = _Mask(pairs)
    rub = rubrics.load(rnd.rubric_version)
    steps = CaseStep.objects.filter(case=case).order_by("occurred_on", "recorded_at", "pk")
    documents = Document.objects.filter(case=case, status=DocumentStatus.ISSUED).order_by("type_no", "pk")
    return {
        "review": review, "file": file, "round": rnd, "blind": blind,
        "case": {
            "number": mask(case.number), "case_type": case.case_type, "case_type_label": case.get_case_type_display(),
            "status_label": procedure.status_label(case.status), "party_name": mask(case.party_name),
            "violation_summary": mask(case.violation_summary), "received_on": case.received_on,
            "filed_on": case.filed_on, "decided_on": case.decided_on, "closed_on": case.closed_on,
            "decision": case.decision, "penalties": case.penalties, "fine_amount": case.fine_amount,
        },
        "district": None if blind else district_label(case.district),
        "unit": None if blind else case.unit.name,
        "officers": [{"name": mask(o.officer.name), "role": o.get_role_display(),
                      "credential_valid": credential_state(o.officer, on).may_act} for o in officers],
        "steps": [{"label": s.label, "occurred_on": s.occurred_on, "article": s.article,
                   "documents": list(s.documents or [])} for s in steps],
        "documents": [{"type_no": d.type_no, "name": DOCUMENT_TYPES[d.type_no].name if d.type_no in DOCUMENT_TYPES
                       else f"文书{d.type_no}", "number_text": "(盲评隐去文号)" if blind else d.number_text,
                       "issued_on": d.issued_on} for d in documents],
        "prechecks": [{**p, "evidence": mask(p.get("evidence", "")), "items": list(rub.for_precheck(p.get("code", "")))}
                      for p in file.prechecks],
        "rubric": rub,
        "findings": {"vetoes": list(review.vetoes), "deductions": dict(review.deductions),
                     "notes": dict(review.notes), "comment": review.comment, "score": review.score,
                     "grade": review.grade, "status": review.status},
        "editable": rnd.status == RoundStatus.REVIEWING,
    }


# ---------------------------------------------------------------- rectification items

def district_items(user) -> QuerySet:
    """The rectification items of the user's district (the city: all), open ones first, then by deadline."""
    qs = RectificationItem.objects.select_related("round", "file__case", "district")
    if not (access.can(user, Cap.EVALUATION_RECTIFY) or access.can(user, Cap.EVALUATION_MANAGE)):
        return qs.none()
    urgency = Case(*(When(status=s, then=Value(k)) for k, s in enumerate(ITEM_ORDER)), default=Value(len(ITEM_ORDER)),
                   output_field=IntegerField())
    return access.scope(user, qs, "district").annotate(urgency=urgency).order_by("urgency", "deadline", "pk")


def item_get(user, pk) -> RectificationItem:
    try:
        return district_items(user).get(pk=pk)
    except (RectificationItem.DoesNotExist, ValueError, TypeError):
        raise NotFound(GONE) from None
