"""Every domain error fazhi raises. Pure Python: no Django import.

Services and pure modules raise these; ``fazhi.core.middleware.DomainErrorMiddleware`` maps them to
HTTP in one place (``HTTP_STATUS`` below). Messages are Chinese, for the user, and name the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base class. ``message`` is shown to the user as it is."""

    code = "domain_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldProblem:
    """One reason a value was refused: the field (its Chinese label) and why."""

    field: str
    reason: str
    row: int | None = None  # spreadsheet row (1-based, header is row 1) when it came from a file

    def __str__(self) -> str:
        where = f"第 {self.row} 行 " if self.row is not None else ""
        return f"{where}{self.field}:{self.reason}"


class ValidationFailed(DomainError):
    """Input refused; ``problems`` lists every reason at once. Nothing was saved."""

    code = "validation_failed"

    def __init__(self, problems: list[FieldProblem] | FieldProblem, message: str | None = None):
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__(message or ";".join(str(p) for p in self.problems))


class NotFound(DomainError):
    """The record does not exist, or the actor may not know that it exists (another district's)."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The actor can see the record but may not do this to it."""

    code = "permission_denied"


class InvalidTransition(DomainError):
    """A workflow step is not allowed from the current status; the message cites the article."""

    code = "invalid_transition"


class CredentialInvalid(DomainError):
    """An enforcement officer without a valid 执法证 tried to act (行政处罚法 第四十二条)."""

    code = "credential_invalid"


class CalendarNotCovered(DomainError):
    """A date falls in a year whose holiday notice the calendar does not hold."""

    code = "calendar_not_covered"

    def __init__(self, year: int, covered: tuple[int, int] | None = None):
        self.year = year
        span = f"(已覆盖 {covered[0]}–{covered[1]} 年及管理员补录的年份)" if covered else ""
        super().__init__(
            f"工作日历未包含 {year} 年的法定节假日安排{span},无法计算期限;"
            f"请管理员在“工作日历”中录入国务院办公厅公布的 {year} 年节假日通知。"
        )


@dataclass
class ImportReport:
    """What an import did, or would have done. ``problems`` carries the row of each bad value."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: list[int] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


HTTP_STATUS: dict[type[DomainError], int] = {
    ValidationFailed: 400,
    InvalidTransition: 409,
    CredentialInvalid: 409,
    CalendarNotCovered: 422,
    PermissionDenied: 403,
    NotFound: 404,
}


def http_status(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400
