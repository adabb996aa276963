"""Bounded concurrency and client disconnects: the busy answer, the running limit, and clean-up."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import httpx2
import pytest

from evidencecheck.errors import WebError
from evidencecheck.web import WebLimits, WebSettings, create_app
from evidencecheck.web.queue import CheckQueue
from evidencecheck.web.service import Cancelled, check_files
from evidencecheck.web.settings import WebSettings as Settings

from .conftest import BASE_URL, SAMPLE, UNIT, assert_no_uploads_left

BOUNDARY = "ec-test-boundary"
CONTENT_TYPE = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def _multipart(unit: str, files: list[tuple[str, bytes]]) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="unit"\r\n\r\n{unit}\r\n'.encode()]
    for name, data in files:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


SAMPLE_BODY = _multipart(UNIT, [(p.name, p.read_bytes()) for p in sorted(SAMPLE.iterdir())])


async def _until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.005)


@pytest.fixture
def app(tmp_path: Path):
    made = []

    def make(**limits: int):
        application = create_app(WebSettings(web=WebLimits(**limits), temp_dir=str(tmp_path)))
        made.append(application)
        return application

    yield make
    for application in made:
        assert_no_uploads_left(application)
        application.state.server.close()
    assert list(tmp_path.iterdir()) == []


def test_requests_beyond_the_limit_are_told_the_server_is_busy(app):
    application = app(max_checks=1, max_queue=1)
    server = application.state.server

    async def scenario() -> None:
        release = asyncio.Event()

        async def slow_upload():  # holds its place in the queue while it "uploads"
            yield SAMPLE_BODY[:200]
            await release.wait()
            yield SAMPLE_BODY[200:]

        transport = httpx2.ASGITransport(app=application)
        async with httpx2.AsyncClient(transport=transport, base_url=BASE_URL, timeout=120) as client:
            first = asyncio.ensure_future(client.post("/api/check", content=slow_upload(), headers=CONTENT_TYPE))
            second = asyncio.ensure_future(client.post("/api/check", content=slow_upload(), headers=CONTENT_TYPE))
            await _until(lambda: server.queue.admitted == 2)
            busy = await client.post("/api/check", content=SAMPLE_BODY, headers=CONTENT_TYPE)
            assert busy.status_code == 503
            assert busy.headers["retry-after"] == "30"
            assert busy.json()["error"]["code"] == "E332"
            assert (await client.get("/healthz")).json()["waiting"] == 2
            assert server.workspaces.active() and len(server.workspaces.active()) == 2  # the refused one made none
            release.set()
            assert (await first).status_code == 200
            assert (await second).status_code == 200
            again = await client.post("/api/check", content=SAMPLE_BODY, headers=CONTENT_TYPE)
            assert again.status_code == 200

    asyncio.run(scenario())


def test_no_more_checks_run_at_once_than_allowed(app):
    application = app(max_checks=1, max_queue=2)
    server = application.state.server
    seen: list[tuple[int, int]] = []

    async def scenario() -> None:
        transport = httpx2.ASGITransport(app=application)
        async with httpx2.AsyncClient(transport=transport, base_url=BASE_URL, timeout=120) as client:
            posts = [asyncio.ensure_future(client.post("/api/check", content=SAMPLE_BODY, headers=CONTENT_TYPE))
                     for _ in range(3)]
            while not all(p.done() for p in posts):
                status = server.queue.status()
                seen.append((status["running"], status["waiting"]))
                await asyncio.sleep(0.002)
            answers = [await p for p in posts]
            assert [a.status_code for a in answers] == [200, 200, 200]
            assert len({json.dumps(a.json()["criteria"]) for a in answers}) == 1

    asyncio.run(scenario())
    assert max(running for running, _ in seen) == 1
    assert (1, 2) in seen or (1, 1) in seen  # a check ran while another waited for its turn


def _scope(body: bytes) -> dict:
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", CONTENT_TYPE["content-type"].encode()),
                    (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }


def _call(application, messages: list[dict]) -> list[dict]:
    """Run one request through the ASGI app: ``messages`` arrive, then the client is gone."""
    sent: list[dict] = []

    async def receive() -> dict:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(0)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(application(_scope(SAMPLE_BODY), receive, send))
    return sent


def test_a_client_that_leaves_mid_upload_leaves_no_folder(app):
    application = app()
    sent = _call(application, [{"type": "http.request", "body": SAMPLE_BODY[:5000], "more_body": True}])
    assert application.state.server.workspaces.active() == []
    assert sent[0]["status"] == 400  # E334, sent to nobody


def test_a_client_that_leaves_during_the_check_stops_it_and_leaves_no_folder(app):
    application = app()
    sent = _call(application, [{"type": "http.request", "body": SAMPLE_BODY, "more_body": False}])
    assert application.state.server.workspaces.active() == []
    assert sent[0]["status"] == 499
    assert application.state.server.queue.status()["running"] == 0


def test_a_check_stops_at_the_next_file_once_cancelled(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        check_files(SAMPLE, unit=UNIT, settings=Settings(), cancel=cancel)


def test_queue_admits_its_capacity_and_refuses_one_more():
    queue = CheckQueue(max_checks=1, max_queue=1, retry_after=5)

    async def scenario() -> None:
        async with queue.admit(), queue.admit():
            with pytest.raises(WebError) as refused:
                async with queue.admit():
                    pass
            assert refused.value.code == "E332" and "5 seconds" in str(refused.value)
            order: list[str] = []

            async def job(name: str) -> None:
                async with queue.slot():
                    order.append(f"{name} start")
                    await asyncio.sleep(0.01)
                    order.append(f"{name} end")

            await asyncio.gather(job("a"), job("b"))
            assert order == ["a start", "a end", "b start", "b end"]
        assert queue.admitted == 0

    asyncio.run(scenario())

