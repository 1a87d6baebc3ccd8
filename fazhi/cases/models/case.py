"""A 行政处罚 case: its party, the violation, the officers, and the facts each step recorded.

``status`` is set only by ``fazhi.cases.services.transition.case_advance`` applying the procedure table
(``fazhi/cases/data/procedure.toml``); the dated facts of each step live both here (for queries and
deadlines) and in the step's ``CaseStep`` row (the record of who did what, when)."""

from __future__ import annotations

from django.db import models

from fazhi.core.models.guarded import NoDeleteQuerySet


class CaseType(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序(当场处罚)"


class SourceKind(models.TextChoices):
    INSPECTION = "inspection", "检查发现"
    COMPLAINT = "complaint", "投诉举报"
    REFERRAL = "referral", "移送"
    OWN_FINDING = "own_finding", "自行发现"


class PartyKind(models.TextChoices):
    ORGANIZATION = "organization", "法人或其他组织"
    PERSON = "person", "自然人"


class Case(models.Model):
    number = models.CharField("案件编号", max_length=40, unique=True)
    case_type = models.CharField("程序", max_length=16, choices=CaseType.choices, default=CaseType.ORDINARY)
    status = models.CharField("状态", max_length=24, db_index=True)
    field = models.CharField("领域", max_length=16)
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text="取自办案单位;市局案件为空")
    unit = models.ForeignKey("orgs.Organization", verbose_name="办案单位", on_delete=models.PROTECT, related_name="cases")
    # 案源
    source_kind = models.CharField("案件来源", max_length=16, choices=SourceKind.choices)
    source_task = models.ForeignKey("inspections.InspectionTask", verbose_name="来源检查任务", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="cases")
    source_note = models.TextField("来源说明", blank=True)
    received_on = models.DateField("案源登记日期")
    # 当事人
    party_kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    institution = models.ForeignKey("institutions.Institution", verbose_name="当事机构", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="cases")
    practitioner = models.ForeignKey("institutions.Practitioner", verbose_name="当事执业人员", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="cases")
    party_name = models.CharField("当事人", max_length=150)
    party_id_number = models.CharField("证件号码", max_length=18, blank=True)  # personal: masked on display
    party_phone = models.CharField("联系电话", max_length=20, blank=True)  # personal: masked on display
    party_address = models.CharField("住所(地址)", max_length=200, blank=True)  # personal for persons
    # 违法事实
    violation_summary = models.TextField("涉嫌违法行为")
    violation_date = models.DateField("违法行为发生日期")
    violation_ended_on = models.DateField("违法行为终了日期", null=True, blank=True, help_text="连续或继续状态的")
    discovered_on = models.DateField("发现日期")
    endangers_life_or_finance = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果", default=False, help_text="追责期限延长至五年(行政处罚法第三十六条)")
    major_or_complex = models.BooleanField("情节复杂或重大违法", default=False,
                                           help_text="须集体讨论(第五十七条)并法制审核(第五十八条)")
    basis_articles = models.ManyToManyField("laws.Article", verbose_name="违法依据与处罚依据", related_name="cases",
                                            blank=True)
    # 立案 / 告知 / 决定 / 送达 / 执行
    filed_on = models.DateField("立案日期", null=True, blank=True)
    deadline_extension_days = models.PositiveIntegerField("批准延长的天数", default=0)
    proposed_penalties = models.JSONField("拟处罚内容", default=list, help_text="[{type, amount, months}]")
    notified_on = models.DateField("事先告知送达日期", null=True, blank=True)
    rights_waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_notice_on = models.DateField("听证通知日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证举行日期", null=True, blank=True)
    decision = models.CharField("处理决定", max_length=16, blank=True, help_text="penalty / no_penalty")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    penalties = models.JSONField("处罚内容", default=list)
    fine_amount = models.DecimalField("罚款金额(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    education_note = models.TextField("教育情况", blank=True, help_text="不予处罚时对当事人进行教育的记录(第三十三条)")
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=16, blank=True)
    service_effective_on = models.DateField("送达生效日期", null=True, blank=True)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    paid_amount = models.DecimalField("已缴金额(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    review_or_suit_days = models.PositiveIntegerField("复议或诉讼期间天数", default=0,
                                                      help_text="不计加处罚款(第七十三条)")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    transferred_to = models.CharField("移送机关", max_length=150, blank=True)
    # 行政处罚裁量基准 (行政处罚法 第三十四条): set by 裁量情节认定 and the checks of 告知 / 决定 (fazhi.cases.discretion)
    discretion = models.JSONField("裁量基准建议", default=dict, blank=True,
                                  help_text="最近一次裁量情节认定的建议(事项、档次、幅度、说明、基准版本)")
    discretion_deviation = models.BooleanField("偏离裁量基准", default=False,
                                               help_text="拟处罚或决定超出建议范围并写明了理由,须经法制审核")
    discretion_reason = models.TextField("偏离裁量基准的理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.party_name}"


class OfficerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class CaseOfficer(models.Model):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="officers")
    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="case_assignments")
    role = models.CharField("分工", max_length=8, choices=OfficerRole.choices)
    active = models.BooleanField("在办", default=True, help_text="回避或调整后为否;记录保留")

    class Meta:
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
