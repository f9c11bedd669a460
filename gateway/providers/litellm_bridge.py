"""The litellm bridge: one process that makes the litellm calls of every worker of a gateway.

Importing litellm costs a worker about 150 MB and 6 s (litellm 1.110 loads the
openai SDK's 1,000 type modules with it), which put a worker over its 400 MB
bar. So ``gateway serve`` starts this process once, beside the workers, when the
policy routes a model through litellm, and the workers reach it over a Unix
socket in a private directory (mode 0700): each worker stays at the analyzer's
size, and the memory of litellm is paid once per gateway instead of once per
worker.

The wire is small and internal:

* ``POST /complete`` and ``POST /stream`` take ``{"model": ModelSpec, "messages": [...],
  "params": {...}}``; the spec holds references to secrets, never their values,
  and the bridge reads them from its own environment (the gateway's).
* ``/complete`` answers the ``chat.completion`` JSON; ``/stream`` answers
  server-sent events of ``chat.completion.chunk`` objects, ending in ``[DONE]``.
* A failed call answers HTTP 502 or 504 with ``{"error": {"message", "code"}}``,
  whose message the gateway built (model id and HTTP status, never the
  provider's text); a failure after the first chunk of a stream is an
  ``{"error": ...}`` event.

The bridge logs nothing but model ids, error types and statuses.

Example:
    python -m gateway.providers.litellm_bridge --socket /run/gateway/litellm.sock
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gateway.errors import UpstreamError, UpstreamTimeout
from gateway.providers.base import Provider, ProviderCall
from gateway.providers.openai_compatible import server_sent_events
from gateway.providers.sessions import LoopSessions
from policies import ModelSpec

__all__ = ["BridgeProcess", "LitellmBridgeProvider", "create_bridge_app", "dump_call", "load_call"]

log = logging.getLogger(__name__)


def dump_call(call: ProviderCall) -> bytes:
    """The body a worker sends for ``call`` (secrets stay references)."""
    model = call.model.model_dump(mode="json", by_alias=True)
    return orjson.dumps({"model": model, "messages": call.messages, "params": call.params})


def load_call(body: bytes) -> ProviderCall:
    """The call a worker sent; ValueError when the body is not one."""
    try:
        data = orjson.loads(body)
        return ProviderCall(ModelSpec.model_validate(data["model"]), list(data["messages"]), dict(data.get("params") or {}))
    except Exception:
        raise ValueError("not a provider call") from None


class LitellmBridgeProvider:
    """The workers' side: every ``provider: litellm`` call goes to the bridge over its Unix socket."""

    restores_placeholders = True

    def __init__(self, socket: str) -> None:
        self._sessions = LoopSessions(
            lambda: aiohttp.ClientSession(connector=aiohttp.UnixConnector(path=socket), trust_env=False))

    async def complete(self, call: ProviderCall) -> dict[str, Any]:
        async with self._post("/complete", call) as response:
            try:
                return orjson.loads(await response.read())
            except (orjson.JSONDecodeError, aiohttp.ClientError):
                raise _unavailable(call) from None

    async def stream(self, call: ProviderCall) -> AsyncIterator[dict[str, Any]]:
        async with self._post("/stream", call) as response:
            try:
                async for chunk in server_sent_events(response.content, call.model.id):
                    yield chunk
            except aiohttp.ClientError:
                raise _unavailable(call) from None

    def _post(self, path: str, call: ProviderCall) -> _BridgeCall:
        # The bridge enforces the model's own timeout and retries; this only bounds a bridge that hangs.
        limit = call.model.timeout_s * (call.model.num_retries + 1) + 30
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=limit)
        return _BridgeCall(self._sessions.get().post(f"http://bridge{path}", data=dump_call(call), timeout=timeout), call)

    async def aclose(self) -> None:
        """Release the connection to the bridge (at shutdown)."""
        await self._sessions.aclose()


class _BridgeCall:
    """``async with``: the bridge's 2xx response, or the UpstreamError it answered."""

    def __init__(self, request: Any, call: ProviderCall) -> None:
        self._request, self._call = request, call
        self._response: aiohttp.ClientResponse | None = None

    async def __aenter__(self) -> aiohttp.ClientResponse:
        try:
            response = await self._request
        except (aiohttp.ClientError, TimeoutError, OSError):
            log.error("litellm bridge unreachable: model=%s", self._call.model.id)
            raise _unavailable(self._call) from None
        if response.status < 400:
            self._response = response
            return response
        try:
            error = orjson.loads(await response.read())["error"]
            message = str(error["message"])
        except Exception:  # noqa: BLE001 - any unreadable answer is the bridge's failure
            raise _unavailable(self._call) from None
        finally:
            response.release()
        raise (UpstreamTimeout if error.get("timeout") else UpstreamError)(message)

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.release()


def _unavailable(call: ProviderCall) -> UpstreamError:
    return UpstreamError(f"モデル「{call.model.id}」の中継プロセスに接続できません。管理者に連絡してください。")


