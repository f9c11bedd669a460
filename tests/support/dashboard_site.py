"""A real gateway for the dashboard's tests: ``gateway serve`` in its own process, on PostgreSQL.

The gateway runs as the operator starts it (the CLI, uvicorn, the real
detector), in a subprocess: its litellm HTTP clients then never meet the
event loops of the in-process gateway tests. Requests go through it with the
official openai SDK to the recording upstream, so every figure the dashboard
shows comes from real traffic.

Example:
    with RecordingUpstream() as upstream, GatewayProcess.start(tmp, db_url, upstream.url) as site:
        keys = create_keys(db_url)
        traffic = push_traffic(site.url, keys)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import httpx
import openai
import yaml

from gateway.database import create_db_engine, init_schema
from gateway.keys import SqlKeyStore
from gateway.settings import DEFAULT_POLICY
from tests.support.models import free_port, upstream_model

__all__ = ["GatewayProcess", "SiteKeys", "Traffic", "create_keys", "login", "push_traffic", "site_policy"]

UPSTREAM_KEY_ENV = "GATEWAY_TEST_UPSTREAM_KEY"
SECRET = "dashboard-test-secret-0123456789abcdef"

# Fictitious personal values (none belongs to a real person); the dashboard must show none of them.
MY_NUMBER = "123456789018"
PHONE = "090-1234-5678"
EMAIL = "taro.yamada@example.jp"
PERSON = "山田太郎"
RAW_VALUES = (MY_NUMBER, PHONE, EMAIL, PERSON, "1234567", "TK1234567")


def site_policy(directory: Path, upstream_url: str) -> Path:
    """The shipped policy plus a priced, customised model served by the recording upstream."""
    document = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))
    document["revision"] = "2026-11-30.dashboard-test"
    document["models"]["upstream"] = upstream_model(
        upstream_url, UPSTREAM_KEY_ENV, timeout_s=10, num_retries=0, label="試験用クラウドモデル",
        price_yen_per_1k_input=1.5, price_yen_per_1k_output=6.0, customization="RAG（庁内規程集）",
    )
    for department in document["departments"].values():
        if department["models"] != ["*"]:
            department["models"].append("upstream")
    path = directory / "policy.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class GatewayProcess:
    """``gateway serve`` on a free port; ``url`` is its base URL."""

    process: subprocess.Popen[bytes]
    url: str

    @classmethod
    def start(cls, policy: Path, database_url: str, log: Path) -> GatewayProcess:
        port = free_port()
        env = {
            **os.environ,
            UPSTREAM_KEY_ENV: "sk-test-upstream-secret",
            "GATEWAY_DASHBOARD_SECRET": SECRET,
            "GATEWAY_KEY_CACHE_SECONDS": "0",
            "GATEWAY_LOG_LEVEL": "warning",
        }
        command = [sys.executable, "-m", "gateway.cli", "serve", "--policy", str(policy),
                   "--database-url", database_url, "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        site = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"gateway exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{site.url}/healthz", timeout=2).status_code == 200:
                    return site
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        site.stop()
        raise AssertionError("gateway did not become ready")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass(frozen=True)
class SiteKeys:
    caio: str
    auditor: str
    reviewer: str  # fukushi (福祉課)
    security: str
    staff: str  # soumu (総務課), staff only
    staff_fukushi: str
    staff_joho: str
    staff_shimin: str  # 市民課: no on-premises model, so 3A / DV requests are blocked


def create_keys(database_url: str) -> SiteKeys:
    engine = create_db_engine(database_url)
    init_schema(engine)
    store = SqlKeyStore(engine)
    try:
        return SiteKeys(
            caio=store.create("kato.caio", "soumu", ["caio"])[1],
            auditor=store.create("kimura.kansa", "soumu", ["auditor"])[1],
            reviewer=store.create("ogawa.kacho", "fukushi", ["reviewer"])[1],
            security=store.create("mori.security", "joho", ["security-admin"])[1],
            staff=store.create("suzuki.hanako", "soumu", ["staff"])[1],
            staff_fukushi=store.create("sato.jiro", "fukushi", ["staff"])[1],
            staff_joho=store.create("ito.mai", "joho", ["staff"])[1],
            staff_shimin=store.create("takahashi.ken", "shimin", ["staff"])[1],
        )
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Traffic:
    completed: int
    blocked: int


def _ask(client: openai.OpenAI, text: str, use_case: str | None = None) -> bool:
    headers = {"x-gateway-use-case": use_case} if use_case else {}
    try:
        client.chat.completions.create(
            model="upstream", messages=[{"role": "user", "content": text}], extra_headers=headers
        )
    except openai.PermissionDeniedError:
        return False
    return True


def push_traffic(base_url: str, keys: SiteKeys) -> Traffic:
    """Real requests from four departments: plain, full of personal data, and blocked."""
    def client(key: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{base_url}/v1", api_key=key, max_retries=0, timeout=60)

    soumu, fukushi, joho = client(keys.staff), client(keys.staff_fukushi), client(keys.staff_joho)
    shimin = client(keys.staff_shimin)
    results = [
        _ask(soumu, "来週の庁内会議の議事録を要約してください。", "internal_memo"),
        _ask(soumu, "次の案内文を英語に翻訳してください。図書館の開館時間が変わります。", "translation"),
        _ask(soumu, "住民向けのごみ収集日程のお知らせ文を作成してください。", "resident_document"),
        _ask(soumu, f"申請者{PERSON}さんのマイナンバーは{MY_NUMBER}、電話は{PHONE}、メールは{EMAIL}です。"
                    "返信の文面を作ってください。", "resident_document"),
        _ask(fukushi, f"{PERSON}さん（電話 {PHONE}）の生活保護の相談記録を要約してください。", "internal_memo"),
        _ask(fukushi, f"振込先はみなと銀行 本店営業部 普通 1234567、旅券番号は TK1234567 の{PERSON}さんです。要約して。"),
        _ask(joho, "Python で CSV を読み込むコードを書いてください。", "programming"),
        _ask(shimin, f"{PERSON}さんはDV被害を受けており、配偶者からの暴力の相談があります。電話は{PHONE}です。"),
        _ask(shimin, "【秘】来年度の組織改正案を要約してください。"),
    ]
    for each in (soumu, fukushi, joho, shimin):
        each.close()
    return Traffic(completed=sum(results), blocked=len(results) - sum(results))


@contextmanager
def login(base_url: str, key: str) -> Iterator[httpx.Client]:
    """An HTTP client holding a dashboard session for ``key``."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        answer = http.post("/dashboard/login", data={"api_key": key}, headers={"origin": base_url})
        assert answer.status_code == 303, answer.text[:500]
        yield http
