"""Preconditions of the 行政处罚裁量基准 (行政处罚法 第三十四条) at 事先告知, 决定 and 当场处罚. Pure Python:
no Django import.

The step handler (``fazhi.cases.discretion.check``) applies the benchmark and leaves its result in the step's
data under ``"discretion"``; the key is absent when the case's basis is no benchmark matter, and then every
rule here holds. Its fields: ``assessed`` (a 裁量情节认定 of the case's matter exists; else ``stale``: the
matter assessed no longer fits the basis, or ``problem``), ``deviations`` (``check_decision``: ``error`` =
beyond the statute or a penalty where none may be given; ``warning`` = outside the recommended tier: another
kind, another band, a penalty of the tier left out; ``info``), ``reason`` (the written reason, the step's or
the one the case recorded earlier), ``flagged`` (outside the recommendation with a reason), ``tier``,
``recommended`` and ``source`` (the benchmark file, version and tier).

- ``discretion_assessed``: the facts were assessed before the penalties are proposed or decided.
- ``within_discretion_or_reasoned``: nothing unlawful (no reason cures that), and a departure from the
  recommendation carries a written reason.
- ``deviation_reviewed``: a reasoned departure is decided only after a passed 法制审核 recorded after the
  step (裁量情节认定 or 事先告知) that wrote the reason down: never on the spot.
"""

from __future__ import annotations

from fazhi.cases.facts import LEGAL_REVIEW_PASSED, CaseFacts, StepRecord
from fazhi.cases.rules._base import rule, text

REASON_STEPS = ("assess_discretion", "notify")  # where a reason can be written before the decision


def _found(data: dict) -> dict | None:
    found = data.get("discretion")
    return found if isinstance(found, dict) else None


def _marks(found: dict, severity: str) -> list[str]:
    return [d["message"] for d in found.get("deviations") or () if d.get("severity") == severity]


@rule("discretion_assessed", "行政处罚法第三十四条")
def discretion_assessed(f: CaseFacts, data: dict) -> str | None:
    found = _found(data)
    if found is None or found.get("assessed"):
        return None
    matters = "、".join(found.get("matters") or ())
    if found.get("stale"):
        return (f"请先进行裁量情节认定(行政处罚法第三十四条):已认定的事项 {found['stale']} 与本案现在的处罚依据"
                f"(对应事项 {matters})不符,须重新认定")
    if found.get("problem"):
        return f"请先进行裁量情节认定(行政处罚法第三十四条):{found['problem']}"
    return f"请先进行裁量情节认定(行政处罚法第三十四条):本案处罚依据对应裁量基准事项 {matters}"


@rule("within_discretion_or_reasoned", "行政处罚法第三十四条")
def within_discretion_or_reasoned(f: CaseFacts, data: dict) -> str | None:
    found = _found(data)
    if found is None or not found.get("assessed"):
        return None  # discretion_assessed says why
    source = found.get("source", "裁量基准")
    errors = _marks(found, "error")
    if errors:
        return (f"{';'.join(errors)}:不符合法律规定的处罚种类、幅度,不能以说明理由代替,请依法调整处罚内容"
                f"(行政处罚法第三十四条、第三十八条;{source})")
    outside = _marks(found, "warning")
    if not outside or found.get("reason"):
        return None
    advice = ("当场处罚不能偏离裁量基准,偏离的须写明理由并经法制审核,应适用普通程序"
              if found.get("case_type") == "simplified" else "须在“偏离裁量基准的理由”中写明理由,并经法制审核")
    return (f"处罚偏离裁量基准(建议{found.get('recommended', '')}):{';'.join(outside)};{advice}"
            f"(行政处罚法第三十四条;{source})")


def _reason_written(f: CaseFacts) -> StepRecord | None:
    """The latest earlier step that wrote a reason for departing from the benchmark."""
    found = [r for action in REASON_STEPS for r in f.done(action) if text(r.data, "deviation_reason")]
    return max(found, key=lambda r: (r.seq, r.occurred_on)) if found else None


@rule("deviation_reviewed", "行政处罚法第五十八条")
def deviation_reviewed(f: CaseFacts, data: dict) -> str | None:
    found = _found(data)
    if found is None or not found.get("flagged"):
        return None
    if f.case_type == "simplified" or f.action == "decide_on_spot":
        return ("处罚偏离裁量基准的,须经法制审核后方可作出决定,不能当场处罚;请按普通程序办理"
                "(行政处罚法第五十八条、第三十四条)")
    written = _reason_written(f)
    if written is None:
        return ("处罚偏离裁量基准的,须先在“行政处罚事先告知”或“裁量情节认定”环节写明偏离理由,并经法制审核通过后,"
                "方可作出决定(行政处罚法第五十八条)")
    reviews = [r for r in f.done("legal_review") if r.seq > written.seq]
    if not reviews:
        return (f"处罚偏离裁量基准,{written.occurred_on:%Y-%m-%d} 写明偏离理由后尚未进行法制审核;"
                f"未经法制审核的,不得作出决定(行政处罚法第五十八条)")
    if reviews[-1].data.get("conclusion") != LEGAL_REVIEW_PASSED:
        return "处罚偏离裁量基准,写明偏离理由后最近一次法制审核未通过,不得作出决定(行政处罚法第五十八条)"
    return None
