"""Fixtures of the web tests: an app on its own temporary folder, checked to be empty after each test."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from evidencecheck.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
BROKEN = ROOT / "fixtures" / "broken-folder"
UNIT = "lead-team-improve-service"
BASE_URL = "http://127.0.0.1:8000"


def sample_files(folder: Path = SAMPLE, field: str = "files") -> list[tuple[str, tuple[str, bytes]]]:
    """The files of ``folder`` as a multipart ``files=`` argument, in name order."""
    return [(field, (p.name, p.read_bytes())) for p in sorted(folder.iterdir()) if p.is_file()]


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding ``entries`` (name to bytes), names written exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def cohort_zip(top: str = "cohort/") -> bytes:
    """A cohort of two learners: amy (the sample portfolio) and ben (the broken folder)."""
    entries = {f"{top}amy/{p.name}": p.read_bytes() for p in sorted(SAMPLE.iterdir())}
    entries.update({f"{top}ben/{p.name}": p.read_bytes() for p in sorted(BROKEN.iterdir())})
    return zip_bytes(entries)


def assert_no_uploads_left(app: object) -> None:
    """The app's temporary folder holds no request folder."""
    server = app.state.server  # type: ignore[attr-defined]
    assert server.workspaces.active() == [], "a request's temporary folder was left behind"


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[object]:
    """Build a test client for settings; after the test no temporary folder of the app is left."""
    made: list[tuple[TestClient, object]] = []
    srv = tmp_path / "srv"
    srv.mkdir()

    def make(settings: WebSettings | None = None) -> TestClient:
        settings = settings or WebSettings()
        from dataclasses import replace

        app = create_app(replace(settings, temp_dir=str(srv)))
        client = TestClient(app, base_url=BASE_URL)
        client.__enter__()
        made.append((client, app))
        return client

    yield make
    for client, app in made:
        assert_no_uploads_left(app)
        client.__exit__(None, None, None)
    assert list(srv.iterdir()) == [], "the app's temporary folder outlived it"


@pytest.fixture
def client(make_client: object) -> TestClient:
    """A test client of an app with the default settings."""
    return make_client()  # type: ignore[operator,no-any-return]
