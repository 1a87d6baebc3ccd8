"""The audit trail in the database, and ``fazhi audit verify``."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core.audit import record_event, verify_chain
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _events(n=3):
    org = Organization.objects.get(code="TJ-SFJ")
    for i in range(n):
        record_event(actor=None, obj=org, action="org.update", before={"n": i}, after={"n": i + 1})
    return list(AuditEvent.objects.filter(action="org.update").order_by("seq"))


def test_events_chain_and_verify():
    _events(3)
    result = verify_chain()
    assert result.ok and result.checked == 3


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = _events(1)[0]
    event.reason = "x"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()


def _verify_exit_code():
    try:
        call_command("audit", "verify")
    except SystemExit as exc:
        return exc.code
    return 0


def test_verify_command_finds_an_edited_row(capsys):
    events = _events(4)
    assert _verify_exit_code() == 0
    with connection.cursor() as cursor:  # tamper below the application, as a database user could
        cursor.execute("UPDATE core_auditevent SET reason = %s WHERE seq = %s", ["篡改", events[1].seq])
    assert _verify_exit_code() == 1
    err = capsys.readouterr().err
    assert f"第 {events[1].seq} 条" in err


def test_verify_command_finds_a_deleted_last_row(capsys):
    events = _events(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [events[-1].seq])
    assert _verify_exit_code() == 1


def test_fazhi_console_command_is_installed():
    out = subprocess.run([str(Path(sys.executable).with_name("fazhi")), "help"], capture_output=True, text=True)
    assert out.returncode == 0 and "deadline" in out.stdout


def test_events_cannot_be_bulk_updated_or_deleted():
    _events(2)
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(seq=1).delete()
    assert verify_chain().ok
