"""年度执法计划 (抽查计划) and its strata (field × kind × risk class, with ratio and minimum)."""

from __future__ import annotations

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "执行中"
    CLOSED = "closed", "已结束"


class Plan(models.Model):
    code = models.CharField("计划编号", max_length=40, unique=True, help_text="如 2024-TJ-SJ-03")
    year = models.PositiveIntegerField("年度", db_index=True)
    name = models.CharField("名称", max_length=150)
    unit = models.ForeignKey("orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT,
                             related_name="inspection_plans")
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text="取自组织单位;市级计划为空")
    items = models.ManyToManyField("inspections.InspectionItem", verbose_name="抽查事项", related_name="plans")
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    team_size = models.PositiveSmallIntegerField("每组检查人员数", default=2)
    max_per_inspector = models.PositiveSmallIntegerField("每名检查人员最多任务数", null=True, blank=True)
    yearly_cap_per_target = models.PositiveSmallIntegerField("同一对象年度最多检查次数", default=1)
    coverage_years = models.PositiveSmallIntegerField("全覆盖周期(年)", default=3)
    exclude_own_district = models.BooleanField("检查人员回避本区对象", default=False)
    status = models.CharField("状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanStratum(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="strata")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    key = models.CharField("分层标识", max_length=64, help_text="如 appraisal/high;写入抽取清单")
    label = models.CharField("分层名称", max_length=100)
    field = models.CharField("领域", max_length=16)
    institution_kinds = models.JSONField("机构类型", default=list)
    risk_classes = models.JSONField("风险等级", default=list, help_text="空表示全部")
    districts = models.JSONField("行政区", default=list, help_text="行政区划代码列表;空表示计划范围内全部")
    ratio = models.DecimalField("抽查比例", max_digits=5, decimal_places=4)
    min_count = models.PositiveIntegerField("最少抽取数", default=0)
    max_count = models.PositiveIntegerField("最多抽取数", null=True, blank=True)

    class Meta:
        verbose_name = "抽查分层"
        verbose_name_plural = "抽查分层"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="stratum_plan_key")]

    def __str__(self) -> str:
        return f"{self.label}({self.ratio})"
