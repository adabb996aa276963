"""End to end in headless Chromium: the page as a learner and an assessor use it, and its accessibility.

A real ``evidencecheck serve`` runs on a free loopback port; Playwright drives
Debian's Chromium (never a downloaded browser). Every request the pages make is
recorded, and anything not on loopback is blocked and fails the test. axe-core
(from npm, ``tests/web/axe``) checks each state of the page for serious or
critical accessibility problems. Screenshots at desktop and phone widths go to
``$EVIDENCECHECK_SCREENSHOTS`` or a temporary folder (printed with ``-s``).

Outside CI the test is skipped when Playwright, Chromium or axe-core is
missing; in CI (``CI`` set) it fails instead, since ``.ci/run`` installs them.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from evidencecheck.api import check
from evidencecheck.report.labels import status_label

from .conftest import SAMPLE, UNIT, cohort_zip
from .live import LiveServer

pytestmark = pytest.mark.slow  # a real server and a real browser

CHROMIUM = Path(os.environ.get("EVIDENCECHECK_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# As root in a container Chromium needs --no-sandbox; the rest stop it calling home. The resolver
# rule makes any host other than loopback fail, so nothing can leave the machine whatever a page asks.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SAMPLE_FILES = [str(p) for p in sorted(SAMPLE.iterdir())]
# The first column of the report's table of documents: the file names as the report shows them.
DOCUMENT_CELLS = "#ec-result section[aria-labelledby='documents-heading'] tbody td:first-child"
# Recorded in every page before its own scripts run: any CSP violation fails the test.
WATCH_CSP = ("window.__ecViolations = [];"
             "document.addEventListener('securitypolicyviolation',"
             " e => window.__ecViolations.push(e.violatedDirective + ' ' + e.blockedURI));")


def _require(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must run the browser test (.ci/run installs what it needs)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require(find_spec("playwright") is not None, "Playwright is not installed (pip install -e '.[browser]')")
    _require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("browser-server"))
    yield server
    status, _ = server.stop()
    assert status == 0
    assert server.roots() == []


@pytest.fixture(autouse=True)
def _no_upload_left_behind(live: LiveServer) -> Iterator[None]:
    yield
    live.wait_for_no_request_folders(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("EVIDENCECHECK_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


class Session:
    """A fresh browser context on the live server, recording requests, blocked requests and page errors."""

    def __init__(self, browser: object, live: LiveServer, **options: object) -> None:
        self.live = live
        self.context = browser.new_context(accept_downloads=True, **options)  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route("**/*", self._route)
        self.context.add_init_script(WATCH_CSP)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def assert_clean(self) -> None:
        """Nothing left loopback, nothing was blocked by the CSP, and no script failed."""
        away = [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob")
                and urlsplit(u).hostname != "127.0.0.1"]
        assert away == [] and self.blocked == [], f"requests left loopback: {away + self.blocked}"
        assert self.requests and all(u.startswith((self.live.url, "data:", "blob:"))
                                     for u in self.requests)
        assert self.page.evaluate("window.__ecViolations") == []
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: object, live: LiveServer) -> Iterator[Session]:
    s = Session(browser, live, **DESKTOP)
    yield s
    s.close()


def _axe_problems(page: object) -> list[str]:
    _require(AXE.exists(), f"axe-core is not installed (npm ci --prefix {AXE.parents[2]})")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]  # DevTools evaluation: not subject to the page's CSP
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")  # type: ignore[attr-defined]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _check_sample_portfolio(page: object, live: LiveServer) -> None:
    page.goto(live.url)  # type: ignore[attr-defined]
    page.get_by_label("Lead a team to improve customer service").check()  # type: ignore[attr-defined]
    page.get_by_label("Evidence files").set_input_files(SAMPLE_FILES)  # type: ignore[attr-defined]
    chosen = page.locator("#ec-chosen .ec-file-name").all_inner_texts()  # type: ignore[attr-defined]
    assert chosen == [Path(f).name for f in SAMPLE_FILES]
    page.get_by_role("button", name="Check my evidence").click()  # type: ignore[attr-defined]
    page.wait_for_selector("#ec-result article.card", timeout=120_000)  # type: ignore[attr-defined]


def _assert_report_shown(page: object) -> None:
    expected = check(SAMPLE, unit=UNIT)
    # the learner's view names each marking point in words (ids are for assessors), in the unit's order
    cards = page.locator("#ec-result article.card[id^=criterion-]")  # type: ignore[attr-defined]
    assert cards.count() == len(expected.criteria)
    for index, criterion in enumerate(expected.criteria):
        card = cards.nth(index)
        assert card.locator("h3").inner_text() == (criterion.name or criterion.text), criterion.id
        assert card.locator(".badge").first.inner_text().endswith(status_label(criterion.status, "learner"))
    shown = page.locator(DOCUMENT_CELLS).all_inner_texts()  # type: ignore[attr-defined]
    assert shown == [d.path for d in expected.documents]


def test_a_learner_checks_the_sample_portfolio_in_the_page(session: Session, shots: Path) -> None:
    page = session.page
    page.goto(session.live.url)
    page.screenshot(path=str(shots / "desktop-form.png"), full_page=True)
    _check_sample_portfolio(page, session.live)
    assert page.url == session.live.url  # shown in place: the page was not left
    assert page.locator("#ec-status-text").inner_text() == "Done. The result is below."
    assert page.evaluate("document.activeElement.id") == "ec-result"  # focus moves to the result
    _assert_report_shown(page)
    page.screenshot(path=str(shots / "desktop-report.png"), full_page=True)

    with page.expect_download() as word:
        page.get_by_role("link", name="Word (.docx)").click()
    assert word.value.suggested_filename == f"evidencecheck-{UNIT}.docx"
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(Path(word.value.path()).read_bytes())).namelist()
    with page.expect_download() as data:
        page.get_by_role("link", name="Data (.json)").click()
    report = json.loads(Path(data.value.path()).read_text(encoding="utf-8"))
    assert [c["status"] for c in report["criteria"]] == [c.status for c in check(SAMPLE, unit=UNIT).criteria]
    session.assert_clean()


def test_the_page_reads_on_a_phone(browser: object, live: LiveServer, shots: Path) -> None:
    phone = Session(browser, live, **PHONE)
    try:
        page = phone.page
        page.goto(live.url)
        page.screenshot(path=str(shots / "phone-form.png"), full_page=True)
        _check_sample_portfolio(page, live)
        _assert_report_shown(page)
        page.screenshot(path=str(shots / "phone-report.png"), full_page=True)
        # nothing is wider than the phone: no sideways scrolling (a mobile layout viewport grows to fit)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
        phone.assert_clean()
    finally:
        phone.close()


def test_an_assessor_checks_a_cohort_zip_in_the_page(session: Session, shots: Path, tmp_path: Path) -> None:
    archive = tmp_path / "cohort.zip"
    archive.write_bytes(cohort_zip())
    page = session.page
    page.goto(session.live.url)
    page.get_by_role("link", name="Assessor: check a cohort").click()
    page.get_by_label("Lead a team to improve customer service").check()
    page.get_by_label("Cohort zip").set_input_files(str(archive))
    page.get_by_role("button", name="Check the cohort").click()
    page.wait_for_selector("#grid tbody tr", timeout=120_000)
    learners = page.locator("#grid tbody th").all_inner_texts()
    assert sorted(name.split("\n")[0] for name in learners) == ["amy", "ben"]
    # the grid's sorting script runs in place, allowed by its hash in the CSP
    page.locator("#grid thead th").first.get_by_role("button").click()
    assert page.locator("#grid thead th").first.get_attribute("aria-sort") in ("ascending", "descending")
    page.screenshot(path=str(shots / "desktop-cohort.png"), full_page=True)
    with page.expect_download() as everything:
        page.get_by_role("link", name="Every report and the grid (.zip)").click()
    names = zipfile.ZipFile(io.BytesIO(Path(everything.value.path()).read_bytes())).namelist()
    assert "cohort-reports/amy/report.html" in names
    session.assert_clean()


def test_a_refusal_is_shown_in_place(session: Session, tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes((SAMPLE.parents[0] / "scan.png").read_bytes())
    page = session.page
    page.goto(session.live.url)
    page.get_by_label("Lead a team to improve customer service").check()
    page.get_by_label("Evidence files").set_input_files(str(picture))
    page.get_by_role("button", name="Check my evidence").click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=60_000)
    assert "E324" in alert.inner_text() and "photo.png" in alert.inner_text()
    assert page.get_by_role("button", name="Check my evidence").is_enabled()
    session.errors = [e for e in session.errors if "415" not in e]  # the browser logs the 415 answer itself
    session.assert_clean()


def test_files_dropped_on_the_page_are_added_and_can_be_removed(session: Session) -> None:
    page = session.page
    page.goto(session.live.url)
    drop = """([names]) => {
      const transfer = new DataTransfer();
      for (const name of names) transfer.items.add(new File(['I coached Priya on her calls on 4 March.'], name));
      document.querySelector('[data-ec-drop]').dispatchEvent(
        new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }"""
    page.evaluate(drop, [["one.txt", "two.md"]])
    page.evaluate(drop, [["three.txt"]])
    assert page.locator("#ec-chosen .ec-file-name").all_inner_texts() == ["one.txt", "two.md", "three.txt"]
    page.get_by_role("button", name="Remove two.md").click()
    assert page.evaluate("Array.from(document.getElementById('ec-files').files, f => f.name)") == [
        "one.txt", "three.txt"]
    page.get_by_label("Lead a team to improve customer service").check()
    page.get_by_role("button", name="Check my evidence").click()
    page.wait_for_selector("#ec-result article.card", timeout=120_000)
    assert page.locator(DOCUMENT_CELLS).all_inner_texts() == ["one.txt", "three.txt"]
    session.assert_clean()


def _choose_files_by_keyboard(page: Any, files: list[str]) -> None:
    """Open the focused file field's chooser from the keyboard (Space, then Enter) and pick ``files``.

    On a loaded machine headless Chromium now and then drops the first key press on a file field
    (no chooser opens, focus stays put); a person would press the key again, and so does this.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for key in ("Space", "Enter", "Space"):
        assert page.evaluate("document.activeElement.id") == "ec-files", "focus left the file field"
        try:
            with page.expect_file_chooser(timeout=15_000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeout:
            continue
        chooser.value.set_files(files)
        return
    raise AssertionError("the file field's chooser never opened from the keyboard")


def test_the_page_works_with_the_keyboard_alone(session: Session) -> None:
    page = session.page
    page.goto(session.live.url)

    def tab_to(predicate: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                assert page.evaluate(
                    "getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is not visible"
                return
        raise AssertionError(f"Tab never reached {predicate}")

    tab_to("document.activeElement.name === 'unit'")
    for _ in range(10):
        if page.evaluate(f"document.querySelector('input[name=unit][value=\"{UNIT}\"]').checked"):
            break
        page.keyboard.press("ArrowDown")
    tab_to("document.activeElement.id === 'ec-files'")
    _choose_files_by_keyboard(page, SAMPLE_FILES)
    tab_to("document.activeElement.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ec-result article.card", timeout=120_000)
    _assert_report_shown(page)
    session.assert_clean()


@pytest.mark.parametrize("state", ["learner form", "learner report", "cohort grid"])
def test_no_serious_accessibility_problems(session: Session, state: str, tmp_path: Path) -> None:
    page = session.page
    if state == "learner form":
        page.goto(session.live.url)
    elif state == "learner report":
        _check_sample_portfolio(page, session.live)
    else:
        archive = tmp_path / "cohort.zip"
        archive.write_bytes(cohort_zip())
        page.goto(session.live.url + "cohort")
        page.get_by_label("Lead a team to improve customer service").check()
        page.get_by_label("Cohort zip").set_input_files(str(archive))
        page.get_by_role("button", name="Check the cohort").click()
        page.wait_for_selector("#grid tbody tr", timeout=120_000)
    assert _axe_problems(page) == []
    session.assert_clean()


def test_the_accessibility_check_finds_a_real_problem(session: Session) -> None:
    # The harness must be able to fail: an unlabelled field and grey-on-grey text are caught.
    page = session.page
    page.goto(session.live.url)
    page.evaluate("""() => {
      const form = document.getElementById('ec-form');
      form.appendChild(document.createElement('input'));
      const faint = document.createElement('p');
      faint.textContent = 'hard to read';
      faint.style.color = '#bbb';
      form.appendChild(faint);
    }""")
    problems = _axe_problems(page)
    assert any(p.startswith("label (critical)") for p in problems), problems
    assert any(p.startswith("color-contrast (serious)") for p in problems), problems
