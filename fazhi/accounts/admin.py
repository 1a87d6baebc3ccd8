"""The admin for accounts. New users go through ``fazhi.accounts.services.user_create`` (checks and
audit event); the admin only collects the form."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm

from fazhi.accounts.models import LoginFailure, User
from fazhi.accounts.services import user_create, user_update

admin.site.site_header = "天津市司法行政法治工作平台 管理后台"
admin.site.site_title = "法治工作平台管理后台"
admin.site.index_title = "管理首页"


class UserAddForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username", "full_name", "organization", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].required = True
        self.fields["password1"].label = "密码"
        self.fields["password2"].label = "确认密码"
        self.fields["password2"].help_text = "请再次输入同一密码,以便核对。"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("full_name", "organization", "role", "email")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "full_name", "organization", "role", "password1", "password2")}),
    )
    list_display = ("username", "full_name", "organization", "role", "is_active")
    list_filter = ("role", "is_active", "organization__district")
    search_fields = ("username", "full_name", "organization__name")
    list_select_related = ("organization",)
    ordering = ("username",)

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service: scope checks and the audit event (groups/permissions are unused).
            fields = {"full_name", "organization", "role", "email", "is_active", "is_staff", "is_superuser"}
            changes = {(f"{n}_id" if n == "organization" else n): getattr(obj, f"{n}_id" if n == "organization" else n)
                       for n in form.changed_data if n in fields}
            user_update(actor=request.user, user=obj, changes=changes)
            return
        data = form.cleaned_data
        # Raises ValidationFailed (shown by DomainErrorMiddleware, nothing saved) when the actor may
        # not create this user; on success the service has written the audit event.
        user = user_create(
            actor=request.user, username=data["username"], password=data["password1"],
            organization=data["organization"], role=data["role"], full_name=data.get("full_name", ""),
        )
        # The admin goes on with ``obj`` (log entry, redirect): make it the saved user.
        obj.pk = user.pk
        obj.password = user.password
        obj._state.adding = False
        obj._state.db = user._state.db


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins. Deleting a user's rows lifts a lockout before the window ends."""

    list_display = ("occurred_at", "username", "ip_address")
    search_fields = ("username", "ip_address")
    date_hierarchy = "occurred_at"
    readonly_fields = ("occurred_at", "username", "ip_address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
