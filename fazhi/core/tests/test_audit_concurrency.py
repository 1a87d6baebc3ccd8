"""Concurrent writers extend one linear chain (the head row is locked). PostgreSQL only: the test
database of SQLite is in memory and serialises writers by itself."""

import threading

import pytest
from django.db import connection, connections

from fazhi.core.audit import record_event, verify_chain
from fazhi.core.models import AuditEvent
from fazhi.orgs.models import Organization

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]


def test_concurrent_writers_keep_the_chain_linear():
    org = Organization.objects.get(code="TJ-SFJ")
    errors = []

    def writer(n):
        try:
            for i in range(25):
                record_event(actor=None, obj=org, action="org.touch", after={"writer": n, "i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="org.touch").count() == 200
    result = verify_chain()
    assert result.ok, result.broken
