from fazhi.core.models.audit import AuditChainHead, AuditEvent
from fazhi.core.models.calendar import CalendarDay, CalendarYear

__all__ = ["AuditChainHead", "AuditEvent", "CalendarDay", "CalendarYear"]
