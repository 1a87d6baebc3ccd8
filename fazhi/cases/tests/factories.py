"""Cases for tests, made through the services (valid by default).

- ``officer(admin, make_user, org, qualified=False, login=True, **kw)``: an officer of ``org`` (via
  ``fazhi.inspections.tests.factories.officer``), linked to a new login of ``role`` when ``login``;
- ``person_data(**kw)`` / ``institution_data(inst, **kw)``: registration data of a natural person / an
  institution party (a violation in 2024 by default);
- ``basis_article(admin, number)``: an article of 行政处罚法 (2021) in the 法律依据库 (no 裁量基准 matter);
  ``lawyers_article(admin, number)``: an article of 律师法 (2017), a matter of the 裁量基准 (第五十条 → LS-50);
- ``setup_case(admin, make_user, org, ...)``: a registered case of ``org`` with two officers assigned,
  its basis set, and the people who act on it (``CaseSetup``: handler, approver, reviewer);
- ``bare_case(unit, status=..., case_type=...)``: a case row in any status, made directly with the ORM
  — only for trying steps that must be refused; every real status change goes through ``case_advance``;
- ``ORDINARY`` / ``SIMPLIFIED``: a lawful path through each procedure (key, action, date, data), with
  ``BASES`` for the steps off those paths, and ``walk(setup, until=key)`` to take them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from fazhi.accounts.roles import Cap, role_has
from fazhi.cases.models import Case
from fazhi.cases.services.cases import case_assign_officers, case_register, case_set_basis
from fazhi.cases.services.transition import case_advance
from fazhi.core.identifiers import id_number_check_char
from fazhi.inspections.tests import factories as insp
from fazhi.institutions.tests.factories import institution, practitioner_row

_serial = itertools.count(1)

RECEIVED_ON = dt.date(2024, 8, 19)
PENALTY_LAW = {"name": "中华人民共和国行政处罚法", "short_name": "行政处罚法", "kind": "法律",
               "issuer": "全国人民代表大会常务委员会", "document_number": "主席令第七十号",
               "promulgated_on": "2021-01-22", "effective_from": "2021-07-15", "effective_to": ""}


def id_number(first17: str = "12010319850312001") -> str:
    return first17 + id_number_check_char(first17)


def officer(admin, make_user, org, *, qualified: bool = False, login: bool = True, role: str = "officer", **kw):
    obj = insp.officer(admin, unit=org.name, fields="律师、公证、司法鉴定",
                       has_legal_qualification="是" if qualified else "否", **kw)
    if login:
        obj.user = make_user(role, org, full_name=obj.name)
        obj.save(update_fields=["user"])
    return obj


def person_data(**overrides) -> dict:
    n = next(_serial)
    data = {"source_kind": "complaint", "party_name": "王小明",
            "party_id_number": id_number(f"120103198503{n % 28 + 1:02d}001"),
            "party_phone": f"139{n:08d}", "party_address": f"天津市河西区友谊路{n}号", "field": "lawyer",
            "violation_summary": "未取得律师执业证书以律师名义从事法律服务业务", "violation_date": "2024-06-03",
            "discovered_on": RECEIVED_ON.isoformat(), "received_on": RECEIVED_ON.isoformat()}
    data.update(overrides)
    return data


def institution_data(inst, **overrides) -> dict:
    data = {"source_kind": "inspection", "institution_uscc": inst.uscc,
            "violation_summary": "律师事务所未按规定统一收取服务费用", "violation_date": "2024-06-03",
            "discovered_on": RECEIVED_ON.isoformat(), "received_on": RECEIVED_ON.isoformat()}
    data.update(overrides)
    return data


def practitioner(admin, inst, **overrides):
    from fazhi.institutions import services
    from fazhi.institutions.importers import PractitionerSpec

    row = practitioner_row(inst.uscc, **overrides)
    return services.practitioner_create(actor=admin, data={c.attr: row[c.header] for c in PractitionerSpec.columns})


LAWYERS_LAW = {"name": "中华人民共和国律师法", "short_name": "律师法", "kind": "法律",
               "issuer": "全国人民代表大会常务委员会", "document_number": "", "promulgated_on": "2017-09-01",
               "effective_from": "2018-01-01", "effective_to": ""}


def basis_article(admin, number: str = "第五十一条", law_data: dict = PENALTY_LAW):
    from fazhi.laws import services
    from fazhi.laws.models import Article, Law

    law = Law.objects.filter(name=law_data["name"]).first() or services.law_create(actor=admin, data=law_data)
    found = Article.objects.filter(law=law, text__startswith=number).first()
    return found or services.article_create(actor=admin, data={
        "law_name": law.name, "law_effective_from": law_data["effective_from"], "number": number,
        "text": f"{number}(测试条文)"})


def lawyers_article(admin, number: str = "第五十条"):
    return basis_article(admin, number, LAWYERS_LAW)


@dataclass
class CaseSetup:
    case: Case
    org: object
    lead: object  # Officer
    assistant: object
    handler: object  # user of the lead officer (case.handle)
    approver: object  # leader of the unit (case.approve)
    reviewer: object  # legal reviewer, linked to an officer with 法律职业资格 (case.review)
    party: object = None  # Institution or Practitioner
    others: dict = field(default_factory=dict)

    def actor_for(self, cap: str):
        for user in (self.handler, self.reviewer, self.approver):
            if role_has(user.role, Cap(cap)):
                return user
        raise LookupError(cap)

    def advance(self, action: str, on, data: dict | None = None, *, actor=None) -> Case:
        from fazhi.cases import procedure

        step = procedure.procedure(self.case.case_type).steps[action]
        self.case = case_advance(actor=actor or self.actor_for(step.who), case=self.case, action=action, on=on,
                                 data=data or {})
        return self.case

    def refresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case


def setup_case(admin, make_user, org, *, party: str = "institution", case_type: str = "ordinary",
               basis: bool = True, **data) -> CaseSetup:
    """A registered case of ``org`` against a new institution of its district (``party="institution"``),
    a lawyer of one (``"practitioner"``) or a natural person (``"person"``), with a lead and an assistant
    officer assigned and (``basis``) one article of 行政处罚法 as its basis."""
    lead = officer(admin, make_user, org, name=f"主办{next(_serial)}")
    assistant = officer(admin, make_user, org, name=f"协办{next(_serial)}")
    approver = make_user("leader", org, full_name="负责人")
    reviewer_officer = officer(admin, make_user, org, qualified=True, role="legal_reviewer", name=f"审核{next(_serial)}")
    district = org.district.name if org.district_id else "河西区"
    target = None
    if party == "person":
        payload = person_data(case_type=case_type, **data)
    else:
        target = institution(admin, **{"所在区": district, "住所": f"天津市{district}测试路{next(_serial)}号"})
        if party == "practitioner":
            target = practitioner(admin, target, **{"姓名": "李律师"})
            payload = institution_data(target.institution, case_type=case_type, **data)
            payload.pop("institution_uscc")
            payload["practitioner_licence"] = target.licence_no
        else:
            payload = institution_data(target, case_type=case_type, **data)
    handler = lead.user
    case = case_register(actor=handler, data=payload)
    case_assign_officers(actor=approver, case=case, lead=lead, assistants=[assistant])
    if basis:
        case_set_basis(actor=handler, case=case, article_ids=[basis_article(admin).pk])
    case.refresh_from_db()
    return CaseSetup(case, org, lead, assistant, handler, approver, reviewer_officer.user, target)


def bare_case(unit, *, status: str, case_type: str = "ordinary") -> Case:
    n = next(_serial)
    return Case.objects.create(
        number=f"测试罚案〔2024〕{n}号", case_type=case_type, status=status, field="lawyer", unit=unit,
        district_id=unit.district_id, source_kind="complaint", received_on=RECEIVED_ON, party_kind="person",
        party_name="王小明", violation_summary="测试", violation_date=dt.date(2024, 6, 3), discovered_on=RECEIVED_ON)


# ---------------------------------------------------------------- paths through the procedure

def chair_id(s):
    return s.others["chair"].pk


def lead_id(s):
    return s.lead.pk


def assistant_id(s):
    return s.assistant.pk


REVIEW = {"opinion": "事实清楚,证据确凿,适用依据正确,程序合法", "conclusion": "passed"}
FINE = [{"type": "fine", "amount": "50000"}]
# key, action, date, data — an ordinary case against an institution, 情节复杂 (so 法制审核 and 集体讨论 are
# required), a proposed fine of 50,000 yuan (≥ 30,000: the party may ask for a hearing, and does).
ORDINARY = [
    ("file", "file", dt.date(2024, 8, 20), {"opinion": "同意立案"}),
    ("record_inquiry", "record_inquiry", dt.date(2024, 8, 22),
     {"kind": "questioning", "persons": "主任", "summary": "询问收费情况"}),
    ("preserve_evidence", "preserve_evidence", dt.date(2024, 8, 23), {"items": "收费票据 12 张", "approved_by": "张局长"}),
    ("decide_preservation", "decide_preservation", dt.date(2024, 8, 27), {"decision": "解除保存,退还票据"}),
    ("close_investigation", "close_investigation", dt.date(2024, 9, 2), {"summary": "违法事实清楚"}),
    ("legal_review", "legal_review", dt.date(2024, 9, 3), REVIEW),
    ("notify", "notify", dt.date(2024, 9, 5), {"proposed_penalties": FINE}),
    ("request_hearing", "request_hearing", dt.date(2024, 9, 9), {}),
    ("schedule_hearing", "schedule_hearing", dt.date(2024, 9, 10),
     {"hearing_on": "2024-09-23", "place": "区司法局听证室"}),
    ("hold_hearing", "hold_hearing", dt.date(2024, 9, 23), {"chair_officer_id": chair_id, "record": "当事人到场陈述"}),
    ("review_after_hearing", "legal_review", dt.date(2024, 9, 24), REVIEW),
    ("collective_discussion", "collective_discussion", dt.date(2024, 9, 24),
     {"participants": ["张局长", "李副局长", "王副局长"], "conclusion": "罚款五万元"}),
    ("decide", "decide", dt.date(2024, 9, 25), {"penalties": FINE}),
    ("serve", "serve", dt.date(2024, 9, 26), {"method": "direct", "recipient": "主任"}),
    ("record_payment", "record_payment", dt.date(2024, 10, 8), {"paid_amount": "50000"}),
    ("close", "close", dt.date(2024, 10, 9), {"summary": "罚款已缴清"}),
    ("archive", "archive", dt.date(2024, 10, 10), {"archive_no": "2024-罚-001"}),
]
# A simplified case against a lawyer (a natural person): 200 yuan on the spot.
SIMPLIFIED = [
    ("decide_on_spot", "decide_on_spot", dt.date(2024, 8, 20),
     {"penalties": [{"type": "fine", "amount": "200"}]}),
    ("record_payment", "record_payment", dt.date(2024, 8, 21), {"paid_amount": "200"}),
    ("close", "close", dt.date(2024, 8, 22), {}),
    ("archive", "archive", dt.date(2024, 8, 23), {}),
]
PATHS = {"ordinary": ORDINARY, "simplified": SIMPLIFIED}
PARTY = {"ordinary": "institution", "simplified": "practitioner"}


@dataclass
class Base:
    """How to reach a state where ``action`` is allowed and lawful: the path up to (``until``, exclusive)
    or through (``through``, inclusive) a key, then ``extra`` steps; the step's own date and data."""

    until: str = ""
    through: str = ""
    extra: tuple = ()
    on: dt.date | None = None
    data: dict = field(default_factory=dict)


