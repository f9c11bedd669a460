"""IdleWork: speculative jobs wait for a quiet worker, never pile up, and never break it."""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.idle_work import IdleWork


async def _settle(idle: IdleWork, seconds: float) -> None:
    task = asyncio.create_task(idle.run())
    await asyncio.sleep(seconds)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_a_job_waits_while_a_request_is_in_flight_and_runs_once_the_worker_is_quiet() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        idle, ran = IdleWork(quiet_s=0.05), []
        task = asyncio.create_task(idle.run())
        with idle.busy():
            idle.submit(lambda: ran.append("job"))
            await asyncio.sleep(0.3)
            during = list(ran)
        started = time.monotonic()
        while not ran and time.monotonic() - started < 5:
            await asyncio.sleep(0.01)
        task.cancel()
        return during, ran

    during, after = asyncio.run(scenario())
    assert during == [] and after == ["job"]


def test_a_steady_stream_of_requests_keeps_jobs_waiting() -> None:
    async def scenario() -> list[int]:
        idle, ran = IdleWork(quiet_s=0.05), []
        task = asyncio.create_task(idle.run())
        idle.submit(lambda: ran.append(1))
        for _ in range(20):  # a request every 10 ms: never 50 ms of quiet
            with idle.busy():
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.009)
        task.cancel()
        return ran

    assert asyncio.run(scenario()) == []


def test_the_oldest_jobs_are_dropped_beyond_max_pending() -> None:
    async def scenario() -> tuple[list[int], tuple[int, int, int]]:
        idle, ran = IdleWork(quiet_s=0, max_pending=3), []
        for number in range(5):
            idle.submit(lambda number=number: ran.append(number))
        await _settle(idle, 0.5)
        return ran, tuple(idle.stats())

    ran, (done, dropped, pending) = asyncio.run(scenario())
    assert ran == [2, 3, 4]
    assert (done, dropped, pending) == (3, 2, 0)


def test_a_failing_job_does_not_stop_the_ones_after_it() -> None:
    def boom() -> None:
        raise RuntimeError("山田太郎")  # the message is never logged

    async def scenario() -> list[str]:
        idle, ran = IdleWork(quiet_s=0), []
        idle.submit(boom)
        idle.submit(lambda: ran.append("next"))
        await _settle(idle, 0.5)
        return ran

    assert asyncio.run(scenario()) == ["next"]


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        IdleWork(quiet_s=-1)
    with pytest.raises(ValueError):
        IdleWork(max_pending=0)
