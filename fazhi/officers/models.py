"""执法人员名录库: enforcement officers and their 执法证.

Whether an officer may act is decided by ``fazhi.officers.credentials`` (one function every module calls).
"""

from __future__ import annotations

from django.db import models


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    LEFT = "left", "离岗"
    CREDENTIAL_REVOKED = "credential_revoked", "执法证已注销"


class Officer(models.Model):
    credential_no = models.CharField("执法证号", max_length=32, unique=True)
    name = models.CharField("姓名", max_length=50, db_index=True)
    unit = models.ForeignKey("orgs.Organization", verbose_name="所在单位", on_delete=models.PROTECT,
                             related_name="officers")
    district = models.ForeignKey("orgs.District", verbose_name="所属行政区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="officers", editable=False,
                                 help_text="取自所在单位;市级单位为空")
    valid_from = models.DateField("执法证有效期起")
    valid_to = models.DateField("执法证有效期止")
    fields = models.JSONField("可检查领域", default=list, help_text="领域代码列表,见 fazhi.core.fields.Field")
    has_legal_qualification = models.BooleanField("具有法律职业资格", default=False)
    phone = models.CharField("手机号码", max_length=20, blank=True)  # personal: always masked on display
    status = models.CharField("状态", max_length=24, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE,
                              db_index=True)
    user = models.OneToOneField("accounts.User", verbose_name="登录账号", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="officer")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["unit__code", "name"]

    def __str__(self) -> str:
        return f"{self.name}({self.credential_no})"
