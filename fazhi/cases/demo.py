"""Demo 行政处罚 cases: 43 cases of six district bureaus and the city bureau at every stage of the procedure,
made through the services (``case_register``, ``case_assign_officers``, ``case_set_basis``,
``case_advance``) exactly as the pages make them. ``demo_cases_load(today=...)`` is called by
``fazhi.demo.services.demo_load``.

- **Idempotent**: nothing happens when a demo case exists (their 来源说明 starts with ``DEMO_MARK``).
  Everything runs in one transaction, so a failure leaves no half-loaded demo.
- **Deterministic**: the scenarios are a fixed table; parties are taken in 统一社会信用代码 / 执业证号
  order from the demo registries; step dates are computed from ``today`` with the working-day calendar.
- **Who acts**: ``case_advance`` refuses the system (``actor=None``: "办案环节须由工作人员办理并记录"),
  so every step is taken by a demo user holding the step's capability: each unit's officer (案源登记,
  调查, 告知, 送达 …; ``hexi_officer``, ``binhai_officer`` and ``city_officer`` of ``fazhi.demo.services``,
  ``<district>_officer`` created here for the others), the unit's leader (立案, 决定, 结案; ``leader`` for
  the city, ``<district>_leader`` created here) and ``reviewer`` (法制审核). Each unit gets three
  dedicated officers with 执法证 valid throughout (``<code>-BA01``…); the unit's officer login is linked
  to the first, ``reviewer`` to a city officer with 法律职业资格 (``120000-FS01``) — 法制审核 needs that
  link (行政处罚法 第五十八条). No service links a login to an officer, so the link is set here on the row
  and recorded in the audit trail (``officer.link_user``).
- **裁量基准** (行政处罚法 第三十四条): every demo basis is a 律师法 article, a matter of the benchmark, so
  each case records 裁量情节认定 (``assess_discretion``) before it proposes or decides a penalty, with facts
  whose recommendation contains the scenario's penalties (``_facts``, ``_penalties``). One case (河西区, with a
  hearing) proposes and decides a fine above the recommended band with a written reason: it is flagged
  (偏离裁量基准) and decided after the 法制审核 that follows the hearing.
- **Dates**: every case ends ``end`` days before the anchor day ``A`` (its last step on the working day
  on or before that), and its steps are spaced in working days, so some periods are overdue (红牌) and
  some nearly due (黄牌) on ``today``. ``A = min(today, the real today, 1 December of the last year
  the working-day calendar covers)``: the services refuse future dates, and every period of a demo case
  (90 days from 立案 at most) must end inside a covered year to be computed. When ``today`` lies beyond
  the covered years the cases stay dated in the last covered year: they are then simply old.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.accounts.roles import Role
from fazhi.cases.models import PublicRecord
from fazhi.cases.services.publication import public_record_publish
from fazhi.cases import procedure
from fazhi.cases.models import Case
from fazhi.cases.services.cases import case_assign_officers, case_register, case_set_basis
from fazhi.cases.services.transition import case_advance
from fazhi.core import tabular
from fazhi.core.audit import record_event
from fazhi.core.calendar import WorkCalendar
from fazhi.core.identifiers import id_number_check_char
from fazhi.core.importing import run_import
from fazhi.core.services.calendar import current_calendar
from fazhi.institutions.models import Institution, Practitioner
from fazhi.laws.models import Article
from fazhi.officers.models import Officer
from fazhi.officers.importers import OfficerSpec
from fazhi.orgs.models import Organization

DEMO_MARK = "【演示】"
PASSWORD = "Tianjin-fazhi-2024"  # the demo password of fazhi.demo.services
# district code (None: the city bureau) -> (login prefix, name, officers' names)
UNITS = {
    "120103": ("hexi", "河西区", ("周明远", "吴晓华", "郑立新")),
    "120104": ("nankai", "南开区", ("孙海波", "钱雅琴", "冯建国")),
    "120116": ("binhai", "滨海新区", ("陈志刚", "褚丽娟", "卫东升")),
    "120101": ("heping", "和平区", ("蒋文斌", "沈玉梅", "韩春生")),
    "120105": ("hebei", "河北区", ("杨振宇", "朱晓燕", "秦国庆")),
    "120113": ("beichen", "北辰区", ("许志强", "何美玲", "吕大伟")),
    None: ("city", "市局", ("施正义", "张晓光", "孔德明")),
}
PERSONS = ("王建军", "李秀英", "刘洋", "赵磊", "黄丽", "马俊", "高峰", "林静", "郭涛", "罗敏")
SUMMARIES = {
    "org": ("律师事务所未按规定统一收取服务费用", "律师事务所未按规定公示收费标准", "律师事务所对本所律师疏于管理",
            "律师事务所违反规定接受有利益冲突的案件", "律师事务所未按规定办理变更登记"),
    "lawyer": ("律师接受委托后无正当理由拒绝代理,不按时出庭参加诉讼", "律师私自接受委托、收取费用"),
    "person": ("未取得律师执业证书以律师名义从事法律服务业务", "冒用律师名义代理诉讼并收取费用"),
}
BASIS = {"org": 50, "lawyer": 48, "person": 55}  # 律师法 第五十条、第四十八条、第五十五条
SOURCES = (("complaint", "群众来信反映"), ("inspection", "日常监督检查发现"), ("own_finding", "执法人员巡查发现"),
           ("referral", "上级机关转办"))


@dataclass(frozen=True)
class Scenario:
    unit: str | None
    party: str  # org / lawyer / person
    stage: str  # the status the case ends in
    end: int  # days before the anchor day of its last step
    path: str = "plain"  # plain, hearing, major, no_penalty, court, simplified, extend, preserve
    until: str = ""  # stop after this action (else after the last step leaving the case in ``stage``)
    inv: int = 30  # working days of investigation (询问 → 调查终结)
    deviate: bool = False  # proposes and decides a fine above the recommended band, with a written reason


S = Scenario
SCENARIOS = (
    S("120103", "org", "source", 2), S("120103", "person", "source", 12),
    S("120103", "org", "investigating", 76), S("120103", "org", "investigated", 50),
    S("120103", "org", "hearing", 3, "hearing", until="schedule", inv=35), S("120103", "org", "decided", 25),
    S("120103", "person", "served", 40), S("120103", "org", "archived", 20, "hearing", inv=20, deviate=True),
    S("120103", "lawyer", "executed", 30, "simplified"),
    S("120104", "org", "not_filed", 30), S("120104", "org", "investigating", 100), S("120104", "org", "notified", 15),
    S("120104", "org", "archived", 60), S("120104", "lawyer", "served", 5), S("120104", "org", "transferred", 45),
    S("120101", "person", "investigating", 60), S("120101", "org", "investigated", 30),
    S("120101", "org", "decided", 10, "no_penalty"), S("120101", "org", "closed", 12),
    S("120101", "org", "archived", 80, "simplified"), S("120101", "org", "executed", 8),
    S("120116", "person", "not_filed", 120), S("120116", "person", "investigated", 65),
    S("120116", "org", "notified", 10, "major"), S("120116", "org", "archived", 100, "major"),
    S("120116", "lawyer", "served", 20, "simplified"), S("120116", "org", "transferred", 70, until="transfer"),
    S("120105", "org", "investigating", 10, "extend"), S("120105", "org", "hearing", 2, "hearing", until="request", inv=40),
    S("120105", "org", "decided", 3), S("120105", "org", "executed", 5, "court"), S("120105", "person", "closed", 40),
    S("120105", "org", "closed", 15, "simplified"),
    S("120113", "org", "investigating", 3, "preserve", inv=45), S("120113", "org", "served", 18),
    S("120113", "org", "archived", 150), S("120113", "person", "archived", 35),
    S("120113", "org", "archived", 70, "no_penalty"),
    S(None, "org", "source", 5), S(None, "org", "investigating", 90),
    S(None, "org", "hearing", 4, "hearing", until="hold_review", inv=20), S(None, "org", "archived", 130, "hearing", inv=20),
    S(None, "org", "served", 10),
)

REVIEW = {"conclusion": "passed", "opinion": "事实清楚,证据确凿,适用依据正确,程序合法,处罚适当"}
PEN = "<penalties>"  # replaced by the scenario's penalties
FACTS = "<facts>"  # replaced by the scenario's facts of 裁量情节认定
DEVIATION_REASON = ("当事人违规收费涉及委托人四十余人、金额较大,且在本所内部已多次被提醒后仍未纠正,按一般档上限处罚"
                    "不足以体现过罚相当(行政处罚法第五条),拟在法定幅度内适当提高罚款数额")


def _path(sc: Scenario, n: int) -> list[tuple[str, str, int, dict]]:
    """(key, action, working days after the previous step, data) of the scenario's whole procedure."""
    assess = ("assess", "assess_discretion", 0, FACTS)  # 裁量情节认定, the day of the step after it or before
    if sc.path == "simplified":
        return [assess, ("spot", "decide_on_spot", 0, {"penalties": PEN, "form_no": f"当场{n:04d}"}),
                ("pay", "record_payment", 1, {"paid_amount": PEN, "receipt_no": f"津罚{n:05d}"}),
                ("close", "close", 2, {"summary": "罚款已当场缴纳"}), ("archive", "archive", 3, {"archive_no": f"简-{n:03d}"})]
    if sc.stage == "not_filed":
        return [("not_file", "not_file", 2, {"reason": "违法事实不能成立,不予立案"})]
    transfer = ("transfer", "transfer", 3, {"reason": "涉嫌犯罪,依法移送", "transferred_to": "天津市公安局经济犯罪侦查总队"})
    if sc.until == "transfer":
        return [transfer]
    steps = [("file", "file", 1, {"opinion": "符合立案条件,同意立案"}),
             ("inquiry", "record_inquiry", 3, {"kind": "questioning", "persons": "当事人", "summary": "询问违法事实,制作询问笔录"})]
    if sc.path == "extend":
        return steps + [("extend", "extend", 60, {"days": 30, "approved_by": "局长", "reason": "案情复杂,需进一步调查取证"})]
    if sc.path == "preserve":
        return steps + [("preserve", "preserve_evidence", sc.inv, {"items": "收费票据、委托合同", "approved_by": "局长"})]
    if sc.stage == "transferred":
        return steps + [transfer]
    steps += [("close_inv", "close_investigation", sc.inv, {"summary": "违法事实清楚,证据确凿"}), assess]
    if sc.path == "no_penalty":
        return steps + [("no_penalty", "decide_no_penalty", 2, {"ground": "违法行为轻微并及时改正,没有造成危害后果",
                                                                 "education_note": "已当面进行批评教育"}),
                        ("serve", "serve", 2, {"method": "direct", "recipient": "负责人"}),
                        ("close", "close", 2, {}), ("archive", "archive", 3, {"archive_no": f"不罚-{n:03d}"})]
    if sc.path in ("hearing", "major"):
        steps.append(("review", "legal_review", 1, REVIEW))
    notify = {"proposed_penalties": PEN, "facts": "违法事实及拟处罚的理由、依据"}
    steps.append(("notify", "notify", 2, {**notify, "deviation_reason": DEVIATION_REASON} if sc.deviate else notify))
    if sc.path == "hearing":
        steps += [("request", "request_hearing", 2, {}),
                  ("schedule", "schedule_hearing", 1, {"place": "听证室"}),
                  ("hold", "hold_hearing", 8, {"outcome": "held", "record": "当事人到场陈述申辩"}),
                  ("hold_review", "legal_review", 1, REVIEW), ("decide", "decide", 1, {"penalties": PEN})]
    elif n % 2:
        steps += [("statement", "record_statement", 1, {"waived": True}), ("decide", "decide", 2, {"penalties": PEN})]
    else:
        steps.append(("decide", "decide", 5, {"penalties": PEN}))  # after the statement period
    if sc.path == "major":
        steps.insert(-1, ("discuss", "collective_discussion", 1,
                          {"participants": "局长、副局长、法制科科长", "conclusion": "同意给予行政处罚"}))
    method = ({"method": "direct", "recipient": "当事人"}, {"method": "mail"},
              {"method": "left_at_address", "refused": True, "witness": "社区居委会工作人员"})[n % 3]
    steps.append(("serve", "serve", 2, method))
    if sc.path == "court":
        return steps + [("demand", "demand", 14, {"note": "请于十日内缴纳罚款"}),
                        ("court", "apply_court", 120, {"court": "天津市河北区人民法院"})]
    return steps + [("pay", "record_payment", 5, {"paid_amount": PEN, "receipt_no": f"津罚{n:05d}"}),
                    ("close", "close", 2, {"summary": "罚款已缴清"}), ("archive", "archive", 3, {"archive_no": f"罚-{n:03d}"})]


