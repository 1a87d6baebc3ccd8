"""Inspection tasks made by a draw: team, notice, results per checklist item, evidence, review,
follow-ups, and publication (一公开)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.inspections.workflow import TASK_LABELS, TaskStatus

TASK_STATUS_CHOICES = [(s.value, TASK_LABELS[s]) for s in TaskStatus]


class InspectionTask(models.Model):
    attempt = models.ForeignKey("inspections.DrawAttempt", verbose_name="抽取", on_delete=models.PROTECT,
                                related_name="tasks")
    plan = models.ForeignKey("inspections.Plan", verbose_name="计划", on_delete=models.PROTECT, related_name="tasks")
    institution = models.ForeignKey("institutions.Institution", verbose_name="检查对象", on_delete=models.PROTECT,
                                    related_name="inspection_tasks")
    district = models.ForeignKey("orgs.District", verbose_name="所在区", on_delete=models.PROTECT, related_name="+")
    stratum_key = models.CharField("分层", max_length=64)
    ticket = models.CharField("抽签值", max_length=64)
    status = models.CharField("状态", max_length=16, choices=TASK_STATUS_CHOICES, default=TaskStatus.ASSIGNED.value,
                              db_index=True)
    notice_no = models.CharField("通知书编号", max_length=40, blank=True)
    notified_on = models.DateField("通知日期", null=True, blank=True)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    conclusion = models.CharField("检查结论", max_length=24, blank=True)
    summary = models.TextField("检查情况", blank=True)
    publish_due = models.DateField("公示期限", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["plan", "attempt", "stratum_key", "ticket"]
        constraints = [models.UniqueConstraint(fields=["attempt", "institution"], name="task_attempt_target")]

    def __str__(self) -> str:
        return f"{self.plan.code}:{self.institution.name}"


class MemberRole(models.TextChoices):
    LEADER = "leader", "组长"
    MEMBER = "member", "组员"
    ALTERNATE = "alternate", "备选"


class TaskMember(models.Model):
    task = models.ForeignKey(InspectionTask, verbose_name="任务", on_delete=models.PROTECT, related_name="members")
    officer = models.ForeignKey("officers.Officer", verbose_name="检查人员", on_delete=models.PROTECT,
                                related_name="inspection_memberships")
    role = models.CharField("角色", max_length=16, choices=MemberRole.choices)
    position = models.PositiveSmallIntegerField("顺位", default=0)

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        ordering = ["task", "role", "position"]


class Outcome(models.TextChoices):
    PASS = "pass", "合格"
    CORRECT = "correct", "责令整改"
    CASE = "case", "移送立案"
    NOT_APPLICABLE = "na", "不适用"


class ChecklistResult(models.Model):
    task = models.ForeignKey(InspectionTask, verbose_name="任务", on_delete=models.PROTECT, related_name="results")
    item_code = models.CharField("检查要点编码", max_length=40)
    item_text = models.CharField("检查要点", max_length=300)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices)
    note = models.TextField("情况说明", blank=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["task", "item_code"]
        constraints = [models.UniqueConstraint(fields=["task", "item_code"], name="result_task_item")]


class EvidenceFile(models.Model):
    task = models.ForeignKey(InspectionTask, verbose_name="任务", on_delete=models.PROTECT, related_name="evidence")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"


class FollowUpKind(models.TextChoices):
    RECTIFY = "rectify", "责令限期整改"
    CASE = "case", "移送立案查处"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "进行中"
    DONE = "done", "已完成"


class FollowUp(models.Model):
    task = models.ForeignKey(InspectionTask, verbose_name="任务", on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField("后续处理", max_length=16, choices=FollowUpKind.choices)
    deadline = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后续处理"
        verbose_name_plural = "后续处理"
