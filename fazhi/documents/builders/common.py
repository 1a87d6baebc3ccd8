"""Wording the builders share: the issuing unit, the party, the officers, the basis articles, the
penalties, the remedies (复议/诉讼) and the sign-off. Only formatting: every value comes from the
``Source`` (or the models it holds) and a missing value prints as ``BLANK``.

Other builder modules import from here; functions are only ever added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path

from fazhi.cases.facts import PENALTY_TYPES, penalty_from
from fazhi.documents.catalog import DOCUMENT_TYPES
from fazhi.documents.layout import BLANK, Doc, Row, cn_date, or_blank, yuan

REMEDIES = Path(__file__).resolve().parent.parent / "data" / "remedies.toml"
PAYMENT = REMEDIES.with_name("payment.toml")


def issuer(source) -> str:
    """The issuing unit's name (发文机关标志)."""
    return or_blank(getattr(source.unit, "name", ""))


def doc(source, doc_type, **kw) -> Doc:
    """A draft ``Doc`` of ``doc_type`` issued by the source's unit; ``kw`` fills the rest."""
    return Doc(type_no=doc_type.no, title=doc_type.name, issuer=issuer(source), draft=True, **kw)


def sign_off(source, seal: bool = True) -> dict:
    """The 落款 of a letter as ``Doc`` keyword arguments: unit, date (the document's date), seal area."""
    return {"sign_unit": issuer(source), "sign_date": cn_date(source.on), "seal": seal}


# --- the party ---------------------------------------------------------------------------------------

def is_person(case) -> bool:
    return getattr(case, "party_kind", "") == "person"


def party_name(case) -> str:
    return or_blank(getattr(case, "party_name", "") if case is not None else "")


def party_code(case) -> tuple[str, str]:
    """(label, value): 统一社会信用代码 of an organisation, 证件号码 of a person (in full: official document)."""
    if case is None:
        return "统一社会信用代码", BLANK
    if is_person(case):
        number = case.party_id_number or (case.practitioner.id_number if case.practitioner_id else "")
        return "身份证件号码", or_blank(number)
    uscc = case.institution.uscc if case.institution_id else ""
    return "统一社会信用代码", or_blank(uscc)


def party_head(case) -> str:
    """法定代表人/负责人 of an organisation party, "" when unknown or a person."""
    if case is None or is_person(case) or not case.institution_id:
        return ""
    return case.institution.head_name or ""


def party_address(case) -> str:
    if case is None:
        return BLANK
    address = case.party_address or (case.institution.address if case.institution_id else "")
    return or_blank(address)


def party_phone(case) -> str:
    if case is None:
        return BLANK
    phone = case.party_phone
    if not phone and case.practitioner_id and is_person(case):
        phone = case.practitioner.phone
    if not phone and case.institution_id and not is_person(case):
        phone = case.institution.phone
    return or_blank(phone)


def party_rows(case) -> list[Row]:
    """The party block of a form or record (行政处罚法 第五十九条第一款第一项: name and address)."""
    label = "姓名" if case is not None and is_person(case) else "名称"
    rows = [Row(f"当事人{label}", party_name(case)), Row(*party_code(case))]
    head = party_head(case)
    if case is None or not is_person(case):
        rows.append(Row("法定代表人(负责人)", or_blank(head)))
    if case is not None and is_person(case) and case.practitioner_id:
        rows.append(Row("执业机构", or_blank(case.practitioner.institution.name)))
    rows += [Row("住所(地址)", party_address(case)), Row("联系电话", party_phone(case))]
    return rows


def party_line(case) -> str:
    """One-line description of the party for a letter's or decision's opening."""
    label, code = party_code(case)
    parts = [f"当事人:{party_name(case)}", f"{label}:{code}"]
    head = party_head(case)
    if head:
        parts.append(f"法定代表人(负责人):{head}")
    parts.append(f"住所(地址):{party_address(case)}")
    return ";".join(parts) + "。"


# --- officers ----------------------------------------------------------------------------------------

def officer_label(officer) -> str:
    return f"{or_blank(officer.name)}(执法证号:{or_blank(officer.credential_no)})"


def officers_text(officers) -> str:
    """The officers with their 执法证号 (行政处罚法 第四十二条、第五十五条); BLANK pair when none."""
    if not officers:
        return f"{BLANK}(执法证号:{BLANK})、{BLANK}(执法证号:{BLANK})"
    return "、".join(officer_label(o) for o in officers)


def officer_rows(officers) -> list[Row]:
    """One row per officer (at least two rows, 第四十二条: at least two officers)."""
    rows = [Row("执法人员" if i == 0 else "", officer_label(o)) for i, o in enumerate(officers)]
    while len(rows) < 2:
        rows.append(Row("执法人员" if not rows else "", f"{BLANK}(执法证号:{BLANK})"))
    return rows


