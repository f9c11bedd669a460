"""Pytest fixtures for the dashboard's HTTP and browser tests (imported by their conftest files).

``site``: one real gateway process per test module, on its own PostgreSQL
database, with keys for every role and real traffic already pushed through it.

Example:
    def test_overview(site: Site) -> None:
        assert login(site.url, site.keys.caio).get("/dashboard/").status_code == 200
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import _fresh_postgres_database
from tests.support.dashboard_site import GatewayProcess, SiteKeys, Traffic, create_keys, push_traffic, site_policy
from tests.support.upstream import RecordingUpstream

__all__ = ["Site", "site"]


@dataclass(frozen=True)
class Site:
    url: str
    database_url: str
    keys: SiteKeys
    traffic: Traffic


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    directory: Path = tmp_path_factory.mktemp("dashboard")
    with _fresh_postgres_database() as database_url, RecordingUpstream() as upstream:
        keys = create_keys(database_url)
        policy = site_policy(directory, upstream.url)
        with GatewayProcess.start(policy, database_url, directory / "gateway.log") as gateway:
            traffic = push_traffic(gateway.url, keys)
            yield Site(gateway.url, database_url, keys, traffic)
