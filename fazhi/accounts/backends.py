"""Login with throttling against password guessing.

A login is refused, without even checking the password, while the username or the client address
has ``FAZHI_LOGIN_MAX_FAILURES`` or more failures within the last ``FAZHI_LOGIN_WINDOW_SECONDS``.
Failures are kept in ``LoginFailure``; a successful login clears the username's failures (not the
address's: one person logging in must not wipe out guesses at other accounts from the same machine).

The client address is ``REMOTE_ADDR``. Behind a reverse proxy that address is the proxy's; the
deployment must then set REMOTE_ADDR from a trusted header in the proxy/WSGI layer, never here from
a header a client can forge.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from fazhi.accounts.models import LoginFailure

THROTTLE_ATTR = "fazhi_login_throttled_minutes"  # set on the request when a login was refused


def throttle_message(minutes: int) -> str:
    return f"登录失败次数过多,请 {minutes} 分钟后再试"


def client_ip(request) -> str:
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.FAZHI_LOGIN_WINDOW_SECONDS)


def _wait_seconds(times: list[dt.datetime], now: dt.datetime) -> float:
    """How long until fewer than the maximum of ``times`` (ascending, all in the window) remain."""
    limit = settings.FAZHI_LOGIN_MAX_FAILURES
    if len(times) < limit:
        return 0.0
    # The failure that must leave the window so that only ``limit - 1`` remain.
    expiring = times[len(times) - limit]
    return max(0.0, (expiring + _window() - now).total_seconds())


def throttled_minutes(username: str, ip: str, now: dt.datetime | None = None) -> int:
    """Minutes (rounded up, at least 1) until a login for ``username`` from ``ip`` is allowed;
    0 when it is allowed now."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(occurred_at__gt=now - _window())
    wait = 0.0
    if username:
        times = list(recent.filter(username=username).order_by("occurred_at").values_list("occurred_at", flat=True))
        wait = max(wait, _wait_seconds(times, now))
    if ip:
        times = list(recent.filter(ip_address=ip).order_by("occurred_at").values_list("occurred_at", flat=True))
        wait = max(wait, _wait_seconds(times, now))
    return max(1, math.ceil(wait / 60)) if wait > 0 else 0


def record_failure(username: str, ip: str) -> None:
    LoginFailure.objects.create(username=(username or "")[:150], ip_address=ip, occurred_at=timezone.now())
    # Keep the table small: older rows no longer count for anything.
    LoginFailure.objects.filter(occurred_at__lt=timezone.now() - 2 * _window()).delete()


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is None or password is None:
            return None
        ip = client_ip(request)
        minutes = throttled_minutes(username, ip)
        if minutes:
            if request is not None:
                setattr(request, THROTTLE_ATTR, minutes)
            return None  # refused while throttled; not counted again, so the wait does not grow
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(username, ip)
            return None
        LoginFailure.objects.filter(username=username).delete()
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
