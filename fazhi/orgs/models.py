"""Organizations: the city bureau, the 16 district bureaus, 司法所 and other units.

A ``District`` is an administrative division of Tianjin (GB/T 2260 code). Every record that belongs
to a district points at a ``District``; a user's scope is the district of their organization
(none for city-level units, which see the whole city).
"""

from __future__ import annotations

from django.db import models


class District(models.Model):
    code = models.CharField("行政区划代码", max_length=6, unique=True, help_text="GB/T 2260")
    name = models.CharField("名称", max_length=32, unique=True)
    short_name = models.CharField("简称", max_length=8, help_text="用于文号与编号,如“河西”")

    class Meta:
        verbose_name = "行政区"
        verbose_name_plural = "行政区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrgKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", "市司法局"
    DISTRICT_BUREAU = "district_bureau", "区司法局"
    JUDICIAL_OFFICE = "judicial_office", "司法所"
    OTHER = "other", "其他单位"


class Organization(models.Model):
    code = models.CharField("单位编码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类型", max_length=24, choices=OrgKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    district = models.ForeignKey(District, verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="organizations",
                                 help_text="市级单位为空,可查看全市数据")
    doc_prefix = models.CharField("文号机关代字", max_length=16, blank=True, help_text="如“津司”“津西司”")
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city_level(self) -> bool:
        return self.district_id is None
