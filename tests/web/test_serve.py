"""The ``serve`` command, and a real server in a child process over real HTTP."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from pathlib import Path

import httpx2
import pytest

from evidencecheck.cli import main

from .conftest import SAMPLE, UNIT, sample_files
from .live import LiveServer

pytestmark = pytest.mark.slow  # starts real servers in child processes

BOUNDARY = "ec-live-boundary"


def _body(files: list[tuple[str, bytes]]) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="unit"\r\n\r\n{UNIT}\r\n'.encode()]
    for name, data in files:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'
                     .encode() + data + b"\r\n")
    return b"".join([*parts, f"--{BOUNDARY}--\r\n".encode()])


def _send_raw(port: int, body: bytes, *, upto: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    head = (f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {len(body)}\r\n\r\n")
    sock.sendall(head.encode() + body[:upto])
    return sock


def test_serve_says_what_to_install_when_the_web_extra_is_missing(monkeypatch, capsys):
    from evidencecheck.cli import serve

    monkeypatch.setattr(serve, "find_spec", lambda name: None if name in ("fastapi", "uvicorn") else object())
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "E320" in err and "(fastapi, uvicorn)" in err and 'pip install "evidencecheck[web]"' in err


def test_serve_says_when_the_port_is_taken(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"E337 cannot listen on 127.0.0.1 port {port}" in err and "--port" in err


@pytest.fixture
def live(tmp_path: Path):
    server = LiveServer(tmp_path)
    yield server
    status, out = server.stop()
    assert status == 0
    assert "stopped; no files were kept" in out
    assert server.roots() == [], "the server's temporary folder outlived it"


def test_a_real_server_checks_a_portfolio_over_http(live):
    with urllib.request.urlopen(f"{live.url}healthz", timeout=30) as answer:
        assert json.load(answer)["status"] == "ok"
    with httpx2.Client(base_url=live.url, timeout=120) as client:
        response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    assert response.status_code == 200
    assert response.json()["unit"]["id"] == UNIT
    live.wait_for_no_request_folders(timeout=5)
    assert "reflective-account" not in live.stderr  # nothing of the uploads is logged
    assert live.roots()[0].stat().st_mode & 0o077 == 0  # private to the user


def test_a_real_server_deletes_the_upload_of_a_client_that_leaves_mid_upload(live):
    body = _body([(p.name, p.read_bytes()) for p in sorted(SAMPLE.iterdir())])
    sock = _send_raw(live.port, body, upto=len(body) // 2)
    deadline = time.monotonic() + 30
    while not live.request_folders():  # the upload has its folder while it arrives
        assert time.monotonic() < deadline
        time.sleep(0.02)
    sock.close()
    live.wait_for_no_request_folders(timeout=10)


def test_a_real_server_stops_the_check_of_a_client_that_leaves(live):
    files = [(f"note-{i:02}.txt", f"I coached advisor {i} on call openings on 4 March.".encode() * 50)
             for i in range(40)]
    body = _body(files)
    sock = _send_raw(live.port, body, upto=len(body))
    deadline = time.monotonic() + 30
    while not live.request_folders():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    sock.close()
    live.wait_for_no_request_folders(timeout=30)
    with urllib.request.urlopen(f"{live.url}healthz", timeout=30) as answer:
        assert json.load(answer)["running"] == 0


def test_serve_warns_when_it_is_not_on_loopback(tmp_path):
    server = LiveServer(tmp_path, "--host", "0.0.0.0")
    try:
        assert "W320 serving on 0.0.0.0" in server.stderr
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=30) as answer:
            assert answer.status == 200
    finally:
        status, _ = server.stop()
    assert status == 0
