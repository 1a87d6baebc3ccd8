"""Preconditions of 送达 and 执行, the simplified procedure, and the late fee. Pure Python: no Django import."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from fazhi.cases.facts import SERVICE_METHODS, CaseFacts
from fazhi.cases.rules._base import CENT, add_months, amount_payable, money, rule, text, total, yuan
from fazhi.core import parameters

PAYMENT_DAYS = 15  # 行政处罚法 第六十七条第三款: 自收到行政处罚决定书之日起十五日内 (calendar days)
LATE_FEE_RATE = Decimal("0.03")  # 第七十二条第一款第一项: 每日按罚款数额的百分之三加处罚款
DEMAND_WORKING_DAYS = 10  # 行政强制法 第五十四条 (催告书送达十日后), working days by 第六十九条
SUIT_PERIOD_MONTHS = 6  # 行政诉讼法 第四十六条 (六个月; longer than 行政复议法 第二十条's sixty days)
ON_SPOT_TYPES = ("warning", "fine")  # 行政处罚法 第五十一条: 罚款或者警告


def late_fee(fine: Decimal, due: dt.date, paid_on: dt.date, excluded_days: int = 0) -> Decimal:
    """加处罚款 for a fine due on ``due`` and paid on ``paid_on``.

    行政处罚法 第七十二条第一款第一项: 3% of the fine for each day after the due day, never more than the
    fine itself (加处罚款的数额不得超出罚款的数额); 第七十三条第三款: the days of 行政复议 or 行政诉讼
    (``excluded_days``) are not counted. Rounded to the fen.
    """
    days = (paid_on - due).days - max(0, int(excluded_days))
    if days <= 0:
        return Decimal("0.00")
    fee = (Decimal(fine) * LATE_FEE_RATE * days).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(fee, money(fine))


def payment_due(f: CaseFacts) -> dt.date | None:
    """The last day to pay: 15 days after the decision took effect as served (第六十七条), moved off a
    rest day (民事诉讼法 第八十五条)."""
    start = f.service_effective_on or f.served_on
    return f.calendar.add_calendar_days(start, PAYMENT_DAYS) if start else None


@rule("service_method_lawful", "行政处罚法第六十一条")
def service_method_lawful(f: CaseFacts, data: dict) -> str | None:
    method = text(data, "method")
    if method not in SERVICE_METHODS:
        return f"送达方式应为:{'、'.join(SERVICE_METHODS.values())}(行政处罚法第六十一条)"
    if method == "on_the_spot" and f.served_on != f.decided_on:
        return "当场交付仅限于宣告决定的当日;当事人不在场的,应依照民事诉讼法的规定送达(行政处罚法第六十一条第一款)"
    if method == "direct" and not text(data, "recipient"):
        return "直接送达须记录签收人,由受送达人在送达回证上签收(民事诉讼法第八十七条、第八十八条;行政处罚法第六十一条)"
    if method == "left_at_address" and not (data.get("refused") and (text(data, "witness") or data.get("recorded"))):
        return ("留置送达仅限受送达人拒绝签收,且须邀请有关基层组织或所在单位的代表到场见证,或者拍照、录像记录"
                "(民事诉讼法第八十九条;行政处罚法第六十一条)")
    if method == "electronic" and not data.get("consent_signed"):
        return "电子送达须当事人同意并签订确认书(行政处罚法第六十一条第二款;民事诉讼法第九十条)"
    if method == "public_notice" and not text(data, "grounds"):
        return "公告送达仅限受送达人下落不明或者用其他方式无法送达,须写明情况(民事诉讼法第九十五条;行政处罚法第六十一条)"
    if method == "mail" and not data.get("receipt_date"):
        return "邮寄送达以回执上注明的收件日期为送达日期,请记录(民事诉讼法第九十一条;行政处罚法第六十一条)"
    return None


@rule("penalty_decided", "行政处罚法第六十七条")
def penalty_decided(f: CaseFacts, data: dict) -> str | None:
    if f.decision == "penalty" and amount_payable(f) > 0:
        return None
    return "本案未决定罚款或没收违法所得,无需缴纳(行政处罚法第六十七条)"


@rule("payment_covers_fine", "行政处罚法第六十七条、第七十二条")
def payment_covers_fine(f: CaseFacts, data: dict) -> str | None:
    owed = amount_payable(f)
    due = payment_due(f)
    fee = Decimal(0)
    if due is not None and f.paid_on is not None:
        fee = late_fee(total(f.penalties, "fine"), due, f.paid_on, f.review_or_suit_days)
    if f.paid_amount is not None and f.paid_amount >= owed + fee:
        return None
    paid = yuan(f.paid_amount or 0)
    extra = f",另逾期(缴纳期限至 {due:%Y-%m-%d})加处罚款 {yuan(fee)}(第七十二条)" if fee else ""
    return f"应缴 {yuan(owed)}{extra},实缴 {paid},未缴清(行政处罚法第六十七条、第七十二条)"


@rule("payment_overdue", "行政处罚法第六十七条")
def payment_overdue(f: CaseFacts, data: dict) -> str | None:
    due = payment_due(f)
    if due is None:
        return "决定书尚未送达,不能催告(行政处罚法第六十七条)"
    if f.on <= due:
        return (f"当事人应自收到决定书之日起 {PAYMENT_DAYS} 日内缴纳,期限至 {due:%Y-%m-%d},期满前不能催告"
                f"(行政处罚法第六十七条;行政强制法第五十四条)")
    return None


@rule("demand_ten_days_passed", "行政强制法第五十四条")
def demand_ten_days_passed(f: CaseFacts, data: dict) -> str | None:
    demand = f.last("demand")
    if demand is None:
        return "申请人民法院强制执行前,应当催告当事人履行义务(行政强制法第五十四条)"
    due = f.calendar.add_working_days(demand.occurred_on, DEMAND_WORKING_DAYS)
    if f.on > due:
        return None
    return (f"催告书送达 {DEMAND_WORKING_DAYS} 个工作日后(即 {due:%Y-%m-%d} 之后)当事人仍未履行的,方可申请人民法院强制执行"
            f"(行政强制法第五十四条、第六十九条)")


@rule("appeal_periods_expired", "行政强制法第五十三条")
def appeal_periods_expired(f: CaseFacts, data: dict) -> str | None:
    start = f.service_effective_on or f.served_on
    if start is None:
        return "决定书尚未送达(行政强制法第五十三条)"
    end = add_months(start, SUIT_PERIOD_MONTHS)
    if f.on > end:
        return None
    return (f"当事人申请行政复议、提起行政诉讼的期限至 {end:%Y-%m-%d} 届满,期满后方可申请人民法院强制执行"
            f"(行政强制法第五十三条;行政诉讼法第四十六条)")


@rule("executed_or_no_penalty", "行政处罚法第六十七条")
def executed_or_no_penalty(f: CaseFacts, data: dict) -> str | None:
    if f.status == "executed" or f.decision == "no_penalty" or amount_payable(f) <= 0:
        return None
    return "罚款或没收的违法所得尚未缴清,也未申请人民法院强制执行,不能结案(行政处罚法第六十七条、第七十二条)"


@rule("on_spot_thresholds", "行政处罚法第五十一条")
def on_spot_thresholds(f: CaseFacts, data: dict) -> str | None:
    person = f.party_kind == "person"
    limit = Decimal(str(parameters.value("on_spot_fine_max_person" if person else "on_spot_fine_max_organization",
                                         f.on)))
    who = "公民" if person else "法人或者其他组织"
    others = [p.label for p in f.penalties if p.type not in ON_SPOT_TYPES]
    fine = total(f.penalties, "fine")
    if not others and fine <= limit:
        return None
    what = f"{'、'.join(others)}不能当场作出" if others else f"罚款 {yuan(fine)} 超过 {yuan(limit)}"
    return (f"{what}:当场处罚仅限对{who}处以 {yuan(limit)}以下罚款或者警告,应适用普通程序"
            f"(行政处罚法第五十一条)")
