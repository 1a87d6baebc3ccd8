"""Import/export specs of the 监管对象名录库: the columns of the spreadsheets and their checks."""

from __future__ import annotations

from fazhi.core import cells
from fazhi.core.errors import FieldProblem
from fazhi.core.importing import Column, Context, Spec
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.institutions.models import (
    KIND_FIELD,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    Practitioner,
    PractitionerKind,
    PractitionerStatus,
    RiskClass,
)
from fazhi.orgs.models import District

# Which practitioners work in which institutions.
PRACTITIONER_KINDS = {
    PractitionerKind.LAWYER: {InstitutionKind.LAW_FIRM, InstitutionKind.LAW_FIRM_BRANCH},
    PractitionerKind.NOTARY: {InstitutionKind.NOTARY},
    PractitionerKind.APPRAISER: {InstitutionKind.APPRAISAL},
    PractitionerKind.ARBITRATOR: {InstitutionKind.ARBITRATION},
    PractitionerKind.GRASSROOTS_WORKER: {InstitutionKind.GRASSROOTS},
}


def district_lookup(ctx: Context) -> None:
    ctx.lookups["districts"] = {name: pk for pk, name in District.objects.values_list("id", "name")}


class InstitutionSpec(Spec):
    label = "监管对象"
    model = Institution
    action = "institution"
    unique_attrs = ("licence_no",)
    select_related = ("district", "head_office")
    columns = [
        Column("统一社会信用代码", "uscc", cells.uscc),
        Column("名称", "name", cells.text(150)),
        Column("机构类型", "kind", cells.choice(InstitutionKind, "机构类型"), export=cells.export_choice(InstitutionKind)),
        Column("总所统一社会信用代码", "head_office", cells.uscc, required=False, self_ref=True,
               source="head_office.uscc"),
        Column("执业许可证号", "licence_no", cells.text(40)),
        Column("所在区", "district_id", cells.lookup("districts", "行政区"), source="district.name"),
        Column("住所", "address", cells.text(200)),
        Column("负责人", "head_name", cells.text(50)),
        Column("办公电话", "phone", cells.phone, required=False),
        Column("成立日期", "established_on", cells.date, required=False, default=None, export=cells.export_date),
        Column("状态", "status", cells.choice(InstitutionStatus, "状态"), required=False,
               default=InstitutionStatus.NORMAL.value, export=cells.export_choice(InstitutionStatus)),
        Column("风险等级", "risk_class", cells.choice(RiskClass, "风险等级"), required=False,
               default=RiskClass.MEDIUM.value, export=cells.export_choice(RiskClass)),
    ]

    def prepare(self, ctx):
        district_lookup(ctx)

    def check(self, values, ctx):
        is_branch = values["kind"] == InstitutionKind.LAW_FIRM_BRANCH
        if is_branch and not values.get("head_office"):
            return [FieldProblem("总所统一社会信用代码", "律师事务所分所必须填写总所的统一社会信用代码")]
        if not is_branch and values.get("head_office"):
            return [FieldProblem("总所统一社会信用代码", "只有律师事务所分所才填写总所")]
        return []

    def derive(self, values, ctx):
        values["field"] = KIND_FIELD[InstitutionKind(values["kind"])].value

    def stored_attrs(self):
        return self.attrs + ["field"]


class PractitionerSpec(Spec):
    label = "执业人员"
    model = Practitioner
    action = "practitioner"
    select_related = ("institution",)
    columns = [
        Column("执业证号", "licence_no", cells.text(40)),
        Column("姓名", "name", cells.text(50)),
        Column("类别", "kind", cells.choice(PractitionerKind, "类别"), export=cells.export_choice(PractitionerKind)),
        Column("执业机构统一社会信用代码", "institution_id", cells.lookup("institutions", "执业机构"),
               source="institution.uscc"),
        Column("身份证号", "id_number", cells.id_number, required=False, mask=mask_id_number),
        Column("手机号码", "phone", cells.phone, required=False, mask=mask_phone),
        Column("执业证颁发日期", "licensed_on", cells.date, required=False, default=None, export=cells.export_date),
        Column("状态", "status", cells.choice(PractitionerStatus, "状态"), required=False,
               default=PractitionerStatus.PRACTISING.value, export=cells.export_choice(PractitionerStatus)),
    ]

    def prepare(self, ctx):
        rows = Institution.objects.values_list("uscc", "id", "district_id", "kind")
        ctx.lookups["institutions"] = {uscc: pk for uscc, pk, _, _ in rows}
        ctx.lookups["institution_info"] = {pk: (district, kind) for _, pk, district, kind in rows}

    def district_of(self, values, ctx):
        return ctx.lookups["institution_info"][values["institution_id"]][0]

    def check(self, values, ctx):
        kind = ctx.lookups["institution_info"][values["institution_id"]][1]
        if kind not in PRACTITIONER_KINDS[PractitionerKind(values["kind"])]:
            return [FieldProblem("类别", f"{PractitionerKind(values['kind']).label}不能在"
                                         f"{InstitutionKind(kind).label}执业")]
        return []
