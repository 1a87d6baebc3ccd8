"""Draw attempts (fazhi-draw/1), their seed reveals, and declared officer relationships (回避).

An attempt is never deleted; once committed its manifest and commitment never change. Cancelling
records a reason and the next attempt lists the cancelled one's commitment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.errors import PermissionDenied
from fazhi.core.models.guarded import NoDeleteQuerySet
from fazhi.inspections.workflow import ATTEMPT_LABELS, AttemptStatus

ATTEMPT_STATUS_CHOICES = [(s.value, ATTEMPT_LABELS[s]) for s in AttemptStatus]


class DrawAttempt(models.Model):
    plan = models.ForeignKey("inspections.Plan", verbose_name="计划", on_delete=models.PROTECT, related_name="attempts")
    attempt = models.PositiveIntegerField("第几次抽取")
    status = models.CharField("状态", max_length=16, choices=ATTEMPT_STATUS_CHOICES, default=AttemptStatus.DRAFT.value)
    inspection_date = models.DateField("检查人员资格核验日期", help_text="执法证在此日有效的人员才列入名单")
    seed_sources = models.JSONField("种子来源", default=list, help_text="[{name, description}]")
    manifest = models.JSONField("抽取清单", null=True, blank=True)
    commitment = models.CharField("承诺值", max_length=64, blank=True, db_index=True)
    committed_at = models.DateTimeField("承诺时间", null=True, blank=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承诺人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    seed = models.CharField("种子", max_length=64, blank=True)
    certificate = models.JSONField("抽取证书", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    cancel_reason = models.TextField("作废理由", blank=True)
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "抽取"
        verbose_name_plural = "抽取"
        ordering = ["plan", "attempt"]
        constraints = [models.UniqueConstraint(fields=["plan", "attempt"], name="attempt_plan_number")]

    def __str__(self) -> str:
        return f"{self.plan.code} 第 {self.attempt} 次抽取"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("抽取记录不能删除;如需重抽,请作废并说明理由")


class SeedReveal(models.Model):
    attempt = models.ForeignKey(DrawAttempt, verbose_name="抽取", on_delete=models.PROTECT, related_name="reveals")
    source_index = models.PositiveSmallIntegerField("来源序号")
    value = models.CharField("种子值", max_length=500)
    revealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT,
                                    related_name="+")
    revealed_at = models.DateTimeField("录入时间")

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "种子值"
        verbose_name_plural = "种子值"
        ordering = ["attempt", "source_index"]
        constraints = [models.UniqueConstraint(fields=["attempt", "source_index"], name="reveal_once_per_source")]

    def delete(self, *args, **kwargs):
        raise PermissionDenied("种子值录入后不能删除")


class RelationshipKind(models.TextChoices):
    RELATIVE = "relative", "近亲属关系"
    FORMER_EMPLOYER = "former_employer", "曾在该机构任职"
    INTEREST = "interest", "其他利害关系"


class OfficerRelationship(models.Model):
    """A declared relationship that makes an officer recuse from a target (行政处罚法 第四十三条)."""

    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="relationships")
    institution = models.ForeignKey("institutions.Institution", verbose_name="机构", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="officer_relationships")
    practitioner = models.ForeignKey("institutions.Practitioner", verbose_name="执业人员", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="officer_relationships")
    kind = models.CharField("关系", max_length=24, choices=RelationshipKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    valid_until = models.DateField("有效至", null=True, blank=True, help_text="空表示长期")
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"
