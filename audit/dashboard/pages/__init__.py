"""The dashboard's pages, one module each; ``ROUTERS`` is what ``install_dashboard`` mounts.

Another room adds a page by appending its router here and a ``Page`` to
``audit.dashboard.access.PAGES`` (see docs/dashboard.md).
"""

from audit.dashboard.pages import audit_log, confidentiality, departments, login, overview, policy, reports, reviews

ROUTERS = (
    login.router,
    overview.router,
    confidentiality.router,
    departments.router,
    audit_log.router,
    policy.router,
    reports.router,
    reviews.router,
)

__all__ = ["ROUTERS"]
