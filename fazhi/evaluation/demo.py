"""Demo 案卷评查 rounds over the demo cases (``fazhi.cases.demo``), made through the services exactly as the
pages make them. ``demo_evaluation_load(today)`` is called by ``fazhi.demo.services.demo_load`` after the
demo cases and documents.

- **Three rounds**, periods counted back from the cases' anchor day ``A`` (``fazhi.cases.demo.anchor``:
  the demo cases' last steps lie 2–150 days before it; their 结案 a few working days earlier):

  1. 已结束 — closed between A−170 and A−56, two files per district, half of them reviewed twice (some
     grades differ, so the agreement figures mean something); every review submitted; typical files
     marked good and bad; results fed back on A−50; every item answered and accepted (one first returned
     and answered again) but one, escalated; the round closed.
  2. 整改中 (open) — closed between A−90 and A−1, one file per district, half reviewed twice; fed back on
     A: the items of 河西区 stay open for ``hexi_admin`` to answer, one 南开区 item is answered and
     accepted, another answered and waiting for the city's check.
  3. 评查中 (open) — closed between A−45 and A−1, half of each district's files; reviewers ``evaluator``
     (city) and ``hexi_evaluator``: the 河西区 file can only go to ``evaluator`` (互评互查), whose reviews
     stay assigned for the demo login; the other reviewer's are submitted.

- **People**: ``admin`` organises (city, ``Cap.EVALUATION_MANAGE``), ``leader`` enters the second seed
  value as witness; reviewers ``evaluator`` (city) and ``hexi_evaluator``, ``nankai_evaluator``,
  ``binhai_evaluator`` (created here, 案卷评查人员 of their district bureaus); each district's items are
  answered by its ``<district>_admin`` (created here where the demo has none).
- **Findings** are fixed by the file's pre-checks (a pre-check points to the rubric item it concerns) and
  a cycle of common problems, so the figures are the same on every load.
- **Idempotent**: nothing happens when a demo round exists (their titles start with ``DEMO_MARK``);
  everything runs in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from fazhi.accounts.models import User
from fazhi.accounts.roles import Role
from fazhi.cases.demo import DEMO_MARK, PASSWORD, UNITS, anchor
from fazhi.core.services.calendar import current_calendar
from fazhi.evaluation.models import EvaluationRound, RectificationItem, Review
from fazhi.evaluation.services import rounds as svc
from fazhi.orgs.models import Organization

REVIEWERS = {"hexi_evaluator": ("120103", "河西区案卷评查员"), "nankai_evaluator": ("120104", "南开区案卷评查员"),
             "binhai_evaluator": ("120116", "滨海新区案卷评查员")}
SOURCES = [
    {"name": "witness_dice", "description": "承诺值公布后,两名见证人在评查工作会上各掷骰子 5 次,按顺序记录 10 个点数(1–6),不加分隔符"},
    {"name": "lottery", "description": "承诺后首期福彩3D开奖号码:按公布的三位数字原样录入"},
]
DICE, LOTTERY = ("3152641523", "2461353621", "5134262415"), ("207", "486", "935")  # the seed values entered
# pre-check → (rubric item, points) the demo reviewer deducts for it (the rubric's ``precheck`` links)
FROM_PRECHECK = {"missing_documents": ("D1", "2"), "overdue_steps": ("P10", "1"), "legal_review_missing": ("P8", "2"),
                 "statement_skipped": ("P6", "1"), "missing_basis": ("S5", "3"), "discretion_unreasoned": ("S6", "2")}
# a cycle of four kinds of file: light problems (优秀), several (良好), many (合格), a veto (不合格)
PATTERNS = [{"D7": "0.5"}, {"S2": "3", "S5": "3", "P5": "2", "D2": "1"},
            {"S1": "6", "S2": "6", "S4": "5", "P4": "4", "D2": "2"}, {"S2": "3", "D5": "1"}]
NOTES = {
    "D1": "卷内缺少办案环节应当制作的文书,见自动预检所列文书", "P10": "作出决定超过法定办案期限,未见延长审批",
    "P8": "作出决定前未见法制审核意见书", "P6": "未见陈述申辩笔录或放弃陈述申辩的书面记录",
    "S5": "处罚决定书引用法律依据未写明条、款、项", "S6": "处罚幅度超出裁量基准,未说明理由",
    "D7": "卷内目录页码不连续", "P1": "立案审批表缺少负责人签批日期", "D2": "询问笔录未使用统一格式文本",
    "S2": "收费票据复印件未与原件核对,证据链不完整", "D5": "送达回证缺少受送达人签收日期",
    "S1": "违法行为发生的时间、地点表述不一致", "S4": "违法行为定性与适用条款不完全对应",
    "P4": "询问笔录未经当事人逐页核对签名", "P5": "事先告知书未载明听证权利", "V3": "认定违法所得的关键证据缺失,违法事实不清",
}
ROUNDS = [  # key, title, period (days before A), count or ratio, second share, reviewers, commit day, outcome
    ("01", "行政执法案卷互评互查(上期)", (170, 56), {"per_district_count": "2"}, "0.5", "all", 55, "closed"),
    ("02", "行政执法案卷互评互查(本期)", (90, 1), {"per_district_count": "1"}, "0.5", "all", 0, "rectifying"),
    ("03", "行政执法案卷专项评查", (45, 1), {"per_district_ratio": "0.5"}, "0", "pair", 0, "reviewing"),
]


def _user(username: str, full_name: str, role: Role, org: Organization) -> User:
    from fazhi.accounts.services import user_create

    return User.objects.filter(username=username).first() or user_create(
        actor=None, username=username, password=PASSWORD, organization=org, role=role, full_name=full_name)


def _people() -> dict:
    orgs = {o.code: o for o in Organization.objects.filter(code__endswith="SFJ")}
    people = {name: User.objects.get(username=name) for name in ("admin", "leader", "evaluator")}
    for username, (code, full_name) in REVIEWERS.items():
        people[username] = _user(username, full_name, Role.EVALUATOR, orgs[f"{code}-SFJ"])
    people["rectifiers"] = {None: people["admin"]}
    for code, (slug, name, _) in UNITS.items():
        if code is not None:
            people["rectifiers"][code] = _user(f"{slug}_admin", f"{name}管理员", Role.DISTRICT_ADMIN, orgs[f"{code}-SFJ"])
    return people


def _findings(file, k: int, position: int) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The demo reviewer's vetoes, deductions and notes on the ``k``-th file of a round. The second reviewer
    finds a little more on the light and the middling files, and on the vetoed one sees no veto but many
    problems: grades then agree on most files and differ on one in four."""
    deductions = {}
    for p in file.prechecks:
        if p["code"] in FROM_PRECHECK:
            code, points = FROM_PRECHECK[p["code"]]
            deductions[code] = points
    kind = k % len(PATTERNS)
    deductions.update(PATTERNS[kind])
    vetoes = ["V3"] if kind == 3 and position == 1 else []
    if position == 2:
        deductions.update(({"S1": "2"}, {"S1": "4"}, {}, {"S1": "6", "S4": "5", "P4": "4", "S2": "6"})[kind])
    return vetoes, deductions, {c: NOTES[c] for c in [*vetoes, *deductions] if c in NOTES}


