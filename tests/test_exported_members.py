"""The public surface of each package is small and pinned (as httpx pins its own)."""

from __future__ import annotations

import audit
import gateway


def test_gateway_exports() -> None:
    assert gateway.__all__ == ["Settings", "create_app"]
    assert callable(gateway.create_app) and gateway.Settings().database_url.startswith("sqlite")


def test_audit_exports() -> None:
    assert sorted(audit.__all__) == ["AuditEntry", "AuditOutcome", "AuditRecord", "AuditStore", "SqlAuditStore"]


def test_dashboard_exports() -> None:
    import audit.dashboard

    assert sorted(audit.dashboard.__all__) == [
        "DashboardUser", "PAGES", "Page", "install_dashboard", "render", "require_page", "require_user",
    ]
