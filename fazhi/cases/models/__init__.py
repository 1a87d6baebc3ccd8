from fazhi.cases.models.case import Case, CaseOfficer
from fazhi.cases.models.records import CaseEvidence, CaseStep, PublicRecord

__all__ = ["Case", "CaseEvidence", "CaseOfficer", "CaseStep", "PublicRecord"]
