"""The legal preconditions of the procedure steps. Pure Python: no Django import.

``RULES`` maps every code that ``data/procedure.toml`` names in a step's ``requires`` to a function
``(facts: CaseFacts, data: dict) -> str | None``: ``None`` when the precondition holds, else the Chinese
reason for the refusal, which always cites its article. ``data`` is the step's own data (already parsed by
``fazhi.cases.services.step_data``); ``facts`` is the case *after* that data was applied to a copy.
``ARTICLES`` gives the article each code cites. ``late_fee`` computes 加处罚款 (第七十二条、第七十三条).

Statutory numbers are constants beside the article that sets them; numbers a local authority sets are
parameters (``fazhi/core/parameters.toml``): ``enforcement_min_officers``, ``hearing_large_amount_person``,
``hearing_large_amount_organization``, ``statement_period_working_days``, ``decision_extension_max_days``,
``legal_review_for_hearing_right_penalties``, ``on_spot_fine_max_person``, ``on_spot_fine_max_organization``.

The rules by stage: ``investigation`` (立案, 调查取证, 回避, 移送), ``decision`` (审核, 讨论, 告知, 听证,
决定, 期限), ``discretion`` (裁量基准: 裁量情节认定, 偏离的理由和法制审核), ``execution`` (送达, 缴纳, 催告,
强制执行, 结案, 简易程序).
"""

from __future__ import annotations

from fazhi.cases.rules import decision, discretion, execution, investigation  # importing them registers their rules
from fazhi.cases.rules._base import (ARTICLES, RULES, Rule, add_months, add_years, amount_payable,
                                     hearing_triggers, large_amount)
from fazhi.cases.rules.decision import decision_due
from fazhi.cases.rules.execution import late_fee, payment_due
from fazhi.cases.rules.investigation import REASON_ARTICLES, limitation_end

__all__ = ["decision", "discretion", "execution", "investigation", "ARTICLES", "REASON_ARTICLES", "RULES", "Rule", "add_months",
           "add_years", "amount_payable",
           "decision_due", "hearing_triggers", "large_amount", "late_fee", "limitation_end", "payment_due"]
