"""``fazhi demo`` loads through the import path and is idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.accounts.models import User
from fazhi.core.audit import verify_chain
from fazhi.core.models import AuditEvent
from fazhi.demo.services import DEMO_USERS, demo_load
from fazhi.institutions.models import Institution, Practitioner
from fazhi.laws.models import Article, Law
from fazhi.officers.models import Officer

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 1)


def test_demo_loads_every_registry_and_twice_changes_nothing():
    demo_load(scale=60, today=TODAY)
    counts = [m.objects.count() for m in (Institution, Practitioner, Officer, Law, Article, User)]
    assert Institution.objects.count() == 60 and all(counts)
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)
    events = AuditEvent.objects.count()
    report = demo_load(scale=60, today=TODAY)
    assert [m.objects.count() for m in (Institution, Practitioner, Officer, Law, Article, User)] == counts
    assert all(r.created == r.updated == 0 for r in report.results.values())
    assert AuditEvent.objects.count() == events
    assert verify_chain().ok


def test_demo_command_prints_the_logins(capsys):
    call_command("demo", "--scale", "20")
    out = capsys.readouterr().out
    assert "admin" in out and "Tianjin-fazhi-2024" in out and "监管对象:新增 20" in out