BASES = {
    "ordinary": {
        "not_file": Base(until="file", on=dt.date(2024, 8, 20), data={"reason": "不属于本机关管辖"}),
        "transfer": Base(until="file", on=dt.date(2024, 8, 20),
                         data={"reason": "涉嫌犯罪", "transferred_to": "天津市公安局河西分局"}),
        "recuse": Base(through="file", on=dt.date(2024, 8, 21),
                       data={"officer_id": assistant_id, "reason": "当事人申请回避"}),
        "resume_investigation": Base(through="close_investigation", on=dt.date(2024, 9, 3),
                                     data={"reason": "需补充证据"}),
        "decide_no_penalty": Base(through="legal_review", on=dt.date(2024, 9, 4),
                                  data={"ground": "违法行为轻微并及时改正,没有造成危害后果", "education_note": "已当面教育"}),
        "extend": Base(through="file", on=dt.date(2024, 8, 21),
                       data={"days": 30, "approved_by": "张局长", "reason": "案情复杂"}),
        "demand": Base(through="serve", on=dt.date(2024, 10, 14), data={"note": "请于十日内缴纳"}),
        "apply_court": Base(through="serve", extra=(("demand", dt.date(2024, 10, 14), {"note": "催告"}),),
                            on=dt.date(2025, 4, 1), data={"court": "天津市河西区人民法院"}),
    },
    "simplified": {},
}


def resolve(s, data: dict) -> dict:
    return {k: (v(s) if callable(v) else v) for k, v in data.items()}


def walk(s, case_type="ordinary", until="", skip=(), insert=None):
    """Take the path's steps up to ``until`` (exclusive), leaving out ``skip``, with ``insert[key]`` steps
    taken before the step ``key``."""
    for key, action, on, data in PATHS[case_type]:
        if key == until:
            return s.case
        if insert and key in insert:
            for a, day, d in insert[key]:
                s.advance(a, day, d)
        if key not in skip:
            s.advance(action, on, resolve(s, data))
    return s.case
