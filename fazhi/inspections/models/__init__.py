from fazhi.inspections.models.draws import DrawAttempt, OfficerRelationship, SeedReveal
from fazhi.inspections.models.items import InspectionItem, ItemList
from fazhi.inspections.models.plans import Plan, PlanStratum
from fazhi.inspections.models.tasks import ChecklistResult, EvidenceFile, FollowUp, InspectionTask, TaskMember

__all__ = [
    "ChecklistResult", "DrawAttempt", "EvidenceFile", "FollowUp", "InspectionItem", "InspectionTask", "ItemList",
    "OfficerRelationship", "Plan", "PlanStratum", "SeedReveal", "TaskMember",
]