def _submit(review: Review, k: int) -> None:
    vetoes, deductions, notes = _findings(review.file, k, review.position)
    svc.review_submit(actor=review.reviewer, review=review, vetoes=vetoes, deductions=deductions, notes=notes,
                      comment="案卷材料基本齐全,存在的问题见各项说明" if not vetoes else "存在否决项,评为不合格")


def _drawn(people: dict, a: dt.date, n: int, spec) -> EvaluationRound:
    key, title, (start, end), amount, share, pool, commit_before, _ = spec
    reviewers = [people["evaluator"], people["hexi_evaluator"]] if pool == "pair" else \
        [people[u] for u in ("evaluator", *REVIEWERS)]
    rnd = svc.round_create(actor=people["admin"], data={
        "code": f"{a.year}-PC-{key}", "title": f"{DEMO_MARK}{title}", "kind": "ad_hoc" if pool == "pair" else "quarterly",
        "period_start": a - dt.timedelta(days=start), "period_end": a - dt.timedelta(days=end), **amount,
        "second_share": share, "blind": True, "seed_sources": SOURCES, "reviewer_ids": [u.pk for u in reviewers]})
    rnd = svc.round_commit(actor=people["admin"], round=rnd, on=a - dt.timedelta(days=commit_before))
    rnd = svc.round_reveal(actor=people["admin"], round=rnd, index=0, value=DICE[n])
    rnd = svc.round_reveal(actor=people["leader"], round=rnd, index=1, value=LOTTERY[n])
    return svc.round_draw(actor=people["admin"], round=rnd)


