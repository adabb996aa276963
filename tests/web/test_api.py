"""The JSON API with the framework's test client: the report contract, every refusal, and clean-up."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import jsonschema
import pytest

from evidencecheck.api import check
from evidencecheck.limits import Limits
from evidencecheck.report.schema import report_schema
from evidencecheck.rules.registry import available_units
from evidencecheck.web import WebLimits, WebSettings

from .conftest import BROKEN, ROOT, SAMPLE, UNIT, cohort_zip, sample_files, zip_bytes


def _error(response) -> str:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"].startswith(body["error"]["code"] + " ")
    return body["error"]["code"]


def test_api_check_returns_the_report_contract(client):
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    report = response.json()
    jsonschema.validate(report, report_schema())
    expected = check(SAMPLE, unit=UNIT)
    assert [d["path"] for d in report["documents"]] == [d.path for d in expected.documents]
    assert [(c["id"], c["status"]) for c in report["criteria"]] == [(c.id, c.status) for c in expected.criteria]
    assert report["summary"] == expected.summary.model_dump()


def test_api_units_lists_every_installed_unit(client):
    units = client.get("/api/units").json()
    assert {u["id"] for u in units} == set(available_units())
    assert [u["title"].casefold() for u in units] == sorted(u["title"].casefold() for u in units)
    by_id = {u["id"]: u for u in units}
    assert by_id[UNIT]["title"] == "Lead a team to improve customer service"
    assert by_id[UNIT]["qualification"].startswith("Ofqual H/601/1568")
    assert by_id[UNIT]["criteria"] == 5


def test_healthz_says_ok_and_how_busy(client):
    assert client.get("/healthz").json() == {
        "status": "ok", "version": __import__("evidencecheck").__version__, "running": 0, "waiting": 0,
        "max_checks": 2, "max_queue": 8}


def test_openapi_describes_the_api_and_no_page_loads_from_the_internet(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/check", "/api/batch", "/api/units", "/healthz"} <= set(spec["paths"])
    body = spec["paths"]["/api/check"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["required"] == ["unit", "files"]
    assert "503" in spec["paths"]["/api/check"]["post"]["responses"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN
    assert client.get("/redoc").status_code == 404


def test_api_check_refuses_an_upload_over_the_request_limit(make_client):
    client = make_client(WebSettings(web=WebLimits(max_upload=20_000)))
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    assert response.status_code == 413
    assert _error(response) == "E321"


def test_api_check_counts_the_bytes_of_a_body_without_a_length(make_client):
    client = make_client(WebSettings(web=WebLimits(max_upload=20_000)))
    boundary = "xyz"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'.encode()

    def body():
        yield head
        for _ in range(10):
            yield b"I coached the team. " * 200  # 4000 bytes a chunk, 40 kB in all
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/check", content=body(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert _error(response) == "E321"


def test_api_check_refuses_a_file_over_the_file_limit(make_client):
    client = make_client(WebSettings(limits=Limits(max_file_size=10_000)))
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    assert response.status_code == 413
    assert _error(response) == "E322"
    assert "'reflective-account.docx'" in response.json()["error"]["message"]


def test_api_check_refuses_too_many_files(make_client):
    client = make_client(WebSettings(web=WebLimits(max_files=2)))
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    assert response.status_code == 413
    assert _error(response) == "E323"


@pytest.mark.parametrize(("name", "data"), [
    ("photo.png", (ROOT / "fixtures" / "scan.png").read_bytes()),
    ("old.doc", (ROOT / "fixtures" / "old-word.doc").read_bytes()),
    ("setup.exe", b"MZ\x90\x00" + bytes(200)),
    ("cohort.zip", zip_bytes({"a.txt": b"hello"})),
])
def test_api_check_refuses_a_type_it_cannot_read(client, name, data):
    files = [*sample_files(), ("files", (name, data))]
    response = client.post("/api/check", data={"unit": UNIT}, files=files)
    assert response.status_code == 415
    assert _error(response) == "E324"
    assert f"'{name}'" in response.json()["error"]["message"]


def test_api_check_reads_a_pdf_under_another_name_by_its_bytes(client):
    pdf = (SAMPLE / "witness-testimony.pdf").read_bytes()
    response = client.post("/api/check", data={"unit": UNIT}, files=[("files", ("testimony.dat", pdf))])
    assert response.status_code == 200
    (document,) = response.json()["documents"]
    assert document["status"] == "ok"
    assert any(w.startswith("W202") for w in document["warnings"])


def test_api_check_reports_each_broken_file_with_its_numbered_reason(client):
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files(BROKEN))
    assert response.status_code == 200
    documents = {d["path"]: d for d in response.json()["documents"]}
    assert documents["good.docx"]["status"] == "ok"
    assert documents["truncated.docx"]["error"].startswith("E204")
    assert documents["encrypted.pdf"]["error"].startswith("E206")
    assert documents["empty.docx"]["error"].startswith("E202")
    assert "~$lock-file.docx" not in documents  # skipped as the command line skips it


@pytest.mark.parametrize(("data", "files", "status", "code"), [
    ({"unit": "no-such-unit"}, True, 422, "E107"),
    ({}, True, 422, "E326"),
    ({"unit": UNIT}, False, 422, "E325"),
])
def test_api_check_says_what_is_missing(client, data, files, status, code):
    response = client.post("/api/check", data=data, files=sample_files() if files else [("other", ("", b""))])
    assert response.status_code == status
    assert _error(response) == code


def test_api_check_refuses_a_body_that_is_not_a_form(client):
    response = client.post("/api/check", json={"unit": UNIT})
    assert response.status_code == 400
    assert _error(response) == "E327"


def test_api_check_refuses_a_form_cut_short(client):
    boundary = "xyz"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="unit"\r\n\r\n{UNIT}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nI coached')
    response = client.post("/api/check", content=body.encode(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 400
    assert _error(response) == "E334"


def test_api_batch_checks_every_learner_of_a_cohort_zip(client):
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("cohort.zip", cohort_zip()))])
    assert response.status_code == 200
    body = response.json()
    assert [learner["name"] for learner in body["summary"]["learners"]] == ["amy", "ben"]
    assert set(body["reports"]) == {"amy", "ben"}
    for report in body["reports"].values():
        jsonschema.validate(report, report_schema())
    expected = check(SAMPLE, unit=UNIT)
    assert body["summary"]["learners"][0]["criteria"] == {c.id: c.status for c in expected.criteria}
    assert body["summary"]["learners"][1]["problem"] == "some_unreadable"


def test_api_batch_takes_a_zip_of_the_learner_folders_themselves(client):
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", cohort_zip(top="")))])
    assert response.status_code == 200
    assert [learner["name"] for learner in response.json()["summary"]["learners"]] == ["amy", "ben"]


def test_api_batch_refuses_a_zip_bomb(client):
    bomb = zip_bytes({"cohort/amy/notes.txt": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("bomb.zip", bomb))])
    assert response.status_code == 413
    assert _error(response) == "E329"
    assert "x its size" in response.json()["error"]["message"]


def test_api_batch_refuses_a_zip_of_too_many_entries(make_client):
    client = make_client(WebSettings(web=WebLimits(max_zip_members=10)))
    entries = {f"cohort/learner{i}/notes.txt": b"I coached the team." for i in range(11)}
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", zip_bytes(entries)))])
    assert response.status_code == 413
    assert _error(response) == "E329"


@pytest.mark.parametrize("name", [
    "../evil.txt", "cohort/amy/../../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "C:\\evil.txt",
    "cohort\\amy\\..\\..\\..\\evil.txt", "\\\\server\\share\\evil.txt",
])
def test_api_batch_refuses_path_traversal_in_member_names(client, tmp_path, name):
    cohort = zip_bytes({"cohort/amy/notes.txt": b"I coached the team.", name: b"written outside"})
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", cohort))])
    assert response.status_code == 422
    assert _error(response) == "E330"
    assert not [p for p in tmp_path.rglob("evil.txt")]
    assert not Path("/tmp/evil.txt").exists()


def test_api_batch_refuses_a_link_in_the_zip(client):
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("cohort/amy/notes.txt", "I coached the team.")
        link = zipfile.ZipInfo("cohort/amy/passwd.txt")
        link.external_attr = (0o120777 << 16)  # a symbolic link
        zf.writestr(link, "/etc/passwd")
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", buffer.getvalue()))])
    assert response.status_code == 422
    assert _error(response) == "E330"


def test_api_batch_refuses_a_password_protected_zip(client):
    data = bytearray(zip_bytes({"cohort/amy/notes.txt": b"not really encrypted"}))
    # set the "encrypted" flag of the entry, in its local header and in the central directory
    data[data.index(b"PK\x03\x04") + 6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", bytes(data)))])
    assert response.status_code == 422
    assert _error(response) == "E336"


@pytest.mark.parametrize(("payload", "code"), [
    (b"this is not a zip", "E328"),
    (zip_bytes({"notes.txt": b"loose", "more.txt": b"loose"}), "E331"),
])
def test_api_batch_refuses_an_unusable_zip(client, payload, code):
    response = client.post("/api/batch", data={"unit": UNIT}, files=[("cohort", ("c.zip", payload))])
    assert response.status_code == 422
    assert _error(response) == code


def test_api_batch_unknown_unit_is_refused_before_the_zip_is_read(client):
    response = client.post("/api/batch", data={"unit": "no-such-unit"}, files=[("cohort", ("c.zip", b"junk"))])
    assert response.status_code == 422
    assert _error(response) == "E107"


def test_nothing_of_the_uploads_is_logged(client, caplog):
    secret = "Marigold-Zebra-Quartz"
    files = [("files", (f"{secret}.txt", f"I coached {secret} on her calls every week.".encode()))]
    with caplog.at_level(logging.DEBUG):
        assert client.post("/api/check", data={"unit": UNIT}, files=files).status_code == 200
        assert client.post("/api/check", data={"unit": UNIT},
                           files=[("files", (f"{secret}.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))]).status_code == 415
    assert not [r for r in caplog.records if secret in r.getMessage()]


def test_the_report_contract_is_unchanged_by_the_api(client):
    # the API's JSON is exactly what `evidencecheck check --format json` prints
    response = client.post("/api/check", data={"unit": UNIT}, files=sample_files())
    from evidencecheck.report.render import render
    assert json.loads(response.text) == json.loads(str(render(check(SAMPLE, unit=UNIT), "json")))


def test_an_empty_file_input_counts_as_no_files(client):
    # A browser sends a part with an empty file name when no file was chosen.
    boundary = "xyz"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="unit"\r\n\r\n{UNIT}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
            "Content-Type: application/octet-stream\r\n\r\n\r\n"
            f"--{boundary}--\r\n")
    response = client.post("/api/check", content=body.encode(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 422
    assert _error(response) == "E325"


def test_a_file_in_an_unexpected_field_is_refused(client):
    response = client.post("/api/check", data={"unit": UNIT}, files=[("evil", ("a.txt", b"x"))])
    assert response.status_code == 400
    assert _error(response) == "E327"
