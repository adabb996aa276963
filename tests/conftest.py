"""Test-wide settings: the parse cache lives in a temporary folder, never the user's own."""

from __future__ import annotations

import pytest

from evidencecheck.parsers.cache import CACHE_ENV


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("parse-cache")
    folder.chmod(0o700)
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(folder / "parsed"))
    yield folder
    patch.undo()
