"""监管对象名录库: legal-service institutions of the five fields and their practitioners.

Rows are never deleted: a status change carries a reason, and every change is in the audit trail.
"""

from __future__ import annotations

from django.db import models

from fazhi.core.fields import Field


class InstitutionKind(models.TextChoices):
    LAW_FIRM = "law_firm", "律师事务所"
    LAW_FIRM_BRANCH = "law_firm_branch", "律师事务所分所"
    NOTARY = "notary", "公证机构"
    APPRAISAL = "appraisal", "司法鉴定机构"
    ARBITRATION = "arbitration", "仲裁机构"
    GRASSROOTS = "grassroots", "基层法律服务所"


KIND_FIELD = {
    InstitutionKind.LAW_FIRM: Field.LAWYER,
    InstitutionKind.LAW_FIRM_BRANCH: Field.LAWYER,
    InstitutionKind.NOTARY: Field.NOTARY,
    InstitutionKind.APPRAISAL: Field.APPRAISAL,
    InstitutionKind.ARBITRATION: Field.ARBITRATION,
    InstitutionKind.GRASSROOTS: Field.GRASSROOTS,
}


class InstitutionStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    SUSPENDED = "suspended", "停业整顿"
    REVOKED = "revoked", "吊销"
    DEREGISTERED = "deregistered", "注销"


class RiskClass(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "一般风险"
    HIGH = "high", "高风险"


class Institution(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=150, db_index=True)
    kind = models.CharField("机构类型", max_length=24, choices=InstitutionKind.choices, db_index=True)
    field = models.CharField("领域", max_length=16, choices=Field.choices, db_index=True, editable=False)
    head_office = models.ForeignKey("self", verbose_name="总所", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="branches")
    licence_no = models.CharField("执业许可证号", max_length=40, unique=True)
    district = models.ForeignKey("orgs.District", verbose_name="所在区", on_delete=models.PROTECT,
                                 related_name="institutions")
    address = models.CharField("住所", max_length=200)
    head_name = models.CharField("负责人", max_length=50)
    phone = models.CharField("办公电话", max_length=20, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=InstitutionStatus.choices,
                              default=InstitutionStatus.NORMAL, db_index=True)
    risk_class = models.CharField("风险等级", max_length=8, choices=RiskClass.choices, default=RiskClass.MEDIUM)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "监管对象"
        verbose_name_plural = "监管对象"
        ordering = ["district__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class PractitionerKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    NOTARY = "notary", "公证员"
    APPRAISER = "appraiser", "司法鉴定人"
    ARBITRATOR = "arbitrator", "仲裁员"
    GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"


class PractitionerStatus(models.TextChoices):
    PRACTISING = "practising", "执业"
    SUSPENDED = "suspended", "停止执业"
    REVOKED = "revoked", "吊销执业证"
    DEREGISTERED = "deregistered", "注销"


class Practitioner(models.Model):
    licence_no = models.CharField("执业证号", max_length=40, unique=True)
    name = models.CharField("姓名", max_length=50, db_index=True)
    kind = models.CharField("类别", max_length=24, choices=PractitionerKind.choices, db_index=True)
    institution = models.ForeignKey(Institution, verbose_name="执业机构", on_delete=models.PROTECT,
                                    related_name="practitioners")
    id_number = models.CharField("身份证号", max_length=18, blank=True)  # personal: always masked on display
    phone = models.CharField("手机号码", max_length=20, blank=True)  # personal: always masked on display
    licensed_on = models.DateField("执业证颁发日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=PractitionerStatus.choices,
                              default=PractitionerStatus.PRACTISING, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执业人员"
        verbose_name_plural = "执业人员"
        ordering = ["institution__name", "name"]

    def __str__(self) -> str:
        return f"{self.name}({self.licence_no})"
