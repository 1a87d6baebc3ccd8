"""The workflow of a 行政复议 application as one transition table. Pure Python: no Django import.
``apply`` is the one function that says what an action does to a status; the services call it and save
the result, and nothing else sets ``status``.

- received → 受理 accepted | 不予受理 refused (第三十条) | 转送 forwarded (第三十条第二款、第三十二条) |
  通知补正 completion_requested (第三十一条) | 视为受理 accepted (第三十条第三款);
- completion_requested → 补正 received (the acceptance review again) | 视为放弃 abandoned (第三十一条第二款);
- accepted → 发送副本 copied (第四十八条) → 答复 answered → (听证, 第五十条) → 作出决定 decided (第六十三条—第七十二条,
  第三十三条) | 调解结案 mediated (第七十三条) | 和解撤回 settled_withdrawn (第七十四条) | 撤回 withdrawn (第七十四条) |
  终止 terminated (第四十一条);
- 中止 suspended (第三十九条) from the in-progress statuses; 恢复审理 goes back to the status before
  (``previous``); 听证 (第五十条), 转换程序 (第五十五条) and 延长 (第六十二条) keep the status.
"""

from __future__ import annotations

from fazhi.core.transitions import NotAllowed, Transition, next_status, table

IN_PROGRESS = ("accepted", "copied", "answered")
CLOSED = ("refused", "forwarded", "abandoned", "decided", "mediated", "settled_withdrawn", "withdrawn",
          "terminated")
BACK = "<previous>"  # the status before 中止


APPLICATION = table(
    Transition("accept", "受理", ("received",), "accepted", "行政复议法第三十条"),
    Transition("deem_accept", "视为受理", ("received",), "accepted", "行政复议法第三十条第三款"),
    Transition("refuse", "不予受理", ("received",), "refused", "行政复议法第三十条"),
    Transition("forward", "转送", ("received",), "forwarded", "行政复议法第三十二条"),
    Transition("request_completion", "通知补正", ("received",), "completion_requested", "行政复议法第三十一条"),
    Transition("complete", "补正材料", ("completion_requested",), "received", "行政复议法第三十一条"),
    Transition("abandon", "视为放弃", ("completion_requested",), "abandoned", "行政复议法第三十一条第二款"),
    Transition("copy", "发送申请书副本", ("accepted",), "copied", "行政复议法第四十八条"),
    Transition("answer", "记录被申请人答复", ("copied",), "answered", "行政复议法第四十八条"),
    Transition("hearing", "组织听证", ("copied", "answered"), BACK, "行政复议法第五十条"),
    Transition("extend", "延长审理期限", IN_PROGRESS, BACK, "行政复议法第六十二条"),
    Transition("convert", "转换审理程序", IN_PROGRESS, BACK, "行政复议法第五十五条"),
    Transition("suspend", "中止审理", IN_PROGRESS, "suspended", "行政复议法第三十九条"),
    Transition("resume", "恢复审理", ("suspended",), BACK, "行政复议法第三十九条"),
    Transition("decide", "作出行政复议决定", ("copied", "answered"), "decided", "行政复议法第六十一条"),
    Transition("mediate", "调解结案", IN_PROGRESS, "mediated", "行政复议法第七十三条"),
    Transition("settle_withdraw", "和解后撤回", IN_PROGRESS, "settled_withdrawn", "行政复议法第七十四条"),
    Transition("withdraw", "撤回申请", (*IN_PROGRESS, "received", "completion_requested"), "withdrawn",
               "行政复议法第七十四条"),
    Transition("terminate", "终止行政复议", (*IN_PROGRESS, "suspended"), "terminated", "行政复议法第四十一条"),
)

LABELS = {
    "received": "已收到申请", "completion_requested": "待补正", "accepted": "已受理", "copied": "已发送副本",
    "answered": "已答复", "suspended": "中止审理", "refused": "不予受理", "forwarded": "已转送",
    "abandoned": "视为放弃", "decided": "已作出决定", "mediated": "调解结案", "settled_withdrawn": "和解撤回",
    "withdrawn": "已撤回", "terminated": "已终止",
}


def apply(status: str, action: str, *, previous: str | None = None) -> str:
    """The status after ``action`` from ``status``, or ``NotAllowed`` naming both and the article.
    ``previous``: the status before 中止, for 恢复审理; an action that keeps the status returns ``status``."""
    to = next_status(APPLICATION, LABELS, status, action)
    if to != BACK:
        return to
    if action == "resume":
        if previous not in IN_PROGRESS:
            raise NotAllowed("无法确定中止前的审理状态,不能恢复审理(行政复议法第三十九条)")
        return previous
    return status
