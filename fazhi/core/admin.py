"""Django admin for the 法定工作日历 (through the services, so every change is audited) and a
read-only view of the audit trail. Nothing here may be deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear
from fazhi.core.services import calendar as calendar_services


def _add_problems(form: forms.ModelForm, problems) -> None:
    fields = {f.verbose_name: f.name for f in form._meta.model._meta.fields}
    for p in problems:
        name = fields.get(p.field)
        form.add_error(name if name in form.fields else None, p.reason if name in form.fields else str(p))


class _CalendarAdmin(admin.ModelAdmin):
    """Staff may view; only ``Cap.CALENDAR_EDIT`` adds and changes; nobody deletes (flip instead)."""

    def has_module_permission(self, request):
        return access.is_staff_user(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, Cap.REGISTRY_VIEW)

    def has_add_permission(self, request):
        return access.can(request.user, Cap.CALENDAR_EDIT)

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, Cap.CALENDAR_EDIT)

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "notice", "note"]

    def clean(self):
        data = super().clean()
        year = data.get("year", self.instance.year)
        if year is not None and "notice" in data:
            _add_problems(self, calendar_services.year_problems(year, data["notice"]))
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(_CalendarAdmin):
    form = CalendarYearForm
    list_display = ["year", "notice", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]
    search_fields = ["notice", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["year", *self.readonly_fields] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = calendar_services.calendar_year_declare(
            actor=request.user, year=obj.year, notice=obj.notice, note=obj.note,
        )
        obj.pk, obj.entered_by_id, obj.entered_at = saved.pk, saved.entered_by_id, saved.entered_at


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]

    def clean(self):
        data = super().clean()
        day = data.get("date", self.instance.date)
        if day is not None and "name" in data:
            _add_problems(self, calendar_services.day_problems(day, data["name"]))
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(_CalendarAdmin):
    form = CalendarDayForm
    list_display = ["date", "name", "is_workday", "year"]
    list_filter = ["year", "is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = calendar_services.calendar_day_set(
            actor=request.user, day=obj.date, is_workday=obj.is_workday, name=obj.name,
        )
        obj.pk, obj.year = saved.pk, saved.year


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only, for city-level users who hold ``Cap.AUDIT_VIEW`` (it spans every
    district)."""

    list_display = ["seq", "occurred_at", "actor_label", "action", "object_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "object_id", "action"]
    ordering = ["-seq"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AuditEvent._meta.fields]

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, Cap.AUDIT_VIEW) and access.is_city_wide(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
