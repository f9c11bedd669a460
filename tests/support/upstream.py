"""A real OpenAI-compatible HTTP server on loopback that records what it receives.

Tests start it in-process; the benchmark runs it as a subprocess
(``python -m tests.support.upstream --port 0`` prints its URL first). It serves
``POST /v1/chat/completions`` (JSON or server-sent events), ``GET /v1/models``,
and two control endpoints that are not recorded: ``GET /_recorded`` (the
recorded requests as JSON) and ``POST /_reset``. It speaks HTTP/1.1 with
keep-alive over asyncio and httptools, in a thread with its own loop, so that
it answers thousands of requests a second and is never the bottleneck.

Example:
    >>> with RecordingUpstream() as upstream:
    ...     client = openai.OpenAI(base_url=upstream.url, api_key="x")
    ...     answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "やあ"}])
    ...     sent = upstream.requests[0].body
    >>> answer.choices[0].message.content, sent["model"]
    ('やあ', 'm')
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import signal
import sys
import threading
from concurrent.futures import Future
from dataclasses import asdict
from typing import Any

from tests.support.connection import HttpConnection, RecordedRequest, event_stream, json_response
from tests.support.replies import Reply, completion, error_payload, stream_events

__all__ = ["RecordedRequest", "RecordingUpstream"]

_CHAT = "/v1/chat/completions"


class RecordingUpstream:
    """An OpenAI-compatible server on ``host:port`` (0 picks a free port) that records every request.

    ``record=False`` records nothing; ``keep_last=N`` keeps only the N most
    recent requests, so that a long benchmark run stays in bounded memory.

    Example:
        >>> upstream = RecordingUpstream().start()
        >>> upstream.reply_with(text="了解しました", stream_chunk_chars=2)
        >>> upstream.stop()
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, record: bool = True, keep_last: int | None = None) -> None:
        self.host, self.port = host, port
        self.url = ""
        self._record = record
        self._records: collections.deque[RecordedRequest] = collections.deque(maxlen=keep_last)
        self._lock = threading.Lock()
        self._reply = Reply()
        self._connections: set[HttpConnection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the recorded requests, oldest first."""
        with self._lock:
            return list(self._records)

    def reset(self) -> None:
        """Forget the recorded requests and go back to echoing."""
        with self._lock:
            self._records.clear()
        self._reply = Reply()

    def reply_with(
        self,
        *,
        text: str | None = None,
        tool_calls: list[dict[str, Any]] | None = None,
        status: int = 200,
        error_body: dict[str, Any] | None = None,
        delay_s: float = 0.0,
        stream_chunk_chars: int = 3,
    ) -> None:
        """Answer every following chat completion this way (no text and no tool calls: echo the last user message)."""
        self._reply = Reply(text, tuple(tool_calls or ()), status, error_body, delay_s, stream_chunk_chars)

    def _answer(self, request: RecordedRequest, keep_alive: bool) -> tuple[bytes, float]:
        """The response bytes for ``request`` and the delay before sending them."""
        if request.path.startswith("/_"):
            return self._control(request, keep_alive), 0.0
        if self._record:
            with self._lock:
                self._records.append(request)
        if request.path == "/v1/models" and request.method == "GET":
            models = {"object": "list", "data": [{"id": "recording-model", "object": "model", "created": 0, "owned_by": "tests"}]}
            return json_response(200, models, keep_alive), 0.0
        if request.path != _CHAT or request.method != "POST":
            return json_response(404, error_payload(404, f"no route {request.method} {request.path}"), keep_alive), 0.0
        reply = self._reply
        if reply.status >= 400:
            return json_response(reply.status, reply.error_body or error_payload(reply.status), keep_alive), reply.delay_s
        body = request.body
        if body is None or not isinstance(body.get("messages"), list):
            return json_response(400, error_payload(400, "body must be a JSON object with messages"), keep_alive), 0.0
        if body.get("stream"):
            return event_stream(stream_events(body, reply), keep_alive), reply.delay_s
        return json_response(reply.status, completion(body, reply), keep_alive), reply.delay_s

    def _control(self, request: RecordedRequest, keep_alive: bool) -> bytes:
        if request.path == "/_recorded" and request.method == "GET":
            recorded = [{key: value for key, value in asdict(r).items() if key != "raw"} for r in self.requests]
            return json_response(200, recorded, keep_alive)
        if request.path == "/_reset" and request.method == "POST":
            self.reset()
            return json_response(200, {"reset": True}, keep_alive)
        return json_response(404, error_payload(404, f"no route {request.method} {request.path}"), keep_alive)

    def start(self) -> RecordingUpstream:
        """Listen in a background thread; returns once ``url`` is set."""
        if self._thread is not None:
            raise RuntimeError("the recording upstream is already running")
        listening: Future[None] = Future()
        self._thread = threading.Thread(target=self._serve, args=(listening,), name="recording-upstream", daemon=True)
        self._thread.start()
        try:
            listening.result()
        except BaseException:
            self._thread.join()
            self._thread = None
            raise
        return self

    def _serve(self, listening: Future[None]) -> None:
        # The loop lives in this thread alone, so a caller inside its own event
        # loop (an async test) can still start the upstream.
        loop = asyncio.new_event_loop()
        try:
            server = loop.run_until_complete(
                loop.create_server(lambda: HttpConnection(self._answer, self._connections), self.host, self.port, backlog=1024)
            )
        except BaseException as error:  # start() raises it in the caller's thread
            loop.close()
            listening.set_exception(error)
            return
        self.port = server.sockets[0].getsockname()[1]
        self.url = f"http://{self.host}:{self.port}/v1"
        self._loop = loop
        listening.set_result(None)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._close(server))
            loop.close()

    async def _close(self, server: asyncio.Server) -> None:
        server.close()
        for connection in list(self._connections):
            connection.close()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await server.wait_closed()
        await asyncio.sleep(0)  # let the transports finish closing

    def stop(self) -> None:
        """Close every connection and the listening socket, and wait for the thread."""
        if self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._thread = self._loop = None

    def __enter__(self) -> RecordingUpstream:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the upstream until SIGINT or SIGTERM, printing its URL on the first line of stdout."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.upstream", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--no-record", action="store_true", help="record nothing")
    parser.add_argument("--keep-last", type=int, default=None, metavar="N", help="keep only the N most recent requests")
    args = parser.parse_args(argv)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    with RecordingUpstream(args.host, args.port, record=not args.no_record, keep_last=args.keep_last) as upstream:
        print(upstream.url, flush=True)
        stopping.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