def _truncate(sc: Scenario, path):
    if sc.until:
        return path[:next(i for i, (key, action, *_) in enumerate(path) if sc.until in (key, action)) + 1]
    proc = procedure.procedure("simplified" if sc.path == "simplified" else "ordinary")
    status, last = proc.start, 0 if sc.stage == proc.start else None
    for i, (_, action, _, _) in enumerate(path):
        status = proc.steps[action].target(status)
        if status == sc.stage:
            last = i + 1
    if last is None:
        raise ValueError(f"演示案件到不了“{sc.stage}”")
    return path[:last]


def _workday_on_or_before(calendar: WorkCalendar, day: dt.date) -> dt.date:
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def _dates(calendar: WorkCalendar, path, end: dt.date) -> tuple[dt.date, list[dt.date]]:
    """The registration day and each step's day, the last on or before ``end``."""
    start = end - dt.timedelta(days=sum(gap for _, _, gap, _ in path) * 7 // 5 + 1)
    for _ in range(30):
        received = calendar.next_workday_on_or_after(start)
        days, day = [], received
        for _, _, gap, _ in path:
            day = calendar.add_working_days(day, gap) if gap else day
            days.append(day)
        last = days[-1] if days else received
        if last <= end:
            return received, days
        start -= dt.timedelta(days=max(1, (last - end).days))
    raise RuntimeError("无法安排演示案件的日期")


def anchor(today: dt.date, calendar: WorkCalendar) -> dt.date:
    return min(today, timezone.localdate(), dt.date(max(calendar.covered_years), 12, 1))


# ---------------------------------------------------------------- people


def _user(username: str, full_name: str, role: Role, org) -> User:
    from fazhi.accounts.services import user_create

    found = User.objects.filter(username=username).first()
    return found or user_create(actor=None, username=username, password=PASSWORD, organization=org, role=role,
                                full_name=full_name)


def _officers(rows: list[tuple], a: dt.date) -> dict[str, Officer]:
    """The dedicated officers ``(org, credential_no, name, fields, qualified)``, loaded through the officers'
    import (as the demo's other officers are: it runs as the system and matches by 执法证号)."""
    valid = {"执法证有效期起": f"{a.year - 3}-01-01", "执法证有效期止": f"{max(a, timezone.localdate()).year + 4}-12-31"}
    sheet = [{"执法证号": no, "姓名": name, "所在单位": org.name, **valid, "可检查领域": fields,
              "具有法律职业资格": "是" if qualified else "否", "手机号码": "", "状态": "在岗"}
             for org, no, name, fields, qualified in rows]
    spec = OfficerSpec()
    run_import(actor=None, spec=spec, sheet=tabular.Sheet(list(spec.headers), enumerate(sheet, start=2)),
               source="demo:cases", today=a)
    return {o.credential_no: o for o in Officer.objects.filter(credential_no__in=[r[1] for r in rows])}


def _link(officer: Officer, user: User) -> None:
    """Link a login to its officer record as the system (officers.services.officer_link_user needs a user
    actor); recorded in the audit trail."""
    if officer.user_id or Officer.objects.filter(user=user).exists():
        return
    officer.user = user
    officer.save(update_fields=["user"])
    record_event(actor=None, obj=officer, action="officer.link_user", before={"user_id": None},
                 after={"user_id": user.pk})


def _people(a: dt.date) -> tuple[dict, User]:
    """Per unit: the organization, its officer login, its leader, and three officers; and the reviewer."""
    orgs = {code: Organization.objects.get(code=f"{code}-SFJ" if code else "TJ-SFJ") for code in UNITS}
    rows = [(orgs[code], f"{code or '120000'}-BA{i + 1:02d}", name,
             "律师、基层法律服务" if code else "律师、公证、司法鉴定、仲裁、基层法律服务", False)
            for code, (_, _, names) in UNITS.items() for i, name in enumerate(names)]
    officers = _officers(rows + [(orgs[None], "120000-FS01", "陈立法", "律师、公证", True)], a)
    units = {}
    for code, (slug, name, _) in UNITS.items():
        org = orgs[code]
        handler = _user(f"{slug}_officer", f"{name}执法员", Role.OFFICER, org)
        leader = _user("leader" if code is None else f"{slug}_leader", f"{name}司法局负责人", Role.LEADER, org)
        mine = [officers[f"{code or '120000'}-BA{i:02d}"] for i in (1, 2, 3)]
        _link(mine[0], handler)
        units[code] = {"org": org, "handler": handler, "leader": leader, "officers": mine}
    reviewer = _user("reviewer", "法制审核员", Role.LEGAL_REVIEWER, orgs[None])
    _link(officers["120000-FS01"], reviewer)
    return units, reviewer


# ---------------------------------------------------------------- one case


def _party(sc: Scenario, n: int, used: set) -> tuple[str, dict]:
    if sc.party in ("org", "lawyer"):
        if sc.party == "org":
            qs = Institution.objects.filter(kind="law_firm", status="normal").order_by("uscc")
            qs = qs.filter(district__code=sc.unit) if sc.unit else qs.order_by("-uscc")
            found = next((i for i in qs[:60] if i.uscc not in used), None)
            if found:
                used.add(found.uscc)
                return "org", {"institution_uscc": found.uscc}
        else:
            qs = Practitioner.objects.filter(kind="lawyer", status="practising", institution__district__code=sc.unit,
                                             institution__status="normal").order_by("licence_no")
            found = next((p for p in qs[:60] if p.licence_no not in used), None)
            if found:
                used.add(found.licence_no)
                return "lawyer", {"practitioner_licence": found.licence_no}
    region = sc.unit or "120101"
    first17 = f"{region}{1970 + n % 25}{n % 12 + 1:02d}{n % 27 + 1:02d}{n:03d}"
    return "person", {"party_name": PERSONS[n % len(PERSONS)], "party_id_number": first17 + id_number_check_char(first17),
                      "party_phone": f"139{2200_0000 + n:08d}", "party_address": f"天津市{UNITS[sc.unit][1]}示范路{n}号",
                      "field": "lawyer"}


def _gains(sc: Scenario) -> int:
    """The illegal gains of a natural person without a licence (律师法 第五十五条: 没收, and a fine of 1–5 times)."""
    return 1000 if sc.path == "hearing" else 400


def _penalties(sc: Scenario, kind: str) -> tuple[list[dict], str]:
    """The penalties and the amount paid. Each lies in the recommendation of ``_facts``: a firm, 律师法 第五十条
    (LS-50) 从轻档 警告、罚款 0–30000 元, 一般档 30000–60000 元; a lawyer, 第四十八条 (LS-48) 从轻档 警告、罚款
    0–2000 元; a natural person, 第五十五条 (LS-55) 从轻档 罚款违法所得的 1–2 倍 and 没收违法所得."""
    if kind == "person":
        gains = _gains(sc)
        if sc.path == "simplified":  # only when no lawyer could be found: a fine ≤ 200 yuan on the spot, no gains
            return [{"type": "fine", "amount": "200"}], "200"
        return [{"type": "confiscate_gains", "amount": str(gains)}, {"type": "fine", "amount": str(2 * gains)}], str(3 * gains)
    if sc.path == "simplified":
        amount = "200" if kind != "org" else "2000"  # 行政处罚法 第五十一条
    elif sc.deviate:
        amount = "65000"  # above the 一般档 (30000–60000), within the statute (≤ 100000): a reasoned deviation
    elif sc.path == "hearing":
        amount = "50000"  # ≥ 30,000 yuan: the party may ask for a hearing (第六十三条)
    else:
        amount = "5000" if kind == "org" else "800"
    return [{"type": "warning"}, {"type": "fine", "amount": amount}], amount


def _facts(sc: Scenario, kind: str) -> dict:
    """The facts of 裁量情节认定: 不予处罚 for the no-penalty path (行政处罚法 第三十三条第一款), 一般档 for a firm's
    hearing, else 从轻档 (a cooperative party, minor harm)."""
    if sc.path == "no_penalty":
        return {"harm": "none", "minor_violation": True, "corrected_in_time": True}
    facts = {"harm": "minor"} if sc.path == "hearing" and kind == "org" else {"harm": "minor", "mitigating": ["cooperated"]}
    if kind == "person" and sc.path != "simplified":
        facts["illegal_gains"] = str(_gains(sc))
    return facts


def _load_one(sc: Scenario, n: int, ctx: dict) -> Case:
    calendar, a = ctx["calendar"], ctx["anchor"]
    unit = ctx["units"][sc.unit]
    path = _truncate(sc, _path(sc, n))
    received, days = _dates(calendar, path, _workday_on_or_before(calendar, a - dt.timedelta(days=sc.end)))
    kind, party = _party(sc, n, ctx["used"])
    penalties, amount = _penalties(sc, kind)
    case = case_register(actor=unit["handler"], data={
        "case_type": "simplified" if sc.path == "simplified" else "ordinary",
        "source_kind": SOURCES[n % len(SOURCES)][0], "source_note": f"{DEMO_MARK}{SOURCES[n % len(SOURCES)][1]}",
        "received_on": received, "violation_date": received - dt.timedelta(days=20), "discovered_on": received,
        "violation_summary": SUMMARIES[kind][n % len(SUMMARIES[kind])], "major_or_complex": sc.path == "major",
        **party})
    if sc.stage not in ("source", "not_filed") and sc.until != "transfer":
        lead, assistant, _ = unit["officers"]
        case = case_assign_officers(actor=unit["leader"], case=case, lead=lead, assistants=[assistant])
        case_set_basis(actor=unit["handler"], case=case, article_ids=[ctx["basis"][kind].pk])
    actors = {"case.handle": unit["handler"], "case.approve": unit["leader"], "case.review": ctx["reviewer"]}
    proc = procedure.procedure(case.case_type)
    for (_, action, _, data), day in zip(path, days):
        if data == FACTS:
            data = _facts(sc, kind)
        data = {k: (penalties if v == PEN and k != "paid_amount" else amount if v == PEN else v) for k, v in data.items()}
        if action == "schedule_hearing":
            data["hearing_on"] = calendar.add_working_days(day, 8)  # 第六十四条第二项: notice ≥ 7 working days
        if action == "hold_hearing":
            data["chair_officer_id"] = unit["officers"][2].pk  # not an investigator (第六十四条第四项)
        if action == "serve" and data.get("method") == "mail":
            data["receipt_date"] = day
        case = case_advance(actor=actors[proc.steps[action].who], case=case, action=action, on=day, data=data)
    record = PublicRecord.objects.filter(case=case).first()
    if record is not None and case.status != "decided" and n % 4:  # most, not all, decisions were published
        public_record_publish(actor=unit["leader"], record=record)
    return case


def demo_cases_load(*, today: dt.date) -> int:
    """Load the demo cases (see the module docstring); return how many were created (0 when present)."""
    if Case.objects.filter(source_note__startswith=DEMO_MARK).exists():
        return 0
    calendar = current_calendar()
    a = anchor(today, calendar)
    basis = {kind: Article.objects.filter(law__short_name="律师法", law__effective_to__isnull=True, number=number)
             .order_by("-law__effective_from").first() for kind, number in BASIS.items()}
    if None in basis.values():
        raise RuntimeError("法律依据库中没有律师法第四十八条、第五十条、第五十五条:请先载入演示数据的法律法规")
    with transaction.atomic():
        units, reviewer = _people(a)
        ctx = {"calendar": calendar, "anchor": a, "units": units, "reviewer": reviewer, "basis": basis, "used": set()}
        for n, sc in enumerate(SCENARIOS, start=1):
            _load_one(sc, n, ctx)
    return len(SCENARIOS)