def officer_names(officers) -> str:
    return "、".join(or_blank(o.name) for o in officers) or BLANK


# --- articles and penalties --------------------------------------------------------------------------

def article_citation(article) -> str:
    law = article.law
    name = law.name or law.short_name
    return f"《{name}》{article.label}"


def basis_text(articles) -> str:
    """The articles cited, grouped per law: 《中华人民共和国律师法》第四十八条、第五十条."""
    if not articles:
        return BLANK
    groups: dict[str, list[str]] = {}
    for article in articles:
        law = article.law
        groups.setdefault(law.name or law.short_name, []).append(article.label)
    return "、".join(f"《{name}》{'、'.join(labels)}" for name, labels in groups.items())


def basis_full_text(articles) -> str:
    """Each article cited with its words (for reasons and reports)."""
    return "\n".join(f"{article_citation(a)}规定:“{a.text.strip()}”" for a in articles) or BLANK


def penalty_text(raw: dict) -> str:
    p = penalty_from(raw)
    kind = PENALTY_TYPES[p.type].label if p.type in PENALTY_TYPES else (p.type or BLANK)
    if p.amount is not None:
        text = f"{kind}{yuan(p.amount)}"
    elif p.months:
        text = f"{kind}{p.months}个月"
    else:
        text = kind
    return f"{text}({p.note})" if p.note else text


def penalties_text(penalties) -> str:
    """The penalties in one phrase: 警告,并处罚款人民币5000元."""
    items = [penalty_text(p) for p in (penalties or []) if isinstance(p, dict)]
    if not items:
        return BLANK
    return items[0] if len(items) == 1 else ",并处".join([items[0], "、".join(items[1:])])


def hearing_items(penalties) -> list[str]:
    """The items of 行政处罚法 第六十三条第一款 the penalties may fall under (a fine only when large)."""
    items = []
    for raw in penalties or []:
        kind = PENALTY_TYPES.get(str(raw.get("type", ""))) if isinstance(raw, dict) else None
        if kind is not None and kind.hearing:
            items.append(kind.hearing)
    return items


# --- remedies ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _remedies() -> dict:
    return tomllib.loads(REMEDIES.read_text(encoding="utf-8"))


def review_bodies(unit) -> tuple[str, str]:
    """(复议机关, alternative or ""), from data/remedies.toml (行政复议法 第二十四条、第二十八条)."""
    data = _remedies()
    district = getattr(unit, "district", None) if getattr(unit, "district_id", None) else None
    if district is None:
        return data.get("city", BLANK), data.get("city_also", "")
    return data.get("district", BLANK).format(district=district.name), data.get("district_also", "")


def payee_text(unit) -> str:
    """The account a fine is paid into (行政处罚法 第六十七条), from data/payment.toml; blanks where the
    bureau has not filled it in."""
    data = tomllib.loads(PAYMENT.read_text(encoding="utf-8"))
    entry = {**data.get("default", {}), **data.get("units", {}).get(getattr(unit, "code", ""), {})}
    text = (f"{entry.get('account_name') or BLANK}(开户银行:{entry.get('bank') or BLANK};"
            f"账号:{entry.get('account') or BLANK})")
    return f"{text},{entry['note']}" if entry.get("note") else text


def remedy_text(unit, act: str = "本决定", paper: str = "") -> str:
    """复议 within 60 days (行政复议法 第二十条) or suit within six months (行政诉讼法 第四十六条).
    ``act``/``paper`` name the act and its paper (本决定/本决定书, 本通知/本通知书)."""
    body, also = review_bodies(unit)
    bodies = f"{body}或者{also}" if also else body
    paper = paper or f"{act}书"
    return (f"如不服{act},可以在收到{paper}之日起六十日内向{bodies}申请行政复议,"
            f"也可以在六个月内依法向{_remedies().get('court_note', '有管辖权的人民法院')}提起行政诉讼。")


# --- small helpers -----------------------------------------------------------------------------------

def text_or_blank(*values) -> str:
    """The first non-empty value, else BLANK."""
    for value in values:
        text = "" if value is None else str(value).strip()
        if text:
            return text
    return BLANK


def case_number(case) -> str:
    return or_blank(getattr(case, "number", "") if case is not None else "")


def opinion_row(label: str, text: str = "", name: str = "", day=None) -> Row:
    """An opinion row of a form: the opinion, then 签名 and 日期 (BLANK where not recorded)."""
    return Row(label, f"{text_or_blank(text)}\n签名:{text_or_blank(name)}    日期:{cn_date(day)}", wide=True)


