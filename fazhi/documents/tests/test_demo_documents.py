"""The demo's documents: two 河西区 cases with every document their steps require, issued on their steps'
days with numbers that follow the dates, the stored PDFs matching their hashes, and the case file bound."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from fazhi.documents.demo import demo_documents_load
from fazhi.documents.models import Document, DocumentStatus, IssuedNumber
from fazhi.documents.services.numbers import ledger_gaps
from fazhi.demo.services import demo_load

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 15)


def test_demo_issues_the_documents_of_two_cases_in_date_order():
    demo_load(scale=60, today=TODAY)
    docs = list(Document.objects.select_related("case", "step").order_by("issued_on", "pk"))
    assert {d.case.district.code for d in docs} == {"120103"} and len({d.case_id for d in docs}) == 2
    assert all(d.status == DocumentStatus.ISSUED and d.issued_on == d.step.occurred_on for d in docs)
    for d in docs:  # every document a step requires (the case ones), once
        assert d.type_no in d.step.documents
        with d.pdf.open("rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == d.pdf_sha256
    assert Document.objects.filter(type_no=36).count() == 1  # the finished case's bound file
    numbered = [d for d in docs if d.number_id]
    assert {d.type_no for d in numbered} >= {20, 27}
    for series in {d.number.series for d in numbered}:
        mine = [d.number for d in numbered if d.number.series == series]
        assert [n.seq for n in mine] == sorted(n.seq for n in mine)  # numbers follow the dates
        assert not ledger_gaps(unit=mine[0].unit, series=series, year=mine[0].year)
    assert demo_documents_load() == 0 and Document.objects.count() == len(docs)
    assert IssuedNumber.objects.filter(purpose="document").count() == len(numbered)
