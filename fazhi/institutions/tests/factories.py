"""Rows and records for tests: valid by default, with a running serial for unique keys."""

from __future__ import annotations

import itertools

from fazhi.core.identifiers import make_uscc
from fazhi.institutions import services

_serial = itertools.count(1)

TYPE_CODE = {"律师事务所": "1", "律师事务所分所": "1", "公证机构": "2", "基层法律服务所": "3", "司法鉴定机构": "4",
             "仲裁机构": "5"}


def institution_row(**overrides) -> dict[str, str]:
    """One spreadsheet row (Chinese headers) of a valid institution; district 河西区 by default."""
    n = next(_serial)
    kind = overrides.get("机构类型", "律师事务所")
    row = {
        "统一社会信用代码": make_uscc(f"3{TYPE_CODE.get(kind, '9')}120103MA{n:07d}"),
        "名称": f"天津测试{n}律师事务所",
        "机构类型": kind,
        "总所统一社会信用代码": "",
        "执业许可证号": f"3112000020{n:07d}",
        "所在区": "河西区",
        "住所": f"天津市河西区友谊路{n}号",
        "负责人": "张明",
        "办公电话": "022-23456789",
        "成立日期": "2015-06-01",
        "状态": "正常",
        "风险等级": "一般风险",
    }
    row.update(overrides)
    return row


def institution_data(**overrides) -> dict[str, str]:
    """The same, keyed by attribute, as a form posts it."""
    from fazhi.institutions.importers import InstitutionSpec

    row = institution_row(**overrides)
    return {c.attr: row[c.header] for c in InstitutionSpec.columns if c.header in row}


def institution(actor, **overrides):
    return services.institution_create(actor=actor, data=institution_data(**overrides))


def practitioner_row(institution_uscc: str, **overrides) -> dict[str, str]:
    n = next(_serial)
    row = {
        "执业证号": f"1120120{n:010d}",
        "姓名": "李华",
        "类别": "律师",
        "执业机构统一社会信用代码": institution_uscc,
        "身份证号": "",
        "手机号码": f"139{n:08d}",
        "执业证颁发日期": "2018-03-01",
        "状态": "执业",
    }
    row.update(overrides)
    return row
