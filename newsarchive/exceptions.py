"""One JSON error shape for every API error.

    {"status": 400, "code": "invalid", "detail": "Invalid value for published_after.",
     "errors": {"published_after": ["Enter a valid date/time."]}}

`errors` maps each offending parameter (or field) to its problems; it is empty
when the error is not about a parameter (404, 429).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; DRF alone would answer 500.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = _errors(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    if errors:
        names = ", ".join(errors)
        detail = f"Invalid value for {names}."
    else:
        detail = _text(exc.detail)
    response.data = {
        "status": response.status_code,
        "code": _code(exc),
        "detail": detail,
        "errors": errors,
    }
    return response


def _errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(name): [
                _text(item) for item in (value if isinstance(value, list) else [value])
            ]
            for name, value in detail.items()
        }
    items = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [_text(item) for item in items]}


def _text(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_text(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(f"{key}: {_text(value)}" for key, value in detail.items())
    return str(detail)


def _code(exc) -> str:
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def json_error(status: int, code: str, detail: str, errors=None) -> JsonResponse:
    return JsonResponse(
        {"status": status, "code": code, "detail": detail, "errors": errors or {}},
        status=status,
    )


def not_found(request, exception=None):
    """404 for URLs no route matches: the API's error shape under /api/."""
    if request.path.startswith("/api/"):
        return json_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_error(500, "error", "Server error.")
    return defaults.server_error(request)
