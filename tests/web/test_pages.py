"""The HTML page without JavaScript: the tabs, the form posts, the report set in place, the downloads."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile

from evidencecheck.api import check
from evidencecheck.report.render import render
from evidencecheck.rules.registry import available_units, load_unit
from evidencecheck.web import WebLimits, WebSettings
from evidencecheck.web.views import view_script_hashes

from .conftest import SAMPLE, UNIT, cohort_zip, sample_files

_DOWNLOAD = re.compile(r'<a class="ec-download" href="data:([^;]+);base64,([^"]+)" download="([^"]+)"')


def _downloads(html: str) -> dict[str, tuple[str, bytes]]:
    return {name: (media, base64.b64decode(data)) for media, data, name in _DOWNLOAD.findall(html)}


def test_learner_tab_offers_every_unit_with_a_labelled_control(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    for unit in available_units():
        title = load_unit(unit).title
        match = re.search(rf'<input type="radio" name="unit" id="(ec-unit-\d+)" value="{unit}"', html)
        assert match, unit
        assert f'<label for="{match.group(1)}">{title}</label>' in html
    assert '<label for="ec-files">' in html and 'id="ec-files" name="files" type="file" multiple required' in html
    assert 'aria-current="page">Learner' in html
    assert 'href="/static/report.css"' in html


def test_cohort_tab_asks_for_a_zip(client):
    html = client.get("/cohort").text
    assert 'id="ec-cohort" name="cohort" type="file" required accept=".zip,application/zip"' in html
    assert 'aria-current="page">Assessor' in html
    assert 'href="/static/cohort.css"' in html


def test_posting_the_form_answers_with_the_report_in_the_page(client):
    response = client.post("/check", data={"unit": UNIT, "audience": "learner"}, files=sample_files())
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    report = check(SAMPLE, unit=UNIT)
    learner_html = str(render(report, "html", audience="learner"))
    body = learner_html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    assert body in html  # the report's own template, set in as it is
    assert html.count('<article class="card status-') == len(report.criteria) + report.summary.mistakes_detected
    assert f'value="{UNIT}" required checked' in html  # the unit stays chosen for the next check


def test_the_page_offers_the_report_as_json_html_and_word(client):
    html = client.post("/check", data={"unit": UNIT, "audience": "assessor"}, files=sample_files()).text
    downloads = _downloads(html)
    assert set(downloads) == {f"evidencecheck-{UNIT}.{ext}" for ext in ("json", "html", "docx")}
    media, data = downloads[f"evidencecheck-{UNIT}.json"]
    assert media == "application/json"
    assert json.loads(data) == json.loads(str(render(check(SAMPLE, unit=UNIT), "json")))
    media, data = downloads[f"evidencecheck-{UNIT}.docx"]
    assert "wordprocessingml" in media
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    media, data = downloads[f"evidencecheck-{UNIT}.html"]
    assert data.decode("utf-8").startswith("<!DOCTYPE html>") and "Assessor report" in data.decode("utf-8")
    assert "Assessor report" in html  # the audience chosen is the one shown
    # behind each verdict, how the rules decided it: in the page and in the downloaded page
    report = check(SAMPLE, unit=UNIT)
    assert html.count('<details class="explain">') == len(report.criteria)
    assert data.decode("utf-8").count('<details class="explain">') == len(report.criteria)


def test_a_refusal_is_shown_in_the_page_with_its_number(client):
    response = client.post("/check", data={"unit": UNIT}, files=[("files", ("photo.png", b"\x89PNG\r\n\x1a\n"))])
    assert response.status_code == 415
    assert 'role="alert"' in response.text
    assert "E324 evidencecheck cannot read &#39;photo.png&#39;" in response.text
    assert f'value="{UNIT}" required checked' in response.text


def test_a_busy_answer_in_the_page_says_when_to_try_again(make_client):
    client = make_client(WebSettings(web=WebLimits(max_checks=1, max_queue=0)))
    server = client.app.state.server
    server.queue.admitted = 1  # as if one check were running
    try:
        response = client.post("/check", data={"unit": UNIT}, files=sample_files())
    finally:
        server.queue.admitted = 0
    assert response.status_code == 503
    assert response.headers["retry-after"] == "30"
    assert "E332 the server is busy" in response.text


def test_untrusted_names_and_text_are_escaped_everywhere(client):
    name = "Tom & Jerry's <img src=x onerror=alert(1)>.txt"
    text = ("I set clear team objectives <script>alert('x')</script> for my team of 8 advisors, "
            "aligned with our customer service standards, and allocated the work on the rota.")
    response = client.post("/check", data={"unit": UNIT}, files=[("files", (name, text.encode()))])
    assert response.status_code == 200
    html = response.text
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "Tom &amp; Jerry&#39;s _img src=x onerror=alert(1)_.txt" in html  # saved under a safe name
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html  # quoted as evidence, escaped
    downloads = _downloads(html)
    assert "<script>alert" not in downloads[f"evidencecheck-{UNIT}.html"][1].decode()


def test_cohort_form_answers_with_the_grid_and_the_reports(client):
    response = client.post("/cohort", data={"unit": UNIT}, files=[("cohort", ("cohort.zip", cohort_zip()))])
    assert response.status_code == 200
    html = response.text
    assert '<table id="grid">' in html
    assert re.search(r'<th scope="row" data-sort="amy">amy', html)
    assert re.search(r'<th scope="row" data-sort="ben">ben', html)
    downloads = _downloads(html)
    archive = zipfile.ZipFile(io.BytesIO(downloads[f"cohort-{UNIT}.zip"][1]))
    names = set(archive.namelist())
    assert {"cohort-reports/cohort.html", "cohort-reports/cohort.csv", "cohort-reports/cohort.json",
            "cohort-reports/amy/report.docx", "cohort-reports/ben/report.json"} <= names
    assert downloads[f"cohort-{UNIT}.csv"][1].decode().startswith("learner")
    # the grid's sorting script is inline, so the page's CSP names its hash
    csp = response.headers["content-security-policy"]
    assert view_script_hashes() and all(f"'{h}'" in csp for h in view_script_hashes())


def test_the_report_styles_come_from_the_report_templates(client):
    report_css = client.get("/static/report.css")
    assert report_css.headers["content-type"].startswith("text/css")
    html = str(render(check(SAMPLE, unit=UNIT), "html"))
    assert report_css.text in html  # the very <style> of the HTML report
    cohort_css = client.get("/static/cohort.css").text
    assert ".cell" in cohort_css and "button.sort" in cohort_css
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/nothing.js").status_code == 404
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_a_broken_file_shows_its_numbered_reason_in_the_page(client):
    from .conftest import BROKEN

    response = client.post("/check", data={"unit": UNIT}, files=sample_files(BROKEN))
    assert response.status_code == 200
    assert "Could not be read: E204 the Word file is damaged or truncated" in response.text
    assert "Could not be read: E206 the PDF is encrypted" in response.text
