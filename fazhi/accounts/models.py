from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from fazhi.accounts.roles import ROLE_LABELS, Role


class User(AbstractUser):
    ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属单位", on_delete=models.PROTECT,
                                      related_name="users", null=True, blank=True)
    role = models.CharField("角色", max_length=32, choices=ROLE_CHOICES, default=Role.OFFICER.value)
    full_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def district_id_scope(self) -> int | None:
        """The district this user is confined to, or None for city-level users."""
        return self.organization.district_id if self.organization_id else None


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing (per username and per client address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=45, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