def _reviews(rnd: EvaluationRound):
    return list(Review.objects.filter(file__round=rnd).select_related("file", "reviewer")
                .order_by(F("file__district__code").asc(nulls_last=True), "file__ticket", "position"))


def _file_index(rnd: EvaluationRound) -> dict[int, int]:
    files = rnd.files.order_by(F("district__code").asc(nulls_last=True), "ticket").values_list("pk", flat=True)
    return {pk: k for k, pk in enumerate(files)}


def _items(rnd: EvaluationRound) -> list[RectificationItem]:
    return list(RectificationItem.objects.filter(round=rnd).select_related("district").order_by("pk"))


def _answer(people, item, text="已组织承办人员逐项对照整改,补齐相关材料并开展专题培训") -> RectificationItem:
    who = people["rectifiers"][item.district.code if item.district_id else None]
    return svc.rectification_answer(actor=who, item=item, response=text)


def _finish(people, rnd: EvaluationRound, a: dt.date, outcome: str) -> None:
    admin = people["admin"]
    index = _file_index(rnd)
    reviews = _reviews(rnd)
    if outcome == "reviewing":  # the city reviewer's files stay assigned for the demo login ``evaluator``
        others = [r for r in reviews if r.reviewer_id != people["evaluator"].pk]
        mine = [r for r in reviews if r.reviewer_id == people["evaluator"].pk]
        for r in others or mine[:len(mine) - 1]:
            _submit(r, index[r.file_id])
        return
    for r in reviews:
        _submit(r, index[r.file_id])
    files = sorted(rnd.files.select_related("case"), key=lambda f: (f.grade != "不合格", f.score))
    svc.typical_mark(actor=admin, file=files[-1], kind="good", reason="立案、调查、告知、决定、送达各环节文书齐全,"
                     "事实清楚、证据确凿,适用依据准确,可作为规范办案的示范案卷")
    if outcome == "closed":
        svc.typical_mark(actor=admin, file=files[0], kind="bad", reason="存在否决项:违法事实不清、证据不足,"
                         "作为反面典型组织全系统学习")
    on = a - dt.timedelta(days=50) if outcome == "closed" else a
    svc.round_feedback(actor=admin, round=rnd, on=current_calendar().next_workday_on_or_after(on))
    items = _items(rnd)
    if outcome == "closed":
        *answered, escalated = items
        for k, item in enumerate(answered):
            item = _answer(people, item)
            if k == 0:
                item = svc.rectification_check(actor=admin, item=item, accept=False, note="整改材料未附培训记录,请补充后重新反馈")
                item = _answer(people, item, "已补充培训签到表和课件")
            svc.rectification_check(actor=admin, item=item, accept=True, note="整改到位,予以销号")
        svc.rectification_escalate(actor=admin, item=escalated, note="逾期未反馈整改情况,提请分管局领导督办")
        svc.round_close(actor=admin, round=rnd)
        return
    nankai = [i for i in items if i.district_id and i.district.code == "120104"]
    for k, item in enumerate(nankai[:2]):
        item = _answer(people, item)
        if k == 0:
            svc.rectification_check(actor=admin, item=item, accept=True, note="整改到位,予以销号")


def demo_evaluation_load(today: dt.date) -> int:
    """Load the demo rounds (see the module docstring); return how many were created (0 when present)."""
    if EvaluationRound.objects.filter(title__startswith=DEMO_MARK).exists():
        return 0
    a = anchor(today, current_calendar())
    with transaction.atomic():
        people = _people()
        for n, spec in enumerate(ROUNDS):
            rnd = _drawn(people, a, n, spec)
            _finish(people, rnd, a, spec[-1])
    return len(ROUNDS)
