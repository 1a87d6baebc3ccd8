"""Login and logout: Django's views with the Chinese form and template."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from fazhi.accounts.backends import THROTTLE_ATTR, throttle_message


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确(区分大小写),请重新输入。",
        "inactive": "该账户已停用,请联系管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none",
                                                     "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            minutes = getattr(self.request, THROTTLE_ATTR, 0)
            if minutes:
                raise forms.ValidationError(throttle_message(minutes), code="throttled") from None
            raise


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
