"""The CAIO's dashboard at ``/dashboard``: Japanese pages over the audit record.

Server-rendered (Jinja2), with Chart.js and the Noto Sans JP web font served
by the gateway itself. ``session`` holds the login and the dependencies a page
uses (``require_page``, ``require_user``); ``access`` holds the role matrix.

Example:
    >>> from audit.dashboard import install_dashboard
    >>> install_dashboard(app, settings)
"""

from audit.dashboard.access import PAGES, Page
from audit.dashboard.mount import install_dashboard
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page, require_user

__all__ = ["PAGES", "DashboardUser", "Page", "install_dashboard", "render", "require_page", "require_user"]
