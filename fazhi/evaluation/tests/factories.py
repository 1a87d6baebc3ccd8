"""Rounds for tests, made through the services; the closed cases they draw from are plain rows.

- ``closed_case(code, n, closed_on=...)``: an archived case of the district ``code`` (None: the city
  bureau) numbered ``津{code}罚〔2024〕{n}号`` — a row made with the ORM: a round reads only its number,
  district, status and ``closed_on`` (walked cases are used where the case data matters:
  ``test_snapshot.py``);
- ``reviewer(make_user, code, role="evaluator")``: a reviewer of the district ``code`` (None: the city);
- ``round_data(reviewers, **overrides)``: the data of ``round_create``;
- ``committed(admin, reviewers, **data)``, ``drawn(admin, witness, reviewers, **data)``: a round after
  commit, and after reveal and draw (seed values ``SEED_VALUES``, entered by ``admin`` then ``witness``);
- ``submit(review, vetoes=(), deductions=None, notes=None)``: the reviewer submits.
"""

from __future__ import annotations

import datetime as dt
import itertools

from fazhi.cases.models import Case
from fazhi.evaluation.services import rounds as svc
from fazhi.evaluation.services.reviews import review_submit
from fazhi.orgs.models import Organization

PERIOD = (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
COMMIT_ON = dt.date(2024, 10, 8)
SEED_SOURCES = [
    {"name": "witness_dice", "description": "两名见证人在承诺值公布后各掷骰子 10 次,按顺序记录 20 个点数"},
    {"name": "lottery", "description": "承诺后首期福彩3D开奖号码,按公布的三位数字原样录入"},
]
SEED_VALUES = ["31526415234612534615", "207"]
_codes = itertools.count(1)


def org_of(code: str | None) -> Organization:
    return Organization.objects.get(code=f"{code}-SFJ" if code else "TJ-SFJ")


def closed_case(code: str | None, n: int, *, closed_on: dt.date = dt.date(2024, 8, 15), status: str = "archived",
                case_type: str = "ordinary") -> Case:
    unit = org_of(code)
    return Case.objects.create(
        number=f"津{code or '120000'}罚〔2024〕{n}号", case_type=case_type, status=status, field="lawyer", unit=unit,
        district_id=unit.district_id, source_kind="complaint", received_on=dt.date(2024, 5, 6), party_kind="person",
        party_name="王小明", violation_summary="未取得律师执业证书以律师名义从事法律服务业务",
        violation_date=dt.date(2024, 4, 3), discovered_on=dt.date(2024, 5, 6), filed_on=dt.date(2024, 5, 7),
        decision="penalty", decided_on=dt.date(2024, 7, 1), closed_on=closed_on,
        archived_on=closed_on if status == "archived" else None)


def cases(spec: dict[str | None, int], **kw) -> list[Case]:
    """``{district code: how many}`` closed cases, numbered 1… per district."""
    return [closed_case(code, n, **kw) for code, count in spec.items() for n in range(1, count + 1)]


def reviewer(make_user, code: str | None, role: str = "evaluator", **kw):
    return make_user(role, org_of(code), **kw)


def round_data(reviewers, **overrides) -> dict:
    data = {"code": f"2024Q3-{next(_codes)}", "title": "2024年第三季度行政执法案卷评查", "kind": "quarterly",
            "period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat(), "per_district_count": "2",
            "max_per_reviewer": "", "second_share": "0", "blind": True, "seed_sources": SEED_SOURCES,
            "reviewer_ids": [str(u.pk) for u in reviewers]}
    data.update(overrides)
    return data


def committed(admin, reviewers, **data):
    rnd = svc.round_create(actor=admin, data=round_data(reviewers, **data))
    return svc.round_commit(actor=admin, round=rnd, on=COMMIT_ON)


def reveal(admin, witness, rnd, values=SEED_VALUES):
    for k, value in enumerate(values):
        rnd = svc.round_reveal(actor=admin if k == 0 else witness, round=rnd, index=k, value=value)
    return rnd


def drawn(admin, witness, reviewers, **data):
    rnd = reveal(admin, witness, committed(admin, reviewers, **data))
    return svc.round_draw(actor=admin, round=rnd)


def submit(review, vetoes=(), deductions=None, notes=None, comment=""):
    return review_submit(actor=review.reviewer, review=review, vetoes=list(vetoes), deductions=deductions or {},
                         notes=notes or {}, comment=comment)