def create_bridge_app(provider: Provider | None = None) -> Starlette:
    """The bridge's ASGI app; ``provider`` defaults to the litellm provider (tests pass another)."""
    if provider is None:
        from gateway.providers.litellm_provider import LitellmProvider

        provider = LitellmProvider()
    calls: Provider = provider

    async def complete(request: Request) -> Response:
        call = await _call(request)
        if isinstance(call, Response):
            return call
        try:
            answer = await calls.complete(call)
        except UpstreamError as error:
            return _failed(error)
        return Response(orjson.dumps(answer), media_type="application/json")

    async def stream(request: Request) -> Response:
        call = await _call(request)
        if isinstance(call, Response):
            return call
        chunks = calls.stream(call).__aiter__()
        # The first chunk is awaited before answering, so that a call that fails
        # at once is an HTTP error, and the worker can still try a fallback.
        try:
            first: dict[str, Any] | None = await chunks.__anext__()
        except StopAsyncIteration:
            first = None
        except UpstreamError as error:
            return _failed(error)
        return StreamingResponse(_events(first, chunks), media_type="text/event-stream")

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(routes=[
        Route("/complete", complete, methods=["POST"]),
        Route("/stream", stream, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ])


async def _call(request: Request) -> ProviderCall | Response:
    try:
        return load_call(await request.body())
    except ValueError:
        return Response(orjson.dumps({"error": {"message": "invalid bridge request", "code": "bad_request"}}), status_code=400)


async def _events(first: dict[str, Any] | None, rest: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    if first is None:
        yield b"data: [DONE]\n\n"
        return
    yield b"data: " + orjson.dumps(first) + b"\n\n"
    try:
        async for chunk in rest:
            yield b"data: " + orjson.dumps(chunk) + b"\n\n"
    except UpstreamError as error:
        yield b"data: " + orjson.dumps(_error_body(error)) + b"\n\n"
        return
    yield b"data: [DONE]\n\n"


def _failed(error: UpstreamError) -> Response:
    return Response(orjson.dumps(_error_body(error)), status_code=error.status, media_type="application/json")


def _error_body(error: UpstreamError) -> dict[str, Any]:
    return {"error": {"message": error.message, "code": error.code, "timeout": isinstance(error, UpstreamTimeout)}}


class BridgeProcess:
    """The bridge beside the workers: started and checked before they are, restarted if it dies, stopped with them.

    Example:
        >>> bridge = BridgeProcess().start()      # raises RuntimeError if it does not come up
        >>> os.environ["GATEWAY_LITELLM_BRIDGE"] = bridge.socket
        >>> bridge.stop()
    """

    def __init__(self, ready_timeout_s: float = 120.0) -> None:
        self._directory = tempfile.mkdtemp(prefix="gateway-litellm-")  # mode 0700: only this user connects
        self.socket = os.path.join(self._directory, "bridge.sock")
        self._ready_timeout_s = ready_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="litellm-bridge-watchdog", daemon=True)

    def start(self) -> BridgeProcess:
        try:
            self._spawn()
        except RuntimeError:
            self.stop()
            raise
        self._watchdog.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self._directory, ignore_errors=True)

    def _spawn(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket)
        command = [sys.executable, "-m", "gateway.providers.litellm_bridge", "--socket", self.socket,
                   "--parent", str(os.getpid())]
        process = self._process = subprocess.Popen(command)
        deadline = time.monotonic() + self._ready_timeout_s
        while not _answers(self.socket):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise RuntimeError("litellm の中継プロセスを起動できませんでした。ログを確認してください。")
            time.sleep(0.1)

    def _watch(self) -> None:
        # Until it is back, the workers' litellm calls fail closed (502): nothing is sent.
        while not self._stopped.wait(1.0):
            # stop() sets the event before it terminates the bridge: that exit is not a crash.
            if self._process is not None and self._process.poll() is not None and not self._stopped.is_set():
                log.error("litellm bridge exited with code %s; restarting it", self._process.returncode)
                with contextlib.suppress(RuntimeError):
                    self._spawn()


def _answers(path: str) -> bool:
    """True when the bridge answers GET /healthz on ``path``."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(2)
            client.connect(path)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: bridge\r\nConnection: close\r\n\r\n")
            return client.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve litellm calls to the gateway's workers over a Unix socket.")
    parser.add_argument("--socket", required=True, help="Unix socket path (its directory should be private, mode 0700)")
    parser.add_argument("--parent", type=int, default=None, help="exit when this process (the gateway) is gone")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    config = uvicorn.Config(create_bridge_app(), uds=args.socket, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if args.parent is not None:
        threading.Thread(target=_follow_parent, args=(server, args.parent), name="follow-parent", daemon=True).start()
    asyncio.run(server.serve())
    if args.parent is not None and os.getppid() != args.parent:
        # The gateway died without stopping the bridge (e.g. killed): nobody else removes the directory.
        shutil.rmtree(os.path.dirname(args.socket), ignore_errors=True)
    return 0


def _follow_parent(server: Any, parent: int) -> None:
    """Stop the bridge once the gateway that started it is gone (a killed gateway cannot stop it)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    log.warning("the gateway that started the litellm bridge is gone; stopping")
    server.should_exit = True


if __name__ == "__main__":
    raise SystemExit(main())
