"""The inputs of the case pages' forms: one list per procedure action (the keys that
``fazhi.cases.services.step_data`` reads, their Chinese labels, widgets, whether required, help), the
案源登记 form (the keys of ``services.cases.case_register``), and the names of the 36 standard documents
(``fazhi.documents.catalog``) each step requires.

``fields_for`` builds what a template renders (values from a re-posted form, the reasons beside their
input); ``parse`` turns a posted form back into the ``data`` of ``case_advance``. Choices that depend
on the case (the officers a recusal or a hearing chair may name) are passed in by the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fazhi.cases.facts import HEARING_OUTCOMES, LEGAL_REVIEW_CONCLUSIONS, PENALTY_TYPES, SERVICE_METHODS
from fazhi.cases.models.case import CaseType, SourceKind
from fazhi.cases.services.evidence import EVIDENCE_KINDS
from fazhi.cases.services.step_data import INQUIRY_KINDS
from fazhi.core.fields import Field
from fazhi.discretion.model import HARM_LEVELS
from fazhi.documents.catalog import DOCUMENT_TYPES

# The standard document set (文书样式): the names come from the document catalogue, the one list of them.
DOCUMENTS = {no: doc_type.name for no, doc_type in DOCUMENT_TYPES.items()}
PENALTY_ROWS = 3  # rows of the penalty table (行政处罚法 第九条 kinds; one fine at most, 第二十九条)
PENALTY_PARTS = ("type", "amount", "months", "note")


def document_names(numbers) -> list[str]:
    return [f"{n}. {DOCUMENTS.get(n, '未列入的文书')}" for n in numbers or ()]


@dataclass(frozen=True)
class Input:
    """One input. ``kind``: text, textarea, date, number, select, checkbox, checkboxes (several values) or
    penalties; ``options``: (value, label); ``choices``: the name of options the view supplies for this case."""

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    choices: str = ""


@dataclass
class FormField:
    input: Input
    id: str
    value: object = ""
    options: tuple = ()
    errors: list[str] = field(default_factory=list)

    key = property(lambda self: self.input.key)
    label = property(lambda self: self.input.label)
    kind = property(lambda self: self.input.kind)
    required = property(lambda self: self.input.required)
    help = property(lambda self: self.input.help)

    @property
    def described_by(self) -> str:
        return " ".join(x for x in (f"{self.id}-error" if self.errors else "", f"{self.id}-help" if self.help else "") if x)


def _opts(mapping: dict) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in mapping.items())


REASON = Input("reason", "理由", "textarea", True)
PENALTIES = Input("penalties", "处罚内容", "penalties", True,
                  "行政处罚法第九条规定的种类;罚款、没收违法所得等填金额(元),暂扣、停业整顿等可填期限(月)")
ON = Input("on", "办理日期", "date", True, "该环节实际办理的日期,不能晚于今天,也不能早于上一环节")
DEVIATION = Input("deviation_reason", "偏离裁量基准的理由", "textarea", help="处罚超出建议范围时必须填写,并须经法制审核")
# 裁量情节认定 (fazhi.cases.discretion.assess): the labels are the engine's names of the facts.
ASSESS_INPUTS = (
    Input("violation", "裁量事项", "select", help="本案处罚依据对应的裁量基准事项;对应多个事项时须选择",
          choices="discretion_matters"),
    Input("harm", "危害后果", "select", True, options=_opts(HARM_LEVELS)),
    Input("first_offence", "初次违法", "checkbox",
          help="此前未受过同类行政处罚;初次违法且危害后果轻微并及时改正的,可以不予处罚(行政处罚法第三十三条第一款)"),
    Input("corrected_in_time", "及时改正", "checkbox", help="在责令改正前或者责令改正的期限内改正"),
    Input("minor_violation", "违法行为轻微", "checkbox",
          help="违法行为轻微并及时改正,没有造成危害后果的,不予行政处罚(行政处罚法第三十三条第一款)"),
    Input("no_fault", "没有主观过错", "checkbox",
          help="当事人有证据足以证明没有主观过错的,不予行政处罚(行政处罚法第三十三条第二款)"),
    Input("illegal_gains", "违法所得", "number", help="单位:元;没有违法所得的不填"),
    Input("mitigating", "从轻、减轻情节", "checkboxes", choices="mitigating",
          help="行政处罚法第三十二条的情节应当从轻或者减轻行政处罚;其余为本局裁量基准规定的酌定情节"),
    Input("aggravating", "从重情节", "checkboxes", choices="aggravating", help="本局裁量基准规定的酌定从重情节"),
    Input("prior_penalties", "系统外的曾受处罚", "textarea",
          help="本系统内对同一当事人已作出的处罚决定自动计入;其他的每行一项:处罚依据,处罚种类,决定日期[,期满日期],"
               "如“律师法第四十七条,警告,2024-01-05”(律师法第五十一条)"),
    Input("deviation_reason", "拟偏离裁量基准的理由", "textarea",
          help="拟作出的处罚超出建议范围时填写;写明理由后须经法制审核,方可作出决定"),
)

ACTION_INPUTS: dict[str, tuple[Input, ...]] = {
    "file": (Input("opinion", "立案意见", "textarea"),),
    "not_file": (REASON,),
    "transfer": (Input("transferred_to", "移送机关", required=True), REASON),
    "resume_investigation": (REASON,),
    "record_inquiry": (
        Input("kind", "方式", "select", True, options=_opts(INQUIRY_KINDS)),
        Input("place", "地点"), Input("persons", "被询问人", help="询问时填写;勘验、检查时可填在场人"),
        Input("summary", "笔录摘要", "textarea", True)),
    "preserve_evidence": (
        Input("items", "保存的证据", "textarea", True),
        Input("approved_by", "批准人", required=True, help="先行登记保存须经行政机关负责人批准(第五十六条)"),
        Input("approved_on", "批准日期", "date")),
    "decide_preservation": (Input("decision", "处理决定", "textarea", True, "应在保存后七个工作日内作出"),),
    "recuse": (Input("officer_id", "回避的执法人员", "select", True, choices="case_officers"),
               Input("applicant", "申请人", help="当事人申请的填写申请人;执法人员自行回避的填写本人"), REASON),
    "close_investigation": (Input("summary", "调查终结报告", "textarea", True),),
    "legal_review": (Input("conclusion", "审核结论", "select", True, options=_opts(LEGAL_REVIEW_CONCLUSIONS)),
                     Input("opinion", "审核意见", "textarea", True)),
    "collective_discussion": (Input("participants", "参加人员", required=True, help="行政机关负责人姓名,用顿号分隔,至少 2 人"),
                              Input("conclusion", "讨论结论", "textarea", True)),
    "assess_discretion": ASSESS_INPUTS,
    "notify": (replace(PENALTIES, key="proposed_penalties", label="拟处罚内容"),
               Input("facts", "告知的事实、理由", "textarea"), DEVIATION),
    "record_statement": (Input("waived", "当事人明确放弃陈述、申辩", "checkbox"),
                         Input("content", "陈述申辩内容", "textarea", help="未放弃时必填"),
                         Input("adopted", "采纳情况")),
    "request_hearing": (Input("requested_on", "申请日期", "date", help="当事人提出申请(含邮寄)的日期;不填则为办理日期"),),
    "schedule_hearing": (
        Input("notice_on", "听证通知日期", "date", help="不填则为办理日期"),
        Input("hearing_on", "听证日期", "date", True, "应在通知之日起七个工作日以后(第六十四条第二项)"),
        Input("place", "听证地点", required=True),
        Input("not_public", "不公开举行(涉及国家秘密、商业秘密或者个人隐私)", "checkbox")),
    "hold_hearing": (Input("chair_officer_id", "听证主持人", "select", True, "须为非本案调查人员", choices="chair_officers"),
                     Input("outcome", "听证情况", "select", True, options=_opts(HEARING_OUTCOMES)),
                     Input("record", "听证笔录摘要", "textarea")),
    "decide": (PENALTIES, replace(DEVIATION, help=DEVIATION.help + ";已在事先告知或裁量情节认定时写明的,可不再填写")),
    "decide_no_penalty": (Input("ground", "不予处罚的理由", "textarea", True),
                          Input("education_note", "教育情况", "textarea", True, "对不予处罚的当事人应当进行教育(第三十三条)")),
    "extend": (Input("days", "延长天数", "number", True), Input("approved_by", "批准人", required=True), REASON),
    "serve": (
        Input("method", "送达方式", "select", True, options=_opts(SERVICE_METHODS)),
        Input("recipient", "签收人", help="直接送达时必填"),
        Input("receipt_date", "回执收件日期", "date", help="邮寄送达以回执上注明的收件日期为送达日期"),
        Input("refused", "受送达人拒绝签收", "checkbox"),
        Input("witness", "见证人", help="留置送达时填写到场见证的基层组织或所在单位代表"),
        Input("recorded", "已拍照、录像记录", "checkbox"),
        Input("consent_signed", "当事人已同意并签订电子送达确认书", "checkbox"),
        Input("grounds", "公告送达的理由", "textarea")),
    "decide_on_spot": (PENALTIES, Input("form_no", "当场处罚决定书编号", help="预定格式、编有号码的决定书")),
    "record_payment": (Input("paid_amount", "缴款金额", "number", True, "单位:元;逾期缴纳的,含加处罚款(第七十二条)"),
                       Input("paid_on", "缴款日期", "date", help="不填则为办理日期"),
                       Input("receipt_no", "罚没收据编号")),
    "demand": (Input("note", "催告内容", "textarea"),),
    "apply_court": (Input("court", "受理法院", required=True),),
    "close": (Input("summary", "结案报告", "textarea"),),
    "archive": (Input("archive_no", "档案号"),),
}

REGISTER_SECTIONS: tuple[tuple[str, str, tuple[Input, ...]], ...] = (
    ("source", "案件来源", (
        Input("case_type", "程序", "select", True, options=_opts(dict(CaseType.choices))),
        Input("source_kind", "案件来源", "select", True, options=_opts(dict(SourceKind.choices))),
        Input("source_note", "来源说明", "textarea", help="投诉人、移送机关、发现经过等"),
        Input("received_on", "案源登记日期", "date", True, "不能晚于今天"))),
    ("party", "当事人(以下三种填写一种)", (
        Input("institution_uscc", "当事机构统一社会信用代码", help="监管对象名录库中的机构"),
        Input("practitioner_licence", "当事执业人员执业证号", help="监管对象名录库中的执业人员"),
        Input("party_name", "自然人当事人姓名", help="不在名录库中的自然人,须同时填写下列各项"),
        Input("party_id_number", "证件号码", help="居民身份证号码"),
        Input("party_phone", "联系电话"),
        Input("party_address", "住所(地址)"),
        Input("field", "领域", "select", options=_opts(dict(Field.choices)), help="自然人当事人须选择"))),
    ("violation", "涉嫌违法行为", (
        Input("violation_summary", "涉嫌违法行为", "textarea", True),
        Input("violation_date", "违法行为发生日期", "date", True),
        Input("violation_ended_on", "违法行为终了日期", "date", help="有连续或者继续状态的填写"),
        Input("discovered_on", "发现日期", "date", help="不填则为案源登记日期;用于核对追责期限(第三十六条)"),
        Input("endangers_life_or_finance", "涉及公民生命健康安全、金融安全且有危害后果", "checkbox",
              help="追责期限延长至五年(行政处罚法第三十六条)"),
        Input("major_or_complex", "情节复杂或重大违法", "checkbox", help="须集体讨论(第五十七条)并法制审核(第五十八条)"))),
)

EVIDENCE_INPUTS = (Input("kind", "证据种类", "select", True, options=_opts(EVIDENCE_KINDS)),
                   Input("name", "名称", help="不填则为文件名"))


def _value(inp: Input, posted, initial):
    if inp.kind == "penalties":
        if posted is not None:
            return [{part: posted.get(f"{inp.key}-{part}-{n}", "") for part in PENALTY_PARTS} for n in range(PENALTY_ROWS)]
        rows = [dict(r) for r in (initial or {}).get(inp.key) or []][:PENALTY_ROWS]
        return rows + [dict.fromkeys(PENALTY_PARTS, "") for _ in range(PENALTY_ROWS - len(rows))]
    source = posted if posted is not None else (initial or {})
    if inp.kind == "checkboxes":
        values = source.getlist(inp.key) if hasattr(source, "getlist") else source.get(inp.key) or []
        return [str(v) for v in values]
    value = source.get(inp.key, "")
    if inp.kind == "checkbox":
        return bool(value) and str(value) not in ("0", "false", "否")
    return "" if value is None else str(value)


def fields_for(inputs, *, prefix: str, posted=None, initial=None, problems=(),
               choices=None) -> tuple[list[FormField], list[str]]:
    """The form fields with their values and errors, and the reasons that belong to no field."""
    out, claimed = [], set()
    by_label = {inp.label: inp.key for inp in inputs}
    for inp in inputs:
        mine = [p for p in problems if by_label.get(p.field) == inp.key
                or (inp.kind == "penalties" and p.field.startswith(inp.label))]
        claimed.update(id(p) for p in mine)
        opts = inp.options or tuple((choices or {}).get(inp.choices, ()))
        out.append(FormField(inp, f"{prefix}-{inp.key}", _value(inp, posted, initial), opts,
                             [p.reason if p.field == inp.label else f"{p.field}:{p.reason}" for p in mine]))
    general = [f"{p.field}:{p.reason}" for p in problems if id(p) not in claimed]
    return out, general


def penalty_types() -> list[tuple[str, str]]:
    return [(code, kind.label) for code, kind in PENALTY_TYPES.items()]


def parse(action: str, post) -> dict:
    """The posted inputs of ``action`` as the ``data`` of ``case_advance`` (texts; the service parses)."""
    data: dict = {}
    for inp in ACTION_INPUTS.get(action, ()):
        if inp.kind == "penalties":
            rows = [{part: post.get(f"{inp.key}-{part}-{n}", "").strip() for part in PENALTY_PARTS}
                    for n in range(PENALTY_ROWS)]
            data[inp.key] = [{k: v for k, v in r.items() if v} for r in rows if r["type"]]
        elif inp.kind == "checkbox":
            data[inp.key] = bool(post.get(inp.key))
        elif inp.kind == "checkboxes":
            data[inp.key] = [v for v in post.getlist(inp.key) if v]
        else:
            data[inp.key] = post.get(inp.key, "").strip()
    return data


def register_data(post) -> dict:
    keys = [inp.key for _, _, inputs in REGISTER_SECTIONS for inp in inputs]
    data = {k: post.get(k, "").strip() for k in keys}
    data["source_task"] = post.get("source_task", "").strip()
    for inp in (i for _, _, inputs in REGISTER_SECTIONS for i in inputs if i.kind == "checkbox"):
        data[inp.key] = bool(post.get(inp.key))
    return data
