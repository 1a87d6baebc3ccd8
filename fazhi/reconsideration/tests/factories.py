"""Applications for tests, made through the services.

- ``staff(make_user, code=None, role="reconsideration")``: a user of the city bureau (``code`` None) or of a
  district bureau;
- ``application_data(**overrides)``: the data of ``application_register`` — an act of a city department
  (天津市市场监督管理委员会), competent body the city government, handled by the city bureau; applied in time;
- ``accepted(actor, **overrides)``: registered and accepted on ``ACCEPT_ON``.
"""

from __future__ import annotations

import datetime as dt

from fazhi.orgs.models import Organization
from fazhi.reconsideration.services import applications as svc

RECEIVED = dt.date(2024, 9, 2)  # a Monday
ACCEPT_ON = dt.date(2024, 9, 4)


def org_of(code: str | None) -> Organization:
    return Organization.objects.get(code=f"{code}-SFJ" if code else "TJ-SFJ")


def staff(make_user, code: str | None = None, role: str = "reconsideration"):
    return make_user(role, org_of(code))


def application_data(**overrides) -> dict:
    data = {"received_on": RECEIVED.isoformat(), "channel": "counter", "applicant_kind": "person",
            "applicant_name": "王小明", "applicant_id": "", "applicant_phone": "13812345678",
            "agents": ["李律师"], "act_description": "行政处罚决定:罚款 5000 元", "act_on": "2024-08-01",
            "act_number": "津市监罚〔2024〕12号", "respondent_name": "天津市市场监督管理委员会",
            "respondent_kind": "city_department", "respondent_district": "", "learned_on": "2024-08-02",
            "right_explained": True}
    data.update(overrides)
    return data


def registered(actor, **overrides):
    return svc.application_register(actor=actor, data=application_data(**overrides))


def accepted(actor, *, on=ACCEPT_ON, **overrides):
    return svc.application_accept(actor=actor, application=registered(actor, **overrides), on=on)
