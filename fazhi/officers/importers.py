"""Import/export spec of the 执法人员名录库."""

from __future__ import annotations

import re

from fazhi.core import cells
from fazhi.core.errors import FieldProblem
from fazhi.core.fields import Field
from fazhi.core.importing import CellError, Column, Spec
from fazhi.core.masking import mask_phone
from fazhi.officers.models import Officer, OfficerStatus
from fazhi.orgs.models import Organization

_FIELD_BY_LABEL = {label: code for code, label in Field.choices}
_FIELD_LABEL = dict(Field.choices)


def parse_fields(text: str, ctx) -> list[str]:
    labels = [t for t in re.split(r"[、,,;;\s]+", text) if t]
    unknown = [t for t in labels if t not in _FIELD_BY_LABEL and t not in _FIELD_LABEL]
    if unknown:
        raise CellError(f"未知的领域“{'、'.join(unknown)}”,应为:{'、'.join(_FIELD_BY_LABEL)}")
    codes = {_FIELD_BY_LABEL.get(t, t) for t in labels}
    return [code for code in Field.values if code in codes]  # canonical order


def export_fields(codes) -> str:
    return "、".join(_FIELD_LABEL.get(c, c) for c in codes or [])


class OfficerSpec(Spec):
    label = "执法人员"
    model = Officer
    action = "officer"
    select_related = ("unit",)
    columns = [
        Column("执法证号", "credential_no", cells.text(32)),
        Column("姓名", "name", cells.text(50)),
        Column("所在单位", "unit_id", cells.lookup("units", "单位"), source="unit.name"),
        Column("执法证有效期起", "valid_from", cells.date, export=cells.export_date),
        Column("执法证有效期止", "valid_to", cells.date, export=cells.export_date),
        Column("可检查领域", "fields", parse_fields, export=export_fields),
        Column("具有法律职业资格", "has_legal_qualification", cells.boolean, required=False, default=False,
               export=cells.export_bool),
        Column("手机号码", "phone", cells.phone, required=False, mask=mask_phone),
        Column("状态", "status", cells.choice(OfficerStatus, "状态"), required=False,
               default=OfficerStatus.ACTIVE.value, export=cells.export_choice(OfficerStatus)),
    ]

    def prepare(self, ctx):
        rows = Organization.objects.filter(is_active=True).values_list("name", "id", "district_id")
        ctx.lookups["units"] = {name: pk for name, pk, _ in rows}
        ctx.lookups["unit_district"] = {pk: district for _, pk, district in rows}

    def check(self, values, ctx):
        if values["valid_to"] < values["valid_from"]:
            return [FieldProblem("执法证有效期止", "不能早于有效期起")]
        return []

    def derive(self, values, ctx):
        values["district_id"] = ctx.lookups["unit_district"][values["unit_id"]]

    def district_of(self, values, ctx):
        return ctx.lookups["unit_district"][values["unit_id"]]

    def stored_attrs(self):
        return self.attrs + ["district_id"]