def record_signatures(first: str = "被询问人") -> tuple[str, ...]:
    """The signature lines of a 笔录 (行政处罚法 第五十五条: the record is signed)."""
    return (f"{first}(签名):                日期:", "执法人员(签名):                日期:",
            "记录人(签名):                日期:")


def cause(case) -> str:
    """案由: the suspected violation, as the forms head it."""
    return text_or_blank(getattr(case, "violation_summary", "") if case is not None else "")


def recorder(step) -> str:
    """The name of whoever recorded ``step`` (its approver or handler), "" when unknown."""
    user = getattr(step, "recorded_by", None) if step is not None else None
    return (getattr(user, "full_name", "") or "") if user is not None else ""


def step_of(source, action: str, **match):
    """The step ``action`` of the source whose data has every ``match`` value (the given step first,
    else the latest such), or None: e.g. ``step_of(source, "record_inquiry", kind="survey")``."""
    def fits(step):
        return step is not None and step.action == action and all(step.data.get(k) == v for k, v in match.items())

    if fits(source.step):
        return source.step
    found = [s for s in source.steps if fits(s)]
    return found[-1] if found else None


def case_rows(case) -> list[Row]:
    """案件编号 and 案由, the first rows of every case form."""
    return [Row("案件编号", case_number(case)), Row("案由", cause(case))]


def unit_notes(source) -> tuple[str, ...]:
    """附注 of a letter: whom to contact at the unit (not recorded: left blank)."""
    lead = source.officers[0].name if source.officers else BLANK
    return (f"联系人:{lead}    联系电话:{BLANK}", f"本机关地址:{BLANK}")


def you(case) -> str:
    """How a letter addresses the party: 你 (a person) or 你单位 (an organisation)."""
    return "你" if case is not None and is_person(case) else "你单位"


def data_date(value) -> dt.date | None:
    """A date from a model field or a step's data (ISO text once stored, a date before), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def sentence(text: str) -> str:
    """``text`` ending as a sentence (adds 。 unless it ends in punctuation); BLANK when empty."""
    text = (text or "").strip()
    if not text:
        return BLANK
    return text if text[-1] in "。!?;:!?;:”" else f"{text}。"


def subject_name(source) -> str:
    """Whom the document concerns: the case's party, else the inspected institution."""
    if source.case is None and source.task is not None:
        return or_blank(source.task.institution.name)
    return party_name(source.case)


def subject_rows(source) -> list[Row]:
    """The party block of the case, else of the inspected institution (a task without a case)."""
    if source.case is not None or source.task is None:
        return party_rows(source.case)
    return institution_rows(source.task.institution)


def institution_rows(inst) -> list[Row]:
    """An inspected institution (检查对象) as the party block of an inspection document."""
    return [Row("被检查单位", or_blank(inst.name)), Row("统一社会信用代码", or_blank(inst.uscc)),
            Row("法定代表人(负责人)", or_blank(inst.head_name)), Row("住所(地址)", or_blank(inst.address)),
            Row("联系电话", or_blank(inst.phone))]


def case_attr(source, name: str, default=None):
    """A field of the source's case; ``default`` when there is no case or the field is empty."""
    value = getattr(source.case, name, None) if source.case is not None else None
    return default if value in (None, "", [], {}) else value


def violation(source) -> str:
    """The violation as registered, without its closing stop."""
    return str(case_attr(source, "violation_summary", "")).strip().rstrip("。;;") or BLANK


def suspected(source) -> str:
    """案由 as the decision-track documents print it: 涉嫌 + the violation."""
    found = violation(source)
    return BLANK if found == BLANK else f"涉嫌{found}"


def case_title(source) -> str:
    """案件名称: <party>涉嫌<violation>案."""
    return f"{party_name(source.case)}{suspected(source)}案"


def issued(source, *type_nos):
    """The latest issued Document of the first of ``type_nos`` that has one, or None."""
    for no in type_nos:
        found = [d for d in source.documents if d.type_no == no]
        if found:
            return found[-1]
    return None


def doc_ref(source, no: int) -> str:
    """《name》(number) of the case's issued document ``no``; the number BLANK while not issued."""
    found = issued(source, no)
    return f"《{DOCUMENT_TYPES[no].name}》({text_or_blank(getattr(found, 'number_text', ''))})"


def outcome_text(source) -> str:
    """处理结果 of the case as a whole (结案审批表, 卷宗封面)."""
    status = case_attr(source, "status", "")
    if status == "transferred":
        return f"移送{text_or_blank(case_attr(source, 'transferred_to'))}"
    if status == "not_filed":
        return "不予立案"
    if case_attr(source, "decision") == "no_penalty":
        return "不予行政处罚"
    if case_attr(source, "decision") == "penalty":
        return penalties_text(case_attr(source, "penalties"))
    return BLANK
