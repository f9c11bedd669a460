"""Every error the gateway shows a caller, in one hierarchy.

    GatewayError                     500 internal_error
    ├── BadRequest                   400 invalid_request_error
    │   ├── PayloadTooLarge          413 request_too_large
    │   ├── UnknownModel             404 model_not_found
    │   └── RouteNotFound            404 / 405 not_found
    ├── AuthenticationFailed         401 invalid_api_key
    ├── PermissionDenied             403 permission_denied
    │   ├── ModelNotAllowed          403 model_not_allowed
    │   └── PolicyBlocked            403 policy_blocked
    ├── DetectorUnavailable          503 detector_unavailable
    ├── AuditUnavailable             503 audit_unavailable
    ├── UpstreamError                502 upstream_error
    │   └── UpstreamTimeout          504 upstream_timeout
    └── PolicyError                  (not an HTTP error: a policy file is invalid)

Each HTTP error carries its status and OpenAI error ``code``; one handler in
``gateway.api.errors`` renders them as ``{"error": {...}}``. Messages are
Japanese first, because staff read them in their chat client, and never hold
a raw personal value.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AuditUnavailable",
    "AuthenticationFailed",
    "BadRequest",
    "DetectorUnavailable",
    "GatewayError",
    "ModelNotAllowed",
    "PayloadTooLarge",
    "PermissionDenied",
    "PolicyBlocked",
    "PolicyError",
    "PolicyIssue",
    "RouteNotFound",
    "UnknownModel",
    "UpstreamError",
    "UpstreamTimeout",
]


class GatewayError(Exception):
    status = 500
    type = "internal_error"
    code = "internal_error"

    def __init__(self, message: str = "ゲートウェイ内部でエラーが発生しました。管理者に連絡してください。", *, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


class BadRequest(GatewayError):
    status = 400
    type = "invalid_request_error"
    code = "invalid_request"


class PayloadTooLarge(BadRequest):
    status = 413
    code = "request_too_large"


class UnknownModel(BadRequest):
    status = 404
    code = "model_not_found"


class RouteNotFound(BadRequest):
    status = 404
    code = "not_found"

    def __init__(self, status: int = 404) -> None:
        super().__init__("指定された URL またはメソッドは提供されていません。")
        self.status = status


class AuthenticationFailed(GatewayError):
    status = 401
    type = "authentication_error"
    code = "invalid_api_key"


class PermissionDenied(GatewayError):
    status = 403
    type = "permission_error"
    code = "permission_denied"


class ModelNotAllowed(PermissionDenied):
    code = "model_not_allowed"


class PolicyBlocked(PermissionDenied):
    type = "policy_violation"
    code = "policy_blocked"


class DetectorUnavailable(GatewayError):
    status = 503
    type = "service_unavailable"
    code = "detector_unavailable"


class AuditUnavailable(GatewayError):
    status = 503
    type = "service_unavailable"
    code = "audit_unavailable"


class UpstreamError(GatewayError):
    status = 502
    type = "upstream_error"
    code = "upstream_error"


class UpstreamTimeout(UpstreamError):
    status = 504
    code = "upstream_timeout"


@dataclass(frozen=True)
class PolicyIssue:
    """One problem in a policy file: where it is and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.message}"


class PolicyError(Exception):
    """A policy file (or its test cases) is invalid; the service refuses to start."""

    def __init__(self, issues: list[PolicyIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))
