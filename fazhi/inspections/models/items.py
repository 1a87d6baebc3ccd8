"""抽查事项清单: per field, versioned; a published version is never edited (a new version is made)."""

from __future__ import annotations

from django.db import models

from fazhi.core.fields import Field


class ItemListStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"


class ItemList(models.Model):
    field = models.CharField("领域", max_length=16, choices=Field.choices)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=16, choices=ItemListStatus.choices, default=ItemListStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "抽查事项清单"
        verbose_name_plural = "抽查事项清单"
        ordering = ["field", "-version"]
        constraints = [models.UniqueConstraint(fields=["field", "version"], name="itemlist_field_version")]

    def __str__(self) -> str:
        return f"{self.title}(第 {self.version} 版)"


class InspectionMethod(models.TextChoices):
    ON_SITE = "on_site", "现场检查"
    WRITTEN = "written", "书面检查"
    ONLINE = "online", "网络检查"


class InspectionItem(models.Model):
    item_list = models.ForeignKey(ItemList, verbose_name="清单", on_delete=models.PROTECT, related_name="items")
    code = models.CharField("事项编码", max_length=32)
    name = models.CharField("抽查事项", max_length=200)
    sub_items = models.JSONField("抽查子项", default=list, help_text="文字列表")
    articles = models.ManyToManyField("laws.Article", verbose_name="法律依据", related_name="inspection_items")
    basis_text = models.TextField("依据说明", blank=True, help_text="法律依据库尚未收录的依据,如规范性文件")
    inspecting_body = models.CharField("检查主体", max_length=100)
    target_kinds = models.JSONField("检查对象类型", default=list, help_text="机构类型代码列表")
    ratio = models.DecimalField("抽查比例", max_digits=5, decimal_places=4, help_text="如 0.35")
    frequency = models.CharField("抽查频次", max_length=50)
    methods = models.JSONField("检查方式", default=list)
    inspector_requirements = models.TextField("检查人员要求", blank=True)
    checklist = models.JSONField("检查内容", default=list, help_text="[{code, text}] 检查要点")

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项"
        ordering = ["item_list", "code"]
        constraints = [models.UniqueConstraint(fields=["item_list", "code"], name="item_list_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
