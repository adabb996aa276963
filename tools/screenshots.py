"""Render the learner-facing views to PNG files, to look at them.

    python tools/screenshots.py OUT_DIR

Writes into OUT_DIR (created if missing; nothing is committed):

* ``learner-1280.png`` and ``learner-390.png``: the learner HTML report of the
  sample portfolio at desktop and phone width;
* ``assessor-1280.png``: the assessor HTML report, with a waiver;
* ``not-checked-390.png``: the learner HTML of a folder where nothing could be read;
* ``cohort-1280.png``, ``cohort-390.png`` and ``cohort-print.png``: the cohort grid
  on screen, on a phone and printed (A4 landscape);
* ``docx-page-N.png``: the DOCX feedback form, through LibreOffice (DOCX -> PDF)
  and poppler (PDF -> PNG).

Needs Debian's ``chromium``, ``libreoffice-writer-nogui`` and ``poppler-utils``
(``apt-get install -y chromium libreoffice-writer-nogui poppler-utils``), and Pillow,
which the ``dev`` install brings (``pip install -e ".[dev]"``). This is a tool for
people, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
WAIVERS = """\
unit = "lead-team-improve-service"

[[waiver]]
learner = "sample"
criterion = "2.1"
reason = "Accepted on observation of a coaching session, 12 March"
by = "J. Okafor (assessor)"
date = 2025-03-12
"""


def evidencecheck(*args: str) -> None:
    """Run the command line as a user would (its exit status 1 just means findings)."""
    done = subprocess.run([sys.executable, "-m", "evidencecheck", *args], capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"evidencecheck {' '.join(args)} failed:\n{done.stderr}")


def chromium_png(page: Path, png: Path, width: int, profile: Path) -> None:
    """Screenshot ``page`` at ``width`` CSS pixels, then trim the blank space below it."""
    tall = png.with_suffix(".tall.png")
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},9000",
                    f"--screenshot={tall}", page.as_uri()], check=True, capture_output=True, timeout=120)
    trim(tall, png)
    tall.unlink()


def chromium_print(page: Path, png: Path, profile: Path) -> None:
    """Print ``page`` to PDF as Chromium would, and keep page 1 as PNG."""
    pdf = png.with_suffix(".pdf")
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True)
    pdf.unlink()


def trim(source: Path, target: Path) -> None:
    """Cut the white rows below the last non-white row (and keep a small margin)."""
    from PIL import Image, ImageChops

    with Image.open(source) as image:
        rgb = image.convert("RGB")
        background = Image.new("RGB", rgb.size, (255, 255, 255))
        box = ImageChops.difference(rgb, background).getbbox()
        bottom = min(rgb.height, (box[3] if box else rgb.height) + 24)
        rgb.crop((0, 0, rgb.width, bottom)).save(target)


def docx_pngs(docx: Path, out: Path, work: Path) -> list[Path]:
    """DOCX -> PDF with LibreOffice -> one PNG per page with poppler."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(work / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = work / (docx.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / "docx-page")], check=True)
    return sorted(out.glob("docx-page*.png"))


def build_cohort(work: Path) -> Path:
    """A small cohort of the bundled corpora, the sample, a broken folder and an empty one."""
    cohort = work / "cohort"
    for corpus in ("probe-corpus", "holdout-corpus"):
        for learner in sorted((ROOT / "benchmarks" / corpus / UNIT).iterdir()):
            shutil.copytree(learner, cohort / learner.name, ignore=shutil.ignore_patterns("labels.yaml"))
    shutil.copytree(SAMPLE, cohort / "sample")
    shutil.copytree(ROOT / "fixtures" / "broken-folder", cohort / "broken-files")
    (cohort / "no-evidence-yet").mkdir()
    (cohort / "evidencecheck.toml").write_text(WAIVERS, encoding="utf-8")
    return cohort


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    args = parser.parse_args(argv)
    for tool in ("chromium", "soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: apt-get install -y chromium libreoffice-writer-nogui "
                             "poppler-utils")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evidencecheck-shots-") as tmp:
        work = Path(tmp)
        profile = work / "chromium-profile"
        cohort = build_cohort(work)
        reports = work / "reports"
        reports.mkdir()
        learner_html, assessor_html = reports / "learner.html", reports / "assessor.html"
        evidencecheck("check", str(cohort / "sample"), "-o", str(learner_html))
        evidencecheck("check", str(cohort / "sample"), "--audience", "assessor", "-o", str(assessor_html))
        evidencecheck("check", str(cohort / "broken-files" / "empty.docx"), "-o", str(reports / "none.html"),
                      "--unit", UNIT)
        evidencecheck("check", str(cohort / "sample"), "-o", str(reports / "form.docx"))
        evidencecheck("batch", str(cohort), "--out", str(work / "grid"), "--quiet")
        shots = [
            (learner_html, "learner-1280.png", 1280), (learner_html, "learner-390.png", 390),
            (assessor_html, "assessor-1280.png", 1280), (reports / "none.html", "not-checked-390.png", 390),
            (work / "grid" / "cohort.html", "cohort-1280.png", 1280),
            (work / "grid" / "cohort.html", "cohort-390.png", 390),
        ]
        for page, name, width in shots:
            chromium_png(page, out / name, width, profile)
        chromium_print(work / "grid" / "cohort.html", out / "cohort-print.png", profile)
        pages = docx_pngs(reports / "form.docx", out, work)
    for png in sorted(out.glob("*.png")):
        print(png)
    return 0 if pages else 1


if __name__ == "__main__":
    raise SystemExit(main())
