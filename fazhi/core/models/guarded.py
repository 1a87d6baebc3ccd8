"""Query sets for records the law or the audit needs kept: bulk deletes (and, for append-only
tables, bulk updates) are refused, as ``Model.delete`` is on the instances."""

from __future__ import annotations

from django.db import models

from fazhi.core.errors import PermissionDenied


class NoDeleteQuerySet(models.QuerySet):
    message = "此类记录不能删除"

    def delete(self):
        raise PermissionDenied(self.message)


class AppendOnlyQuerySet(NoDeleteQuerySet):
    message = "审计记录只能追加,不能修改或删除"

    def update(self, **kwargs):
        raise PermissionDenied(self.message)
