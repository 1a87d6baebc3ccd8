"""Evidence files of a 行政处罚 case (行政处罚法 第四十六条 kinds), stored with the SHA-256 and size
computed while the upload streams to the storage. A file never replaces another; rows are never changed."""

from __future__ import annotations

from django.db import transaction

from fazhi.accounts.roles import Cap
from fazhi.cases import procedure
from fazhi.cases.models import Case, CaseEvidence
from fazhi.core import access, files
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, NotFound, ValidationFailed

# 行政处罚法 第四十六条第一款: the kinds of evidence.
EVIDENCE_KINDS = {
    "documentary": "书证", "physical": "物证", "audiovisual": "视听资料", "electronic": "电子数据",
    "witness": "证人证言", "party_statement": "当事人的陈述", "expert_opinion": "鉴定意见",
    "inspection_record": "勘验笔录", "on_site_record": "现场笔录",
}
EVIDENCE_STATUSES = ("source", "investigating", "investigated", "notified", "hearing")


def case_add_evidence(*, actor, case: Case, uploaded_file, kind: str, name: str = "") -> CaseEvidence:
    access.require(actor, Cap.CASE_HANDLE, "上传证据材料")
    if not access.in_scope(actor, case.district_id):
        raise NotFound("记录不存在,或不在您的管辖范围内")
    problems = []
    if kind not in EVIDENCE_KINDS:
        problems.append(FieldProblem("证据种类", f"应为:{'、'.join(EVIDENCE_KINDS.values())}(行政处罚法第四十六条)"))
    try:
        file_name = files.checked_name(uploaded_file)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        file_name = ""
    title = str(name or "").strip() or file_name
    if len(title) > 200:
        problems.append(FieldProblem("名称", "不能超过 200 个字"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status not in EVIDENCE_STATUSES:
            raise InvalidTransition(f"案件处于“{procedure.status_label(case.status)}”状态,不能再上传证据材料")
        with files.stored(uploaded_file, f"case-evidence/{case.pk}",
                          max_length=CaseEvidence._meta.get_field("file").max_length) as f:
            evidence = CaseEvidence.objects.create(case=case, kind=kind, name=title, file=f.path, sha256=f.sha256,
                                                   size=f.size, uploaded_by=actor)
            record_event(actor=actor, obj=evidence, action="case_evidence.add",
                         after=snapshot(evidence, ["case_id", "kind", "name", "file", "sha256", "size"]))
    return evidence
