"""The one function that decides whether an officer may act (行政处罚法 第四十二条)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.core.errors import CredentialInvalid
from fazhi.officers.credentials import CredentialState, assert_can_act, credential_state

TODAY = dt.date(2024, 6, 1)


def officer(**kw):
    base = dict(name="赵强", status="active", credential_no="12010320230001",
                valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2026, 12, 31))
    base.update(kw)
    return SimpleNamespace(**base)


@pytest.mark.parametrize("kw, state", [
    ({}, CredentialState.VALID),
    ({"valid_to": TODAY + dt.timedelta(days=29)}, CredentialState.EXPIRING),
    ({"valid_to": TODAY + dt.timedelta(days=30)}, CredentialState.VALID),
    ({"valid_to": TODAY}, CredentialState.EXPIRING),
    ({"valid_to": TODAY - dt.timedelta(days=1)}, CredentialState.EXPIRED),
    ({"valid_from": TODAY + dt.timedelta(days=1)}, CredentialState.NOT_YET_VALID),
    ({"credential_no": ""}, CredentialState.MISSING),
    ({"valid_to": None}, CredentialState.MISSING),
    ({"status": "left"}, CredentialState.INACTIVE),
    ({"status": "credential_revoked"}, CredentialState.INACTIVE),
])
def test_credential_state(kw, state):
    assert credential_state(officer(**kw), TODAY) is state


@pytest.mark.parametrize("kw", [{"valid_to": TODAY - dt.timedelta(days=1)}, {"credential_no": ""},
                                {"status": "left"}, {"valid_from": TODAY + dt.timedelta(days=1)}])
def test_an_invalid_credential_can_never_act(kw):
    with pytest.raises(CredentialInvalid) as exc:
        assert_can_act(officer(**kw), TODAY)
    assert "第四十二条" in exc.value.message


@pytest.mark.parametrize("kw", [{}, {"valid_to": TODAY + dt.timedelta(days=3)}])
def test_a_valid_or_expiring_credential_may_act(kw):
    assert_can_act(officer(**kw), TODAY)
