"""Documents and their numbers.

``NumberSeries`` is the counter of one 发文字号 series (unit, series word, year); ``IssuedNumber`` is the
ledger of every number it gave out, voided ones included, so that "no gap, no duplicate" can be checked
at any time. ``Document`` is one standard document of a case or an inspection task: a draft is rebuilt
from the case data whenever it is shown; issuing freezes its content, its number and its files (the
issued PDF's SHA-256 is kept). Only the services in ``fazhi.documents.services`` write these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.errors import PermissionDenied
from fazhi.core.models.guarded import NoDeleteQuerySet


class NumberSeries(models.Model):
    unit = models.ForeignKey("orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    series = models.CharField("文号用字", max_length=16)
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用到的顺序号", default=0)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [models.UniqueConstraint(fields=["unit", "series", "year"], name="number_series_once")]


class NumberStatus(models.TextChoices):
    ISSUED = "issued", "已使用"
    VOIDED = "voided", "已作废"


class IssuedNumber(models.Model):
    unit = models.ForeignKey("orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    series = models.CharField("文号用字", max_length=16)
    year = models.PositiveSmallIntegerField("年份")
    seq = models.PositiveIntegerField("顺序号")
    text = models.CharField("文号", max_length=60, unique=True)
    purpose = models.CharField("用途", max_length=24, help_text="document / case / inspection_notice")
    status = models.CharField("状态", max_length=8, choices=NumberStatus.choices, default=NumberStatus.ISSUED)
    void_reason = models.TextField("作废理由", blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    created_at = models.DateTimeField("取号时间", auto_now_add=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "文号"
        verbose_name_plural = "文号"
        ordering = ["unit", "series", "year", "seq"]
        constraints = [models.UniqueConstraint(fields=["unit", "series", "year", "seq"], name="issued_number_once")]

    def __str__(self) -> str:
        return self.text

    def delete(self, *args, **kwargs):
        raise PermissionDenied("文号一经取用不能删除;不再使用的请作废并说明理由")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已签发"
    VOIDED = "voided", "已作废"


class Document(models.Model):
    type_no = models.PositiveSmallIntegerField("文书序号", help_text="见 docs/documents.md")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="documents")
    task = models.ForeignKey("inspections.InspectionTask", verbose_name="检查任务", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="documents")
    step = models.ForeignKey("cases.CaseStep", verbose_name="办案环节", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Organization", verbose_name="制作单位", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT,
                              db_index=True)
    edits = models.JSONField("修改内容", default=dict, help_text="{段落名: 文字},仅限可修改的段落")
    # Frozen when issued:
    number = models.ForeignKey(IssuedNumber, verbose_name="文号", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="documents")
    number_text = models.CharField("文号", max_length=60, blank=True)
    content = models.JSONField("签发内容", null=True, blank=True, help_text="签发时的文书内容(layout.Doc)")
    issued_on = models.DateField("成文日期", null=True, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField("PDF", upload_to="documents/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    docx = models.FileField("DOCX", upload_to="documents/%Y/%m/", blank=True)
    docx_sha256 = models.CharField("DOCX SHA-256", max_length=64, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.TextField("作废理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制作人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("制作时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["type_no", "id"]
        indexes = [models.Index(fields=["case", "type_no"]), models.Index(fields=["task", "type_no"])]

    def __str__(self) -> str:
        from fazhi.documents.catalog import DOCUMENT_TYPES

        name = DOCUMENT_TYPES[self.type_no].name if self.type_no in DOCUMENT_TYPES else f"文书{self.type_no}"
        return f"{name} {self.number_text}".strip()

    def delete(self, *args, **kwargs):
        raise PermissionDenied("文书不能删除;已签发的文书如需撤销请作废并说明理由")
