"""Whether an officer may act on a day. Every module asks here; nothing else decides it.

行政处罚法(2021)第四十二条: 行政处罚应当由具有行政执法资格的执法人员实施,执法人员不得少于两人。
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from fazhi.core import parameters
from fazhi.core.errors import CredentialInvalid


class CredentialState(str, Enum):
    VALID = "valid"
    EXPIRING = "expiring"  # valid, but ends within the warning period
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    MISSING = "missing"
    INACTIVE = "inactive"  # officer has left or the credential was revoked

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def may_act(self) -> bool:
        return self in (CredentialState.VALID, CredentialState.EXPIRING)


_LABELS = {
    CredentialState.VALID: "有效",
    CredentialState.EXPIRING: "即将到期",
    CredentialState.NOT_YET_VALID: "尚未生效",
    CredentialState.EXPIRED: "已过期",
    CredentialState.MISSING: "无执法证",
    CredentialState.INACTIVE: "不在岗或已注销",
}


def credential_state(officer, on: dt.date) -> CredentialState:
    if officer.status != "active":
        return CredentialState.INACTIVE
    if not officer.credential_no or officer.valid_from is None or officer.valid_to is None:
        return CredentialState.MISSING
    if on < officer.valid_from:
        return CredentialState.NOT_YET_VALID
    if on > officer.valid_to:
        return CredentialState.EXPIRED
    warning = dt.timedelta(days=parameters.value("officers_credential_warning_days", on))
    if officer.valid_to - on < warning:
        return CredentialState.EXPIRING
    return CredentialState.VALID


def assert_can_act(officer, on: dt.date) -> None:
    """Raise ``CredentialInvalid`` unless ``officer`` holds a valid 执法证 on ``on``."""
    state = credential_state(officer, on)
    if not state.may_act:
        raise CredentialInvalid(
            f"执法人员{officer.name}的执法证{state.label},不得从事执法活动(行政处罚法第四十二条)"
        )
