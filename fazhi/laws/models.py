"""法律依据库: laws and rules, and their articles, cited by inspection items, penalties and documents.

A revision is a new ``Law`` row (same name, new ``effective_from``); the old one gets
``effective_to``. Rows are never deleted.
"""

from __future__ import annotations

from django.db import models

from fazhi.laws.numerals import article_label


class LawKind(models.TextChoices):
    LAW = "law", "法律"
    NPC_DECISION = "npc_decision", "全国人大常委会决定"
    ADMIN_REGULATION = "admin_regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPARTMENT_RULE = "department_rule", "部门规章"
    LOCAL_RULE = "local_rule", "地方政府规章"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    STANDARD = "standard", "国家标准"


class Law(models.Model):
    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=60, db_index=True)
    kind = models.CharField("效力层级", max_length=32, choices=LawKind.choices)
    issuer = models.CharField("制定机关", max_length=100)
    document_number = models.CharField("文号", max_length=100, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["short_name", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["name", "effective_from"], name="law_name_version")]

    def __str__(self) -> str:
        return f"{self.name}({self.effective_from:%Y}年施行版)" if self.effective_from else self.name

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class Article(models.Model):
    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveIntegerField("条")
    text = models.TextField("条文")
    effective_from = models.DateField("施行日期", null=True, blank=True, help_text="空则同所属法规")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ["law", "number"]
        constraints = [models.UniqueConstraint(fields=["law", "number"], name="article_law_number")]

    def __str__(self) -> str:
        return f"《{self.law.short_name}》{self.label}"

    @property
    def label(self) -> str:
        return article_label(self.number)

    @property
    def citation(self) -> str:
        """The form used in documents: 《中华人民共和国行政处罚法》第四十二条."""
        return f"《{self.law.name}》{self.label}"
