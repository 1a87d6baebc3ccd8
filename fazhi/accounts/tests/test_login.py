import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import LoginFailure, User
from fazhi.core.models import AuditEvent

LOGIN = "/accounts/login/"


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_url_names():
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/accounts/logout/"


def test_login_page_is_chinese(client, db):
    response = client.get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in body and "用户名" in body and "密码" in body and "跳到主要内容" in body


def test_login_works_and_logout_is_post(client, make_user, district_org):
    user = make_user("officer", district_org)
    response = post_login(client, user.username, user.raw_password)
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_wrong_password(client, make_user, district_org):
    user = make_user("officer", district_org)
    response = post_login(client, user.username, "not-the-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username=user.username, ip_address="10.1.2.3").count() == 1


def test_five_failures_lock_the_username_even_with_right_password(client, make_user, district_org):
    user = make_user("officer", district_org)
    for i in range(settings.FAZHI_LOGIN_MAX_FAILURES):
        post_login(client, user.username, "wrong", ip=f"10.9.0.{i}")  # different addresses: per username
    response = post_login(client, user.username, user.raw_password, ip="10.9.1.1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "登录失败次数过多,请 15 分钟后再试" in body
    assert "_auth_user_id" not in client.session


def test_failures_for_other_usernames_count_per_address(client, make_user, district_org):
    user = make_user("officer", district_org)
    for i in range(settings.FAZHI_LOGIN_MAX_FAILURES):
        post_login(client, f"guess{i}", "wrong", ip="10.7.7.7")
    response = post_login(client, user.username, user.raw_password, ip="10.7.7.7")
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another machine is not affected.
    response = post_login(client, user.username, user.raw_password, ip="10.7.7.8")
    assert response.status_code == 302


def test_old_failures_expire_and_success_clears_username(client, make_user, district_org):
    user = make_user("officer", district_org)
    old = timezone.now() - dt.timedelta(seconds=settings.FAZHI_LOGIN_WINDOW_SECONDS + 5)
    LoginFailure.objects.bulk_create(
        [LoginFailure(username=user.username, ip_address="10.1.2.3", occurred_at=old)] * 10)
    post_login(client, user.username, "wrong")
    assert post_login(client, user.username, user.raw_password).status_code == 302
    assert not LoginFailure.objects.filter(username=user.username, occurred_at__gt=old).exists()


def test_wait_minutes_count_from_the_oldest_failure_that_must_expire(client, make_user, district_org):
    user = make_user("officer", district_org)
    now = timezone.now()
    window = settings.FAZHI_LOGIN_WINDOW_SECONDS
    LoginFailure.objects.bulk_create([
        LoginFailure(username=user.username, ip_address="10.3.3.3", occurred_at=now - dt.timedelta(seconds=window - 130))
        for _ in range(settings.FAZHI_LOGIN_MAX_FAILURES)
    ])
    response = post_login(client, user.username, user.raw_password)
    assert "请 3 分钟后再试" in response.content.decode()


def test_inactive_user_cannot_log_in(client, make_user, district_org):
    user = make_user("officer", district_org, is_active=False)
    response = post_login(client, user.username, user.raw_password)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.real_hasher
def test_passwords_are_hashed_with_argon2(make_user, district_org):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = make_user("officer", district_org)
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert user.check_password(user.raw_password)


def test_tests_use_the_fast_hasher_by_default(make_user, district_org):
    assert make_user("officer", district_org).password.startswith("md5$")


def test_session_expiry_settings():
    assert settings.SESSION_COOKIE_AGE <= 1800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


# --- the admin: new users go through the service ---
def test_admin_add_user_goes_through_the_service(client, make_user, district_org, city_org):
    admin_user = make_user("city_admin", city_org, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "zhangsan", "full_name": "张三", "organization": district_org.pk, "role": "officer",
        "password1": "Haihe-river-2024", "password2": "Haihe-river-2024", "_save": "保存",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="zhangsan")
    assert user.full_name == "张三" and user.organization == district_org and user.check_password("Haihe-river-2024")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor_id == admin_user.pk


def test_admin_user_list_is_chinese(client, make_user, city_org):
    client.force_login(make_user("city_admin", city_org, is_staff=True, is_superuser=True, full_name="李四"))
    body = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "天津市司法行政法治工作平台 管理后台" in body
    assert "李四" in body and "所属单位" in body and "角色" in body


def test_admin_add_and_change_pages_render(client, make_user, city_org):
    admin_user = make_user("city_admin", city_org, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    body = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "所属单位" in body and "确认密码" in body
    assert client.get(reverse("admin:accounts_user_change", args=[admin_user.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_loginfailure_changelist")).status_code == 200


@pytest.mark.django_db
def test_user_update_is_audited_and_scoped(make_user, city_org, district_org):
    from fazhi.accounts.services import user_update
    from fazhi.core.audit import history_for
    from fazhi.core.errors import ValidationFailed
    from fazhi.orgs.models import Organization

    district_admin = make_user("district_admin", district_org)
    officer = make_user("officer", district_org)
    user_update(actor=district_admin, user=officer, changes={"full_name": "新名字"})
    assert history_for(officer).first().after["full_name"] == "新名字"
    other = make_user("officer", Organization.objects.get(code="120104-SFJ"))
    with pytest.raises(ValidationFailed):
        user_update(actor=district_admin, user=other, changes={"full_name": "x"})
    with pytest.raises(ValidationFailed):
        user_update(actor=district_admin, user=officer, changes={"role": "city_admin"})
