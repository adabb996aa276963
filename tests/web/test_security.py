"""What every answer carries, and the requests refused before any route runs."""

from __future__ import annotations

import pytest

from .conftest import UNIT, sample_files


def test_every_answer_has_a_strict_content_security_policy(client):
    for path in ("/", "/cohort", "/healthz", "/static/app.css", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "style-src 'self';" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
        assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_page_loads_nothing_from_elsewhere(client):
    html = client.get("/").text
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!--", "")


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:9999"])
def test_a_form_posted_from_another_site_is_refused(client, origin):
    response = client.post("/check", data={"unit": UNIT}, files=sample_files(), headers={"origin": origin})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "E333"


def test_a_form_posted_from_the_page_itself_is_taken(client):
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files(),
                           headers={"origin": "http://127.0.0.1:8000"})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.5:8000"])
def test_a_server_on_loopback_answers_only_to_loopback_names(client, host):
    response = client.get("/healthz", headers={"host": host})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "E335"


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000"])
def test_loopback_names_are_answered(client, host):
    assert client.get("/healthz", headers={"host": host}).status_code == 200
