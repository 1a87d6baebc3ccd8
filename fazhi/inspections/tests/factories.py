"""Plans, rosters and draws for tests, made through the services (valid by default).

- ``appraisal_firms(actor, n, **row)`` / ``notaries(...)``: institutions via the registry factory;
- ``officer(actor, ...)``: an officer via ``officer_create`` (credential valid 2023–2028 by default);
- ``plan(actor, **data)``, ``stratum(actor, plan, **data)``, ``active_plan(actor, strata=[...], **data)``;
- ``attempt(actor, plan)``: a DRAFT attempt with two seed sources;
- ``drawn(actor, witness, attempt)``: commit, reveal (two users), draw.
"""

from __future__ import annotations

import itertools

from fazhi.inspections.services import draws as draw_services
from fazhi.inspections.services import plans as plan_services
from fazhi.institutions.tests.factories import institution
from fazhi.officers.services import officer_create

_serial = itertools.count(1)

CITY_UNIT = "天津市司法局"
HEXI_UNIT = "天津市河西区司法局"
SEED_SOURCES = [
    {"name": "witness_dice", "description": "三名见证人在承诺值公布后当众各掷骰子 10 次,按顺序记录 30 个点数(1–6),不加分隔符"},
    {"name": "lottery", "description": "承诺后首期福彩3D开奖号码:按公布的三位数字原样录入,不加分隔符"},
]
SEED_VALUES = ["315264152346125346152436512345", "207"]


def firms(actor, n: int, kind: str = "司法鉴定机构", **row) -> list:
    return [institution(actor, **{"机构类型": kind, **row}) for _ in range(n)]


def officer(actor, *, unit: str = CITY_UNIT, fields: str = "司法鉴定、公证", valid_from: str = "2023-01-01",
            valid_to: str = "2028-12-31", credential_no: str | None = None, name: str | None = None, **extra):
    n = next(_serial)
    data = {"credential_no": credential_no or f"TJ-SF-{n:04d}", "name": name or f"检查员{n}", "unit_id": unit,
            "valid_from": valid_from, "valid_to": valid_to, "fields": fields, **extra}
    return officer_create(actor=actor, data=data)


def officers(actor, n: int, **kwargs) -> list:
    return [officer(actor, **kwargs) for _ in range(n)]


def plan_data(**overrides) -> dict:
    n = next(_serial)
    data = {"code": f"2024-TJ-SJ-{n:02d}", "year": "2024", "name": f"2024 年度司法行政双随机抽查计划 {n}",
            "window_start": "2024-05-01", "window_end": "2024-11-30", "team_size": "2",
            "max_per_inspector": "", "yearly_cap_per_target": "1", "coverage_years": "3"}
    data.update(overrides)
    return data


def published_items() -> list[str]:
    """Ids of every item of the default published lists (loaded once per test database)."""
    from fazhi.inspections.models import InspectionItem
    from fazhi.inspections.services.items import item_lists_load_default

    item_lists_load_default(actor=None)
    return [str(pk) for pk in InspectionItem.objects.filter(item_list__status="published").values_list("pk", flat=True)]


def plan(actor, **overrides):
    overrides.setdefault("items", published_items())
    return plan_services.plan_create(actor=actor, data=plan_data(**overrides))


def stratum(actor, plan, **overrides):
    data = {"key": "appraisal", "label": "司法鉴定机构", "field": "appraisal", "ratio": "0.35", "min_count": "1"}
    data.update(overrides)
    return plan_services.plan_stratum_set(actor=actor, plan=plan, data=data)


def active_plan(actor, strata: list[dict] | None = None, **overrides):
    p = plan(actor, **overrides)
    for s in strata if strata is not None else [{}]:
        stratum(actor, p, **s)
    return plan_services.plan_activate(actor=actor, plan=p)


def attempt(actor, plan, inspection_date: str | None = None, seed_sources=None):
    day = inspection_date or plan.window_start.replace(month=max(plan.window_start.month, 6), day=1).isoformat()
    return draw_services.attempt_create(actor=actor, plan=plan, inspection_date=day,
                                        seed_sources=seed_sources or SEED_SOURCES)


def reveal_all(actor, witness, attempt, values=None):
    values = values or SEED_VALUES
    for k, value in enumerate(values):
        draw_services.attempt_reveal(actor=actor if k == 0 else witness, attempt=attempt, source_index=k, value=value)
    attempt.refresh_from_db()
    return attempt


def drawn(actor, witness, attempt, values=None):
    draw_services.attempt_commit(actor=actor, attempt=attempt)
    reveal_all(actor, witness, attempt, values)
    return draw_services.attempt_draw(actor=actor, attempt=attempt)
