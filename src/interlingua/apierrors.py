"""One canonical table of API error kinds, their HTTP statuses, and each vendor's names.

=================  ======  ============================  ====================  ==================
kind               status  OpenAI ``error.type``         Anthropic ``error.type``  Gemini ``status``
=================  ======  ============================  ====================  ==================
invalid_request    400     invalid_request_error         invalid_request_error INVALID_ARGUMENT
authentication     401     authentication_error          authentication_error  UNAUTHENTICATED
billing            402     insufficient_quota (429)      billing_error         RESOURCE_EXHAUSTED
permission         403     permission_error              permission_error      PERMISSION_DENIED
not_found          404     not_found_error               not_found_error       NOT_FOUND
request_too_large  413     invalid_request_error         request_too_large     INVALID_ARGUMENT
rate_limit         429     rate_limit_error              rate_limit_error      RESOURCE_EXHAUSTED
server             500     server_error                  api_error             INTERNAL
unavailable        503     server_error                  api_error             UNAVAILABLE
overloaded         529     server_error (503)            overloaded_error      UNAVAILABLE (503)
timeout            504     server_error                  timeout_error         DEADLINE_EXCEEDED
=================  ======  ============================  ====================  ==================
"""

from __future__ import annotations

KINDS = ("invalid_request", "authentication", "billing", "permission", "not_found",
         "request_too_large", "rate_limit", "server", "unavailable", "overloaded", "timeout",
         "unknown")

#: the status each vendor family sends for a kind (where it differs from the default).
STATUS: dict[str, int] = {"invalid_request": 400, "authentication": 401, "billing": 402,
                          "permission": 403, "not_found": 404, "request_too_large": 413,
                          "rate_limit": 429, "server": 500, "unavailable": 503,
                          "overloaded": 529, "timeout": 504, "unknown": 500}
FAMILY_STATUS: dict[str, dict[str, int]] = {
    "openai": {"overloaded": 503, "billing": 429},
    "anthropic": {},
    "gemini": {"overloaded": 503, "billing": 429, "request_too_large": 400},
}

#: native type/status -> kind.
FROM_NATIVE: dict[str, dict[str, str]] = {
    "openai": {"invalid_request_error": "invalid_request", "authentication_error": "authentication",
               "invalid_api_key": "authentication", "permission_error": "permission",
               "permission_denied": "permission", "not_found_error": "not_found",
               "rate_limit_error": "rate_limit", "rate_limit_exceeded": "rate_limit",
               "requests": "rate_limit", "tokens": "rate_limit",
               "insufficient_quota": "billing", "server_error": "server",
               "service_unavailable": "unavailable", "timeout": "timeout",
               # Open Responses error types
               "invalid_request": "invalid_request", "not_found": "not_found",
               "model_error": "server", "too_many_requests": "rate_limit"},
    "anthropic": {"invalid_request_error": "invalid_request",
                  "authentication_error": "authentication", "billing_error": "billing",
                  "permission_error": "permission", "not_found_error": "not_found",
                  "request_too_large": "request_too_large", "rate_limit_error": "rate_limit",
                  "api_error": "server", "timeout_error": "timeout",
                  "gateway_timeout_error": "timeout", "overloaded_error": "overloaded"},
    "gemini": {"INVALID_ARGUMENT": "invalid_request", "FAILED_PRECONDITION": "invalid_request",
               "OUT_OF_RANGE": "invalid_request", "ALREADY_EXISTS": "invalid_request",
               "UNAUTHENTICATED": "authentication", "PERMISSION_DENIED": "permission",
               "NOT_FOUND": "not_found", "RESOURCE_EXHAUSTED": "rate_limit",
               "INTERNAL": "server", "UNKNOWN": "server", "UNAVAILABLE": "unavailable",
               "DEADLINE_EXCEEDED": "timeout", "CANCELLED": "unknown"},
}

TO_NATIVE: dict[str, dict[str, str]] = {
    "openai": {"invalid_request": "invalid_request_error", "authentication": "authentication_error",
               "billing": "insufficient_quota", "permission": "permission_error",
               "not_found": "not_found_error", "request_too_large": "invalid_request_error",
               "rate_limit": "rate_limit_error", "server": "server_error",
               "unavailable": "server_error", "overloaded": "server_error",
               "timeout": "server_error", "unknown": "server_error"},
    "anthropic": {"invalid_request": "invalid_request_error",
                  "authentication": "authentication_error", "billing": "billing_error",
                  "permission": "permission_error", "not_found": "not_found_error",
                  "request_too_large": "request_too_large", "rate_limit": "rate_limit_error",
                  "server": "api_error", "unavailable": "api_error",
                  "overloaded": "overloaded_error", "timeout": "timeout_error",
                  "unknown": "api_error"},
    "gemini": {"invalid_request": "INVALID_ARGUMENT", "authentication": "UNAUTHENTICATED",
               "billing": "RESOURCE_EXHAUSTED", "permission": "PERMISSION_DENIED",
               "not_found": "NOT_FOUND", "request_too_large": "INVALID_ARGUMENT",
               "rate_limit": "RESOURCE_EXHAUSTED", "server": "INTERNAL",
               "unavailable": "UNAVAILABLE", "overloaded": "UNAVAILABLE",
               "timeout": "DEADLINE_EXCEEDED", "unknown": "UNKNOWN"},
}

#: HTTP status -> kind, when the body does not say.
BY_STATUS = {400: "invalid_request", 401: "authentication", 402: "billing", 403: "permission",
             404: "not_found", 408: "timeout", 413: "request_too_large", 429: "rate_limit",
             500: "server", 502: "unavailable", 503: "unavailable", 504: "timeout",
             529: "overloaded"}


def kind_of(family: str, native: str | None, status: int | None) -> str:
    if native is not None:
        kind = FROM_NATIVE[family].get(native)
        if kind is not None:
            return kind
    if status is not None:
        return BY_STATUS.get(status, "server" if status >= 500 else "invalid_request")
    return "unknown"


def status_of(family: str, kind: str) -> int:
    return FAMILY_STATUS[family].get(kind, STATUS.get(kind, 500))
