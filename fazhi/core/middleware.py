"""Maps domain errors to HTTP responses: the one place where that happens."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from fazhi.core.errors import DomainError, ValidationFailed, http_status


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        status = http_status(exception)
        problems = exception.problems if isinstance(exception, ValidationFailed) else []
        if request.headers.get("Accept", "").startswith("application/json") or request.path.startswith("/api/"):
            return JsonResponse(
                {"error": exception.code, "message": exception.message,
                 "problems": [{"field": p.field, "reason": p.reason, "row": p.row} for p in problems]},
                status=status,
            )
        return render(request, "core/error.html", {"error": exception, "problems": problems, "status": status},
                      status=status)
