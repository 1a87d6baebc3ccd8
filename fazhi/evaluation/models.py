"""行政执法案卷评查: rounds, the case files drawn for them, the reviews, the rectification items and the
typical cases.

A round's files are drawn with ``fazhi-draw/1`` (``fazhi/inspections/draw.py``): one stratum per
district over the period's closed cases, the reviewers as the "inspectors" of the draw, each eligible
only for the strata of other districts (互评互查: no reviewer sees a file of their own district), with a
cap per reviewer (balanced workloads). The manifest, its commitment and the certificate are kept and
published; anyone can re-run the draw with the standalone verifier. Status changes only through
``fazhi.evaluation.workflow`` applied by the services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models.guarded import NoDeleteQuerySet


class RoundKind(models.TextChoices):
    QUARTERLY = "quarterly", "季度评查"
    AD_HOC = "ad_hoc", "专项评查"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    COMMITTED = "committed", "已公布承诺值"
    REVIEWING = "reviewing", "评查中"
    RECTIFYING = "rectifying", "整改中"
    CLOSED = "closed", "已结束"


class EvaluationRound(models.Model):
    code = models.CharField("编号", max_length=32, unique=True, help_text="如 2024Q3")
    title = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=16, choices=RoundKind.choices, default=RoundKind.QUARTERLY)
    period_start = models.DateField("结案日期起")
    period_end = models.DateField("结案日期止")
    rubric_version = models.CharField("评查标准版本", max_length=32)
    per_district_count = models.PositiveIntegerField("每区抽取件数", null=True, blank=True)
    per_district_ratio = models.CharField("每区抽取比例", max_length=12, blank=True, help_text="十进制,如 0.1")
    max_per_reviewer = models.PositiveIntegerField("每名评查人员最多件数", null=True, blank=True)
    second_share = models.DecimalField("双人评查比例", max_digits=4, decimal_places=3, default=0,
                                       help_text="由第二名评查人员独立评查的案卷比例(0–1),用于一致性分析")
    blind = models.BooleanField("盲评", default=True, help_text="评查人员看不到案卷所属区和执法人员")
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="评查人员", related_name="+",
                                       blank=True)
    status = models.CharField("状态", max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT,
                              db_index=True)
    seed_sources = models.JSONField("种子来源", default=list, help_text="[{name, description}]")
    manifest = models.JSONField("抽取清单", null=True, blank=True)
    commitment = models.CharField("承诺值", max_length=64, blank=True)
    committed_at = models.DateTimeField("承诺时间", null=True, blank=True)
    seed_values = models.JSONField("种子值", default=list, help_text="按种子来源顺序")
    certificate = models.JSONField("抽取证书", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "评查轮次"
        verbose_name_plural = "评查轮次"
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class EvaluationFile(models.Model):
    """One case file drawn for a round."""

    round = models.ForeignKey(EvaluationRound, verbose_name="评查轮次", on_delete=models.PROTECT, related_name="files")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="evaluations")
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text="市局案件为空")
    ticket = models.CharField("抽签值", max_length=64)
    second_review = models.BooleanField("双人评查", default=False)
    prechecks = models.JSONField("自动预检", default=list, help_text="[{code, label, article, evidence}]")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True,
                                help_text="第一评查人的得分")
    grade = models.CharField("等次", max_length=8, blank=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "抽取案卷"
        verbose_name_plural = "抽取案卷"
        ordering = ["round", "district", "ticket"]
        constraints = [models.UniqueConstraint(fields=["round", "case"], name="evaluation_file_once")]


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", "待评查"
    SUBMITTED = "submitted", "已提交"


class Review(models.Model):
    file = models.ForeignKey(EvaluationFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评查人员", on_delete=models.PROTECT,
                                 related_name="+")
    position = models.PositiveSmallIntegerField("顺位", default=1, help_text="1 = 第一评查人,2 = 第二评查人")
    status = models.CharField("状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED)
    vetoes = models.JSONField("否决项", default=list, help_text="[item code]")
    deductions = models.JSONField("扣分", default=dict, help_text="{item code: points}")
    notes = models.JSONField("问题说明", default=dict, help_text="{item code: text}")
    comment = models.TextField("总体评价", blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=8, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "评查意见"
        verbose_name_plural = "评查意见"
        ordering = ["file", "position"]
        constraints = [models.UniqueConstraint(fields=["file", "position"], name="review_position_once")]


class ItemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已销号"
    ESCALATED = "escalated", "已提级督办"


class RectificationItem(models.Model):
    """A finding fed back to the district: answered by the district, checked (closed or returned) or
    escalated by the city."""

    round = models.ForeignKey(EvaluationRound, verbose_name="评查轮次", on_delete=models.PROTECT,
                              related_name="rectifications")
    file = models.ForeignKey(EvaluationFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="rectifications")
    district = models.ForeignKey("orgs.District", verbose_name="整改单位所属区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField("评查项目", max_length=32)
    text = models.TextField("问题")
    deadline = models.DateField("整改期限")
    status = models.CharField("状态", max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN,
                              db_index=True)
    response = models.TextField("整改情况", blank=True)
    responded_at = models.DateTimeField("反馈时间", null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反馈人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    check_note = models.TextField("核查意见", blank=True)
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["round", "deadline", "id"]


class TypicalKind(models.TextChoices):
    GOOD = "good", "优秀案卷"
    BAD = "bad", "较差案卷"


class TypicalCase(models.Model):
    """优差双评: a file marked good or bad with the reason, published inside the system."""

    file = models.OneToOneField(EvaluationFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="typical")
    kind = models.CharField("类别", max_length=8, choices=TypicalKind.choices)
    reason = models.TextField("理由")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评定人", on_delete=models.PROTECT,
                                  related_name="+")
    marked_at = models.DateTimeField("评定时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "典型案卷"
        verbose_name_plural = "典型案卷"
