"""Who may open which dashboard page, and whose data they see there.

Each page names the roles that may open it and, per role, a scope: ``ALL``
(every department) or ``OWN`` (only records whose department is the key's
department). A user with several roles gets the widest scope any of them
grants. ``staff`` appears nowhere, so a staff-only key is refused at login.

| page            | caio | auditor | reviewer | security-admin |
|-----------------|------|---------|----------|----------------|
| 概要 overview     | all  | all     | own      | -              |
| 機密性            | all  | all     | own      | all            |
| 部署              | all  | all     | own      | -              |
| 監査ログ          | all  | all     | own      | -              |
| ポリシー          | all  | all     | -        | all            |
| 報告              | all  | all     | own      | -              |
| 確認 reviews       | all  | all     | own      | -              |

Another room adds a page by appending a ``Page`` to ``PAGES`` (see docs/dashboard.md).

Example:
    >>> PAGES["overview"].scope_for(frozenset({"reviewer"}))
    'own'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["ALL", "DASHBOARD_ROLES", "OWN", "PAGES", "Page", "Scope"]

Scope = Literal["all", "own"]
ALL: Scope = "all"
OWN: Scope = "own"

# Roles that may log in to the dashboard at all.
DASHBOARD_ROLES = frozenset({"caio", "auditor", "reviewer", "security-admin"})


@dataclass(frozen=True)
class Page:
    """A page of the dashboard: its address, its nav label and the scope each role gets.

    Example:
        >>> Page("overview", "/dashboard/", "概要", {"caio": ALL}).scope_for(frozenset({"staff"})) is None
        True
    """

    name: str
    path: str
    label: str
    roles: Mapping[str, Scope]

    def scope_for(self, roles: frozenset[str]) -> Scope | None:
        """The widest scope the roles grant on this page, or None if none may open it."""
        granted = {self.roles[role] for role in roles if role in self.roles}
        if not granted:
            return None
        return ALL if ALL in granted else OWN


_EVERYONE: Mapping[str, Scope] = {"caio": ALL, "auditor": ALL, "reviewer": OWN}

# In nav order. Insertion order is the order of the menu.
PAGES: dict[str, Page] = {
    page.name: page
    for page in (
        Page("overview", "/dashboard/", "概要", _EVERYONE),
        Page("confidentiality", "/dashboard/confidentiality", "機密性", {**_EVERYONE, "security-admin": ALL}),
        Page("departments", "/dashboard/departments", "部署", _EVERYONE),
        Page("audit_log", "/dashboard/audit", "監査ログ", _EVERYONE),
        Page("policy", "/dashboard/policy", "ポリシー", {"caio": ALL, "auditor": ALL, "security-admin": ALL}),
        Page("reports", "/dashboard/reports", "報告", _EVERYONE),
        # The review queue (audit.dashboard.pages.reviews): deciding is for reviewers and the CAIO (audit.review).
        Page("reviews", "/dashboard/reviews", "確認", _EVERYONE),
    )
}
