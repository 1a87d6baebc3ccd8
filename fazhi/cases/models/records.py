"""What a case accumulates: the step record (append-only), evidence files, and its public record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models.guarded import NoDeleteQuerySet


class CaseStep(models.Model):
    """One procedural step as it happened: who, when, the data it recorded, the document it requires."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="steps")
    action = models.CharField("环节", max_length=32)
    label = models.CharField("环节名称", max_length=60)
    occurred_on = models.DateField("日期")
    from_status = models.CharField("原状态", max_length=24)
    to_status = models.CharField("新状态", max_length=24)
    data = models.JSONField("记录内容", default=dict)
    documents = models.JSONField("应制作的文书", default=list, help_text="文书序号,见 docs/documents.md")
    article = models.CharField("依据", max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "办案环节"
        verbose_name_plural = "办案环节"
        ordering = ["case", "recorded_at", "id"]


class CaseEvidence(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("证据种类", max_length=24)
    name = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to="case-evidence/%Y/%m/")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"


class PublicRecord(models.Model):
    """A decided penalty as the public will see it (the portal issue publishes these): natural persons'
    ID numbers, phone numbers and home addresses never enter ``content``."""

    case = models.OneToOneField("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="public_record")
    content = models.JSONField("公开内容")
    due_on = models.DateField("公开期限", help_text="决定之日起 7 个工作日内")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "处罚信息公开"
        verbose_name_plural = "处罚信息公开"
