"""行政复议 applications, their hearings and suspensions, and 行政应诉 cases.

An ``Application`` belongs to the 复议机构 that registered it (``unit``; ``district`` is the unit's
district, ``None`` for the city bureau — the scope of ``fazhi.core.access``). ``status`` changes only
through ``fazhi.reconsideration.workflow.apply`` in the services. Personal identity numbers are masked on
display (``applicant_id_display``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.masking import mask_id_number
from fazhi.reconsideration.rules import jurisdiction
from fazhi.reconsideration.rules.decisions import DECISION_TYPES
from fazhi.reconsideration.rules.metrics import OUTCOMES
from fazhi.reconsideration.workflow import LABELS

STATUS_CHOICES = list(LABELS.items())
RESPONDENT_KINDS = list(jurisdiction.KINDS.items())
OUTCOME_CHOICES = list(OUTCOMES.items())
DECISION_CHOICES = [(code, t.name) for code, t in DECISION_TYPES.items()]


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    COUNTER = "counter", "当面或邮寄递交"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "公民"
    ORGANIZATION = "organization", "法人或者其他组织"


class Application(models.Model):
    number = models.CharField("案件编号", max_length=64, unique=True)
    unit = models.ForeignKey("orgs.Organization", verbose_name="登记单位", on_delete=models.PROTECT,
                             related_name="reconsiderations")
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("收到申请日期")
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices)
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人", max_length=200)
    applicant_id = models.CharField("身份证号/统一社会信用代码", max_length=18, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=32, blank=True)
    applicant_address = models.CharField("住所", max_length=300, blank=True)
    representative = models.CharField("法定代表人或主要负责人", max_length=100, blank=True)
    agents = models.JSONField("委托代理人", default=list, blank=True)  # ≤ 2 names (行政复议法第十七条)
    act_description = models.TextField("被申请复议的行政行为")
    act_on = models.DateField("行政行为作出日期")
    act_number = models.CharField("行政行为文号", max_length=100, blank=True)
    respondent_name = models.CharField("被申请人", max_length=200)
    respondent_kind = models.CharField("被申请人类型", max_length=32, choices=RESPONDENT_KINDS)
    respondent_district = models.CharField("被申请人所在区划代码", max_length=6, blank=True)
    learned_on = models.DateField("知道该行政行为日期")
    right_explained = models.BooleanField("已告知申请权利和期限", default=True)
    real_property = models.BooleanField("涉及不动产", default=False)
    applied_via_respondent = models.BooleanField("经作出处罚决定的机关提交", default=False)
    timely = models.BooleanField("在申请期限内", default=True)
    timeliness_note = models.CharField("申请期限审查", max_length=300, blank=True)
    body = models.CharField("行政复议机关", max_length=200)
    office = models.CharField("行政复议机构", max_length=200, blank=True)
    ours = models.BooleanField("本机关管辖", default=True)
    jurisdiction_note = models.TextField("管辖依据", blank=True)
    status = models.CharField("状态", max_length=32, choices=STATUS_CHOICES, default="received")
    suspended_from = models.CharField("中止前状态", max_length=32, blank=True)
    simplified = models.BooleanField("适用简易程序", default=False)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    refused_on = models.DateField("不予受理日期", null=True, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    forwarded_on = models.DateField("转送日期", null=True, blank=True)
    forwarded_to = models.CharField("转送机关", max_length=200, blank=True)
    completion_items = models.JSONField("补正事项", default=list, blank=True)
    completion_requested_on = models.DateField("补正通知送达日期", null=True, blank=True)
    completion_answered_on = models.DateField("补正日期", null=True, blank=True)
    copied_on = models.DateField("发送副本日期", null=True, blank=True)
    answered_on = models.DateField("被申请人答复日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长审理天数", default=0)
    concluded_on = models.DateField("结案日期", null=True, blank=True)
    outcome = models.CharField("结案方式", max_length=32, choices=OUTCOME_CHOICES, blank=True)
    decision_code = models.CharField("决定类型", max_length=32, choices=DECISION_CHOICES, blank=True)
    signer = models.CharField("签发人", max_length=100, blank=True)
    decision_text = models.TextField("决定内容或结案理由", blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_id_display(self) -> str:
        """A personal ID number masked; an organization's USCC is public."""
        if self.applicant_kind == ApplicantKind.PERSON:
            return mask_id_number(self.applicant_id)
        return self.applicant_id


class Suspension(models.Model):
    """One period of 中止 (行政复议法第三十九条): its days are not counted in the decision period."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="suspensions")
    suspended_on = models.DateField("中止日期")
    resumed_on = models.DateField("恢复审理日期", null=True, blank=True)
    reason = models.TextField("中止理由")

    class Meta:
        ordering = ["suspended_on", "pk"]


class Hearing(models.Model):
    """行政复议听证 (行政复议法第五十条、第五十一条)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("听证日期")
    notice_on = models.DateField("听证通知日期")
    place = models.CharField("听证地点", max_length=200, blank=True)
    presiding = models.CharField("主持人", max_length=100)
    members = models.JSONField("听证员", default=list)
    clerk = models.CharField("记录员", max_length=100)
    held = models.BooleanField("已举行", default=False)
    respondent_head_attended = models.BooleanField("被申请人负责人参加", default=False)
    delegate = models.CharField("被申请人委托参加人员", max_length=100, blank=True)
    head_absence_reason = models.TextField("负责人未参加的说明", blank=True)
    record = models.TextField("听证笔录摘要", blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class Litigation(models.Model):
    """行政应诉: a suit against an agency, after 复议 (``application``) or directly."""

    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="litigations")
    unit = models.ForeignKey("orgs.Organization", verbose_name="登记单位", on_delete=models.PROTECT,
                             related_name="litigations")
    district = models.ForeignKey("orgs.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    defendant = models.CharField("被诉行政机关", max_length=200)
    plaintiff = models.CharField("原告", max_length=200)
    filed_on = models.DateField("立案日期")
    court = models.CharField("受理法院", max_length=200)
    court_number = models.CharField("法院案号", max_length=100, blank=True)
    result = models.CharField("裁判结果", max_length=300, blank=True)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "行政应诉案件"
        ordering = ["-filed_on", "-pk"]


class CourtHearing(models.Model):
    """One court hearing of a suit: did the agency's head appear (行政诉讼法第三条第三款)?"""

    litigation = models.ForeignKey(Litigation, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("开庭日期")
    head_attended = models.BooleanField("负责人出庭应诉")
    delegate = models.CharField("委托出庭人员", max_length=100, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
