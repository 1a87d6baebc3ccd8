"""Which 行政复议机关 is competent for an act, in Tianjin. Pure Python: no Django import.

``competent_body(Respondent(kind, district_code, name))`` → ``Jurisdiction``. The names are in
``bodies.toml`` ([M]: local names to be checked). The rules (tags as in legal-rules.md):

==========================  ===========================================  =====================================
respondent                  复议机关 (复议机构)                              article
==========================  ===========================================  =====================================
city_department             天津市人民政府 (市司法局)                        行政复议法第二十四条 [S]
district_department         the district government (区司法局)              第二十四条 [S]
district_government         天津市人民政府                                  第二十四条 (下一级人民政府) [S]; item [M]
township                    the district government                       第二十四条 (下一级人民政府) [M]
city_government             天津市人民政府 itself                            第二十四条第二款 [M] — legal-rules.md is silent
justice_bureau_city         天津市人民政府 **or** 司法部 (not ours)           第二十八条 [S]
justice_bureau_district     the district government **or** 天津市司法局       第二十八条 [S]
vertical                    上一级主管部门 (not ours; named from the name)   第二十七条 [S]
==========================  ===========================================  =====================================

A case that is not ours has ``ours=False`` and names the competent body: a refusal for lack of
jurisdiction must name it (行政复议法第三十条第二款). ``forward`` is True when the application was made
through the penalising agency for an on-the-spot or electronically monitored penalty (第三十二条): that
agency forwards it within 5 working days if it would uphold its decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fazhi.reconsideration.rules import load

KINDS = {
    "city_department": "市政府工作部门",
    "district_department": "区政府工作部门",
    "district_government": "区人民政府",
    "city_government": "天津市人民政府",
    "justice_bureau_city": "天津市司法局",
    "justice_bureau_district": "区司法局",
    "vertical": "垂直领导的行政机关、税务或者国家安全机关",
    "township": "乡镇人民政府、街道办事处",
}
_NEEDS_DISTRICT = {"district_department", "district_government", "justice_bureau_district", "township"}


@dataclass(frozen=True)
class Respondent:
    kind: str
    district_code: str | None = None
    name: str = ""


@dataclass(frozen=True)
class Option:
    """One body the applicant may apply to."""

    body: str
    office: str  # the 复议机构 that handles it ("" when not ours / unknown)
    ours: bool


@dataclass(frozen=True)
class Jurisdiction:
    """The competent body (the first option) and, under 第二十八条, the other option the applicant may choose."""

    body: str
    office: str
    article: str
    forward: bool
    note: str
    ours: bool = True
    tag: str = "S"
    options: tuple[Option, ...] = field(default=())

    @property
    def refusal_text(self) -> str:
        """The sentence a 不予受理决定 must carry when the case is not ours (行政复议法第三十条第二款)."""
        return f"本案不属于本机关管辖,请向有管辖权的行政复议机关{self.body}提出申请(行政复议法第三十条第二款)"


def _district(code: str | None) -> dict:
    districts = load("bodies")["districts"]
    if code is None or str(code) not in districts:
        raise ValueError(f"区划代码“{code}”不是天津市的区")
    return districts[str(code)]


def vertical_superior(name: str) -> str:
    """行政复议法第二十七条: the 上一级主管部门 named from the agency's name ([M] keyword list in bodies.toml)."""
    for row in load("bodies")["vertical"]:
        if row["keyword"] in name:
            return row["body"]
    return load("bodies")["vertical_default"]["body"]


def competent_body(respondent: Respondent, *, applied_via_respondent: bool = False,
                   on: dt.date | None = None) -> Jurisdiction:
    """The competent 复议机关 for an act of ``respondent`` (see the module docstring). ``on``: the day of the
    application; before the Tianjin reform (``bodies.toml`` [reform].since) this table does not apply."""
    bodies = load("bodies")
    city = bodies["city"]
    since = bodies["reform"]["since"]
    if on is not None and on < since:
        raise ValueError(f"{since:%Y-%m-%d} 行政复议体制改革前的申请,不适用本管辖规则,请人工确定")
    kind = respondent.kind
    if kind not in KINDS:
        raise ValueError(f"被申请人类型“{kind}”无效")
    forward = bool(applied_via_respondent)
    fwd_note = ("经作出行政处罚决定的行政机关提交申请的,该机关认为需要维持的,应当自收到之日起五日内转送"
                "(行政复议法第三十二条)") if forward else ""

    def result(body, office, article, note, *, ours=True, tag="S", options=()):
        note = f"{note};{fwd_note}" if fwd_note else note
        opts = options or (Option(body, office, ours),)
        return Jurisdiction(body, office, article, forward, note, ours=ours, tag=tag, options=tuple(opts))

    if kind == "vertical":
        superior = vertical_superior(respondent.name)
        return result(superior, "", "行政复议法第二十七条",
                      f"{respondent.name or '该机关'}实行垂直领导(或为税务、国家安全机关),向{superior}申请行政复议,"
                      "不属于天津市、区人民政府管辖", ours=False)
    if kind == "city_department":
        return result(city["body"], city["office"], "行政复议法第二十四条第一款第一项",
                      "对本级人民政府工作部门作出的行政行为不服的,由本级人民政府管辖")
    if kind == "city_government":
        return result(city["body"], city["office"], "行政复议法第二十四条第二款",
                      "[M] 省、自治区、直辖市人民政府同时管辖对本机关作出的行政行为不服的案件;legal-rules.md 未载明,待核实",
                      tag="M")
    if kind == "justice_bureau_city":
        return result(city["body"], city["office"], "行政复议法第二十八条",
                      f"对司法行政部门的行政行为不服的,可以选择向本级人民政府({city['body']})"
                      f"或者上一级司法行政部门({city['higher_justice']},非本市管辖)申请",
                      options=(Option(city["body"], city["office"], True),
                               Option(city["higher_justice"], "", False)))
    district = _district(respondent.district_code)
    if kind == "district_department":
        return result(district["body"], district["office"], "行政复议法第二十四条第一款第一项",
                      "对本级人民政府工作部门作出的行政行为不服的,由本级人民政府管辖")
    if kind == "district_government":
        return result(city["body"], city["office"], "行政复议法第二十四条第一款第二项",
                      "对下一级人民政府作出的行政行为不服的,由上一级人民政府管辖([M] 款项待核实)", tag="M")
    if kind == "township":
        return result(district["body"], district["office"], "行政复议法第二十四条第一款第二项",
                      "[M] 乡镇人民政府、街道办事处的行政行为由区人民政府管辖,款项待核实", tag="M")
    # justice_bureau_district
    return result(district["body"], district["office"], "行政复议法第二十八条",
                  f"对司法行政部门的行政行为不服的,可以选择向本级人民政府({district['body']})"
                  f"或者上一级司法行政部门({city['office']})申请",
                  options=(Option(district["body"], district["office"], True),
                           Option(city["office"], city["office"], True)))
